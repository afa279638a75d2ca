import { type Actor, type NationalCode, nationalStates } from '@onewindow/contracts'
import type { Calendar, ClockState } from '@onewindow/workdays'
import { evaluateClock, legalDateOf } from '@onewindow/workdays'
import type {
  AcceptanceView,
  ApplicationView,
  CertificateSummary,
  ClockView,
  InboxTask,
  ProjectStatus,
  ProjectView,
  RegistrationView,
  StatusTask,
  SupervisedCaseClock,
  SupervisedClock,
  UtilityView,
} from '../http/schemas.js'
import type {
  AcceptanceCase,
  AlertRow,
  ApplicationPatch,
  DeficiencyPatch,
  NoticeBody,
  ProjectRow,
  RegistrationCase,
  SignedCertificate,
  TaskSnapshot,
  TimelineRow,
  UtilityRequest,
} from './projectors.js'
import { wholeFlowOf } from './whole-flow.js'

export type ClockSpec = NonNullable<TaskSnapshot['clocks']['committed']>
export type ClockName = 'statutory' | 'committed'
export type Evaluation = { calendar: Calendar; today: string; yellowAt: number }

const decided = new Set(['approved', 'rejected', 'closed'])
export const isOpen = (t: Pick<TaskSnapshot, 'status'>) => !decided.has(t.status)

export function clockView(state: ClockState): ClockView {
  return {
    limit: state.clock.limit,
    start: state.clock.start,
    evaluatedOn: state.today,
    due: state.due,
    used: state.used,
    remaining: state.remaining,
    overdueBy: state.overdueBy,
    level: state.level,
    overdue: state.overdue,
    suspended: state.suspended,
    provisional: state.provisional,
    suspensions: state.suspensions.map((s) => ({
      kind: s.suspension.kind,
      from: s.suspension.from,
      ...(s.suspension.to === undefined ? {} : { to: s.suspension.to }),
      open: s.open,
      days: s.days,
      ...(s.due === undefined ? {} : { due: s.due }),
      overrun: s.overrun,
    })),
    warnings: state.warnings,
    explanation: state.text,
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
  return clockView(evaluateClock(ev.calendar, spec, clockDayOf(task, ev.today), { yellowAt: ev.yellowAt }))
}

export function inboxTask(t: TaskSnapshot): InboxTask {
  return {
    taskId: t.taskId,
    applicationId: t.applicationId,
    projectId: t.projectId,
    ...(t.step === undefined ? {} : { step: t.step }),
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
    updatedAt: t.updatedAt,
  }
}

export function statusTask(t: TaskSnapshot, ev: Evaluation): StatusTask {
  const statutory = evaluateTaskClock(t, 'statutory', ev)
  const committed = evaluateTaskClock(t, 'committed', ev)
  return {
    ...inboxTask(t),
    clocks: { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) },
  }
}

/**
 * Whether the owner has the step's certificate. Intake releases it when the step is approved with nothing owed
 * (CertificateReleasedV1); the same rule is applied here so the status does not say "withheld" in the moment
 * between the decision and intake's release. A rejection withholds it for good.
 */
export function certificateOf(
  app: Pick<ApplicationPatch, 'decision' | 'certificateReleasedAt'>,
  deficiencies: readonly Pick<DeficiencyPatch, 'curedAt'>[],
): ApplicationView['certificate'] {
  if (app.certificateReleasedAt) return 'released'
  if (!app.decision) return 'pending'
  if (app.decision.outcome === 'rejected') return 'withheld'
  return deficiencies.every((d) => d.curedAt) ? 'released' : 'withheld'
}

export function applicationView(
  app: ApplicationPatch,
  deficiencies: readonly DeficiencyPatch[],
  notices: readonly NoticeBody[],
): ApplicationView {
  return {
    applicationId: app.applicationId,
    step: app.step ?? null,
    stepName: app.stepName ?? null,
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
    decision: app.decision ?? null,
    notices: notices.map((n) => ({
      noticeId: n.noticeId,
      version: n.version,
      status: n.status,
      requests: n.requests,
      issuedAt: n.issuedAt,
      ...(n.answeredAt === undefined ? {} : { answeredAt: n.answeredAt }),
    })),
  }
}

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
 * The flow with each step's state from the latest application for it, and the current step: the first step not
 * yet approved (the one being worked on, or the next to apply for).
 */
export function flowOf(project: ProjectRow, applications: readonly ApplicationPatch[]) {
  const latest = new Map<string, ApplicationPatch>()
  for (const a of [...applications].sort((x, y) => (x.acceptedAt ?? '').localeCompare(y.acceptedAt ?? ''))) {
    if (a.step) latest.set(a.step, a)
  }
  const flow = (project.flow ?? []).map((s) => {
    const app = latest.get(s.step)
    const state = !app ? 'not-started' : app.decision ? app.decision.outcome : 'in-progress'
    return { ...s, state } as ProjectStatus['flow'][number]
  })
  const current = flow.find((s) => s.state !== 'approved')
  return { flow, currentStep: current?.step ?? null }
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
}

/** A project's whole status, clocks read on `today` (the caller's clock), from read-model rows only. */
export function projectStatus(rows: StatusRows, ev: Evaluation & { now: Date }): ProjectStatus {
  const { flow, currentStep } = flowOf(rows.project, rows.applications)
  const byApp = <T extends { applicationId: string }>(list: readonly T[], id: string) =>
    list.filter((x) => x.applicationId === id)
  return {
    project: projectView(rows.project),
    flow,
    currentStep,
    applications: [...rows.applications]
      .sort((a, b) => (a.acceptedAt ?? '9').localeCompare(b.acceptedAt ?? '9'))
      .map((a) => applicationView(a, byApp(rows.deficiencies, a.applicationId), byApp(rows.notices, a.applicationId))),
    tasks: rows.tasks.map((t) => statusTask(t, ev)),
    alerts: rows.alerts.map((a) => {
      const { eventId, ...rest } = a
      return { alertId: eventId, ...rest, kind: a.kind }
    }),
    timeline: [...rows.timeline]
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId))
      .map((e) => ({
        eventId: e.eventId,
        occurredAt: e.occurredAt,
        type: e.type,
        summary: e.summary,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
      })),
    acceptance: rows.acceptance.map((c) => acceptanceView(c, ev)),
    utilities: rows.utilities.map((r) => utilityView(r, ev)),
    registration: rows.registrations.map((c) => registrationView(c, ev)),
    certificates: rows.certificates.map(certificateSummary),
    wholeFlow: wholeFlowOf(rows, ev.calendar, ev.today),
    asOf: { instant: ev.now.toISOString(), today: ev.today },
  }
}

/** A finished case's clock is read on the day it finished, so it keeps the level it finished with. */
const dayOf = (endedAt: string | undefined, today: string) => {
  if (!endedAt) return today
  const day = legalDateOf(endedAt)
  return day < today ? day : today
}

const evaluated = (spec: ClockSpec | undefined, day: string, ev: Evaluation) =>
  spec ? clockView(evaluateClock(ev.calendar, spec, day, { yellowAt: ev.yellowAt })) : undefined

export function acceptanceView(c: AcceptanceCase, ev: Evaluation): AcceptanceView {
  const clockState = evaluated(c.clock, dayOf(c.decidedAt, ev.today), ev)
  return { ...c, ...(clockState ? { clockState } : {}) }
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
    ...(b.item === undefined ? {} : { item: b.item }),
  }
}

/**
 * What of a status a caller may see. A reviewer reads a project its department works on, but only its own
 * department's tasks, alerts and timeline entries about tasks; everyone else allowed to read it sees it whole.
 */
export function scopeStatus(status: ProjectStatus, rows: Pick<StatusRows, 'timeline'>, actor: Actor): ProjectStatus {
  if (actor.role !== 'reviewer') return status
  const mine = (department: string | undefined) => department === undefined || department === actor.department
  const hidden = new Set(rows.timeline.filter((e) => !mine(e.department)).map((e) => e.eventId))
  return {
    ...status,
    tasks: status.tasks.filter((t) => t.department === actor.department),
    alerts: status.alerts.filter((a) => a.department === actor.department),
    timeline: status.timeline.filter((e) => !hidden.has(e.eventId)),
  }
}

/** Every clock of the open tasks at a level, soonest due first. */
export function supervisedClocks(
  tasks: readonly TaskSnapshot[],
  projects: ReadonlyMap<string, Pick<ProjectRow, 'projectCode' | 'name'>>,
  level: ClockView['level'] | undefined,
  ev: Evaluation,
): SupervisedClock[] {
  const out: SupervisedClock[] = []
  for (const t of tasks) {
    if (!isOpen(t)) continue
    for (const clock of ['statutory', 'committed'] as const) {
      const state = evaluateTaskClock(t, clock, ev)
      if (!state) continue
      if (level ? state.level !== level : state.level === 'green') continue
      const p = projects.get(t.projectId)
      out.push({
        taskId: t.taskId,
        applicationId: t.applicationId,
        project: { projectId: t.projectId, projectCode: p?.projectCode ?? null, name: p?.name ?? null },
        department: t.department,
        ...(t.departmentName === undefined ? {} : { departmentName: t.departmentName }),
        item: t.item,
        ...(t.itemName === undefined ? {} : { itemName: t.itemName }),
        status: t.status,
        clock,
        state,
      })
    }
  }
  return out.sort((a, b) => a.state.due.localeCompare(b.state.due) || a.taskId.localeCompare(b.taskId))
}

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
  ev: Evaluation,
): SupervisedCaseClock[] {
  const running = [
    ...rows.acceptance
      .filter((c) => c.status !== 'passed' && c.status !== 'failed')
      .map((c) => ({
        kind: 'acceptance' as const,
        id: c.caseId,
        projectId: c.projectId,
        responsible: c.lead,
        status: c.status,
        spec: c.clock,
      })),
    ...rows.utilities
      .filter((r) => r.stage === 'outside-line-permits')
      .map((r) => ({
        kind: 'utility-permits' as const,
        id: r.requestId,
        projectId: r.projectId,
        responsible: r.provider,
        status: r.stage,
        spec: r.permitsClock,
      })),
    ...rows.registration
      .filter((c) => c.status === 'open')
      .map((c) => ({
        kind: 'registration' as const,
        id: c.caseId,
        projectId: c.projectId,
        responsible: 'registration',
        status: c.status,
        spec: c.clock,
      })),
  ]
  const out: SupervisedCaseClock[] = []
  for (const { spec, projectId, ...rest } of running) {
    const state = evaluated(spec, ev.today, ev)
    if (!state || (level ? state.level !== level : state.level === 'green')) continue
    const p = projects.get(projectId)
    out.push({ ...rest, project: { projectId, projectCode: p?.projectCode ?? null, name: p?.name ?? null }, state })
  }
  return out.sort((a, b) => a.state.due.localeCompare(b.state.due) || a.id.localeCompare(b.id))
}
