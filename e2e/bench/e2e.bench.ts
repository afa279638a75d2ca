// pnpm bench:e2e — from a clerk's `POST /api/v1/projects/:id/applications` at the gateway to every department's task
// being committed in the gateway's read model (what the inbox query reads), through intake, JetStream, approval,
// JetStream and the gateway's projection, for steps of 4, 8 and 16 departments; and, in the same run, the same
// durable work written directly on pg + JetStream (floor.ts). Prints solo p50/p99, applications per second at 8 and
// at 16 clerks, onewindow ÷ floor for each, and the process RSS around each phase (the services run in this process).
import { loadavg } from 'node:os'
import { ensureDatabase } from '@onewindow/db'
import { count, counts, oneOf } from './env.js'
import { floor, once, onewindow, type System } from './systems.js'

const DEPARTMENTS = counts('BENCH_DEPARTMENTS', [4, 8, 16])
const WARMUP = count('BENCH_WARMUP', 5, { zero: true })
const SOLO = count('BENCH_SOLO', 30, { alias: 'BENCH_LATENCY_SAMPLES' })
const APPLICATIONS = count('BENCH_APPLICATIONS', 80)
const CLERKS = counts('BENCH_CLERKS', [8, 16])
const SYSTEMS = oneOf('BENCH_SYSTEMS', ['onewindow', 'floor'], ['onewindow', 'floor'])
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
// With --expose-gc (as `pnpm bench:e2e` runs) garbage is collected first, so a heap that keeps growing is retained
// memory, not garbage not yet collected; RSS alone rarely shrinks once the heap has grown.
const memoryMb = () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  return `${Math.round(m.rss / 2 ** 20)}/${Math.round(m.heapUsed / 2 ** 20)}`
}

type Figures = { p50: number; p99: number; perSecond: Map<number, number>; rss: string[] }

async function measure(system: System, departments: number): Promise<Figures> {
  const rss = [`start ${memoryMb()}`]
  for (let i = 0; i < WARMUP; i += 1) await once(system, departments)
  rss.push(`warm-up ${memoryMb()}`)
  const latencies: number[] = []
  for (let i = 0; i < SOLO; i += 1) latencies.push(await once(system, departments))
  latencies.sort((a, b) => a - b)
  rss.push(`solo ${memoryMb()}`)
  const perSecond = new Map<number, number>()
  for (const clerks of CLERKS) {
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
    rss.push(`${clerks} clerks ${memoryMb()}`)
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond, rss }
}

const col = (s: string, w: number) => s.padStart(w)
const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits))

await ensureDatabase(databaseUrl)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
console.log(
  `bench:e2e — ${new Date().toISOString()}, load ${load()}; per system and N: ${WARMUP} warm-up, ${SOLO} solo (one at a time), ${APPLICATIONS} applications at each of ${CLERKS.join(' and ')} clerks`,
)
console.log(
  `${col('N', 3)}  ${'system'.padEnd(10)}  ${col('solo p50 ms', 11)}  ${col('solo p99 ms', 11)}${CLERKS.map((c) => `  ${col(`apps/s @${c}`, 10)}`).join('')}`,
)
const memory: string[] = []
for (const n of DEPARTMENTS) {
  const figures = new Map<string, Figures>()
  for (const name of SYSTEMS) {
    const target = { databaseUrl, natsUrl, departments: DEPARTMENTS }
    const system =
      name === 'floor'
        ? await floor(target, n)
        : await onewindow(target, n, WARMUP + SOLO + APPLICATIONS * CLERKS.length)
    try {
      const f = await measure(system, n)
      figures.set(name, f)
      console.log(
        `${col(String(n), 3)}  ${name.padEnd(10)}  ${col(fmt(f.p50), 11)}  ${col(fmt(f.p99), 11)}${CLERKS.map((c) => `  ${col(fmt(f.perSecond.get(c)), 10)}`).join('')}`,
      )
      memory.push(`${col(String(n), 3)}  ${name.padEnd(10)}  RSS/heap MB after ${f.rss.join(', ')}`)
    } finally {
      await system.close()
    }
  }
  const o = figures.get('onewindow')
  const f = figures.get('floor')
  if (o && f) {
    console.log(
      `${col(String(n), 3)}  ${'÷ floor'.padEnd(10)}  ${col(`${fmt(o.p50 / f.p50)}×`, 11)}  ${col(`${fmt(o.p99 / f.p99)}×`, 11)}${CLERKS.map((c) => `  ${col(fmt((o.perSecond.get(c) ?? 0) / (f.perSecond.get(c) ?? 1), 2), 10)}`).join('')}`,
    )
  }
}
for (const line of memory) console.log(line)
console.log(`load ${load()} at ${new Date().toISOString()}`)
process.exit(0)
