// pnpm bench:supervision — GET /api/v1/supervision/stats (and /stats/series) over a read model of BENCH_PROJECTS
// projects (default 100,000; six tasks each, five of them decided between 2025-01-01 and 2026-03-31 with their
// figures, spread over ten districts of two cities), seeded straight into the tables with a few set-based statements.
// The gateway runs in this process and answers over HTTP as the reader role, under row-level security; each scenario
// is sent BENCH_REQUESTS times one after another (default 100, after 5 not timed) and printed as p50/p99 beside the
// floor: the same statement (`supervisionStats`) run straight on a pool of the same role, with no HTTP, no
// authentication, no serialisation. Both read the roll-up the read model keeps per day and month
// (migration 20261204010000_decided_figures_rollup), filled here by its rebuild function after the bulk insert. Issue 15
// asks for p99 ≤ 200 ms; nothing here asserts it.
//
// BENCH_SCHEMA=<schema> reuses a seeded schema (BENCH_KEEP=1 keeps the one a run seeds).

import { connectNats } from '@onewindow/messaging'
import { createTestTopology, testAssertionKey, testClock } from '@onewindow/testing'
import { count } from './env.js'

const PROJECTS = count('BENCH_PROJECTS', 100_000)
const REQUESTS = count('BENCH_REQUESTS', 100)
/** Runs of the per-task statement (what the route ran before the roll-up) per scenario, for the record; 0 skips it. */
const PER_TASK_RUNS = count('BENCH_PER_TASK_RUNS', 0)
const WARMUP = 5
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'
const SECRET = 'bench-supervision-secret-0123456789abcdef'

type Sql = { query: <R>(text: string, values?: unknown[]) => Promise<{ rows: R[] }> }

/** Decided tasks with their stored figures, as the projection leaves them (db/projection.ts `taskUpsert`). */
async function seed(client: Sql, projects: number) {
  // The secondary indexes are built once the rows are in (several times faster than row by row), from their own
  // definitions; the answer-version triggers are off while seeding, as bench:status explains.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey' AND tablename NOT LIKE '\\_%'`,
  )
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`)
  await client.query('SET session_replication_role = replica')
  await client.query(
    `INSERT INTO project (id, project_code, name, project_type, region, owner_name, owner_credit_code, investment_fen,
                          registered_at)
     SELECT md5('p' || i)::uuid, '2026-441500-47-01-' || lpad(i::text, 6, '0'), '低风险厂房项目 ' || i,
            'social-simple-low-risk', (ARRAY['441502', '441521', '441523', '441581', '441500',
                                             '440604', '440605', '440606', '440607', '440608'])[1 + i % 10],
            '示例实业有限公司 ' || (i % 1000), '91441500' || lpad((i % 1000)::text, 10, '0'), 1200000000,
            '2025-01-01'::timestamptz
       FROM generate_series(1, $1::int) AS i`,
    [projects],
  )
  // Task k of project i: department, item and step by k; decided (k < 6) on one of 455 days; about one in ten rejected,
  // one in ten on commitment; 0–2 补正 rounds; net 1–15 working days, gross up to 4 more, of them up to 2 in 特别程序.
  await client.query(
    `INSERT INTO task (id, application_id, project_id, department, item, status, national_code, version, snapshot,
                       updated_at, step, decided_on, outcome, on_commitment, supplement_rounds, workdays_used_net,
                       workdays_used_gross, special_procedure_days, overdue)
     SELECT md5('t' || i || '-' || k)::uuid, md5('a' || i)::uuid, md5('p' || i)::uuid,
            (ARRAY['civil-air-defence', 'natural-resources', 'housing-construction', 'development-reform', 'water',
                   'power'])[k],
            (ARRAY['civil-air-defence-permit', 'engineering-planning-permit', 'construction-permit',
                   'energy-conservation-review', 'water-hookup-application', 'power-hookup-application'])[k],
            CASE WHEN decided THEN outcome ELSE 'claimed' END, CASE WHEN decided THEN 11 ELSE 3 END, 2, '{}'::jsonb,
            '2025-01-01'::timestamptz, (ARRAY['project-approval', 'six-item-bundle', 'joint-acceptance'])[1 + k % 3],
            CASE WHEN decided THEN '2025-01-01'::date + h % 455 END, CASE WHEN decided THEN outcome END,
            CASE WHEN decided THEN h % 10 = 1 END, CASE WHEN decided THEN h % 3 END,
            CASE WHEN decided THEN net END, CASE WHEN decided THEN net + pause END,
            CASE WHEN decided THEN least(pause, h % 3) END, CASE WHEN decided THEN net > 10 END
       FROM (SELECT i, k, k < 6 AS decided, h, CASE WHEN h % 10 = 0 THEN 'rejected' ELSE 'approved' END AS outcome,
                    1 + h % 15 AS net, (h / 15) % 5 AS pause
               FROM generate_series(1, $1::int) AS i, generate_series(1, 6) AS k,
                    LATERAL (SELECT abs(hashtext(i || '-' || k)) AS h) AS hashed) t`,
    [projects],
  )
  await client.query('RESET session_replication_role')
  for (const index of indexes) await client.query(index.definition)
  // The roll-up the task rows' triggers keep (off while seeding), computed from the rows by the migration's own
  // rebuild: the rows the projection's writes would have left.
  await client.query('SELECT decided_figures_rollup_rebuild()')
  await client.query('VACUUM ANALYZE project')
  await client.query('VACUUM ANALYZE task')
  await client.query('VACUUM ANALYZE decided_figures_rollup')
}

type Scenario = { name: string; path: string; query: import('@onewindow/gateway').StatsQuery }
const scenarios: Scenario[] = [
  {
    name: 'a month, one city, per step × department × item',
    path: '/api/v1/supervision/stats?from=2026-01-01&to=2026-01-31&region=441500',
    query: {
      from: '2026-01-01',
      to: '2026-01-31',
      regionPrefix: '4415',
      groupBy: ['step', 'department', 'item'],
      limit: 2000,
    },
  },
  {
    name: 'a quarter, everywhere, per department',
    path: '/api/v1/supervision/stats?from=2026-01-01&to=2026-03-31&groupBy=department',
    query: { from: '2026-01-01', to: '2026-03-31', groupBy: ['department'], limit: 2000 },
  },
  {
    name: 'a year, everywhere, per step × department × item',
    path: '/api/v1/supervision/stats?from=2025-04-01&to=2026-03-31',
    query: { from: '2025-04-01', to: '2026-03-31', groupBy: ['step', 'department', 'item'], limit: 2000 },
  },
  {
    name: 'series: a year by month, per department',
    path: '/api/v1/supervision/stats/series?from=2025-04-01&to=2026-03-31&bucket=month&groupBy=department',
    query: { from: '2025-04-01', to: '2026-03-31', groupBy: ['department'], bucket: 'month', limit: 2000 },
  },
]

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN

/** p50 and p99 in ms of `REQUESTS` runs of `run`, after `WARMUP` not timed; each run checked by `check`. */
async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await run()
  const ms: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now()
    await run()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) }
}

async function main() {
  const { createGateway, DEFAULT_BODY_LIMIT, migrationsDir, mintToken, supervisionStats, supervisionStatsPerTask } =
    await import('@onewindow/gateway')
  const { createClient, createPool, dropProvisioned, ensureDatabase, migrate, provisionSchema } = await import(
    '@onewindow/db'
  )
  await ensureDatabase(databaseUrl)
  const schema = process.env['BENCH_SCHEMA'] ?? `bench_supervision_${process.pid}`
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`BENCH_SCHEMA "${schema}" is not a plain schema name`)
  const as = (user: string) => {
    const u = new URL(databaseUrl)
    u.username = user
    u.password = ''
    u.searchParams.set('schema', schema)
    return u.toString()
  }
  const roles = [`${schema}_owner`, `${schema}_reader`] as const
  const [url, readerUrl] = roles.map(as) as [string, string]
  const reused = process.env['BENCH_SCHEMA'] !== undefined
  const admin = createClient(databaseUrl)
  await admin.connect()
  await provisionSchema(databaseUrl, { ownerUrl: url, readerUrl })
  await migrate(url, migrationsDir)
  if (!reused) {
    const t0 = performance.now()
    await admin.query(`SET search_path TO "${schema}"`)
    await seed(admin, PROJECTS)
    const { rows } = await admin.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM task WHERE decided_on IS NOT NULL',
    )
    console.log(
      `seeded ${PROJECTS} projects, ${rows[0]?.n} decided tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s (schema ${schema})`,
    )
  } else console.log(`reusing schema ${schema}`)

  const nc = await connectNats(natsUrl, 'bench-supervision')
  const topo = await createTestTopology(nc)
  const nowhere = 'http://127.0.0.1:9'
  const gateway = await createGateway({
    databaseUrl: url,
    readerDatabaseUrl: readerUrl,
    nc,
    topology: topo.topology,
    clock: testClock('2026-04-01T02:00:00Z'),
    logger: false,
    intakeUrl: nowhere,
    approvalUrl: nowhere,
    acceptanceUrl: nowhere,
    utilityUrl: nowhere,
    registrationUrl: nowhere,
    auth: { secret: SECRET },
    edges: { rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT },
    assertionKey: testAssertionKey,
  })
  const base = await gateway.listen({ host: '127.0.0.1', port: 0 })
  const token = mintToken(SECRET, { sub: 'supervisor-1', role: 'supervisor' })
  const reader = createPool(readerUrl, 2)
  const caller = { role: 'supervisor' as const }

  const rows: string[] = []
  for (const s of scenarios) {
    // Checked once before it is timed: a 400 or 500 would be fast and mean nothing.
    const res = await fetch(`${base}${s.path}`, { headers: { authorization: `Bearer ${token}` } })
    const body = (await res.json()) as { groups?: Array<{ decided: number }> }
    const decided = (body.groups ?? []).reduce((n, g) => n + g.decided, 0)
    if (res.status !== 200 || decided === 0) throw new Error(`${s.path}: ${res.status} ${JSON.stringify(body)}`)
    const route = await timed(async () => {
      const r = await fetch(`${base}${s.path}`, { headers: { authorization: `Bearer ${token}` } })
      await r.arrayBuffer()
      if (r.status !== 200) throw new Error(`${s.path}: ${r.status}`)
    })
    const floor = await timed(() => supervisionStats(reader.pool, caller, s.query))
    const f = (n: number) => n.toFixed(1)
    // The statement the route ran before the roll-up, a few times one after another (its median), and its answer
    // compared with the roll-up's: the bench's figures are of the same answer.
    let perTask = ''
    if (PER_TASK_RUNS > 0) {
      const ms: number[] = []
      for (let i = 0; i < PER_TASK_RUNS; i++) {
        const t0 = performance.now()
        const old = await supervisionStatsPerTask(reader.pool, caller, s.query)
        ms.push(performance.now() - t0)
        if (JSON.stringify(old) !== JSON.stringify(await supervisionStats(reader.pool, caller, s.query)))
          throw new Error(`${s.name}: the roll-up's figures differ from the per-task statement's`)
      }
      ms.sort((a, b) => a - b)
      perTask = ` ${f(percentile(ms, 0.5))} |`
    }
    rows.push(
      `| ${s.name} | ${body.groups?.length} | ${decided} | ${f(route.p50)} | ${f(route.p99)} | ${f(floor.p50)} | ${f(floor.p99)} |${perTask}`,
    )
  }
  console.log(`\n${REQUESTS} requests per scenario, one at a time, after ${WARMUP} not timed\n`)
  console.log(
    `| scenario | groups | tasks decided | route p50 ms | route p99 ms | floor (SQL alone) p50 ms | floor p99 ms |${PER_TASK_RUNS > 0 ? ' per-task statement p50 ms |' : ''}`,
  )
  console.log(`|---|---|---|---|---|---|---|${PER_TASK_RUNS > 0 ? '---|' : ''}`)
  for (const r of rows) console.log(r)

  await reader.pool.end()
  await gateway.close()
  await topo.delete()
  await nc.close()
  await admin.end()
  if (!reused && process.env['BENCH_KEEP'] !== '1') await dropProvisioned(databaseUrl, schema, roles)
  else console.log(`kept schema ${schema}: BENCH_SCHEMA=${schema} pnpm bench:supervision reuses it`)
}

await main()
