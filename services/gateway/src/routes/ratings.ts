import { LegalDate, RateTaskBody, RatingReplyBody, RatingSnapshot, Uuid } from '@onewindow/contracts'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { Type } from 'typebox'
import type { ListedRating } from '../db/ratings.js'
import { conforming, eachRow, type Rows } from '../domain/rows.js'
import { Unreadable } from '../http/schemas.js'
import { rangeProblem } from '../http/stats-format.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, type RoutePlugin, taskNotFound } from './plugin.js'

/** Ratings one list answers at most (a department's open loops, a project's ratings are far fewer). */
export const MAX_RATINGS = 200

const ratingNotFound = (id: string) => () => new ProblemError(404, 'GATEWAY_RATING_NOT_FOUND', `No rating ${id}.`)

const RatingAnswer = Type.Object({ rating: RatingSnapshot })
const Listed = Type.Object({
  rating: RatingSnapshot,
  projectCode: Type.Union([Type.String(), Type.Null()]),
  projectName: Type.Union([Type.String(), Type.Null()]),
})
const checkListed = conforming(Listed)

/**
 * The listed ratings, each stored row on its own: one that does not match its view (a missing option, an impossible
 * day) is an `unreadable` entry of kind `rating` and the others answer — never a 500 for the list.
 */
const readable = (rows: readonly ListedRating[]): Rows<ListedRating> =>
  eachRow(
    rows,
    'rating',
    (r) => r.rating.ratingId,
    (r) => checkListed(r),
    (r) => r.rating.department,
  )

const LoopFilter = Type.Union(
  [Type.Literal('open'), Type.Literal('overdue'), Type.Literal('replied'), Type.Literal('all')],
  { description: 'open (still to reply, overdue too), overdue, replied, or all ratings' },
)
const DepartmentRatings = Type.Object({
  department: Type.String(),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  rated: Type.Integer({ description: 'first ratings given in the period' }),
  verySatisfied: Type.Integer({ description: '非常满意' }),
  satisfied: Type.Integer({ description: '满意' }),
  basicallySatisfied: Type.Integer({ description: '基本满意' }),
  dissatisfied: Type.Integer({ description: '不满意' }),
  veryDissatisfied: Type.Integer({ description: '非常不满意' }),
  loopsOpen: Type.Integer({ description: 'fix-and-reply loops of those ratings still open, within their limit' }),
  loopsOverdue: Type.Integer({ description: 'loops past their due date with no reply' }),
  loopsReplied: Type.Integer({ description: 'loops the department replied to' }),
})

/**
 * 好差评 (issue 17 part 6): the owner rates a department's handling of a decided task, the department replies to a bad
 * rating (整改、反馈), and the reads: the project's ratings (owner), the department's (reviewer, lead), the figures per
 * department with the open and overdue loops (supervisor). Commands go to approval, reads come from the read model.
 */
export const ratingRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  forwardedCommand(app, {
    url: '/tasks/:id/rating',
    summary:
      "好差评 — the project's owner rates a department's handling of a decided task (非常满意 … 非常不满意), once, within 5 natural days; after the reply to a bad rating, once more — owner; forwarded to approval",
    body: RateTaskBody,
    response: { 200: RatingAnswer },
    to: deps.approval,
    async authorise(request, id) {
      // authorise() checks the role before the row, so a wrong role gets 403 whether or not the task exists.
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.rate', ...(task ? { row: task } : {}) }, taskNotFound(id))
    },
  })

  forwardedCommand(app, {
    url: '/ratings/:id/reply',
    summary:
      "整改 and 反馈 — the rated department's reviewer or lead records what it fixed and its reply to a bad rating, once — reviewer, lead; forwarded to approval",
    body: RatingReplyBody,
    response: { 200: RatingAnswer },
    to: deps.approval,
    async authorise(request, id) {
      const [found] = await deps.ratings.list(request.actor, { ratingId: id, loop: 'all', limit: 1 })
      const row = found ? { department: found.rating.department } : undefined
      authorised(request, { action: 'rating.reply', ...(row ? { row } : {}) }, ratingNotFound(id))
    },
  })

  app.get(
    '/projects/:id/ratings',
    {
      schema: {
        summary:
          "The project's 好差评 ratings, each with its fix-and-reply loop and the department's reply — owner (its own), supervisor, admin",
        tags: ['queries'],
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ ratings: Type.Array(Listed), unreadable: Type.Array(Unreadable) }) },
      },
    },
    async (request) => {
      const { id } = request.params
      authorised(request, { action: 'ratings.project' })
      const project = await deps.read(request.actor).project(id)
      if (!project) throw projectNotFound(id)()
      const rows = readable(await deps.ratings.list(request.actor, { projectId: id, loop: 'all', limit: MAX_RATINGS }))
      logUnreadable(request.log, rows.unreadable)
      return { ratings: rows.views, unreadable: rows.unreadable }
    },
  )

  app.get(
    '/ratings',
    {
      schema: {
        summary:
          "The caller's department's 好差评 ratings, overdue loops first, then by due date (default: the loops still to reply) — reviewer, lead",
        tags: ['queries'],
        querystring: Type.Object({ loop: Type.Optional(LoopFilter) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ratings: Type.Array(Listed), unreadable: Type.Array(Unreadable) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'ratings.department' })
      const department = request.actor.department ?? ''
      const loop = request.query.loop ?? 'open'
      const rows = readable(await deps.ratings.list(request.actor, { department, loop, limit: MAX_RATINGS }))
      logUnreadable(request.log, rows.unreadable)
      return { ratings: rows.views, unreadable: rows.unreadable }
    },
  )

  app.get(
    '/supervision/ratings',
    {
      schema: {
        summary:
          '好差评 per department over [from, to] (first ratings by option, their loops by state) and every fix-and-reply loop still open, overdue first (监督) — supervisor',
        tags: ['queries'],
        querystring: Type.Object({ from: LegalDate, to: LegalDate }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            departments: Type.Array(DepartmentRatings),
            loops: Type.Array(Listed),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'ratings.supervise' })
      const { from, to } = request.query
      const problem = rangeProblem(from, to)
      if (problem) {
        const errors = [{ field: '/querystring/to', message: problem }]
        throw new ProblemError(400, 'GATEWAY_RATINGS_RANGE_INVALID', `to (${to}) ${problem}.`, { errors })
      }
      const { departments, loops } = await deps.ratings.supervised(request.actor, { from, to, limit: MAX_RATINGS })
      const rows = readable(loops)
      logUnreadable(request.log, rows.unreadable)
      return { departments, loops: rows.views, unreadable: rows.unreadable }
    },
  )
}
