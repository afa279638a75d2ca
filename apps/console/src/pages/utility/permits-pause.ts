import { chineseDate } from '../../format'

type Clock = { suspensions: ReadonlyArray<{ kind: string; from: string; to?: string | undefined }> }

/**
 * The first day of the permits clock's open pause — every permit left refused on the platform and back with the
 * provider, from the day after that decision until it applies again (docs/utility.md#who-decides-a-permit) — or
 * undefined while the clock runs. Utility keeps it as a `supplement` pause (the applicant's time), but it is no 补正:
 * the console names it by what it is, and says no due day for it (one read while paused moves forward every day).
 */
export const permitsPausedFrom = (clock: Clock | undefined): string | undefined =>
  clock?.suspensions.find((s) => s.to === undefined)?.from

/** That pause in words, on the owner's page and the provider's clock cell. */
export const permitsPauseText = (from: string): string => `审批时限暂停计算（自${chineseDate(from)}起，待重新申请）`
