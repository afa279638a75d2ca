import { LegalDate, TaskActionBody, TaskStatus, Uuid } from '@onewindow/contracts'
import { Type } from 'typebox'
import { eachRow } from '../domain/rows.js'
import { checkedInboxTask } from '../domain/status.js'
import { forward } from '../forward.js'
import { InboxTask, Unreadable } from '../http/schemas.js'
import { authorised, type RoutePlugin, taskNotFound, unreadableLog } from './plugin.js'

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
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ tasks: Type.Array(InboxTask), unreadable: Type.Array(Unreadable) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'tasks.list' })
      const { state, due_before } = request.query
      const tasks = await deps.read.inbox(request.actor.department ?? '', {
        ...(state ? { status: state } : {}),
        ...(due_before ? { dueBefore: due_before } : {}),
      })
      const rows = eachRow(
        tasks,
        'task',
        (t) => t.taskId,
        checkedInboxTask,
        (t) => t.department,
      )
      logUnreadable(request.log, rows.unreadable)
      return { tasks: rows.views, unreadable: rows.unreadable }
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
      const task = await deps.read.task(id)
      authorised(request, { action: 'task.act', ...(task ? { row: task } : {}) }, taskNotFound(id))
      return forward(reply, deps.approval, {
        method: 'POST',
        path: `/tasks/${id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
