import { addDays, legalDateOf } from '@onewindow/workdays'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { chineseDate } from './format'
import type { paths } from './generated/api'

// 好差评 as a person reads it: the seed's five options (seeds/004_33317a5f04b53a73.txt:1636) and the loop's states.

/** A rating as the gateway answers it (`GET /api/v1/projects/{id}/ratings`). */
export type Listed =
  paths['/api/v1/projects/{id}/ratings']['get']['responses'][200]['content']['application/json']['ratings'][number]
export type Rating = Listed['rating']
export type Level = Rating['first']['level']

/** The five options in the seed's order, with its own words. */
export const LEVELS: ReadonlyArray<{ value: Level; label: string }> = [
  { value: 'very-satisfied', label: '非常满意' },
  { value: 'satisfied', label: '满意' },
  { value: 'basically-satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
  { value: 'very-dissatisfied', label: '非常不满意' },
]
export const levelName = (l: Level) => LEVELS.find((x) => x.value === l)?.label ?? l
export const isBad = (l: Level) => l === 'dissatisfied' || l === 'very-dissatisfied'

/**
 * The rating window: 5 natural days (自然日) from the decision, or from the department's reply for the second rating
 * (seeds/004_33317a5f04b53a73.txt:1636, "自收到评价通知信息之日起 5 个自然日内"; :1660). Approval counts it as
 * `addDays(day, 5)`, the day itself not counted, and refuses a rating after it (services/approval/src/domain/rating.ts
 * `RATING_WINDOW_DAYS`); no roll forward to a working day.
 */
export const RATING_WINDOW_DAYS = 5

/** The last day the owner may rate, from the decision's instant or the reply's legal day: 至2026年3月7日. */
export function lastDayToRate(from: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : legalDateOf(from)
  return `至${chineseDate(addDays(day, RATING_WINDOW_DAYS))}`
}

/** The loop's state in Chinese, and its tag's tone: 待整改, 已逾期 (still to reply), 已反馈. */
export function loopState(
  r: Rating,
  /** The loop's state as the status answer counts it today (`ratings[].fix.state`): overdue from the day after its due
   * day, before approval's timer has recorded it. */
  today?: 'open' | 'overdue' | 'replied',
): { label: string; tone: 'blue' | 'red' | 'green' } | undefined {
  const fix = r.fix
  if (!fix) return undefined
  if (fix.status === 'replied') return { label: fix.overdueOn ? '已反馈（逾期）' : '已反馈', tone: 'green' }
  return fix.overdueOn || today === 'overdue'
    ? { label: '整改已逾期', tone: 'red' }
    : { label: '待整改反馈', tone: 'blue' }
}

/**
 * Puts a rating a command answered into every cached list under `key` (a prefix): in place of the same rating when it
 * is newer, or added to a project's list. The lists come from the read model, which learns of it a moment later
 * (as cached-rows.ts `putRow` does for the other lists).
 */
export function putRating(client: QueryClient, key: QueryKey, rating: Rating, add = false): void {
  client.setQueriesData<{ ratings: Listed[] }>({ queryKey: key }, (list) => {
    if (!list) return list
    const found = list.ratings.some((r) => r.rating.ratingId === rating.ratingId)
    if (!found)
      return add ? { ...list, ratings: [...list.ratings, { rating, projectCode: null, projectName: null }] } : list
    return {
      ...list,
      ratings: list.ratings.map((r) =>
        r.rating.ratingId === rating.ratingId && r.rating.version < rating.version ? { ...r, rating } : r,
      ),
    }
  })
}
