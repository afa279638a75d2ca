import { createService, type ServiceApp, type ServiceDeps, type ServiceOptions } from './create-service.js'
import { registerErrorCodes } from './errors.js'

/** What a command service is built from: the kit's deps and the deps of its `commands.ts`. */
export interface CommandServiceDeps<TCommands> extends ServiceDeps {
  commands: TCommands
}

/** One group of routes: registers its routes, whose handlers call the commands. */
export type RouteGroup<TCommands> = (app: ServiceApp, commands: TCommands) => void

export type CommandServiceSpec<TCommands> = {
  /** The service's name: its logs' `service` and its OpenAPI title. */
  name: string
  /** The OpenAPI description, served at `/docs`. */
  description: string
  /** The codes its refusals carry and their HTTP status (see `registerErrorCodes`). */
  errorCodes: Record<string, number>
  routes: ReadonlyArray<RouteGroup<TCommands>>
}

/**
 * The `buildApp(deps, opts)` of a command service — approval, acceptance, utility and registration build theirs this
 * one way: the error codes registered once, when `app.ts` loads (so `listErrorCodes` sees them); then, per app, the
 * kit, OpenAPI at `/docs` (version 1), and each route group given the commands. Workers and closers come in `opts`
 * (`serviceRuntime(…).serviceOptions(workers)`). The app never listens.
 */
export function commandService<TCommands>(
  spec: CommandServiceSpec<TCommands>,
): (deps: CommandServiceDeps<TCommands>, opts?: ServiceOptions) => Promise<ServiceApp<CommandServiceDeps<TCommands>>> {
  registerErrorCodes(spec.errorCodes)
  return async (deps, opts = {}) => {
    const app = await createService(spec.name, deps, {
      swagger: { title: spec.name, version: '1', description: spec.description },
      ...opts,
    })
    for (const register of spec.routes) register(app, deps.commands)
    return app
  }
}
