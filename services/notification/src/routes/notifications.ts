import {
  NotificationMessageListQuery,
  NotificationMessageListResponse,
  NotificationOfficeQuery,
  NotificationPreferencesBody,
  NotificationPreferencesResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { type CommandDeps, getPreferences, listMessages, putPreferences } from '../commands.js'
import { actorOf } from './actor.js'

/** Internal routes, called by the gateway only; each answers the caller's own party (`partyOf` in commands.ts). */
export const notificationRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/preferences',
    { schema: { querystring: NotificationOfficeQuery, response: { 200: NotificationPreferencesResponse } } },
    async (request) => ({
      preferences: unwrap(await getPreferences(deps, actorOf(request), request.query.office)),
    }),
  )

  app.put(
    '/preferences',
    {
      schema: {
        querystring: NotificationOfficeQuery,
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferencesResponse },
      },
    },
    async (request) => ({
      preferences: unwrap(await putPreferences(deps, actorOf(request), request.body, request.query.office)),
    }),
  )

  app.get(
    '/messages',
    { schema: { querystring: NotificationMessageListQuery, response: { 200: NotificationMessageListResponse } } },
    // A stored row that does not read as a message is left out of the page and named in the log, once.
    async (request) =>
      logUnreadable.without(request.log, unwrap(await listMessages(deps, actorOf(request), request.query))),
  )
}
