import { chineseDate } from '../../format'

type Suspension = { id?: string | undefined; kind: string; from: string; to?: string | undefined }
type Clock = { suspensions: ReadonlyArray<Suspension> }

/**
 * The permits clock's own pause, as utility names it (`PERMITS_PAUSE`, `isPermitsPause` in its domain/request.ts): its
 * id, or — written before it carried one — the id-less `supplement`, the only pause utility opened then. Any other
 * suspension the clock may carry is not this pause and is not said in its words.
 */
const PERMITS_PAUSE = 'permits-with-provider'
const isPermitsPause = (s: Suspension) => s.id === PERMITS_PAUSE || (s.id === undefined && s.kind === 'supplement')

/**
 * The first day of the permits clock's open pause — every permit left refused on the platform and back with the
 * provider, from the day after that decision until it applies again (docs/utility.md#who-decides-a-permit) — or
 * undefined while the clock runs. Utility keeps it as a `supplement` pause (the applicant's time), but it is no 补正:
 * the console names it by what it is, and says no due day for it (one read while paused moves forward every day).
 */
export const permitsPausedFrom = (clock: Clock | undefined): string | undefined =>
  clock?.suspensions.find((s) => s.to === undefined && isPermitsPause(s))?.from

/** That pause in words, on the owner's page and the provider's clock cell. */
export const permitsPauseText = (from: string): string => `审批时限暂停计算（自${chineseDate(from)}起，待重新申请）`
