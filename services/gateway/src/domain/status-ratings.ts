import type { RatingSnapshot } from '@onewindow/contracts'
import { daysBetween, type LegalDate } from '@onewindow/workdays'
import { StatusRating as StatusRatingView } from '../http/schemas.js'
import { conforming, eachRow, type Rows } from './rows.js'

/**
 * 好差评 in the project's status answer: each rated department's handling, the owner's option and, after a bad one,
 * the fix-and-reply loop's state as of `today` — `open` (within its limit), `overdue` (past its due day with no
 * reply: the day after `dueOn`, 004:1539), `replied`. Pure: the ratings are the caller's own under row-level
 * security, `today` is the gateway's legal day.
 */
export type StatusRating = {
  ratingId: string
  taskId: string
  department: string
  departmentName?: string
  item: string
  itemName?: string
  level: RatingSnapshot['first']['level']
  ratedOn: LegalDate
  secondLevel?: RatingSnapshot['first']['level']
  fix?: { state: 'open' | 'overdue' | 'replied'; dueOn: LegalDate; repliedOn?: LegalDate; reply?: string }
}

export function statusRatings(ratings: readonly RatingSnapshot[], today: LegalDate): StatusRating[] {
  return ratings.map((r) => {
    const fix = r.fix
    const state =
      fix === undefined
        ? undefined
        : fix.status === 'replied'
          ? ('replied' as const)
          : fix.overdueOn !== undefined || daysBetween(fix.dueOn, today) > 0
            ? ('overdue' as const)
            : ('open' as const)
    return {
      ratingId: r.ratingId,
      taskId: r.taskId,
      department: r.department,
      ...(r.departmentName !== undefined ? { departmentName: r.departmentName } : {}),
      item: r.item,
      ...(r.itemName !== undefined ? { itemName: r.itemName } : {}),
      level: r.first.level,
      ratedOn: r.first.ratedOn,
      ...(r.second ? { secondLevel: r.second.level } : {}),
      ...(fix && state
        ? {
            fix: {
              state,
              dueOn: fix.dueOn,
              ...(fix.repliedOn !== undefined ? { repliedOn: fix.repliedOn } : {}),
              ...(fix.reply !== undefined ? { reply: fix.reply } : {}),
            },
          }
        : {}),
    }
  })
}

const checkRating = conforming(StatusRatingView)

/**
 * The ratings the status shows, each row on its own: a stored rating that cannot be shown (a missing option, an
 * impossible day) is an `unreadable` entry of kind `rating` and the others stand — never a 500 for the status.
 */
export function readableRatings(ratings: readonly RatingSnapshot[], today: LegalDate): Rows<StatusRating> {
  return eachRow(
    ratings,
    'rating',
    (r) => r.ratingId,
    (r) => statusRatings([r], today).map(checkRating),
    (r) => r.department,
  )
}

/** The answer's text with `ratings` added last: the kept status is JSON already, so it is spliced, not re-serialised. */
export const withRatings = (answer: string, ratings: readonly StatusRating[]): string =>
  `${answer.slice(0, answer.lastIndexOf('}'))},"ratings":${JSON.stringify(ratings)}}`
