import type { ServiceApp } from '@onewindow/service-kit'
import type { FastifyInstance, FastifyPluginAsync, RawServerDefault } from 'fastify'
import type { CommandDeps } from '../commands.js'

// The kit's TypeBox type provider, taken from its app type, so route handlers see typed bodies and params.
type KitProvider =
  ServiceApp extends FastifyInstance<RawServerDefault, infer _Req, infer _Res, infer _Log, infer P> ? P : never

/** An encapsulated route plugin of intake: it parses, calls a command and answers. */
export type RoutePlugin = FastifyPluginAsync<{ commands: CommandDeps }, RawServerDefault, KitProvider>
