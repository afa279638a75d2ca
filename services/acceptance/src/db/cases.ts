import { AcceptanceCaseSnapshot, StepPhase } from '@onewindow/contracts'
import { type StateRow, storedState } from '@onewindow/db'
import { lockStateIfFree, nextNumber } from '@onewindow/messaging'
import type { Case } from '../domain/case.js'
import { Prisma } from '../generated/client.js'

/** The acceptance service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type ProjectRow = {
  projectId: string
  projectType: string
  region: string
  owner: { name: string; creditCode: string }
  /** The catalogue pin it was registered under; absent for projects copied before it was kept. */
  catalogueVersion?: string
}

/** A part's key among the project's live cases: one open or passed case per part (the whole project is ''). */
export const liveKeyOf = (projectId: string, part: string | undefined) => `${projectId}/${part ?? ''}`

const caseState = storedState('acceptance case', AcceptanceCaseSnapshot)
const phaseState = storedState('approved phase', StepPhase)
const parseCase = (row: StateRow): Case => caseState.one(row)
const stateOf = (c: Case) => c as unknown as Prisma.InputJsonValue
/** A legal day (`YYYY-MM-DD`) as the `date` column takes it. */

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const acceptanceRepository = (tx: Tx) => ({
  /** The project as intake registered it; a repeat of the same registration changes nothing. */
  async insertProject(
    p: ProjectRow & { flow?: unknown; registeredAt: string; name: string; projectCode: string; location?: string },
  ): Promise<void> {
    await tx.project.createMany({
      data: {
        id: p.projectId,
        projectType: p.projectType,
        region: p.region,
        ownerName: p.owner.name,
        ownerCreditCode: p.owner.creditCode,
        flow: p.flow === undefined ? Prisma.DbNull : (p.flow as Prisma.InputJsonValue),
        catalogueVersion: p.catalogueVersion ?? null,
        registeredAt: p.registeredAt,
        name: p.name,
        projectCode: p.projectCode,
        location: p.location ?? null,
      },
      skipDuplicates: true,
    })
  },

  /** The project row, locked: opening a case for it takes this lock first, so two openings queue. */
  async lockProject(projectId: string): Promise<ProjectRow | undefined> {
    const [row] = await tx.$queryRaw<
      Array<{
        id: string
        project_type: string
        region: string
        owner_name: string
        owner_credit_code: string
        catalogue_version: string | null
      }>
    >`SELECT id::text, project_type, region, owner_name, owner_credit_code, catalogue_version FROM project
       WHERE id = ${projectId}::uuid FOR UPDATE`
    return row
      ? {
          projectId: row.id,
          projectType: row.project_type,
          region: row.region,
          owner: { name: row.owner_name, creditCode: row.owner_credit_code },
          ...(row.catalogue_version ? { catalogueVersion: row.catalogue_version } : {}),
        }
      : undefined
  },

  async insertApprovedItems(projectId: string, applicationId: string, items: readonly string[], at: string) {
    if (items.length === 0) return
    await tx.$executeRaw`
      INSERT INTO approved_item (project_id, item, application_id, decided_at)
      SELECT ${projectId}::uuid, item, ${applicationId}::uuid, ${at}::timestamptz
        FROM unnest(${[...new Set(items)]}::text[]) AS item
      ON CONFLICT (project_id, item) DO NOTHING`
  },

  /** 分阶段办理: a phase before the last approved; a later phase replaces an earlier one, never the reverse. */
  async recordApprovedPhase(
    projectId: string,
    applicationId: string,
    items: readonly string[],
    phase: StepPhase,
    at: string,
  ) {
    if (items.length === 0) return
    await tx.$executeRaw`
      INSERT INTO approved_phase (project_id, item, phase, number, application_id, decided_at)
      SELECT ${projectId}::uuid, item, ${JSON.stringify(phase)}::jsonb, ${phase.number}, ${applicationId}::uuid,
             ${at}::timestamptz
        FROM unnest(${[...new Set(items)]}::text[]) AS item
      ON CONFLICT (project_id, item) DO UPDATE
        SET phase = EXCLUDED.phase, number = EXCLUDED.number, application_id = EXCLUDED.application_id,
            decided_at = EXCLUDED.decided_at
        WHERE approved_phase.number < EXCLUDED.number`
  },

  /** 按照单位工程办理: items approved for one unit work; the first decision for the building is kept. */
  async insertApprovedPart(
    projectId: string,
    applicationId: string,
    items: readonly string[],
    part: string,
    at: string,
  ) {
    if (items.length === 0) return
    await tx.$executeRaw`
      INSERT INTO approved_part (project_id, item, part, application_id, decided_at)
      SELECT ${projectId}::uuid, item, ${part}, ${applicationId}::uuid, ${at}::timestamptz
        FROM unnest(${[...new Set(items)]}::text[]) AS item
      ON CONFLICT (project_id, item, part) DO NOTHING`
  },

  /**
   * The items of an approved step decision as acceptance records them: a phase before the last (分阶段办理) approves no
   * item and is recorded as how far the step has come; a unit work's own decision (按照单位工程) approves them for that
   * building only; the whole step or its last phase approves them. One way for the event (`onStepDecided`) and for
   * the gateway's copy of a decision acceptance never heard (`openAcceptance`).
   */
  async recordApproval(
    projectId: string,
    applicationId: string,
    items: readonly string[],
    decided: { phase?: StepPhase | undefined; part?: string | undefined },
    at: string,
  ) {
    const repo = acceptanceRepository(tx)
    const { phase, part } = decided
    if (part !== undefined) await repo.insertApprovedPart(projectId, applicationId, items, part, at)
    else if (phase && phase.number < phase.count) {
      await repo.recordApprovedPhase(projectId, applicationId, items, phase, at)
    } else await repo.insertApprovedItems(projectId, applicationId, items, at)
  },

  /** 按照单位工程办理: the unit works `item` was approved for on their own, in order. */
  async approvedParts(projectId: string, item: string): Promise<string[]> {
    const rows = await tx.approvedPart.findMany({
      where: { projectId, item },
      orderBy: { part: 'asc' },
      select: { part: true },
    })
    return rows.map((r) => r.part)
  },

  /** The latest phase approved of `item`, when its step is applied for in phases and not all of them are approved. */
  async approvedPhase(projectId: string, item: string): Promise<StepPhase | undefined> {
    const row = await tx.approvedPhase.findUnique({ where: { projectId_item: { projectId, item } } })
    return row ? phaseState.parsed(`${projectId}/${item}`, row.phase) : undefined
  },

  async approvedItems(projectId: string): Promise<string[]> {
    const rows = await tx.approvedItem.findMany({
      where: { projectId },
      orderBy: { item: 'asc' },
      select: { item: true },
    })
    return rows.map((r) => r.item)
  },

  async findLiveCase(projectId: string, part: string | undefined): Promise<Case | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM acceptance_case WHERE live_key = ${liveKeyOf(projectId, part)}`
    return row ? parseCase(row) : undefined
  },

  async findCase(caseId: string, lock = false): Promise<Case | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM acceptance_case WHERE id = ${caseId}::uuid
      ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parseCase(row) : undefined
  },

  async insertCase(c: Case): Promise<void> {
    await tx.acceptanceCase.create({
      data: {
        id: c.caseId,
        projectId: c.projectId,
        part: c.part ?? null,
        liveKey: c.status === 'failed' ? null : liveKeyOf(c.projectId, c.part),
        status: c.status,
        version: c.version,
        state: stateOf(c),
        openedAt: c.openedAt,
        updatedAt: c.updatedAt,
      },
    })
  },

  /** A failed case, or one whose pass was revoked, frees its part for a new application; an open or passed one keeps it. */
  async saveCase(c: Case): Promise<void> {
    await tx.acceptanceCase.updateMany({
      where: { id: c.caseId },
      data: {
        status: c.status,
        version: c.version,
        state: stateOf(c),
        updatedAt: c.updatedAt,
        ...(c.status === 'failed' || c.passRevoked !== undefined ? { liveKey: null } : {}),
      },
    })
  },

  /**
   * A breached commitment's bar: the owner may not choose 告知承诺 until the day given (inclusive). One per case and
   * item; a task of the approval stage may bar again (its 告知承诺 and each 容缺 material not made good, 004:1860), and
   * the bar then runs to the latest day any of them set.
   */
  async insertBar(bar: { creditCode: string; caseId: string; item: string; barredOn: string; until: string }) {
    await tx.$executeRaw`
      INSERT INTO commitment_bar (credit_code, case_id, item, barred_on, until)
      VALUES (${bar.creditCode}, ${bar.caseId}::uuid, ${bar.item}, ${bar.barredOn}::date, ${bar.until}::date)
      ON CONFLICT (case_id, item) DO UPDATE SET until = GREATEST(commitment_bar.until, EXCLUDED.until)`
  },

  /**
   * 失信: one change of the owner's listing as intake published it, kept only when its version is higher than the one
   * held — a delisting after a listing wins whatever order the two arrive in, and a redelivered listing changes nothing.
   */
  async keepDishonestListing(change: { creditCode: string; listed: boolean; version: number; at: string }) {
    await tx.$executeRaw`
      INSERT INTO dishonest_owner (credit_code, listed, version, changed_at)
      VALUES (${change.creditCode}, ${change.listed}, ${change.version}, ${change.at}::timestamptz)
      ON CONFLICT (credit_code) DO UPDATE
        SET listed = EXCLUDED.listed, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
        WHERE dishonest_owner.version < EXCLUDED.version`
  },

  /** 失信: whether the owner is on the dishonesty list as this service last heard it. */
  async ownerDishonest(creditCode: string): Promise<boolean> {
    const row = await tx.dishonestOwner.findUnique({ where: { creditCode }, select: { listed: true } })
    return row?.listed === true
  },

  /**
   * The bar on this owner that runs longest from `today`, if any runs. A bar until 'infinity' (a hand edit meaning
   * "for good"; `barredUntil` is always a day) runs longest of all, and its end is answered as the column reads.
   */
  async activeBar(
    creditCode: string,
    today: string,
  ): Promise<{ caseId: string; item: string; until: string } | undefined> {
    const [row] = await tx.$queryRaw<Array<{ caseId: string; item: string; until: string }>>`
      SELECT case_id::text AS "caseId", item,
             CASE WHEN isfinite(until) THEN to_char(until, 'YYYY-MM-DD') ELSE until::text END AS until
        FROM commitment_bar WHERE credit_code = ${creditCode} AND until >= ${today}::date
       ORDER BY until DESC, case_id LIMIT 1`
    return row
  },

  /** Cases with a commitment whose verify-by day is before `today` and not yet verified or reported, after `after`. */
  async casesWithOverdueCommitments(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT c.id::text FROM acceptance_case c
       WHERE c.status <> 'failed' ${after === undefined ? Prisma.empty : Prisma.sql`AND c.id > ${after}::uuid`}
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.state->'items') i
                      WHERE i->>'status' = 'committed' AND NOT i ? 'verification'
                        AND NOT i ? 'verificationOverdueOn' AND i->>'verifyBy' < ${today})
       ORDER BY c.id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * 逾期未整改's candidates: cases whose 整改 runs (not failed, the pass not revoked: the domain's `rectificationRuns`)
   * with an item whose breach ordered 整改 by a day behind `today`, neither
   * confirmed, reported overdue nor escalated, a page after `after`. `reportOverdueRectifications` decides again under
   * the row's lock (a timely report awaiting review holds it off).
   */
  async casesWithOverdueRectifications(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT c.id::text FROM acceptance_case c
       WHERE c.status <> 'failed' AND NOT c.state ? 'passRevoked'
             ${after === undefined ? Prisma.empty : Prisma.sql`AND c.id > ${after}::uuid`}
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.state->'items') i
                      WHERE i->>'status' = 'committed' AND i->'verification'->'measures' ? 'rectify'
                        AND i->'verification'->>'rectifyBy' < ${today}
                        AND NOT COALESCE(i->'rectification' ?| array['doneOn', 'overdueOn', 'escalation'], false))
       ORDER BY c.id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * Cases (not failed) with a committed item unverified, not reported overdue and not behind `today`, locked, in id
   * order: the verify-by days a published calendar re-projects.
   */
  async lockCasesWithOpenCommitments(today: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT c.id::text FROM acceptance_case c
       WHERE c.status <> 'failed'
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.state->'items') i
                      WHERE i->>'status' = 'committed' AND NOT i ? 'verification'
                        AND NOT i ? 'verificationOverdueOn' AND i->>'verifyBy' >= ${today})
       ORDER BY c.id FOR UPDATE`
    return rows.map((r) => r.id)
  },

  /** Undecided cases with a clock, after `after`: whose clocks may call for an alert. */
  async undecidedCasesWithClock(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text FROM acceptance_case
       WHERE status IN ('open', 'scheduled', 'rectifying') AND state ? 'clock'
             ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** The next number of `scope` (`opinion/440600/2026`), under the scope's row lock (messaging's `nextNumber`). */
  nextNumber: (scope: string): Promise<number> => nextNumber(tx, scope),

  /** The case locked for this transaction, or nothing when another replica holds it. */
  lockCaseIfFree: (caseId: string) => lockStateIfFree(tx, Prisma.sql`acceptance_case`, caseId, caseState),
})
