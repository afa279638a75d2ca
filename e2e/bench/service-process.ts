// One service of the benchmark's platform in a process of its own, as `pnpm start` runs it (one Node process per
// service, its own NATS connection), but on the benchmark's fresh schema, test stream and synthetic catalogue —
// `main.ts` takes the production stream, which the benchmark must not touch. Started by `systems.ts` with
// `child_process.fork`; speaks to it over the IPC channel: `ready` with its URL, then `usage` (RSS, heap after a
// full collection, CPU time) on request, and `closed` once the service has stopped on `close`.

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
  | { ready: string }
  | { usage: Omit<Usage, 'process'> }
  | { closed: true }
  | { failed: string }

/** `advance`: the process's test clock moves on by that many ms (the fault suite's clocks move together). */
type Request = { usage: true } | { close: true } | { advance: number }

const send = (m: ServiceProcessMessage, then?: () => void) => process.send?.(m, undefined, {}, () => then?.())
const spec = JSON.parse(process.argv[2] ?? '{}') as ServiceProcessSpec
// A benchmark that died leaves no service behind: the IPC channel closing is the parent gone.
process.on('disconnect', () => process.exit(1))

const clock = testClock(spec.start)
try {
  const app = await createService(spec.name, {
    nats: { natsUrl: spec.natsUrl },
    topology: spec.topology,
    clock: spec.clockRuns ? { now: () => new Date() } : clock,
    ...(spec.retention ? { retention: spec.retention } : {}),
    databaseUrl: spec.databaseUrl,
    scanEveryMs: spec.scanEveryMs,
    catalogue: parallelCatalogue(spec.departments, spec.ownRegions),
    ...(spec.upstreams ? { upstreams: spec.upstreams } : {}),
    ...(spec.readerDatabaseUrl ? { readerDatabaseUrl: spec.readerDatabaseUrl } : {}),
    assertionKey: spec.assertionKey,
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  process.on('message', (m: Request) => {
    if ('advance' in m) {
      clock.advance(m.advance)
    } else if ('usage' in m) {
      const { process: _, ...u } = usageHere(spec.name)
      send({ usage: u })
    } else if ('close' in m) {
      app.close().then(
        // Exits once the parent has the message: nothing the service left behind may keep the process alive.
        () => send({ closed: true }, () => process.exit(0)),
        (err: unknown) => {
          send({ failed: String(err) })
          process.exit(1)
        },
      )
    }
  })
  send({ ready: url })
} catch (err) {
  send({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
}
