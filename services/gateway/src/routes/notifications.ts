import {
  NotificationMessageListQuery,
  NotificationMessageListResponse,
  NotificationOfficeQuery,
  NotificationPreferencesBody,
  NotificationPreferencesResponse,
} from '@onewindow/contracts'
import { forward, queryString } from '../forward.js'
import { authorised, type RoutePlugin } from './plugin.js'

/**
 * 消息通知 — forwarded to the notification service, which owns the messages and preferences: it answers the caller's
 * own party only (an owner by its 统一社会信用代码, a reviewer or lead by its department, a provider's staff by its
 * provider, a registrar the registration office's; a regional reviewer's or lead's department messages only about
 * projects within the `region` the assertion's actor carries), so nothing here scopes rows.
 * The messages are read from the service rather than copied into the read model: they are one party's own, never
 * joined with a project's status, and the service already keeps them by party, paged.
 */
export const notificationRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/notifications',
    {
      schema: {
        summary:
          "The caller's own messages, newest first, paged by `before` — owner, reviewer, lead, supervisor, agent, utility provider, registrar; from the notification service",
        tags: ['notifications'],
        querystring: NotificationMessageListQuery,
        response: { 200: NotificationMessageListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'notifications.own' })
      return forward(reply, deps.notification, {
        method: 'GET',
        path: `/messages${queryString({ before: request.query.before || undefined, limit: request.query.limit })}`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/notifications/preferences',
    {
      schema: {
        summary:
          "The caller's own notification preferences (channels, quiet hours, address) — owner, reviewer, lead, supervisor, agent, utility provider, registrar; a shared office's (`office`: supervision, hotline-centre, registration) admin only",
        tags: ['notifications'],
        querystring: NotificationOfficeQuery,
        response: { 200: NotificationPreferencesResponse },
      },
    },
    async (request, reply) => {
      const { office } = request.query
      authorised(request, {
        action: office === undefined ? 'notifications.own' : 'notifications.office-preferences.read',
      })
      return forward(reply, deps.notification, {
        method: 'GET',
        path: `/preferences${queryString({ office })}`,
        actor: request.actor,
      })
    },
  )

  app.put(
    '/notifications/preferences',
    {
      schema: {
        summary:
          "Replace the caller's own notification preferences: channels (sms, email, log), quiet hours (Asia/Shanghai), phone, e-mail — owner, reviewer, lead, utility provider; a shared office's (`office`: supervision, hotline-centre, registration) admin only",
        tags: ['notifications'],
        querystring: NotificationOfficeQuery,
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferencesResponse },
      },
    },
    async (request, reply) => {
      const { office } = request.query
      authorised(request, {
        action: office === undefined ? 'notifications.preferences.put' : 'notifications.office-preferences.put',
      })
      return forward(reply, deps.notification, {
        method: 'PUT',
        path: `/preferences${queryString({ office })}`,
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
