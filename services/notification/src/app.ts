import { type CommandServiceDeps, commandService } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { notificationRoutes } from './routes/notifications.js'

export type NotificationDeps = CommandServiceDeps<CommandDeps>

/** The notification service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'notification',
  description: '消息通知: messages to owners and departments from the flows’ events, preferences, delivery',
  callerCode: 'NOTIFICATION_ACTOR_REQUIRED',
  errorCodes: {
    NOTIFICATION_ACTOR_REQUIRED: 401,
    NOTIFICATION_NO_PARTY: 403,
    NOTIFICATION_PREFERENCES_INVALID: 400,
  },
  routes: [notificationRoutes],
})
