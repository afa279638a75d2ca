import { ProjectRegisteredV1, TaskDecidedV1, TaskRevokedV1 } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { owners, projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// Decided tasks projected through the read model's own path (producer outbox → JetStream → ordered reader), then every
// figure of GET /api/v1/supervision/stats checked against numbers worked out by hand below. Every clock is the
// builder's committed 4 W from Monday 2 March 2026; the working days after it are 3, 4, 5, 6, 9, 10, 11, 12, 13, 16…
// (no holiday in March 2026). percentile_cont interpolates: p90 of n sorted values is v[k] + f·(v[k+1] − v[k]) with
// k + f = 0.9·(n − 1).

let w: GatewayWorld
const shanwei = projectRegistered({ region: '441500' })
const foshan = projectRegistered({ region: '440604', owner: owners.foshan })
const application = uuidv7()

type Over = Parameters<typeof task>[2]
const decided = (
  project: { projectId: string },
  day: string,
  outcome: 'approved' | 'rejected' | 'closed',
  over: Over = {},
) => {
  const t = task(project.projectId, application, over)
  return {
    task: {
      ...t,
      status: outcome,
      nationalCode: outcome === 'rejected' ? 13 : 12,
      version: 2,
      decision: { outcome, decidedAt: `${day}T02:00:00Z` },
      updatedAt: `${day}T02:00:00Z`,
    },
  }
}
const clock = (suspensions: Array<{ kind: 'supplement' | 'expert-review'; from: string; to: string }>) => ({
  clocks: { committed: { limit: { value: 4, unit: 'W' as const }, start: '2026-03-02', suspensions } },
})
const housing = { department: 'housing-construction', item: 'construction-permit', step: 'six-item-bundle' }
const planning = { department: 'natural-resources', item: 'planning-permit', step: 'six-item-bundle' }

// Group A (441500, six-item-bundle, housing-construction, construction-permit): net 2, 4, 4, 6; gross 2, 4, 6, 9.
const a1 = decided(shanwei, '2026-03-04', 'approved', housing)
const a2 = decided(shanwei, '2026-03-06', 'approved', { ...housing, commitment: { verifyBy: '2026-04-30' } })
const a3 = decided(shanwei, '2026-03-10', 'rejected', {
  ...housing,
  supplementRoundsUsed: 1,
  ...clock([{ kind: 'supplement', from: '2026-03-05', to: '2026-03-06' }]),
})
const a4 = decided(shanwei, '2026-03-13', 'approved', {
  ...housing,
  supplementRoundsUsed: 2,
  ...clock([
    { kind: 'supplement', from: '2026-03-03', to: '2026-03-03' },
    { kind: 'expert-review', from: '2026-03-09', to: '2026-03-10' },
  ]),
})
// Group B (441500, natural-resources): one decided on day 5 (overdue: due 6 March) and one whose stored clock cannot
// be counted (a pause that ends before it starts): decided, not measured — the bad row of the answer.
const b1 = decided(shanwei, '2026-03-09', 'approved', planning)
const b2 = decided(shanwei, '2026-03-05', 'approved', {
  ...planning,
  ...clock([{ kind: 'supplement', from: '2026-03-05', to: '2026-03-04' }]),
})
// Group C (a Foshan district, another step): net and gross 3.
const c1 = decided(foshan, '2026-03-05', 'approved', { ...housing, step: 'land-use' })
// Not counted: decided after the range; closed as no longer needed (not a department's decision).
const late = decided(shanwei, '2026-03-20', 'approved', housing)
const closed = decided(shanwei, '2026-03-05', 'closed', housing)
// In April, alone: a step the national catalogue does not have, which 汕尾's and the province's name differently.
const APRIL = 'from=2026-04-01&to=2026-04-30'
const outside = decided(shanwei, '2026-04-01', 'approved', { ...housing, step: 'outside-line-permits' })

// Either side of a year's turn, for the quarterly series (季度): the last days of 2025's fourth quarter, 2026's first.
const started = (start: string) => ({
  clocks: { committed: { limit: { value: 4, unit: 'W' as const }, start, suspensions: [] } },
  dueOn: start,
})
const december = decided(shanwei, '2025-12-31', 'approved', { ...housing, ...started('2025-12-29') })
const january = decided(shanwei, '2026-01-07', 'rejected', { ...housing, ...started('2026-01-05') })

const RANGE = 'from=2026-03-02&to=2026-03-16'
const supervisor = () => w.token({ role: 'supervisor' })
const get = (query: string, token = supervisor(), accept?: string) =>
  w.app.inject({
    method: 'GET',
    url: `/api/v1/supervision/stats${query}`,
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
  })

// Each key's name, as the CSV names it: with no region asked for, the national catalogue's general names (a step only
// the cities have, the first city's); a code no catalogue names (land-use, planning-permit) is its own name.
const SIX_ITEM_BUNDLE = '人防、规划、施工许可、节能审查、供水供电报装一并申请'
const groupA = {
  step: 'six-item-bundle',
  stepName: SIX_ITEM_BUNDLE,
  department: 'housing-construction',
  departmentName: '住房城乡建设部门',
  item: 'construction-permit',
  itemName: '建筑工程施工许可证核发',
  decided: 4,
  measured: 4,
  medianNet: 4,
  p90Net: 5.4, // 4 + 0.7 × (6 − 4)
  medianGross: 5, // (4 + 6) / 2
  p90Gross: 8.1, // 6 + 0.7 × (9 − 6)
  overdueRate: 0.25, // a4: due 11 March (3 March paused), decided the 13th
  supplementRoundsPerTask: 0.75, // (0 + 0 + 1 + 2) / 4
  specialProcedureShare: 0.0952, // 2 days of expert review / 21 gross
  approvedShare: 0.75,
  rejectedShare: 0.25,
  revokedShare: 0,
  commitmentShare: 0.25,
}
const groupB = {
  step: 'six-item-bundle',
  stepName: SIX_ITEM_BUNDLE,
  department: 'natural-resources',
  departmentName: '自然资源部门',
  item: 'planning-permit',
  itemName: 'planning-permit',
  decided: 2,
  measured: 1,
  medianNet: 5,
  p90Net: 5,
  medianGross: 5,
  p90Gross: 5,
  overdueRate: 1,
  supplementRoundsPerTask: 0,
  specialProcedureShare: 0,
  approvedShare: 1,
  rejectedShare: 0,
  revokedShare: 0,
  commitmentShare: 0,
}
const groupC = {
  step: 'land-use',
  stepName: 'land-use',
  department: 'housing-construction',
  departmentName: '住房城乡建设部门',
  item: 'construction-permit',
  itemName: '建筑工程施工许可证核发',
  decided: 1,
  measured: 1,
  medianNet: 3,
  p90Net: 3,
  medianGross: 3,
  p90Gross: 3,
  overdueRate: 0,
  supplementRoundsPerTask: 0,
  specialProcedureShare: 0,
  approvedShare: 1,
  rejectedShare: 0,
  revokedShare: 0,
  commitmentShare: 0,
}

beforeAll(async () => {
  w = await gatewayWorld()
  await w.publish(ProjectRegisteredV1, shanwei, foshan)
  await w.publish(TaskDecidedV1, a1, a2, a3, a4, b1, b2, c1, late, closed, outside, december, january)
  // Every event applied: the late one is counted once the range takes it in.
  await vi.waitFor(
    async () => {
      const decided = (await get('?from=2026-03-01&to=2026-03-31&groupBy=none')).json().groups[0]?.decided
      if (decided !== 8) throw new Error(`${decided} of 8 decisions applied`)
    },
    { timeout: 30_000, interval: 50 },
  )
  await vi.waitFor(
    async () => {
      if ((await get(`?${APRIL}&groupBy=none`)).json().groups[0]?.decided !== 1) throw new Error('April not applied')
    },
    { timeout: 30_000, interval: 50 },
  )
  await vi.waitFor(
    async () => {
      const turn = (await get('?from=2025-12-01&to=2026-01-31&groupBy=none')).json().groups[0]?.decided
      if (turn !== 2) throw new Error(`${turn} of 2 decisions at the year's turn applied`)
    },
    { timeout: 30_000, interval: 50 },
  )
}, 60_000)
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('GET /api/v1/supervision/stats', () => {
  it('computes every figure per step, department and item', async () => {
    const res = await get(`?${RANGE}`)
    expect(res.statusCode, res.body).toBe(200)
    // Ordered by step, department, item.
    expect(res.json()).toEqual({
      from: '2026-03-02',
      to: '2026-03-16',
      groupBy: ['step', 'department', 'item'],
      groups: [groupC, groupA, groupB],
      truncated: false,
    })
  })

  it('filters by region (a city takes in its districts), step, department and item', async () => {
    const city = (await get(`?${RANGE}&region=441500`)).json()
    // A city's answer names the keys as its own catalogue does.
    expect(city.groups).toEqual([
      { ...groupA, departmentName: '汕尾市住房城乡建设局' },
      { ...groupB, departmentName: '汕尾市自然资源局' },
    ])
    const province = (await get(`?${RANGE}&region=440000`)).json()
    expect(province.groups).toHaveLength(3)
    expect((await get(`?${RANGE}&region=440600`)).json().groups).toEqual([
      { ...groupC, departmentName: '佛山市住房城乡建设局' },
    ])
    expect((await get(`?${RANGE}&step=land-use`)).json().groups).toEqual([groupC])
    expect((await get(`?${RANGE}&department=natural-resources`)).json().groups).toEqual([groupB])
    expect((await get(`?${RANGE}&item=planning-permit&groupBy=none`)).json().groups).toEqual([
      { decided: 2, ...strip(groupB) },
    ])
    expect((await get(`?${RANGE}&department=nobody`)).json().groups).toEqual([])
  })

  it('groups by department alone: housing-construction merges groups A and C', async () => {
    const res = (await get(`?${RANGE}&groupBy=department`)).json()
    expect(res.groupBy).toEqual(['department'])
    expect(res.groups[0]).toEqual({
      department: 'housing-construction',
      departmentName: '住房城乡建设部门',
      decided: 5,
      measured: 5,
      medianNet: 4, // 2, 3, 4, 4, 6
      p90Net: 5.2, // 4 + 0.6 × (6 − 4)
      medianGross: 4, // 2, 3, 4, 6, 9
      p90Gross: 7.8, // 6 + 0.6 × (9 − 6)
      overdueRate: 0.2,
      supplementRoundsPerTask: 0.6,
      specialProcedureShare: 0.0833, // 2 / 24
      approvedShare: 0.8,
      rejectedShare: 0.2,
      revokedShare: 0,
      commitmentShare: 0.2,
    })
  })

  it('answers CSV for Accept: text/csv, with a BOM, a Chinese header row, codes and names, one CRLF row per group', async () => {
    const res = await get(`?${RANGE}&region=441500&groupBy=department`, supervisor(), 'text/csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="supervision-stats-2026-03-02-2026-03-16.csv"',
    )
    expect(res.rawPayload).toEqual(
      Buffer.from(
        '\uFEFF部门代码,部门名称,办结件数,可计时件数,用时中位数（工作日）,用时 90% 分位（工作日）,' +
          '含中止用时中位数（工作日）,含中止用时 90% 分位（工作日）,超期率,每件补正轮次,特别程序用时占比,' +
          '准予许可或予以备案占比,不予许可或不予备案占比,撤销占比,告知承诺占比\r\n' +
          // A file of 汕尾 (441500) names the departments as 汕尾's catalogue does.
          'housing-construction,汕尾市住房城乡建设局,4,4,4,5.4,5,8.1,0.25,0.75,0.0952,0.75,0.25,0,0.25\r\n' +
          'natural-resources,汕尾市自然资源局,2,1,5,5,5,5,1,0,0,1,0,0,0\r\n',
        'utf8',
      ),
    )
    // JSON stays the default, and wins when ranked higher.
    expect((await get(`?${RANGE}`, supervisor(), 'text/csv;q=0.1, application/json')).headers['content-type']).toMatch(
      /^application\/json/,
    )
  })

  it.each([
    ['every region', '', '外线工程并联审批（容缺受理）', '住房城乡建设部门'],
    ['汕尾', '&region=441500', '外线工程审批（容缺受理、并联办理）', '汕尾市住房城乡建设局'],
  ])(
    'names a step outside the national catalogue in the JSON as its CSV does, for %s',
    async (_, region, stepName, departmentName) => {
      const query = `?${APRIL}&groupBy=step,department${region}`
      const json = await get(query)
      expect(json.statusCode, json.body).toBe(200)
      expect(json.json().groups).toEqual([
        expect.objectContaining({ step: 'outside-line-permits', stepName, departmentName, decided: 1 }),
      ])
      const csv = (await get(query, supervisor(), 'text/csv')).body.split('\r\n')
      expect(csv[0]).toMatch(/^\uFEFF环节代码,环节名称,部门代码,部门名称,/)
      expect(csv[1]?.split(',').slice(0, 4)).toEqual([
        'outside-line-permits',
        stepName,
        'housing-construction',
        departmentName,
      ])
    },
  )

  it('gives a series per ISO week or month', async () => {
    const weeks = await w.app.inject({
      method: 'GET',
      url: `/api/v1/supervision/stats/series?${RANGE}&region=441500&bucket=week`,
      headers: { authorization: `Bearer ${supervisor()}` },
    })
    expect(weeks.statusCode, weeks.body).toBe(200)
    expect(weeks.json()).toMatchObject({ groupBy: [], bucket: 'week', truncated: false })
    expect(weeks.json().groups).toEqual([
      {
        period: '2026-03-02', // a1, a2, b2 (unmeasured)
        decided: 3,
        measured: 2,
        medianNet: 3,
        p90Net: 3.8,
        medianGross: 3,
        p90Gross: 3.8,
        overdueRate: 0,
        supplementRoundsPerTask: 0,
        specialProcedureShare: 0,
        approvedShare: 1,
        rejectedShare: 0,
        revokedShare: 0,
        commitmentShare: 0.3333,
      },
      {
        period: '2026-03-09', // b1 (5), a3 (4), a4 (6)
        decided: 3,
        measured: 3,
        medianNet: 5,
        p90Net: 5.8,
        medianGross: 6, // 5, 6, 9
        p90Gross: 8.4,
        overdueRate: 0.6667,
        supplementRoundsPerTask: 1,
        specialProcedureShare: 0.1,
        approvedShare: 0.6667,
        rejectedShare: 0.3333,
        revokedShare: 0,
        commitmentShare: 0,
      },
    ])
    const months = await w.app.inject({
      method: 'GET',
      url: `/api/v1/supervision/stats/series?${RANGE}&bucket=month&groupBy=department`,
      headers: { authorization: `Bearer ${supervisor()}`, accept: 'text/csv' },
    })
    const lines = months.body.split('\r\n')
    expect(lines[0]).toMatch(/^\uFEFF统计周期起始日,部门代码,部门名称,办结件数,/)
    // Every region together: the national catalogue's general names, as the dashboard shows them.
    expect(lines.slice(1, 3).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '2026-03-01,housing-construction,住房城乡建设部门,5',
      '2026-03-01,natural-resources,自然资源部门,2',
    ])
  })

  it('gives a series per calendar quarter across a year’s turn', async () => {
    // From mid-November (day rows) through whole December to February (month rows) and into March (day rows again).
    const quarters = await w.app.inject({
      method: 'GET',
      url: '/api/v1/supervision/stats/series?from=2025-11-15&to=2026-03-16&bucket=quarter',
      headers: { authorization: `Bearer ${supervisor()}` },
    })
    expect(quarters.statusCode, quarters.body).toBe(200)
    expect(quarters.json()).toMatchObject({ groupBy: [], bucket: 'quarter', truncated: false })
    expect(quarters.json().groups).toEqual([
      // December's alone: the fourth quarter of 2025 begins on 1 October.
      expect.objectContaining({ period: '2025-10-01', decided: 1, approvedShare: 1, rejectedShare: 0 }),
      // January's (rejected) with the seven of 2–16 March (a1–a4, b1, b2, c1); April's and the late one are outside.
      expect.objectContaining({ period: '2026-01-01', decided: 8, rejectedShare: 0.25 }),
    ])
    const csv = await w.app.inject({
      method: 'GET',
      url: '/api/v1/supervision/stats/series?from=2025-11-15&to=2026-03-16&bucket=quarter&groupBy=department',
      headers: { authorization: `Bearer ${supervisor()}`, accept: 'text/csv' },
    })
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="supervision-stats-2025-11-15-2026-03-16-quarter.csv"',
    )
    expect(
      csv.body
        .split('\r\n')
        .slice(1, 4)
        .map((l) => l.split(',').slice(0, 4).join(',')),
    ).toEqual([
      '2025-10-01,housing-construction,住房城乡建设部门,1',
      '2026-01-01,housing-construction,住房城乡建设部门,6',
      '2026-01-01,natural-resources,自然资源部门,2',
    ])
  })

  it('is the supervisor’s alone', async () => {
    for (const token of [
      w.token({ role: 'reviewer', department: 'housing-construction' }),
      w.token({ role: 'admin' }),
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
    ]) {
      const res = await get(`?${RANGE}`, token)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 'GATEWAY_FORBIDDEN' })
    }
  })

  it.each([
    ['?from=2026-02-30&to=2026-03-16', 'VALIDATION_FAILED', '/querystring/from'],
    ['?from=2026-03-02&to=2026-13-01', 'VALIDATION_FAILED', '/querystring/to'],
    ['?to=2026-03-16', 'VALIDATION_FAILED', '/querystring/from'],
    ['?from=2026-03-17&to=2026-03-16', 'GATEWAY_STATS_RANGE_INVALID', '/querystring/to'],
    ['?from=2023-01-01&to=2026-03-16', 'GATEWAY_STATS_RANGE_INVALID', '/querystring/to'],
    [`?${RANGE}&region=4415`, 'VALIDATION_FAILED', '/querystring/region'],
    [`?${RANGE}&groupBy=step,owner`, 'VALIDATION_FAILED', '/querystring/groupBy'],
    [`?${RANGE}&department=${'x'.repeat(101)}`, 'VALIDATION_FAILED', '/querystring/department'],
    [`?${RANGE}&sort=decided`, 'VALIDATION_FAILED', '/querystring/sort'],
  ])('refuses %s with problem+json naming the field', async (query, code, field) => {
    const res = await get(query)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = res.json()
    expect(body.code).toBe(code)
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field)
  })

  it('keeps answering when a stored row is wrong: a decided row whose figures were lost counts as unmeasured', async () => {
    // A repair by hand, or a row decided before the figures were kept (migration 20261203010000 backfills the day and
    // outcome, not the working days): the route counts it, the percentiles leave it out.
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".task SET workdays_used_net = NULL, workdays_used_gross = NULL,
              special_procedure_days = NULL, overdue = NULL WHERE id = $1`,
      [c1.task.taskId],
    )
    const res = await get(`?${RANGE}&step=land-use`)
    expect(res.statusCode).toBe(200)
    expect(res.json().groups).toEqual([
      {
        ...groupC,
        measured: 0,
        medianNet: null,
        p90Net: null,
        medianGross: null,
        p90Gross: null,
        overdueRate: null,
        specialProcedureShare: null,
      },
    ])
    const stored = await w.db.pool.query(`SELECT unmeasured FROM "${w.db.schema}".task WHERE id = $1`, [b2.task.taskId])
    expect(stored.rows[0].unmeasured).toMatch(/^WORKDAYS_CLOCK_INVALID: /)
  })

  it('reads the decided range through the index', async () => {
    // One simple-protocol message is one transaction, so SET LOCAL holds for the EXPLAIN; a handful of rows would
    // otherwise be read by a sequential scan, whatever the indexes.
    const plan = await w.db.pool.query(
      `SET LOCAL enable_seqscan = off; EXPLAIN SELECT count(*) FROM "${w.db.schema}".task
        WHERE decided_on BETWEEN '2026-03-02' AND '2026-03-16' AND outcome IN ('approved', 'rejected')`,
    )
    expect(JSON.stringify(plan)).toMatch(/task_decided_on_stats_idx/)
  })
})

// 撤销 (15; 004:1860 依法撤销许可 on a 告知承诺 breach or a 容缺 finding comes as the same event): the permit granted on 6
// May is revoked on 20 May. Applied after the decision, in stream order, it moves the task out of the grants of its day:
// no longer approved, nor rejected, but revoked — still decided on 6 May in its working days (docs/api.md, supervision
// figures), as a joint acceptance whose pass was revoked (supervision-stage-figures.int.test.ts).
describe('a permit revoked since', () => {
  const MAY = 'from=2026-05-01&to=2026-05-31'
  const granted = decided(shanwei, '2026-05-06', 'approved', {
    ...housing,
    commitment: { verifyBy: '2026-06-30' },
    ...started('2026-04-29'),
  })
  const kept = decided(shanwei, '2026-05-07', 'approved', { ...housing, ...started('2026-04-29') })
  const revoked = {
    task: {
      ...granted.task,
      status: 'revoked' as const,
      nationalCode: 15,
      version: 3,
      revocation: {
        reason: '告知承诺事项经核查与承诺不符',
        legalBasis: '《中华人民共和国行政许可法》第六十九条',
        revokedAt: '2026-05-20T02:00:00Z',
        revokedOn: '2026-05-20',
        revokedBy: 'r-housing',
      },
      updatedAt: '2026-05-20T02:00:00Z',
    },
  }
  const may = async () => (await get(`?${MAY}&groupBy=none`)).json().groups

  it('counts as decided and measured on its decision day, neither approved nor rejected: revoked', async () => {
    await w.publish(TaskDecidedV1, granted, kept)
    await vi.waitFor(
      async () => {
        if ((await may())[0]?.decided !== 2) throw new Error('May’s decisions not applied')
      },
      { timeout: 30_000, interval: 50 },
    )
    expect(await may()).toEqual([expect.objectContaining({ approvedShare: 1, rejectedShare: 0, revokedShare: 0 })])
    await w.publish(TaskRevokedV1, revoked)
    await vi.waitFor(
      async () => {
        const [group] = await may()
        if (group?.revokedShare !== 0.5) throw new Error(`revokedShare still ${group?.revokedShare}`)
      },
      { timeout: 30_000, interval: 50 },
    )
    // 29 April to 6 May: 30 April, then 6 May after the 劳动节 holiday (1–5 May); 29 April to 7 May one more.
    expect(await may()).toEqual([
      {
        decided: 2,
        measured: 2,
        medianNet: 2.5,
        p90Net: 2.9,
        medianGross: 2.5,
        p90Gross: 2.9,
        overdueRate: 0,
        supplementRoundsPerTask: 0,
        specialProcedureShare: 0,
        approvedShare: 0.5,
        rejectedShare: 0,
        revokedShare: 0.5,
        commitmentShare: 0.5,
      },
    ])
    // Its day keeps it, as decided: 6 May alone. It was approved on commitment, and still counts so, once: the share
    // says how the decision was made (docs/api.md), not whether the permit stands — that is revokedShare.
    expect((await get('?from=2026-05-06&to=2026-05-06&groupBy=none')).json().groups).toEqual([
      expect.objectContaining({
        decided: 1,
        measured: 1,
        approvedShare: 0,
        rejectedShare: 0,
        revokedShare: 1,
        commitmentShare: 1,
      }),
    ])
    const { rows } = await w.db.pool.query(`SELECT outcome FROM "${w.db.schema}".task WHERE id = $1`, [
      granted.task.taskId,
    ])
    expect(rows).toEqual([{ outcome: 'revoked' }])
    // The CSV's column, beside the decided shares.
    const csv = (await get(`?${MAY}&groupBy=none`, supervisor(), 'text/csv')).body.split('\r\n')
    const header = csv[0]?.split(',') ?? []
    expect(csv[1]?.split(',')[header.indexOf('撤销占比')]).toBe('0.5')
  })

  it('leaves the roll-up as its rebuild computes it', async () => {
    const rows = async () =>
      (
        await w.db.pool.query(
          `SELECT stage, span, period::text, region, step, department, item, decided, approved, rejected,
                  on_commitment, net_histogram
             FROM "${w.db.schema}".decided_figures_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
      ).rows
    const applied = await rows()
    expect(applied).toContainEqual(
      expect.objectContaining({ span: 'day', period: '2026-05-06', region: '441500', decided: 1, approved: 0 }),
    )
    await w.db.pool.query(`SELECT "${w.db.schema}".decided_figures_rollup_rebuild()`)
    expect(await rows()).toEqual(applied)
  })
})

/** A group's figures without its keys. */
function strip(g: Record<string, unknown>) {
  const {
    step: _s,
    stepName: _sn,
    department: _d,
    departmentName: _dn,
    item: _i,
    itemName: _in,
    decided: _n,
    ...figures
  } = g
  return figures
}
