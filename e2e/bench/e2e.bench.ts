// pnpm bench:e2e — from a clerk's `POST /api/v1/projects/:id/applications` at the gateway to every department's task
// being committed in the gateway's read model (what the inbox query reads), through intake, JetStream, approval,
// JetStream and the gateway's projection, for steps of 4, 8 and 16 departments; and, in the same run, the same
// durable work written directly on pg + JetStream (floor.ts). Prints solo p50/p99, applications per second at 8 and
// at 16 clerks, onewindow ÷ floor for each, and each process's RSS and heap around the run and CPU time per
// application. onewindow runs as in production, each service a process of its own (`onewindow`); `onewindow-1p`
// runs all six in this process and thread, as the e2e tests and `pnpm bench:stages` do. BENCH_ONE_PROCESS=1 (an
// experiment, `together` in systems.ts) runs `onewindow`'s six services in one child process instead, each still its
// own app, pools and NATS connection, the clerks still over HTTP; a list (`intake,approval,gateway`) runs those in one. BENCH_INDEX_USE=1 prints, as a
// system stops, each index of a table it wrote with the scans PostgreSQL counted on it.
import { loadavg } from 'node:os'
import { ensureDatabase } from '@onewindow/db'
import { count, counts, oneOf } from './env.js'
import { floor, once, onewindowInProcess, onewindowProcesses, type System, together } from './systems.js'
import { serverCpuMs, type Usage } from './usage.js'

const DEPARTMENTS = counts('BENCH_DEPARTMENTS', [4, 8, 16])
const WARMUP = count('BENCH_WARMUP', 5, { zero: true })
const SOLO = count('BENCH_SOLO', 30, { alias: 'BENCH_LATENCY_SAMPLES' })
const APPLICATIONS = count('BENCH_APPLICATIONS', 80)
const CLERKS = counts('BENCH_CLERKS', [8, 16])
/** How long each system is left idle after its last phase, to measure what its processes spend doing nothing. */
const IDLE_MS = count('BENCH_IDLE_MS', 2000, { zero: true })
const SYSTEMS = oneOf('BENCH_SYSTEMS', ['onewindow', 'onewindow-1p', 'floor'], ['onewindow', 'floor'])
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
type Figures = {
  p50: number
  p99: number
  perSecond: Map<number, number>
  /** Each process's usage after start and after each phase. */
  usage: Array<{ phase: string; usage: Usage[] }>
  /** CPU ms per application of each process, PostgreSQL's and the NATS server's among them, per clerks phase. */
  cpuPerApplication: Map<number, Map<string, number>>
  /**
   * CPU ms per second of each process left idle after the run (timers, polls, heartbeats, the clock scan over every
   * task the run opened): the part of the per-application figures that is not per application, and grows as
   * throughput falls.
   */
  idleCpuPerSecond: Map<string, number>
}

async function measure(system: System, departments: number): Promise<Figures> {
  const usage = [{ phase: 'start', usage: await system.usage() }]
  for (let i = 0; i < WARMUP; i += 1) await once(system, departments)
  usage.push({ phase: 'warm-up', usage: await system.usage() })
  const latencies: number[] = []
  for (let i = 0; i < SOLO; i += 1) latencies.push(await once(system, departments))
  latencies.sort((a, b) => a - b)
  usage.push({ phase: 'solo', usage: await system.usage() })
  const perSecond = new Map<number, number>()
  const cpuPerApplication = new Map<number, Map<string, number>>()
  for (const clerks of CLERKS) {
    const before = usage.at(-1)?.usage ?? []
    const serversBefore = serverCpuMs()
    let left = APPLICATIONS
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: clerks }, async () => {
        while (left > 0) {
          left -= 1
          await once(system, departments)
        }
      }),
    )
    perSecond.set(clerks, APPLICATIONS / ((performance.now() - t0) / 1000))
    const serversAfter = serverCpuMs()
    const after = await system.usage()
    usage.push({ phase: `${clerks} clerks`, usage: after })
    cpuPerApplication.set(clerks, perUnit(before, after, serversBefore, serversAfter, APPLICATIONS))
  }
  const idleFrom = await system.usage()
  const serversIdleFrom = serverCpuMs()
  const i0 = performance.now()
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
  const serversIdleTo = serverCpuMs()
  const idleTo = await system.usage()
  const idleSeconds = (performance.now() - i0) / 1000
  const idleCpuPerSecond = perUnit(idleFrom, idleTo, serversIdleFrom, serversIdleTo, idleSeconds)
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond,
    usage,
    cpuPerApplication,
    idleCpuPerSecond,
  }
}

/** CPU ms each process, and each of the machine's servers, spent between two readings, divided by `units`. */
function perUnit(
  before: Usage[],
  after: Usage[],
  serversBefore: Map<string, number>,
  serversAfter: Map<string, number>,
  units: number,
): Map<string, number> {
  const spent = new Map(
    after.map((u) => [u.process, (u.cpuMs - (before.find((b) => b.process === u.process)?.cpuMs ?? 0)) / units]),
  )
  for (const [server, ms] of serversAfter) spent.set(server, (ms - (serversBefore.get(server) ?? ms)) / units)
  return spent
}

const mb = (u: Usage) => `${Math.round(u.rssMb)}/${Math.round(u.heapMb)}`

/** Per process: RSS/heap MB after start and after each phase; CPU ms per application in each clerks phase. */
function usageLines(n: number, name: string, f: Figures): string[] {
  const head = `${String(n).padStart(3)}  ${name.padEnd(12)}`
  const processes = f.usage[0]?.usage.map((u) => u.process) ?? []
  const memory = processes.map((p) => {
    const phases = f.usage.map(({ phase, usage }) => {
      const u = usage.find((x) => x.process === p)
      return `${phase} ${u ? mb(u) : '-'}`
    })
    return `${head}  ${p}: RSS/heap MB after ${phases.join(', ')}`
  })
  const cpu = [...f.cpuPerApplication].map(
    ([clerks, byProcess]) =>
      `${head}  CPU ms per application @${clerks}: ${[...byProcess].map(([p, ms]) => `${p} ${ms.toFixed(1)}`).join(', ')}`,
  )
  const idle =
    IDLE_MS > 0
      ? [
          `${head}  CPU ms per second idle after the run: ${[...f.idleCpuPerSecond].map(([p, ms]) => `${p} ${ms.toFixed(1)}`).join(', ')}`,
        ]
      : []
  return [...memory, ...cpu, ...idle]
}

const col = (s: string, w: number) => s.padStart(w)
const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits))

await ensureDatabase(databaseUrl)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
console.log(
  `bench:e2e — ${new Date().toISOString()}, load ${load()}; per system and N: ${WARMUP} warm-up, ${SOLO} solo (one at a time), ${APPLICATIONS} applications at each of ${CLERKS.join(' and ')} clerks${together().length > 0 ? `; onewindow's ${together().join('+')} in one process (BENCH_ONE_PROCESS)` : ''}`,
)
console.log(
  `${col('N', 3)}  ${'system'.padEnd(12)}  ${col('solo p50 ms', 11)}  ${col('solo p99 ms', 11)}${CLERKS.map((c) => `  ${col(`apps/s @${c}`, 10)}`).join('')}`,
)
const memory: string[] = []
for (const n of DEPARTMENTS) {
  const figures = new Map<string, Figures>()
  for (const name of SYSTEMS) {
    const target = { databaseUrl, natsUrl, departments: DEPARTMENTS }
    const projects = WARMUP + SOLO + APPLICATIONS * CLERKS.length
    const system =
      name === 'floor'
        ? await floor(target, n)
        : name === 'onewindow-1p'
          ? await onewindowInProcess(target, n, projects)
          : await onewindowProcesses(target, n, projects)
    try {
      const f = await measure(system, n)
      figures.set(name, f)
      console.log(
        `${col(String(n), 3)}  ${name.padEnd(12)}  ${col(fmt(f.p50), 11)}  ${col(fmt(f.p99), 11)}${CLERKS.map((c) => `  ${col(fmt(f.perSecond.get(c)), 10)}`).join('')}`,
      )
      memory.push(...usageLines(n, name, f))
    } finally {
      await system.close()
    }
  }
  const o = figures.get('onewindow') ?? figures.get('onewindow-1p')
  const f = figures.get('floor')
  if (o && f) {
    console.log(
      `${col(String(n), 3)}  ${'÷ floor'.padEnd(12)}  ${col(`${fmt(o.p50 / f.p50)}×`, 11)}  ${col(`${fmt(o.p99 / f.p99)}×`, 11)}${CLERKS.map((c) => `  ${col(fmt((o.perSecond.get(c) ?? 0) / (f.perSecond.get(c) ?? 1), 2), 10)}`).join('')}`,
    )
  }
}
for (const line of memory) console.log(line)
console.log(`load ${load()} at ${new Date().toISOString()}`)
process.exit(0)
