import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats, type Topology } from '@onewindow/messaging'
import type { CallerKeys } from '@onewindow/service-kit/assertion'
import { inject } from 'vitest'
import { testCallerKeys } from './callers.js'
import { type TestClock, testClock } from './clock.js'
import { createTestTopology } from './nats.js'
import { createTestSchema, type TestSchema } from './postgres.js'

/** What a world hands a service's `create<Service>`: the options every service takes, pointed at the test's own. */
export type WorldWiring = {
  /** The fresh schema's URL (`?schema=<name>_<random>`), as its owner role. */
  databaseUrl: string
  /** With `reader: true`: the URL of the schema's reader role (owns nothing; row-level security applies to it). */
  readerDatabaseUrl?: string
  nc: NatsConnection
  topology: Topology
  clock: TestClock
  logger: false
  /** The keys an internal service trusts: the test gateway's (`asCaller` signs with it). */
  callers: CallerKeys
}

/** The part of a service app a world needs: fastify's `ready` and `close`. */
export type WorldApp = { ready(): PromiseLike<unknown>; close(): PromiseLike<unknown> }

export type ServiceWorldOptions<App extends WorldApp> = {
  /** Labels the schema (`<name>_<random>`) and the NATS connection (`<name>-test`). */
  name: string
  /** Applied to the fresh schema before `create` runs; none: an empty schema. */
  migrationsDir?: string
  /** Also make the schema's reader role (the gateway's read model is queried as one). */
  reader?: boolean
  /** Where the test clock starts. */
  start: string | Date
  /** The service's `create<Service>`, with whatever else it needs spread over the wiring; `ready` is awaited here. */
  create(wiring: WorldWiring): Promise<App>
}

export type ServiceWorld<App extends WorldApp> = {
  nc: NatsConnection
  topology: Topology
  db: TestSchema
  clock: TestClock
  /** The running app; a new one after `restart()`. */
  readonly app: App
  /** Closes the app and creates it again on the same schema, stream and clock, as a redeploy would. */
  restart(): Promise<void>
  /**
   * Has `cleanup` run when the world is disposed: after the app is closed, before the world's own schema, stream
   * and connection go (the last deferred first). Returns `cleanup`. For what a service's helper adds to its world:
   * a peer schema, a client on it.
   */
  defer<F extends () => unknown>(cleanup: F): F
  /**
   * What a command could have written about one row (its `id`): the outbox's size and the row's `state` as text.
   * Read before and after a refused command to show it wrote nothing. The audit chain's anchors are not counted: the
   * runtime's anchor job writes one every few seconds on its own.
   */
  writtenTo(table: string, id: string): Promise<{ outbox: number; state: string | null }>
  /** Closes the app, runs the deferred cleanups, then drops the schema, deletes the stream and closes NATS. */
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * One service on a fresh schema and a test stream of its own, with a test clock, created through the service's own
 * `create<Service>`. Whatever it has acquired is released again if a later step fails.
 */
export async function serviceWorld<App extends WorldApp>(
  options: ServiceWorldOptions<App>,
): Promise<ServiceWorld<App>> {
  const cleanups: Array<() => unknown> = []
  const release = async () => {
    const errors: unknown[] = []
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (error) {
        errors.push(error)
      }
    }
    if (errors.length === 1) throw errors[0]
    if (errors.length > 1) throw new AggregateError(errors, 'serviceWorld: several cleanups failed')
  }
  try {
    const nc = await connectNats(inject('natsUrl'), `${options.name}-test`)
    cleanups.push(() => nc.close())
    const topo = await createTestTopology(nc)
    cleanups.push(topo.delete)
    const db = await createTestSchema(inject('databaseUrl'), options.migrationsDir, options.name, {
      reader: options.reader ?? false,
    })
    cleanups.push(db.drop)
    const clock = testClock(options.start)
    const wiring: WorldWiring = {
      databaseUrl: db.url,
      ...(db.readerUrl ? { readerDatabaseUrl: db.readerUrl } : {}),
      nc,
      topology: topo.topology,
      clock,
      logger: false,
      callers: await testCallerKeys(),
    }
    const make = async () => {
      const created = await options.create(wiring)
      try {
        await created.ready()
      } catch (error) {
        await Promise.resolve(created.close()).catch(() => {})
        throw error
      }
      return created
    }
    let app = await make()
    return {
      nc,
      topology: topo.topology,
      db,
      clock,
      get app() {
        return app
      },
      async restart() {
        await app.close()
        app = await make()
      },
      defer(cleanup) {
        cleanups.push(cleanup)
        return cleanup
      },
      async writtenTo(table, id) {
        // Test code names the table; it is an identifier, not a value.
        const { rows } = await db.pool.query<{ outbox: number; state: string | null }>(
          `SELECT (SELECT count(*)::int FROM outbox_message WHERE subject NOT LIKE '%.audit.anchored.v1') AS outbox,
                  (SELECT state::text FROM ${table} WHERE id = $1::uuid) AS state`,
          [id],
        )
        return rows[0] ?? { outbox: 0, state: null }
      },
      async [Symbol.asyncDispose]() {
        try {
          await app.close()
        } finally {
          await release()
        }
      },
    }
  } catch (error) {
    await release().catch(() => {})
    throw error
  }
}
