import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { migrationsDir as acceptanceMigrations } from '@onewindow/acceptance'
import { migrationsDir as approvalMigrations } from '@onewindow/approval'
import type { Catalogue } from '@onewindow/catalogue'
import { type Edges, migrationsDir as gatewayMigrations, mintToken } from '@onewindow/gateway'
import { createHotline, type HotlineApp, migrationsDir as hotlineMigrations } from '@onewindow/hotline'
import { migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats, defaultTopology, ensureStream } from '@onewindow/messaging'
import {
  createNotification,
  type NotificationApp,
  migrationsDir as notificationMigrations,
} from '@onewindow/notification'
import { migrationsDir as registrationMigrations } from '@onewindow/registration'
import {
  createTestSchema,
  createTestTopology,
  type TestClock,
  type TestSchema,
  testCallerKeys,
  testClock,
} from '@onewindow/testing'
import { migrationsDir as utilityMigrations } from '@onewindow/utility'
import { createService, GATEWAY_SECRET, type ServiceSpec } from './services.js'

export type Role =
  | 'clerk'
  | 'reviewer'
  | 'owner'
  | 'supervisor'
  | 'admin'
  | 'lead'
  | 'utility'
  | 'registrar'
  | 'agent'
  | 'review_body'
  | 'surveyor'
  | 'helper'
  | 'intermediary'

export type WorldOptions = {
  natsUrl: string
  databaseUrl: string
  /** The instant the shared test clock starts at. */
  start: string
  /** A catalogue for every region (the benchmark's synthetic one); the bundled catalogues otherwise. */
  catalogue?: (region: string) => Catalogue
  supplementRounds?: number
  /**
   * How often the services scan their durable timers, each timer passing only on its schedule (a test that runs passes
   * by hand sets an hour). Not given: every 250 ms, and at once whenever the test clock moves (`onMove`) — a deadline
   * comes due only when the clock moves; what a pass finds without a move (a task created already late, a calendar
   * published) waits at most a period. A world idling at 100 ms cost its process and PostgreSQL about 0.1 s of CPU a
   * second (docs/operations.md#the-suites-time).
   */
  scanEveryMs?: number
  /**
   * The gateway's rate limits, CORS origins and body limit. By default no rate limit: every test and benchmark drives
   * the platform from one address, often with one token; the limits themselves are tested with limits set.
   */
  edges?: Partial<Edges>
  /**
   * Every service under its own NATS identity, as deployed with `infra/nats/authorization.conf`: `connect('intake')`
   * is intake's connection (its user, its inbox prefix), `connect('admin')` the world's own, which makes the
   * production stream `PERMIT` (no test prefix: the permissions name it) since no service may. Needs a broker of the
   * test's own. Without it, one connection without credentials and a test stream of the file's own.
   */
  connectAs?: (identity: Service | 'notification' | 'hotline' | 'admin') => Promise<NatsConnection>
  /** How often each service anchors its audit chain (the services' default, 5 s, when not given). */
  auditAnchorEveryMs?: number
  /**
   * The console's built files: the gateway serves them at `/`, turns on the development sign-in (`DEV_LOGIN`) and
   * listens on a port of its own (`world.gatewayUrl`), for a browser.
   */
  console?: { dir: string }
  /**
   * Also run the notification service (消息通知) on a schema of its own, its deliverer every `scanEveryMs` (100 ms if
   * not given), the gateway pointed at it. Opt-in: the other tests do not pay for its schema, pool and consumers.
   */
  notification?: boolean
  /**
   * Also run the 12345 hotline service (docs/hotline.md) on a schema of its own, its ticket timer every `scanEveryMs`,
   * the gateway pointed at it. Opt-in, like the notifier.
   */
  hotline?: boolean
}

export type Service = 'intake' | 'approval' | 'acceptance' | 'utility' | 'registration' | 'gateway'

// biome-ignore lint/suspicious/noExplicitAny: a body is whatever JSON the route answers (a view or a problem); tests read fields
export type Response = { status: number; body: any; headers: Record<string, unknown> }

export { createService, SERVICES, type ServiceApps, type ServiceName, type ServiceSpec } from './services.js'

/** A bearer token for the world's gateway. */
export const worldToken = (
  role: Role,
  claims: { department?: string; creditCode?: string; provider?: string; sub?: string; region?: string } = {},
) =>
  mintToken(GATEWAY_SECRET, {
    sub: claims.sub ?? `${role}-${claims.department ?? claims.creditCode ?? claims.provider ?? 'one'}`,
    role,
    ...claims,
  })

/**
 * Every service in this process, each on its own fresh schema, sharing one test stream and one
 * test clock, talking to each other over real HTTP and real JetStream exactly as deployed. Tests speak only to
 * the gateway.
 */
export async function startWorld(opts: WorldOptions) {
  const nc: NatsConnection = opts.connectAs ? await opts.connectAs('admin') : await connectNats(opts.natsUrl, 'e2e')
  const topo = opts.connectAs ? await productionStream(nc) : await createTestTopology(nc)
  const connections: NatsConnection[] = []
  /** The service's own connection under `connectAs`, closed with the world; the shared one otherwise. */
  const natsOf = async (service: Service) => {
    if (!opts.connectAs) return { nc }
    const own = await opts.connectAs(service)
    connections.push(own)
    return { nc: own, provisionStream: false }
  }
  const clock: TestClock = testClock(opts.start)
  const scanEveryMs = opts.scanEveryMs ?? 250
  const created = await Promise.allSettled([
    createTestSchema(opts.databaseUrl, intakeMigrations, 'intake'),
    createTestSchema(opts.databaseUrl, approvalMigrations, 'approval'),
    createTestSchema(opts.databaseUrl, gatewayMigrations, 'gateway', { reader: true }),
    createTestSchema(opts.databaseUrl, acceptanceMigrations, 'acceptance'),
    createTestSchema(opts.databaseUrl, utilityMigrations, 'utility'),
    createTestSchema(opts.databaseUrl, registrationMigrations, 'registration'),
  ])
  // One schema refused (a full server, say): the others and their roles — cluster-wide — are dropped, not left behind.
  const refused = created.find((r) => r.status === 'rejected')
  if (refused) {
    for (const r of created) if (r.status === 'fulfilled') await r.value.drop().catch(() => {})
    await topo.delete()
    for (const c of connections) await c.close()
    await nc.close()
    throw refused.reason
  }
  const [intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb] = created.map(
    (r) => (r as PromiseFulfilledResult<TestSchema>).value,
  ) as [TestSchema, TestSchema, TestSchema, TestSchema, TestSchema, TestSchema]
  /** The notifier, opt-in: its schema made only now, dropped with the world. */
  const startNotification = async () => {
    const db = await createTestSchema(opts.databaseUrl, notificationMigrations, 'notification')
    try {
      // Under `connectAs`, its own NATS user (infra/nats/authorization.conf), which may not make the stream.
      const own = opts.connectAs ? await opts.connectAs('notification') : undefined
      if (own) connections.push(own)
      const app = await createNotification({
        nc: own ?? nc,
        topology: topo.topology,
        clock,
        logger: false,
        callers: await testCallerKeys(),
        databaseUrl: db.url,
        poolSize: 5,
        // Not a clock's timer: it sends what was queued, and a test waits on each send.
        deliverEveryMs: opts.scanEveryMs ?? 100,
        ...(opts.connectAs ? { provisionStream: false } : {}),
      })
      return { app, db, url: await listen(app) }
    } catch (error) {
      await db.drop()
      throw error
    }
  }
  /** The hotline, opt-in: its schema made only now, dropped with the world. */
  const startHotline = async () => {
    const db = await createTestSchema(opts.databaseUrl, hotlineMigrations, 'hotline')
    try {
      const own = opts.connectAs ? await opts.connectAs('hotline') : undefined
      if (own) connections.push(own)
      const app = await createHotline({
        nc: own ?? nc,
        topology: topo.topology,
        clock,
        logger: false,
        callers: await testCallerKeys(),
        databaseUrl: db.url,
        poolSize: 5,
        scanEveryMs,
        ...(opts.connectAs ? { provisionStream: false } : {}),
      })
      return { app, db, url: await listen(app) }
    } catch (error) {
      await db.drop()
      throw error
    }
  }
  const spec = async (service: Service, databaseUrl: string): Promise<ServiceSpec> => ({
    nats: await natsOf(service),
    topology: topo.topology,
    clock,
    databaseUrl,
    scanEveryMs,
    catalogue: opts.catalogue,
    supplementRounds: opts.supplementRounds,
    auditAnchorEveryMs: opts.auditAnchorEveryMs,
    // Five each, not ten: two test files' worlds at once must fit in CI's 100 connections without the superuser's
    // reserve (the services' roles are not superusers).
    poolSize: 5,
  })
  const listen = (app: { listen(o: { host: string; port: number }): Promise<string> }) =>
    app.listen({ host: '127.0.0.1', port: 0 })

  /**
   * A service on a port of its own that a test can stop and start again on the same schema and port, as a redeploy
   * would: what it knew only in memory is gone, its timers run again from its tables.
   */
  const restartable = async <K extends 'intake' | 'approval' | 'registration'>(name: K, databaseUrl: string) => {
    let app = await createService(name, await spec(name, databaseUrl))
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    return {
      url,
      get app() {
        return app
      },
      async restart() {
        await app.close()
        app = await createService(name, await spec(name, databaseUrl))
        await app.listen({ host: '127.0.0.1', port: Number(new URL(url).port) })
      },
    }
  }
  /** A service that listens on a port the system picks. */
  const started = async <K extends 'acceptance' | 'utility'>(name: K, databaseUrl: string) => {
    const app = await createService(name, await spec(name, databaseUrl))
    return { app, url: await listen(app) }
  }
  // Side by side: each needs only its own schema and the stream, and most of a start is waiting on PostgreSQL and
  // NATS (migrations checked, consumers made); one after the other they took about two fifths of the world's start. The
  // gateway follows: it is given their URLs.
  const starts = await Promise.allSettled([
    restartable('intake', intakeDb.url),
    restartable('approval', approvalDb.url),
    started('acceptance', acceptanceDb.url),
    started('utility', utilityDb.url),
    restartable('registration', registrationDb.url),
    opts.notification ? startNotification() : undefined,
    opts.hotline ? startHotline() : undefined,
  ] as const)
  // One start refused: the services that did start are closed and every schema dropped before the error goes on, so
  // a worker's next file (`isolate: false`) does not inherit their consumers, timers and connections.
  const failedStart = starts.find((r) => r.status === 'rejected')
  if (failedStart) {
    for (const r of starts) {
      if (r.status !== 'fulfilled' || r.value === undefined) continue
      await r.value.app.close().catch(() => {})
      if ('db' in r.value) await r.value.db.drop().catch(() => {})
    }
    for (const db of [intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb])
      await db.drop().catch(() => {})
    await topo.delete()
    for (const c of connections) await c.close()
    await nc.close()
    throw failedStart.reason
  }
  const fulfilled = <T>(r: PromiseSettledResult<T>) => (r as PromiseFulfilledResult<T>).value
  const intakeRun = fulfilled(starts[0])
  const approval = fulfilled(starts[1])
  const acceptanceRun = fulfilled(starts[2])
  const utilityRun = fulfilled(starts[3])
  const registrationRun = fulfilled(starts[4])
  const notification = fulfilled(starts[5])
  const hotline = fulfilled(starts[6])
  const intakeUrl = intakeRun.url
  const { app: acceptance, url: acceptanceUrl } = acceptanceRun
  const { app: utility, url: utilityUrl } = utilityRun
  const registrationUrl = registrationRun.url

  const gateway = await createService('gateway', {
    ...(await spec('gateway', gatewayDb.url)),
    readerDatabaseUrl: gatewayDb.readerUrl as string,
    upstreams: {
      intake: intakeUrl,
      approval: approval.url,
      acceptance: acceptanceUrl,
      utility: utilityUrl,
      registration: registrationUrl,
    },
    edges: opts.edges,
    consoleDir: opts.console?.dir,
    notificationUrl: notification?.url,
    hotlineUrl: hotline?.url,
  })
  await gateway.ready()
  // A browser needs a socket; every other test speaks to the gateway in-process (`inject`).
  const gatewayUrl = opts.console ? await gateway.listen({ host: '127.0.0.1', port: 0 }) : undefined

  // The apps looked up at each move: a restarted service's new app is woken, not the closed one.
  const stopWaking =
    opts.scanEveryMs === undefined
      ? clock.onMove(() => {
          for (const app of [
            intakeRun.app,
            approval.app,
            acceptance,
            utility,
            registrationRun.app,
            gateway,
            notification?.app,
            hotline?.app,
          ])
            app?.wakeTimers()
        })
      : () => {}

  const token = worldToken

  /** One request to the gateway's public API, as the holder of `bearer`. */
  const api = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    bearer?: string,
    payload?: unknown,
  ): Promise<Response> => {
    const res = await gateway.inject({
      method,
      url,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    const text = res.body
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  }

  return {
    clock,
    topology: topo.topology,
    nc,
    gateway,
    /** Where the gateway listens, with `console` only. */
    gatewayUrl,
    get intake() {
      return intakeRun.app
    },
    get approval() {
      return approval.app
    },
    token,
    api,
    acceptance,
    utility,
    get registration() {
      return registrationRun.app
    },
    schemas: {
      intake: intakeDb,
      approval: approvalDb,
      gateway: gatewayDb,
      acceptance: acceptanceDb,
      utility: utilityDb,
      registration: registrationDb,
    },
    /** Stops the approval service and starts it again on the same schema and port, as a redeploy would. */
    restartApproval: () => approval.restart(),
    /** Stops intake and starts it again on the same schema and port: what it knew only in memory is gone. */
    restartIntake: () => intakeRun.restart(),
    /** Stops registration and starts it again on the same schema and port: its timers run again from the table. */
    restartRegistration: () => registrationRun.restart(),
    /** The notification service, with `notification: true` only. */
    notification: notification?.app as NotificationApp | undefined,
    /** The hotline service, with `hotline: true` only. */
    hotline: hotline?.app as HotlineApp | undefined,
    async [Symbol.asyncDispose]() {
      stopWaking()
      await gateway.close()
      await notification?.app.close()
      await hotline?.app.close()
      await approval.app.close()
      await intakeRun.app.close()
      await acceptance.close()
      await utility.close()
      await registrationRun.app.close()
      await Promise.all(connections.map((c) => c.close()))
      await topo.delete()
      await nc.close()
      await Promise.all([intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb].map((d) => d.drop()))
      await notification?.db.drop()
      await hotline?.db.drop()
    },
  }
}

/** The stream as production has it, made on a broker of the test's own by the admin connection `nc`. */
async function productionStream(nc: NatsConnection) {
  const jsm = await jetstreamManager(nc)
  await ensureStream(jsm, defaultTopology)
  return { topology: defaultTopology, delete: () => jsm.streams.delete(defaultTopology.stream).then(() => undefined) }
}

export type World = Awaited<ReturnType<typeof startWorld>>
