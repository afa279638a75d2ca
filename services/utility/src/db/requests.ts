import { JointSurvey as JointSurveySchema, UtilityRequestSnapshot } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import { lockStateIfFree } from '@onewindow/messaging'
import type { Calendar } from '@onewindow/workdays'
import { type JointSurvey, permitsDueToday, type UtilityRequest } from '../domain/request.js'
import { Prisma } from '../generated/client.js'

/** The utility service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type ProjectRow = {
  projectId: string
  projectCode: string
  projectType: string
  region: string
  /** The catalogue pin it was registered under; absent for projects copied before it was kept. */
  catalogueVersion?: string
  /** 建设单位; absent for projects copied before it was kept. */
  owner?: { name: string; creditCode: string }
}

const requestState = storedState('utility request', UtilityRequestSnapshot)
const jointSurveyState = storedState('joint survey', JointSurveySchema)

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const requestRepository = (tx: Tx) => ({
  /** The project as intake registered it; a re-sent registration changes nothing. */
  async saveProject(p: ProjectRow & { registeredAt: string }): Promise<void> {
    await tx.project.createMany({
      data: {
        id: p.projectId,
        projectCode: p.projectCode,
        projectType: p.projectType,
        region: p.region,
        catalogueVersion: p.catalogueVersion ?? null,
        ownerName: p.owner?.name ?? null,
        ownerCreditCode: p.owner?.creditCode ?? null,
        registeredAt: p.registeredAt,
      },
      skipDuplicates: true,
    })
  },

  async findProject(projectId: string): Promise<ProjectRow | undefined> {
    const row = await tx.project.findUnique({
      where: { id: projectId },
      select: {
        id: true,
        projectCode: true,
        projectType: true,
        region: true,
        catalogueVersion: true,
        ownerName: true,
        ownerCreditCode: true,
      },
    })
    return row
      ? {
          projectId: row.id,
          projectCode: row.projectCode,
          projectType: row.projectType,
          region: row.region,
          ...(row.catalogueVersion ? { catalogueVersion: row.catalogueVersion } : {}),
          ...(row.ownerName && row.ownerCreditCode
            ? { owner: { name: row.ownerName, creditCode: row.ownerCreditCode } }
            : {}),
        }
      : undefined
  },

  /**
   * Serialises a provider's last step with the project's acceptance pass, so a request finishing construction while
   * the pass arrives is connected by one or the other, never left waiting.
   */
  async lockProject(projectId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`utility-project:${projectId}`}))`
  },

  /** 联合踏勘 — the project's joint survey as last proposed, if any. */
  async findJointSurvey(projectId: string): Promise<JointSurvey | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT project_id::text AS id, state::text AS state FROM joint_survey WHERE project_id = ${projectId}::uuid`
    return row ? jointSurveyState.one(row) : undefined
  },

  /** The project's one joint survey: a new proposal replaces the last; a confirmation rewrites it, at `at`. */
  async saveJointSurvey(projectId: string, jointSurvey: JointSurvey, at: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO joint_survey (project_id, state, updated_at)
      VALUES (${projectId}::uuid, ${JSON.stringify(jointSurvey)}::jsonb, ${at}::timestamptz)
      ON CONFLICT (project_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`
  },

  /** A cancelled joint survey is no longer the project's: the next proposal, by any provider at survey, sets one. */
  async deleteJointSurvey(projectId: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM joint_survey WHERE project_id = ${projectId}::uuid`
  },

  /** Records the pass once; false when it was already known. */
  async markAcceptancePassed(projectId: string, caseId: string, at: string): Promise<boolean> {
    const { count } = await tx.acceptancePassed.createMany({
      data: { projectId, caseId, passedAt: at },
      skipDuplicates: true,
    })
    return count === 1
  },

  async acceptancePassed(projectId: string): Promise<boolean> {
    return (await tx.acceptancePassed.count({ where: { projectId } })) > 0
  },

  /**
   * N requests in one statement; a (application, provider) already known is skipped. Returns those inserted, so a
   * re-sent acceptance emits nothing twice.
   */
  async insertRequests(requests: readonly UtilityRequest[]): Promise<UtilityRequest[]> {
    if (requests.length === 0) return []
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO utility_request (id, application_id, project_id, provider, stage, version, state, opened_at,
                                   updated_at)
      SELECT * FROM unnest(${requests.map((r) => r.requestId)}::uuid[], ${requests.map((r) => r.applicationId)}::uuid[],
                           ${requests.map((r) => r.projectId)}::uuid[], ${requests.map((r) => r.provider)}::text[],
                           ${requests.map((r) => r.stage)}::text[], ${requests.map((r) => r.version)}::int[],
                           ${requests.map((r) => JSON.stringify(r))}::jsonb[],
                           ${requests.map((r) => r.openedAt)}::timestamptz[],
                           ${requests.map((r) => r.updatedAt)}::timestamptz[])
      ON CONFLICT (application_id, provider) DO NOTHING
      RETURNING id::text`
    const inserted = new Set(rows.map((r) => r.id))
    return requests.filter((r) => inserted.has(r.requestId))
  },

  async find(requestId: string, lock = false): Promise<UtilityRequest | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM utility_request WHERE id = ${requestId}::uuid
      ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? requestState.one(row) : undefined
  },

  /** Requests waiting on their outside-line permits, after `after` in id order: whose permits clocks may alert. */
  async awaitingPermits(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.utilityRequest.findMany({
      where: { stage: 'outside-line-permits', ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true },
    })
    return rows.map((r) => r.id)
  },

  /** The request locked for this transaction, or nothing when another holds it (a replica's pass, its provider). */
  lockIfFree: (requestId: string) => lockStateIfFree(tx, Prisma.sql`utility_request`, requestId, requestState),

  /** The project's requests at one stage, locked in id order; a damaged one fails the command (nothing connects). */
  async lockAtStage(projectId: string, stage: UtilityRequest['stage']): Promise<UtilityRequest[]> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM utility_request
       WHERE project_id = ${projectId}::uuid AND stage = ${stage}
       ORDER BY id FOR UPDATE`
    return rows.map((row) => requestState.one(row))
  },

  /** A provider's or a project's requests, oldest first, at most 500; a damaged row is left out and named. */
  async list(filter: {
    provider?: string | undefined
    projectId?: string | undefined
  }): Promise<StoredRows<UtilityRequest>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM utility_request
       WHERE true
         ${filter.provider === undefined ? Prisma.empty : Prisma.sql`AND provider = ${filter.provider}`}
         ${filter.projectId === undefined ? Prisma.empty : Prisma.sql`AND project_id = ${filter.projectId}::uuid`}
       ORDER BY opened_at, id LIMIT 500`
    return requestState.each(rows)
  },

  /**
   * Every save of a request, whatever changed it (an action, a department's decision, an alert, a published calendar,
   * a joint survey, a connection): the requests as stored, each with its permits clock's due day as `clock`'s calendar
   * makes it on its day (`permitsDueToday`) — what the caller publishes — so no path can leave a day another change or
   * calendar moved.
   */
  async save(
    requests: readonly UtilityRequest[],
    clock: { today: string; calendar: Calendar },
  ): Promise<UtilityRequest[]> {
    const saved = requests.map((r) => permitsDueToday(r, clock))
    if (saved.length === 0) return saved
    await tx.$executeRaw`
      UPDATE utility_request SET stage = u.stage, version = u.version, state = u.state, updated_at = u.updated_at
        FROM unnest(${saved.map((r) => r.requestId)}::uuid[], ${saved.map((r) => r.stage)}::text[],
                    ${saved.map((r) => r.version)}::int[], ${saved.map((r) => JSON.stringify(r))}::jsonb[],
                    ${saved.map((r) => r.updatedAt)}::timestamptz[])
             AS u(id, stage, version, state, updated_at)
       WHERE utility_request.id = u.id`
    return saved
  },
})
