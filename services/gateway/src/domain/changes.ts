import type { Projection, UtilityRequest } from './projectors.js'
import { centreOnly, type TicketProjection } from './tickets.js'

/**
 * The `event:` names of the live stream (`GET /api/v1/stream`, docs/api.md "Live updates"): which part of a page an
 * applied event touched, so the page knows which queries to fetch again. `ready` opens a stream, `reset` tells the
 * client it missed more than the stream keeps and must fetch everything again.
 */
export const CHANGE_EVENTS = [
  'project',
  'application',
  'task',
  'alert',
  'acceptance',
  'utility',
  'registration',
  'certificate',
  'timeline',
  // 12345 工单: a ticket's change, told to whoever reads the ticket (the units, its owner, the centre).
  'ticket',
] as const
export type ChangeEvent = (typeof CHANGE_EVENTS)[number]

/**
 * One applied event as the stream tells it (table `change`): no view, only what names the queries it touched, and the
 * scope the row-level security policy of `change` reads (department, lead, provider). Its id is the stream sequence
 * of the event, so the read model's order is the stream's and a client resumes from it.
 */
export type ChangeRow = {
  id: number
  eventId: string
  /** The project the change is about; none for a ticket's change, which names its ticket instead. */
  projectId?: string
  /** A 12345 ticket's change: the ticket, and its co-handling units besides its handling unit (`department`). */
  ticketId?: string
  coHandlers?: readonly string[]
  /** The timeline type of the event, e.g. `task.decided`. */
  kind: string
  event: ChangeEvent
  taskId?: string
  /** A task's or an alert's department: only that department's reviewers see it. */
  department?: string
  /** The step's lead department (牵头部门) of a task or lead alert. */
  lead?: string
  /** A utility request's provider. */
  provider?: string
  /**
   * A published calendar moved a utility request's permits clock (`utility.due-moved`): the event names the request
   * only, so the change takes the request's provider and parties ({@link utilityParties}) from its row as stored when
   * it is recorded (db/changes.ts), as it takes the project's owner. Not a column of `change`.
   */
  utilityRequestId?: string
  /**
   * Every provider whose request the event rewrote, when it rewrote several (a joint survey's proposal: every request of
   * the project at survey, whichever provider's), each of whom reads the change; absent for one request's change.
   */
  providers?: readonly string[]
  /**
   * A joint acceptance case's change: every department with a part in the case — its lead and each department with an
   * item in it (contracts' `acceptanceCasePart`) — each of whose reviewers and leads reads the case in its list; a
   * 证照异议's: its issuing and its raising party, whose 证照异议 lists show it (the projection's `parties`); a utility
   * request's: every department an outside-line permit of it was applied to on the platform (并联审批) or its works plan
   * was pushed to (告知承诺免审批), whose reviewers read the request (their 外线审批 and 外线施工监管 lists) — not their
   * leads, who do not (visibility.ts `visibleChange`; the policy of `change`, 20270125000000_utility_change_reviewers).
   */
  parties?: readonly string[]
  /**
   * The project's owner (统一社会信用代码), filled in from the project row when the change is recorded; for a ticket's
   * change the organisation that filed the ticket online, never the linked project's owner.
   */
  ownerCreditCode?: string
  /** A 办不成事 window ticket's change: the clerk who registered it (her `sub`), whose window list shows it. */
  windowClerk?: string
  /**
   * A ticket's change: the ticket's region (行政区划代码), which a regional reviewer's or lead's must cover (docs/security.md
   * "Regional authority"); absent for a ticket with none, which no region covers.
   */
  region?: string
}

// The first write kind of a projection that names the event, in this order: an alert also rewrites its task, a
// certificate's release its application, and the alert or certificate is what the page shows as new.
const eventByWrite: ReadonlyArray<[Projection['writes'][number]['kind'], ChangeEvent]> = [
  ['alert', 'alert'],
  ['lead-alert', 'alert'],
  ['certificate', 'certificate'],
  ['revocation', 'certificate'],
  ['task', 'task'],
  ['task-due', 'task'],
  ['task-verify-by', 'task'],
  ['task-supervision-due', 'task'],
  ['acceptance', 'acceptance'],
  ['case-verify-by', 'acceptance'],
  ['utility', 'utility'],
  ['utility-permits-due', 'utility'],
  ['registration', 'registration'],
  ['application', 'application'],
  ['deficiency', 'application'],
  ['notice', 'application'],
  ['issue-clock', 'application'],
  ['project', 'project'],
  ['flow-clock', 'project'],
]

/**
 * The departments whose reviewers read a utility request (the policy of `utility_request`), as it stands after the
 * event: each one an outside-line permit was applied to on the platform (并联审批: a permit applied, re-applied, decided
 * by one of its reviewers, its clock's alert — its 外线审批 page follows the stream), and each one a low-risk line's
 * works plan was pushed to (告知承诺免审批: the restoration declared, accepted or sent back — its 外线施工监管 page).
 * The change of a published calendar moving the permits clock, which carries no request, names the same from the row
 * as stored (db/changes.ts `changesStatement`, held to this rule).
 */
export const utilityParties = (r: Pick<UtilityRequest, 'permits' | 'worksPlanPush'>): string[] => [
  ...new Set([
    ...r.permits.flatMap((p) => (p.appliedOn !== undefined && p.department ? [p.department] : [])),
    ...(r.worksPlanPush?.departments ?? []).map((d) => d.code),
  ]),
]

/** The change one applied event (its projection, at stream sequence `seq`) makes visible on the stream. */
export function changeOf(p: Projection, seq: number): ChangeRow {
  const kinds = new Set(p.writes.map((w) => w.kind))
  const event = eventByWrite.find(([kind]) => kinds.has(kind))?.[1] ?? 'timeline'
  let taskId: string | undefined
  let lead: string | undefined
  let provider: string | undefined
  const providers = new Set<string>()
  let parties: string[] | undefined
  let utilityRequestId: string | undefined
  for (const w of p.writes) {
    if (w.kind === 'task') {
      taskId = w.row.taskId
      lead = w.row.lead ?? lead
    } else if (
      w.kind === 'alert' ||
      w.kind === 'task-due' ||
      w.kind === 'task-verify-by' ||
      w.kind === 'task-supervision-due'
    ) {
      taskId = 'row' in w ? w.row.taskId : w.taskId
    } else if (w.kind === 'lead-alert') {
      taskId = w.row.taskId
      lead = w.row.lead
    } else if (w.kind === 'utility') {
      provider = w.row.provider
      providers.add(w.row.provider)
      const named = utilityParties(w.row)
      if (named.length > 0) parties = [...new Set([...(parties ?? []), ...named])]
    } else if (w.kind === 'utility-permits-due') {
      // The 外线审批 list's order moved: the request's provider and departments are told, read from its row.
      utilityRequestId = w.requestId
    } else if (w.kind === 'acceptance') {
      // The joint acceptance case's lead department (牵头部门) reads the case: its page follows the stream too.
      lead = w.row.lead
      // So does every department with an item in it (its own items): the reviewers' and non-leading leads' lists.
      parties = [...new Set([w.row.lead, ...w.row.items.map((i) => i.department)])]
    }
  }
  // Whom the projection names beside its rows (a 证照异议's parties, which it writes no row of).
  if (p.parties !== undefined) parties = [...new Set([...(parties ?? []), ...p.parties])]
  const t = p.timeline
  return {
    id: seq,
    eventId: t.eventId,
    projectId: t.projectId,
    kind: t.type,
    event,
    ...(taskId === undefined ? {} : { taskId }),
    ...(t.department === undefined ? {} : { department: t.department }),
    ...(lead === undefined ? {} : { lead }),
    ...(provider === undefined ? {} : { provider }),
    ...(providers.size > 1 ? { providers: [...providers] } : {}),
    ...(parties === undefined ? {} : { parties }),
    ...(utilityRequestId === undefined ? {} : { utilityRequestId }),
  }
}

/**
 * The change of one event projected as several (a step's assignments, `projectionsOf`): one row at its sequence, as
 * a client resumes by sequence, about the task list rather than one task — told to the reviewers and leads of every
 * department with a task in it (`parties`), the step's lead and the owner.
 */
export function changeOfEvent(projections: readonly Projection[], seq: number, eventId: string): ChangeRow {
  const each = projections.map((p) => changeOf(p, seq))
  const [first, ...rest] = each
  if (!first) throw new Error(`no projection of event ${eventId}`)
  if (rest.length === 0) return { ...first, eventId }
  const parties = [...new Set(each.flatMap((c) => (c.department === undefined ? [] : [c.department])))]
  const { taskId: _one, department: _its, ...shared } = first
  return { ...shared, eventId, ...(parties.length > 0 ? { parties } : {}) }
}

/**
 * Who reads a ticket as it is stored: its handling unit, co-handlers (within the region, for a regional one), the owner
 * that filed it online and the window clerk who registered it at the 办不成事 window.
 */
export type TicketScope = {
  department?: string
  coHandlers: string[]
  ownerCreditCode?: string
  windowClerk?: string
  region?: string
}

/**
 * The change a hotline event (its ticket projection, at stream sequence `seq`) makes visible: the ticket with the
 * scope its reads have after the event (`scope`, the ticket as stored: the event's own snapshot when kept, the newer
 * one when a late older copy only added its history line) — the handling unit, the co-handlers, the owner that filed
 * it online, the window clerk who registered it. No project: a linked project's owner may not read a third party's ticket about it.
 */
export function ticketChangeOf(p: TicketProjection, seq: number, scope: TicketScope): ChangeRow {
  // A line only the centre reads (a referral) is told to no scoped reader: the centre and the supervisor see all.
  if (centreOnly(p.entry.type)) scope = { coHandlers: [] }
  return {
    id: seq,
    eventId: p.entry.eventId,
    ticketId: p.row.ticket.ticketId,
    kind: p.entry.type,
    event: 'ticket',
    ...(scope.department === undefined ? {} : { department: scope.department }),
    coHandlers: scope.coHandlers,
    ...(scope.ownerCreditCode === undefined ? {} : { ownerCreditCode: scope.ownerCreditCode }),
    ...(scope.windowClerk === undefined ? {} : { windowClerk: scope.windowClerk }),
    ...(scope.region === undefined ? {} : { region: scope.region }),
  }
}

/** What an SSE message of a change carries: enough to know which queries to fetch again, never the view itself. */
export const changeData = (c: Pick<ChangeRow, 'projectId' | 'taskId' | 'ticketId' | 'kind'>) => ({
  ...(c.projectId === undefined ? {} : { projectId: c.projectId }),
  ...(c.taskId === undefined ? {} : { taskId: c.taskId }),
  ...(c.ticketId === undefined ? {} : { ticketId: c.ticketId }),
  kind: c.kind,
})
