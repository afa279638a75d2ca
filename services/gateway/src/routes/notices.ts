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
import { forward, queryString } from '../forward.js'
import { authorised, type RoutePlugin } from './plugin.js'

/**
 * 变动通报 and 故障通报 (docs/hotline.md#notices, 004:1684–1694) — forwarded to the hotline service, which owns the
 * notices and scopes them by caller: a department's reviewer or lead files and updates its own unit's, the agent reads
 * every department's and acknowledges; another department's notice answers 404. Like the knowledge base, they belong
 * to no project's status, so they are not copied into the read model.
 */
export const noticeRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/hotline/notices',
    {
      schema: {
        summary:
          "The units' change and outage notices, open first, then newest, a page of each kind (`next` names where each kind goes on; a `cursor` answers that kind only): the agent every department's (an outage's overdue answer script or progress update flagged), a reviewer or lead its own",
        tags: ['notices'],
        querystring: NoticeListQuery,
        response: { 200: NoticeListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notices.read' })
      return forward(reply, deps.hotline, {
        method: 'GET',
        path: `/notices${queryString(request.query)}`,
        actor: request.actor,
      })
    },
  )

  app.post(
    '/hotline/notices/changes',
    {
      schema: {
        summary:
          '变动通报 — tell the hotline centre in advance of a major business change or policy adjustment: one of the five cases, the day it takes effect (after today) and the linked measures — reviewer, lead',
        tags: ['notices'],
        body: ChangeNoticeBody,
        response: { 201: ChangeNoticeResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notices.file' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: '/notices/changes',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/notices/changes/:id/acknowledge',
    {
      schema: {
        summary: "Acknowledge a unit's change notice, once — agent",
        tags: ['notices'],
        params: NoticeIdParams,
        response: { 200: ChangeNoticeResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notices.acknowledge' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/notices/changes/${request.params.id}/acknowledge`,
        actor: request.actor,
      })
    },
  )

  app.post(
    '/hotline/notices/outages',
    {
      schema: {
        summary:
          '故障通报 — report a fault of the unit’s website or app: cause, start, business affected, expected recovery; the answer script is due within 1 natural day — reviewer, lead',
        tags: ['notices'],
        body: OutageNoticeBody,
        response: { 201: OutageNoticeResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notices.file' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: '/notices/outages',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/notices/outages/:id/actions',
    {
      schema: {
        summary:
          "On the unit's own outage: the answer script (or an updated one), a progress note, or the recovery, which ends its clocks — reviewer, lead of the department",
        tags: ['notices'],
        params: NoticeIdParams,
        body: OutageActionBody,
        response: { 200: OutageNoticeResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notices.file' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/notices/outages/${request.params.id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
