import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Actor } from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { bufferedAudit, pgTransaction, type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import { createAssertionSigner, type PrivateJwk, type ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp } from './app.js'
import { type AuthOptions, createVerifier, mintToken } from './auth.js'
import { gatewayCommands } from './commands.js'
import { readModelReader } from './consumers/read-model.js'
import { spglExportReader } from './consumers/spgl-export.js'
import { answerChanges } from './db/answer-changes.js'
import { auditPage } from './db/audit.js'
import { answerChannel, changeChannel } from './db/changes.js'
import { createPrisma } from './db/client.js'
import { dataQuality } from './db/data-quality.js'
import { deliveryPage, projectDeliveryPage } from './db/deliveries.js'
import { pendingWrites } from './db/pending.js'
import { publicReadModel, readModel } from './db/queries.js'
import { listRatings, supervisedRatings } from './db/ratings.js'
import { receiptPage } from './db/receipts.js'
import { asCaller, readerDb } from './db/scope.js'
import { departmentsOverLimit, listSignals } from './db/signals.js'
import { exportedBatch, listExports } from './db/spgl.js'
import { supervisionStats } from './db/stats.js'
import { ticketReads } from './db/tickets.js'
import type { GatewayDeps } from './deps.js'
import type { Edges } from './edges.js'
import { type KeptAnswerLimits, keptAnswers } from './http/kept-answers.js'
import { DEFAULT_LIVE_LIMITS, type LiveLimits, type LiveStreams, liveStreams } from './http/live.js'
import { builtWithOf } from './http/status-answer.js'
import { spglExporter } from './jobs/export-spgl.js'
import { DEV_TOKEN_TTL } from './routes/dev-login.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface GatewayOptions extends ServiceBaseOptions {
  /**
   * The read model's reader role, the same database and schema as `databaseUrl` (whose role owns the schema, migrates
   * it and writes the read model): every query of a route runs as this role, under row-level security.
   */
  readerDatabaseUrl: string
  clock: TimeSource
  /** Unused (the gateway's one job has its own period, `spglExportEveryMs`); accepted so every service takes it. */
  scanEveryMs?: number
  /**
   * How often pending rows of the national data-sharing tables are exported on their own (docs/spgl.md, "Sharing on
   * time"; SPGL_EXPORT_EVERY_MS). None: no job — only `POST /api/v1/admin/exports` exports (the tests that make
   * batches by hand; `main.ts` always passes the configured period).
   */
  spglExportEveryMs?: number
  /** Where intake and approval listen (their internal routes). */
  intakeUrl: string
  approvalUrl: string
  /** Where acceptance, utility and registration listen (their internal routes). */
  acceptanceUrl: string
  utilityUrl: string
  registrationUrl: string
  /** Where the notification service listens (default http://127.0.0.1:3006); down, its routes answer 503. */
  notificationUrl?: string
  /** Where the hotline service listens (default http://127.0.0.1:3007); down, its routes answer 503. */
  hotlineUrl?: string
  auth: AuthOptions
  /**
   * Rate limits, CORS origins and the body limit. Required, so that whoever starts a gateway says which limits it
   * runs with (`main.ts` from the configuration; tests and benchmarks their own, or `'off'`).
   */
  edges: Edges
  /**
   * The Ed25519 private key (JWK with its `kid`) the caller is signed with on every forwarded call; the services
   * trust its public half (docs/security.md).
   */
  assertionKey: PrivateJwk
  /** Share of a limit at which a clock shows yellow (default 0.8). */
  yellowAt?: number
  /** Where the public reaches the gateway; certificates' QR payloads point under it (default http://127.0.0.1:3000). */
  publicBaseUrl?: string
  /** How often queued personal-data reads are appended to the audit chain (default 100 ms): what a crash may lose. */
  auditReadsFlushMs?: number
  /** How many built answers to keep (default: http/kept-answers.ts `KEPT_ANSWER_LIMITS`). */
  keptAnswers?: KeptAnswerLimits
  /**
   * What names this build of the code that builds a status, for the statuses kept in the read model (default: a
   * digest of the gateway's and `@onewindow/workdays`' code as loaded, {@link codeDigest}): a gateway sends a kept
   * status only if it was built by the same.
   */
  statusBuild?: string
  /** The live stream's heartbeat, retry advice, per-subject cap and window (default {@link DEFAULT_LIVE_LIMITS}). */
  live?: Partial<LiveLimits>
  /**
   * The console's built files (`apps/console/dist`), served at `/` with every path outside `/api`, `/docs` and the
   * probes answered by its `index.html` (the console routes in the browser). None: the gateway serves the API only.
   */
  consoleDir?: string
  /**
   * `POST /api/v1/dev/login` mints a token for any role: for development and the browser tests only, and only with
   * the HS256 secret (`auth.secret`). Off unless set.
   */
  devLogin?: boolean
}

export type GatewayApp = ServiceApp<GatewayDeps>

/** The gateway, migrated and wired, not listening. Closing it stops the read model's reader and releases the database. */
export async function createGateway(options: GatewayOptions): Promise<GatewayApp> {
  const verify = createVerifier(options.auth)
  const signer = await createAssertionSigner({ key: options.assertionKey, clock: options.clock })
  const rt = await serviceRuntime({
    ...options,
    // The owner's pool carries only the ordered reader's batches, the promises after a 201, the relay's passes and
    // the dead letters; the routes read on the reader's. Together 12, near the 10 one pool had, because a test run's
    // connections (max_connections 100, 3 of them kept for superusers) are shared by two files of six services each.
    // Fewer here: its routes read on a pool of their own (the reader's).
    poolSize: Math.min(options.poolSize ?? 4, 4),
    migrationsDir,
    source: 'gateway',
    prisma: createPrisma,
  })
  // The runtime's calendar, as the read model stored it; swapped when a batch applies another.
  const calendar = rt.calendar
  const commands = gatewayCommands(rt.prisma, calendar, pgTransaction(rt.pool, rt.prisma, { timeoutMs: 60_000 }))
  // The routes' reads go to a pool of their own as the reader role, which owns nothing and does not bypass RLS; the
  // owner's pool (rt) keeps the ordered reader's writes, the promises after a 201 and the dead letters.
  const reader = createPool(options.readerDatabaseUrl, 8)
  const readerPrisma = createPrisma(reader.pool, reader.schema)
  const readerScope = readerDb(reader.pool, readerPrisma)
  const personalReads = bufferedAudit({
    name: 'gateway-audit-reads',
    transaction: rt.transaction,
    audit: rt.audit,
    everyMs: options.auditReadsFlushMs ?? 100,
  })
  const live = liveStreams({
    sql: reader.pool,
    connect: () => reader.pool.connect(),
    channel: changeChannel(reader.schema),
    prune: (keep) => commands.pruneChanges(keep),
    limits: { ...DEFAULT_LIVE_LIMITS, ...options.live },
  })
  const changes = answerChanges(() => reader.pool.connect(), answerChannel(reader.schema))
  const deps: GatewayDeps = {
    clock: options.clock,
    read: (caller) => readModel(readerScope, caller),
    publicRead: publicReadModel(readerPrisma),
    pending: (caller) => pendingWrites(readerScope, caller),
    answers: keptAnswers(options.keptAnswers),
    answerChanges: changes,
    statusBuiltWith: builtWithOf(options.statusBuild ?? (await codeDigest()), options.yellowAt ?? 0.8),
    commands,
    live,
    personalReads,
    // As the reader under row-level security, like every route's read: only a supervisor's or an admin's scope sees rows.
    audit: { page: (caller, filter) => asCaller(readerScope, caller, (tx) => auditPage(tx, filter)) },
    spglExports: {
      list: (caller, q) => asCaller(readerScope, caller, (tx) => listExports(tx, q)),
      get: (caller, id) => asCaller(readerScope, caller, (tx) => exportedBatch(tx, id)),
    },
    stats: (caller, query) => supervisionStats(reader.pool, caller, query),
    dataQuality: (caller, query) => dataQuality(reader.pool, caller, calendar.current(), query),
    signals: {
      list: (caller, query) => listSignals(reader.pool, caller, query),
      departmentsOverLimit: (caller, query) => departmentsOverLimit(reader.pool, caller, query),
    },
    ratings: {
      list: (caller, query) => listRatings(reader.pool, caller, query),
      supervised: (caller, query) => supervisedRatings(reader.pool, caller, query),
    },
    receipts: (caller, query) => receiptPage(reader.pool, caller, query),
    deliveries: {
      page: (caller, query) => deliveryPage(reader.pool, caller, query),
      ofProject: (caller, projectId, query) => projectDeliveryPage(reader.pool, caller, projectId, query),
    },
    tickets: (caller) => ticketReads(readerScope, caller),
    deadLetters: rt.messaging.deadLetters,
    verify,
    intake: { name: 'intake', baseUrl: options.intakeUrl, signer },
    approval: { name: 'approval', baseUrl: options.approvalUrl, signer },
    acceptance: { name: 'acceptance', baseUrl: options.acceptanceUrl, signer },
    utility: { name: 'utility', baseUrl: options.utilityUrl, signer },
    registration: { name: 'registration', baseUrl: options.registrationUrl, signer },
    notification: { name: 'notification', baseUrl: options.notificationUrl ?? 'http://127.0.0.1:3006', signer },
    hotline: { name: 'hotline', baseUrl: options.hotlineUrl ?? 'http://127.0.0.1:3007', signer },
    calendar,
    yellowAt: options.yellowAt ?? 0.8,
    publicBaseUrl: (options.publicBaseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    readiness: { ...rt.readiness, reader: async () => (await reader.pool.query('SELECT 1')).rowCount === 1 },
  }
  // The gateway publishes nothing of the domain's: its relay carries only the anchors of its own audit chain (the
  // personal-data reads), as every service's does.
  const kit = rt.serviceOptions([
    readModelReader(rt.messaging, commands),
    spglExportReader(rt.messaging, commands),
    personalReads,
    ...(options.spglExportEveryMs === undefined
      ? []
      : [spglExporter(commands, options.clock, options.spglExportEveryMs)]),
  ])
  return buildApp(deps, options.edges, {
    ...kit,
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.devLogin ? { devLogin: devLoginOf(options.auth) } : {}),
    closers: [
      ...kit.closers,
      () => live.close(),
      async () => changes.close(),
      () => readerPrisma.$disconnect(),
      () => reader.pool.end(),
    ],
  })
}

/** The development sign-in's minter: only a gateway holding the HS256 secret can mint what it verifies. */
function devLoginOf(auth: AuthOptions) {
  const secret = auth.secret
  if (!secret)
    throw new Error('gateway: DEV_LOGIN needs the HS256 secret (JWT_SECRET); an identity provider mints its own tokens')
  return (actor: Actor) => mintToken(secret, actor, DEV_TOKEN_TTL)
}

/**
 * A digest of the code a status is built with: every file of the gateway's own code directory (src or dist, whichever
 * runs), of `@onewindow/workdays`' (the clocks) and of `@onewindow/contracts`' (the national codes' names, the
 * schemas the answer is written with), read once at start. Any change to either builds every kept status
 * again; the same code on every replica gives the same digest.
 */
export async function codeDigest(): Promise<string> {
  const hash = createHash('sha256')
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const e of entries) {
      const path = join(dir, e.name)
      if (e.isDirectory()) await walk(path)
      else if (/\.(ts|js|mjs|cjs|json)$/.test(e.name)) hash.update(`${e.name}\0`).update(await readFile(path))
    }
  }
  await walk(dirname(fileURLToPath(import.meta.url)))
  const require = createRequire(import.meta.url)
  await walk(dirname(require.resolve('@onewindow/workdays')))
  await walk(dirname(require.resolve('@onewindow/contracts')))
  return hash.digest('base64url')
}

export {
  type AuthOptions,
  actorFromClaims,
  createVerifier,
  mintToken,
  type TokenClaims,
  Unauthenticated,
} from './auth.js'
/**
 * The gateway's OpenAPI document, built without a database, a broker or a socket: the routes as `createGateway`
 * registers them (DEV_LOGIN's route and the console's files included), over deps no route touches while registering.
 * The console's typed client is generated from it (apps/console/scripts/write-api-types.ts).
 */
export async function openApiDocument(edges: Edges): Promise<unknown> {
  // The live streams are wired as the app is built and closed with it: none open here.
  const live: Pick<LiveStreams, 'attach' | 'close'> = { attach: () => undefined, close: async () => undefined }
  const answerChanges = { attach: () => undefined }
  const deps = { readiness: {}, clock: { now: () => new Date(0) }, live, answerChanges } as unknown as GatewayDeps
  const app = await buildApp(deps, edges, { devLogin: () => '', logger: false })
  await app.ready()
  const doc = app.swagger()
  await app.close()
  return doc
}

export { READ_MODEL } from './commands.js'
export { type StatsQuery, supervisionStats, supervisionStatsPerTask } from './db/stats.js'
export type { GatewayDeps } from './deps.js'
export { type Authorisation, authorise, type Request as AuthorisationRequest } from './domain/authorise.js'
export {
  addWorkingDays,
  type DurationHistory,
  durationHistory,
  FORECAST_SETTINGS,
  forecastFlow,
  type ProjectForecast,
  type StepInput,
} from './domain/forecast.js'
export { projectors, supersedes } from './domain/projectors.js'
export { ticketProjectors } from './domain/tickets.js'
export { wholeFlowOf, workingDaysBetween } from './domain/whole-flow.js'
export { DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMITS, type Edges, MAX_TOKEN_LENGTH, type RateLimits } from './edges.js'
export { DEFAULT_LIVE_LIMITS, type LiveLimits } from './http/live.js'
export type { InboxTask, Pending, ProjectStatus, ProjectStatusAnswer, StatusTask, WholeFlow } from './http/schemas.js'
export { ClockPreviewBody } from './http/schemas.js'
export { keepWholeStatus } from './http/status-answer.js'
