// How one service of a world is made, apart from the world (`world.ts`): the in-process world and a service process of
// its own (`e2e/bench/service-process.ts`) make each service the same way.

import { generateKeyPairSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import type { AcceptanceApp } from '@onewindow/acceptance'
import type { ApprovalApp } from '@onewindow/approval'
import type { Catalogue } from '@onewindow/catalogue'
import type { Edges, GatewayApp } from '@onewindow/gateway'
import type { IntakeApp } from '@onewindow/intake'
import type { ServiceBaseOptions, Topology } from '@onewindow/messaging'
import type { RegistrationApp } from '@onewindow/registration'
import { importCallerKeys, type PrivateJwk, publicKeyOf } from '@onewindow/service-kit'
import { testAssertionKey, testCallerKeys } from '@onewindow/testing'
import type { UtilityApp } from '@onewindow/utility'

/** The secret the world's gateway checks bearer tokens with (`worldToken` mints them). */
export const GATEWAY_SECRET = 'e2e-secret-only-for-tests-0123456789abcdef'

/** Every service of the platform, in the order a world starts them (the gateway last: it needs the others' URLs). */
export const SERVICES = ['intake', 'approval', 'acceptance', 'utility', 'registration', 'gateway'] as const
export type ServiceName = (typeof SERVICES)[number]

/** How one service of a world is made: in this process (`startWorld`) or in a process of its own (the benchmark). */
export type ServiceSpec = {
  /**
   * Its NATS: a connection it is given (the world's shared one, or its own under `connectAs`, which may not manage
   * streams) or a URL it connects to itself, as `main.ts` does.
   */
  nats: { nc: NatsConnection; provisionStream?: boolean } | { natsUrl: string }
  topology: Topology
  clock: ServiceBaseOptions['clock']
  databaseUrl: string
  scanEveryMs: number
  catalogue?: ((region: string) => Catalogue) | undefined
  supplementRounds?: number | undefined
  /** How often the service anchors its audit chain (the services' default, 5 s, when not given). */
  auditAnchorEveryMs?: number | undefined
  /** The gateway's: where the other five listen. */
  upstreams?: Record<Exclude<ServiceName, 'gateway'>, string>
  /** The gateway's: its reader role's URL (row-level security), on the same schema as `databaseUrl`. */
  readerDatabaseUrl?: string
  /** The gateway's rate limits, CORS origins and body limit; by default no rate limit (see `WorldOptions.edges`). */
  edges?: Partial<Edges> | undefined
  /**
   * The key the gateway signs its assertions with; the services trust its public half. By default the test key of
   * this process (`testAssertionKey`); services in processes of their own must all be given the same one.
   */
  assertionKey?: PrivateJwk | undefined
  /** Connections of each service's pool; the services' default (10) when not given. */
  poolSize?: number | undefined
  /** How long the messaging tables keep settled rows (`serviceRuntime`'s default when not given): the soak sets it. */
  retention?: ServiceBaseOptions['retention']
  /** The gateway's: the console's files to serve, with the development sign-in on. */
  consoleDir?: string | undefined
  /** The gateway's: where the notification service listens, when the world runs one. */
  notificationUrl?: string | undefined
  /** The gateway's: where the hotline service listens, when the world runs one. */
  hotlineUrl?: string | undefined
}

// Each service's module is imported when it is first made: a process that runs one service (the benchmark's and the
// fault suite's, `e2e/bench/service-process.ts`) loads that one, not all six — half the time a restarted replica
// took to listen under the fault suite's load. A world in one process imports each once, as before.
const factories = {
  intake: async (s: ServiceSpec) => (await import('@onewindow/intake')).createIntake(await withCatalogue(s)),
  approval: async (s: ServiceSpec) =>
    (await import('@onewindow/approval')).createApproval({
      ...(await common(s)),
      databaseUrl: s.databaseUrl,
      ...(s.supplementRounds === undefined ? {} : { supplementRounds: s.supplementRounds }),
    }),
  acceptance: async (s: ServiceSpec) =>
    (await import('@onewindow/acceptance')).createAcceptance(await withCatalogue(s)),
  utility: async (s: ServiceSpec) => (await import('@onewindow/utility')).createUtility(await withCatalogue(s)),
  registration: async (s: ServiceSpec) =>
    (await import('@onewindow/registration')).createRegistration({
      ...(await withCatalogue(s)),
      signingKey: generateKeyPairSync('ed25519').privateKey,
      sm2SigningKey: generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey,
    }),
  gateway: async (s: ServiceSpec) => {
    const u = s.upstreams
    if (!u) throw new Error("world: the gateway needs the other services' URLs")
    if (!s.readerDatabaseUrl) throw new Error("world: the gateway needs its reader role's URL")
    const { createGateway, DEFAULT_BODY_LIMIT } = await import('@onewindow/gateway')
    return createGateway({
      ...(await common(s)),
      databaseUrl: s.databaseUrl,
      readerDatabaseUrl: s.readerDatabaseUrl,
      intakeUrl: u.intake,
      approvalUrl: u.approval,
      acceptanceUrl: u.acceptance,
      utilityUrl: u.utility,
      registrationUrl: u.registration,
      ...(s.notificationUrl ? { notificationUrl: s.notificationUrl } : {}),
      ...(s.hotlineUrl ? { hotlineUrl: s.hotlineUrl } : {}),
      auth: { secret: GATEWAY_SECRET },
      edges: { rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT, ...s.edges },
      assertionKey: s.assertionKey ?? testAssertionKey,
      ...(s.consoleDir ? { consoleDir: s.consoleDir, devLogin: true } : {}),
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

// Every service trusts the test gateway's key, and the gateway signs each forwarded call with it.
async function common(s: ServiceSpec) {
  return {
    ...s.nats,
    topology: s.topology,
    clock: s.clock,
    logger: false as const,
    scanEveryMs: s.scanEveryMs,
    ...(s.poolSize === undefined ? {} : { poolSize: s.poolSize }),
    callers: s.assertionKey ? await importCallerKeys({ keys: [publicKeyOf(s.assertionKey)] }) : await testCallerKeys(),
    ...(s.auditAnchorEveryMs === undefined ? {} : { auditAnchorEveryMs: s.auditAnchorEveryMs }),
    ...(s.retention === undefined ? {} : { retention: s.retention }),
  }
}
const catalogueOf = (s: ServiceSpec) => (s.catalogue ? { catalogue: s.catalogue } : {})

/** What the services that read the catalogue take besides their own options. */
const withCatalogue = async (s: ServiceSpec) => ({
  ...(await common(s)),
  ...catalogueOf(s),
  databaseUrl: s.databaseUrl,
})

/** One service, migrated and wired as `startWorld` wires it, not listening. */
export const createService = <K extends ServiceName>(name: K, s: ServiceSpec): Promise<ServiceApps[K]> =>
  factories[name](s) as Promise<ServiceApps[K]>
