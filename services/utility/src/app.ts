import { createService, registerErrorCodes, type ServiceDeps, type ServiceOptions } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { requestRoutes } from './routes/requests.js'

registerErrorCodes({
  UTILITY_ACTOR_REQUIRED: 401,
  UTILITY_NOT_YOUR_REQUEST: 403,
  UTILITY_REQUEST_STATE_CONFLICT: 409,
  UTILITY_PERMIT_NOT_REQUESTED: 409,
})

export interface UtilityDeps extends ServiceDeps {
  commands: CommandDeps
}

/** The utility service's Fastify instance: kit and routes; workers and closers come in `opts`. Never listens. */
export async function buildApp(deps: UtilityDeps, opts: ServiceOptions = {}) {
  const app = await createService('utility', deps, {
    swagger: {
      title: 'utility',
      version: '1',
      description: '水电气网报装: hookup requests opened from the combined form, provider stages, connection',
    },
    ...opts,
  })
  requestRoutes(app, deps.commands)
  return app
}
