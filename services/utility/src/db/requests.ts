import { lockStateIfFree, type SqlTx } from '@onewindow/messaging'
import type { UtilityRequest } from '../domain/request.js'
import { Prisma } from '../generated/client.js'

export type ProjectRow = { projectId: string; projectCode: string; projectType: string; region: string }

const parse = (r: { state: string }): UtilityRequest => JSON.parse(r.state) as UtilityRequest

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const requestRepository = (tx: SqlTx) => ({
  /** The project as intake registered it; a re-sent registration changes nothing. */
  async saveProject(p: ProjectRow & { registeredAt: string }): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO project (id, project_code, project_type, region, registered_at)
       VALUES ($1::uuid, $2, $3, $4, $5::timestamptz) ON CONFLICT (id) DO NOTHING`,
      p.projectId,
      p.projectCode,
      p.projectType,
      p.region,
      p.registeredAt,
    )
  },

  async findProject(projectId: string): Promise<ProjectRow | undefined> {
    const [row] = await tx.$queryRawUnsafe<ProjectRow[]>(
      `SELECT id::text AS "projectId", project_code AS "projectCode", project_type AS "projectType", region
         FROM project WHERE id = $1::uuid`,
      projectId,
    )
    return row
  },

  /**
   * Serialises a provider's last step with the project's acceptance pass, so a request finishing construction while
   * the pass arrives is connected by one or the other, never left waiting.
   */
  async lockProject(projectId: string): Promise<void> {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `utility-project:${projectId}`)
  },

  /** Records the pass once; false when it was already known. */
  async markAcceptancePassed(projectId: string, caseId: string, at: string): Promise<boolean> {
    const n = await tx.$executeRawUnsafe(
      `INSERT INTO acceptance_passed (project_id, case_id, passed_at) VALUES ($1::uuid, $2::uuid, $3::timestamptz)
       ON CONFLICT (project_id) DO NOTHING`,
      projectId,
      caseId,
      at,
    )
    return n === 1
  },

  async acceptancePassed(projectId: string): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<unknown[]>(
      'SELECT 1 FROM acceptance_passed WHERE project_id = $1::uuid',
      projectId,
    )
    return rows.length > 0
  },

  /**
   * N requests in one statement; a (application, provider) already known is skipped. Returns those inserted, so a
   * re-sent acceptance emits nothing twice.
   */
  async insertRequests(requests: readonly UtilityRequest[]): Promise<UtilityRequest[]> {
    if (requests.length === 0) return []
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `INSERT INTO utility_request (id, application_id, project_id, provider, stage, version, state, opened_at, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::jsonb[],
                            $8::timestamptz[], $9::timestamptz[])
       ON CONFLICT (application_id, provider) DO NOTHING
       RETURNING id::text`,
      requests.map((r) => r.requestId),
      requests.map((r) => r.applicationId),
      requests.map((r) => r.projectId),
      requests.map((r) => r.provider),
      requests.map((r) => r.stage),
      requests.map((r) => r.version),
      requests.map((r) => JSON.stringify(r)),
      requests.map((r) => r.openedAt),
      requests.map((r) => r.updatedAt),
    )
    const inserted = new Set(rows.map((r) => r.id))
    return requests.filter((r) => inserted.has(r.requestId))
  },

  async find(requestId: string, lock = false): Promise<UtilityRequest | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM utility_request WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
      requestId,
    )
    return row ? parse(row) : undefined
  },

  /** Requests waiting on their outside-line permits, after `after` in id order: whose permits clocks may alert. */
  async awaitingPermits(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text FROM utility_request
        WHERE stage = 'outside-line-permits' AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      after ?? null,
      limit,
    )
    return rows.map((r) => r.id)
  },

  /** The request locked for this transaction, or nothing when another holds it (a replica's pass, its provider). */
  lockIfFree: (requestId: string) => lockStateIfFree<UtilityRequest>(tx, Prisma.sql`utility_request`, requestId),

  /** The project's requests at one stage, locked in id order. */
  async lockAtStage(projectId: string, stage: UtilityRequest['stage']): Promise<UtilityRequest[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM utility_request WHERE project_id = $1::uuid AND stage = $2
        ORDER BY id FOR UPDATE`,
      projectId,
      stage,
    )
    return rows.map(parse)
  },

  async list(filter: { provider?: string | undefined; projectId?: string | undefined }): Promise<UtilityRequest[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM utility_request
        WHERE ($1::text IS NULL OR provider = $1) AND ($2::uuid IS NULL OR project_id = $2::uuid)
        ORDER BY opened_at, id LIMIT 500`,
      filter.provider ?? null,
      filter.projectId ?? null,
    )
    return rows.map(parse)
  },

  async save(requests: readonly UtilityRequest[]): Promise<void> {
    if (requests.length === 0) return
    await tx.$executeRawUnsafe(
      `UPDATE utility_request SET stage = u.stage, version = u.version, state = u.state, updated_at = u.updated_at
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[], $5::timestamptz[])
              AS u(id, stage, version, state, updated_at)
        WHERE utility_request.id = u.id`,
      requests.map((r) => r.requestId),
      requests.map((r) => r.stage),
      requests.map((r) => r.version),
      requests.map((r) => JSON.stringify(r)),
      requests.map((r) => r.updatedAt),
    )
  },
})
