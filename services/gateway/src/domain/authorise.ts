import type { Actor, Role } from '@onewindow/contracts'

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
  | { action: 'receipt.withdraw'; row?: { ownerCreditCode: string } }
  | { action: 'application.withdraw'; row?: { ownerCreditCode: string } }
  | { action: 'tasks.list' }
  | { action: 'task.act'; row?: { department: string } }
  | { action: 'task.verify-commitment'; row?: { department: string } }
  | { action: 'lead.tasks' }
  | { action: 'lead.alerts' }
  | { action: 'lead.notice'; row?: { lead: string } }
  | { action: 'supervision.read' }
  | { action: 'supervision.stats' }
  | { action: 'step.extend' }
  | { action: 'clock.preview' }
  | { action: 'dead-letters.read' }
  | { action: 'dead-letters.replay' }
  | { action: 'calendar.publish' }
  | { action: 'audit.read' }
  | { action: 'spgl.export' }
  | { action: 'catalogue.manage' }
  | { action: 'catalogue.read' }
  | { action: 'acceptance.list' }
  | { action: 'acceptance.open'; row?: { ownerCreditCode: string } }
  | { action: 'acceptance.inspect'; row?: { lead: string } }
  | { action: 'acceptance.opinion'; row?: { lead: string; departments: readonly string[] } }
  | { action: 'acceptance.rectify'; row?: { ownerCreditCode: string } }
  | { action: 'acceptance.verify-commitment'; row?: { departments: readonly string[] } }
  | { action: 'commitments.list' }
  | { action: 'utility-requests.list' }
  | { action: 'utility-request.act'; row?: { provider: string } }
  | { action: 'registrations.list' }
  | { action: 'registration.act' }
  | { action: 'certificate.read'; row?: { ownerCreditCode: string } }
  | { action: 'certificate.revoke' }
  | { action: 'changes.stream' }
  | { action: 'notifications.own' }

export type Authorisation = { allow: true } | { allow: false; status: 403 | 404; reason: string }

const allow: Authorisation = { allow: true }
const forbidden = (role: Role, roles: readonly Role[]): Authorisation => ({
  allow: false,
  status: 403,
  reason: `A ${role} may not do this; it takes a ${roles.join(' or ')}.`,
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
  'materials.submit': ['owner'],
  // 接件: the clerk of the window accepts or refuses it (行政许可法第三十二条); the owner withdraws its own, or a clerk for it.
  'receipt.decide': ['clerk'],
  'receipt.withdraw': ['owner', 'clerk'],
  // 撤回: the applicant's act — the owner, or the window clerk taking it from the owner at the counter.
  'application.withdraw': ['owner', 'clerk'],
  'tasks.list': ['reviewer'],
  'task.act': ['reviewer'],
  'task.verify-commitment': ['reviewer'],
  // 牵头部门 of a parallel step: its tasks, its alerts, its one consolidated 补正 notice.
  'lead.tasks': ['lead'],
  'lead.alerts': ['lead'],
  'lead.notice': ['lead'],
  'supervision.read': ['supervisor', 'admin'],
  // The figures a city's 工改 office is judged on: the supervising office's alone (issue 15).
  'supervision.stats': ['supervisor'],
  // 延长 of a joint step: the supervising office records the people's government head's approval (行政许可法第四十二条).
  'step.extend': ['supervisor', 'admin'],
  'clock.preview': ['clerk', 'reviewer', 'lead', 'owner', 'supervisor', 'admin', 'utility', 'registrar'],
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
  // The cases a lead department leads; a participating reviewer sees its own items in the project's status.
  'acceptance.list': ['lead'],
  'acceptance.open': ['owner'],
  'acceptance.inspect': ['lead'],
  'acceptance.opinion': ['reviewer', 'lead'],
  'acceptance.rectify': ['owner'],
  'acceptance.verify-commitment': ['reviewer', 'lead'],
  'commitments.list': ['reviewer', 'lead', 'supervisor', 'admin'],
  'utility-requests.list': ['utility'],
  'utility-request.act': ['utility'],
  'registrations.list': ['registrar'],
  'registration.act': ['registrar'],
  'certificate.read': ['owner', 'clerk', 'supervisor', 'registrar'],
  // The registration office issues and signs every certificate; registration checks the certificate itself.
  'certificate.revoke': ['registrar', 'admin'],
  // The live stream: every role, each told only of what its own reads show (visibility.ts `visibleChange`).
  'changes.stream': ['clerk', 'reviewer', 'lead', 'owner', 'supervisor', 'admin', 'utility', 'registrar'],
  // 消息通知: an owner organisation's or a department's own messages and preferences (the notification service).
  'notifications.own': ['owner', 'reviewer', 'lead'],
}

/** The one authorisation rule of the gateway: role first (403), then row scope (404). */
export function authorise(actor: Actor, request: Request): Authorisation {
  const allowed = roles[request.action]
  if (!allowed.includes(actor.role)) return forbidden(actor.role, allowed)
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
      if (actor.role !== 'owner') return allow
      return request.row && request.row.ownerCreditCode === actor.creditCode ? allow : hidden
    case 'materials.submit':
    case 'acceptance.open':
    case 'acceptance.rectify':
      return request.row && request.row.ownerCreditCode === actor.creditCode ? allow : hidden
    case 'task.act':
    case 'task.verify-commitment':
      return request.row && request.row.department === actor.department ? allow : hidden
    case 'lead.notice':
      return request.row && request.row.lead === actor.department ? allow : hidden
    case 'acceptance.inspect':
      return request.row && request.row.lead === actor.department ? allow : hidden
    case 'acceptance.opinion': {
      // The lead department, or a department with an item in the case; acceptance itself refuses a non-participant too.
      const row = request.row
      if (!row) return hidden
      const dept = actor.department ?? ''
      return row.lead === dept || row.departments.includes(dept) ? allow : hidden
    }
    case 'acceptance.verify-commitment':
      // A department with an item in the case; acceptance itself refuses one that is not the item's.
      return request.row?.departments.includes(actor.department ?? '') ? allow : hidden
    case 'utility-request.act':
      return request.row && request.row.provider === actor.provider ? allow : hidden
    case 'certificate.read': {
      const row = request.row
      if (!row) return hidden
      if (actor.role === 'owner') return row.ownerCreditCode === actor.creditCode ? allow : hidden
      return allow
    }
    default:
      return allow
  }
}
