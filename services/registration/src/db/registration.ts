import { lockStateIfFree, type SqlTx } from '@onewindow/messaging'
import type { Case } from '../domain/case.js'
import type { SignedCertificateValue } from '../domain/certificate.js'
import { Prisma } from '../generated/client.js'

export type FlowStep = { step: string; items: string[] }

export type ProjectRow = {
  projectId: string
  projectType: string
  region: string
  owner: { name: string; creditCode: string }
  flow?: FlowStep[]
  siteAreaM2?: number
  floorAreaM2?: number
  location?: string
}

type ProjectDbRow = {
  id: string
  project_type: string
  region: string
  owner_name: string
  owner_credit_code: string
  flow: FlowStep[] | null
  site_area_m2: number | null
  floor_area_m2: number | null
  location: string | null
}

const parseCase = (r: { state: string }): Case => JSON.parse(r.state) as Case

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const registrationRepository = (tx: SqlTx) => ({
  /**
   * The project as intake registered it; a repeat of the same registration changes nothing. Of the flow only each
   * step's code and items are kept.
   */
  async insertProject(p: ProjectRow & { registeredAt: string }): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO project (id, project_type, region, owner_name, owner_credit_code, flow, site_area_m2, floor_area_m2,
                            location, registered_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::timestamptz) ON CONFLICT (id) DO NOTHING`,
      p.projectId,
      p.projectType,
      p.region,
      p.owner.name,
      p.owner.creditCode,
      p.flow === undefined ? null : JSON.stringify(p.flow.map((f) => ({ step: f.step, items: f.items }))),
      p.siteAreaM2 ?? null,
      p.floorAreaM2 ?? null,
      p.location ?? null,
      p.registeredAt,
    )
  },

  async findProject(projectId: string): Promise<ProjectRow | undefined> {
    const [r] = await tx.$queryRawUnsafe<ProjectDbRow[]>(
      `SELECT id::text, project_type, region, owner_name, owner_credit_code, flow, site_area_m2, floor_area_m2, location
         FROM project WHERE id = $1::uuid`,
      projectId,
    )
    if (!r) return undefined
    return {
      projectId: r.id,
      projectType: r.project_type,
      region: r.region,
      owner: { name: r.owner_name, creditCode: r.owner_credit_code },
      ...(r.flow === null ? {} : { flow: r.flow }),
      ...(r.site_area_m2 === null ? {} : { siteAreaM2: r.site_area_m2 }),
      ...(r.floor_area_m2 === null ? {} : { floorAreaM2: r.floor_area_m2 }),
      ...(r.location === null ? {} : { location: r.location }),
    }
  },

  async findCase(caseId: string, lock = false): Promise<Case | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM registration_case WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
      caseId,
    )
    return row ? parseCase(row) : undefined
  },

  /** Open cases with a clock, after `after` in id order: the ones whose clocks may call for an alert. */
  async openCasesWithClock(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text FROM registration_case
        WHERE status = 'open' AND state ? 'clock' AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      after ?? null,
      limit,
    )
    return rows.map((r) => r.id)
  },

  /** The case locked for this transaction, or nothing when another holds it (a replica's pass, a registrar). */
  lockCaseIfFree: (caseId: string) => lockStateIfFree<Case>(tx, Prisma.sql`registration_case`, caseId),

  /** The case of a joint acceptance case, locked: both acceptance consumers take this lock before deciding. */
  async findCaseByAcceptance(acceptanceCaseId: string): Promise<Case | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      'SELECT state::text AS state FROM registration_case WHERE acceptance_case_id = $1::uuid FOR UPDATE',
      acceptanceCaseId,
    )
    return row ? parseCase(row) : undefined
  },

  /**
   * Inserts the case unless its acceptance case already has one (a racing consumer inserted it first): answers
   * whether this insert won.
   */
  async insertCase(c: Case): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO registration_case (id, project_id, acceptance_case_id, status, version, state, opened_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz)
       ON CONFLICT (acceptance_case_id) DO NOTHING`,
      c.caseId,
      c.projectId,
      c.acceptanceCaseId,
      c.status,
      c.version,
      JSON.stringify(c),
      c.openedAt,
      c.updatedAt,
    )
    return inserted === 1
  },

  async saveCase(c: Case): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE registration_case SET status = $2, version = $3, state = $4::jsonb, updated_at = $5::timestamptz
        WHERE id = $1::uuid`,
      c.caseId,
      c.status,
      c.version,
      JSON.stringify(c),
      c.updatedAt,
    )
  },

  /** The next number of a scope, taken under the scope's row lock so two issuers never share one. */
  async nextNumber(scope: string): Promise<number> {
    const [row] = await tx.$queryRawUnsafe<Array<{ last: number }>>(
      `INSERT INTO number_sequence (scope, last) VALUES ($1, 1)
       ON CONFLICT (scope) DO UPDATE SET last = number_sequence.last + 1 RETURNING last`,
      scope,
    )
    if (!row) throw new Error(`no number for ${scope}`)
    return row.last
  },

  async hasCertificate(sourceKey: string): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM certificate WHERE source_key = $1', sourceKey)
    return rows.length > 0
  },

  async insertCertificate(c: SignedCertificateValue, sourceKey: string, issuedAt: string): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO certificate (id, kind, number, project_id, source_key, key_id, signed, issued_at)
       VALUES ($1::uuid, $2, $3, $4::uuid, $5, $6, $7::jsonb, $8::timestamptz)`,
      c.body.certificateId,
      c.body.kind,
      c.body.number,
      c.body.projectId,
      sourceKey,
      c.keyId,
      JSON.stringify(c),
      issuedAt,
    )
  },

  async findCertificate(certificateId: string): Promise<SignedCertificateValue | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ signed: string }>>(
      'SELECT signed::text AS signed FROM certificate WHERE id = $1::uuid',
      certificateId,
    )
    return row ? (JSON.parse(row.signed) as SignedCertificateValue) : undefined
  },
})
