import { createPool } from '@onewindow/db'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import fc from 'fast-check'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { queryAs } from '../src/db/scope.js'
import { GROUP_KEYS, type StatsQuery, supervisionStats, supervisionStatsPerTask } from '../src/db/stats.js'
import { migrationsDir } from '../src/index.js'

// The roll-up (migration 20261204010000_decided_figures_rollup) against the statement it replaced: random histories
// of task rows written as the projection writes them (a versioned upsert that changes a row only for a newer
// version; replays, re-decisions, withdrawals, projects arriving late or moving region), then
// - the roll-up the triggers kept equals the one `decided_figures_rollup_rebuild()` computes from the task rows, and
// - every figure of `supervisionStats` (roll-up, merged histograms) equals `supervisionStatsPerTask` (percentile_cont
//   over the task rows) for random ranges, filters, groupings and series, read as the reader role under RLS.

let schema: TestSchema
let readerPool: pg.Pool
beforeAll(async () => {
  schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'rollup', { reader: true })
  readerPool = createPool(schema.readerUrl as string, 2).pool
})
afterAll(async () => {
  await readerPool?.end()
  await schema?.drop()
})

const id = (prefix: number, n: number) => `00000000-0000-7000-8${prefix}00-${String(n).padStart(12, '0')}`
const REGIONS = ['441502', '441521', '440604', '440605'] as const
const STEPS = ['six-item-bundle', 'land-use', null] as const
const DEPARTMENTS = ['housing-construction', 'natural-resources'] as const
const ITEMS = ['construction-permit', 'planning-permit'] as const
const FIRST_DAY = Date.UTC(2026, 0, 20) / 86_400_000
const dayOf = (n: number) => new Date((FIRST_DAY + n) * 86_400_000).toISOString().slice(0, 10)

type Figures = {
  step: (typeof STEPS)[number]
  department: (typeof DEPARTMENTS)[number]
  item: (typeof ITEMS)[number]
  decidedOn: string | null
  outcome: 'approved' | 'rejected' | 'revoked' | 'closed' | 'withdrawn' | null
  onCommitment: boolean
  rounds: number
  measure: { net: number; gross: number; special: number; overdue: boolean } | null
}
const figures: fc.Arbitrary<Figures> = fc.record({
  step: fc.constantFrom(...STEPS),
  department: fc.constantFrom(...DEPARTMENTS),
  item: fc.constantFrom(...ITEMS),
  // 20 January – 31 March 2026: ranges cut months and cover them whole.
  decidedOn: fc.option(fc.integer({ min: 0, max: 70 }).map(dayOf), { freq: 6 }),
  // `revoked`: a permit revoked since (撤销), decided and measured, neither approved nor rejected.
  outcome: fc.constantFrom('approved', 'approved', 'rejected', 'revoked', 'closed', 'withdrawn', null),
  onCommitment: fc.boolean(),
  rounds: fc.integer({ min: 0, max: 3 }),
  measure: fc.option(
    fc
      .record({ net: fc.integer({ min: 0, max: 25 }), pause: fc.integer({ min: 0, max: 6 }), overdue: fc.boolean() })
      .chain((m) =>
        fc
          .integer({ min: 0, max: m.pause })
          .map((special) => ({ net: m.net, gross: m.net + m.pause, special, overdue: m.overdue })),
      ),
    { freq: 5 },
  ),
})

type Op =
  | { kind: 'write'; task: number; project: number; bump: boolean; figures: Figures }
  | { kind: 'delete'; task: number }
  | { kind: 'project'; project: number; region: (typeof REGIONS)[number] }
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      task: fc.nat(24),
      project: fc.nat(5),
      bump: fc.boolean(),
      figures,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), task: fc.nat(24) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('project' as const),
      project: fc.nat(5),
      region: fc.constantFrom(...REGIONS),
    }),
  },
)

async function apply(pool: pg.Pool, o: Op, versions: Map<number, number>) {
  if (o.kind === 'project') {
    // As the projection's upsert: the project's row inserted, or its region changed.
    await pool.query(
      `INSERT INTO project (id, project_code, name, project_type, region, owner_name, owner_credit_code, investment_fen,
                            registered_at)
       VALUES ($1::uuid, $2, '项目', 'social-simple-low-risk', $3, '业主', '91441500MA51XY201H', 1, now())
       ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region`,
      [id(1, o.project), `2026-441500-47-01-${String(o.project).padStart(6, '0')}`, o.region],
    )
    return
  }
  if (o.kind === 'delete') {
    await pool.query('DELETE FROM task WHERE id = $1::uuid', [id(2, o.task)])
    versions.delete(o.task)
    return
  }
  // A newer version, or a redelivered (same version) or late older one, which the upsert leaves as it is.
  const stored = versions.get(o.task) ?? 0
  const version = o.bump || stored === 0 ? stored + 1 : stored
  if (version > stored) versions.set(o.task, version)
  const f = o.figures
  const decided = f.decidedOn !== null && f.outcome !== null
  const m = decided ? f.measure : null
  await pool.query(
    `INSERT INTO task AS s (id, application_id, project_id, department, item, status, national_code, version, snapshot,
                            updated_at, step, decided_on, outcome, on_commitment, supplement_rounds, workdays_used_net,
                            workdays_used_gross, special_procedure_days, overdue)
     VALUES ($1::uuid, $1::uuid, $2::uuid, $3, $4, 'claimed', 3, $5, '{}', now(), $6, $7::date, $8, $9, $10, $11, $12,
             $13, $14)
     ON CONFLICT (id) DO UPDATE SET project_id = EXCLUDED.project_id, department = EXCLUDED.department,
       item = EXCLUDED.item, version = EXCLUDED.version, step = EXCLUDED.step, decided_on = EXCLUDED.decided_on,
       outcome = EXCLUDED.outcome, on_commitment = EXCLUDED.on_commitment,
       supplement_rounds = EXCLUDED.supplement_rounds, workdays_used_net = EXCLUDED.workdays_used_net,
       workdays_used_gross = EXCLUDED.workdays_used_gross, special_procedure_days = EXCLUDED.special_procedure_days,
       overdue = EXCLUDED.overdue
     WHERE s.version < EXCLUDED.version`,
    [
      id(2, o.task),
      id(1, o.project),
      f.department,
      f.item,
      version,
      f.step,
      decided ? f.decidedOn : null,
      decided ? f.outcome : null,
      decided ? f.onCommitment : null,
      decided ? f.rounds : null,
      m?.net ?? null,
      m?.gross ?? null,
      m?.special ?? null,
      m?.overdue ?? null,
    ],
  )
}

const query: fc.Arbitrary<StatsQuery> = fc
  .record({
    a: fc.integer({ min: -5, max: 75 }),
    b: fc.integer({ min: -5, max: 75 }),
    region: fc.constantFrom(undefined, '4415', '44', '440604', '441521'),
    step: fc.constantFrom(undefined, 'six-item-bundle', 'land-use'),
    department: fc.constantFrom(undefined, ...DEPARTMENTS),
    item: fc.constantFrom(undefined, ...ITEMS),
    groupBy: fc.subarray([...GROUP_KEYS]),
    bucket: fc.constantFrom(undefined, 'quarter' as const, 'month' as const, 'week' as const),
  })
  .map(({ a, b, region, step, department, item, groupBy, bucket }) => ({
    from: dayOf(Math.min(a, b)),
    to: dayOf(Math.max(a, b)),
    ...(region ? { regionPrefix: region } : {}),
    ...(step ? { step } : {}),
    ...(department ? { department } : {}),
    ...(item ? { item } : {}),
    groupBy,
    ...(bucket ? { bucket } : {}),
    limit: 2000,
  }))

const rollupRows = async (pool: pg.Pool) =>
  (await pool.query('SELECT * FROM decided_figures_rollup ORDER BY span, period, region, step, department, item')).rows

const supervisor = { role: 'supervisor' as const }

describe('the supervision roll-up, kept by the read model beside the task rows', () => {
  it('equals its rebuild from the task rows, and gives every figure the per-task statement gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 10, maxLength: 60, size: 'max' }),
        fc.array(query, { minLength: 1, maxLength: 6 }),
        async (ops, queries) => {
          await schema.pool.query('TRUNCATE task, project, decided_figures_rollup')
          const versions = new Map<number, number>()
          for (const o of ops) await apply(schema.pool, o, versions)
          const kept = await rollupRows(schema.pool)
          for (const q of queries) {
            const expected = await supervisionStatsPerTask(readerPool, supervisor, q)
            expect(await supervisionStats(readerPool, supervisor, q)).toEqual(expected)
          }
          await schema.pool.query('SELECT decided_figures_rollup_rebuild()')
          expect(kept).toEqual(await rollupRows(schema.pool))
        },
      ),
      { numRuns: 40 },
    )
  }, 300_000)

  it('gives the same figures over a history large enough that percentiles interpolate between distinct days', async () => {
    await schema.pool.query('TRUNCATE task, project, decided_figures_rollup')
    const versions = new Map<number, number>()
    const history = fc.sample(fc.array(op, { minLength: 400, maxLength: 400 }), { numRuns: 1, seed: 15 })[0] ?? []
    for (const p of [0, 1, 2, 3, 4, 5])
      await apply(
        schema.pool,
        { kind: 'project', project: p, region: REGIONS[p % 4] as (typeof REGIONS)[number] },
        versions,
      )
    for (const o of history) await apply(schema.pool, o, versions)
    const year: StatsQuery = { from: '2026-01-01', to: '2026-03-31', groupBy: ['department'], limit: 2000 }
    const rows = await supervisionStats(readerPool, supervisor, year)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows).toEqual(await supervisionStatsPerTask(readerPool, supervisor, year))
    const series: StatsQuery = { ...year, from: '2026-01-25', to: '2026-03-20', bucket: 'week', groupBy: GROUP_KEYS }
    expect(await supervisionStats(readerPool, supervisor, series)).toEqual(
      await supervisionStatsPerTask(readerPool, supervisor, series),
    )
  })

  it('is read by the callers who read every task, and by no one else', async () => {
    await schema.pool.query('TRUNCATE task, project, decided_figures_rollup')
    const versions = new Map<number, number>()
    await apply(schema.pool, { kind: 'project', project: 1, region: '441502' }, versions)
    const f: Figures = {
      step: 'six-item-bundle',
      department: 'housing-construction',
      item: 'construction-permit',
      decidedOn: '2026-03-04',
      outcome: 'approved',
      onCommitment: false,
      rounds: 1,
      measure: { net: 3, gross: 5, special: 1, overdue: false },
    }
    await apply(schema.pool, { kind: 'write', task: 1, project: 1, bump: true, figures: f }, versions)
    const count = async (caller: Parameters<typeof queryAs>[1]) =>
      (
        await queryAs<{ n: number }>(
          readerPool,
          caller,
          `SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller,
             LATERAL (SELECT count(*)::int AS n FROM decided_figures_rollup WHERE caller.scoped) r`,
          [],
        )
      ).rows[0]?.n
    // Its day and month rows, under its region and under '*' (every region).
    expect(await count(supervisor)).toBe(4)
    expect(await count({ role: 'reviewer', department: 'housing-construction' })).toBe(0)
    expect(await count({ role: 'owner', creditCode: '91441500MA51XY201H' })).toBe(0)
  })
})
