import {
  ChangeNoticeBody,
  ChangeNoticeResponse,
  NoticeIdParams,
  NoticeListQuery,
  NoticeListResponse,
  OutageActionBody,
  OutageNoticeBody,
  OutageNoticeResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import {
  acknowledgeChangeNotice,
  actOnOutage,
  type CommandDeps,
  fileChangeNotice,
  listNotices,
  reportOutage,
} from '../commands.js'
import { actorOf } from './actor.js'

/**
 * 变动通报 and 故障通报 (004:1684–1694) — internal routes, called by the gateway only. Who files, acknowledges and
 * updates what is decided in the domain: a department's reviewer or lead its own unit's notices, the agent the
 * centre's acknowledgement; another department's notice answers 404.
 */
export const noticeRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/notices',
    { schema: { querystring: NoticeListQuery, response: { 200: NoticeListResponse } } },
    async (request) =>
      logUnreadable.without(request.log, unwrap(await listNotices(deps, actorOf(request), request.query))),
  )

  app.post(
    '/notices/changes',
    { schema: { body: ChangeNoticeBody, response: { 201: ChangeNoticeResponse } } },
    async (request, reply) => {
      const notice = unwrap(await fileChangeNotice(deps, actorOf(request), request.body))
      return reply.code(201).send({ notice })
    },
  )

  app.post(
    '/notices/changes/:id/acknowledge',
    { schema: { params: NoticeIdParams, response: { 200: ChangeNoticeResponse } } },
    async (request) => ({ notice: unwrap(await acknowledgeChangeNotice(deps, actorOf(request), request.params.id)) }),
  )

  app.post(
    '/notices/outages',
    { schema: { body: OutageNoticeBody, response: { 201: OutageNoticeResponse } } },
    async (request, reply) => {
      const notice = unwrap(await reportOutage(deps, actorOf(request), request.body))
      return reply.code(201).send({ notice })
    },
  )

  app.post(
    '/notices/outages/:id/actions',
    { schema: { params: NoticeIdParams, body: OutageActionBody, response: { 200: OutageNoticeResponse } } },
    async (request) => ({
      notice: unwrap(await actOnOutage(deps, actorOf(request), request.params.id, request.body)),
    }),
  )
}
