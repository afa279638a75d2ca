import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import type { StatsRow } from '../src/db/stats.js'
import { decisionFigures } from '../src/domain/decision-figures.js'
import {
  catalogueNames,
  groupKeysOf,
  type KeyNames,
  MAX_STATS_DAYS,
  prefersCsv,
  rangeProblem,
  regionPrefix,
  statsCsv,
  statsGroup,
  withProviderNames,
} from '../src/http/stats-format.js'
import { task } from './events.js'

const calendar = defaultCalendar()
// The builder's task: committed 4 W and statutory 20 W from Monday 2026-03-02 (March 2026 has no holiday).
const decided = (decidedAt: string, over: Parameters<typeof task>[2] = {}) => {
  const t = task('01890000-0000-7000-8000-000000000001', '01890000-0000-7000-8000-000000000002', over)
  return { ...t, status: 'approved' as const, decision: { outcome: 'approved' as const, decidedAt } }
}
const committed = (suspensions: Array<{ kind: 'supplement' | 'expert-review'; from: string; to?: string }>) => ({
  clocks: { committed: { limit: { value: 4, unit: 'W' as const }, start: '2026-03-02', suspensions } },
})

describe('decisionFigures: what a decided task used, counted once when its decision is projected', () => {
  it('is undefined for a task not decided', () => {
    expect(decisionFigures(task('a', 'b'), calendar)).toBeUndefined()
  })

  it.each([
    // given the decision day (Shanghai) and the pauses → net, gross, special-procedure days, overdue
    ['on day 2, no pause', '2026-03-04T02:00:00Z', [], { net: 2, gross: 2, specialProcedureDays: 0, overdue: false }],
    // 23:30 UTC on 3 March is 07:30 on 4 March in Shanghai: the legal day is the 4th.
    [
      'late UTC evening is the next legal day',
      '2026-03-03T23:30:00Z',
      [],
      { net: 2, gross: 2, specialProcedureDays: 0, overdue: false },
    ],
    [
      '补正 on 5–6 March, decided on its moved due day (10 March)',
      '2026-03-10T02:00:00Z',
      [{ kind: 'supplement', from: '2026-03-05', to: '2026-03-06' }],
      { net: 4, gross: 6, specialProcedureDays: 0, overdue: false },
    ],
    [
      '补正 on 3 March and expert review on 9–10 March, decided 13 March after its due day (11 March)',
      '2026-03-13T02:00:00Z',
      [
        { kind: 'supplement', from: '2026-03-03', to: '2026-03-03' },
        { kind: 'expert-review', from: '2026-03-09', to: '2026-03-10' },
      ],
      { net: 6, gross: 9, specialProcedureDays: 2, overdue: true },
    ],
    [
      'an expert review still open on the decision day counts to that day',
      '2026-03-05T02:00:00Z',
      [{ kind: 'expert-review', from: '2026-03-04' }],
      { net: 1, gross: 3, specialProcedureDays: 2, overdue: false },
    ],
  ] as const)('%s', (_, decidedAt, suspensions, measure) => {
    const f = decisionFigures(decided(decidedAt, committed([...suspensions])), calendar)
    expect(f?.measure).toEqual(measure)
    expect(f?.unmeasured).toBeUndefined()
  })

  it('measures the statutory clock when there is no committed one, in working days even for a limit in natural days', () => {
    const t = decided('2026-03-10T02:00:00Z', {
      clocks: { statutory: { limit: { value: 5, unit: 'N' }, start: '2026-03-02', suspensions: [] } },
    })
    // 5 N falls on Saturday 7 March and rolls to Monday 9 March: the 10th is overdue in its own unit; 6 working days
    // (3–6, 9 and 10 March) in the figures.
    expect(decisionFigures(t, calendar)?.measure).toEqual({ net: 6, gross: 6, specialProcedureDays: 0, overdue: true })
  })

  it('keeps the day, outcome, commitment and 补正 rounds, and says why when the clock cannot be counted', () => {
    const t = {
      ...decided('2026-03-05T02:00:00Z', committed([{ kind: 'supplement', from: '2026-03-05', to: '2026-03-04' }])),
      supplementRoundsUsed: 1,
      commitment: { verifyBy: '2026-04-01' },
    }
    const f = decisionFigures(t, calendar)
    expect(f).toMatchObject({ decidedOn: '2026-03-05', outcome: 'approved', onCommitment: true, supplementRounds: 1 })
    expect(f?.measure).toBeUndefined()
    expect(f?.unmeasured).toMatch(/^WORKDAYS_CLOCK_INVALID: .*ends \(2026-03-04\) before it starts/)
    expect(decisionFigures({ ...t, clocks: {} }, calendar)?.unmeasured).toBe('the task has no clock')
  })

  it('counts a task whose permit was revoked since (撤销, 15) as revoked, on its decision day, measured as before', () => {
    const t = decided('2026-03-04T02:00:00Z', committed([]))
    const granted = decisionFigures(t, calendar)
    expect(granted?.outcome).toBe('approved')
    const revoked = decisionFigures(
      {
        ...t,
        status: 'revoked',
        nationalCode: 15,
        revocation: {
          reason: '告知承诺事项经核查与承诺不符',
          legalBasis: '《中华人民共和国行政许可法》第六十九条',
          revokedAt: '2026-03-20T02:00:00Z',
          revokedOn: '2026-03-20',
        },
      },
      calendar,
    )
    expect(revoked).toEqual({ ...granted, outcome: 'revoked' })
  })
})

describe('the stats route’s helpers', () => {
  it.each([
    ['2026-03-01', '2026-03-01', undefined],
    ['2026-03-02', '2026-03-01', 'is before from (2026-03-02)'],
    ['2024-01-01', '2026-12-31', undefined], // 1,096 days, a leap day among them
    ['2024-01-01', '2027-01-01', `is 1097 days from from (2024-01-01), both included; at most ${MAX_STATS_DAYS}`],
  ])('range %s..%s', (from, to, problem) => {
    expect(rangeProblem(from, to)).toBe(problem)
  })

  it('reads groupBy as distinct keys in their fixed order', () => {
    expect(groupKeysOf('none')).toEqual([])
    expect(groupKeysOf('item,step,item')).toEqual(['step', 'item'])
  })

  it('widens a province or city to the regions under it', () => {
    expect([regionPrefix('440000'), regionPrefix('441500'), regionPrefix('441502'), regionPrefix('000000')]).toEqual([
      '44',
      '4415',
      '441502',
      '000000',
    ])
  })

  it.each([
    [undefined, false],
    ['application/json', false],
    ['text/csv', true],
    ['*/*', false],
    ['text/csv;q=0.5, application/json', false],
    ['application/json;q=0.5, text/csv', true],
    ['text/csv, application/json', true],
    ['text/html, text/csv;q=0.9', true],
    ['text/csv;q=0', false],
  ])('Accept %s → CSV %s', (accept, csv) => {
    expect(prefersCsv(accept)).toBe(csv)
  })

  const row = (over: Partial<StatsRow>): StatsRow => ({
    period: null,
    step: null,
    department: null,
    item: null,
    decided: 2,
    measured: 1,
    medianNet: 5,
    p90Net: 5.4,
    medianGross: null,
    p90Gross: null,
    overdueRate: 0.5,
    supplementRoundsPerTask: 0,
    specialProcedureShare: null,
    approvedShare: 1,
    rejectedShare: 0,
    revokedShare: 0,
    commitmentShare: 0,
    ...over,
  })

  const names: KeyNames = {
    step: new Map([['six-item-bundle', '人防、规划、施工许可、节能审查、供水供电报装一并申请']]),
    department: new Map([
      ['housing-construction', '住房城乡建设部门'],
      ['hostile', '=HYPERLINK("x")'],
      ['comma', '水务局,北区'],
    ]),
    item: new Map(),
  }
  const FIGURES_HEADER =
    '办结件数,可计时件数,用时中位数（工作日）,用时 90% 分位（工作日）,含中止用时中位数（工作日）,' +
    '含中止用时 90% 分位（工作日）,超期率,每件补正轮次,特别程序用时占比,准予许可或予以备案占比,' +
    '不予许可或不予备案占比,撤销占比,告知承诺占比'

  it('writes RFC 4180 CSV with a BOM, a Chinese header, CRLF rows, quoted fields and no formula a spreadsheet would run', () => {
    const csv = statsCsv(
      [
        row({ department: 'water,"north"' }),
        row({ department: '=HYPERLINK("x")' }),
        row({ department: 'housing-construction' }),
        row({ department: 'hostile' }),
        row({ department: 'comma' }),
      ],
      ['department'],
      false,
      names,
    )
    expect(csv).toBe(
      `\uFEFF部门代码,部门名称,${FIGURES_HEADER}\r\n` +
        // A code no catalogue names is its own name, guarded and quoted as any text.
        '"water,""north""","water,""north""",2,1,5,5.4,,,0.5,0,,1,0,0,0\r\n' +
        '"\'=HYPERLINK(""x"")","\'=HYPERLINK(""x"")",2,1,5,5.4,,,0.5,0,,1,0,0,0\r\n' +
        'housing-construction,住房城乡建设部门,2,1,5,5.4,,,0.5,0,,1,0,0,0\r\n' +
        // A name is text too: a catalogue's name is guarded like a code.
        'hostile,"\'=HYPERLINK(""x"")",2,1,5,5.4,,,0.5,0,,1,0,0,0\r\n' +
        'comma,"水务局,北区",2,1,5,5.4,,,0.5,0,,1,0,0,0\r\n',
    )
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  })

  it('puts the period first in a series, each key as its code and its name, and only the keys grouped by', () => {
    const lines = statsCsv(
      [row({ period: '2026-03-02', step: 'six-item-bundle', item: 'unknown-item' }), row({ period: '2026-03-09' })],
      ['step', 'item'],
      true,
      names,
    ).split('\r\n')
    expect(lines[0]).toBe(`\uFEFF统计周期起始日,环节代码,环节名称,事项代码,事项名称,${FIGURES_HEADER}`)
    expect(lines[1]).toBe(
      '2026-03-02,six-item-bundle,人防、规划、施工许可、节能审查、供水供电报装一并申请,unknown-item,unknown-item,' +
        '2,1,5,5.4,,,0.5,0,,1,0,0,0',
    )
    // Tasks of no step, as the dashboard names them.
    expect(lines[2]).toBe('2026-03-09,,未分环节,,,2,1,5,5.4,,,0.5,0,,1,0,0,0')
    expect(statsCsv([row({ period: '2026-03-02' })], [], true, names).split('\r\n')[1]).toBe(
      '2026-03-02,2,1,5,5.4,,,0.5,0,,1,0,0,0',
    )
    const g = statsGroup(row({ step: 's', department: 'd', item: 'i' }), ['step'], false, names)
    expect(g).toMatchObject({ step: 's', stepName: 's', decided: 2 })
    expect(g).not.toHaveProperty('department')
    expect(g).not.toHaveProperty('departmentName')
    expect(g).not.toHaveProperty('period')
  })

  it('names each key of a JSON group as its CSV row does: the catalogues’ name, the code, or 未分环节', () => {
    const g = statsGroup(
      row({ period: '2026-03-02', step: 'six-item-bundle', department: 'comma', item: 'unknown-item' }),
      ['step', 'department', 'item'],
      true,
      names,
    )
    expect(g).toMatchObject({
      period: '2026-03-02',
      step: 'six-item-bundle',
      stepName: '人防、规划、施工许可、节能审查、供水供电报装一并申请',
      department: 'comma',
      departmentName: '水务局,北区',
      item: 'unknown-item',
      itemName: 'unknown-item',
    })
    expect(statsGroup(row({}), ['step'], false, names)).toMatchObject({ step: null, stepName: '未分环节' })
  })

  // outside-line-permits is no step of the national catalogue: each region that has it names it its own way, and a
  // table kept apart from the CSV's (the console's own, before) named it otherwise again.
  it.each([
    [undefined, '外线工程并联审批（容缺受理）'],
    ['441500', '外线工程审批（容缺受理、并联办理）'],
    ['450700', '一表申请、并联审批、同步办理'],
  ])('names a step outside the national catalogue alike in the JSON and the CSV of region %s', (region, name) => {
    const regionNames = catalogueNames(region)
    const r = row({ step: 'outside-line-permits', department: 'power-supply' })
    const json = statsGroup(r, ['step', 'department'], false, regionNames)
    const [, csvRow] = statsCsv([r], ['step', 'department'], false, regionNames).split('\r\n')
    const [, stepName, , departmentName] = csvRow?.split(',') ?? []
    expect(json.stepName).toBe(name)
    expect([json.stepName, json.departmentName]).toEqual([stepName, departmentName])
    expect(json.departmentName).toBe(regionNames.department.get('power-supply'))
  })

  it('names a utility connection’s provider, which no catalogue names, alike in the JSON and the CSV', () => {
    const names = withProviderNames(catalogueNames('441500'))
    const r = row({ step: null, department: 'water' })
    expect(statsGroup(r, ['department'], false, names).departmentName).toBe('供水单位')
    expect(statsCsv([r], ['department'], false, names).split('\r\n')[1]?.split(',').slice(0, 2)).toEqual([
      'water',
      '供水单位',
    ])
    // The catalogue's own departments keep their names.
    expect(names.department.get('housing-construction')).toBe('汕尾市住房城乡建设局')
    // The catalogue's `water` is the water bureau (水务局), a department; the provider is not it.
    expect(catalogueNames('441500').department.get('water')).not.toBe('供水单位')
  })

  it('names codes from the bundled catalogues: a region’s own names first, else the national, general ones', () => {
    const national = catalogueNames()
    expect(national.department.get('housing-construction')).toBe('住房城乡建设部门')
    expect(national.step.get('construction-permit')).toBe('施工许可')
    // A step only a city's catalogue has is still named.
    expect(national.step.get('six-item-bundle')).toBe('人防、规划、施工许可、节能审查、供水供电报装一并申请')
    expect(catalogueNames('441500').department.get('housing-construction')).toBe('汕尾市住房城乡建设局')
    // A county takes its city's catalogue; a region with none of its own, the national.
    expect(catalogueNames('441502').department.get('housing-construction')).toBe('汕尾市住房城乡建设局')
    expect(catalogueNames('110000').department.get('housing-construction')).toBe('住房城乡建设部门')
    expect(national.item.size).toBeGreaterThan(0)
  })
})
