import {
  ApplicationAcceptedV1,
  type ApplicationLandList,
  FollowOnItem,
  MAX_FOLLOW_ONS,
  SpecialProcedureLimit,
  StepClocks as StepClocksSchema,
  SupplementNoticeIssuedV1,
  SuspensionKindCode,
  TaskSnapshot,
} from '@onewindow/contracts'
import { readEach, type StateRow, type StoredRows, storedState, UnreadableStoredRow } from '@onewindow/db'
import { Type } from 'typebox'
import type { FlowClock } from '../domain/flow-clock.js'
import type { PinnedFollowOns } from '../domain/follow-on.js'
import { LOOK_NEVER, LOOK_NOW } from '../domain/next-look.js'
import type { Notice } from '../domain/notice.js'
import type { StepEnd } from '../domain/step.js'
import type { StepClocks } from '../domain/step-clock.js'
import { type OpenedStep, openStatuses, type Task } from '../domain/task.js'
import { Prisma, type Step } from '../generated/client.js'
import { flowState } from './flow-clocks.js'

/** The approval service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type StepRow = OpenedStep & { outcome?: StepEnd; decidedAt?: string }

/** A task as the clock scanner reads it: the task and the keys of the alerts it already emitted. */
export type AlertedTask = { task: Task; alerted: ReadonlySet<string> }

/** A clock alert to record: its key columns, the legal day it fell due and the id of the event announcing it. */
export type AlertRow = {
  taskId: string
  clock: string
  kind: string
  suspensionId: string
  dueOn: string
  eventId: string
}

type StepColumns = Pick<
  Step,
  'applicationId' | 'projectId' | 'step' | 'withDeficiencies' | 'ownerCreditCode' | 'outcome' | 'decidedAt' | 'clocks'
>

/** An undecided step as the clock scanner reads it: the step and the keys (`clock/kind`) of its emitted alerts. */
export type AlertedStep = { step: StepRow; alerted: ReadonlySet<string> }

/** A step clock alert to record. */
export type StepAlertRow = { applicationId: string; clock: string; kind: string; dueOn: string; eventId: string }

const toStep = (r: StepColumns): StepRow => ({
  applicationId: r.applicationId,
  projectId: r.projectId,
  ...(r.step ? { step: r.step } : {}),
  withDeficiencies: r.withDeficiencies,
  ...(r.ownerCreditCode ? { ownerCreditCode: r.ownerCreditCode } : {}),
  ...(r.outcome ? { outcome: r.outcome as StepEnd } : {}),
  ...(r.decidedAt ? { decidedAt: r.decidedAt.toISOString() } : {}),
  clocks: (r.clocks ?? {}) as StepClocks,
})

/** The `state` column as stored: the snapshot the events carry, with what the domain alone needs (domain/task.ts). */
const StoredTask = Type.Intersect([
  TaskSnapshot,
  Type.Object({
    specialProcedures: Type.Array(SpecialProcedureLimit, { maxItems: 16 }),
    withDeficiencies: Type.Boolean(),
    openSuspension: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }), kind: SuspensionKindCode })),
    noticeStops: Type.Optional(Type.Union([Type.Literal('requesting'), Type.Literal('step')])),
    noticePause: Type.Optional(Type.Object({ suspensionId: Type.String({ minLength: 1 }) })),
  }),
])
const taskState = storedState('task', StoredTask)
const parseTask = (row: StateRow): Task => taskState.one(row)

const forUpdate = (lock: boolean) => (lock ? Prisma.sql`FOR UPDATE` : Prisma.empty)

const OPEN: string[] = [...openStatuses]

/** A step's clocks just written: the scan looks at them on its next pass (a step without a clock: never). */
const stepLookOn = (clocks: StepClocks) => (clocks.statutory || clocks.committed ? LOOK_NOW : LOOK_NEVER)

/** A task row with the keys (`clock/kind/suspension`) of its emitted alerts: the one select of the clock scan's reads. */
const ALERTED_SELECT = Prisma.sql`
  SELECT t.id::text AS id, t.state::text AS state,
         (SELECT array_agg(a.clock || '/' || a.kind || '/' || a.suspension_id) FROM task_alert a
           WHERE a.task_id = t.id) AS alerted
    FROM task t`
type AlertedRow = { id: string; state: string; alerted: string[] | null }
const alertedOf = (task: Task, row: AlertedRow): AlertedTask => ({ task, alerted: new Set(row.alerted ?? []) })

const STEP_ALERTED_SELECT = Prisma.sql`
  SELECT s.application_id::text AS "applicationId", s.project_id::text AS "projectId", s.step,
         s.with_deficiencies AS "withDeficiencies", s.owner_credit_code AS "ownerCreditCode", s.outcome,
         s.decided_at AS "decidedAt", s.clocks,
         (SELECT array_agg(a.clock || '/' || a.kind) FROM step_alert a WHERE a.application_id = s.application_id)
           AS alerted
    FROM step s`
type AlertedStepRow = StepColumns & { alerted: string[] | null }
/**
 * The step clock scan's row, its `clocks` column read back checked (not cast) against the clocks the step's events
 * carry: a column that does not read as clocks throws {@link UnreadableStoredRow}, which the sweep skips and names.
 */
const stepClocksState = storedState('step clocks', StepClocksSchema)
const alertedStepOf = (row: AlertedStepRow): AlertedStep => ({
  step: { ...toStep(row), clocks: stepClocksState.parsed(row.applicationId, row.clocks ?? {}) },
  alerted: new Set(row.alerted ?? []),
})
/** The same for a batch: a row whose clocks do not read comes back as its `UnreadableStoredRow`. */
const alertedStepOrUnreadable = (row: AlertedStepRow): AlertedStep | UnreadableStoredRow => {
  try {
    return alertedStepOf(row)
  } catch (error) {
    if (error instanceof UnreadableStoredRow) return error
    throw error
  }
}

const NOTICE_SELECT = Prisma.sql`SELECT json_strip_nulls(json_build_object(
    'noticeId', id, 'applicationId', application_id, 'projectId', project_id, 'version', version, 'status', status,
    'requests', requests,
    'issuedAt', to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'answeredAt', to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text AS state,
    id::text AS id
  FROM supplement_notice`
/** A 补正 notice as its columns make it, checked: its requests are a jsonb column of their own. */
const noticeState = storedState('supplement notice', SupplementNoticeIssuedV1.schema)

/**
 * 后续事项 as the step keeps them (`follow_ons`), read back checked, not cast: the acceptance's fields the follow-ons'
 * tasks open with, then each follow-on on its own, so one damaged follow-on leaves the step's others to open.
 */
const acceptedFields = ApplicationAcceptedV1.schema.properties
const pinnedState = storedState(
  'step follow-ons',
  Type.Object({
    items: Type.Array(Type.Unknown(), { maxItems: MAX_FOLLOW_ONS }),
    projectCode: acceptedFields.projectCode,
    catalogueVersion: acceptedFields.catalogueVersion,
    stage: acceptedFields.stage,
    region: acceptedFields.region,
    ownerCreditCode: acceptedFields.ownerCreditCode,
  }),
)
const followOnState = storedState('step follow-ons', FollowOnItem)

/** One follow-on of a step's `follow_ons`, or its `UnreadableStoredRow` named with the step and the follow-on's place. */
const followOnAt = (applicationId: string, item: unknown, i: number): FollowOnItem => {
  try {
    return followOnState.parsed(applicationId, item)
  } catch (err) {
    if (!(err instanceof UnreadableStoredRow)) throw err
    // The item's pointer (its reason's first word) made the step row's: `/department …` → `/items/1/department …`.
    const within = err.pointer === undefined || err.pointer === '/' ? '' : err.pointer
    const pointer = `/items/${i}${within}`
    const why = err.pointer === undefined ? ` ${err.reason}` : err.reason.slice(err.pointer.length)
    throw new UnreadableStoredRow(err.kind, applicationId, `${pointer}${why}`, pointer)
  }
}

/** Plain objects in and out; every statement runs in the caller's transaction. */
/**
 * A task with a 督办 neither answered nor reported overdue: the predicate of the partial index
 * `task_owed_supervision_idx` (migration 20261231400000), word for word — the planner uses the index only for a query
 * that states it so.
 */
export const OWED_SUPERVISION = Prisma.sql`jsonb_path_exists(state, '$.supervisions[*] ? (!exists(@.response) && !exists(@.overdueOn))')`

/** The 督办 timer's candidates (`overdueSupervisionIds`), through the partial index (test: supervision-overdue.int). */
export const overdueSupervisionQuery = (today: string, after: string | undefined, limit: number) => Prisma.sql`
  SELECT id::text AS id FROM task
   WHERE ${OWED_SUPERVISION}
     AND jsonb_path_exists(state, '$.supervisions[*] ? (!exists(@.response) && !exists(@.overdueOn) && @.deadline.due < $today)',
                           jsonb_build_object('today', ${today}::text))
     ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
   ORDER BY id LIMIT ${limit}`

/**
 * A task with a finding whose ordered 整改 is neither confirmed, nor reported overdue, nor escalated — the 告知承诺's or
 * a 容缺 material's: the predicate of the partial index `task_owed_rectification_idx` (migration 20261231500000),
 * word for word, so the planner uses it.
 */
export const OWED_RECTIFICATION = Prisma.sql`(jsonb_path_exists(state, '$.commitment ? (exists(@.verification.rectifyBy) && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))') OR jsonb_path_exists(state, '$.deficiencies[*] ? (exists(@.finding.rectifyBy) && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))'))`

/**
 * The 整改 timer's candidates (`overdueRectificationIds`): an owed 整改 whose `rectifyBy` is behind `today`. A superset:
 * one whose report made by `rectifyBy` awaits review is read and left (`overdueRectifications` decides) — a report's
 * day and its finding's `rectifyBy` lie at two depths a jsonpath filter cannot compare, and such findings are few.
 */
export const overdueRectificationQuery = (today: string, after: string | undefined, limit: number) => Prisma.sql`
  SELECT id::text AS id FROM task
   WHERE ${OWED_RECTIFICATION}
     AND (jsonb_path_exists(state, '$.commitment ? (@.verification.rectifyBy < $today && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))',
                            jsonb_build_object('today', ${today}::text))
          OR jsonb_path_exists(state, '$.deficiencies[*] ? (@.finding.rectifyBy < $today && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))',
                               jsonb_build_object('today', ${today}::text)))
     ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
   ORDER BY id LIMIT ${limit}`

export const taskRepository = (tx: Tx) => ({
  /**
   * A newly accepted application in one statement: its step (with its clocks' due day, and decided with its tasks
   * when `opening.outcome` says so), its N tasks, its 用地清单, and the project's whole-flow cap clock read and locked;
   * undefined, with nothing written or locked, when the step is already known (the same acceptance again). Locks in
   * the order every command takes them, step first and flow clock last: the flow row is read only once the step's
   * insert has given its row (a one-time filter on it, so a second copy waiting on the step's key locks no flow).
   */
  async openStep(
    step: OpenedStep,
    tasks: readonly Task[],
    opening: { dueOn: string | undefined; at: string; outcome?: StepEnd; landList?: ApplicationLandList },
  ): Promise<{ flow: FlowClock | undefined } | undefined> {
    const landList = opening.landList === undefined ? null : JSON.stringify(opening.landList)
    const [row] = await tx.$queryRaw<Array<{ opened: boolean; flow: string | null }>>`
      WITH s AS (
        INSERT INTO step (application_id, project_id, step, with_deficiencies, owner_credit_code, clocks, due_on,
                          look_on, outcome, decided_at, follow_ons)
        VALUES (${step.applicationId}::uuid, ${step.projectId}::uuid, ${step.step ?? null}, ${step.withDeficiencies},
                ${step.ownerCreditCode ?? null}, ${JSON.stringify(step.clocks)}::jsonb, ${opening.dueOn ?? null}::date,
                ${stepLookOn(step.clocks)}::date, ${opening.outcome ?? null},
                ${opening.outcome === undefined ? null : opening.at}::timestamptz,
                ${step.followOns === undefined ? null : JSON.stringify(step.followOns)}::jsonb)
        ON CONFLICT DO NOTHING
        RETURNING application_id),
      t AS (
        INSERT INTO task (id, application_id, project_id, item, department, status, national_code, version, state,
                          updated_at)
        SELECT u.* FROM unnest(${tasks.map((t) => t.taskId)}::uuid[], ${tasks.map((t) => t.applicationId)}::uuid[],
                               ${tasks.map((t) => t.projectId)}::uuid[], ${tasks.map((t) => t.item)}::text[],
                               ${tasks.map((t) => t.department)}::text[], ${tasks.map((t) => t.status)}::text[],
                               ${tasks.map((t) => t.nationalCode)}::int[], ${tasks.map((t) => t.version)}::int[],
                               ${tasks.map((t) => JSON.stringify(t))}::jsonb[],
                               ${tasks.map((t) => t.updatedAt)}::timestamptz[]) AS u
         WHERE EXISTS (SELECT 1 FROM s)
        RETURNING 1),
      l AS (
        INSERT INTO application_land_list (application_id, project_id, list)
        SELECT application_id, ${step.projectId}::uuid, ${landList}::jsonb FROM s WHERE ${landList}::jsonb IS NOT NULL
        ON CONFLICT (application_id) DO NOTHING
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM s) AS opened, (SELECT count(*) FROM t)::int AS tasks,
             (SELECT count(*) FROM l)::int AS lists,
             (SELECT f.state::text FROM flow_clock f
               WHERE f.project_id = ${step.projectId}::uuid AND EXISTS (SELECT 1 FROM s) FOR UPDATE) AS flow`
    if (row?.opened !== true) return undefined
    return { flow: row.flow === null ? undefined : flowState.one({ id: step.projectId, state: row.flow }) }
  },

  /**
   * Whether the follow-on of item `f.item` for `f.department` after `f.after` is a task on `applicationId` already:
   * how one opened on an id an earlier release derived is found (`openFollowOns`).
   */
  async followOnOpenedOn(
    applicationId: string,
    f: { item: string; department: string; after: string },
  ): Promise<boolean> {
    const [row] = await tx.$queryRaw<Array<{ opened: boolean }>>`
      SELECT EXISTS (
        SELECT 1 FROM task
         WHERE application_id = ${applicationId}::uuid AND item = ${f.item} AND department = ${f.department}
           AND state->'followOnOf'->>'item' = ${f.after}) AS opened`
    return row?.opened === true
  },

  /**
   * 后续事项 the step's acceptance pinned, to open once the step is approved; undefined when it pinned none. Those that
   * do not read come back named in `unreadable` (all of them when the step's own fields do not read), the rest open.
   */
  async followOnsOf(
    applicationId: string,
  ): Promise<{ pinned?: PinnedFollowOns; unreadable: UnreadableStoredRow[] } | undefined> {
    const [row] = await tx.$queryRaw<Array<{ followOns: string | null }>>`
      SELECT follow_ons::text AS "followOns" FROM step WHERE application_id = ${applicationId}::uuid`
    if (row?.followOns == null) return undefined
    let stored: ReturnType<typeof pinnedState.one>
    try {
      stored = pinnedState.one({ id: applicationId, state: row.followOns })
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      return { unreadable: [err] }
    }
    const { items, ...fields } = stored
    const each = readEach(
      items.map((item, i) => ({ item, i })),
      ({ item, i }) => followOnAt(applicationId, item, i),
    )
    return { pinned: { ...fields, items: each.rows }, unreadable: each.unreadable }
  },

  /** The step row, locked: every command on an application takes this lock first, then its task rows. */
  async lockStep(applicationId: string): Promise<StepRow | undefined> {
    const [row] = await tx.$queryRaw<StepColumns[]>`
      SELECT application_id::text AS "applicationId", project_id::text AS "projectId", step,
             with_deficiencies AS "withDeficiencies", owner_credit_code AS "ownerCreditCode", outcome,
             decided_at AS "decidedAt", clocks
        FROM step WHERE application_id = ${applicationId}::uuid FOR UPDATE`
    return row ? toStep(row) : undefined
  },

  async findStep(applicationId: string): Promise<StepRow | undefined> {
    const row = await tx.step.findUnique({ where: { applicationId } })
    return row ? toStep(row) : undefined
  },

  /** The step's clocks after a pause, a resumption or an extension (the step row's lock is held). */
  async saveStepClocks(applicationId: string, clocks: StepClocks, dueOn?: string): Promise<void> {
    await tx.step.update({
      where: { applicationId },
      data: {
        clocks: clocks as Prisma.InputJsonValue,
        dueOn: dueOn === undefined ? null : new Date(`${dueOn}T00:00:00Z`),
        lookOn: new Date(`${stepLookOn(clocks)}T00:00:00Z`),
      },
    })
  },

  /** A published calendar moved the step's due date; its clocks are unchanged. */
  async saveStepDue(applicationId: string, dueOn: string | undefined): Promise<void> {
    await tx.$executeRaw`
      UPDATE step SET due_on = ${dueOn ?? null}::date, look_on = DEFAULT WHERE application_id = ${applicationId}::uuid`
  },

  /**
   * A published calendar: every undecided step's clocks are looked at on the scan's next pass, whether or not their
   * due date moved (the day they turn yellow may have). Under the locks of {@link lockOpenSteps}.
   */
  async lookAgainAtOpenSteps(): Promise<void> {
    await tx.$executeRaw`UPDATE step SET look_on = DEFAULT WHERE decided_at IS NULL AND clocks <> '{}'::jsonb`
  },

  /**
   * The days the scan looks at these steps' clocks again (domain/next-look.ts), each written only while the step is
   * undecided with the clocks it was evaluated on and free (`SKIP LOCKED`; a step the scan locked itself is free to
   * it). Resolves to the ids written; their locks are held until the transaction ends.
   */
  async saveStepLooks(
    looks: ReadonlyArray<{ applicationId: string; clocks: StepClocks; lookOn: string }>,
  ): Promise<string[]> {
    if (looks.length === 0) return []
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH free AS (
        SELECT s.application_id, u.look_on
          FROM unnest(${looks.map((l) => l.applicationId)}::uuid[], ${looks.map((l) => JSON.stringify(l.clocks))}::jsonb[],
                      ${looks.map((l) => l.lookOn)}::date[]) AS u(id, clocks, look_on)
          JOIN step s ON s.application_id = u.id AND s.clocks = u.clocks AND s.decided_at IS NULL
           FOR UPDATE OF s SKIP LOCKED)
      UPDATE step SET look_on = free.look_on FROM free WHERE step.application_id = free.application_id
      RETURNING step.application_id::text AS id`
    return rows.map((r) => r.id)
  },

  /** These steps are looked at on the scan's next pass (their locks are held). */
  async lookAgainAtSteps(applicationIds: readonly string[]): Promise<void> {
    if (applicationIds.length === 0) return
    await tx.$executeRaw`UPDATE step SET look_on = DEFAULT WHERE application_id = ANY(${applicationIds}::uuid[])`
  },

  /** Every undecided step with a clock, locked in id order: a published calendar re-projects them all. */
  /** Each with its clocks read back checked: a step whose clocks do not read is named, not counted. */
  async lockOpenSteps(): Promise<StoredRows<StepRow>> {
    const rows = await tx.$queryRaw<StepColumns[]>`
      SELECT application_id::text AS "applicationId", project_id::text AS "projectId", step,
             with_deficiencies AS "withDeficiencies", owner_credit_code AS "ownerCreditCode", outcome,
             decided_at AS "decidedAt", clocks
        FROM step WHERE decided_at IS NULL AND clocks <> '{}'::jsonb ORDER BY application_id FOR UPDATE`
    return readEach(rows, (row) => ({
      ...toStep(row),
      clocks: stepClocksState.parsed(row.applicationId, row.clocks ?? {}),
    }))
  },

  /**
   * Undecided steps with a clock whose day to be looked at has come by `today`, after `after` in id order, at most
   * `limit`: the step scan's candidates, found through the index on `(decided_at, look_on)`. The rows due are
   * selected apart (`MATERIALIZED`) and only then ordered: given `ORDER BY … LIMIT` over the table, PostgreSQL walked
   * the primary key and filtered every step ever made when none was due (its estimate takes `decided_at IS NULL`
   * and `look_on <= today` as independent; 300 ms over 100,000 steps against 0.04 ms).
   */
  async openStepIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH due AS MATERIALIZED (
        SELECT application_id FROM step
         WHERE decided_at IS NULL AND look_on <= ${today}::date AND clocks <> '{}'::jsonb
           ${after === undefined ? Prisma.empty : Prisma.sql`AND application_id > ${after}::uuid`})
      SELECT application_id::text AS id FROM due ORDER BY application_id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * An undecided step with its emitted alerts' keys, as it stands or taken `FOR UPDATE SKIP LOCKED`; a step whose
   * clocks do not read throws `UnreadableStoredRow` (the sweep skips it).
   */
  async alertedStep(applicationId: string, lock: boolean): Promise<AlertedStep | undefined> {
    const [row] = await tx.$queryRaw<AlertedStepRow[]>`
      ${STEP_ALERTED_SELECT} WHERE s.application_id = ${applicationId}::uuid AND s.decided_at IS NULL
        ${lock ? Prisma.sql`FOR UPDATE OF s SKIP LOCKED` : Prisma.empty}`
    return row ? alertedStepOf(row) : undefined
  },

  /**
   * Undecided steps among `ids` with their emitted alerts' keys, as they stand: the step scan's batch in one statement.
   * A step whose clocks do not read comes back as its `UnreadableStoredRow`, which the sweep skips while the pass goes on.
   */
  async alertedSteps(ids: readonly string[]): Promise<Map<string, AlertedStep | UnreadableStoredRow>> {
    const rows = await tx.$queryRaw<AlertedStepRow[]>`
      ${STEP_ALERTED_SELECT} WHERE s.application_id = ANY(${ids}::uuid[]) AND s.decided_at IS NULL`
    return new Map(rows.map((row) => [row.applicationId, alertedStepOrUnreadable(row)]))
  },

  /** Records step alerts; resolves to the event ids of those not recorded before. */
  async insertStepAlerts(alerts: readonly StepAlertRow[], at: string): Promise<Set<string>> {
    if (alerts.length === 0) return new Set()
    const inserted = await tx.$queryRaw<Array<{ event_id: string }>>`
      INSERT INTO step_alert (application_id, clock, kind, due_on, event_id, emitted_at)
      SELECT u.application_id, u.clock, u.kind, u.due_on, u.event_id, ${at}::timestamptz
        FROM unnest(${alerts.map((a) => a.applicationId)}::uuid[], ${alerts.map((a) => a.clock)}::text[],
                    ${alerts.map((a) => a.kind)}::text[], ${alerts.map((a) => a.dueOn)}::date[],
                    ${alerts.map((a) => a.eventId)}::uuid[]) AS u(application_id, clock, kind, due_on, event_id)
      ON CONFLICT DO NOTHING RETURNING event_id::text`
    return new Set(inserted.map((r) => r.event_id))
  },

  /** Decides the step once: the guard makes a second decision a no-op (false). */
  async decideStep(applicationId: string, outcome: StepEnd, at: string): Promise<boolean> {
    const { count } = await tx.step.updateMany({
      where: { applicationId, decidedAt: null },
      data: { outcome, decidedAt: at },
    })
    return count === 1
  },

  async findTask(taskId: string, lock = false): Promise<Task | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task WHERE id = ${taskId}::uuid ${forUpdate(lock)}`
    return row ? parseTask(row) : undefined
  },

  /** Every task of the application, locked in id order (the step lock is already held). */
  async lockTasksOf(applicationId: string): Promise<Task[]> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task
       WHERE application_id = ${applicationId}::uuid ORDER BY id FOR UPDATE`
    return rows.map(parseTask)
  },

  async saveTasks(tasks: readonly Task[]): Promise<void> {
    if (tasks.length === 0) return
    await tx.$executeRaw`
      UPDATE task SET status = u.status, national_code = u.national_code, version = u.version, state = u.state,
             updated_at = u.updated_at, look_on = DEFAULT
        FROM unnest(${tasks.map((t) => t.taskId)}::uuid[], ${tasks.map((t) => t.status)}::text[],
                    ${tasks.map((t) => t.nationalCode)}::int[], ${tasks.map((t) => t.version)}::int[],
                    ${tasks.map((t) => JSON.stringify(t))}::jsonb[], ${tasks.map((t) => t.updatedAt)}::timestamptz[])
             AS u(id, status, national_code, version, state, updated_at)
       WHERE task.id = u.id`
  },

  /** The application's open 补正 notice, locked. */
  async lockOpenNotice(applicationId: string): Promise<Notice | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      ${NOTICE_SELECT} WHERE open_for = ${applicationId}::uuid FOR UPDATE`
    return row ? noticeState.one(row) : undefined
  },

  async lockNotice(noticeId: string): Promise<Notice | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      ${NOTICE_SELECT} WHERE id = ${noticeId}::uuid FOR UPDATE`
    return row ? noticeState.one(row) : undefined
  },

  async saveNotice(notice: Notice, answer?: unknown): Promise<void> {
    const changing = {
      openFor: notice.status === 'open' ? notice.applicationId : null,
      status: notice.status,
      version: notice.version,
      requests: notice.requests as Prisma.InputJsonValue,
      answer: answer === undefined ? Prisma.DbNull : (answer as Prisma.InputJsonValue),
      issuedAt: notice.issuedAt,
      answeredAt: notice.answeredAt ?? null,
    }
    await tx.supplementNotice.upsert({
      where: { id: notice.noticeId },
      create: { id: notice.noticeId, applicationId: notice.applicationId, projectId: notice.projectId, ...changing },
      update: changing,
    })
  },

  /** Every open task, locked in id order: a published calendar re-projects them all in one transaction. */
  async lockOpenTasks(): Promise<StoredRows<Task>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task
       WHERE status = ANY(${[...OPEN]}::text[]) ORDER BY id FOR UPDATE`
    // Each on its own: a publication re-projects every task that reads, and names one that does not.
    return taskState.each(rows)
  },

  /**
   * Decided tasks with a 督办 still owed (unanswered, not reported overdue), locked in id order: a published calendar
   * re-projects their reply-by days beside the open tasks' (through `task_owed_supervision_idx`).
   */
  async lockDecidedTasksOwingSupervision(): Promise<StoredRows<Task>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task
       WHERE ${OWED_SUPERVISION} AND NOT (status = ANY(${[...OPEN]}::text[])) ORDER BY id FOR UPDATE`
    return taskState.each(rows)
  },

  /**
   * Open tasks whose day to be looked at has come by `today`, after `after` in id order, at most `limit`: the task
   * scan's candidates, found through the index on `(status, look_on)` and only then ordered (as {@link openStepIds});
   * no locks taken.
   */
  async openTaskIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH due AS MATERIALIZED (
        SELECT id FROM task
         WHERE status = ANY(${OPEN}::text[]) AND look_on <= ${today}::date
           ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`})
      SELECT id::text AS id FROM due ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * The days the scan looks at these tasks again (domain/alerts.ts `taskLookOn`), each written only while the task is
   * at the version it was evaluated at and free (`SKIP LOCKED`: a command holding it will set the day back itself).
   * Resolves to the ids written; their locks are held until the transaction ends.
   */
  async saveTaskLooks(looks: ReadonlyArray<{ taskId: string; version: number; lookOn: string }>): Promise<string[]> {
    if (looks.length === 0) return []
    // Joined to the rows given, not `id = ANY(…)`: as a prepared statement's generic plan that was a scan of every
    // task testing each against the whole list (0.7 s a thousand over 20,000 tasks).
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH free AS (
        SELECT t.id, u.look_on
          FROM unnest(${looks.map((l) => l.taskId)}::uuid[], ${looks.map((l) => l.version)}::int[],
                      ${looks.map((l) => l.lookOn)}::date[]) AS u(id, version, look_on)
          JOIN task t ON t.id = u.id AND t.version = u.version
           FOR UPDATE OF t SKIP LOCKED)
      UPDATE task SET look_on = free.look_on FROM free WHERE task.id = free.id
      RETURNING task.id::text AS id`
    return rows.map((r) => r.id)
  },

  /** These tasks are looked at on the scan's next pass (their locks are held). */
  async lookAgainAtTasks(taskIds: readonly string[]): Promise<void> {
    if (taskIds.length === 0) return
    await tx.$executeRaw`UPDATE task SET look_on = DEFAULT WHERE id = ANY(${taskIds}::uuid[])`
  },

  /**
   * A published calendar: every open task's clocks are looked at on the scan's next pass, whether or not their due
   * date moved (the day they turn yellow may have). Under the locks of {@link lockOpenTasks}.
   */
  async lookAgainAtOpenTasks(): Promise<void> {
    // A day at the epoch already is left as it is: no new row version for a task the next pass looks at anyway.
    await tx.$executeRaw`
      UPDATE task SET look_on = DEFAULT WHERE status = ANY(${OPEN}::text[]) AND look_on <> ${LOOK_NOW}::date`
  },

  /**
   * An open task with the keys (`clock/kind/suspension`) of the alerts already emitted for it: as it stands, or taken
   * `FOR UPDATE SKIP LOCKED` (undefined while another transaction holds it, so a scan never waits on a command).
   */
  async alertedTask(taskId: string, lock: boolean): Promise<AlertedTask | undefined> {
    const [row] = await tx.$queryRaw<AlertedRow[]>`
      ${ALERTED_SELECT} WHERE t.id = ${taskId}::uuid AND t.status = ANY(${OPEN}::text[])
        ${lock ? Prisma.sql`FOR UPDATE OF t SKIP LOCKED` : Prisma.empty}`
    return row ? alertedOf(parseTask(row), row) : undefined
  },

  /**
   * Open tasks among `taskIds` with their emitted alerts' keys, as they stand: a scan pass's batch in one statement.
   * A damaged task comes back as its `UnreadableStoredRow`, which the sweep skips while the pass goes on.
   */
  async alertedTasks(taskIds: readonly string[]): Promise<Map<string, AlertedTask | UnreadableStoredRow>> {
    const rows = await tx.$queryRaw<AlertedRow[]>`
      ${ALERTED_SELECT} WHERE t.id = ANY(${taskIds}::uuid[]) AND t.status = ANY(${OPEN}::text[])`
    return taskState.byId(rows, alertedOf)
  },

  /**
   * Tasks approved on commitment (告知承诺) whose verify-by day is before `today`, unverified and not yet reported, after
   * `after` in id order, at most `limit`: the commitment timer's candidates; no locks taken.
   */
  async unverifiedCommitmentIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM task
       WHERE status = 'approved' AND state -> 'commitment' IS NOT NULL
         AND state -> 'commitment' -> 'verification' IS NULL
         AND state -> 'commitment' -> 'verificationOverdueOn' IS NULL
         AND (state -> 'commitment' ->> 'verifyBy') < ${today}
         ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * 督办逾期未回复: tasks, open or decided (a decision answers no 督办), with a 督办 unanswered past its reply-by day
   * and not yet reported, a page after `after` (the timer's candidates; `overdueSupervisions` decides again under the
   * row's lock).
   */
  async overdueSupervisionIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>(overdueSupervisionQuery(today, after, limit))
    return rows.map((r) => r.id)
  },

  /**
   * 逾期未整改: tasks with a finding whose 整改 is owed past its `rectifyBy` and not yet reported, a page after `after`
   * (the timer's candidates; `overdueRectifications` decides again under the row's lock).
   */
  async overdueRectificationIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>(overdueRectificationQuery(today, after, limit))
    return rows.map((r) => r.id)
  },

  /**
   * Tasks approved on commitment whose verify-by day has a kept clock, is not behind `today`, unverified and not
   * reported overdue, locked: what a published calendar re-projects.
   */
  async lockOpenCommitments(today: string): Promise<StoredRows<Task>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task
       WHERE status = 'approved' AND state -> 'commitment' -> 'verifyClock' IS NOT NULL
         AND state -> 'commitment' -> 'verification' IS NULL
         AND state -> 'commitment' -> 'verificationOverdueOn' IS NULL
         AND (state -> 'commitment' ->> 'verifyBy') >= ${today}
       ORDER BY id FOR UPDATE`
    return taskState.each(rows)
  },

  /** A task as it stands, or taken `FOR UPDATE SKIP LOCKED` (undefined while a command holds it): a timer's read. */
  async taskIfFree(taskId: string, lock: boolean): Promise<Task | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM task WHERE id = ${taskId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty}`
    return row ? parseTask(row) : undefined
  },

  /** Records alerts in one statement; resolves to the event ids of those not recorded before (the others lost a race). */
  async insertAlerts(alerts: readonly AlertRow[], at: string): Promise<Set<string>> {
    if (alerts.length === 0) return new Set()
    const inserted = await tx.$queryRaw<Array<{ event_id: string }>>`
      INSERT INTO task_alert (task_id, clock, kind, suspension_id, due_on, event_id, emitted_at)
      SELECT u.task_id, u.clock, u.kind, u.suspension_id, u.due_on, u.event_id, ${at}::timestamptz
        FROM unnest(${alerts.map((a) => a.taskId)}::uuid[], ${alerts.map((a) => a.clock)}::text[],
                    ${alerts.map((a) => a.kind)}::text[], ${alerts.map((a) => a.suspensionId)}::text[],
                    ${alerts.map((a) => a.dueOn)}::date[], ${alerts.map((a) => a.eventId)}::uuid[])
             AS u(task_id, clock, kind, suspension_id, due_on, event_id)
      ON CONFLICT DO NOTHING RETURNING event_id::text`
    return new Set(inserted.map((r) => r.event_id))
  },
})
