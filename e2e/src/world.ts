import { generateKeyPairSync } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { migrationsDir as acceptanceMigrations, createAcceptance } from '@onewindow/acceptance'
import { migrationsDir as approvalMigrations, createApproval } from '@onewindow/approval'
import type { Catalogue } from '@onewindow/catalogue'
import {
  createGateway,
  DEFAULT_BODY_LIMIT,
  type Edges,
  migrationsDir as gatewayMigrations,
  mintToken,
} from '@onewindow/gateway'
import { createIntake, migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats, defaultTopology, ensureStream } from '@onewindow/messaging'
import { createRegistration, migrationsDir as registrationMigrations } from '@onewindow/registration'
import {
  createTestSchema,
  createTestTopology,
  type TestClock,
  type TestSchema,
  testAssertionKey,
  testCallerKeys,
  testClock,
} from '@onewindow/testing'
import { createUtility, migrationsDir as utilityMigrations } from '@onewindow/utility'

export type Role = 'clerk' | 'reviewer' | 'owner' | 'supervisor' | 'admin' | 'lead' | 'utility' | 'registrar'

export type WorldOptions = {
  natsUrl: string
  databaseUrl: string
  /** The instant the shared test clock starts at. */
  start: string
  /** A catalogue for every region (the benchmark's synthetic one); the bundled catalogues otherwise. */
  catalogue?: (region: string) => Catalogue
  supplementRounds?: number
  /** How often the services scan their durable timers. */
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
  connectAs?: (identity: Service | 'admin') => Promise<NatsConnection>
  /** How often each service anchors its audit chain (the services' default, 5 s, when not given). */
  auditAnchorEveryMs?: number
}

export type Service = 'intake' | 'approval' | 'acceptance' | 'utility' | 'registration' | 'gateway'

// biome-ignore lint/suspicious/noExplicitAny: a body is whatever JSON the route answers (a view or a problem); tests read fields
export type Response = { status: number; body: any; headers: Record<string, unknown> }

const SECRET = 'e2e-secret-only-for-tests-0123456789abcdef'

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
  // Every service trusts the test gateway's key, and the gateway signs each forwarded call with it.
  const common = {
    topology: topo.topology,
    clock,
    logger: false as const,
    scanEveryMs: opts.scanEveryMs ?? 100,
    callers: await testCallerKeys(),
    ...(opts.auditAnchorEveryMs === undefined ? {} : { auditAnchorEveryMs: opts.auditAnchorEveryMs }),
  }

  const intake = await createIntake({
    ...common,
    ...(await natsOf('intake')),
    databaseUrl: intakeDb.url,
    ...(opts.catalogue ? { catalogue: opts.catalogue } : {}),
  })
  const intakeUrl = await intake.listen({ host: '127.0.0.1', port: 0 })

  const startApproval = async (port: number) => {
    const app = await createApproval({
      ...common,
      ...(await natsOf('approval')),
      databaseUrl: approvalDb.url,
      ...(opts.supplementRounds === undefined ? {} : { supplementRounds: opts.supplementRounds }),
    })
    const url = await app.listen({ host: '127.0.0.1', port })
    return { app, url }
  }
  let approval = await startApproval(0)
  const approvalPort = Number(new URL(approval.url).port)

  const catalogue = opts.catalogue ? { catalogue: opts.catalogue } : {}
  const acceptance = await createAcceptance({
    ...common,
    ...(await natsOf('acceptance')),
    ...catalogue,
    databaseUrl: acceptanceDb.url,
  })
  const acceptanceUrl = await acceptance.listen({ host: '127.0.0.1', port: 0 })
  const utility = await createUtility({
    ...common,
    ...(await natsOf('utility')),
    ...catalogue,
    databaseUrl: utilityDb.url,
  })
  const utilityUrl = await utility.listen({ host: '127.0.0.1', port: 0 })
  const registration = await createRegistration({
    ...common,
    ...(await natsOf('registration')),
    ...catalogue,
    databaseUrl: registrationDb.url,
    signingKey: generateKeyPairSync('ed25519').privateKey,
    sm2SigningKey: generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey,
  })
  const registrationUrl = await registration.listen({ host: '127.0.0.1', port: 0 })

  const gateway = await createGateway({
    ...common,
    ...(await natsOf('gateway')),
    databaseUrl: gatewayDb.url,
    readerDatabaseUrl: gatewayDb.readerUrl as string,
    intakeUrl,
    approvalUrl: approval.url,
    acceptanceUrl,
    utilityUrl,
    registrationUrl,
    auth: { secret: SECRET },
    edges: { rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT, ...opts.edges },
    assertionKey: testAssertionKey,
  })
  await gateway.ready()

  const token = (
    role: Role,
    claims: { department?: string; creditCode?: string; provider?: string; sub?: string } = {},
  ) =>
    mintToken(SECRET, {
      sub: claims.sub ?? `${role}-${claims.department ?? claims.creditCode ?? claims.provider ?? 'one'}`,
      role,
      ...claims,
    })

  /** One request to the gateway's public API, as the holder of `bearer`. */
  const api = async (method: 'GET' | 'POST', url: string, bearer?: string, payload?: unknown): Promise<Response> => {
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
    intake,
    get approval() {
      return approval.app
    },
    token,
    api,
    acceptance,
    utility,
    registration,
    schemas: {
      intake: intakeDb,
      approval: approvalDb,
      gateway: gatewayDb,
      acceptance: acceptanceDb,
      utility: utilityDb,
      registration: registrationDb,
    },
    /** Stops the approval service and starts it again on the same schema and port, as a redeploy would. */
    async restartApproval() {
      await approval.app.close()
      approval = await startApproval(approvalPort)
    },
    async [Symbol.asyncDispose]() {
      await gateway.close()
      await approval.app.close()
      await intake.close()
      await acceptance.close()
      await utility.close()
      await registration.close()
      await Promise.all(connections.map((c) => c.close()))
      await topo.delete()
      await nc.close()
      await Promise.all([intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb].map((d) => d.drop()))
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
