import { type ChildProcess, fork } from 'node:child_process'
import { setPriority } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { migrationsDir as acceptanceMigrations } from '@onewindow/acceptance'
import { migrationsDir as approvalMigrations } from '@onewindow/approval'
import { migrationsDir as gatewayMigrations } from '@onewindow/gateway'
import { migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats, type RetentionSettings, type Topology } from '@onewindow/messaging'
import { migrationsDir as registrationMigrations } from '@onewindow/registration'
import { createTestSchema, createTestTopology, type TestSchema, testAssertionKey } from '@onewindow/testing'
import { migrationsDir as utilityMigrations } from '@onewindow/utility'
import type pg from 'pg'
import { owners } from '../src/flows.js'
import { startNodeOptions } from '../src/start-flags.js'
import { parallelCatalogue, parallelStep, parallelType } from '../src/synthetic-catalogue.js'
import { type Response, SERVICES, type ServiceName, startWorld, type World, worldToken } from '../src/world.js'
import { startFloor } from './floor.js'
import type { ServiceProcessMessage, ServiceProcessSpec } from './service-process.js'
import { type Usage, usageHere } from './usage.js'
import { type VisibleTasks, watchVisibleTasks } from './visible.js'

export type BenchTarget = { databaseUrl: string; natsUrl: string; departments: readonly number[] }

/** One system under test: `apply` returns once the application is accepted, with the project to watch. */
export type System = {
  apply(): Promise<string>
  visible: VisibleTasks
  /** Every process the system runs in, the benchmark's own (the load generator) included. */
  usage(): Promise<Usage[]>
  close(): Promise<void>
}

type Api = (method: 'GET' | 'POST', url: string, bearer?: string, payload?: unknown) => Promise<Response>

let serial = 0
async function registerProjects(api: Api, gateway: pg.Pool, departments: number, count: number): Promise<string[]> {
  const clerk = worldToken('clerk')
  const ids: string[] = []
  for (let i = 0; i < count; i += 1) {
    serial += 1
    const res = await api('POST', '/api/v1/projects', clerk, {
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
  // An application could be opened at once (read-your-own-writes); this waits for the gateway's reader to apply every
  // registration so that its backlog is not part of any timed application.
  for (;;) {
    const r = await gateway.query<{ n: number }>('SELECT count(*)::int AS n FROM project WHERE id = ANY($1::uuid[])', [
      ids,
    ])
    if (r.rows[0]?.n === ids.length) return ids
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Every service in this process and thread (`startWorld`, as the e2e tests run them), with `projects` projects
 * registered and projected: every service's work and the load generator's share one thread.
 */
export async function onewindowInProcess(
  target: BenchTarget,
  departments: number,
  projects: number,
): Promise<System & { world: World }> {
  const { natsUrl, databaseUrl } = target
  const world = await startWorld({
    natsUrl,
    databaseUrl,
    start: new Date().toISOString(),
    catalogue: parallelCatalogue(target.departments),
    scanEveryMs: 1000,
    // One address and a handful of tokens drive thousands of requests a second: no rate limit.
    edges: { rateLimits: 'off' },
  })
  const queue = await registerProjects(world.api, world.schemas.gateway.pool, departments, projects)
  const visible = await watchVisibleTasks(world.schemas.gateway.url)
  return {
    world,
    visible,
    apply: applier(world.api, queue, departments),
    usage: async () => [usageHere('all, one process')],
    async close() {
      await visible.close()
      await world[Symbol.asyncDispose]()
    },
  }
}

/** A clerk's application of the step with `departments` departments, for each registered project in turn. */
function applier(api: Api, queue: string[], departments: number) {
  const clerk = worldToken('clerk')
  return async () => {
    const projectId = queue.shift()
    if (!projectId) throw new Error('bench: out of registered projects')
    const res = await api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: parallelStep(departments),
      form: {},
      materials: [],
    })
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`)
    return projectId
  }
}

const migrationsOf: Record<ServiceName, string> = {
  intake: intakeMigrations,
  approval: approvalMigrations,
  acceptance: acceptanceMigrations,
  utility: utilityMigrations,
  registration: registrationMigrations,
  gateway: gatewayMigrations,
}

/** A forked process: `name` is its service's, or its services' joined by `+` (`BENCH_ONE_PROCESS`). */
type ServiceProcess = { name: string; child: ChildProcess; url: string; urls: Partial<Record<ServiceName, string>> }

/**
 * `BENCH_ONE_PROCESS` (an experiment; unset, every service has a process of its own, as in production): `1` or `all`
 * runs the six services in one child process, a comma-separated list of services (`intake,approval,gateway`) runs
 * those in one and each other in its own. Each service is still its own app with its own pools and NATS connection,
 * reached over HTTP and NATS as before: what changes is only how many processes share the two cores.
 */
export function together(raw = process.env['BENCH_ONE_PROCESS']): ServiceName[] {
  if (raw === undefined || raw === '' || raw === '0') return []
  if (raw === '1' || raw === 'all') return [...SERVICES]
  const names = raw.split(',').map((part) => {
    if (!(SERVICES as readonly string[]).includes(part)) {
      throw new Error(`BENCH_ONE_PROCESS: "${part}" is none of 1, all, ${SERVICES.join(', ')}`)
    }
    return part as ServiceName
  })
  if (new Set(names).size < 2) throw new Error('BENCH_ONE_PROCESS: name two services or more')
  return SERVICES.filter((n) => names.includes(n))
}

/**
 * Forks `service-process.ts` for one service (or several in the one process, given a list) and resolves with its URL
 * (the last one's) once it listens (the bench's processes and the fault suite's), and with each one's in `urls` when
 * given a list. `label` begins its errors; `execArgv` is added after tsx's loader. `startPriority`: the niceness the
 * process starts at, set back to 0 once it listens (see `renice`).
 */
export function forkServiceProcess(
  spec: ServiceProcessSpec | ServiceProcessSpec[],
  opts: { label: string; execArgv?: readonly string[]; stdout: 'inherit' | 'ignore'; startPriority?: number },
): Promise<{ child: ChildProcess; url: string; urls: Partial<Record<ServiceName, string>> }> {
  const name = Array.isArray(spec) ? spec.map((s) => s.name).join('+') : spec.name
  const child = fork(fileURLToPath(new URL('./service-process.ts', import.meta.url)), [JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    stdio: ['ignore', opts.stdout, 'inherit', 'ipc'],
  })
  const raised = opts.startPriority !== undefined && renice(child, opts.startPriority)
  if (raised) child.once('message', () => renice(child, 0))
  return new Promise((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`${opts.label}: ${name} exited (${code}) before it listened`))
    child.once('exit', early)
    child.once('message', (m: ServiceProcessMessage) => {
      child.off('exit', early)
      if ('ready' in m) resolve({ child, url: m.ready, urls: m.urls ?? { [name as ServiceName]: m.ready } })
      else reject(new Error(`${opts.label}: ${name} did not start: ${'failed' in m ? m.failed : JSON.stringify(m)}`))
    })
  })
}

/**
 * Sets a child's niceness; false when the system refuses (raising a priority needs root or CAP_SYS_NICE; without it
 * the child runs at the normal priority) or the child has already gone. Linux sets it on the process's main thread,
 * where Node loads and starts the service, and threads it starts later inherit it.
 */
function renice(child: ChildProcess, priority: number): boolean {
  if (child.pid === undefined) return false
  try {
    setPriority(child.pid, priority)
    return true
  } catch (error) {
    const code = (error as { info?: { code?: string } }).info?.code
    if (code === 'EACCES' || code === 'EPERM' || code === 'ESRCH') return false
    throw error
  }
}

/**
 * The bench's service process: with the flags its `start` script gives it in production (approval's and the gateway's
 * capped young generation: their RSS is what it is only with them), `--expose-gc`, and a CPU profile on exit when
 * BENCH_CPU_PROF=<dir> names one.
 */
async function forkService(spec: ServiceProcessSpec | ServiceProcessSpec[]): Promise<ServiceProcess> {
  const profile = process.env['BENCH_CPU_PROF']
  const specs = Array.isArray(spec) ? spec : [spec]
  const { child, url, urls } = await forkServiceProcess(spec, {
    label: 'bench',
    execArgv: [
      // Several services in one process: every flag any of their start scripts gives (today the same cap for all).
      ...new Set(specs.flatMap((s) => startNodeOptions(s.name))),
      '--expose-gc',
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    stdout: 'inherit',
  })
  return { name: specs.map((s) => s.name).join('+'), child, url, urls }
}

/** How long a service process is given to close gracefully before it is killed. */
const CLOSE_WAIT_MS = 60_000

/** Asks a service process one thing and waits for the answer of that kind. */
function ask<K extends 'usage' | 'closed'>(
  p: ServiceProcess,
  request: { usage: true } | { close: true },
  answer: K,
): Promise<Extract<ServiceProcessMessage, Record<K, unknown>>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ServiceProcessMessage) => {
      if (answer in m) {
        p.child.off('message', onMessage)
        resolve(m as Extract<ServiceProcessMessage, Record<K, unknown>>)
      } else if ('failed' in m) {
        p.child.off('message', onMessage)
        reject(new Error(`bench: ${p.name}: ${m.failed}`))
      }
    }
    p.child.on('message', onMessage)
    p.child.send(request)
  })
}

/** One request to the gateway over HTTP, as a client outside the platform makes it. */
function httpApi(baseUrl: string): Api {
  return async (method, url, bearer, payload) => {
    const res = await fetch(new URL(url, baseUrl), {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: Object.fromEntries(res.headers) }
  }
}

/** What the soak reads besides a system: the stream, every service's schema, and more projects on demand. */
export type ProcessSystem = System & {
  nc: NatsConnection
  topology: Topology
  schemas: ReadonlyMap<ServiceName, TestSchema>
  /** Registers (and waits for the projection of) `count` more projects for `apply`. */
  register(count: number): Promise<void>
}

/**
 * The platform in its production shape: each of the six services in a Node process of its own with its own NATS
 * connection and pools (as `pnpm start` runs them), on fresh schemas and a fresh stream; the clerks speak HTTP to
 * the gateway from this process. `projects` projects are registered and projected first. `options` (the soak's):
 * the services on the machine's clock, and their retention settings.
 */
export async function onewindowProcesses(
  target: BenchTarget,
  departments: number,
  projects: number,
  options: { clockRuns?: boolean; retention?: RetentionSettings } = {},
): Promise<ProcessSystem> {
  const nc = await connectNats(target.natsUrl, 'bench-e2e')
  const topo = await createTestTopology(nc)
  const schemas = new Map<ServiceName, TestSchema>()
  const running: ServiceProcess[] = []
  const stop = async () => {
    // The gateway first, as its reader and its calls lean on the others; each process closes its service gracefully.
    // A close that does not answer in CLOSE_WAIT_MS is killed and said so: a 2026-12-01 run waited seven minutes for
    // the gateway's and lost the figures printed after it.
    for (const p of [...running].reverse()) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) continue
      const exited = new Promise((resolve) => p.child.once('exit', resolve))
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), CLOSE_WAIT_MS)
      })
      const closed = ask(p, { close: true }, 'closed').then(
        () => 'closed' as const,
        () => 'failed' as const,
      )
      const outcome = await Promise.race([closed, late])
      clearTimeout(timer)
      if (outcome !== 'closed') {
        console.error(
          `bench: ${p.name} did not close (${outcome === 'late' ? `no answer in ${CLOSE_WAIT_MS} ms` : 'its close failed'}): killed`,
        )
        p.child.kill('SIGKILL')
      }
      await exited
    }
    await topo.delete()
    await nc.close()
    // BENCH_INDEX_USE=1: each index of a table the run wrote, with the scans PostgreSQL counted on it — an index the
    // write path keeps up and no statement reads shows 0 (read it beside the routes the bench does not call).
    if (process.env['BENCH_INDEX_USE'] === '1') for (const [name, s] of schemas) await printIndexUse(name, s)
    await Promise.all([...schemas.values()].map((s) => s.drop()))
  }
  try {
    for (const name of SERVICES) {
      const reader = name === 'gateway' ? { reader: true } : {}
      schemas.set(name, await createTestSchema(target.databaseUrl, migrationsOf[name], name, reader))
    }
    // One instant for every process's test clock: the gateway's assertions are checked against the services' clocks.
    const start = new Date().toISOString()
    const spec = (name: ServiceName): ServiceProcessSpec => ({
      name,
      databaseUrl: schemas.get(name)?.url ?? '',
      natsUrl: target.natsUrl,
      topology: topo.topology,
      start,
      departments: [...target.departments],
      scanEveryMs: 1000,
      assertionKey: testAssertionKey,
      ...(options.clockRuns ? { clockRuns: true } : {}),
      ...(options.retention ? { retention: options.retention } : {}),
    })
    // BENCH_ONE_PROCESS: the services named share one process; a gateway among them is made there last, and its
    // upstreams made beside it are filled in by that process (the '' left here).
    const shared = together()
    const alone = SERVICES.filter((n) => n !== 'gateway' && !shared.includes(n))
    const sharedFirst = shared.includes('gateway') ? [] : shared.length > 0 ? [shared.map(spec)] : []
    const others = await Promise.all([...alone.map((n) => forkService(spec(n))), ...sharedFirst.map(forkService)])
    running.push(...others)
    const url = (name: ServiceName) => others.find((p) => p.urls[name] !== undefined)?.urls[name] ?? ''
    const gatewaySpec: ServiceProcessSpec = {
      ...spec('gateway'),
      readerDatabaseUrl: schemas.get('gateway')?.readerUrl ?? '',
      upstreams: {
        intake: url('intake'),
        approval: url('approval'),
        acceptance: url('acceptance'),
        utility: url('utility'),
        registration: url('registration'),
      },
    }
    const gateway = await forkService(
      shared.includes('gateway') ? [...shared.filter((n) => n !== 'gateway').map(spec), gatewaySpec] : gatewaySpec,
    )
    running.push(gateway)
    const api = httpApi(gateway.url)
    const gatewaySchema = schemas.get('gateway') as TestSchema
    const queue = await registerProjects(api, gatewaySchema.pool, departments, projects)
    const visible = await watchVisibleTasks(gatewaySchema.url)
    return {
      nc,
      topology: topo.topology,
      schemas,
      async register(count) {
        queue.push(...(await registerProjects(api, gatewaySchema.pool, departments, count)))
      },
      visible,
      apply: applier(api, queue, departments),
      async usage() {
        const each = await Promise.all(
          running.map(async (p) => ({ process: p.name, ...(await ask(p, { usage: true }, 'usage')).usage })),
        )
        return [...each, usageHere('bench')]
      },
      async close() {
        await visible.close()
        await stop()
      },
    }
  } catch (err) {
    await stop()
    throw err
  }
}

export async function floor(target: BenchTarget, departments: number): Promise<System> {
  const nc = await connectNats(target.natsUrl, 'bench-floor')
  const f = await startFloor({ databaseUrl: target.databaseUrl, nc })
  const visible = await watchVisibleTasks(f.url)
  return {
    visible,
    apply: () => f.apply(departments),
    usage: async () => [usageHere('floor and bench')],
    async close() {
      await visible.close()
      await f.close()
      await nc.close()
    },
  }
}

/** One application, from the clerk's request to every task committed in the read model. */
export async function once(system: System, departments: number): Promise<number> {
  const t0 = performance.now()
  const projectId = await system.apply()
  await system.visible.until(projectId, departments)
  return performance.now() - t0
}

async function printIndexUse(service: string, schema: TestSchema): Promise<void> {
  const { rows } = await schema.pool.query<{ tbl: string; idx: string; scans: number; written: number }>(
    `SELECT i.relname AS tbl, i.indexrelname AS idx, i.idx_scan::int AS scans,
            (t.n_tup_ins + t.n_tup_upd + t.n_tup_del)::int AS written
       FROM pg_stat_user_indexes i JOIN pg_stat_user_tables t ON t.relid = i.relid
      WHERE i.schemaname = $1 AND t.n_tup_ins + t.n_tup_upd + t.n_tup_del > 0
      ORDER BY i.idx_scan, written DESC`,
    [schema.schema],
  )
  for (const r of rows)
    console.log(`  index use  ${service}.${r.tbl} ${r.idx}: ${r.scans} scans, ${r.written} rows written`)
}
