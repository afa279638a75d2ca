import { type CommandServiceDeps, commandService, storedRowUnreadable } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { notificationRoutes } from './routes/notifications.js'

export type NotificationDeps = CommandServiceDeps<CommandDeps>

/** The notification service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'notification',
  description: '消息通知: messages to owners and departments from the flows’ events, preferences, delivery',
  callerCode: 'NOTIFICATION_ACTOR_REQUIRED',
  errorCodes: {
    // A stored row of this service that does not read (damage, not the caller's): named by kind and id, any route.
    NOTIFICATION_STORED_ROW_UNREADABLE: 500,
    NOTIFICATION_ACTOR_REQUIRED: 401,
    NOTIFICATION_NO_PARTY: 403,
    NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY: 403,
    NOTIFICATION_PREFERENCES_INVALID: 400,
    // A regional reviewer or lead changing its department's preferences, which are every region's (domain/preferences.ts).
    NOTIFICATION_PREFERENCES_REGIONAL_CALLER: 403,
  },
  damaged: storedRowUnreadable('NOTIFICATION_STORED_ROW_UNREADABLE'),
  routes: [notificationRoutes],
})
