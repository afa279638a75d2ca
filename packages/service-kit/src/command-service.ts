import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Result } from '@onewindow/vocabulary'
import type { FastifyPluginAsync, RawServerDefault } from 'fastify'
import type { CallerKeys } from './assertion.js'
import { createService, type ServiceApp, type ServiceDeps, type ServiceOptions } from './create-service.js'
import { problemFromDomainError, registerErrorCodes } from './errors.js'
import type { DamageClassifier } from './problem.js'

/** What a command service is built from: the kit's deps and the deps of its `commands.ts`. */
export interface CommandServiceDeps<TCommands> extends ServiceDeps {
  commands: TCommands
}

/**
 * One group of routes: an encapsulated Fastify plugin (`app.register`) given the commands; its handlers parse, call a
 * command and answer. Typed with the kit's TypeBox provider, so handlers see typed params and bodies.
 */
export type RoutePlugin<TCommands> = FastifyPluginAsync<{ commands: TCommands }, RawServerDefault, TypeBoxTypeProvider>

/** A command's value, or its refusal as problem+json (the status from the service's one code table). */
export const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw problemFromDomainError(result.error)
  return result.value
}

export type CommandServiceSpec<TCommands> = {
  /** The service's name: its logs' `service` and its OpenAPI title. */
  name: string
  /** The OpenAPI description, served at `/docs`. */
  description: string
  /** The codes its refusals carry and their HTTP status (see `registerErrorCodes`). */
  errorCodes: Record<string, number>
  /** Its 401 code (one of `errorCodes`) for a call without the gateway's valid assertion (`callerOf`). */
  callerCode: string
  routes: ReadonlyArray<RoutePlugin<TCommands>>
  /** The service's problem for a damaged stored row an error shows, for every route at once (`DamageClassifier`). */
  damaged?: DamageClassifier
}

/** A command service's options: the kit's, with the keys of the assertions it accepts required. */
export type CommandServiceOptions = Omit<ServiceOptions, 'callers'> & { callers: CallerKeys }

/**
 * The `buildApp(deps, opts)` of a command service — intake, approval, acceptance, utility and registration build
 * theirs this one way: the error codes registered once, when `app.ts` loads (so `listErrorCodes` sees them); then, per
 * app, the kit with every route behind the gateway's signed assertion (`opts.callers`, refused with `callerCode`),
 * OpenAPI at `/docs` (version 1), and each route group given the commands. Workers and closers come in `opts`
 * (`serviceRuntime(…).serviceOptions(workers)`). The app never listens.
 */
export function commandService<TCommands>(
  spec: CommandServiceSpec<TCommands>,
): (
  deps: CommandServiceDeps<TCommands>,
  opts: CommandServiceOptions,
) => Promise<ServiceApp<CommandServiceDeps<TCommands>>> {
  registerErrorCodes(spec.errorCodes)
  if (spec.errorCodes[spec.callerCode] !== 401) {
    throw new Error(`${spec.name}: callerCode ${spec.callerCode} must be one of its error codes, with status 401`)
  }
  return async (deps, opts) => {
    const app = await createService(spec.name, deps, {
      swagger: { title: spec.name, version: '1', description: spec.description },
      ...(spec.damaged ? { damaged: spec.damaged } : {}),
      ...opts,
      callers: { keys: opts.callers, code: spec.callerCode },
    })
    for (const routes of spec.routes) await app.register(routes, { commands: deps.commands })
    return app
  }
}
