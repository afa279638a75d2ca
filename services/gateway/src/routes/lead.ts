import {
  LeadNoticeBody,
  RectificationEscalationBody,
  RectificationReportBody,
  RectificationReviewBody,
  SupplementNoticeIssuedV1,
  TaskCommitmentBody,
  TaskDeficiencyFindingBody,
  TaskSnapshot,
  Uuid,
} from '@onewindow/contracts'
import { unreadableLog } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { conforming, eachRow } from '../domain/rows.js'
import { Unreadable } from '../http/schemas.js'
import { forwardedCommand } from './forwarded.js'
import { applicationNotFound, authorised, type RoutePlugin, taskNotFound } from './plugin.js'

/** Tasks per lead page unless `limit` says otherwise, and the most one page holds. */
export const LEAD_LIMIT = 100
const LEAD_MAX_LIMIT = 500

const LeadAlertView = Type.Object({
  eventId: Uuid,
  taskId: Uuid,
  projectId: Uuid,
  applicationId: Uuid,
  clock: Type.String(),
  department: Type.String(),
  item: Type.String(),
  dueOn: Type.String(),
  detectedOn: Type.String(),
  detectedAt: Type.String(),
  used: Type.Number(),
  limit: Type.Number(),
})

const day = (d: Date) => d.toISOString().slice(0, 10)

// Each row is checked on its own (domain/rows.ts): one bad stored row is named in `unreadable`, never a 500 for the
// lead's whole list.
const checkedTask = conforming(TaskSnapshot)
const checkedAlert = conforming(LeadAlertView)

/**
 * 牵头部门 of a parallel step: every task of the steps it leads (another department still sees only its own), the
 * alerts it got when a department's clock turned yellow, and its one consolidated 补正 notice, forwarded to approval.
 * Also the later verification of a task approved on commitment (告知承诺), by the task's department.
 */
export const leadRoutes: RoutePlugin = async (app, { deps }) => {
  const limit = Type.Optional(Type.Integer({ minimum: 1, maximum: LEAD_MAX_LIMIT, default: LEAD_LIMIT }))
  const logUnreadable = unreadableLog()

  app.get(
    '/lead/tasks',
    {
      schema: {
        summary: "The lead department's view: every task of the steps it leads, soonest due first — lead",
        tags: ['queries'],
        querystring: Type.Object({ application: Type.Optional(Uuid), limit }, { additionalProperties: false }),
        response: { 200: Type.Object({ tasks: Type.Array(TaskSnapshot), unreadable: Type.Array(Unreadable) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'lead.tasks' })
      const { application, limit: take } = request.query
      const tasks = await deps
        .read(request.actor)
        .leadTasks(
          request.actor.department ?? '',
          application ? { applicationId: application } : {},
          take ?? LEAD_LIMIT,
        )
      const rows = eachRow(
        tasks,
        'task',
        (t) => t.taskId,
        checkedTask,
        (t) => t.department,
      )
      logUnreadable(request.log, rows.unreadable)
      return { tasks: rows.views, unreadable: rows.unreadable }
    },
  )

  app.get(
    '/lead/alerts',
    {
      schema: {
        summary: "预警 to the lead department: a department's clock in its step turned yellow, once per task — lead",
        tags: ['queries'],
        querystring: Type.Object({ limit }, { additionalProperties: false }),
        response: { 200: Type.Object({ alerts: Type.Array(LeadAlertView), unreadable: Type.Array(Unreadable) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'lead.alerts' })
      const rows = await deps
        .read(request.actor)
        .leadAlerts(request.actor.department ?? '', request.query.limit ?? LEAD_LIMIT)
      const alerts = eachRow(
        rows,
        'lead-alert',
        (r) => r.eventId,
        (r) =>
          checkedAlert({
            eventId: r.eventId,
            taskId: r.taskId,
            projectId: r.projectId,
            applicationId: r.applicationId,
            clock: r.clock,
            department: r.department,
            item: r.item,
            dueOn: day(r.dueOn),
            detectedOn: day(r.detectedOn),
            detectedAt: r.detectedAt.toISOString(),
            used: r.used,
            limit: r.limitValue,
          }),
        (r) => r.department,
      )
      logUnreadable(request.log, alerts.unreadable)
      return { alerts: alerts.views, unreadable: alerts.unreadable }
    },
  )

  forwardedCommand(app, {
    url: '/applications/:id/supplement-notice',
    summary:
      "一次性告知 — the step's lead department issues the one consolidated 补正 notice on the departments' behalf; forwarded to approval",
    body: LeadNoticeBody,
    response: { 200: Type.Object({ notice: SupplementNoticeIssuedV1.schema, tasks: Type.Array(TaskSnapshot) }) },
    to: deps.approval,
    async authorise(request, id) {
      // Row-level security shows a lead the tasks of its steps only: none seen is an application it does not lead.
      const [task] = await deps.read(request.actor).leadTasks(request.actor.department ?? '', { applicationId: id }, 1)
      authorised(
        request,
        { action: 'lead.notice', ...(task?.lead ? { row: { lead: task.lead } } : {}) },
        applicationNotFound(id),
      )
    },
  })

  forwardedCommand(app, {
    url: '/tasks/:id/commitment',
    summary:
      "The later verification of a task approved on commitment (告知承诺): kept or breached — reviewer of the task's department; forwarded to approval",
    body: TaskCommitmentBody,
    response: { 200: Type.Object({ task: Type.Object({}, { additionalProperties: true }) }) },
    to: deps.approval,
    async authorise(request, id) {
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.verify-commitment', ...(task ? { row: task } : {}) }, taskNotFound(id))
    },
  })

  forwardedCommand(app, {
    url: '/tasks/:id/deficiency-finding',
    summary:
      "容缺后补 not kept (004:1860): the finding on a 容缺 material of the task's application overdue past its promised day — 整改, 依法撤销许可, 禁止选择告知承诺 — reviewer of the task's department; forwarded to approval",
    body: TaskDeficiencyFindingBody,
    response: { 200: Type.Object({ task: Type.Object({}, { additionalProperties: true }) }) },
    to: deps.approval,
    async authorise(request, id) {
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.deficiency-finding', ...(task ? { row: task } : {}) }, taskNotFound(id))
    },
  })

  // 整改 followed through (004:1860 责令限期整改): the owner of the task's project reports it done, the finding's
  // department confirms it or finds it not done, and after 逾期未整改 takes the further measure. Approval checks the
  // owner against the step's own (APPROVAL_NOT_THE_OWNER) and the reviewer's department again.
  const rectificationActs = [
    {
      url: '/tasks/:id/rectification-report',
      summary:
        "整改 reported — the owner says what it put right of a finding ordering 整改 (a 告知承诺 breach's, or a 容缺 material's: `material`) — owner (its own project's task); forwarded to approval",
      body: RectificationReportBody,
      action: 'task.rectification-report',
    },
    {
      url: '/tasks/:id/rectification-review',
      summary:
        "整改 reviewed — 整改完成 (`done`) or not done (`note`: what is missing) on the owner's last report — reviewer of the task's department; forwarded to approval",
      body: RectificationReviewBody,
      action: 'task.rectification-review',
    },
    {
      url: '/tasks/:id/rectification-escalation',
      summary:
        "逾期未整改's further measure — 依法撤销许可 and/or 禁止选择告知承诺 (`barredUntil`), once the 整改 day passed unconfirmed and no report awaits review — reviewer of the task's department; forwarded to approval",
      body: RectificationEscalationBody,
      action: 'task.rectification-escalate',
    },
  ] as const
  for (const act of rectificationActs) {
    forwardedCommand(app, {
      url: act.url,
      summary: act.summary,
      body: act.body,
      response: { 200: Type.Object({ task: Type.Object({}, { additionalProperties: true }) }) },
      to: deps.approval,
      async authorise(request, id) {
        const task = await deps.read(request.actor).task(id)
        authorised(request, { action: act.action, ...(task ? { row: task } : {}) }, taskNotFound(id))
      },
    })
  }
}
