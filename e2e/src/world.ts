import { generateKeyPairSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { migrationsDir as acceptanceMigrations, createAcceptance } from '@onewindow/acceptance'
import { migrationsDir as approvalMigrations, createApproval } from '@onewindow/approval'
import type { Catalogue } from '@onewindow/catalogue'
import { createGateway, migrationsDir as gatewayMigrations, mintToken } from '@onewindow/gateway'
import { createIntake, migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats } from '@onewindow/messaging'
import { createRegistration, migrationsDir as registrationMigrations } from '@onewindow/registration'
import { createTestSchema, createTestTopology, type TestClock, testClock } from '@onewindow/testing'
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
  /** How often each service anchors its audit chain (the services' default, 5 s, when not given). */
  auditAnchorEveryMs?: number
}

// biome-ignore lint/suspicious/noExplicitAny: a body is whatever JSON the route answers (a view or a problem); tests read fields
export type Response = { status: number; body: any; headers: Record<string, unknown> }

const SECRET = 'e2e-secret-only-for-tests-0123456789abcdef'

/**
 * Every service in this process, each on its own fresh schema, sharing one test stream and one
 * test clock, talking to each other over real HTTP and real JetStream exactly as deployed. Tests speak only to
 * the gateway.
 */
export async function startWorld(opts: WorldOptions) {
  const nc: NatsConnection = await connectNats(opts.natsUrl, 'e2e')
  const topo = await createTestTopology(nc)
  const clock: TestClock = testClock(opts.start)
  const [intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb] = await Promise.all([
    createTestSchema(opts.databaseUrl, intakeMigrations, 'intake'),
    createTestSchema(opts.databaseUrl, approvalMigrations, 'approval'),
    createTestSchema(opts.databaseUrl, gatewayMigrations, 'gateway'),
    createTestSchema(opts.databaseUrl, acceptanceMigrations, 'acceptance'),
    createTestSchema(opts.databaseUrl, utilityMigrations, 'utility'),
    createTestSchema(opts.databaseUrl, registrationMigrations, 'registration'),
  ])
  const common = {
    nc,
    topology: topo.topology,
    clock,
    logger: false as const,
    scanEveryMs: opts.scanEveryMs ?? 100,
    ...(opts.auditAnchorEveryMs === undefined ? {} : { auditAnchorEveryMs: opts.auditAnchorEveryMs }),
  }

  const intake = await createIntake({
    ...common,
    databaseUrl: intakeDb.url,
    ...(opts.catalogue ? { catalogue: opts.catalogue } : {}),
  })
  const intakeUrl = await intake.listen({ host: '127.0.0.1', port: 0 })

  const startApproval = async (port: number) => {
    const app = await createApproval({
      ...common,
      databaseUrl: approvalDb.url,
      ...(opts.supplementRounds === undefined ? {} : { supplementRounds: opts.supplementRounds }),
    })
    const url = await app.listen({ host: '127.0.0.1', port })
    return { app, url }
  }
  let approval = await startApproval(0)
  const approvalPort = Number(new URL(approval.url).port)

  const catalogue = opts.catalogue ? { catalogue: opts.catalogue } : {}
  const acceptance = await createAcceptance({ ...common, ...catalogue, databaseUrl: acceptanceDb.url })
  const acceptanceUrl = await acceptance.listen({ host: '127.0.0.1', port: 0 })
  const utility = await createUtility({ ...common, ...catalogue, databaseUrl: utilityDb.url })
  const utilityUrl = await utility.listen({ host: '127.0.0.1', port: 0 })
  const signingKey = generateKeyPairSync('ed25519').privateKey
  const registration = await createRegistration({
    ...common,
    ...catalogue,
    databaseUrl: registrationDb.url,
    signingKey,
  })
  const registrationUrl = await registration.listen({ host: '127.0.0.1', port: 0 })

  const gateway = await createGateway({
    ...common,
    databaseUrl: gatewayDb.url,
    intakeUrl,
    approvalUrl: approval.url,
    acceptanceUrl,
    utilityUrl,
    registrationUrl,
    auth: { secret: SECRET },
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
      await topo.delete()
      await nc.close()
      await Promise.all([intakeDb, approvalDb, gatewayDb, acceptanceDb, utilityDb, registrationDb].map((d) => d.drop()))
    },
  }
}

export type World = Awaited<ReturnType<typeof startWorld>>
