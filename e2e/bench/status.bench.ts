// pnpm bench:status — the gateway's read path at scale: a read model of BENCH_PROJECTS projects (default 100,000;
// six tasks each, with applications, 容缺, 补正 notices, alerts and timelines in the proportions of a running city),
// seeded with a few set-based statements, and the gateway alone in this process answering from it. autocannon runs
// in a child process (its own heap, garbage collector and event loop, so the process measured is the gateway and
// its RSS is the gateway's) and prints p50/p99 and requests/s for a supervisor's and an owner's status of random
// projects, a supervisor's project page (`GET /projects/:id`, read in the reader's transactions: db/scope.ts
// `asCaller`), a reviewer's first inbox page and /healthz as the ceiling, with the gateway's RSS before and after.
//
// BENCH_SCHEMA=<schema> reuses a seeded schema (BENCH_KEEP=1 keeps the one a run seeds), so a profile or an
// EXPLAIN can be taken on the same data without seeding again. The gateway reads as the schema's reader role under
// row-level security, as deployed; BENCH_RLS=off reads as the owner instead (exempt from RLS), to measure its cost.
// BENCH_STATUS_BUILD=<tag> keeps statuses in the read model under that build tag instead of the gateway code's digest,
// so a reused schema's kept statuses hold across a change to the gateway's code — for comparing variants of the path
// that sends them, never for the figures of statuses built. BENCH_HEAP_PROF and BENCH_CPU_PROF: see heapSampling and
// cpuProfiling below.

import { fork } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { loadavg } from 'node:os'
import { constants as gcKinds, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { connectNats } from '@onewindow/messaging'
import { createTestTopology, testAssertionKey, testClock } from '@onewindow/testing'
import autocannon from 'autocannon'
import { count, oneOf } from './env.js'

const PROJECTS = count('BENCH_PROJECTS', 100_000)
const OWNERS = count('BENCH_OWNERS', 1_000)
const SECONDS = count('BENCH_SECONDS', 10)
const CONNECTIONS = count('BENCH_CONNECTIONS', 16)
const RATE = count('BENCH_RATE', 2_000)
// Read before anything is seeded, so a misspelt kind fails the run at once (heapSampling below).
const HEAP_PROF = process.env['BENCH_HEAP_PROF']
const HEAP_PROF_PROMOTED = oneOf('BENCH_HEAP_PROF_KIND', ['all', 'promoted'], ['all']).includes('promoted')
const CPU_PROF = process.env['BENCH_CPU_PROF']
// Every choice read before anything is seeded: a misspelt one fails the run at once, not after a seed of minutes.
const PASSES = count('BENCH_PASSES', 1)
// BENCH_ONLY=status (or inbox, healthz, project) runs only those, e.g. under a profiler.
const ONLY = oneOf('BENCH_ONLY', ['status', 'inbox', 'healthz', 'project'], ['status', 'inbox', 'healthz', 'project'])
const KEPT = oneOf('BENCH_KEPT', ['both', 'built', 'kept'], ['both'])[0] ?? 'both'
// BENCH_STATUS_FIRST=owner times the owner's statuses before the supervisor's in every phase. The order matters in the
// phase kept in the read model: the role timed first fills this process's memory as it goes (a status is kept there
// the second time it is built), and the second finds most answers kept already, confirmed by a statement with no
// body — at 10,000 projects the first role's PostgreSQL CPU per status was 7–12× the second's supervisor first, 1.5–3×
// owner first (fewer revisits at 100,000 projects, so less there).
const STATUS_FIRST = oneOf('BENCH_STATUS_FIRST', ['supervisor', 'owner'], ['supervisor'])[0] ?? 'supervisor'
const statusScenarios = (both: [Scenario, Scenario]): Scenario[] =>
  STATUS_FIRST === 'owner' ? [...both].sort((a, b) => Number(b.byOwner) - Number(a.byOwner)) : both
/** What a run that fails after provisioning drops on its way out (one that ends drops it itself), unless kept. */
let dropOnFailure: (() => Promise<void>) | undefined
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'
const SECRET = 'bench-status-secret-0123456789abcdef'
// Clocks are read on this day, so every run evaluates the same clocks.
const NOW = '2026-03-20T02:00:00.000Z'

/** The seeded ids are md5 of a name, so the load generator can name a random project without a list. */
const uuidOf = (name: string) => {
  const h = createHash('md5').update(name).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
const creditCodeOf = (owner: number) => `91441500${String(owner).padStart(10, '0')}`

type Scenario = {
  name: string
  kind: 'status' | 'project' | 'inbox' | 'healthz'
  tokens: string[]
  byOwner: boolean
  /** Requests a second over all connections (autocannon's `overallRate`); none: as fast as they are answered. */
  rate?: number
}
type Measured = {
  name: string
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  kb: number
  requests: number
  /** The gateway process's CPU (user + system) per request: what the machine's other load changes least. */
  cpuMs?: number
  /** The load generator's CPU per request, from its first request to its last. */
  loadCpuMs: number
  /** PostgreSQL's CPU per request: its backends serving this schema's two roles (/proc, same host). */
  pgMs?: number
  /** The gateway's event loop while the phase ran: how late a timer 1 ms apart fired, p99 and worst, in ms. */
  loopDelay?: { p99: number; max: number }
  /** The gateway's garbage collection while the phase ran: pauses in all and of full (mark-compact) collections, ms. */
  gc?: { ms: number; majorMs: number; major: number }
}

const cpuMsOf = (cpu: NodeJS.CpuUsage) => (cpu.user + cpu.system) / 1000

/**
 * The CPU time so far of every PostgreSQL backend connected as one of `roles` (user + system, from /proc: the
 * server runs on this host), by pid. A backend that starts between two readings counts from zero.
 */
async function backendsCpu(admin: Sql, roles: readonly string[]): Promise<Map<number, number>> {
  const { readFile } = await import('node:fs/promises')
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE usename = ANY($1::text[])',
    [roles],
  )
  const out = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100/s).
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100)
    } catch {
      // gone, or not on this host
    }
  }
  return out
}
const cpuSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0)

/** What the bench hands its load generator (a child process of itself). */
type LoadOrder = { url: string; scenario: Scenario; projects: number; owners: number }

if (process.env['BENCH_STATUS_LOAD'] === '1') {
  const { url, scenario, projects, owners } = await new Promise<LoadOrder>((resolve) =>
    process.once('message', (order) => resolve(order as LoadOrder)),
  )
  const pick = () => 1 + Math.floor(Math.random() * projects)
  const setupRequest = (req: autocannon.Request) => {
    if (scenario.kind !== 'status' && scenario.kind !== 'project') return req
    const i = pick()
    const token = scenario.byOwner ? scenario.tokens[i % owners] : scenario.tokens[0]
    return {
      ...req,
      path: `/api/v1/projects/${uuidOf(`p${i}`)}${scenario.kind === 'status' ? '/status' : ''}`,
      headers: { authorization: `Bearer ${token}` },
    }
  }
  const options: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    // At a rate, autocannon's latencies are "corrected" for coordinated omission with an expected interval of
    // ceil(1 / requests-per-second) — 1 ms for any rate — so a 20 ms answer is recorded as twenty (20, 19, … 1 ms);
    // and its rate is no schedule to correct against (each connection sends as fast as it is answered until its
    // share of the second is spent, then waits for the next second). Its p99 there was of that arithmetic, not of
    // the answers (docs/performance.md): the times are recorded as measured.
    ...(scenario.rate ? { overallRate: scenario.rate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'GET',
        path: scenario.kind === 'inbox' ? '/api/v1/tasks' : '/healthz',
        ...(scenario.kind === 'inbox' ? { headers: { authorization: `Bearer ${scenario.tokens[0]}` } } : {}),
        setupRequest,
      },
    ],
  }
  const started = process.cpuUsage()
  const result = await autocannon(options)
  const measured: Measured = {
    name: scenario.name,
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    kb: result.requests.total > 0 ? result.throughput.total / result.requests.total / 1024 : 0,
    requests: result.requests.total,
    loadCpuMs: cpuMsOf(process.cpuUsage(started)) / Math.max(1, result.requests.total),
  }
  process.send?.(measured, () => process.disconnect())
} else {
  try {
    await main()
  } catch (err) {
    await dropOnFailure?.().catch((e: unknown) => console.error('the bench schema was not dropped:', e))
    throw err
  }
}

/**
 * BENCH_HEAP_PROF=<file>: a sampling heap profile (Chrome's .heapprofile) of what the kept-in-memory phases allocate
 * flat out — with BENCH_HEAP_PROF_KIND=promoted only what outlives young-generation collections (collected by a full
 * collection instead: the memory that makes V8 mark 300 MB of kept statuses again).
 */
async function heapSampling(): Promise<(() => Promise<void>) | undefined> {
  const file = HEAP_PROF
  if (!file) return undefined
  const promotedOnly = HEAP_PROF_PROMOTED
  const session = new Session()
  session.connect()
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !promotedOnly,
  })
  return async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling')
    await writeFile(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`${promotedOnly ? 'promoted ' : ''}allocations sampled: ${file}`)
  }
}

/** BENCH_CPU_PROF=<file>: a CPU profile (Chrome's .cpuprofile) of this process — the gateway — in the same phases. */
async function cpuProfiling(): Promise<(() => Promise<void>) | undefined> {
  const file = CPU_PROF
  if (!file) return undefined
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`CPU profiled: ${file}`)
  }
}

function load(url: string, scenario: Scenario): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_STATUS_LOAD: '1' },
      execArgv: ['--import', 'tsx'],
    })
    const order: LoadOrder = { url, scenario, projects: PROJECTS, owners: OWNERS }
    child.send(order)
    child.once('message', (measured) => resolve(measured as Measured))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code} (${scenario.name})`))
    })
  })
}

/** The read model as events would have built it, in a few set-based statements (about a minute for 100,000). */
type Sql = { query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }> }

async function seed(client: Sql, projects: number, owners: number) {
  const flow = [
    {
      step: 'project-approval',
      name: '立项用地规划许可',
      stage: 'land-use-planning-permit',
      items: ['project-filing'],
    },
    {
      step: 'six-item-bundle',
      name: '六证合一',
      stage: 'construction-permit',
      items: [
        'civil-air-defence-permit',
        'engineering-planning-permit',
        'construction-permit',
        'energy-conservation-review',
        'water-hookup-application',
        'power-hookup-application',
      ],
      limit: { value: 4, unit: 'W' },
    },
    {
      step: 'joint-acceptance',
      name: '竣工联合验收',
      stage: 'completion-acceptance',
      items: ['planning-condition-verification'],
      limit: { value: 1, unit: 'W' },
    },
  ]
  // Project i: accepted on one of 60 days, owned by owner i % owners; 3 in 10 decided (approved) five days later;
  // 1 in 5 accepted with one material owed (容缺); 1 in 10 waiting on a 补正 of its second task; 1 in 10 with a
  // yellow alert on its first task.
  // Secondary indexes are built once after the rows are in, which is several times faster than keeping them up
  // row by row; they are rebuilt from their own definitions, so the schema ends as the migrations left it.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey' AND tablename NOT LIKE '\\_%'`,
  )
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`)
  // The answer-version triggers (migration 20261130060000_answer_version) are off while seeding: one upsert per row
  // would double the time, and a scope without a version row reads as version 0, unchanged since the migration —
  // which these rows, written once before the gateway starts, are.
  await client.query(`SET session_replication_role = replica`)
  await client.query(`
    CREATE TEMP TABLE bench_p (i int, pid uuid, aid uuid, d date, decided bool, owing bool, supplement bool,
                               alerted bool, owner text)`)
  await client.query(
    `
    INSERT INTO bench_p
    SELECT i, md5('p' || i)::uuid, md5('a' || i)::uuid, '2026-01-05'::date + (i % 60),
           i % 10 < 3, i % 5 = 0, i % 10 = 3, i % 10 = 4, '91441500' || lpad((i % $2)::text, 10, '0')
      FROM generate_series(1, $1::int) AS i`,
    [projects, owners],
  )
  await client.query(
    `
    CREATE TEMP TABLE bench_d AS
    SELECT * FROM (VALUES
      (1, 'civil-air-defence-permit', '人防工程设计审查', 'civil-air-defence', '人防办'),
      (2, 'engineering-planning-permit', '建设工程规划许可证核发', 'natural-resources', '自然资源局'),
      (3, 'construction-permit', '建筑工程施工许可证核发', 'housing-construction', '住房城乡建设局'),
      (4, 'energy-conservation-review', '节能审查', 'development-reform', '发展改革局'),
      (5, 'water-hookup-application', '供水报装', 'water', '供水公司'),
      (6, 'power-hookup-application', '供电报装', 'power', '供电公司')) AS v(k, item, item_name, dept, dept_name)`,
  )
  await client.query(
    `
    INSERT INTO project (id, project_code, name, project_type, region, owner_name, owner_credit_code, investment_fen,
                         location, catalogue_version, flow, cap, registered_at)
    SELECT pid, '2026-441500-47-01-' || lpad(i::text, 6, '0'), '低风险厂房项目 ' || i, 'social-simple-low-risk', '441500',
           '汕尾市示例实业有限公司 ' || (i % $2), owner, 1200000000, '汕尾市城区', '441500-2026.1', $1::jsonb,
           '{"value": 15, "unit": "W"}'::jsonb, (d - 1)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours'
      FROM bench_p`,
    [JSON.stringify(flow), owners],
  )
  await client.query(`
    INSERT INTO application (id, project_id, step, step_name, stage, receipt_number, with_deficiencies,
                             owner_credit_code, items, accepted_at, accepted_on, decision, certificate_released_at)
    SELECT aid, pid, 'six-item-bundle', '六证合一', 'construction-permit',
           '441500-' || to_char(d, 'YYYYMMDD') || '-' || lpad(i::text, 6, '0'), owing, owner,
           (SELECT jsonb_agg(jsonb_build_object('item', item, 'department', dept) ORDER BY k) FROM bench_d),
           d::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours 30 minutes', d,
           CASE WHEN decided THEN jsonb_build_object(
             'outcome', 'approved', 'decidedOn', to_char(d + 5, 'YYYY-MM-DD'),
             'decidedAt', to_char((d + 5)::timestamp - interval '8 hours' + interval '16 hours', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
             'tasks', (SELECT jsonb_agg(jsonb_build_object('taskId', md5('t' || i || '-' || k)::uuid, 'item', item,
                                                           'department', dept, 'outcome', 'approved') ORDER BY k)
                         FROM bench_d)) END,
           CASE WHEN decided AND NOT owing THEN (d + 5)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '16 hours 1 minute' END
      FROM bench_p`)
  await client.query(`
    INSERT INTO deficiency (application_id, material, project_id, name, promised_on, cured_at, cured_on)
    SELECT aid, 'construction-contract', pid, '施工合同', d + 10,
           CASE WHEN decided THEN (d + 8)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' END,
           CASE WHEN decided THEN d + 8 END
      FROM bench_p WHERE owing`)
  await client.query(`
    INSERT INTO task (id, application_id, project_id, department, item, status, national_code, version, due_on,
                      snapshot, updated_at)
    SELECT id, aid, pid, dept, item, status, code, version, due, jsonb_strip_nulls(jsonb_build_object(
             'taskId', id, 'applicationId', aid, 'projectId', pid, 'step', 'six-item-bundle', 'item', item,
             'itemName', item_name, 'department', dept, 'departmentName', dept_name, 'status', status,
             'nationalCode', code, 'version', version, 'supplementRoundsUsed', CASE WHEN held THEN 1 ELSE 0 END,
             'claimedBy', CASE WHEN status <> 'assigned' THEN 'reviewer-' || dept END,
             'clocks', jsonb_build_object(
               'statutory', jsonb_build_object('limit', '{"value": 20, "unit": "W"}'::jsonb,
                                               'start', to_char(d, 'YYYY-MM-DD'), 'suspensions', '[]'::jsonb),
               'committed', jsonb_build_object('limit', '{"value": 4, "unit": "W"}'::jsonb,
                                               'start', to_char(d, 'YYYY-MM-DD'),
                                               'suspensions', CASE WHEN held THEN jsonb_build_array(jsonb_build_object(
                                                 'id', 'sup-1', 'kind', 'supplement', 'from', to_char(d + 2, 'YYYY-MM-DD')))
                                                 ELSE '[]'::jsonb END)),
             'dueOn', to_char(due, 'YYYY-MM-DD'),
             'decision', CASE WHEN decided THEN jsonb_build_object('outcome', 'approved', 'decidedBy', 'reviewer-' || dept,
               'decidedAt', to_char((d + 5)::timestamp + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"')) END,
             'updatedAt', to_char(d::timestamp + interval '2 hours', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'))),
           d::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours'
      FROM (SELECT md5('t' || i || '-' || k)::uuid AS id, aid, pid, d, decided, dept, item, item_name, dept_name,
                   supplement AND k = 2 AS held, d + 6 AS due,
                   CASE WHEN decided THEN 'approved' WHEN supplement AND k = 2 THEN 'supplement-requested'
                        WHEN (i + k) % 3 = 0 THEN 'assigned' ELSE 'claimed' END AS status,
                   CASE WHEN decided THEN 11 WHEN supplement AND k = 2 THEN 6 ELSE 3 END AS code,
                   CASE WHEN decided THEN 3 WHEN supplement AND k = 2 THEN 3 WHEN (i + k) % 3 = 0 THEN 1 ELSE 2 END AS version
              FROM bench_p CROSS JOIN bench_d) t`)
  await client.query(`
    INSERT INTO supplement_notice (id, application_id, project_id, version, status, requests, issued_at)
    SELECT md5('n' || i)::uuid, aid, pid, 1, 'open', jsonb_build_array(jsonb_build_object(
             'taskId', md5('t' || i || '-2')::uuid, 'department', 'natural-resources',
             'item', 'engineering-planning-permit', 'materials', jsonb_build_array('design-scheme'),
             'reason', '设计方案缺少日照分析', 'requestedOn', to_char(d + 2, 'YYYY-MM-DD'))),
           (d + 2)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '11 hours'
      FROM bench_p WHERE supplement`)
  await client.query(`
    INSERT INTO clock_alert (event_id, task_id, project_id, kind, clock, department, item, due_on, detected_on,
                             detected_at, used, limit_value)
    SELECT md5('w' || i)::uuid, md5('t' || i || '-1')::uuid, pid, 'warned', 'committed', 'civil-air-defence',
           'civil-air-defence-permit', d + 6, d + 4, (d + 4)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '1 hour', 3, 4
      FROM bench_p WHERE alerted`)
  // Timeline: registered, accepted, six assigned, the claims, and for a decided project six decisions and the step's.
  await client.query(`
    INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, actor, department)
    SELECT md5('e' || i || '-' || kind || '-' || k)::uuid, pid, at, type,
           'permit.' || type || '.v1', summary, actor, dept
      FROM (
        SELECT i, pid, 'r' AS kind, 0 AS k, (d - 1)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours' AS at,
               'project.registered' AS type, 'Project 2026-441500-47-01-' || lpad(i::text, 6, '0') || ' registered' AS summary,
               'clerk-1' AS actor, NULL AS dept FROM bench_p
        UNION ALL
        SELECT i, pid, 'a', 0, d::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours 30 minutes',
               'application.accepted', 'Application for step six-item-bundle accepted', 'clerk-1', NULL FROM bench_p
        UNION ALL
        SELECT i, pid, 't', k, d::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours 31 minutes',
               'task.assigned', dept_name || ' — ' || item_name || ': assigned', NULL, dept
          FROM bench_p CROSS JOIN bench_d
        UNION ALL
        SELECT i, pid, 'c', k, d::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' + k * interval '1 minute',
               'task.claimed', dept_name || ' — ' || item_name || ': claimed', 'reviewer-' || dept, dept
          FROM bench_p CROSS JOIN bench_d WHERE decided OR (i + k) % 3 <> 0
        UNION ALL
        SELECT i, pid, 'x', k, (d + 5)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '16 hours',
               'task.decided', dept_name || ' — ' || item_name || ': approved', 'reviewer-' || dept, dept
          FROM bench_p CROSS JOIN bench_d WHERE decided
        UNION ALL
        SELECT i, pid, 's', 0, (d + 5)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '16 hours 1 minute',
               'step.decided', 'Step six-item-bundle approved (6 department decision(s))', NULL, NULL
          FROM bench_p WHERE decided
      ) e`)
  await client.query(`RESET session_replication_role`)
  for (const index of indexes) await client.query(index.definition)
  await client.query('ANALYZE')
}

async function main() {
  const ownerTokens = async () => {
    const { mintToken } = await import('@onewindow/gateway')
    return Array.from({ length: OWNERS }, (_, o) =>
      mintToken(SECRET, { sub: `owner-${o}`, role: 'owner', creditCode: creditCodeOf(o) }),
    )
  }
  const { createGateway, DEFAULT_BODY_LIMIT, migrationsDir, mintToken } = await import('@onewindow/gateway')
  const { createClient, dropProvisioned, ensureDatabase, migrate, provisionSchema } = await import('@onewindow/db')
  await ensureDatabase(databaseUrl)
  const schema = process.env['BENCH_SCHEMA'] ?? `bench_status_${process.pid}`
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`BENCH_SCHEMA "${schema}" is not a plain schema name`)
  // The schema's roles, as the setup step makes them for a deployment (docs/operations.md): its owner migrates and
  // writes, its reader answers the routes.
  const as = (user: string) => {
    const u = new URL(databaseUrl)
    u.username = user
    u.password = ''
    u.searchParams.set('schema', schema)
    return u.toString()
  }
  const roles = [`${schema}_owner`, `${schema}_reader`] as const
  const [url, readerUrl] = roles.map(as) as [string, string]
  const rls = process.env['BENCH_RLS'] !== 'off'
  const reused = process.env['BENCH_SCHEMA'] !== undefined
  const admin = createClient(databaseUrl)
  await admin.connect()
  await provisionSchema(databaseUrl, { ownerUrl: url, readerUrl })
  if (!reused && process.env['BENCH_KEEP'] !== '1') dropOnFailure = () => dropProvisioned(databaseUrl, schema, roles)
  if (!reused) {
    await migrate(url, migrationsDir)
    const t0 = performance.now()
    await admin.query(`SET search_path TO "${schema}"`)
    await seed(admin, PROJECTS, OWNERS)
    const counts = await admin.query<{ t: string; n: string }>(
      `SELECT 'projects' AS t, count(*)::text AS n FROM project UNION ALL SELECT 'tasks', count(*)::text FROM task
       UNION ALL SELECT 'timeline entries', count(*)::text FROM timeline_entry`,
    )
    const summary = counts.rows.map((r) => `${r.n} ${r.t}`).join(', ')
    console.log(`seeded ${summary} in ${((performance.now() - t0) / 1000).toFixed(1)} s (schema ${schema})`)
  } else {
    await migrate(url, migrationsDir)
    console.log(`reusing schema ${schema}`)
  }

  const nc = await connectNats(natsUrl, 'bench-status')
  const topo = await createTestTopology(nc)
  const nowhere = 'http://127.0.0.1:9'
  console.log(rls ? 'reading as the reader role, under row-level security' : 'BENCH_RLS=off: reading as the owner')
  const gateway = await createGateway({
    databaseUrl: url,
    readerDatabaseUrl: rls ? readerUrl : url,
    nc,
    topology: topo.topology,
    clock: testClock(NOW),
    logger: false,
    ...(process.env['BENCH_STATUS_BUILD'] ? { statusBuild: process.env['BENCH_STATUS_BUILD'] } : {}),
    intakeUrl: nowhere,
    approvalUrl: nowhere,
    acceptanceUrl: nowhere,
    utilityUrl: nowhere,
    registrationUrl: nowhere,
    auth: { secret: SECRET },
    // One address and two tokens drive thousands of requests a second: no rate limit.
    edges: { rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT },
    assertionKey: testAssertionKey,
    // Room for every project's status in this gateway's memory (about 20 KB each), for the last phase: a gateway
    // that has answered every project twice today. The inbox pages keep their default.
    keptAnswers: { statuses: PROJECTS + 1_000, statusRows: (PROJECTS + 1_000) * 200, inboxBytes: 32 * 2 ** 20 },
  })
  const base = await gateway.listen({ host: '127.0.0.1', port: 0 })
  const supervisor = mintToken(SECRET, { sub: 'supervisor-1', role: 'supervisor' })
  const reviewer = mintToken(SECRET, { sub: 'reviewer-1', role: 'reviewer', department: 'housing-construction' })

  // Every answer checked once before it is timed: a 404 or 500 would be fast and mean nothing.
  for (const [path, token] of [
    [`/api/v1/projects/${uuidOf('p3')}/status`, supervisor],
    [`/api/v1/projects/${uuidOf('p3')}`, supervisor],
    ['/api/v1/tasks', reviewer],
  ] as const) {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
    const body = (await res.json()) as { tasks?: unknown[]; unreadable?: unknown[] }
    if (res.status !== 200 || (body.unreadable?.length ?? 0) > 0) {
      throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`)
    }
  }

  // The heap used is read after a full collection, so that it shows what the gateway keeps, not garbage not yet
  // collected.
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  // RSS with what it is made of: V8's heap as committed (total) and in use, and the memory outside it that V8
  // knows of (external, of which arrayBuffers: Buffers, sockets' and pg's among them). What RSS holds beyond
  // those is the allocator's (malloc arenas) and the code's.
  // Twice, a second apart: V8 frees collected buffers' memory on a sweeper thread after the collection, so one gc()
  // alone reads the 20 KB answers just sent as if they were kept.
  const mb = async () => {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    gc()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const m = process.memoryUsage()
    const r = (n: number) => Math.round(n / 2 ** 20)
    return `${r(m.rss)} MB (heap used ${r(m.heapUsed)} of ${r(m.heapTotal)} MB, external ${r(m.external)} MB, array buffers ${r(m.arrayBuffers)} MB)`
  }
  const rssBefore = await mb()
  // BENCH_PASSES=2 runs the scenarios twice and prints the RSS after each: memory that is bounded reads about the
  // same after the second pass as after the first.
  const afterPass: string[] = []
  const results: Measured[] = []
  const scenarios: Scenario[] = [
    { name: 'GET /healthz (ceiling)', kind: 'healthz', tokens: [], byOwner: false },
    ...statusScenarios([
      { name: 'GET /projects/:id/status, supervisor', kind: 'status', tokens: [supervisor], byOwner: false },
      { name: 'GET /projects/:id/status, owner', kind: 'status', tokens: await ownerTokens(), byOwner: true },
    ]),
    { name: 'GET /tasks, reviewer, first page', kind: 'inbox', tokens: [reviewer], byOwner: false },
    // The project page: its promises and the project with its applications, each a transaction of the reader's that
    // names the caller first (db/scope.ts `asCaller`), not one statement as the status and the inbox page are.
    { name: 'GET /projects/:id, supervisor', kind: 'project', tokens: [supervisor], byOwner: false },
  ]
  // Where a tail comes from: the gateway's event loop held up (by its own work or a collection) shows in its delay;
  // a tail with a quiet loop is queueing outside it (sockets, PostgreSQL, the other core).
  const measure = async (s: Scenario, name: string) => {
    // No phase inherits the garbage of the one before it, so the collections counted below are the phase's own.
    gc()
    const pgBefore = await backendsCpu(admin, roles)
    const loop = monitorEventLoopDelay({ resolution: 1 })
    const paused = { ms: 0, majorMs: 0, major: 0 }
    const collections = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        paused.ms += e.duration
        if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === gcKinds.NODE_PERFORMANCE_GC_MAJOR) {
          paused.majorMs += e.duration
          paused.major += 1
        }
      }
    })
    collections.observe({ entryTypes: ['gc'] })
    loop.enable()
    const before = process.cpuUsage()
    const measured = await load(base, s)
    const cpu = process.cpuUsage(before)
    loop.disable()
    collections.disconnect()
    const pg = cpuSince(pgBefore, await backendsCpu(admin, roles))
    const requests = Math.max(1, measured.requests)
    const loopDelay = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }
    results.push({ ...measured, name, cpuMs: cpuMsOf(cpu) / requests, pgMs: pg / requests, loopDelay, gc: paused })
  }
  // BENCH_KEPT=both (default) times the statuses twice: first as a gateway answers a project it has not answered
  // today (built from the rows; a random project of many is almost never one it kept), then after every project's
  // whole view is kept in the read model (`status_answer`), as the status route keeps it the second time it builds
  // one — the steady state of a day. `built` or `kept` times one of the two.
  const statuses = scenarios.filter((s) => s.kind === 'status')
  if (ONLY.includes('status') && KEPT !== 'kept') {
    // None kept yet, also in a reused schema: every status of this phase is built from the rows.
    await admin.query(`DELETE FROM "${schema}".status_answer`)
    for (const s of statuses) await measure(s, `${s.name}, built from the rows`)
  }
  // A reused schema whose every project is kept already for this day and build (BENCH_KEPT=kept) is not kept again.
  const builtWith = gateway.deps.statusBuiltWith(gateway.deps.calendar.current())
  const { rows: keptAlready } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".status_answer WHERE built_with = $1 AND day = $2::date`,
    [builtWith, NOW.slice(0, 10)],
  )
  if (ONLY.includes('status') && KEPT !== 'built' && (keptAlready[0]?.n ?? 0) < PROJECTS) {
    const { keepWholeStatus } = await import('@onewindow/gateway')
    const t0 = performance.now()
    const pgBefore = await backendsCpu(admin, roles)
    const before = process.cpuUsage()
    let next = 1
    const worker = async () => {
      while (next <= PROJECTS) {
        const i = next++
        if (!(await keepWholeStatus(gateway.deps, uuidOf(`p${i}`)))) throw new Error(`project p${i} is not seeded`)
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    const cpu = cpuMsOf(process.cpuUsage(before)) / PROJECTS
    const pg = cpuSince(pgBefore, await backendsCpu(admin, roles)) / PROJECTS
    const { rows } = await admin.query<{ mb: string }>(
      `SELECT round(pg_total_relation_size('"${schema}".status_answer') / 1048576.0)::text AS mb`,
    )
    console.log(
      `kept ${PROJECTS} whole-view statuses in the read model in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
        `CPU ms per status built and kept: gateway ${cpu.toFixed(3)}, PostgreSQL ${pg.toFixed(3)}; table ${rows[0]?.mb} MB`,
    )
  }
  for (let pass = 1; pass <= PASSES; pass++) {
    for (const s of scenarios) {
      if (!ONLY.includes(s.kind)) continue
      const kind = s.kind === 'status' ? (KEPT === 'built' ? ', built from the rows' : ', kept in the read model') : ''
      if (s.kind === 'status' && KEPT === 'built' && pass === 1) continue
      await measure(s, `${s.name}${kind}${PASSES > 1 ? ` (pass ${pass})` : ''}`)
    }
    afterPass.push(`after pass ${pass}: ${await mb()}`)
  }
  // The last phase (BENCH_MEMORY=off leaves it out): every project's status answered as a gateway has by the day's
  // second question of each (the second answer is kept with the statement that confirmed it), then timed: each
  // sent from this process's memory with no statement while PostgreSQL tells of no change (db/answer-changes.ts).
  if (ONLY.includes('status') && KEPT !== 'built' && process.env['BENCH_MEMORY'] !== 'off') {
    const owned = scenarios.find((s) => s.byOwner)?.tokens ?? []
    const t0 = performance.now()
    let next = 1
    const worker = async () => {
      while (next <= PROJECTS) {
        const i = next++
        // Twice by the supervisor (built or read kept, then kept with its statement), once by the project's owner (a
        // kept status is sent with no statement only to a caller a statement has confirmed for it).
        for (const token of [supervisor, supervisor, owned[i % OWNERS]]) {
          const res = await gateway.inject({
            method: 'GET',
            url: `/api/v1/projects/${uuidOf(`p${i}`)}/status`,
            headers: { authorization: `Bearer ${token}` },
          })
          if (res.statusCode !== 200) throw new Error(`project p${i}: ${res.statusCode} ${res.body.slice(0, 300)}`)
        }
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    let bytes = 0
    let backing = 0
    for (const kept of gateway.deps.answers.status.values()) {
      bytes += kept.bytes.utf8.byteLength
      backing += kept.bytes.utf8.buffer.byteLength
    }
    console.log(
      `kept bytes ${(bytes / 2 ** 20).toFixed(0)} MB in backing stores of ${(backing / 2 ** 20).toFixed(0)} MB`,
    )
    console.log(
      `answered every status three times (${PROJECTS} projects) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${gateway.deps.answers.status.size} kept in memory`,
    )
    afterPass.push(`with every status kept in memory: ${await mb()}`)
    const sampled = await heapSampling()
    const profiled = await cpuProfiling()
    for (const s of statuses) await measure(s, `${s.name}, kept in the gateway's memory`)
    await profiled?.()
    await sampled?.()
    // The same at the target's rate: the latency of a status at 2,000 a second, not of one queued behind the rest
    // on two cores run flat out.
    for (const s of statuses) {
      await measure({ ...s, rate: RATE }, `${s.name}, kept in the gateway's memory, ${RATE} requests/s offered`)
    }
    afterPass.push(`after the statuses kept in memory: ${await mb()}`)
  }

  console.log(
    `\n${PROJECTS} projects, ${CONNECTIONS} connections, ${SECONDS} s each; Node ${process.version}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  console.log(
    '| request | req/s | p50 ms | p99 ms | KB/answer | CPU ms/request: gateway, PostgreSQL, load generator | gateway event-loop delay p99 / max ms | gateway GC ms: all, full (count) | non-2xx | errors |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|')
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.kb.toFixed(1)} | ${r.cpuMs?.toFixed(3)}, ${r.pgMs?.toFixed(3)}, ${r.loadCpuMs.toFixed(3)} | ${r.loopDelay?.p99.toFixed(1)} / ${r.loopDelay?.max.toFixed(1)} | ${r.gc?.ms.toFixed(0)}, ${r.gc?.majorMs.toFixed(0)} (${r.gc?.major}) | ${r.non2xx} | ${r.errors} |`,
    )
  }
  console.log(`RSS before ${rssBefore}`)
  for (const m of afterPass) console.log(`RSS ${m}`)

  await gateway.close()
  await topo.delete()
  await nc.close()
  await admin.end()
  if (!reused && process.env['BENCH_KEEP'] !== '1') await dropProvisioned(databaseUrl, schema, roles)
  else console.log(`kept schema ${schema}: BENCH_SCHEMA=${schema} pnpm bench:status reuses it`)
}
