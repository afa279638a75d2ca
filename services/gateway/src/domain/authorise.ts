import { type Actor, type Role, regionCovers, roleRefusal } from '@onewindow/contracts'

/**
 * A row read past row-level security (a joint acceptance case's parties: `acceptance_case_parties`) names its
 * project's region, null when the project is not projected: a regional caller (token `region`) is kept to the rows
 * within its region here, as the policies keep it in every read under the caller (docs/security.md "Regional
 * authority"). A caller with no region is not asked.
 */
export type InRegion = { region?: string | null }

/**
 * What the caller wants to do. `row` is what the read model knows of the target (undefined when unknown), so one
 * function decides both the role and the row scope.
 */
export type Request =
  | { action: 'project.register' }
  | { action: 'application.open' }
  | { action: 'projects.list' }
  | { action: 'project.read'; row?: { ownerCreditCode: string; departments: readonly string[] } }
  | { action: 'materials.submit'; row?: { ownerCreditCode: string } }
  | { action: 'receipt.decide' }
  // 结果送达 (routes/deliveries.ts).
  | { action: 'deliveries.list' }
  | { action: 'deliveries.read'; row?: { ownerCreditCode: string } }
  | { action: 'delivery.record' }
  | { action: 'receipt.withdraw'; row?: { ownerCreditCode: string } }
  // 网上预约 (routes/bookings.ts).
  | { action: 'booking.make'; row?: { ownerCreditCode: string } }
  | { action: 'bookings.read'; row?: { ownerCreditCode: string } }
  | { action: 'bookings.list' }
  | { action: 'booking.cancel' }
  | { action: 'booking.miss' }
  | { action: 'application.withdraw'; row?: { ownerCreditCode: string } }
  | { action: 'tasks.list' }
  | { action: 'task.act'; row?: { department: string } }
  | { action: 'task.verify-commitment'; row?: { department: string } }
  | { action: 'task.deficiency-finding'; row?: { department: string } }
  // 整改 followed through (docs/legal-time.md#整改-followed-through): the owner reports on its own project's task (the
  // read model shows an owner only those); the finding's department reviews and takes the further measure.
  | { action: 'task.rectification-report'; row?: { department: string } }
  | { action: 'task.rectification-review'; row?: { department: string } }
  | { action: 'task.rectification-escalate'; row?: { department: string } }
  | { action: 'lead.tasks' }
  | { action: 'lead.alerts' }
  | { action: 'lead.notice'; row?: { lead: string } }
  | { action: 'supervision.read' }
  | { action: 'supervision.stats' }
  | { action: 'step.extend' }
  // 督办 of an approval task (docs/legal-time.md#督办).
  | { action: 'task.supervise' }
  | { action: 'task.supervision-reply'; row?: { department: string } }
  | { action: 'task.supervisions'; row?: { department: string } }
  | { action: 'clock.preview' }
  | { action: 'dead-letters.read' }
  | { action: 'dead-letters.replay' }
  | { action: 'calendar.publish' }
  | { action: 'audit.read' }
  | { action: 'spgl.export' }
  | { action: 'catalogue.manage' }
  | { action: 'dishonest-owners.manage' }
  | { action: 'dishonest-owners.read' }
  | { action: 'catalogue.read' }
  | { action: 'acceptance.list' }
  | { action: 'acceptance.open'; row?: { ownerCreditCode: string } }
  | { action: 'acceptance.inspect'; row?: { lead: string } & InRegion }
  | { action: 'acceptance.opinion'; row?: { lead: string; departments: readonly string[] } & InRegion }
  | { action: 'acceptance.land-list'; row?: { lead: string; departments: readonly string[] } & InRegion }
  | { action: 'acceptance.rectify'; row?: { ownerCreditCode: string } }
  | { action: 'acceptance.verify-commitment'; row?: { departments: readonly string[] } & InRegion }
  | { action: 'acceptance.record-result'; row?: { departments: readonly string[] } & InRegion }
  | { action: 'commitments.list' }
  | { action: 'utility-requests.list' }
  | { action: 'utility-request.act'; row?: { provider: string } }
  // 告知承诺免审批 of a low-risk outside line: the departments its plans were pushed to (docs/utility.md).
  | { action: 'pushed-works.list' }
  | { action: 'utility-request.restoration-review'; row?: { departments: readonly string[] } }
  // 并联审批: the departments an outside-line permit of the request was applied to on the platform.
  | { action: 'outside-line-permits.list' }
  | { action: 'utility-permit.decide'; row?: { departments: readonly string[] } }
  | { action: 'registrations.list' }
  | { action: 'registration.act' }
  // 证照异议 from the registration office: the permits of a project it registers (it uses them instead of paper when
  // it completes the first registration); from a lead: the permits of a project its department has a task on or whose
  // joint acceptance it leads. The row: the project's registration cases as the caller reads them, and whether the
  // calling lead uses the project's permits (`caller_uses_permits`).
  | { action: 'project.certificates'; row?: { registrationCases: number; usesPermits: boolean } }
  | { action: 'certificate.read'; row?: { ownerCreditCode: string } }
  | { action: 'certificate.revoke' }
  // 证照异议 (004:1134): the certificate as the caller reads it in the read model (row-level security: a reviewer the
  // certificates of the projects its department works on, a lead the permits of the projects it acts on), absent when
  // it reads none, with the registration cases on its project the caller reads.
  | {
      action: 'certificate.object'
      row?: { kind: 'permit' | 'property'; ownerCreditCode: string; registrationCases: number }
    }
  | { action: 'certificate-objection.answer' }
  | { action: 'certificate-objections.list' }
  | { action: 'changes.stream' }
  | { action: 'notifications.own' }
  | { action: 'notifications.preferences.put' }
  | { action: 'notifications.office-preferences.put' }
  | { action: 'notifications.office-preferences.read' }
  // 好差评 (issue 17 part 6)
  | { action: 'task.rate'; row?: { projectId: string } }
  | { action: 'rating.reply'; row?: { department: string } }
  | { action: 'ratings.project' }
  | { action: 'ratings.department' }
  | { action: 'ratings.supervise' }
  | { action: 'hotline-ticket.register' }
  | { action: 'hotline-ticket.act' }
  | { action: 'hotline-ticket.requester' }
  | { action: 'hotline-ticket.rectification-letter' }
  | { action: 'hotline-ticket.rectification-reply' }
  | { action: 'hotline-ticket.referral' }
  | { action: 'knowledge.read' }
  | { action: 'knowledge.manage' }
  | { action: 'knowledge.answer' }
  | { action: 'knowledge.feedback' }
  | { action: 'notices.read' }
  | { action: 'notices.file' }
  | { action: 'notices.acknowledge' }
  // 联合审图 and 多测合一 (docs/shared-results.md).
  | { action: 'drawing-review.submit'; row?: { ownerCreditCode: string } }
  | { action: 'shared-results.read'; row?: { ownerCreditCode: string } }
  | { action: 'drawing-reviews.list' }
  | { action: 'drawing-review.answer' }
  | { action: 'task.drawing-report'; row?: { department: string } }
  | { action: 'survey.commission'; row?: { ownerCreditCode: string } }
  | { action: 'survey-commissions.list' }
  | { action: 'survey.results' }
  /** A project's survey commissions: its owner and the departments with a task on it (as far as the caller knows). */
  | { action: 'survey-commissions.read'; row?: { ownerCreditCode?: string; departments: readonly string[] } }
  // 帮办代办 and 中介服务 (docs/assisted-service.md).
  | { action: 'assisted-case.open' }
  | { action: 'assisted-case.close' }
  | { action: 'assisted-case.notices' }
  | { action: 'assisted-case.applications' }
  | { action: 'assisted-case.read'; row?: { ownerCreditCode: string } }
  | { action: 'assisted-cases.list' }
  | { action: 'assisted-case.visit' }
  | { action: 'intermediaries.list' }
  | { action: 'intermediary.choose'; row?: { ownerCreditCode: string } }
  | { action: 'intermediaries.read'; row?: { ownerCreditCode: string } }
  | { action: 'intermediary-engagements.list' }
  | { action: 'intermediary.deliver' }
  // 区域评估 and 用地清单 (docs/shared-results.md).
  | { action: 'land.publish' }
  | { action: 'land.list' }
  | { action: 'land.link' }
  // 12345 热线工单 reads (routes/ticket-reads.ts).
  | { action: 'tickets.list' }
  | { action: 'tickets.inbox' }
  | { action: 'tickets.own' }
  | { action: 'tickets.window' }
  | {
      action: 'ticket.read'
      row?: { departments: readonly string[]; ownerCreditCode?: string; windowClerk?: string } & InRegion
    }
  | { action: 'supervision.tickets' }
  // 工程质量安全监督 双随机、一公开 (routes/quality-supervision.ts, docs/quality-supervision.md).
  | { action: 'quality-round.draw' }
  | { action: 'quality-inspection.record' }
  | { action: 'quality-inspection.reassign' }
  | { action: 'quality-inspections.list' }
  | { action: 'quality-inspections.read'; row?: { ownerCreditCode: string } }

/**
 * What `ticket.read` weighs of a ticket: its units, its online owner, its window clerk, its region (the read route's
 * and the stream's).
 */
export type TicketReadRow = NonNullable<Extract<Request, { action: 'ticket.read' }>['row']>

/**
 * The `ticket.read` row of a ticket as the read model holds it — a ticket's snapshot on its page, a ticket's change on
 * the live stream: the same facts, so both ask `authorise` the same question. Its region always named (null when the
 * ticket has none): a regional reviewer or lead reads only the tickets about a region within its own, and one with no
 * region is within none (docs/security.md "Regional authority").
 */
export const ticketReadRow = (t: {
  department?: string | undefined
  coHandlers?: readonly string[] | undefined
  ownerCreditCode?: string | undefined
  windowClerk?: string | undefined
  region?: string | undefined
}): TicketReadRow => ({
  departments: [...(t.department === undefined ? [] : [t.department]), ...(t.coHandlers ?? [])],
  ...(t.ownerCreditCode === undefined ? {} : { ownerCreditCode: t.ownerCreditCode }),
  ...(t.windowClerk === undefined ? {} : { windowClerk: t.windowClerk }),
  region: t.region ?? null,
})

export type Authorisation = { allow: true } | { allow: false; status: 403 | 404; reason: string }

const allow: Authorisation = { allow: true }
const forbidden = (role: Role, roles: readonly Role[]): Authorisation => ({
  allow: false,
  status: 403,
  reason: roleRefusal(role, roles),
})
// A row the caller may not see answers exactly like a row that does not exist, so existence does not leak.
const hidden: Authorisation = { allow: false, status: 404, reason: 'not found' }

const roles: Record<Request['action'], readonly Role[]> = {
  'project.register': ['clerk', 'admin'],
  'application.open': ['clerk'],
  // An owner lists its own projects (the list is filtered by its 统一社会信用代码); a reviewer reaches projects through
  // its inbox, a task at a time.
  'projects.list': ['owner', 'clerk', 'supervisor', 'admin'],
  'project.read': ['clerk', 'admin', 'supervisor', 'owner', 'reviewer'],
  // 帮办代办: a case's helper hands in materials for the owner; intake checks the case names it (else 404).
  'materials.submit': ['owner', 'helper'],
  // 接件: the clerk of the window accepts or refuses it (行政许可法第三十二条); the owner withdraws its own, or a clerk for it.
  'receipt.decide': ['clerk'],
  // 结果送达: the window hands out and posts results (004:49 综合窗口出件); the owner sees its own project's.
  'deliveries.list': ['clerk'],
  'deliveries.read': ['owner', 'clerk', 'supervisor'],
  'delivery.record': ['clerk'],
  'receipt.withdraw': ['owner', 'clerk', 'helper'],
  // 网上预约 (004:1044): the owner books its own project's window visit and gives it up (intake checks the booking is its
  // own); the window reads the day's bookings and marks one missed; the project's bookings as its deliveries.
  'booking.make': ['owner'],
  'bookings.read': ['owner', 'clerk', 'supervisor'],
  'bookings.list': ['clerk'],
  'booking.cancel': ['owner'],
  'booking.miss': ['clerk'],
  // 撤回: the applicant's act — the owner, or the window clerk taking it from the owner at the counter.
  'application.withdraw': ['owner', 'clerk'],
  'tasks.list': ['reviewer'],
  'task.act': ['reviewer'],
  'task.verify-commitment': ['reviewer'],
  'task.deficiency-finding': ['reviewer'],
  'task.rectification-report': ['owner'],
  'task.rectification-review': ['reviewer'],
  'task.rectification-escalate': ['reviewer'],
  // 牵头部门 of a parallel step: its tasks, its alerts, its one consolidated 补正 notice.
  'lead.tasks': ['lead'],
  'lead.alerts': ['lead'],
  'lead.notice': ['lead'],
  'supervision.read': ['supervisor', 'admin'],
  // The figures a city's 工改 office is judged on: the supervising office's alone (issue 15).
  'supervision.stats': ['supervisor'],
  // 延长 of a joint step: the supervising office records the people's government head's approval (行政许可法第四十二条).
  'step.extend': ['supervisor', 'admin'],
  // 督办 (跟踪督办, 004:1794; the government-services department tracks each project, 004:1868): the supervising office
  // urges a department on an open task; a reviewer of the task's department replies; both read the task's 督办.
  'task.supervise': ['supervisor'],
  'task.supervision-reply': ['reviewer'],
  'task.supervisions': ['supervisor', 'admin', 'reviewer'],
  'clock.preview': [
    'clerk',
    'reviewer',
    'lead',
    'owner',
    'supervisor',
    'admin',
    'utility',
    'registrar',
    'agent',
    'review_body',
    'surveyor',
    'helper',
    'intermediary',
  ],
  'dead-letters.read': ['admin'],
  'dead-letters.replay': ['admin'],
  'calendar.publish': ['admin'],
  'audit.read': ['supervisor', 'admin'],
  // 数据上报: the upload to the national system is the administrator's (docs/spgl.md).
  'spgl.export': ['admin'],
  // 目录管理: which catalogue version new projects take is an administrator's decision alone.
  'catalogue.manage': ['admin'],
  // The window's desk offers the region's project types, steps and materials from it.
  'catalogue.read': ['clerk', 'admin'],
  // 失信 (004:2235): the 信用 authority publishes the list; the administrator keeps the platform's copy, as the calendars
  // and the catalogue versions (admin data every service acts on), and a supervisor reads it.
  'dishonest-owners.manage': ['admin'],
  'dishonest-owners.read': ['admin', 'supervisor'],
  // The cases a department leads (whole) or has an item in (its own items only): contracts' `acceptanceCasePart`.
  'acceptance.list': ['reviewer', 'lead'],
  'acceptance.open': ['owner'],
  'acceptance.inspect': ['lead'],
  'acceptance.opinion': ['reviewer', 'lead'],
  // 用地清单: the list a defect may rest on, for those who give the case's opinions (the owner reads it on its status).
  'acceptance.land-list': ['reviewer', 'lead'],
  'acceptance.rectify': ['owner'],
  'acceptance.verify-commitment': ['reviewer', 'lead'],
  // 结果物: the item's department, as for its commitment.
  'acceptance.record-result': ['reviewer', 'lead'],
  'commitments.list': ['reviewer', 'lead', 'supervisor', 'admin'],
  'utility-requests.list': ['utility'],
  'utility-request.act': ['utility'],
  // A department's reviewer supervises the low-risk outside lines pushed to it and reviews their restoration
  // (修复质量验收, 004:1852), as it reviews its own items.
  'pushed-works.list': ['reviewer'],
  'utility-request.restoration-review': ['reviewer'],
  // 并联审批: a department's reviewer decides the outside-line permits applied to its department.
  'outside-line-permits.list': ['reviewer'],
  'utility-permit.decide': ['reviewer'],
  'registrations.list': ['registrar'],
  'registration.act': ['registrar'],
  // The registrar reads every certificate (row-level security) but no project status: a project's certificates are
  // listed to it only once a registration case is on the project, the project it works on.
  'project.certificates': ['registrar', 'lead'],
  'certificate.read': ['owner', 'clerk', 'supervisor', 'registrar'],
  // The registration office issues and signs every certificate; registration checks the certificate itself.
  'certificate.revoke': ['registrar', 'admin'],
  // 证照异议: a department using a certificate objects — a reviewer or a lead to a permit of a project its department
  // has a task on, the joint acceptance's lead to one of the project it leads, the registration office to one of a
  // project it has a registration case on; registration refuses the issuer. The issuing department answers (a
  // permit's reviewer or lead, the registration office for a property certificate): registration tells which. The
  // owner objects to its own property certificate (权利人: it bears a wrong one, 004:3757) and reads its objections.
  'certificate.object': ['reviewer', 'lead', 'registrar', 'owner'],
  'certificate-objection.answer': ['reviewer', 'lead', 'registrar'],
  'certificate-objections.list': ['reviewer', 'lead', 'registrar', 'owner'],
  // The live stream: every role, each told only of what its own reads show (visibility.ts `visibleChange`).
  'changes.stream': ['clerk', 'reviewer', 'lead', 'owner', 'supervisor', 'admin', 'utility', 'registrar', 'agent'],
  // 消息通知: an owner organisation's or a department's own messages and preferences (the notification service).
  // The supervising office reads its own messages too (overdue 好差评 loops, docs/notifications.md), and the 12345
  // centre its own (knowledge-point feedback answered or overdue), a utility provider's staff its provider's, and the
  // registration office (every registrar) its own (first-registration cases opened, their acceptance results changed or
  // their pass revoked).
  'notifications.own': ['owner', 'reviewer', 'lead', 'supervisor', 'agent', 'utility', 'registrar'],
  // Writing preferences redirects a party's SMS and e-mail: a party's own for an owner, a department (its reviewers and
  // lead) or a provider; a shared office's (监督, 12345 centre, 不动产登记机构 — every member reads it, none leads it)
  // only by an admin, naming the office (docs/notifications.md#preferences).
  'notifications.preferences.put': ['owner', 'reviewer', 'lead', 'utility'],
  'notifications.office-preferences.put': ['admin'],
  // An admin sets them, so an admin reads them, naming the office (it has no party of its own); a member reads its
  // office's as its own (`notifications.own`).
  'notifications.office-preferences.read': ['admin'],
  // 好差评: the owner rates the handling of its own projects' tasks (the read model shows an owner only those); the
  // rated department's reviewer or lead replies; the supervising office watches the loops (监督).
  'task.rate': ['owner'],
  'rating.reply': ['reviewer', 'lead'],
  'ratings.project': ['owner', 'supervisor', 'admin'],
  'ratings.department': ['reviewer', 'lead'],
  'ratings.supervise': ['supervisor'],
  // 12345 热线: the centre registers for callers, an owner online, a clerk at the 办不成事 window (000:344) for the
  // applicant before her (each on its own channel only: routes/hotline.ts); the ticket's row scope (its handling unit,
  // its owner) is the hotline service's, which answers 404 for a ticket the caller may not see (docs/hotline.md). The
  // clerk registers and follows; dispatch, handling and the requester's acts are the centre's and the units'.
  'hotline-ticket.register': ['agent', 'owner', 'clerk'],
  'hotline-ticket.act': ['agent', 'reviewer', 'lead', 'owner'],
  // The requester's personal data (第四十三条, 004:1716): the centre, the ticket's units, the owner that filed it — the
  // hotline checks the row; a supervisor watches the handling without it.
  'hotline-ticket.requester': ['agent', 'reviewer', 'lead', 'owner'],
  // 整改函 (002:340): 12345 — the centre — sends it to the handling unit of a ticket of the 优化营商环境专线 (the hotline
  // checks which: `isBusinessLine`); the unit and the supervisor read it.
  'hotline-ticket.rectification-letter': ['agent'],
  // 整改情况: the unit the letter went to answers it — a reviewer or lead of that department (the hotline checks which).
  'hotline-ticket.rectification-reply': ['reviewer', 'lead'],
  // 线索移交 (002:340): the centre hands a serious case on; the centre and the supervisor read it, no one else.
  'hotline-ticket.referral': ['agent'],
  // 知识库: the agent and the supervisor read the points valid today, a department's reviewer or lead manages its own
  // (the hotline service scopes the rows by the caller's department); the agent answers a consultation from a point.
  'knowledge.read': ['agent', 'supervisor', 'reviewer', 'lead'],
  'knowledge.manage': ['reviewer', 'lead'],
  'knowledge.answer': ['agent'],
  // 知识点反馈 (004:1680–1682): the centre raises it; the department answers (knowledge.manage); the agent, the
  // supervisor and the departments read it (knowledge.read), each department only its own (the service scopes).
  'knowledge.feedback': ['agent'],
  // 变动通报 and 故障通报 (004:1684–1694): a department's reviewer or lead files and updates its own unit's notices; the
  // centre reads every department's and acknowledges (the hotline service scopes the rows by the caller's department).
  'notices.read': ['agent', 'reviewer', 'lead'],
  'notices.file': ['reviewer', 'lead'],
  'notices.acknowledge': ['agent'],
  // 联合审图: the owner submits its own project's drawing set; the review body named on a review answers it (approval
  // refuses any other review body as if the review did not exist); a department reads the report its task decides on.
  'drawing-review.submit': ['owner'],
  'drawing-reviews.list': ['review_body'],
  'drawing-review.answer': ['review_body'],
  'task.drawing-report': ['reviewer'],
  // A project's review and survey commissions with their clocks: its owner, and those who see every project.
  'shared-results.read': ['owner', 'clerk', 'supervisor', 'admin'],
  // 多测合一: the owner commissions; the surveying unit named on a commission records its results (acceptance checks).
  'survey.commission': ['owner'],
  'survey-commissions.list': ['surveyor'],
  'survey.results': ['surveyor'],
  // The commissions of a project: as its other shared results, and the departments approving it — a reviewer or a lead
  // whose department has a task on it — who judge against the surveys instead of asking for another.
  'survey-commissions.read': ['owner', 'clerk', 'supervisor', 'admin', 'reviewer', 'lead'],
  // 帮办代办: the service centre's window opens a case and assigns its helper (004:1868); the helper sees the cases
  // naming it and schedules and records their follow-up visits (intake answers 404 for another helper's case).
  'assisted-case.open': ['clerk'],
  // The role that opened it (the service centre's window) closes it.
  'assisted-case.close': ['clerk'],
  // The case's helper only: intake says whether the case names it and is open.
  'assisted-case.notices': ['helper'],
  'assisted-case.applications': ['helper'],
  'assisted-case.read': ['owner', 'clerk', 'supervisor', 'admin', 'helper'],
  'assisted-cases.list': ['helper', 'clerk', 'supervisor', 'admin'],
  'assisted-case.visit': ['helper'],
  // 中介服务: the published list is public to those choosing and helping; only the owner chooses (004:1333: never
  // forced — no department or clerk may assign one); the intermediary named on an engagement delivers.
  'intermediaries.list': ['owner', 'helper', 'clerk', 'supervisor', 'admin'],
  'intermediary.choose': ['owner'],
  'intermediaries.read': ['owner', 'clerk', 'supervisor', 'admin'],
  'intermediary-engagements.list': ['intermediary'],
  'intermediary.deliver': ['intermediary'],
  // 区域评估 and 用地清单: the local government runs the area's assessments and publishes the plot's list at the land
  // sale (004:2265 由项目所在地政府统筹开展, 004:2263 在土地出让时免费公开) — an administrator acting for the city; the
  // window links a project's land as it registers projects.
  'land.publish': ['admin'],
  'land.list': ['admin', 'clerk', 'supervisor'],
  'land.link': ['clerk', 'admin'],
  // 12345 热线工单: the centre's agents list every ticket, a department (as handling unit) its inbox, an owner its own.
  'tickets.list': ['agent', 'supervisor', 'admin'],
  'tickets.inbox': ['reviewer', 'lead'],
  'tickets.own': ['owner'],
  // The window clerk's own 办不成事 tickets, the ones she registered: the list shows each whole (status, unit, due day),
  // which is her follow-up, and she opens each one's page (its history, no act of hers); the requester's personal data
  // stays the centre's, the units' and the owner's (`hotline-ticket.requester`).
  'tickets.window': ['clerk'],
  'ticket.read': ['agent', 'supervisor', 'admin', 'reviewer', 'lead', 'owner', 'clerk'],
  'supervision.tickets': ['supervisor', 'admin'],
  // 工程质量安全监督 (004:1856): the 质量安全监督机构 is the housing department's (市住房城乡建设局), so a reviewer — the
  // least role that acts for one department — and acceptance checks the department (and, for a result, that the round
  // drew this reviewer). Not the supervisor: the 工改 office watches the approvals, it does not inspect works.
  'quality-round.draw': ['reviewer'],
  'quality-inspection.record': ['reviewer'],
  // 回避 / 改派: the body (acceptance checks the department); the replacement is drawn, never named.
  'quality-inspection.reassign': ['reviewer'],
  'quality-inspections.list': ['reviewer'],
  // A project's recorded inspections: as its other shared results (the results are public anyway, 一公开).
  'quality-inspections.read': ['owner', 'clerk', 'supervisor', 'admin'],
}

/** The one authorisation rule of the gateway: role first (403), then row scope (404). */
export function authorise(actor: Actor, request: Request): Authorisation {
  const allowed = roles[request.action]
  if (!allowed.includes(actor.role)) return forbidden(actor.role, allowed)
  if (actor.region !== undefined && 'row' in request && request.row && 'region' in request.row) {
    const { region } = request.row as InRegion
    if (typeof region !== 'string' || !regionCovers(actor.region, region)) return hidden
  }
  switch (request.action) {
    case 'project.read': {
      const row = request.row
      if (!row) return hidden
      if (actor.role === 'owner') return row.ownerCreditCode === actor.creditCode ? allow : hidden
      // A reviewer sees a project once one of its department's tasks belongs to it.
      if (actor.role === 'reviewer') return row.departments.includes(actor.department ?? '') ? allow : hidden
      return allow
    }
    case 'receipt.withdraw':
    case 'application.withdraw':
    case 'assisted-case.read':
    case 'intermediaries.read':
    case 'deliveries.read':
    case 'bookings.read':
      if (actor.role !== 'owner') return allow
      return request.row && request.row.ownerCreditCode === actor.creditCode ? allow : hidden
    case 'materials.submit':
      // The helper's case is intake's to check: in the act's own transaction for intake's acts (404 for another's),
      // asked first for a 补正 answer (403 INTAKE_ASSIST_NOT_ASSIGNED).
      if (actor.role === 'helper') return allow
      return request.row && request.row.ownerCreditCode === actor.creditCode ? allow : hidden
    case 'intermediary.choose':
    case 'booking.make':
    case 'drawing-review.submit':
    case 'survey.commission':
    case 'acceptance.open':
    case 'acceptance.rectify':
      return request.row && request.row.ownerCreditCode === actor.creditCode ? allow : hidden
    case 'task.act':
    case 'task.verify-commitment':
    case 'task.deficiency-finding':
    case 'task.rectification-review':
    case 'task.rectification-escalate':
    case 'task.drawing-report':
    case 'task.supervision-reply':
      return request.row && request.row.department === actor.department ? allow : hidden
    case 'task.supervisions':
      if (!request.row) return hidden
      return actor.role !== 'reviewer' || request.row.department === actor.department ? allow : hidden
    case 'task.rectification-report':
    case 'task.rate':
      // The read model shows an owner its own projects' tasks only (row-level security): a task it sees is its own.
      return request.row ? allow : hidden
    case 'rating.reply':
      return request.row && request.row.department === actor.department ? allow : hidden
    case 'lead.notice':
      return request.row && request.row.lead === actor.department ? allow : hidden
    case 'acceptance.inspect':
      return request.row && request.row.lead === actor.department ? allow : hidden
    case 'acceptance.opinion':
    case 'acceptance.land-list': {
      // The lead department, or a department with an item in the case; acceptance itself refuses a non-participant too.
      const row = request.row
      if (!row) return hidden
      const dept = actor.department ?? ''
      return row.lead === dept || row.departments.includes(dept) ? allow : hidden
    }
    case 'acceptance.verify-commitment':
    case 'acceptance.record-result':
      // A department with an item in the case; acceptance itself refuses one that is not the item's.
      return request.row?.departments.includes(actor.department ?? '') ? allow : hidden
    case 'utility-request.act':
      return request.row && request.row.provider === actor.provider ? allow : hidden
    case 'utility-request.restoration-review':
    case 'utility-permit.decide':
      return request.row?.departments.includes(actor.department ?? '') ? allow : hidden
    case 'survey-commissions.read': {
      const row = request.row
      if (!row) return hidden
      if (actor.role === 'owner')
        return row.ownerCreditCode !== undefined && row.ownerCreditCode === actor.creditCode ? allow : hidden
      if (actor.role === 'reviewer' || actor.role === 'lead')
        return row.departments.includes(actor.department ?? '') ? allow : hidden
      return allow
    }
    case 'quality-inspections.read':
    case 'shared-results.read': {
      const row = request.row
      if (!row) return hidden
      return actor.role !== 'owner' || row.ownerCreditCode === actor.creditCode ? allow : hidden
    }
    case 'certificate.read': {
      const row = request.row
      if (!row) return hidden
      if (actor.role === 'owner') return row.ownerCreditCode === actor.creditCode ? allow : hidden
      return allow
    }
    case 'project.certificates': {
      const row = request.row
      if (!row) return hidden
      return (actor.role === 'lead' ? row.usesPermits : row.registrationCases > 0) ? allow : hidden
    }
    case 'certificate.object': {
      const row = request.row
      if (!row) return hidden
      // The registration office uses the permits of the projects it registers: a project with no case is not its.
      if (actor.role === 'registrar') return row.registrationCases > 0 ? allow : hidden
      // The owner a certificate of its own (which of them it uses — its property certificate, not a permit — is
      // registration's one rule, REGISTRATION_OBJECTION_NOT_A_USER).
      if (actor.role === 'owner') return row.ownerCreditCode === actor.creditCode ? allow : hidden
      // A department is shown the project's permits, never its property certificates (visibility.ts `departmentPart`,
      // migration 20270102100000_lead_uses_permits); the read model shows it only the projects it acts on.
      return row.kind === 'permit' ? allow : hidden
    }
    case 'ticket.read': {
      // A department handling it or co-handling it; the owner organisation that filed it; the window clerk who
      // registered it (her token's `sub`, as row-level security compares it: 20261225000000_window_clerk_scope).
      const row = request.row
      if (!row) return hidden
      if (actor.role === 'owner') return row.ownerCreditCode === actor.creditCode ? allow : hidden
      if (actor.role === 'clerk') return row.windowClerk !== undefined && row.windowClerk === actor.sub ? allow : hidden
      if (actor.role === 'reviewer' || actor.role === 'lead')
        return row.departments.includes(actor.department ?? '') ? allow : hidden
      return allow
    }
    default:
      return allow
  }
}
