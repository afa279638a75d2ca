import {
  type NationalCode,
  nationalStates,
  type OwedMaterial,
  OwedMaterials,
  supervisionState,
} from '@onewindow/contracts'
import type { Calendar, ClockState } from '@onewindow/workdays'
import { evaluateClock, legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import {
  AcceptanceView,
  Alert,
  ApplicationFollowOn,
  ApplicationView,
  CertificateSummary,
  type ClockView,
  FlowStepView,
  InboxTask,
  type ProjectStatus,
  type ProjectView,
  RegistrationView,
  StatusTask,
  SupervisedCaseClock,
  SupervisedClock,
  type SupervisionView,
  TimelineView,
  type Unreadable,
  UtilityView,
  WholeFlow,
} from '../http/schemas.js'
import { type DurationHistory, forecastFlow, type StepInput } from './forecast.js'
import type {
  AcceptanceCase,
  AlertRow,
  ApplicationPatch,
  DeficiencyPatch,
  NoticeBody,
  ProjectRow,
  RegistrationCase,
  SignedCertificate,
  StepDecision,
  TaskSnapshot,
  TimelineRow,
  UtilityRequest,
} from './projectors.js'
import { conforming, eachRow, type Rows } from './rows.js'
import { type SharedStatusRow, sharedResults } from './shared-results.js'
import { wholeFlowOf } from './whole-flow.js'

export type ClockSpec = NonNullable<TaskSnapshot['clocks']['committed']>
export type ClockName = 'statutory' | 'committed'
export type Evaluation = {
  calendar: Calendar
  today: string
  yellowAt: number
  /** Clocks already evaluated in this pass, by day and spec: the tasks of one application share theirs. */
  seen?: Map<string, ClockView>
  /** Recent decided tasks' net working days for the forecast; without it the forecast uses committed limits alone. */
  history?: DurationHistory
}

/**
 * The view of `spec` read on `day`. A clock is evaluated once per pass that gives `seen` (a status's six tasks carry
 * two clocks started the same day between them), and again in the next pass; a clock that throws is never kept, so
 * every row holding it is unreadable on its own.
 */
function clockOn(spec: ClockSpec, day: string, ev: Evaluation): ClockView {
  const evaluate = () => clockView(evaluateClock(ev.calendar, spec, day, { yellowAt: ev.yellowAt }))
  if (!ev.seen) return evaluate()
  const key = `${day} ${JSON.stringify(spec)}`
  const known = ev.seen.get(key)
  if (known) return known
  const view = evaluate()
  ev.seen.set(key, view)
  return view
}

/** `ev` with a fresh memory of the clocks evaluated, for one pass over many rows. */
const pass = <E extends Evaluation>(ev: E): E => (ev.seen ? ev : { ...ev, seen: new Map() })

/** A task's statuses once it is decided for good: the read model's queries and the status's views use this one list. */
export const DECIDED_TASK_STATUSES = ['approved', 'rejected', 'closed', 'withdrawn', 'revoked']
const decided = new Set(DECIDED_TASK_STATUSES)
export const isOpen = (t: Pick<TaskSnapshot, 'status'>) => !decided.has(t.status)

// A task's statutory clock carries its extension beside the fields workdays reads.
const extendedOf = (clock: ClockState['clock']): ClockView['extended'] =>
  (clock as { extended?: ClockView['extended'] }).extended

export function clockView(state: ClockState): ClockView {
  return {
    limit: state.clock.limit,
    start: state.clock.start,
    evaluatedOn: state.today,
    due: state.due,
    used: state.used,
    gross: state.gross,
    net: state.used,
    remaining: state.remaining,
    overdueBy: state.overdueBy,
    level: state.level,
    overdue: state.overdue,
    suspended: state.suspended,
    provisional: state.provisional,
    suspensions: state.suspensions.map((s) => ({
      kind: s.suspension.kind,
      ...(s.suspension.legalBasis === undefined ? {} : { legalBasis: s.suspension.legalBasis }),
      from: s.suspension.from,
      ...(s.suspension.to === undefined ? {} : { to: s.suspension.to }),
      open: s.open,
      days: s.days,
      ...(s.due === undefined ? {} : { due: s.due }),
      overrun: s.overrun,
    })),
    ...(extendedOf(state.clock) ? { extended: extendedOf(state.clock) } : {}),
    warnings: state.warnings,
    explanation: state.text,
    entries: state.explanation,
  }
}

/**
 * The day a task's clock is read on: today while the task is open; the decision day once it is decided, so a
 * finished task keeps the level it finished with instead of turning red later.
 */
export function clockDayOf(task: TaskSnapshot, today: string): string {
  const decidedAt = task.decision?.decidedAt
  if (!decidedAt || isOpen(task)) return today
  const day = legalDateOf(decidedAt)
  return day < today ? day : today
}

export function evaluateTaskClock(task: TaskSnapshot, name: ClockName, ev: Evaluation): ClockView | undefined {
  const spec = task.clocks[name]
  if (!spec) return undefined
  return clockOn(spec, clockDayOf(task, ev.today), ev)
}

/**
 * An inbox task. `publishedYears` are the calendar's loaded years: a due date in any other year was counted on
 * weekdays alone and is marked provisional — the year of `dueOn` against the list, no clock evaluated per row (the inbox
 * is a hot path; a clock that starts in an unpublished year and ends in a published one is marked in the status only).
 */
export function inboxTask(t: TaskSnapshot, publishedYears: ReadonlySet<number>): InboxTask {
  const core = taskCore(t)
  return core.dueOn === undefined
    ? core
    : { ...core, dueProvisional: !publishedYears.has(Number(core.dueOn.slice(0, 4))) }
}

/** What the inbox and the status show of every task. */
function taskCore(t: TaskSnapshot): Omit<InboxTask, 'dueProvisional'> {
  return {
    taskId: t.taskId,
    applicationId: t.applicationId,
    projectId: t.projectId,
    ...(t.step === undefined ? {} : { step: t.step }),
    ...(t.phase === undefined ? {} : { phase: t.phase }),
    ...(t.part === undefined ? {} : { part: t.part }),
    item: t.item,
    ...(t.itemName === undefined ? {} : { itemName: t.itemName }),
    department: t.department,
    ...(t.departmentName === undefined ? {} : { departmentName: t.departmentName }),
    status: t.status,
    nationalCode: t.nationalCode,
    nationalName: nationalStates[t.nationalCode as NationalCode]?.zh ?? String(t.nationalCode),
    version: t.version,
    ...(t.claimedBy === undefined ? {} : { claimedBy: t.claimedBy }),
    supplementRoundsUsed: t.supplementRoundsUsed,
    ...(t.dueOn === undefined ? {} : { dueOn: t.dueOn }),
    ...(t.decision === undefined ? {} : { decision: t.decision }),
    ...(t.revocation === undefined ? {} : { revocation: t.revocation }),
    ...(t.followOnOf === undefined ? {} : { followOnOf: t.followOnOf }),
    ...(t.guideMaterials === undefined ? {} : { guideMaterials: t.guideMaterials }),
    updatedAt: t.updatedAt,
  }
}

export function statusTask(t: TaskSnapshot, ev: Evaluation): StatusTask {
  const statutory = evaluateTaskClock(t, 'statutory', ev)
  const committed = evaluateTaskClock(t, 'committed', ev)
  const c = t.commitment
  return {
    ...taskCore(t),
    ...(c === undefined
      ? {}
      : {
          commitment: {
            verifyBy: c.verifyBy,
            ...(c.verification === undefined ? {} : { verification: c.verification }),
            ...(c.verificationOverdueOn === undefined ? {} : { verificationOverdueOn: c.verificationOverdueOn }),
            ...(c.rectification === undefined ? {} : { rectification: c.rectification }),
          },
        }),
    ...(t.deficiencies === undefined ? {} : { deficiencies: t.deficiencies }),
    clocks: { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) },
  }
}

/**
 * Whether the owner has the step's certificate. Intake releases it when the step is approved with nothing owed
 * (CertificateReleasedV1); the same rule is applied here so the status does not say "withheld" in the moment
 * between the decision and intake's release. A rejection or a withdrawal (撤回) withholds it for good.
 */
export function certificateOf(
  app: Pick<ApplicationPatch, 'decision' | 'certificateReleasedAt'>,
  deficiencies: readonly Pick<DeficiencyPatch, 'curedAt'>[],
): ApplicationView['certificate'] {
  if (app.certificateReleasedAt) return 'released'
  if (!app.decision) return 'pending'
  if (app.decision.outcome === 'rejected' || app.decision.outcome === 'withdrawn') return 'withheld'
  return deficiencies.every((d) => d.curedAt) ? 'released' : 'withheld'
}

/** The step's own clocks, read today while the step runs and on its decision day once it is decided. */
function stepClockViews(app: ApplicationPatch, ev: Evaluation): ApplicationView['clocks'] {
  const clocks = app.stepClocks
  if (!clocks || (!clocks.statutory && !clocks.committed)) return undefined
  const day = app.decision && app.decision.decidedOn < ev.today ? app.decision.decidedOn : ev.today
  const statutory = evaluated(clocks.statutory, day, ev)
  const committed = evaluated(clocks.committed, day, ev)
  return { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) }
}

/**
 * 行政许可法第四十四条: the step's issuing clock as a clock view, read today while its permits are not issued and on
 * their issue day once they are; undefined before registration started it.
 */
export function issueClockView(
  c: NonNullable<StepDecision['issueClock']>,
  ev: Evaluation,
): NonNullable<NonNullable<ApplicationView['decision']>['issueClock']> | undefined {
  if (!c.clock) return undefined
  const day = c.issuedOn !== undefined && c.issuedOn < ev.today ? c.issuedOn : ev.today
  return {
    ...clockOn(c.clock, day, ev),
    ...(c.issuedOn === undefined ? {} : { issuedOn: c.issuedOn }),
    ...(c.warnedOn === undefined ? {} : { warnedOn: c.warnedOn }),
    ...(c.overdueOn === undefined ? {} : { overdueOn: c.overdueOn }),
  }
}

const decisionView = (decision: StepDecision | undefined, ev: Evaluation | undefined) => {
  if (!decision) return null
  const { issueClock, ...rest } = decision
  const clock = issueClock && ev ? issueClockView(issueClock, ev) : undefined
  return clock ? { ...rest, issueClock: clock } : rest
}

export function applicationView(
  app: ApplicationPatch,
  deficiencies: readonly DeficiencyPatch[],
  notices: readonly NoticeBody[],
  ev?: Evaluation,
): ApplicationView {
  const clocks = ev ? stepClockViews(app, ev) : undefined
  return {
    applicationId: app.applicationId,
    step: app.step ?? null,
    stepName: app.stepName ?? null,
    ...(app.phase ? { phase: app.phase } : {}),
    ...(app.part ? { part: app.part } : {}),
    receiptNumber: app.receiptNumber ?? null,
    outcome:
      app.withDeficiencies === undefined ? null : app.withDeficiencies ? 'accepted-with-deficiencies' : 'accepted',
    acceptedAt: app.acceptedAt ?? null,
    acceptedOn: app.acceptedOn ?? null,
    deficiencies: deficiencies.map((d) => ({
      material: d.material,
      name: d.name ?? null,
      promisedOn: d.promisedOn ?? null,
      cured: d.curedAt !== undefined,
      curedOn: d.curedOn ?? null,
      overdue: d.overdueAt !== undefined && d.curedAt === undefined,
    })),
    certificate: certificateOf(app, deficiencies),
    decision: decisionView(app.decision, ev),
    notices: notices.map((n) => ({
      noticeId: n.noticeId,
      version: n.version,
      status: n.status,
      requests: n.requests,
      issuedAt: n.issuedAt,
      ...(n.answeredAt === undefined ? {} : { answeredAt: n.answeredAt }),
    })),
    ...receiptView(app),
    ...(clocks ? { clocks } : {}),
    ...followOnsView(app.followOns),
  }
}

const checkFollowOns = Compile(Type.Array(ApplicationFollowOn, { maxItems: 40 }))
/**
 * 后续事项 as the row keeps them; a stored value not of their shape (a hand-edited row) is left out, so the
 * application is still shown, without them.
 */
function followOnsView(stored: unknown): { followOns?: ApplicationFollowOn[] } {
  return stored !== undefined && checkFollowOns.Check(stored) ? { followOns: stored } : {}
}

/**
 * The application's national 办理状态 (1 已接件, 2 已撤件, 3 已受理, 4 不受理, 5 不予受理) with its names, and its receipt;
 * an application accepted before receipts were kept is 3 once accepted.
 */
function receiptView(app: ApplicationPatch) {
  const code = app.receipt?.nationalCode ?? (app.acceptedAt ? 3 : undefined)
  const names = code === undefined ? undefined : nationalStates[code]
  return {
    nationalCode: code ?? null,
    nationalName: names?.zh ?? null,
    nationalNameEn: names?.en ?? null,
    receipt: app.receipt ?? null,
    receivedMaterials: receivedCodes(app.receivedMaterials),
    owedMaterials: owedOf(app.owedMaterials),
  }
}

const checkOwed = Compile(OwedMaterials)
/**
 * 容缺 at 接件 as the row keeps it (the projectors empty it once the receipt is decided), or null: unknown when the
 * events predate it or a stored list is not one (a hand-edited row), so the receipt is still shown, its list unknown.
 */
export function owedOf(stored: unknown): OwedMaterial[] | null {
  if (!checkOwed.Check(stored)) return null
  return stored.map((m) => ({ code: m.code, promisedOn: m.promisedOn }))
}

/**
 * The codes of the materials handed in, or null: a stored list that is not one (a hand-edited row) reads as unknown,
 * so the paper says where the list is kept rather than the status failing.
 */
export function receivedCodes(stored: unknown): { code: string }[] | null {
  if (!Array.isArray(stored)) return null
  const codes = stored.map((m: unknown) =>
    typeof m === 'object' && m !== null && typeof (m as { code?: unknown }).code === 'string'
      ? (m as { code: string }).code
      : undefined,
  )
  return codes.every((c): c is string => c !== undefined && c.length > 0 && c.length <= 100)
    ? codes.map((code) => ({ code }))
    : null
}

/** A receipt withdrawn (2) or refused (4, 5) never became an application of its step: the step is as before it. */
const closedReceipt = (a: ApplicationPatch) =>
  a.receipt?.nationalCode === 2 || a.receipt?.nationalCode === 4 || a.receipt?.nationalCode === 5

/** When an application came in: its receipt, else (accepted before receipts were kept) its acceptance. */
const cameIn = (a: ApplicationPatch) => a.receipt?.receivedAt ?? a.acceptedAt

export function projectView(p: ProjectRow): ProjectView {
  return {
    projectId: p.projectId,
    projectCode: p.projectCode,
    name: p.name,
    projectType: p.projectType,
    region: p.region,
    owner: { name: p.ownerName, creditCode: p.ownerCreditCode },
    investmentFen: p.investmentFen,
    location: p.location ?? null,
    catalogueVersion: p.catalogueVersion ?? null,
    registeredAt: p.registeredAt,
  }
}

/**
 * The flow with each step's state from the latest application for it (or `skipped` / `exempt` as registration
 * judged it), and the current step: the first step neither approved nor skipped nor exempt (the one being worked
 * on, or the next to apply for). A step applied for in phases (分阶段办理) is `in-progress` while its latest approved
 * phase is not its last, and names that phase with the number of its phases approved. A building's own application
 * (按照单位工程办理施工许可) is no application of the whole step: it is listed in the step's `parts` with its state, and
 * a step with only those is `in-progress`.
 */
export function flowOf(project: ProjectRow, applications: readonly ApplicationPatch[]) {
  const latest = new Map<string, ApplicationPatch>()
  const byPart = new Map<string, Map<string, ApplicationPatch>>()
  // Total over any stored value: an application whose receipt has no string date sorts too (and is named by the
  // status's own row for it), so whether the flow reads never depends on the order the rows came in.
  for (const a of [...applications].sort((x, y) => String(cameIn(x) ?? '').localeCompare(String(cameIn(y) ?? '')))) {
    if (!a.step || closedReceipt(a)) continue
    if (a.part) byPart.set(a.step, (byPart.get(a.step) ?? new Map()).set(a.part, a))
    else latest.set(a.step, a)
  }
  const flow = (project.flow ?? []).map((s) => {
    const app = latest.get(s.step)
    const parts = [...(byPart.get(s.step) ?? new Map<string, ApplicationPatch>()).entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([part, a]) => ({ part, state: a.decision ? a.decision.outcome : 'in-progress' }))
    const exempt = s.items.length > 0 && s.items.every((i) => s.exemptItems?.some((e) => e.item === i))
    // Skipped and exempt are decided at registration from the project's facts; no application changes them.
    const phase = app?.phase
    const earlierPhase = phase !== undefined && phase !== null && phase.number < phase.count
    const state = s.skippedBy
      ? 'skipped'
      : exempt
        ? 'exempt'
        : !app
          ? parts.length > 0
            ? 'in-progress'
            : 'not-started'
          : app.decision && !(earlierPhase && app.decision.outcome === 'approved')
            ? app.decision.outcome
            : 'in-progress'
    const approved = new Set(
      applications
        .filter(
          (a) => a.step === s.step && !a.part && a.phase && a.decision?.outcome === 'approved' && !closedReceipt(a),
        )
        .map((a) => a.phase?.code),
    ).size
    return {
      ...s,
      state,
      ...(phase ? { phase: { ...phase, approved } } : {}),
      ...(parts.length > 0 ? { parts } : {}),
    } as ProjectStatus['flow'][number]
  })
  const current = flow.find((s) => s.state !== 'approved' && s.state !== 'skipped' && s.state !== 'exempt')
  return { flow, currentStep: current?.step ?? null }
}

const checkFlowStep = conforming(FlowStepView)

/**
 * The project's flow as {@link flowOf} gives it, each step checked against its view; a flow that cannot be read
 * (a step without its fields) is `project-flow` in `unreadable`, with no flow.
 */
export function readableFlow(project: ProjectRow, applications: readonly ApplicationPatch[]) {
  const { views, unreadable } = eachRow(
    [project],
    'project-flow',
    (p) => p.projectId,
    (p) => {
      const { flow, currentStep } = flowOf(p, applications)
      return [{ flow: flow.map(checkFlowStep), currentStep }]
    },
  )
  return { ...(views[0] ?? { flow: [], currentStep: null }), unreadable }
}

export type StatusRows = {
  project: ProjectRow
  acceptance: AcceptanceCase[]
  utilities: UtilityRequest[]
  registrations: RegistrationCase[]
  certificates: SignedCertificate[]
  applications: ApplicationPatch[]
  deficiencies: DeficiencyPatch[]
  tasks: TaskSnapshot[]
  notices: NoticeBody[]
  alerts: AlertRow[]
  timeline: TimelineRow[]
  /** 区域评估, 用地清单, 帮办代办, 中介服务 rows (migration 20261207200100_shared_result); none when absent. */
  shared?: SharedStatusRow[]
}

const checkTask = conforming(StatusTask)
const checkInbox = conforming(InboxTask)
const checkApplication = conforming(ApplicationView)
const checkAlert = conforming(Alert)
const checkTimeline = conforming(TimelineView)

/** The entries whose `outcome` the status shows (the gateway keeps none on the others). */
const WITH_OUTCOME = new Set([
  'task.decided',
  'supplement-notice.issued',
  'task.commitment-breached',
  'acceptance.commitment-rectification-escalated',
])

/**
 * A timeline row as the status shows it; a decision's entry with its outcome, a closed 补正 notice's with its state,
 * a breach's with `deficiency` when the promise broken was a 容缺 one, 逾期未整改's further measure (approval's breach
 * told again, joint acceptance's own entry) with the measures it took.
 */
export function timelineEntryView(e: TimelineRow): TimelineView {
  const outcome = WITH_OUTCOME.has(e.type) ? (e.outcome ?? undefined) : undefined
  return {
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    type: e.type,
    summary: e.summary,
    ...(e.actor === undefined ? {} : { actor: e.actor }),
    ...(e.department === undefined ? {} : { department: e.department }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(e.part === undefined || e.part === null ? {} : { part: e.part }),
    ...(e.phase === undefined || e.phase === null ? {} : { phase: e.phase }),
    ...(e.booking === undefined || e.booking === null ? {} : { booking: e.booking }),
    ...(e.raiser === undefined || e.raiser === null ? {} : { raiser: e.raiser }),
    ...(e.type !== 'utility.advanced' || e.permit === undefined || e.permit === null ? {} : { permit: e.permit }),
  }
}
const checkAcceptance = conforming(AcceptanceView)
const checkUtility = conforming(UtilityView)
const checkRegistration = conforming(RegistrationView)
const checkCertificate = conforming(CertificateSummary)
const checkSupervised = conforming(SupervisedClock)
const checkSupervisedCase = conforming(SupervisedCaseClock)
const checkWholeFlow = conforming(WholeFlow)

/** An inbox task, or why the stored row cannot be one. */
export const checkedInboxTask = (publishedYears: ReadonlySet<number>) => (t: TaskSnapshot) =>
  checkInbox(inboxTask(t, publishedYears))

/**
 * A project's whole status, clocks read on `today` (the caller's clock), from read-model rows only. Each row is
 * evaluated on its own: one that cannot be (an impossible date in its clock, a field missing) is listed in
 * `unreadable` and left out, and the whole-flow clock, which counts several rows, is null while one of them is bad.
 */
export function projectStatus(rows: StatusRows, evaluation: Evaluation & { now: Date }): ProjectStatus {
  const ev = pass(evaluation)
  const unreadable: Unreadable[] = []
  const keep = <T>(r: { views: T[]; unreadable: Unreadable[] }) => {
    unreadable.push(...r.unreadable)
    return r.views
  }
  const byApp = <T extends { applicationId: string }>(list: readonly T[], id: string) =>
    list.filter((x) => x.applicationId === id)
  const { flow, currentStep, unreadable: badFlow } = readableFlow(rows.project, rows.applications)
  unreadable.push(...badFlow)
  const acceptance = eachRow(
    rows.acceptance,
    'acceptance',
    (c) => c.caseId,
    (c) => checkAcceptance(acceptanceView(c, ev)),
  )
  const registration = eachRow(
    rows.registrations,
    'registration',
    (c) => c.caseId,
    (c) => checkRegistration(registrationView(c, ev)),
  )
  const bad = new Set([...acceptance.unreadable, ...registration.unreadable].map((u) => u.id))
  const wholeFlow = keep(
    eachRow(
      [rows.project],
      'whole-flow',
      (p) => p.projectId,
      (p) => [
        checkWholeFlow({
          ...wholeFlowOf(
            {
              ...rows,
              project: p,
              acceptance: rows.acceptance.filter((c) => !bad.has(c.caseId)),
              registrations: rows.registrations.filter((c) => !bad.has(c.caseId)),
            },
            ev.calendar,
            ev.today,
          ),
          ...flowClockView(p, ev),
        }),
      ],
    ),
  )[0]
  const tasks = keep(
    eachRow(
      rows.tasks,
      'task',
      (t) => t.taskId,
      (t) => checkTask(statusTask(t, ev)),
      (t) => t.department,
    ),
  )
  const shared = sharedResults(rows.shared ?? [], ev.today, (spec, day) => clockOn(spec, day, ev))
  unreadable.push(...shared.unreadable)
  return {
    project: projectView(rows.project),
    flow,
    currentStep,
    applications: keep(
      eachRow(
        // Total over any stored value, as the timeline's: a receipt whose `receivedAt` is no string still sorts, and
        // is named by its own row below.
        [...rows.applications].sort((a, b) => String(cameIn(a) ?? '9').localeCompare(String(cameIn(b) ?? '9'))),
        'application',
        (a) => a.applicationId,
        (a) =>
          checkApplication(
            applicationView(a, byApp(rows.deficiencies, a.applicationId), byApp(rows.notices, a.applicationId), ev),
          ),
      ),
    ),
    tasks,
    alerts: keep(
      eachRow(
        rows.alerts,
        'alert',
        (a) => a.eventId,
        (a) => {
          const { eventId, ...rest } = a
          return checkAlert({ alertId: eventId, ...rest, kind: a.kind })
        },
        (a) => a.department,
      ),
    ),
    timeline: keep(
      eachRow(
        [...rows.timeline].sort(
          (a, b) => String(a.occurredAt).localeCompare(String(b.occurredAt)) || a.eventId.localeCompare(b.eventId),
        ),
        'timeline',
        (e) => e.eventId,
        (e) => checkTimeline(timelineEntryView(e)),
        (e) => e.department,
      ),
    ),
    acceptance: keep(acceptance),
    utilities: keep(
      eachRow(
        rows.utilities,
        'utility',
        (r) => r.requestId,
        (r) => checkUtility(utilityView(withoutContact(r), ev)),
      ),
    ),
    registration: keep(registration),
    certificates: keep(
      eachRow(
        rows.certificates,
        'certificate',
        (c) => c.body.certificateId,
        (c) => checkCertificate(certificateSummary(c)),
      ),
    ),
    wholeFlow: wholeFlow ?? null,
    // Like every other part, a forecast that cannot be made from the rows is null and says why in `unreadable`,
    // never a status that fails whole.
    forecast:
      badFlow.length > 0
        ? null
        : (keep(
            eachRow(
              [rows.project],
              'forecast',
              (p) => p.projectId,
              () => projectForecast(rows, flow, tasks, wholeFlow, ev),
            ),
          )[0] ?? null),
    shared: shared.shared,
    asOf: { instant: ev.now.toISOString(), today: ev.today },
    unreadable,
  }
}

const forecastState = (state: ProjectStatus['flow'][number]['state']): StepInput['state'] =>
  state === 'approved' || state === 'skipped' || state === 'exempt'
    ? 'done'
    : state === 'rejected' || state === 'withdrawn'
      ? 'stopped'
      : state === 'in-progress'
        ? 'running'
        : 'waiting'

/**
 * 预计办结 — the forecast (domain/forecast.ts) from the flow's steps as the status shows them: a running step's open
 * tasks with the net working days their clocks have counted (committed clock, else statutory) and whether it is
 * paused; a running step without open tasks (joint acceptance, registration) with the days the whole-flow clock counts;
 * a step taken in phases with the phases left to apply for.
 */
export function projectForecast(
  rows: Pick<StatusRows, 'project' | 'applications'>,
  flow: ProjectStatus['flow'],
  tasks: readonly StatusTask[],
  wholeFlow: WholeFlow | undefined,
  ev: Evaluation,
) {
  const steps: StepInput[] = flow.map((s) => {
    const applications = new Set(rows.applications.filter((a) => a.step === s.step).map((a) => a.applicationId))
    const work = tasks
      .filter((t) => isOpen(t) && (t.step === s.step || applications.has(t.applicationId)))
      .map((t) => {
        const clock = t.clocks.committed ?? t.clocks.statutory
        return {
          department: t.department,
          item: t.item,
          used: clock?.net ?? 0,
          ...(t.clocks.committed ? { committed: t.clocks.committed.limit } : {}),
          paused: clock?.suspended ?? false,
        }
      })
    // 分阶段办理: its latest phase approved and the next not applied for, the step waits on the owner (the works go on
    // between phases), not on a department: it is forecast as a step not yet applied for, once per phase left.
    const phase = s.state === 'in-progress' ? s.phase : undefined
    const betweenPhases = phase !== undefined && phase.approved >= phase.number && work.length === 0
    return {
      step: s.step,
      ...(s.after === undefined ? {} : { after: s.after }),
      state: betweenPhases ? 'waiting' : forecastState(s.state),
      ...(phase && phase.count > phase.number ? { phasesToApply: phase.count - phase.number } : {}),
      items: s.items.filter((i) => !s.exemptItems?.some((e) => e.item === i)),
      ...(s.limit === undefined ? {} : { limit: s.limit }),
      work,
      // A phase's application not yet at the departments has used none of its own days: the whole-flow clock's count
      // for the step is its earlier phases'.
      used: phase ? 0 : (wholeFlow?.steps.find((w) => w.step === s.step)?.used ?? 0),
    }
  })
  return forecastFlow(steps, ev.history ?? new Map(), ev.calendar, ev.today, rows.project.region)
}

/** The whole-flow cap clock approval runs, read today (it stops between steps by its own pauses). */
function flowClockView(p: ProjectRow, ev: Evaluation): Pick<WholeFlow, 'clock' | 'capSource' | 'counted'> {
  const f = p.flowClock
  if (!f) return {}
  return {
    clock: clockOn(f.clock, ev.today, ev),
    ...(f.cap.source === undefined ? {} : { capSource: f.cap.source }),
    counted: f.steps,
  }
}

/** A finished case's clock is read on the day it finished, so it keeps the level it finished with. */
const dayOf = (endedAt: string | undefined, today: string) => {
  if (!endedAt) return today
  const day = legalDateOf(endedAt)
  return day < today ? day : today
}

const evaluated = (spec: ClockSpec | undefined, day: string, ev: Evaluation) =>
  spec ? clockOn(spec, day, ev) : undefined

export function acceptanceView(c: AcceptanceCase, ev: Evaluation): AcceptanceView {
  const clockState = evaluated(c.clock, dayOf(c.decidedAt, ev.today), ev)
  return { ...c, ...(clockState ? { clockState } : {}) }
}

/**
 * A request as the project's status shows it, to its owner, the desk and supervision: without the desk's
 * 申请联系人/联系电话, which only the request's provider reads (its own list; docs/utility.md#whom-the-provider-calls).
 */
function withoutContact(r: UtilityRequest): UtilityRequest {
  const { applicationContact: _, ...rest } = r
  return rest
}

export function utilityView(r: UtilityRequest, ev: Evaluation): UtilityView {
  const day = dayOf(r.connectedAt, ev.today)
  const clockState = evaluated(r.clock, day, ev)
  const permitsClockState = evaluated(r.permitsClock, dayOf(r.permitsDoneAt ?? r.connectedAt, ev.today), ev)
  return { ...r, ...(clockState ? { clockState } : {}), ...(permitsClockState ? { permitsClockState } : {}) }
}

export function registrationView(c: RegistrationCase, ev: Evaluation): RegistrationView {
  const clockState = evaluated(c.clock, dayOf(c.completedAt, ev.today), ev)
  return { ...c, ...(clockState ? { clockState } : {}) }
}

export function certificateSummary(c: SignedCertificate): CertificateSummary {
  const b = c.body
  return {
    certificateId: b.certificateId,
    kind: b.kind,
    number: b.number,
    title: b.title,
    ...(b.part === undefined ? {} : { part: b.part }),
    ...(b.item === undefined ? {} : { item: b.item }),
    ...(b.phase === undefined ? {} : { phase: b.phase }),
    ...(b.issuer === undefined ? {} : { issuer: b.issuer }),
  }
}

/**
 * The 督办 of `tasks` whose reply-by day has passed unanswered on `today` (the gateway's legal day), whatever the
 * task's state: a decision answers no 督办, its reply stays owed (docs/legal-time.md#督办-of-an-approval-task). A task
 * whose 督办 cannot be read counts none: the list beside the count names it unreadable, and the count still answers.
 */
export const overdueSupervisionCount = (tasks: readonly TaskSnapshot[], today: string): number =>
  eachRow(
    tasks,
    'task',
    (t) => t.taskId,
    (t) => (t.supervisions ?? []).filter((s) => supervisionState(s, today) === 'overdue').length,
  ).views.reduce((n, c) => n + c, 0)

/**
 * Every clock of the open tasks at a level, soonest due first; a task whose clocks cannot be read is set aside. With
 * `supervision: 'overdue'`, only the clocks of tasks with a 督办 overdue today, and at any level when none is asked —
 * a 督办 left unanswered is for the office to chase whatever the task's light — decided tasks among them (their
 * clocks at the level they finished with): the reply is owed after the decision.
 */
export function supervisedClocks(
  tasks: readonly TaskSnapshot[],
  projects: ReadonlyMap<string, Pick<ProjectRow, 'projectCode' | 'name'>>,
  level: ClockView['level'] | undefined,
  evaluation: Evaluation,
  supervision?: 'overdue',
): Rows<SupervisedClock> {
  const ev = pass(evaluation)
  const { views, unreadable } = eachRow(
    tasks,
    'task',
    (t) => t.taskId,
    (t) => {
      const out: SupervisedClock[] = []
      if (!isOpen(t) && !supervision) return out
      if (supervision && !(t.supervisions ?? []).some((s) => supervisionState(s, ev.today) === supervision)) return out
      const p = projects.get(t.projectId)
      const row = (clock?: { clock: ClockName; state: ClockView }) =>
        checkSupervised({
          taskId: t.taskId,
          applicationId: t.applicationId,
          project: { projectId: t.projectId, projectCode: p?.projectCode ?? null, name: p?.name ?? null },
          department: t.department,
          ...(t.departmentName === undefined ? {} : { departmentName: t.departmentName }),
          item: t.item,
          ...(t.itemName === undefined ? {} : { itemName: t.itemName }),
          status: t.status,
          ...clock,
          ...(t.supervisions?.length ? { supervisions: supervisionViews(t, ev.today) } : {}),
        })
      let clocked = false
      for (const clock of ['statutory', 'committed'] as const) {
        const state = evaluateTaskClock(t, clock, ev)
        if (!state) continue
        clocked = true
        if (level ? state.level !== level : state.level === 'green' && !supervision) continue
        out.push(row({ clock, state }))
      }
      // A task with no clock has no light to list it by: its overdue 督办 is still for the office to chase, on one row
      // with no clock — unless a level is asked, which it has none of.
      if (!clocked && supervision && !level) out.push(row())
      return out
    },
    (t) => t.department,
  )
  return {
    views: views.sort((a, b) => listDayOf(a).localeCompare(listDayOf(b)) || a.taskId.localeCompare(b.taskId)),
    unreadable,
  }
}

/** A row's day in the list's order: its clock's due day, else (no clock) the earliest reply-by day it left unanswered. */
const listDayOf = (c: SupervisedClock): string =>
  c.state?.due ??
  (c.supervisions ?? [])
    .filter((s) => s.state === 'overdue')
    .map((s) => s.due)
    .sort()[0] ??
  ''

/** A task's 督办 as read on `today`: each with its state (open, overdue past its day unanswered, answered). */
export const supervisionViews = (t: Pick<TaskSnapshot, 'supervisions'>, today: string): SupervisionView[] =>
  (t.supervisions ?? []).map((s) => ({
    id: s.id,
    note: s.note,
    openedOn: s.openedOn,
    openedAt: s.openedAt,
    ...(s.openedBy === undefined ? {} : { openedBy: s.openedBy }),
    due: s.deadline.due,
    ...(s.response === undefined ? {} : { response: s.response }),
    ...(s.deadline.doneOn === undefined ? {} : { respondedOn: s.deadline.doneOn }),
    ...(s.respondedAt === undefined ? {} : { respondedAt: s.respondedAt }),
    ...(s.respondedBy === undefined ? {} : { respondedBy: s.respondedBy }),
    state: supervisionState(s, today),
  }))

/**
 * The clocks of joint acceptance cases not yet decided, outside-line permits not yet all granted and registration
 * cases not yet completed, at a level (yellow or red when none is given), soonest due first: what a supervisor
 * chases besides the task clocks.
 */
export function supervisedCaseClocks(
  rows: {
    acceptance: readonly AcceptanceCase[]
    utilities: readonly UtilityRequest[]
    registration: readonly RegistrationCase[]
  },
  projects: ReadonlyMap<string, Pick<ProjectRow, 'projectCode' | 'name'>>,
  level: ClockView['level'] | undefined,
  evaluation: Evaluation,
): Rows<SupervisedCaseClock> {
  const ev = pass(evaluation)
  type Running = Omit<SupervisedCaseClock, 'project' | 'state'> & { projectId: string; spec: ClockSpec | undefined }
  /** A running case's clock at the level asked for, or none; throws for a row that cannot be one. */
  const clockOf = ({ spec, projectId, ...rest }: Running): SupervisedCaseClock[] => {
    const state = evaluated(spec, ev.today, ev)
    if (!state || (level ? state.level !== level : state.level === 'green')) return []
    const p = projects.get(projectId)
    return [
      checkSupervisedCase({
        ...rest,
        project: { projectId, projectCode: p?.projectCode ?? null, name: p?.name ?? null },
        state,
      }),
    ]
  }
  // Each row on its own, picking the running ones included: a row that cannot even say its status (a snapshot that is
  // no object) is named as unreadable with its kind, and the other rows and the task clocks answer.
  const acceptance = eachRow(
    rows.acceptance,
    'acceptance',
    (c) => c.caseId,
    (c) =>
      c.status === 'passed' || c.status === 'failed'
        ? []
        : clockOf({
            kind: 'acceptance',
            id: c.caseId,
            projectId: c.projectId,
            responsible: c.lead,
            status: c.status,
            spec: c.clock,
          }),
  )
  const utilities = eachRow(
    rows.utilities,
    'utility-permits',
    (r) => r.requestId,
    (r) =>
      r.stage !== 'outside-line-permits'
        ? []
        : clockOf({
            kind: 'utility-permits',
            id: r.requestId,
            projectId: r.projectId,
            responsible: r.provider,
            status: r.stage,
            spec: r.permitsClock,
          }),
  )
  const registration = eachRow(
    rows.registration,
    'registration',
    (c) => c.caseId,
    (c) =>
      c.status !== 'open'
        ? []
        : clockOf({
            kind: 'registration',
            id: c.caseId,
            projectId: c.projectId,
            responsible: 'registration',
            status: c.status,
            spec: c.clock,
          }),
  )
  const all = [acceptance, utilities, registration]
  return {
    views: all
      .flatMap((r) => r.views)
      .sort((a, b) => a.state.due.localeCompare(b.state.due) || a.id.localeCompare(b.id)),
    unreadable: all.flatMap((r) => r.unreadable),
  }
}
