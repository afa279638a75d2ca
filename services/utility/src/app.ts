import { type CommandServiceDeps, commandService } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { requestRoutes } from './routes/requests.js'

export type UtilityDeps = CommandServiceDeps<CommandDeps>

/** The utility service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'utility',
  description: '水电气网报装: hookup requests opened from the combined form, provider stages, connection',
  callerCode: 'UTILITY_ACTOR_REQUIRED',
  errorCodes: {
    UTILITY_ACTOR_REQUIRED: 401,
    UTILITY_NOT_YOUR_REQUEST: 403,
    UTILITY_REQUEST_STATE_CONFLICT: 409,
    UTILITY_PERMIT_NOT_REQUESTED: 409,
  },
  routes: [requestRoutes],
})
