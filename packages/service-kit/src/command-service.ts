import { createService, type ServiceApp, type ServiceDeps, type ServiceOptions } from './create-service.js'

/** What a command service is built from: the kit's deps and the deps of its `commands.ts`. */
export interface CommandServiceDeps<TCommands> extends ServiceDeps {
  commands: TCommands
}

/** One group of routes: registers its routes, whose handlers call the commands. */
export type RouteGroup<TCommands> = (app: ServiceApp, commands: TCommands) => void

/**
 * A command service's Fastify instance, the one way approval, acceptance, utility and registration build theirs: the
 * kit, OpenAPI at `/docs` (version 1) under the service's name and description, then each route group given the
 * commands. Workers and closers come in `opts` (`serviceRuntime(…).serviceOptions(workers)`). Never listens.
 */
export async function commandServiceApp<TCommands>(
  name: string,
  description: string,
  routes: ReadonlyArray<RouteGroup<TCommands>>,
  deps: CommandServiceDeps<TCommands>,
  opts: ServiceOptions = {},
): Promise<ServiceApp<CommandServiceDeps<TCommands>>> {
  const app = await createService(name, deps, { swagger: { title: name, version: '1', description }, ...opts })
  for (const register of routes) register(app, deps.commands)
  return app
}
