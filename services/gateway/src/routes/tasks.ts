import {
  LegalDate,
  RespondSupervisionBody,
  StepExtensionBody,
  SuperviseTaskBody,
  TaskActionBody,
  TaskStatus,
  Uuid,
} from '@onewindow/contracts'
import { unreadableLog } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { eachRow } from '../domain/rows.js'
import { checkedInboxTask, supervisionViews } from '../domain/status.js'
import { forward } from '../forward.js'
import { cursorKey, encodeCursor } from '../http/inbox-cursor.js'
import { inboxKey, keptPage, sendPage, serialised } from '../http/kept-answers.js'
import { InboxTask, TaskSupervisions, Unreadable } from '../http/schemas.js'
import { checkedViewSerializer } from '../http/serializer.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, type RoutePlugin, taskNotFound } from './plugin.js'

/** Tasks per inbox page unless `limit` says otherwise, and the most one page holds. */
export const INBOX_LIMIT = 50
export const INBOX_MAX_LIMIT = 200

export const taskRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/tasks',
    {
      schema: {
        summary: "The reviewer's inbox: its department's tasks, soonest due first",
        tags: ['queries'],
        querystring: Type.Object(
          {
            state: Type.Optional(TaskStatus),
            due_before: Type.Optional({ ...LegalDate, description: 'only tasks due before this legal date' }),
            limit: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: INBOX_MAX_LIMIT,
                default: INBOX_LIMIT,
                description: 'tasks per page',
              }),
            ),
            cursor: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_-]+$',
                maxLength: 200,
                description: "the previous page's nextCursor, as it came; the page starts after that page's last task",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            tasks: Type.Array(InboxTask),
            nextCursor: Type.Optional(
              Type.String({ description: 'pass as `cursor` (same filters) for the next page; absent on the last' }),
            ),
            unreadable: Type.Array(Unreadable, { description: "this page's rows that could not be shown" }),
          }),
          304: Type.Null({ description: 'If-None-Match named the ETag of this page as it is now: no body' }),
        },
      },
      // Each task is checked against InboxTask before it is sent (domain/rows.ts).
      serializerCompiler: checkedViewSerializer,
    },
    async (request, reply) => {
      authorised(request, { action: 'tasks.list' })
      const department = request.actor.department ?? ''
      const { state, due_before, limit, cursor } = request.query
      const after = cursor === undefined ? undefined : cursorKey(cursor)
      // A page is the same for every reviewer of the department in the same region (row-level security keeps a
      // regional one to its region's tasks: docs/security.md "Regional authority"): one built before is sent again
      // while the department's inbox version is the one it was built at (read first: db/queries.ts `inboxVersion`).
      const region = request.actor.region
      const key = inboxKey(region === undefined ? department : `${department}@${region}`, request.query)
      const read = deps.read(request.actor)
      const scope = `inbox:${department}`
      // A page names the calendar it marked provisional dates with: a published year lifts the marks of unmoved dates too.
      const generation = `@${deps.calendar.generation()}`
      let page = deps.answers.inbox.get(key)
      // Sent with no statement while PostgreSQL has told of no change to the department's tasks since the version
      // read that last confirmed it (db/answer-changes.ts, as a kept status).
      if (
        page?.mark !== undefined &&
        page.version.endsWith(generation) &&
        (await deps.answerChanges.unchangedSince(scope, page.mark))
      ) {
        return sendPage(request, reply, page)
      }
      const mark = deps.answerChanges.mark()
      const version = `${await read.inboxVersion(department)}${generation}`
      if (page?.version === version) page.mark = mark
      else {
        const found = await read.inbox(
          department,
          { ...(state ? { status: state } : {}), ...(due_before ? { dueBefore: due_before } : {}) },
          { limit: limit ?? INBOX_LIMIT, ...(after ? { after } : {}) },
        )
        // Only this page's rows are checked; a bad one is skipped and named, and the cursor still moves past it.
        const rows = eachRow(
          found.tasks,
          'task',
          (t) => t.taskId,
          checkedInboxTask(new Set(deps.calendar.current().years)),
          (t) => t.department,
        )
        logUnreadable(request.log, rows.unreadable)
        // Serialised here, by the route's own serialiser, so the bytes can be kept and sent again as they are.
        const body = serialised(reply, {
          tasks: rows.views,
          ...(found.next ? { nextCursor: encodeCursor(found.next) } : {}),
          unreadable: rows.unreadable,
        })
        page = { ...keptPage(version, body), mark }
        deps.answers.inbox.set(key, page)
      }
      return sendPage(request, reply, page)
    },
  )

  app.post(
    '/tasks/:id/actions',
    {
      schema: {
        summary: "One reviewer action on a task of the reviewer's department; forwarded to approval",
        tags: ['commands'],
        params: Type.Object({ id: Uuid }),
        body: TaskActionBody,
        response: {
          200: Type.Object(
            { task: Type.Object({}, { additionalProperties: true }) },
            { description: 'the task after the action' },
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      // authorise() checks the role before the row, so a wrong role gets 403 whether or not the task exists.
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.act', ...(task ? { row: task } : {}) }, taskNotFound(id))
      return forward(reply, deps.approval, {
        method: 'POST',
        path: `/tasks/${id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  forwardedCommand(app, {
    url: '/applications/:id/step-extension',
    summary:
      "延长 of a joint step's statutory clock, once (行政许可法第四十二条: 45 W + 15 W with the people's government head's approval) — supervisor, admin; forwarded to approval",
    body: StepExtensionBody,
    response: {
      200: Type.Object({ clocks: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: true }),
    },
    to: deps.approval,
    authorise(request) {
      authorised(request, { action: 'step.extend' })
    },
  })

  // 督办 (跟踪督办, 004:1794, 004:1868; docs/legal-time.md#督办): approval decides both acts, the gateway the roles.
  forwardedCommand(app, {
    url: '/tasks/:id/supervisions',
    summary:
      "督办 — the supervising office urges the task's department on an open task, the reply due in `replyWithin` working days (default 5) — supervisor; forwarded to approval",
    body: SuperviseTaskBody,
    response: {
      200: Type.Object(
        { task: Type.Object({}, { additionalProperties: true }) },
        { description: 'the task after the 督办' },
      ),
    },
    to: deps.approval,
    authorise(request) {
      authorised(request, { action: 'task.supervise' })
    },
  })

  app.post(
    '/tasks/:id/supervisions/:supervisionId/response',
    {
      schema: {
        summary: "督办回复 — a reviewer of the task's department answers one 督办, once; forwarded to approval",
        tags: ['commands'],
        params: Type.Object({ id: Uuid, supervisionId: Uuid }),
        body: RespondSupervisionBody,
        response: {
          200: Type.Object(
            { task: Type.Object({}, { additionalProperties: true }) },
            { description: 'the task after the reply' },
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, supervisionId } = request.params
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.supervision-reply', ...(task ? { row: task } : {}) }, taskNotFound(id))
      return forward(reply, deps.approval, {
        method: 'POST',
        path: `/tasks/${id}/supervisions/${supervisionId}/response`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/tasks/:id/supervisions',
    {
      schema: {
        summary:
          "A task's 督办, oldest first, each with its state today (open, overdue, answered) — supervisor, admin, a reviewer of the task's department",
        tags: ['queries'],
        params: Type.Object({ id: Uuid }),
        response: { 200: TaskSupervisions },
      },
    },
    async (request) => {
      const { id } = request.params
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.supervisions', ...(task ? { row: task } : {}) }, taskNotFound(id))
      if (!task) throw taskNotFound(id)()
      return {
        taskId: task.taskId,
        projectId: task.projectId,
        department: task.department,
        ...(task.departmentName === undefined ? {} : { departmentName: task.departmentName }),
        item: task.item,
        ...(task.itemName === undefined ? {} : { itemName: task.itemName }),
        status: task.status,
        supervisions: supervisionViews(task, legalDateOf(deps.clock.now())),
      }
    },
  )
}
