import { type Actor, acceptanceCasePart, type Role } from '@onewindow/contracts'
import type { ProjectStatus } from '../http/schemas.js'
import { authorise, ticketReadRow } from './authorise.js'
import type { ChangeRow } from './changes.js'
import type { TimelineRow } from './projectors.js'
import { NO_SHARED_RESULTS } from './shared-results.js'

/**
 * How much of a project a caller sees, by role. One table, one function; the status and its timeline are filtered
 * by it (services/gateway/README.md and docs/api.md show the same table):
 *
 * | role | sees of a project it may read |
 * |---|---|
 * | clerk, supervisor, admin | everything |
 * | owner | everything of its own project (another owner's answers 404) |
 * | reviewer | its own department's part: see {@link departmentPart} |
 * | lead, utility, registrar, agent, review_body, surveyor, helper, intermediary | nothing through the status (403): their work is in their own lists |
 */
export type Visibility = { kind: 'whole' } | { kind: 'department'; department: string } | { kind: 'none' }

const byRole: Record<Role, (actor: Actor) => Visibility> = {
  clerk: () => ({ kind: 'whole' }),
  supervisor: () => ({ kind: 'whole' }),
  admin: () => ({ kind: 'whole' }),
  owner: () => ({ kind: 'whole' }),
  reviewer: (a) => ({ kind: 'department', department: a.department ?? '' }),
  lead: () => ({ kind: 'none' }),
  utility: () => ({ kind: 'none' }),
  registrar: () => ({ kind: 'none' }),
  // The 12345 centre works on tickets (docs/hotline.md), not on a project's status.
  agent: () => ({ kind: 'none' }),
  // 联合审图 review body and 多测合一 surveying unit: their work is in their own lists (docs/shared-results.md).
  review_body: () => ({ kind: 'none' }),
  surveyor: () => ({ kind: 'none' }),
  // 帮办代办 helper and 中介服务 intermediary: their cases and engagements are read from intake
  // (docs/assisted-service.md); a helper acts on the owner's applications, it does not read the owner's status.
  helper: () => ({ kind: 'none' }),
  intermediary: () => ({ kind: 'none' }),
}

export const visibilityOf = (actor: Actor): Visibility => byRole[actor.role](actor)

// Entries about the project as a whole (the window's receipt and acceptance, 容缺, a step's decision or withdrawal,
// the window's release of a certificate, the whole-flow cap clock's alerts): every department working on the project
// may read them.
const projectWide = new Set([
  'project.registered',
  'application.received',
  'application.receipt-noticed',
  'application.receipt-answered',
  'application.receipt-withdrawn',
  'application.refused',
  'application.accepted',
  'application.withdrawn',
  'flow.clock-warned',
  'flow.clock-overdue',
  'application.certificate-released',
  'deficiency.cured',
  'deficiency.overdue',
  'step.decided',
  'supplement-notice.issued',
])

/** 证照异议 (004:1134) raised or answered: timeline entries, and `timeline` changes on the stream. */
const objectionKinds: ReadonlySet<string> = new Set(['objection.raised', 'objection.answered'])

// Acceptance entries whose summary names other departments' items; a participant that is not the lead reads them
// without the names.
const acceptanceNeutral: Record<string, string> = {
  'acceptance.opinion-recorded': 'Joint acceptance: opinion recorded',
  'acceptance.failed': 'Joint acceptance: failed',
}

/** Unreadable kinds of the parts a reviewer reads whole (see {@link departmentPart}). */
const wholeToDepartments = new Set(['project-flow', 'whole-flow', 'application'])

const names = (text: string, code: string) =>
  new RegExp(`(^|[^a-z0-9-])${code.replace(/[^a-z0-9-]/gi, '')}([^a-z0-9-]|$)`).test(text)

/**
 * A department's part of a project's status (a reviewer's):
 * - the project, its flow, the whole-flow clock and each application with its 容缺 materials: whole, but for the
 *   materials the window received (`receivedMaterials`, the receipt's 收件清单: every department's), left out;
 * - tasks and alerts: its own; a step decision lists its own department's decisions only;
 * - 补正 notices: only its own requests (a notice without one is left out); the timeline entry of a notice names
 *   only its own requests;
 * - joint acceptance: a case it leads whole, a case it has an item in with its own items only, others not at all;
 * - utility requests and registration cases: none; certificates: every permit of the project when it has a task or
 *   an item on it (none otherwise), never a property certificate;
 * - timeline: entries about the project as a whole, its own task and alert entries, the acceptance entries of
 *   cases it takes part in (item names hidden unless it leads), its own commitments, the permits' issue and
 *   revocation, the certificate objections (证照异议) it raised or is to answer;
 * - unreadable rows: those of the parts it reads whole (flow, whole-flow clock, applications) and of its department;
 * - the forecast: its days whole (as the whole-flow clock), each step's remaining work its own department's only;
 * - shared results: the area and the plot whole, the intermediary engagements whose report one of its items decides
 *   on (`decidesOn`), no assisted-service case.
 * Anything the table does not name is left out.
 */
export function departmentPart(status: ProjectStatus, timeline: readonly TimelineRow[], department: string) {
  const mine = (d: string | undefined) => d === department
  const acceptance = status.acceptance.flatMap((c) => acceptanceCasePart(c, department) ?? [])
  const leads = acceptance.some((c) => c.lead === department)
  const items = new Set([
    ...status.tasks.filter((t) => mine(t.department)).map((t) => t.item),
    ...acceptance.flatMap((c) => c.items.filter((i) => mine(i.department)).map((i) => i.item)),
  ])
  // Every permit of a project it works on (a task of its own; row-level security reads tasks only): the permits issued before its own step
  // are what its review relies on instead of paper (004:1132), and what it may dispute (证照异议, 004:1134); the
  // property certificate is the registration office's and the owner's.
  const certificates = items.size > 0 ? status.certificates.filter((c) => c.kind === 'permit') : []
  // The notice an issue entry is about: issued at the entry's instant (its row carries the latest version, which
  // an answer or a new round may have raised), else the same version.
  const requestsOf = (occurredAt: string, version: number) => {
    const notices = status.applications.flatMap((a) => a.notices)
    const at = notices.filter((n) => n.issuedAt === occurredAt)
    return (at.length > 0 ? at : notices.filter((n) => n.version === version)).flatMap((n) =>
      n.requests.filter((r) => mine(r.department)),
    )
  }
  const entry = new Map(timeline.map((e) => [e.eventId, e]))

  const visibleEntry = (e: ProjectStatus['timeline'][number]): ProjectStatus['timeline'] => {
    const row = entry.get(e.eventId)
    if (row?.department !== undefined) return mine(row.department) ? [e] : []
    if (e.type === 'supplement-notice.issued') {
      const version = /^补正告知 v(\d+):/.exec(e.summary)?.[1]
      if (version === undefined) return [e]
      const own = requestsOf(e.occurredAt, Number(version))
      const asks = own.map((r) => `${r.department} asks for ${r.materials.join(', ')}`).join('; ')
      return [{ ...e, summary: `补正告知 v${version}${asks ? `: ${asks}` : ''}` }]
    }
    if (projectWide.has(e.type)) return [e]
    if (e.type.startsWith('acceptance.commitment-'))
      return acceptance.length > 0 && names(e.summary, department) ? [e] : []
    if (e.type.startsWith('acceptance.')) {
      if (acceptance.length === 0) return []
      const neutral = acceptanceNeutral[e.type]
      return [leads || neutral === undefined ? e : { ...e, summary: neutral }]
    }
    // A permit's issue and its revocation alike: the entry names the certificate's number.
    if (e.type === 'certificate.issued' || e.type === 'certificate.revoked')
      return certificates.some((c) => e.summary.includes(c.number)) ? [e] : []
    // 证照异议: the two departments it is between, each named by code in the entry.
    if (objectionKinds.has(e.type)) return names(e.summary, department) ? [e] : []
    return []
  }

  return {
    ...status,
    applications: status.applications.map((a) => ({
      ...a,
      decision: a.decision ? { ...a.decision, tasks: a.decision.tasks.filter((t) => mine(t.department)) } : null,
      // The window's 收件清单 names every department's materials; a department reads its own through its task.
      receivedMaterials: null,
      notices: a.notices.flatMap((n) => {
        const requests = n.requests.filter((r) => mine(r.department))
        return requests.length > 0 ? [{ ...n, requests }] : []
      }),
    })),
    tasks: status.tasks.filter((t) => mine(t.department)),
    alerts: status.alerts.filter((a) => mine(a.department)),
    timeline: status.timeline.flatMap(visibleEntry),
    acceptance,
    utilities: [],
    registration: [],
    certificates,
    forecast: forecastPart(status.forecast, mine),
    // The land a department decides on (the area's results, the plot's list) is shown, and the engagements whose report
    // one of its items decides on (中介服务 inside the flow, 004:1792); the owner's own case and its other
    // intermediaries are not the department's.
    shared: {
      ...status.shared,
      assistedCase: null,
      intermediaries: status.shared.intermediaries.filter((g) => g.decidesOn.some((d) => items.has(d.item))),
    },
    // The flow, the whole-flow clock and the applications are shown to a reviewer whole, so a bad row of theirs is too.
    unreadable: status.unreadable.filter((u) => wholeToDepartments.has(u.kind) || mine(u.department)),
  }
}

/** The forecast as a department sees it: every day, and of the departments' remaining work its own. */
function forecastPart(forecast: ProjectStatus['forecast'], mine: (d: string | undefined) => boolean) {
  if (!forecast) return null
  const step = <S extends { work: Array<{ department: string }> }>(s: S): S => ({
    ...s,
    work: s.work.filter((w) => mine(w.department)),
  })
  return {
    ...forecast,
    currentStep: forecast.currentStep ? step(forecast.currentStep) : null,
    steps: forecast.steps.map(step),
  }
}

/** What `actor` sees of a project's status (the route has already checked it may read the project at all). */
export function visibleStatus(status: ProjectStatus, timeline: readonly TimelineRow[], actor: Actor): ProjectStatus {
  const v = visibilityOf(actor)
  if (v.kind === 'whole') return status
  if (v.kind === 'department') return departmentPart(status, timeline, v.department)
  return {
    ...departmentPart(status, timeline, '\0none'),
    applications: [],
    timeline: [],
    wholeFlow: null,
    forecast: null,
    shared: NO_SHARED_RESULTS,
    unreadable: [],
  }
}

/**
 * A change told to every department with a part in it (`parties`): a joint acceptance case's (its list shows the
 * case), a 证照异议's, a utility request's with a permit applied to the department (并联审批) or its works plan pushed
 * to it (告知承诺免审批).
 */
const partyOf = (c: Pick<ChangeRow, 'parties'>, actor: Actor) =>
  actor.department !== undefined && (c.parties ?? []).includes(actor.department)

/**
 * Whether `actor` is told of a change on the live stream (`GET /api/v1/stream`): exactly when a read route of its
 * shows what changed. The stream reads `change` under row-level security too (migration 20261203000000_change_stream),
 * the second line as on every read-model table; this is the finer rule, the status's own:
 * - clerk, supervisor, admin: every change (clock alerts and lead alerts included);
 * - owner: its own projects' (the project's 统一社会信用代码, copied onto the change when it is recorded);
 * - reviewer: its department's task and alert changes, and the entries about the project as a whole
 *   ({@link projectWide}) of the projects it works on — never another department's task;
 * - lead: the tasks and alerts of the steps it leads (its lists); utility: its own requests (a joint survey's
 *   proposal, every provider whose request it rewrote: `providers`); registrar: registration
 *   cases and certificates, and the 证照异议 raised or answered on a project it has a registration case on
 *   (`onRegistrationCase`, read with the change: the rule of its `GET /projects/:id/certificates`) — its
 *   电子证照与异议 and 消息通知 follow them; no other project's objection;
 * - reviewer and lead: every change of a joint acceptance case their department has a part in (`parties`: the case's
 *   lead department and each one with an item), as the case list (`acceptance.list`) shows them the case; every
 *   证照异议 raised or answered that their department is a party to (`parties`: the issuing department and the
 *   raising one), as their 证照异议 list shows it — the issuer hears of a new objection to answer, the raiser of the
 *   answer; within the token's region, as the policy of `change` has it.
 * - reviewer: every change of a utility request with an outside-line permit applied to its department on the platform
 *   (`parties`, 并联审批: applied, applied again, decided by another of its reviewers, its due day moved by a
 *   calendar) or whose works plan was pushed to it (告知承诺免审批: the restoration declared, reviewed), as its 外线审批
 *   and 外线施工监管 lists and the row-level policy of `utility_request` show it the request, within the token's
 *   region; never a lead, whom no route shows a utility request (nor does the policy of `change`), and never another
 *   department.
 * A 12345 ticket's change is told exactly to whoever its read route (`ticket.read`) lets read the ticket, by the one
 * rule of `authorise`: the agents, the supervisors and admins, its handling unit and co-handlers (a regional one's
 * when its region covers the ticket's), the owner organisation that filed it online, the window clerk who registered
 * it at the 办不成事 window — no other clerk, and no role `ticket.read` does not name.
 */
export function visibleChange(
  actor: Actor,
  c: Pick<
    ChangeRow,
    | 'kind'
    | 'event'
    | 'department'
    | 'lead'
    | 'provider'
    | 'providers'
    | 'ownerCreditCode'
    | 'coHandlers'
    | 'parties'
    | 'windowClerk'
    | 'region'
  > & { onRegistrationCase?: true },
) {
  if (c.event === 'ticket') return authorise(actor, { action: 'ticket.read', row: ticketReadRow(c) }).allow
  switch (actor.role) {
    case 'clerk':
    case 'supervisor':
    case 'admin':
      return true
    case 'owner':
      return c.ownerCreditCode !== undefined && c.ownerCreditCode === actor.creditCode
    case 'reviewer':
      if (partyOf(c, actor)) return true
      return c.department !== undefined ? c.department === actor.department : projectWide.has(c.kind)
    case 'lead':
      // A utility request's parties are its permits' departments: their reviewers read it, their leads do not.
      return (c.lead !== undefined && c.lead === actor.department) || (c.event !== 'utility' && partyOf(c, actor))
    case 'utility':
      // Its own request's change, or one that rewrote several providers' requests, its own among them (联合踏勘).
      return (
        c.event === 'utility' &&
        actor.provider !== undefined &&
        (c.provider === actor.provider || (c.providers ?? []).includes(actor.provider))
      )
    case 'registrar':
      return (
        c.event === 'registration' ||
        c.event === 'certificate' ||
        (objectionKinds.has(c.kind) && c.onRegistrationCase === true)
      )
    case 'agent':
    // Their lists are read from the owning services, not from the read model's changes; the agent is told of tickets
    // (above), and no project change is theirs to be told of.
    case 'review_body':
    case 'surveyor':
    case 'helper':
    case 'intermediary':
      return false
  }
}
