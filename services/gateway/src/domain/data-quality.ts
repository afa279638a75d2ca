import { type Calendar, dueDate, type LegalDate } from '@onewindow/workdays'

// 数据质量 — the quality of the approval system's data as the Guangxi plans measure it (docs/spgl.md, "Data-quality
// figures"): the share of items handled in parallel, and how soon the data reached the data-sharing tables.

/** Where a target is written: a seed file's line. */
export type SeedLine = `seeds/${string}.txt:${number}`

const GUANGXI_PLAN: SeedLine = 'seeds/002_1df199ac40b74a39.txt:140'
const CHENGZHONG_PLAN: SeedLine = 'seeds/003_94aaff995eb82a62.txt:131'
const QINZHOU_PLAN: SeedLine = 'seeds/001_0e3240fd3cfcfd1e.txt:134'

/**
 * The cities of Guangxi (GB/T 2260), each with its 并联审批率 target: 鼓励南宁、梧州、钦州市并联审批率达到73%，其他市
 * 并联审批率达到80% (002:140); and 柳州市城中区, whose own plan says 并联审批率达到85% (003:131) — a district with a
 * target of its own is measured on its own, not inside its city.
 */
export const PARALLEL_TARGETS: ReadonlyArray<{ region: string; name: string; target: number; source: SeedLine }> = [
  { region: '450100', name: '南宁市', target: 0.73, source: GUANGXI_PLAN },
  { region: '450200', name: '柳州市', target: 0.8, source: GUANGXI_PLAN },
  { region: '450202', name: '柳州市城中区', target: 0.85, source: CHENGZHONG_PLAN },
  { region: '450300', name: '桂林市', target: 0.8, source: GUANGXI_PLAN },
  { region: '450400', name: '梧州市', target: 0.73, source: GUANGXI_PLAN },
  { region: '450500', name: '北海市', target: 0.8, source: GUANGXI_PLAN },
  { region: '450600', name: '防城港市', target: 0.8, source: GUANGXI_PLAN },
  { region: '450700', name: '钦州市', target: 0.73, source: GUANGXI_PLAN },
  { region: '450800', name: '贵港市', target: 0.8, source: GUANGXI_PLAN },
  { region: '450900', name: '玉林市', target: 0.8, source: GUANGXI_PLAN },
  { region: '451000', name: '百色市', target: 0.8, source: GUANGXI_PLAN },
  { region: '451100', name: '贺州市', target: 0.8, source: GUANGXI_PLAN },
  { region: '451200', name: '河池市', target: 0.8, source: GUANGXI_PLAN },
  { region: '451300', name: '来宾市', target: 0.8, source: GUANGXI_PLAN },
  { region: '451400', name: '崇左市', target: 0.8, source: GUANGXI_PLAN },
]

/** 10分钟内共享比例平均数达到96% (002:140, and again 003:131): the share, and the ten minutes it counts in. */
export const SHARED_IN_MINUTES = { minutes: 10, target: 0.96, source: GUANGXI_PLAN } as const

/**
 * 自信息产生之日起7个工作日内 (001:134): a licence's or filing's data reaches the shared tables by the seventh working
 * day after the day it arose (that day not counted, as every legal clock counts).
 */
export const SHARED_IN_WORKING_DAYS = { workingDays: 7, source: QINZHOU_PLAN } as const

const byRegion = new Map(PARALLEL_TARGETS.map((t) => [t.region, t]))

/**
 * The region a project's figure is counted under: a district with a target of its own (450202), else its city
 * (the code's first four digits and 00) — a province-level project (450000) is its own.
 */
export function figureRegionOf(region: string): string {
  if (byRegion.has(region)) return region
  if (!/^\d{6}$/.test(region) || region.endsWith('0000')) return region
  return `${region.slice(0, 4)}00`
}

/** One region's decided tasks, and of them those handled in parallel. */
export type ParallelCount = { region: string; decided: number; parallel: number }

export type ParallelFigure = {
  region: string
  /** The Chinese name, where the targets table names the region. */
  name: string | null
  decided: number
  parallel: number
  /** parallel ÷ decided, four places; null with nothing decided. */
  rate: number | null
  /** The plan's target for the region; null where no plan among the seeds sets one (outside Guangxi). */
  target: number | null
  source: SeedLine | null
  /** Whether the rate reaches the target; null without both. */
  met: boolean | null
}

/** part ÷ whole to four places, as the supervision figures round theirs; null of nothing. */
export const shareOf = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null

/**
 * 并联审批率 per figure region ({@link figureRegionOf}): the counts of the projects' own regions summed into it, each
 * beside its target; in region order.
 */
export function parallelFigures(counts: readonly ParallelCount[]): ParallelFigure[] {
  const sums = new Map<string, { decided: number; parallel: number }>()
  for (const c of counts) {
    const key = figureRegionOf(c.region)
    const sum = sums.get(key) ?? { decided: 0, parallel: 0 }
    sum.decided += c.decided
    sum.parallel += c.parallel
    sums.set(key, sum)
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, { decided, parallel }]) => {
      const t = byRegion.get(region)
      const rate = shareOf(parallel, decided)
      return {
        region,
        name: t?.name ?? null,
        decided,
        parallel,
        rate,
        target: t?.target ?? null,
        source: t?.source ?? null,
        met: rate === null || t === undefined ? null : rate >= t.target,
      }
    })
}

/** The counts of one figure: shared in time, late, and not yet known (not shared, still inside its time). */
export type Timeliness = { inTime: number; late: number; open: number }

/** A figure as answered: its counts, the share in time of those whose outcome is known, and the target. */
export type TimelinessFigure = Timeliness & { measured: number; share: number | null }

export const timelinessFigure = (t: Timeliness): TimelinessFigure => ({
  ...t,
  measured: t.inTime + t.late,
  share: shareOf(t.inTime, t.inTime + t.late),
})

/** The last day a licence's or filing's data arising on `day` may reach the shared tables (001:134). */
export const lastDayToShare = (calendar: Calendar, day: LegalDate, region?: string): LegalDate =>
  dueDate(calendar, {
    start: day,
    limit: { value: SHARED_IN_WORKING_DAYS.workingDays, unit: 'W' },
    ...(region === undefined ? {} : { region }),
  })

/** Licence/filing rows of one event day and one export day (null: not exported yet), in one region's calendar. */
export type SharedDayCount = { eventDay: LegalDate; sharedDay: LegalDate | null; region: string | null; rows: number }

/**
 * The seven-working-day check (001:134) over counts of rows by the day their event arose and the day they were
 * exported: in time when exported on or before {@link lastDayToShare}; late when exported after it, or not exported
 * and `today` is past it; open otherwise (not exported, still inside its seven days).
 */
export function sharedInWorkingDays(
  calendar: Calendar,
  counts: readonly SharedDayCount[],
  today: LegalDate,
): Timeliness {
  const result: Timeliness = { inTime: 0, late: 0, open: 0 }
  const lastDays = new Map<string, LegalDate>()
  for (const c of counts) {
    const key = `${c.eventDay}|${c.region ?? ''}`
    let last = lastDays.get(key)
    if (last === undefined) {
      last = lastDayToShare(calendar, c.eventDay, c.region ?? undefined)
      lastDays.set(key, last)
    }
    if (c.sharedDay !== null) {
      if (c.sharedDay <= last) result.inTime += c.rows
      else result.late += c.rows
    } else if (today > last) result.late += c.rows
    else result.open += c.rows
  }
  return result
}
