// One service of the benchmark's platform in a process of its own, as `pnpm start` runs it (one Node process per
// service, its own NATS connection), but on the benchmark's fresh schema, test stream and synthetic catalogue —
// `main.ts` takes the production stream, which the benchmark must not touch. Started by `systems.ts` with
// `child_process.fork`; speaks to it over the IPC channel: `ready` with its URL, then `usage` (RSS, heap after a
// full collection, CPU time) on request, and `closed` once the service has stopped on `close`. Given a list of specs
// (`BENCH_ONE_PROCESS`, an experiment), it makes each of them in turn in this one process — each still its own app,
// pools and NATS connection, reached over HTTP and NATS as before — and `ready` carries every one's URL.

import type { RetentionSettings, Topology } from '@onewindow/messaging'
import type { PrivateJwk } from '@onewindow/service-kit'
import { testClock } from '@onewindow/testing'
import { createService, type ServiceName, type ServiceSpec } from '../src/services.js'
import { parallelCatalogue } from '../src/synthetic-catalogue.js'
import { type Usage, usageHere } from './usage.js'

/** What the parent passes as the one argument, JSON. */
export type ServiceProcessSpec = {
  name: ServiceName
  databaseUrl: string
  natsUrl: string
  topology: Topology
  start: string
  departments: number[]
  /** Regions resolving to their own bundled catalogue rather than the synthetic one (`parallelCatalogue`). */
  ownRegions?: string[]
  scanEveryMs: number
  upstreams?: ServiceSpec['upstreams']
  /** The gateway's reader role (row-level security). */
  readerDatabaseUrl?: string
  /** The one key the gateway signs with and every service trusts: made by the parent, the same in every process. */
  assertionKey: PrivateJwk
  /**
   * The soak's: the machine's clock, the same in every process, so that retention's cut-off moves with the rows'
   * database timestamps; a test clock stopped at `start` otherwise, as the e2e benchmark has it.
   */
  clockRuns?: boolean
  retention?: RetentionSettings
}

/** What the process tells its parent. */
export type ServiceProcessMessage =
  | { ready: string; urls?: Partial<Record<ServiceName, string>> }
  | { usage: Omit<Usage, 'process'> }
  | { closed: true }
  | { failed: string }

/** `advance`: the process's test clock moves on by that many ms (the fault suite's clocks move together). */
type Request = { usage: true } | { close: true } | { advance: number }

const send = (m: ServiceProcessMessage, then?: () => void) => process.send?.(m, undefined, {}, () => then?.())
const given = JSON.parse(process.argv[2] ?? '{}') as ServiceProcessSpec | ServiceProcessSpec[]
const specs = Array.isArray(given) ? given : [given]
const label = specs.map((s) => s.name).join('+')
// A benchmark that died leaves no service behind: the IPC channel closing is the parent gone.
process.on('disconnect', () => process.exit(1))

// One test clock for every service of the process, as for every process of a run (the same `start`).
const clock = testClock(specs[0]?.start ?? new Date(0).toISOString())
try {
  const apps: Array<{ close(): Promise<unknown> }> = []
  const urls: Partial<Record<ServiceName, string>> = {}
  for (const spec of specs) {
    // A gateway made here beside some of its upstreams reaches them at the URLs they have just listened on.
    const upstreams = spec.upstreams ? { ...spec.upstreams, ...withoutGateway(urls) } : undefined
    const app = await createService(spec.name, {
      nats: { natsUrl: spec.natsUrl },
      topology: spec.topology,
      clock: spec.clockRuns ? { now: () => new Date() } : clock,
      ...(spec.retention ? { retention: spec.retention } : {}),
      databaseUrl: spec.databaseUrl,
      scanEveryMs: spec.scanEveryMs,
      catalogue: parallelCatalogue(spec.departments, spec.ownRegions),
      ...(upstreams ? { upstreams } : {}),
      ...(spec.readerDatabaseUrl ? { readerDatabaseUrl: spec.readerDatabaseUrl } : {}),
      assertionKey: spec.assertionKey,
    })
    urls[spec.name] = await app.listen({ host: '127.0.0.1', port: 0 })
    apps.push(app)
  }
  process.on('message', (m: Request) => {
    if ('advance' in m) {
      clock.advance(m.advance)
    } else if ('usage' in m) {
      const { process: _, ...u } = usageHere(label)
      send({ usage: u })
    } else if ('close' in m) {
      // The last made first: a gateway leans on the services made before it.
      const closeAll = async () => {
        for (const app of [...apps].reverse()) await app.close()
      }
      closeAll().then(
        // Exits once the parent has the message: nothing the service left behind may keep the process alive.
        () => send({ closed: true }, () => process.exit(0)),
        (err: unknown) => {
          send({ failed: String(err) })
          process.exit(1)
        },
      )
    }
  })
  const last = specs.at(-1)?.name
  send({ ready: (last && urls[last]) ?? '', ...(Array.isArray(given) ? { urls } : {}) })
} catch (err) {
  send({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
}

function withoutGateway(
  urls: Partial<Record<ServiceName, string>>,
): Partial<Record<Exclude<ServiceName, 'gateway'>, string>> {
  const { gateway: _, ...rest } = urls
  return rest
}
