import {
  type ApplicationReceipt,
  AssistedCaseSnapshot,
  Instant,
  IntermediaryEngagementSnapshot,
  LegalDate,
} from '@onewindow/contracts'
import {
  dayText,
  instantKey,
  instantOfKey,
  instantText,
  isInstant,
  readEach,
  type StateRow,
  type StoredRows,
  storedState,
  UnreadableStoredRow,
} from '@onewindow/db'
import { Type } from 'typebox'
import type { AssistedCase, OutstandingGrant, StoredGrant } from '../domain/assisted-case.js'
import { nextVisitDue } from '../domain/assisted-case.js'
import type { Engagement } from '../domain/intermediary.js'
import { Prisma } from '../generated/client.js'
import { storedReceipt } from './applications.js'
import type { Tx } from './client.js'
import { storedFlow } from './projects.js'

const caseState = storedState('assisted case', AssistedCaseSnapshot)
/**
 * A page of cases: those that read, the stored rows that did not (left out, named for the log), and where the next
 * page starts — after this page's last row, read or not, so a damaged row never stops the paging.
 */
export type CasePage = StoredRows<AssistedCase> & { next?: { updatedAt: string; caseId: string } }
const engagementState = storedState('intermediary engagement', IntermediaryEngagementSnapshot)
/** A 补正 answer grant as retention reads it: a stored 'infinity' is no instant, that grant's `UnreadableStoredRow`. */
const grantState = storedState('assisted answer grant', Type.Object({ grantId: Type.String(), validUntil: Instant }))
const storedGrant = (r: { grantId: string; validUntil: Date | number }): StoredGrant =>
  grantState.parsed(r.grantId, { grantId: r.grantId, validUntil: instantText(r.validUntil) })
const lockClause = (lock: 'none' | 'wait' | 'skip-locked') =>
  lock === 'wait' ? Prisma.sql`FOR UPDATE` : lock === 'skip-locked' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty

/** 帮办代办 rows; every statement runs in the caller's transaction. */
export const assistedCases = (tx: Tx) => ({
  async find(caseId: string, lock: 'none' | 'wait' | 'skip-locked' = 'none'): Promise<AssistedCase | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM assisted_case WHERE id = ${caseId}::uuid ${lockClause(lock)}`
    return row ? caseState.one(row) : undefined
  },

  async ofProject(projectId: string, lock = false): Promise<AssistedCase | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM assisted_case WHERE project_id = ${projectId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? caseState.one(row) : undefined
  },

  /**
   * A page of cases, newest change first (then id, both descending: the keyset a cursor names): one helper's, one
   * state's, or every case (the service centre's view). `after` is the last case of the page before.
   */
  async list(
    filter: { helperSub?: string | undefined; status?: 'open' | 'closed' | undefined },
    after: { updatedAt: string; caseId: string } | undefined,
    limit: number,
  ): Promise<CasePage> {
    const where = [
      ...(filter.helperSub === undefined ? [] : [Prisma.sql`helper_sub = ${filter.helperSub}`]),
      ...(filter.status === undefined ? [] : [Prisma.sql`status = ${filter.status}`]),
      ...(after === undefined
        ? []
        : [Prisma.sql`(updated_at, id) < (${instantOfKey(after.updatedAt)}, ${after.caseId}::uuid)`]),
    ]
    // The key as PostgreSQL writes it (`instantKey`): a page that ends on a row whose column holds 'infinity' (a hand
    // edit; the case's own state holds its instant) still says where the next page starts.
    const rows = await tx.$queryRaw<Array<StateRow & { updatedAt: string }>>`
      SELECT id::text AS id, state::text AS state, ${instantKey(Prisma.sql`updated_at`)} AS "updatedAt"
        FROM assisted_case
       ${where.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}`}
       ORDER BY updated_at DESC, id DESC LIMIT ${limit + 1}`
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      ...caseState.each(page),
      ...(rows.length > limit && last ? { next: { updatedAt: last.updatedAt, caseId: last.id } } : {}),
    }
  },

  /** False when the project has its case already (a concurrent opening lost the race to the unique key). */
  async insert(c: AssistedCase): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO assisted_case (id, project_id, owner_credit_code, helper_sub, status, next_visit_due_on, state, updated_at)
      VALUES (${c.caseId}::uuid, ${c.projectId}::uuid, ${c.ownerCreditCode}, ${c.helper.sub}, ${c.status},
              ${nextVisitDue(c) ?? null}::date, ${JSON.stringify(c)}::jsonb, ${new Date(c.updatedAt)})
      ON CONFLICT (project_id) DO NOTHING`
    return n === 1
  },

  async save(c: AssistedCase): Promise<void> {
    await tx.$executeRaw`
      UPDATE assisted_case SET status = ${c.status}, next_visit_due_on = ${nextVisitDue(c) ?? null}::date,
             state = ${JSON.stringify(c)}::jsonb, updated_at = ${new Date(c.updatedAt)}
       WHERE id = ${c.caseId}::uuid`
  },

  /** A helper's authority to answer one 补正, granted (the gateway forwards the answer to approval next). */
  async grant(caseId: string, applicationId: string, grantId: string, validUntil: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO assisted_answer_grant (id, case_id, application_id, valid_until)
      VALUES (${grantId}::uuid, ${caseId}::uuid, ${applicationId}::uuid, ${new Date(validUntil)})`
  },

  /** The answer landed at approval: its grant holds no close back any more. */
  async grantUsed(grantId: string, at: Date): Promise<void> {
    await tx.$executeRaw`
      UPDATE assisted_answer_grant SET used_at = ${at} WHERE id = ${grantId}::uuid AND used_at IS NULL`
  },

  /**
   * The case's grants not seen answered that lapsed after `since`: those whose answer may still land. A stored
   * 'infinity' is after every `since` and no instant: it is given as PostgreSQL stores it, for the close to name
   * (`closeCase`); converting it would throw, failing the close without a word of which grant.
   */
  async outstandingGrants(caseId: string, since: Date): Promise<OutstandingGrant[]> {
    const rows = await tx.$queryRaw<Array<{ grantId: string; validUntil: Date | number; stored: string }>>`
      SELECT id::text AS "grantId", valid_until AS "validUntil", valid_until::text AS stored FROM assisted_answer_grant
       WHERE case_id = ${caseId}::uuid AND used_at IS NULL AND valid_until > ${since}
       ORDER BY valid_until DESC LIMIT 100`
    return rows.map((r) => ({
      grantId: r.grantId,
      validUntil: isInstant(r.validUntil) ? r.validUntil.toISOString() : r.stored,
    }))
  },

  /**
   * Grants that lapsed before `before`, in id order after `after`: retention's candidates. The primary key walks them
   * oldest first (ids are UUIDv7, taken when the grant is given), so a batch reads little beyond its own rows.
   */
  async lapsedGrants(before: Date, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM assisted_answer_grant
       WHERE valid_until < ${before}
         ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** Grants as they stand, by id (missing ids: already deleted; a grant that does not read: `UnreadableStoredRow`). */
  async grantsById(ids: readonly string[]): Promise<Map<string, StoredGrant | UnreadableStoredRow>> {
    const rows = await tx.$queryRaw<Array<{ grantId: string; validUntil: Date | number }>>`
      SELECT id::text AS "grantId", valid_until AS "validUntil" FROM assisted_answer_grant
       WHERE id = ANY(${[...ids]}::uuid[])`
    const read = readEach(rows, storedGrant)
    return new Map<string, StoredGrant | UnreadableStoredRow>([
      ...read.rows.map((g) => [g.grantId, g] as const),
      ...read.unreadable.map((u) => [u.id, u] as const),
    ])
  },

  /** One grant taken `FOR UPDATE SKIP LOCKED`: undefined when gone or held (a consumer marking it used). */
  async lockGrant(grantId: string): Promise<StoredGrant | undefined> {
    const [row] = await tx.$queryRaw<Array<{ grantId: string; validUntil: Date | number }>>`
      SELECT id::text AS "grantId", valid_until AS "validUntil" FROM assisted_answer_grant
       WHERE id = ${grantId}::uuid FOR UPDATE SKIP LOCKED`
    return row ? storedGrant(row) : undefined
  },

  async deleteGrant(grantId: string): Promise<number> {
    return tx.$executeRaw`DELETE FROM assisted_answer_grant WHERE id = ${grantId}::uuid`
  },

  /** Cases with a scheduled visit due by `today`, in id order after `after`: the visit sweep's candidates. */
  async visitsDue(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM assisted_case
       WHERE next_visit_due_on <= ${today}::date
         ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },
})

/** 中介服务 rows; every statement runs in the caller's transaction. */
export const engagements = (tx: Tx) => ({
  async find(id: string, lock: 'none' | 'wait' | 'skip-locked' = 'none'): Promise<Engagement | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM intermediary_engagement WHERE id = ${id}::uuid ${lockClause(lock)}`
    return row ? engagementState.one(row) : undefined
  },

  async ofProject(projectId: string): Promise<StoredRows<Engagement>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM intermediary_engagement WHERE project_id = ${projectId}::uuid
       ORDER BY updated_at, id LIMIT 200`
    return engagementState.each(rows)
  },

  async ofService(projectId: string, service: string): Promise<Engagement | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM intermediary_engagement
       WHERE project_id = ${projectId}::uuid AND service = ${service}`
    return row ? engagementState.one(row) : undefined
  },

  async ofIntermediary(creditCode: string, limit: number): Promise<StoredRows<Engagement>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM intermediary_engagement
       WHERE intermediary_credit_code = ${creditCode}
       ORDER BY updated_at DESC, id LIMIT ${limit}`
    return engagementState.each(rows)
  },

  /** False when the project chose an intermediary for this service already (a concurrent choice lost the race). */
  async insert(e: Engagement): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO intermediary_engagement
        (id, project_id, service, owner_credit_code, intermediary_credit_code, status, due_on, state, updated_at)
      VALUES (${e.engagementId}::uuid, ${e.projectId}::uuid, ${e.service.code}, ${e.ownerCreditCode},
              ${e.intermediary.creditCode}, ${e.status}, ${e.dueOn}::date, ${JSON.stringify(e)}::jsonb,
              ${new Date(e.updatedAt)})
      ON CONFLICT (project_id, service) DO NOTHING`
    return n === 1
  },

  async save(e: Engagement): Promise<void> {
    await tx.$executeRaw`
      UPDATE intermediary_engagement SET status = ${e.status}, overdue_at = ${e.overdueAt ? new Date(e.overdueAt) : null},
             state = ${JSON.stringify(e)}::jsonb, updated_at = ${new Date(e.updatedAt)}
       WHERE id = ${e.engagementId}::uuid`
  },

  /** Engaged rows past their due day not yet raised overdue: the sweep's candidates. */
  async overdueCandidates(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM intermediary_engagement
       WHERE status = 'engaged' AND overdue_at IS NULL AND due_on < ${today}::date
         ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },
})

/**
 * The cases as intake answers them: each act's step named as its project's registered flow names it (`stepName`,
 * 汕尾: 立项用地规划许可阶段), so a screen shows the project's own name, not the code. A flow that no longer reads, or
 * no longer has the step, leaves the act as it is stored (its code only): the case still answers, and the flow that
 * did not read is named in `unreadable`, for the route to log as every list's left-out rows are.
 */
export async function namingActSteps(
  tx: Tx,
  cases: AssistedCase[],
): Promise<{ cases: AssistedCase[]; unreadable: UnreadableStoredRow[] }> {
  const unreadable: UnreadableStoredRow[] = []
  const projectIds = [...new Set(cases.filter((c) => c.acts.length > 0).map((c) => c.projectId))]
  if (projectIds.length === 0) return { cases, unreadable }
  const rows = await tx.$queryRaw<Array<{ projectId: string; flow: unknown }>>`
    SELECT id::text AS "projectId", flow FROM project WHERE id = ANY(${projectIds}::uuid[])`
  const names = new Map<string, Map<string, string>>()
  for (const r of rows) {
    try {
      names.set(r.projectId, new Map(storedFlow(r.projectId, r.flow).map((s) => [s.step, s.name])))
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      unreadable.push(err)
    }
  }
  const named = cases.map((c) => {
    const steps = names.get(c.projectId)
    if (!steps) return c
    return {
      ...c,
      acts: c.acts.map((a) => {
        const stepName = steps.get(a.step)
        return stepName ? { ...a, stepName } : a
      }),
    }
  })
  return { cases: named, unreadable }
}

/** An application's project and the stage of its step, from the project's flow as registered. */
export async function stageOfApplication(
  tx: Tx,
  applicationId: string,
): Promise<{ projectId: string; stage: string | undefined } | undefined> {
  const [row] = await tx.$queryRaw<Array<{ projectId: string; step: string; flow: unknown }>>`
    SELECT a.project_id::text AS "projectId", a.step, p.flow
      FROM application a JOIN project p ON p.id = a.project_id
     WHERE a.id = ${applicationId}::uuid`
  if (!row) return undefined
  const flow = storedFlow(row.projectId, row.flow)
  return { projectId: row.projectId, stage: flow.find((s) => s.step === row.step)?.stage }
}

/** One application of a project as a case's helper works on it: step and stage, receipt, what is still owed. */
export type ApplicationAtWork = {
  applicationId: string
  step: string
  stage: string | undefined
  stepName: string
  receiptNumber: string
  status: string
  nationalCode: 1 | 2 | 3 | 4 | 5
  receivedOn: string
  receipt: ApplicationReceipt | null
  /** 容缺 materials not yet handed in, in code order. */
  owedDeficiencies: string[]
}

/** An application's receipt day as the helper's list shows it: a stored 'infinity' is no legal day. */
const receivedDay = storedState('application', Type.Object({ receivedOn: LegalDate }))

/**
 * A project's applications with the stage of each one's step, newest first (uuidv7 ids): past 200, the oldest are
 * left out. An application whose receipt or receipt day, or the project whose flow, no longer reads is left out and
 * named.
 */
export async function applicationsWithStages(tx: Tx, projectId: string): Promise<StoredRows<ApplicationAtWork>> {
  const rows = await tx.$queryRaw<
    Array<{
      applicationId: string
      step: string
      flow: unknown
      stepName: string
      receiptNumber: string
      status: string
      accepted: boolean
      receivedOn: Date | number
      receipt: unknown
      owed: string[] | null
    }>
  >`
    SELECT a.id::text AS "applicationId", a.step, p.flow, a.step_name AS "stepName",
           a.receipt_number AS "receiptNumber", a.status, a.accepted_at IS NOT NULL AS accepted,
           a.received_on AS "receivedOn", a.receipt,
           (SELECT array_agg(d.material ORDER BY d.material) FROM deficiency d
             WHERE d.application_id = a.id AND d.cured_at IS NULL) AS owed
      FROM application a JOIN project p ON p.id = a.project_id
     WHERE a.project_id = ${projectId}::uuid
     ORDER BY a.id DESC LIMIT 200`
  const read: StoredRows<ApplicationAtWork> = { rows: [], unreadable: [] }
  for (const r of rows) {
    let flow: ReturnType<typeof storedFlow>
    let receipt: ApplicationReceipt | null
    let receivedOn: string
    try {
      flow = storedFlow(projectId, r.flow)
      receipt = storedReceipt(r.applicationId, r.receipt)
      receivedOn = receivedDay.parsed(r.applicationId, { receivedOn: dayText(r.receivedOn) }).receivedOn
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      read.unreadable.push(err)
      continue
    }
    read.rows.push({
      applicationId: r.applicationId,
      step: r.step,
      stage: flow.find((s) => s.step === r.step)?.stage,
      stepName: r.stepName,
      receiptNumber: r.receiptNumber,
      status: r.status,
      // As the application's view says it (db/applications.ts).
      nationalCode: receipt?.nationalCode ?? (r.accepted ? 3 : 1),
      receivedOn,
      receipt,
      owedDeficiencies: r.owed ?? [],
    })
  }
  return read
}
