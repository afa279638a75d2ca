// pnpm bench:soak — `SOAK_MINUTES` (30) of steady, paced load through the gateway over HTTP (a project registered,
// its application opened, every department's task seen in the gateway's read model), the six services each in a
// process of its own (`onewindowProcesses`, as `bench:e2e` runs them) on the machine's clock, with retention on
// (the shortest safe margin, a pass a minute) so that the pruning is inside the run. Every minute it prints each
// process's RSS and heap after a full collection, the consumers' lag (NATS `num_pending + num_ack_pending`, the
// largest consumer, sampled every `SOAK_SAMPLE_MS`) and the outbox lag (unsent rows and the oldest's age, summed
// over the six schemas) as p99 of the minute's samples, and the row counts of outbox, inbox and dead letters. It
// exits 1 if a process's memory grows steadily — the least-squares slope over the last two thirds of the minutes
// (the first third is warm-up) above `SOAK_MAX_HEAP_MB_PER_MIN` / `SOAK_MAX_RSS_MB_PER_MIN` — or if a lag grows
// over those minutes by more than its slack, or if more than 1% of the applications failed.
import { loadavg } from 'node:os'
import { jetstreamManager } from '@nats-io/jetstream'
import { ensureDatabase } from '@onewindow/db'
import { minimumRetentionMarginMs } from '@onewindow/messaging'
import { count } from './env.js'
import { once, onewindowProcesses } from './systems.js'
import type { Usage } from './usage.js'

const MINUTES = count('SOAK_MINUTES', 30)
const PER_MINUTE = count('SOAK_APPLICATIONS_PER_MINUTE', 60)
const CLERKS = count('SOAK_CLERKS', 4)
const DEPARTMENTS = count('SOAK_DEPARTMENTS', 4)
const SAMPLE_MS = count('SOAK_SAMPLE_MS', 5000)
const MAX_HEAP_SLOPE = Number(process.env['SOAK_MAX_HEAP_MB_PER_MIN'] ?? '0.5')
const MAX_RSS_SLOPE = Number(process.env['SOAK_MAX_RSS_MB_PER_MIN'] ?? '2')
/** A lag may grow over the judged minutes by this much, or by its own mean over them if that is more. */
const CONSUMER_LAG_SLACK = count('SOAK_CONSUMER_LAG_SLACK', 50)
const OUTBOX_AGE_SLACK_MS = count('SOAK_OUTBOX_AGE_SLACK_MS', 2000)
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'
// The shortest margin serviceRuntime accepts (the outbox reconciliation window): sent and inbox rows live 2 + 10 min.
const retention = { marginMs: minimumRetentionMarginMs(), everyMs: 60_000, deadLetterKeepDays: 1 }

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const p99 = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0
}
/** Least-squares slope of `ys` over their indices (per minute here). */
function slope(ys: readonly number[]): number {
  const n = ys.length
  if (n < 2) return 0
  const mx = (n - 1) / 2
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  })
  return num / den
}
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)

type Minute = {
  minute: number
  applications: number
  failures: number
  consumerLagP99: number
  outboxUnsentP99: number
  outboxAgeP99Ms: number
  rows: { outbox: number; inbox: number; deadLetters: number }
  usage: Usage[]
  load: string
}

await ensureDatabase(databaseUrl)
console.log(
  `bench:soak — ${new Date().toISOString()}, load ${load()}; ${MINUTES} min at ${PER_MINUTE} applications/min ` +
    `(${DEPARTMENTS} departments, at most ${CLERKS} at once), six service processes, retention ` +
    `${retention.marginMs / 60_000} min beyond the duplicate window, a pass every ${retention.everyMs / 1000} s`,
)
const system = await onewindowProcesses({ databaseUrl, natsUrl, departments: [DEPARTMENTS] }, DEPARTMENTS, 0, {
  clockRuns: true,
  retention,
})
const jsm = await jetstreamManager(system.nc)

/** The largest consumer's backlog right now: not yet delivered plus delivered and not yet acked. */
async function consumerLag(): Promise<number> {
  let worst = 0
  for await (const c of jsm.consumers.list(system.topology.stream)) {
    worst = Math.max(worst, c.num_pending + c.num_ack_pending)
  }
  return worst
}
async function outboxLag(): Promise<{ unsent: number; ageMs: number }> {
  let unsent = 0
  let ageMs = 0
  for (const s of system.schemas.values()) {
    const { rows } = await s.pool.query<{ unsent: number; age_ms: number | null }>(
      `SELECT count(*)::int AS unsent,
              (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS age_ms
         FROM outbox_message WHERE sent_at IS NULL`,
    )
    unsent += rows[0]?.unsent ?? 0
    ageMs = Math.max(ageMs, rows[0]?.age_ms ?? 0)
  }
  return { unsent, ageMs }
}
async function rowCounts(): Promise<Minute['rows']> {
  const total = { outbox: 0, inbox: 0, deadLetters: 0 }
  for (const s of system.schemas.values()) {
    const { rows } = await s.pool.query<{ outbox: number; inbox: number; dead: number }>(
      `SELECT (SELECT count(*)::int FROM outbox_message) AS outbox, (SELECT count(*)::int FROM inbox_message) AS inbox,
              (SELECT count(*)::int FROM dead_letter) AS dead`,
    )
    total.outbox += rows[0]?.outbox ?? 0
    total.inbox += rows[0]?.inbox ?? 0
    total.deadLetters += rows[0]?.dead ?? 0
  }
  return total
}

const minutes: Minute[] = []
let stopping = false
let inFlight = 0
let started = 0
let done = 0
let failures = 0
const failuresSeen = new Set<string>()
const running = new Set<Promise<void>>()
// Paced, not saturating: one application starts every 60/PER_MINUTE s while fewer than CLERKS are in flight, so the
// offered load is the same in minute 1 and minute 30 and a lag that grows is the platform's, not the generator's.
const pacer = setInterval(() => {
  if (stopping || inFlight >= CLERKS) return
  inFlight += 1
  started += 1
  const p = (async () => {
    try {
      await system.register(1)
      await once(system, DEPARTMENTS)
      done += 1
    } catch (err) {
      failures += 1
      const first = String(err).split('\n')[0] ?? ''
      if (!failuresSeen.has(first)) {
        failuresSeen.add(first)
        console.log(`  failure: ${first.slice(0, 300)}`)
      }
    } finally {
      inFlight -= 1
    }
  })()
  running.add(p)
  void p.finally(() => running.delete(p))
}, 60_000 / PER_MINUTE)

const mb = (u: Usage) => `${u.rssMb.toFixed(0)}/${u.heapMb.toFixed(1)}/${u.externalMb.toFixed(1)}`
/** The rest of RSS: code, stacks and malloc's arenas (native allocations, and what malloc keeps after a free). */
const unaccounted = (u: Usage) => u.rssMb - u.heapTotalMb - u.externalMb - u.v8MallocMb
const parts = (u: Usage) =>
  `rss ${u.rssMb.toFixed(1)} heapTotal ${u.heapTotalMb.toFixed(1)} heapUsed ${u.heapMb.toFixed(1)} newSpace ${u.newSpaceMb.toFixed(1)} oldSpace ${u.oldSpaceMb.toFixed(1)} ` +
  `largeObjects ${u.largeObjectSpaceMb.toFixed(1)} code ${u.codeSpaceMb.toFixed(1)} external ` +
  `${u.externalMb.toFixed(1)} arrayBuffers ${u.arrayBuffersMb.toFixed(1)} v8malloc ${u.v8MallocMb.toFixed(1)} ` +
  `rssAnon ${u.rssAnonMb.toFixed(1)} unaccounted ${unaccounted(u).toFixed(1)} MB`
try {
  for (let m = 1; m <= MINUTES; m += 1) {
    const until = performance.now() + 60_000
    const lags: number[] = []
    const unsent: number[] = []
    const ages: number[] = []
    const doneBefore = done
    const failedBefore = failures
    while (performance.now() < until) {
      lags.push(await consumerLag())
      const o = await outboxLag()
      unsent.push(o.unsent)
      ages.push(o.ageMs)
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(SAMPLE_MS, until - performance.now()))))
    }
    const minute: Minute = {
      minute: m,
      applications: done - doneBefore,
      failures: failures - failedBefore,
      consumerLagP99: p99(lags),
      outboxUnsentP99: p99(unsent),
      outboxAgeP99Ms: p99(ages),
      rows: await rowCounts(),
      usage: await system.usage(),
      load: load(),
    }
    minutes.push(minute)
    console.log(
      `min ${String(m).padStart(2)}  apps ${String(minute.applications).padStart(3)} (${minute.failures} failed)  ` +
        `consumer lag p99 ${minute.consumerLagP99}  outbox unsent p99 ${minute.outboxUnsentP99}, oldest p99 ` +
        `${minute.outboxAgeP99Ms.toFixed(0)} ms  rows outbox/inbox/dead ${minute.rows.outbox}/${minute.rows.inbox}/` +
        `${minute.rows.deadLetters}  RSS/heap/external MB ${minute.usage.map((u) => `${u.process} ${mb(u)}`).join(', ')}  ` +
        `load ${minute.load}`,
    )
    // process.memoryUsage() in full, and what V8 mallocs and the anonymous RSS: which part an RSS growth is in.
    for (const u of minute.usage) console.log(`    ${u.process.padEnd(12)} ${parts(u)}`)
  }
} finally {
  stopping = true
  clearInterval(pacer)
  await Promise.allSettled([...running])
}

// The verdict, over the last two thirds of the minutes (the first third is warm-up: JIT, pools, caches filling).
const judged = minutes.slice(Math.floor(minutes.length / 3))
const problems: string[] = []
/** CPU seconds a minute over the judged minutes (what a smaller young generation costs shows here). */
const cpuPerMinute = (series: readonly Usage[]) => {
  const first = series[0]
  const last = series.at(-1)
  return first && last && series.length > 1 ? ((last.cpuMs - first.cpuMs) / 1000 / (series.length - 1)).toFixed(2) : '-'
}
console.log(`verdict over minutes ${judged[0]?.minute ?? '-'}–${judged.at(-1)?.minute ?? '-'} (least-squares slopes):`)
for (const name of minutes[0]?.usage.map((u) => u.process) ?? []) {
  const series = judged.map((m) => m.usage.find((u) => u.process === name) as Usage)
  const heap = slope(series.map((u) => u.heapMb))
  const rss = slope(series.map((u) => u.rssMb))
  const bad = name !== 'bench' && (heap > MAX_HEAP_SLOPE || rss > MAX_RSS_SLOPE)
  const signed = (f: (u: Usage) => number) => {
    const s = slope(series.map(f))
    return `${s >= 0 ? '+' : ''}${s.toFixed(3)}`
  }
  console.log(
    `  ${name.padEnd(12)} heap ${signed((u) => u.heapMb)} MB/min (limit ${MAX_HEAP_SLOPE}), RSS ` +
      `${signed((u) => u.rssMb)} MB/min (limit ${MAX_RSS_SLOPE}); heapTotal ${signed((u) => u.heapTotalMb)}, newSpace ${signed((u) => u.newSpaceMb)}, oldSpace ${signed((u) => u.oldSpaceMb)}, external ` +
      `${signed((u) => u.externalMb)}, arrayBuffers ${signed((u) => u.arrayBuffersMb)}, v8malloc ` +
      `${signed((u) => u.v8MallocMb)}, unaccounted ${signed(unaccounted)} MB/min; CPU ${cpuPerMinute(series)} s/min` +
      `${bad ? '  GROWS' : ''}`,
  )
  if (bad) problems.push(`${name}'s memory grows`)
}
const lagCheck = (label: string, ys: number[], slack: number, unit: string) => {
  const growth = slope(ys) * Math.max(0, ys.length - 1)
  const allowed = Math.max(slack, mean(ys))
  const bad = growth > allowed
  console.log(
    `  ${label.padEnd(22)} grows ${growth.toFixed(1)} ${unit} over the minutes judged (allowed ${allowed.toFixed(1)})${bad ? '  NOT FLAT' : ''}`,
  )
  if (bad) problems.push(`${label} is not flat`)
}
lagCheck(
  'consumer lag p99',
  judged.map((m) => m.consumerLagP99),
  CONSUMER_LAG_SLACK,
  'messages',
)
lagCheck(
  'outbox oldest p99',
  judged.map((m) => m.outboxAgeP99Ms),
  OUTBOX_AGE_SLACK_MS,
  'ms',
)
const rowsOf = (k: keyof Minute['rows']) => minutes.map((m) => m.rows[k]).join(' ')
console.log(`  rows per minute — outbox: ${rowsOf('outbox')}`)
console.log(`  rows per minute — inbox: ${rowsOf('inbox')}`)
console.log(`  rows per minute — dead letters: ${rowsOf('deadLetters')}`)
if (failures > Math.max(0, started * 0.01)) problems.push(`${failures} of ${started} applications failed`)
console.log(
  `${done} applications in ${MINUTES} min (${failures} failed); load ${load()} at ${new Date().toISOString()}` +
    (problems.length > 0 ? `\nFAILED: ${problems.join('; ')}` : '\nsoak: memory and lag flat'),
)
await system.close()
process.exit(problems.length > 0 ? 1 : 0)
