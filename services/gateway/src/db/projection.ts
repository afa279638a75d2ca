import type { RatingSnapshot } from '@onewindow/contracts'
import { ReadModelRefusal } from '@onewindow/messaging'
import type { Calendar } from '@onewindow/workdays'
import { decisionFigures } from '../domain/decision-figures.js'
import type {
  AcceptanceCase,
  AlertRow,
  ApplicationPatch,
  CalendarMove,
  DeficiencyPatch,
  LeadAlertRow,
  NoticeBody,
  Projection,
  RegistrationCase,
  SignedCertificate,
  TaskSnapshot,
  TimelineRow,
  UtilityRequest,
} from '../domain/projectors.js'
import { acceptanceFigures, registrationFigures, type StageFigures, utilityFigures } from '../domain/stage-figures.js'
import { DECIDED_TASK_STATUSES } from '../domain/status.js'
import { Prisma } from '../generated/client.js'
import { dateColumn, type Tx } from './client.js'
import { deliveryUpsert } from './deliveries.js'

const json = (v: unknown) => v as Prisma.InputJsonValue
const instant = (s: string | undefined) => (s === undefined ? undefined : new Date(s))
const day = (s: string | undefined) => (s === undefined ? undefined : dateColumn(s))
/** Drops undefined members, so an update leaves the columns an event does not carry as they are. */
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }

/** Most task events written by one statement (22 parameters each, far below PostgreSQL's 65,535). */
const MAX_TASK_RUN = 256

/**
 * Writes the projections of a batch's events, in stream order, with the effect of `applyProjection` on each in turn
 * but fewer statements: consecutive projections that are a task snapshot and its timeline entry and nothing else
 * (every `task.*` event but the clock alerts, and a step's assignments, projected as its N tasks') are written by one
 * statement, all their snapshots in one multi-row upsert and all their entries in one insert. A run ends before a
 * second event of a task already in it, since an upsert may not touch one row twice; each row's version check is its
 * own, so the stored snapshot is the newest either way. Every other projection is applied alone, after the run
 * before it, so order is kept wherever it could matter. `calendar` counts a decided task's working days (its
 * supervision figures, domain/decision-figures.ts). `last`, when given, ends the statement of the last projection.
 */
export async function applyProjections(
  tx: Tx,
  projections: readonly Projection[],
  calendar: Calendar,
  last?: LastStatement,
): Promise<void> {
  let run: Array<{ task: TaskSnapshot; timeline: TimelineRow }> = []
  const flush = async (end?: LastStatement) => {
    if (run.length === 0) return
    const tasks = taskUpsert(
      run.map((r) => r.task),
      calendar,
    )
    const timeline = timelineInsert(run.map((r) => r.timeline))
    run = []
    await tx.$executeRaw`${together([tasks], timeline, end)}`
  }
  for (const [i, p] of projections.entries()) {
    const [only, ...others] = p.writes
    const task = only?.kind === 'task' && others.length === 0 ? only.row : undefined
    if (!task) {
      await flush()
      await applyProjection(tx, p, calendar, i === projections.length - 1 ? last : undefined)
      continue
    }
    if (run.length >= MAX_TASK_RUN || run.some((r) => r.task.taskId === task.taskId)) await flush()
    run.push({ task, timeline: p.timeline })
  }
  await flush(last)
}

/**
 * What a batch writes after every row of its projections (its live stream's changes, db/changes.ts), made the end of
 * the statement that writes its last rows: given that statement's writes as named CTEs, the whole statement.
 */
export type LastStatement = (before: readonly Prisma.Sql[]) => Prisma.Sql

// A statement's writes are at most two fragments and the timeline entry (applyProjection sends more one by one).
const CTE_NAMES = [Prisma.sql`w0`, Prisma.sql`w1`, Prisma.sql`w2`]

/**
 * One statement: each of `writes` a data-modifying CTE, then `body`; or, with `last`, `body` a CTE too and `last`'s
 * statement around them all. CTEs of one statement do not see each other's rows: the callers never put two writes
 * of one row in one statement.
 */
function together(writes: readonly Prisma.Sql[], body: Prisma.Sql, last?: LastStatement): Prisma.Sql {
  const named = (all: readonly Prisma.Sql[]) =>
    all.map((w, i) => {
      const name = CTE_NAMES[i]
      if (!name) throw new Error(`a statement of ${all.length} writes: at most ${CTE_NAMES.length} go together`)
      return Prisma.sql`${name} AS (${w})`
    })
  if (last) return last(named([...writes, body]))
  return writes.length === 0 ? body : Prisma.sql`WITH ${Prisma.join(named(writes), ', ')} ${body}`
}

/**
 * Writes one event's projection inside the batch's transaction; a failed check throws a
 * refusal, so the event's writes are rolled back and it is dead-lettered: in stream order the cause is always
 * applied before its effect, so an effect without its cause is an inconsistent stream, never something to wait for.
 *
 * The snapshot upserts, alerts and settled promises are single statements, and up to two of them ride with the
 * timeline entry as data-modifying CTEs of its insert: a task event (snapshot + timeline) or a clock alert (snapshot
 * + alert + timeline) is one round trip. A write that is not a fragment (a check, a Prisma upsert) first sends the fragments
 * before it, so every write still runs in the projection's order. CTEs of one statement do not see each other's
 * rows, which is safe because no projection writes one row twice. With `last`, the batch's own last writes (the
 * changes) end that statement.
 */
export async function applyProjection(tx: Tx, p: Projection, calendar: Calendar, last?: LastStatement): Promise<void> {
  const fragments: Prisma.Sql[] = []
  const flush = async () => {
    for (const f of fragments.splice(0)) await tx.$executeRaw`${f}`
  }
  for (const w of p.writes) {
    const fragment = statementOf(w, calendar)
    if (fragment) {
      fragments.push(fragment)
      continue
    }
    await flush()
    switch (w.kind) {
      case 'check-decided-tasks': {
        const decided = await tx.task.count({
          where: { id: { in: w.taskIds }, status: { in: DECIDED_TASK_STATUSES } },
        })
        if (decided < w.taskIds.length) {
          throw new ReadModelRefusal(
            `step decision before its task decisions: ${w.taskIds.length - decided} of its ${w.taskIds.length} task(s) not decided here`,
          )
        }
        break
      }
      case 'check-cured-deficiencies': {
        const owed = await tx.deficiency.count({ where: { applicationId: w.applicationId, curedAt: null } })
        if (owed > 0)
          throw new ReadModelRefusal(`certificate released before its cures: ${owed} material(s) still owed here`)
        break
      }
      case 'project': {
        const r = w.row
        const data = {
          id: r.projectId,
          projectCode: r.projectCode,
          name: r.name,
          projectType: r.projectType,
          region: r.region,
          ownerName: r.ownerName,
          ownerCreditCode: r.ownerCreditCode,
          investmentFen: BigInt(r.investmentFen),
          location: r.location ?? null,
          catalogueVersion: r.catalogueVersion ?? null,
          ...(r.flow === undefined ? {} : { flow: json(r.flow) }),
          ...(r.cap === undefined ? {} : { cap: json(r.cap) }),
          registeredAt: new Date(r.registeredAt),
        }
        await tx.project.upsert({ where: { id: r.projectId }, create: data, update: data })
        break
      }
      case 'flow-clock':
        // The project is registered (intake) before any of its steps is accepted, so before approval's clock.
        await tx.project.updateMany({ where: { id: w.projectId }, data: { flowClock: json(w.row) } })
        break
      case 'deficiency':
        await upsertDeficiency(tx, w.row)
        break
      case 'certificate':
        await insertCertificate(tx, w.row, w.issuedAt)
        break
      case 'revocation':
        // Registration revokes a certificate once; should a second event come, the list keeps the first.
        await tx.certificateRevocation.createMany({
          data: [
            {
              certificateId: w.row.certificateId,
              projectId: w.projectId,
              number: w.row.number,
              revokedOn: new Date(`${w.row.revokedOn}T00:00:00Z`),
              reason: w.row.reason,
              revokedAt: new Date(w.row.revokedAt),
            },
          ],
          skipDuplicates: true,
        })
        break
      default:
        // Written as fragments above.
        break
    }
  }
  if (fragments.length > 2) await flush()
  await tx.$executeRaw`${together(fragments, timelineInsert([p.timeline]), last)}`
}

/**
 * What one event knows of an application, in one statement: a column it carries replaces the stored one, a column it
 * does not carry (NULL here: no patch carries a null) stays, and an event that carries none (a step clock's alert)
 * still updates the row, so its project's answer version moves (the row trigger). A fragment, so it rides with the
 * timeline entry: Prisma's upsert cost a step clock change one statement more and an alert five more (its savepoint
 * and read when there is nothing to update), and a day's clock move brings these by the hundred (approval's sweep on
 * a due day), every later event of the stream queued behind them (read-model-application.int.test.ts).
 */
const applicationUpsert = (r: ApplicationPatch) => {
  const jsonb = (v: unknown) => (v === undefined ? null : JSON.stringify(v))
  return Prisma.sql`
  INSERT INTO application AS s (id, project_id, step, step_name, stage, receipt_number, with_deficiencies,
                                owner_credit_code, items, accepted_at, accepted_on, decision, certificate_released_at,
                                receipt, step_clocks, received_materials, owed_materials, phase, part,
                                follow_ons)
  VALUES (${r.applicationId}::uuid, ${r.projectId}::uuid, ${r.step ?? null}, ${r.stepName ?? null}, ${r.stage ?? null},
          ${r.receiptNumber ?? null}, ${r.withDeficiencies ?? null}::boolean, ${r.ownerCreditCode ?? null},
          ${jsonb(r.items)}::jsonb, ${r.acceptedAt ?? null}::timestamptz, ${r.acceptedOn ?? null}::date,
          ${jsonb(r.decision)}::jsonb, ${r.certificateReleasedAt ?? null}::timestamptz, ${jsonb(r.receipt)}::jsonb,
          ${jsonb(r.stepClocks)}::jsonb, ${jsonb(r.receivedMaterials)}::jsonb, ${jsonb(r.owedMaterials)}::jsonb, ${jsonb(r.phase)}::jsonb,
          ${r.part ?? null}::text, ${jsonb(r.followOns)}::jsonb)
  ON CONFLICT (id) DO UPDATE SET
    step = coalesce(EXCLUDED.step, s.step), step_name = coalesce(EXCLUDED.step_name, s.step_name),
    stage = coalesce(EXCLUDED.stage, s.stage), receipt_number = coalesce(EXCLUDED.receipt_number, s.receipt_number),
    with_deficiencies = coalesce(EXCLUDED.with_deficiencies, s.with_deficiencies),
    owner_credit_code = coalesce(EXCLUDED.owner_credit_code, s.owner_credit_code),
    items = coalesce(EXCLUDED.items, s.items), accepted_at = coalesce(EXCLUDED.accepted_at, s.accepted_at),
    accepted_on = coalesce(EXCLUDED.accepted_on, s.accepted_on), decision = coalesce(EXCLUDED.decision, s.decision),
    certificate_released_at = coalesce(EXCLUDED.certificate_released_at, s.certificate_released_at),
    receipt = coalesce(EXCLUDED.receipt, s.receipt), step_clocks = coalesce(EXCLUDED.step_clocks, s.step_clocks),
    received_materials = coalesce(EXCLUDED.received_materials, s.received_materials),
    owed_materials = coalesce(EXCLUDED.owed_materials, s.owed_materials),
    phase = coalesce(EXCLUDED.phase, s.phase), part = coalesce(EXCLUDED.part, s.part),
    follow_ons = coalesce(EXCLUDED.follow_ons, s.follow_ons)`
}

async function upsertDeficiency(tx: Tx, r: DeficiencyPatch) {
  const fields = defined({
    name: r.name,
    promisedOn: day(r.promisedOn),
    curedAt: instant(r.curedAt),
    curedOn: day(r.curedOn),
    overdueAt: instant(r.overdueAt),
  })
  await tx.deficiency.upsert({
    where: { applicationId_material: { applicationId: r.applicationId, material: r.material } },
    create: { applicationId: r.applicationId, material: r.material, projectId: r.projectId, ...fields },
    update: fields,
  })
}

/**
 * Whether a calendar's move of a day kept on a versioned snapshot (`task-due`, `task-verify-by`, `task-supervision-due`,
 * `case-verify-by`, `rating-due`, `utility-permits-due`) may be set on the row being updated: never over a newer
 * snapshot, as the versioned upserts below. The move is of the subject's version it was computed on and gives none of
 * its own (the service keeps the moved day in that version's state), so a row holding a later version keeps that
 * version's day — a move computed on an older version and delivered after it (a redelivery, a replayed dead letter)
 * would set a day the subject no longer has. A move published before moves named their version applies only where the
 * row's day (`day`, a text expression on the row; NULL where it keeps none) is still the one it moved from.
 */
const moveStillApplies = (w: CalendarMove, day: Prisma.Sql) => {
  const unmoved = Prisma.sql`coalesce(${day}, ${w.from}) = ${w.from}`
  // A re-projection keeps the subject's version, so two publications between two changes both name it: at that
  // version only the move from the day the row holds is the latest (an earlier one replayed would set it back).
  return w.version === undefined
    ? unmoved
    : Prisma.sql`(version < ${w.version}::int OR (version = ${w.version}::int AND ${unmoved}))`
}

/** The writes that are one tagged statement each, as fragments `applyProjection` can send together. */
function statementOf(w: Projection['writes'][number], calendar: Calendar): Prisma.Sql | undefined {
  switch (w.kind) {
    case 'task':
      return taskUpsert([w.row], calendar)
    case 'application':
      return applicationUpsert(w.row)
    case 'notice':
      return noticeUpsert(w.row)
    case 'acceptance':
      return acceptanceUpsert(w.row, calendar)
    case 'utility':
      return utilityUpsert(w.row, calendar)
    case 'registration':
      return registrationUpsert(w.row, calendar)
    case 'alert':
      return alertInsert(w.row)
    case 'lead-alert':
      return leadAlertInsert(w.row)
    case 'task-due':
      // The task's version stays: approval's next snapshot of it carries the same due date, counted on the same calendar.
      return Prisma.sql`UPDATE task SET due_on = ${w.dueOn}::date,
        snapshot = jsonb_set(snapshot, '{dueOn}', to_jsonb(${w.dueOn}::text))
        WHERE id = ${w.taskId}::uuid AND ${moveStillApplies(w, Prisma.sql`snapshot ->> 'dueOn'`)}`
    case 'issue-clock':
      // Kept on the decision it runs from; registration starts it only after the decision is in the stream.
      return Prisma.sql`UPDATE application
        SET decision = jsonb_set(decision, '{issueClock}', ${JSON.stringify(w.issueClock)}::jsonb)
        WHERE id = ${w.applicationId}::uuid AND decision IS NOT NULL`
    case 'task-verify-by':
      // Like `task-due`: approval keeps the moved day in the task's state, so its next snapshot carries it too.
      return Prisma.sql`UPDATE task SET snapshot = jsonb_set(snapshot, '{commitment,verifyBy}', to_jsonb(${w.verifyBy}::text))
        WHERE id = ${w.taskId}::uuid AND snapshot ? 'commitment'
          AND ${moveStillApplies(w, Prisma.sql`snapshot #>> '{commitment,verifyBy}'`)}`
    case 'task-supervision-due':
      // Like `task-due`: approval keeps the moved day in the task's state, so its next snapshot carries it too.
      return Prisma.sql`UPDATE task SET snapshot = jsonb_set(snapshot, '{supervisions}', (
          SELECT jsonb_agg(CASE WHEN s ->> 'id' = ${w.supervisionId}
                                THEN jsonb_set(s, '{deadline,due}', to_jsonb(${w.due}::text)) ELSE s END ORDER BY n)
            FROM jsonb_array_elements(snapshot -> 'supervisions') WITH ORDINALITY AS e(s, n)))
        WHERE id = ${w.taskId}::uuid AND jsonb_typeof(snapshot -> 'supervisions') = 'array'
          AND jsonb_array_length(snapshot -> 'supervisions') > 0
          AND ${moveStillApplies(
            w,
            Prisma.sql`(SELECT s #>> '{deadline,due}' FROM jsonb_array_elements(snapshot -> 'supervisions') AS e(s)
                         WHERE s ->> 'id' = ${w.supervisionId} LIMIT 1)`,
          )}`
    case 'case-verify-by':
      return Prisma.sql`UPDATE acceptance_case SET snapshot = jsonb_set(snapshot, '{items}', (
          SELECT jsonb_agg(CASE WHEN i ->> 'item' = ${w.item} THEN jsonb_set(i, '{verifyBy}', to_jsonb(${w.verifyBy}::text))
                                ELSE i END ORDER BY n)
            FROM jsonb_array_elements(snapshot -> 'items') WITH ORDINALITY AS e(i, n)))
        WHERE id = ${w.caseId}::uuid AND jsonb_typeof(snapshot -> 'items') = 'array'
          AND jsonb_array_length(snapshot -> 'items') > 0
          AND ${moveStillApplies(
            w,
            Prisma.sql`(SELECT i ->> 'verifyBy' FROM jsonb_array_elements(snapshot -> 'items') AS e(i)
                         WHERE i ->> 'item' = ${w.item} LIMIT 1)`,
          )}`
    case 'rating':
      return ratingUpsert(w.row)
    case 'delivery':
      return deliveryUpsert(w.row)
    case 'shared':
      // The newest revision wins, as for the versioned snapshots below.
      return Prisma.sql`INSERT INTO shared_result AS s (project_id, part, key, revision, body, updated_at)
        VALUES (${w.row.projectId}::uuid, ${w.row.part}, ${w.row.key}, ${w.row.revision}::int,
                ${JSON.stringify(w.row.body)}::jsonb, ${w.row.updatedAt}::timestamptz)
        ON CONFLICT (project_id, part, key) DO UPDATE SET
          revision = EXCLUDED.revision, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at
        WHERE s.revision < EXCLUDED.revision`
    case 'rating-due':
      // Like `task-due`: approval keeps the moved day in the rating's state, so its next snapshot carries it too.
      return Prisma.sql`UPDATE rating SET fix_due_on = ${w.dueOn}::date,
        snapshot = jsonb_set(snapshot, '{fix,dueOn}', to_jsonb(${w.dueOn}::text))
        WHERE id = ${w.ratingId}::uuid AND snapshot ? 'fix' AND ${moveStillApplies(w, Prisma.sql`snapshot #>> '{fix,dueOn}'`)}`
    case 'utility-permits-due':
      // Only while the clock runs: a suspended clock's due day moves each day and is carried by none (utility's
      // `permitsDueToday`), a clock done has no day left to order by. And never over a newer snapshot.
      return Prisma.sql`UPDATE utility_request
        SET snapshot = jsonb_set(snapshot, '{permitsDueOn}', to_jsonb(${w.dueOn}::text))
        WHERE id = ${w.requestId}::uuid AND stage = 'outside-line-permits' AND NOT snapshot ? 'permitsDoneAt'
          AND NOT jsonb_path_exists(snapshot, '$.permitsClock.suspensions[*] ? (!(exists(@.to)))')
          AND ${moveStillApplies(w, Prisma.sql`snapshot ->> 'permitsDueOn'`)}`
    case 'settle-pending':
      // The promise made when the gateway answered 201, kept until the event it promised is applied.
      return Prisma.sql`DELETE FROM pending_write WHERE id = ${w.id}::uuid`
    default:
      return undefined
  }
}

// Versioned snapshots: inserted, or replacing the stored row only when the incoming version is newer (`supersedes`:
// a replayed dead letter or a late older snapshot changes nothing). One statement: the conflict's row lock and the
// version comparison are the upsert's own.

/**
 * Snapshots of distinct tasks (an upsert may not touch one row twice in a statement), with a decided task's
 * supervision figures beside them (NULL until a snapshot carries a decision).
 */
const taskUpsert = (tasks: readonly TaskSnapshot[], calendar: Calendar) => Prisma.sql`
  INSERT INTO task AS s (id, application_id, project_id, department, lead, item, status, national_code, version,
                         due_on, snapshot, updated_at, step, decided_on, outcome, on_commitment, supplement_rounds,
                         workdays_used_net, workdays_used_gross, special_procedure_days, overdue, unmeasured)
  VALUES ${Prisma.join(
    tasks.map((t) => {
      const f = decisionFigures(t, calendar)
      const m = f?.measure
      return Prisma.sql`(${t.taskId}::uuid, ${t.applicationId}::uuid, ${t.projectId}::uuid, ${t.department},
          ${t.lead ?? null}, ${t.item}, ${t.status}, ${t.nationalCode}::int, ${t.version}::int, ${t.dueOn ?? null}::date,
          ${JSON.stringify(t)}::jsonb, ${t.updatedAt}::timestamptz, ${t.step ?? null}, ${f?.decidedOn ?? null}::date,
          ${f?.outcome ?? null}, ${f?.onCommitment ?? null}::boolean, ${f?.supplementRounds ?? null}::int,
          ${m?.net ?? null}::int, ${m?.gross ?? null}::int, ${m?.specialProcedureDays ?? null}::int,
          ${m?.overdue ?? null}::boolean, ${f?.unmeasured ?? null})`
    }),
  )}
  ON CONFLICT (id) DO UPDATE SET
    application_id = EXCLUDED.application_id, project_id = EXCLUDED.project_id, department = EXCLUDED.department,
    lead = EXCLUDED.lead,
    item = EXCLUDED.item, status = EXCLUDED.status, national_code = EXCLUDED.national_code,
    version = EXCLUDED.version, due_on = EXCLUDED.due_on, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
    step = EXCLUDED.step, decided_on = EXCLUDED.decided_on, outcome = EXCLUDED.outcome,
    on_commitment = EXCLUDED.on_commitment, supplement_rounds = EXCLUDED.supplement_rounds,
    workdays_used_net = EXCLUDED.workdays_used_net, workdays_used_gross = EXCLUDED.workdays_used_gross,
    special_procedure_days = EXCLUDED.special_procedure_days, overdue = EXCLUDED.overdue,
    unmeasured = EXCLUDED.unmeasured
  WHERE s.version < EXCLUDED.version`

const noticeUpsert = (n: NoticeBody) => Prisma.sql`
  INSERT INTO supplement_notice AS s (id, application_id, project_id, version, status, requests, issued_at, answered_at)
  VALUES (${n.noticeId}::uuid, ${n.applicationId}::uuid, ${n.projectId}::uuid, ${n.version}::int, ${n.status},
          ${JSON.stringify(n.requests)}::jsonb, ${n.issuedAt}::timestamptz, ${n.answeredAt ?? null}::timestamptz)
  ON CONFLICT (id) DO UPDATE SET
    application_id = EXCLUDED.application_id, project_id = EXCLUDED.project_id, version = EXCLUDED.version,
    status = EXCLUDED.status, requests = EXCLUDED.requests, issued_at = EXCLUDED.issued_at,
    answered_at = EXCLUDED.answered_at
  WHERE s.version < EXCLUDED.version`

/** A case's figures columns (20261231000000_stage_figures): NULL until it ends. */
const STAGE_FIGURE_COLUMNS = Prisma.sql`decided_on, outcome, workdays_used_net, workdays_used_gross,
  special_procedure_days, overdue, unmeasured`
const stageFigureValues = (f: StageFigures | undefined) => {
  const m = f?.measure
  return Prisma.sql`${f?.decidedOn ?? null}::date, ${f?.outcome ?? null}, ${m?.net ?? null}::int,
    ${m?.gross ?? null}::int, ${m?.specialProcedureDays ?? null}::int, ${m?.overdue ?? null}::boolean,
    ${f?.unmeasured ?? null}`
}
const STAGE_FIGURE_UPDATES = Prisma.sql`decided_on = EXCLUDED.decided_on, outcome = EXCLUDED.outcome,
    workdays_used_net = EXCLUDED.workdays_used_net, workdays_used_gross = EXCLUDED.workdays_used_gross,
    special_procedure_days = EXCLUDED.special_procedure_days, overdue = EXCLUDED.overdue,
    unmeasured = EXCLUDED.unmeasured`

const acceptanceUpsert = (c: AcceptanceCase, calendar: Calendar) => Prisma.sql`
  INSERT INTO acceptance_case AS s (id, project_id, lead, status, version, snapshot, updated_at, ${STAGE_FIGURE_COLUMNS})
  VALUES (${c.caseId}::uuid, ${c.projectId}::uuid, ${c.lead}, ${c.status}, ${c.version}::int,
          ${JSON.stringify(c)}::jsonb, ${c.updatedAt}::timestamptz, ${stageFigureValues(acceptanceFigures(c, calendar))})
  ON CONFLICT (id) DO UPDATE SET
    project_id = EXCLUDED.project_id, lead = EXCLUDED.lead, status = EXCLUDED.status, version = EXCLUDED.version,
    snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at, ${STAGE_FIGURE_UPDATES}
  WHERE s.version < EXCLUDED.version`

const utilityUpsert = (r: UtilityRequest, calendar: Calendar) => Prisma.sql`
  INSERT INTO utility_request AS s (id, project_id, provider, stage, version, snapshot, updated_at,
                                    ${STAGE_FIGURE_COLUMNS})
  VALUES (${r.requestId}::uuid, ${r.projectId}::uuid, ${r.provider}, ${r.stage}, ${r.version}::int,
          ${JSON.stringify(r)}::jsonb, ${r.updatedAt}::timestamptz, ${stageFigureValues(utilityFigures(r, calendar))})
  ON CONFLICT (id) DO UPDATE SET
    project_id = EXCLUDED.project_id, provider = EXCLUDED.provider, stage = EXCLUDED.stage,
    version = EXCLUDED.version, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
    ${STAGE_FIGURE_UPDATES}
  WHERE s.version < EXCLUDED.version`

const registrationUpsert = (c: RegistrationCase, calendar: Calendar) => Prisma.sql`
  INSERT INTO registration_case AS s (id, project_id, status, version, snapshot, updated_at, ${STAGE_FIGURE_COLUMNS})
  VALUES (${c.caseId}::uuid, ${c.projectId}::uuid, ${c.status}, ${c.version}::int, ${JSON.stringify(c)}::jsonb,
          ${c.updatedAt}::timestamptz, ${stageFigureValues(registrationFigures(c, calendar))})
  ON CONFLICT (id) DO UPDATE SET
    project_id = EXCLUDED.project_id, status = EXCLUDED.status, version = EXCLUDED.version,
    snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at, ${STAGE_FIGURE_UPDATES}
  WHERE s.version < EXCLUDED.version`

/** 好差评: inserted, or replacing the stored row only when the incoming version is newer (as the task upsert). */
const ratingUpsert = (r: RatingSnapshot) => Prisma.sql`
  INSERT INTO rating AS s (id, task_id, application_id, project_id, department, item, first_level, second_level,
                           rated_on, fix_status, fix_due_on, version, snapshot, updated_at)
  VALUES (${r.ratingId}::uuid, ${r.taskId}::uuid, ${r.applicationId}::uuid, ${r.projectId}::uuid, ${r.department},
          ${r.item}, ${r.first.level}, ${r.second?.level ?? null}, ${r.first.ratedOn}::date,
          ${r.fix ? (r.fix.status === 'replied' ? 'replied' : r.fix.overdueOn ? 'overdue' : 'open') : null},
          ${r.fix?.dueOn ?? null}::date, ${r.version}::int, ${JSON.stringify(r)}::jsonb, ${r.updatedAt}::timestamptz)
  ON CONFLICT (id) DO UPDATE SET second_level = EXCLUDED.second_level, fix_status = EXCLUDED.fix_status,
    fix_due_on = EXCLUDED.fix_due_on, version = EXCLUDED.version, snapshot = EXCLUDED.snapshot,
    updated_at = EXCLUDED.updated_at
  WHERE s.version < EXCLUDED.version`

/** A clock alert, once: the event id is the key, so a replay adds nothing. */
const alertInsert = (r: AlertRow) => Prisma.sql`
  INSERT INTO clock_alert (event_id, task_id, project_id, kind, clock, department, item, suspension_id,
                           suspension_kind, due_on, detected_on, detected_at, used, limit_value)
  VALUES (${r.eventId}::uuid, ${r.taskId}::uuid, ${r.projectId}::uuid, ${r.kind}, ${r.clock}, ${r.department},
          ${r.item}, ${r.suspensionId ?? null}, ${r.suspensionKind ?? null}, ${r.dueOn}::date, ${r.detectedOn}::date,
          ${r.detectedAt}::timestamptz, ${r.used}::float8, ${r.limit}::float8)
  ON CONFLICT DO NOTHING`

/** A lead department's alert, once: the event id is the key. */
const leadAlertInsert = (r: LeadAlertRow) => Prisma.sql`
  INSERT INTO lead_alert (event_id, task_id, project_id, application_id, lead, clock, department, item, due_on,
                          detected_on, detected_at, used, limit_value)
  VALUES (${r.eventId}::uuid, ${r.taskId}::uuid, ${r.projectId}::uuid, ${r.applicationId}::uuid, ${r.lead}, ${r.clock},
          ${r.department}, ${r.item}, ${r.dueOn}::date, ${r.detectedOn}::date, ${r.detectedAt}::timestamptz,
          ${r.used}::float8, ${r.limit}::float8)
  ON CONFLICT DO NOTHING`

/** Each event's one timeline entry, once: the event id is the key. */
const timelineInsert = (entries: readonly TimelineRow[]) => Prisma.sql`
  INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, actor, department, outcome,
                              part, phase, booking, raiser, permit)
  VALUES ${Prisma.join(
    entries.map(
      (t) => Prisma.sql`(${t.eventId}::uuid, ${t.projectId}::uuid, ${t.occurredAt}::timestamptz, ${t.type},
          ${t.subject}, ${t.summary}, ${t.actor ?? null}, ${t.department ?? null}, ${t.outcome ?? null},
          ${t.part ?? null}, ${t.phase === undefined ? null : JSON.stringify(t.phase)}::jsonb,
          ${t.booking === undefined ? null : JSON.stringify(t.booking)}::jsonb, ${t.raiser ?? null},
          ${t.permit === undefined ? null : JSON.stringify(t.permit)}::jsonb)`,
    ),
  )}
  ON CONFLICT DO NOTHING`

async function insertCertificate(tx: Tx, c: SignedCertificate, issuedAt: string) {
  const b = c.body
  await tx.certificate.createMany({
    data: [
      {
        id: b.certificateId,
        projectId: b.projectId,
        kind: b.kind,
        number: b.number,
        title: b.title,
        ownerCreditCode: b.owner.creditCode,
        item: b.item ?? null,
        issuer: b.issuer ?? null,
        signed: json(c),
        issuedAt: new Date(issuedAt),
      },
    ],
    skipDuplicates: true,
  })
}
