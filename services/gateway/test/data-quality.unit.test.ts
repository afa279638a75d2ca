import { addDays, defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventAtOf } from '../src/db/spgl.js'
import {
  figureRegionOf,
  lastDayToShare,
  PARALLEL_TARGETS,
  parallelFigures,
  SHARED_IN_WORKING_DAYS,
  sharedInWorkingDays,
  timelinessFigure,
} from '../src/domain/data-quality.js'

const calendar = defaultCalendar()

describe('the 并联审批率 targets', () => {
  it('are the seeds’ own: 73 % for Nanning, Wuzhou and Qinzhou, 80 % for the other cities, 85 % for 城中区', () => {
    const target = (region: string) => PARALLEL_TARGETS.find((t) => t.region === region)?.target
    expect([target('450100'), target('450400'), target('450700')]).toEqual([0.73, 0.73, 0.73])
    expect(PARALLEL_TARGETS.filter((t) => t.target === 0.8)).toHaveLength(11)
    expect(target('450202')).toBe(0.85)
    // Each target cites the line that sets it (the seeds are not in the repository: the file and line only).
    for (const t of PARALLEL_TARGETS)
      expect(t.source).toBe(
        t.region === '450202' ? 'seeds/003_94aaff995eb82a62.txt:131' : 'seeds/002_1df199ac40b74a39.txt:140',
      )
    expect(SHARED_IN_WORKING_DAYS.source).toBe('seeds/001_0e3240fd3cfcfd1e.txt:134')
  })

  it('count a district under its city, unless it has a target of its own', () => {
    expect(figureRegionOf('450703')).toBe('450700')
    expect(figureRegionOf('450202')).toBe('450202')
    expect(figureRegionOf('450203')).toBe('450200')
    expect(figureRegionOf('450000')).toBe('450000')
    expect(figureRegionOf('441502')).toBe('441500')
  })
})

describe('parallelFigures', () => {
  it('sums regions into their city, beside the target; no target outside Guangxi', () => {
    expect(
      parallelFigures([
        { region: '450702', decided: 3, parallel: 2 },
        { region: '450703', decided: 1, parallel: 1 },
        { region: '441500', decided: 2, parallel: 0 },
      ]),
    ).toEqual([
      {
        region: '441500',
        name: null,
        decided: 2,
        parallel: 0,
        rate: 0,
        target: null,
        source: null,
        met: null,
      },
      {
        region: '450700',
        name: '钦州市',
        decided: 4,
        parallel: 3,
        rate: 0.75,
        target: 0.73,
        source: 'seeds/002_1df199ac40b74a39.txt:140',
        met: true,
      },
    ])
  })

  it('keeps every task: the groups’ counts add up to the regions’, each rate within [0, 1] and met by its target', () => {
    const region = fc.constantFrom('450100', '450102', '450202', '450203', '450400', '450700', '451400', '441500')
    const count = fc
      .tuple(region, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }))
      .map(([r, a, b]) => ({ region: r, decided: Math.max(a, b), parallel: Math.min(a, b) }))
    fc.assert(
      fc.property(fc.array(count, { maxLength: 20 }), (counts) => {
        const groups = parallelFigures(counts)
        const sum = (xs: Array<{ decided: number; parallel: number }>, k: 'decided' | 'parallel') =>
          xs.reduce((n, x) => n + x[k], 0)
        expect(sum(groups, 'decided')).toBe(sum(counts, 'decided'))
        expect(sum(groups, 'parallel')).toBe(sum(counts, 'parallel'))
        expect(new Set(groups.map((g) => g.region)).size).toBe(groups.length)
        for (const g of groups) {
          if (g.rate !== null) expect(g.rate).toBeGreaterThanOrEqual(0)
          if (g.rate !== null) expect(g.rate).toBeLessThanOrEqual(1)
          expect(g.met).toBe(g.rate === null || g.target === null ? null : g.rate >= g.target)
        }
      }),
    )
  })
})

describe('the seven working days of 001:134', () => {
  it('count from the day after the event, over weekends and the 劳动节 holiday', () => {
    // Monday 2026-03-02: the seventh working day after it is Wednesday 03-11.
    expect(lastDayToShare(calendar, '2026-03-02')).toBe('2026-03-11')
    // Tuesday 2026-04-28: 05-01 to 05-05 rest; the seventh working day is well into May.
    expect(lastDayToShare(calendar, '2026-04-28') > addDays('2026-04-28', 9)).toBe(true)
  })

  it('are in time up to the last day, late after it, open while not shared and inside it', () => {
    const counts = [
      { eventDay: '2026-03-02', sharedDay: '2026-03-02', region: '450700', rows: 3 },
      { eventDay: '2026-03-02', sharedDay: '2026-03-11', region: '450700', rows: 1 },
      { eventDay: '2026-03-02', sharedDay: '2026-03-12', region: '450700', rows: 2 },
      { eventDay: '2026-03-10', sharedDay: null, region: null, rows: 4 },
      { eventDay: '2026-03-02', sharedDay: null, region: null, rows: 5 },
    ]
    expect(sharedInWorkingDays(calendar, counts, '2026-03-12')).toEqual({ inTime: 4, late: 7, open: 4 })
  })

  it('never puts a row in two counts, and a row shared later is never more in time', () => {
    const day = fc.integer({ min: 0, max: 300 }).map((n) => addDays('2026-01-05', n))
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 }), (event, lag, more) => {
        const shared = addDays(event, lag)
        const one = (s: string | null, today: string) =>
          sharedInWorkingDays(calendar, [{ eventDay: event, sharedDay: s, region: '450700', rows: 1 }], today)
        const a = one(shared, shared)
        expect(a.inTime + a.late + a.open).toBe(1)
        if (a.late === 1) expect(one(addDays(shared, more), shared).late).toBe(1)
        // Not shared: open exactly while today is inside the last day.
        const last = lastDayToShare(calendar, event, '450700')
        expect(one(null, shared).open).toBe(shared <= last ? 1 : 0)
      }),
    )
  })
})

describe('timelinessFigure', () => {
  it('shares the known outcomes only: the open rows wait', () => {
    expect(timelinessFigure({ inTime: 24, late: 1, open: 100 })).toEqual({
      inTime: 24,
      late: 1,
      open: 100,
      measured: 25,
      share: 0.96,
    })
    expect(timelinessFigure({ inTime: 0, late: 0, open: 3 }).share).toBeNull()
  })
})

describe('eventAtOf', () => {
  it('takes the outbox’s ce-time, and nothing that is not a real instant of its shape', () => {
    expect(eventAtOf('2026-03-02T01:00:00.000Z')?.toISOString()).toBe('2026-03-02T01:00:00.000Z')
    for (const bad of [undefined, '', '2026-02-30T01:00:00.000Z', '2026-03-02 01:00', 'yesterday'])
      expect(eventAtOf(bad)).toBeNull()
  })
})
