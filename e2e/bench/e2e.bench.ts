// pnpm bench:e2e — from `POST /api/v1/projects/:id/applications` at the gateway to every department's task being
// visible in that department's inbox query, through intake, JetStream, approval, JetStream and the gateway's read
// model, for steps of 4, 8 and 16 departments. Prints p50/p99 latency and sustained applications per second.
// Runs the three services in this process against the machine's PostgreSQL and NATS, each on a fresh schema.
import { ensureDatabase } from '@onewindow/db'
import { owners } from '../src/flows.js'
import { parallelCatalogue, parallelStep, parallelType, syntheticDepartment } from '../src/synthetic-catalogue.js'
import { startWorld, type World } from '../src/world.js'

const DEPARTMENTS = [4, 8, 16]
const LATENCY_SAMPLES = Number(process.env['BENCH_LATENCY_SAMPLES'] ?? 30)
const THROUGHPUT_APPLICATIONS = Number(process.env['BENCH_APPLICATIONS'] ?? 60)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8)
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

let serial = 0
async function registerProjects(world: World, departments: number, count: number): Promise<string[]> {
  const clerk = world.token('clerk')
  const ids: string[] = []
  for (let i = 0; i < count; i += 1) {
    serial += 1
    const res = await world.api('POST', '/api/v1/projects', clerk, {
      name: `bench ${departments}/${i}`,
      owner: owners.b,
      projectCode: `2026-441500-47-03-${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(5, '0')}`,
      projectType: parallelType(departments),
      region: '441500',
      siteAreaM2: 1000,
      floorAreaM2: 800,
      heightM: 10,
      investmentFen: 100_000_000,
      location: 'bench',
    })
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`)
    ids.push(res.body.project.projectId)
  }
  return ids
}

/**
 * Whether the reviewer's inbox holds a task of the application, read page by page (200 a page) until found or
 * the last page. Still the whole inbox in the worst case: the newest application's tasks sort last on a day.
 */
async function inboxHolds(world: World, bearer: string, applicationId: string): Promise<boolean> {
  let cursor: string | undefined
  do {
    const page = await world.api('GET', `/api/v1/tasks?limit=200${cursor ? `&cursor=${cursor}` : ''}`, bearer)
    if (page.status !== 200) throw new Error(`inbox: ${page.status} ${JSON.stringify(page.body)}`)
    if (page.body.tasks.some((t: { applicationId: string }) => t.applicationId === applicationId)) return true
    cursor = page.body.nextCursor
  } while (cursor !== undefined)
  return false
}

/** Opens one application and returns when every department sees its task in its inbox. */
async function applyAndWaitForInboxes(world: World, departments: number, projectId: string): Promise<number> {
  const clerk = world.token('clerk')
  const reviewers = Array.from({ length: departments }, (_, i) =>
    world.token('reviewer', { department: syntheticDepartment(i + 1) }),
  )
  const open = () =>
    world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: parallelStep(departments),
      form: {},
      materials: [],
    })
  const t0 = performance.now()
  let res = await open()
  // The gateway may not have projected the project yet (registration is asynchronous): try again.
  while (res.status === 404) {
    await new Promise((r) => setTimeout(r, 5))
    res = await open()
  }
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`)
  const applicationId: string = res.body.application.applicationId
  const waiting = new Set(reviewers.keys())
  while (waiting.size > 0) {
    for (const i of [...waiting]) {
      if (await inboxHolds(world, reviewers[i] as string, applicationId)) waiting.delete(i)
    }
    if (waiting.size > 0) await new Promise((r) => setTimeout(r, 2))
  }
  return performance.now() - t0
}

async function bench(departments: number) {
  await using world = await startWorld({
    natsUrl,
    databaseUrl,
    start: new Date().toISOString(),
    catalogue: parallelCatalogue(DEPARTMENTS),
    scanEveryMs: 1000,
  })
  const projects = await registerProjects(world, departments, LATENCY_SAMPLES + THROUGHPUT_APPLICATIONS)

  // Latency: one application at a time, so each measures the path, not a queue.
  const latencies: number[] = []
  for (const projectId of projects.slice(0, LATENCY_SAMPLES)) {
    latencies.push(await applyAndWaitForInboxes(world, departments, projectId))
  }
  latencies.sort((a, b) => a - b)

  // Throughput: CONCURRENCY clerks at once until every application's tasks are in every inbox.
  const queue = projects.slice(LATENCY_SAMPLES)
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift())
        await applyAndWaitForInboxes(world, departments, p)
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  return {
    departments,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: THROUGHPUT_APPLICATIONS / seconds,
  }
}

await ensureDatabase(databaseUrl)
console.log(
  `bench:e2e — ${LATENCY_SAMPLES} sequential applications for latency, ${THROUGHPUT_APPLICATIONS} with ${CONCURRENCY} clerks for throughput`,
)
console.log('departments  p50 ms   p99 ms   applications/s')
for (const n of DEPARTMENTS) {
  const r = await bench(n)
  console.log(
    `${String(r.departments).padStart(11)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${r.perSecond.toFixed(1).padStart(15)}`,
  )
}
process.exit(0)
