import { createService, registerErrorCodes, type ServiceDeps, type ServiceOptions } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { taskRoutes } from './routes/tasks.js'

registerErrorCodes({
  APPROVAL_ACTOR_REQUIRED: 401,
  APPROVAL_NOT_YOUR_DEPARTMENT: 403,
  APPROVAL_NOT_THE_OWNER: 403,
  APPROVAL_TASK_STATE_CONFLICT: 409,
  APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED: 409,
  APPROVAL_NOTICE_NOT_OPEN: 409,
  APPROVAL_SUPPLEMENT_INCOMPLETE: 422,
})

export interface ApprovalDeps extends ServiceDeps {
  commands: CommandDeps
}

/** The approval service's Fastify instance: kit, routes; workers and closers come in `opts`. Never listens. */
export async function buildApp(deps: ApprovalDeps, opts: ServiceOptions = {}) {
  const app = await createService('approval', deps, {
    swagger: {
      title: 'approval',
      version: '1',
      description: '并联审批: department tasks, clocks, 补正, step decisions',
    },
    ...opts,
  })
  taskRoutes(app, deps.commands)
  return app
}
