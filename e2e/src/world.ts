import { generateKeyPairSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { type AcceptanceApp, migrationsDir as acceptanceMigrations, createAcceptance } from '@onewindow/acceptance'
import { type ApprovalApp, migrationsDir as approvalMigrations, createApproval } from '@onewindow/approval'
import type { Catalogue } from '@onewindow/catalogue'
import { createGateway, type GatewayApp, migrationsDir as gatewayMigrations, mintToken } from '@onewindow/gateway'
import { createIntake, type IntakeApp, migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats, type ServiceBaseOptions, type Topology } from '@onewindow/messaging'
import {
  createRegistration,
  type RegistrationApp,
  migrationsDir as registrationMigrations,
} from '@onewindow/registration'
import { createTestSchema, createTestTopology, type TestClock, testClock } from '@onewindow/testing'
import { createUtility, type UtilityApp, migrationsDir as utilityMigrations } from '@onewindow/utility'

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
}

// biome-ignore lint/suspicious/noExplicitAny: a body is whatever JSON the route answers (a view or a problem); tests read fields
export type Response = { status: number; body: any; headers: Record<string, unknown> }

const SECRET = 'e2e-secret-only-for-tests-0123456789abcdef'

/** Every service of the platform, in the order a world starts them (the gateway last: it needs the others' URLs). */
export const SERVICES = ['intake', 'approval', 'acceptance', 'utility', 'registration', 'gateway'] as const
export type ServiceName = (typeof SERVICES)[number]

/** How one service of a world is made: in this process (`startWorld`) or in a process of its own (the benchmark). */
export type ServiceSpec = {
  /** Its NATS: the world's shared connection, or a URL it connects to itself, as `main.ts` does. */
  nats: { nc: NatsConnection } | { natsUrl: string }
  topology: Topology
  clock: ServiceBaseOptions['clock']
  databaseUrl: string
  scanEveryMs: number
  catalogue?: ((region: string) => Catalogue) | undefined
  supplementRounds?: number | undefined
  /** The gateway's: where the other five listen. */
  upstreams?: Record<Exclude<ServiceName, 'gateway'>, string>
}

const factories = {
  intake: (s: ServiceSpec) => createIntake({ ...common(s), ...catalogueOf(s), databaseUrl: s.databaseUrl }),
  approval: (s: ServiceSpec) =>
    createApproval({
      ...common(s),
      databaseUrl: s.databaseUrl,
      ...(s.supplementRounds === undefined ? {} : { supplementRounds: s.supplementRounds }),
    }),
  acceptance: (s: ServiceSpec) => createAcceptance({ ...common(s), ...catalogueOf(s), databaseUrl: s.databaseUrl }),
  utility: (s: ServiceSpec) => createUtility({ ...common(s), ...catalogueOf(s), databaseUrl: s.databaseUrl }),
  registration: (s: ServiceSpec) =>
    createRegistration({
      ...common(s),
      ...catalogueOf(s),
      databaseUrl: s.databaseUrl,
      signingKey: generateKeyPairSync('ed25519').privateKey,
    }),
  gateway: (s: ServiceSpec) => {
    const u = s.upstreams
    if (!u) throw new Error("world: the gateway needs the other services' URLs")
    return createGateway({
      ...common(s),
      databaseUrl: s.databaseUrl,
      intakeUrl: u.intake,
      approvalUrl: u.approval,
      acceptanceUrl: u.acceptance,
      utilityUrl: u.utility,
      registrationUrl: u.registration,
      auth: { secret: SECRET },
    })
  },
} satisfies { [K in ServiceName]: (s: ServiceSpec) => Promise<ServiceApps[K]> }
export type ServiceApps = {
  intake: IntakeApp
  approval: ApprovalApp
  acceptance: AcceptanceApp
  utility: UtilityApp
  registration: RegistrationApp
  gateway: GatewayApp
}

function common(s: ServiceSpec) {
  return { ...s.nats, topology: s.topology, clock: s.clock, logger: false as const, scanEveryMs: s.scanEveryMs }
}
const catalogueOf = (s: ServiceSpec) => (s.catalogue ? { catalogue: s.catalogue } : {})

/** One service, migrated and wired as `startWorld` wires it, not listening. */
export const createService = <K extends ServiceName>(name: K, s: ServiceSpec): Promise<ServiceApps[K]> =>
  factories[name](s) as Promise<ServiceApps[K]>

/** A bearer token for the world's gateway. */
export const worldToken = (
  role: Role,
  claims: { department?: string; creditCode?: string; provider?: string; sub?: string } = {},
) =>
  mintToken(SECRET, {
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
  const spec = (databaseUrl: string): ServiceSpec => ({
    nats: { nc },
    topology: topo.topology,
    clock,
    databaseUrl,
    scanEveryMs: opts.scanEveryMs ?? 100,
    catalogue: opts.catalogue,
    supplementRounds: opts.supplementRounds,
  })
  const listen = (app: { listen(o: { host: string; port: number }): Promise<string> }) =>
    app.listen({ host: '127.0.0.1', port: 0 })

  const intake = await createService('intake', spec(intakeDb.url))
  const intakeUrl = await listen(intake)

  const startApproval = async (port: number) => {
    const app = await createService('approval', spec(approvalDb.url))
    const url = await app.listen({ host: '127.0.0.1', port })
    return { app, url }
  }
  let approval = await startApproval(0)
  const approvalPort = Number(new URL(approval.url).port)

  const acceptance = await createService('acceptance', spec(acceptanceDb.url))
  const acceptanceUrl = await listen(acceptance)
  const utility = await createService('utility', spec(utilityDb.url))
  const utilityUrl = await listen(utility)
  const registration = await createService('registration', spec(registrationDb.url))
  const registrationUrl = await listen(registration)

  const gateway = await createService('gateway', {
    ...spec(gatewayDb.url),
    upstreams: {
      intake: intakeUrl,
      approval: approval.url,
      acceptance: acceptanceUrl,
      utility: utilityUrl,
      registration: registrationUrl,
    },
  })
  await gateway.ready()

  const token = worldToken

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
