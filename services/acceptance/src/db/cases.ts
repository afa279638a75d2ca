import { lockStateIfFree, type SqlTx } from '@onewindow/messaging'
import type { Case } from '../domain/case.js'
import { Prisma } from '../generated/client.js'

export type ProjectRow = {
  projectId: string
  projectType: string
  region: string
  owner: { name: string; creditCode: string }
}

/** A part's key among the project's live cases: one open or passed case per part (the whole project is ''). */
export const liveKeyOf = (projectId: string, part: string | undefined) => `${projectId}/${part ?? ''}`

const parseCase = (r: { state: string }): Case => JSON.parse(r.state) as Case

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const acceptanceRepository = (tx: SqlTx) => ({
  /** The project as intake registered it; a repeat of the same registration changes nothing. */
  async insertProject(p: ProjectRow & { flow?: unknown; registeredAt: string }): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO project (id, project_type, region, owner_name, owner_credit_code, flow, registered_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::timestamptz) ON CONFLICT (id) DO NOTHING`,
      p.projectId,
      p.projectType,
      p.region,
      p.owner.name,
      p.owner.creditCode,
      p.flow === undefined ? null : JSON.stringify(p.flow),
      p.registeredAt,
    )
  },

  /** The project row, locked: opening a case for it takes this lock first, so two openings queue. */
  async lockProject(projectId: string): Promise<ProjectRow | undefined> {
    const [row] = await tx.$queryRawUnsafe<
      Array<{ id: string; project_type: string; region: string; owner_name: string; owner_credit_code: string }>
    >(
      `SELECT id::text, project_type, region, owner_name, owner_credit_code FROM project WHERE id = $1::uuid FOR UPDATE`,
      projectId,
    )
    return row
      ? {
          projectId: row.id,
          projectType: row.project_type,
          region: row.region,
          owner: { name: row.owner_name, creditCode: row.owner_credit_code },
        }
      : undefined
  },

  async insertApprovedItems(projectId: string, applicationId: string, items: readonly string[], at: string) {
    if (items.length === 0) return
    await tx.$executeRawUnsafe(
      `INSERT INTO approved_item (project_id, item, application_id, decided_at)
       SELECT $1::uuid, item, $2::uuid, $3::timestamptz FROM unnest($4::text[]) AS item
       ON CONFLICT (project_id, item) DO NOTHING`,
      projectId,
      applicationId,
      at,
      [...new Set(items)],
    )
  },

  async approvedItems(projectId: string): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ item: string }>>(
      'SELECT item FROM approved_item WHERE project_id = $1::uuid ORDER BY item',
      projectId,
    )
    return rows.map((r) => r.item)
  },

  async findLiveCase(projectId: string, part: string | undefined): Promise<Case | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      'SELECT state::text AS state FROM acceptance_case WHERE live_key = $1',
      liveKeyOf(projectId, part),
    )
    return row ? parseCase(row) : undefined
  },

  async findCase(caseId: string, lock = false): Promise<Case | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM acceptance_case WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
      caseId,
    )
    return row ? parseCase(row) : undefined
  },

  async insertCase(c: Case): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO acceptance_case (id, project_id, part, live_key, status, version, state, opened_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::jsonb, $8::timestamptz, $9::timestamptz)`,
      c.caseId,
      c.projectId,
      c.part ?? null,
      c.status === 'failed' ? null : liveKeyOf(c.projectId, c.part),
      c.status,
      c.version,
      JSON.stringify(c),
      c.openedAt,
      c.updatedAt,
    )
  },

  /** A failed case frees its part for a new application; an open or passed one keeps it. */
  async saveCase(c: Case): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE acceptance_case SET status = $2, version = $3, state = $4::jsonb, updated_at = $5::timestamptz,
              live_key = CASE WHEN $2 = 'failed' THEN NULL ELSE live_key END
        WHERE id = $1::uuid`,
      c.caseId,
      c.status,
      c.version,
      JSON.stringify(c),
      c.updatedAt,
    )
  },

  /** A breached commitment's bar: the owner may not choose 告知承诺 until the day given (inclusive). */
  async insertBar(bar: { creditCode: string; caseId: string; item: string; barredOn: string; until: string }) {
    await tx.$executeRawUnsafe(
      `INSERT INTO commitment_bar (credit_code, case_id, item, barred_on, until)
       VALUES ($1, $2::uuid, $3, $4::date, $5::date) ON CONFLICT (case_id, item) DO NOTHING`,
      bar.creditCode,
      bar.caseId,
      bar.item,
      bar.barredOn,
      bar.until,
    )
  },

  /** The bar on this owner that runs longest from `today`, if any runs. */
  async activeBar(
    creditCode: string,
    today: string,
  ): Promise<{ caseId: string; item: string; until: string } | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ case_id: string; item: string; until: string }>>(
      `SELECT case_id::text, item, to_char(until, 'YYYY-MM-DD') AS until FROM commitment_bar
        WHERE credit_code = $1 AND until >= $2::date ORDER BY until DESC, case_id LIMIT 1`,
      creditCode,
      today,
    )
    return row ? { caseId: row.case_id, item: row.item, until: row.until } : undefined
  },

  /** Cases with a commitment whose verify-by day is before `today` and not yet verified or reported, after `after`. */
  async casesWithOverdueCommitments(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT c.id::text FROM acceptance_case c
        WHERE c.status <> 'failed' AND ($2::uuid IS NULL OR c.id > $2::uuid)
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.state->'items') i
                       WHERE i->>'status' = 'committed' AND NOT i ? 'verification'
                         AND NOT i ? 'verificationOverdueOn' AND i->>'verifyBy' < $1)
        ORDER BY c.id LIMIT $3`,
      today,
      after ?? null,
      limit,
    )
    return rows.map((r) => r.id)
  },

  /** Undecided cases with a clock, after `after`: whose clocks may call for an alert. */
  async undecidedCasesWithClock(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text FROM acceptance_case
        WHERE status IN ('open', 'scheduled', 'rectifying') AND state ? 'clock'
          AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      after ?? null,
      limit,
    )
    return rows.map((r) => r.id)
  },

  /** The case locked for this transaction, or nothing when another replica holds it. */
  lockCaseIfFree: (caseId: string) => lockStateIfFree<Case>(tx, Prisma.sql`acceptance_case`, caseId),
})
