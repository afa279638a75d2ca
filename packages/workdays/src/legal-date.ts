/**
 * A day of the legal calendar, `YYYY-MM-DD`, as it is in Asia/Shanghai. Deadlines are counted in these
 * days, never in instants: a task accepted at 23:30 on 30 September Beijing time counts from 30 September.
 */
export type LegalDate = string

/**
 * The legal dates the platform accepts as input: every day of the years 2000 to 2099 (the same rule as
 * `LegalDate` in `@onewindow/contracts`). A clock started in range may count past it: day arithmetic works on
 * {@link countableRange}, which reaches far enough for the longest walk a clock may take (30 years).
 */
export const legalDateRange = { from: '2000-01-01', to: '2099-12-31' } as const

/** The days this package can count at all; arithmetic beyond them is refused with `WORKDAYS_DATE_OUT_OF_RANGE`. */
export const countableRange = { from: '1900-01-01', to: '2199-12-31' } as const

/** Why a value is not a date this package can use. */
export type LegalDateErrorCode = 'WORKDAYS_DATE_INVALID' | 'WORKDAYS_DATE_OUT_OF_RANGE'

/**
 * A value that is not a real calendar day (`WORKDAYS_DATE_INVALID`: not `YYYY-MM-DD`, or 02-30, 04-31, month 13,
 * 02-29 of a common year) or lies outside the range (`WORKDAYS_DATE_OUT_OF_RANGE`). Returned by
 * {@link parseLegalDate}; thrown (it is a `RangeError`) by the arithmetic, which has no other answer to give.
 */
export class LegalDateError extends RangeError {
  constructor(
    readonly code: LegalDateErrorCode,
    readonly value: unknown,
    message: string,
  ) {
    super(message)
    this.name = 'LegalDateError'
  }
}

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/
const msPerDay = 86_400_000
// China has kept UTC+8 without daylight saving since 1991, so the legal date is the UTC date 8 hours later.
const shanghaiOffsetMs = 8 * 3_600_000

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719_468
  const era = Math.floor(zz / 146_097)
  const doe = zz - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1)
}

function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = pattern.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

// A clock walks day by day (a status evaluates a dozen clocks over months each), and checking and spelling a date is
// most of a step's cost, so each countable day is checked and spelt once per process. Only countable days are kept,
// so neither map outgrows the 110,000 days of the countable range, and a bad date is refused every time.
const dayNumbers = new Map<string, number>()

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value))

/** Why `value` is not a calendar day within `range`, or undefined when it is one. */
function problemOf(value: unknown, range: { from: string; to: string }): LegalDateError | undefined {
  // A day already counted is a calendar day; only its range is left to check.
  if (!(typeof value === 'string' && dayNumbers.has(value)) && !isCalendarDay(value)) {
    return new LegalDateError(
      'WORKDAYS_DATE_INVALID',
      value,
      `${show(value)} is not a real date of the form YYYY-MM-DD`,
    )
  }
  if (value < range.from || value > range.to) {
    return new LegalDateError(
      'WORKDAYS_DATE_OUT_OF_RANGE',
      value,
      `${show(value)} is outside the supported dates ${range.from} to ${range.to}`,
    )
  }
  return undefined
}

/**
 * True when `value` is a real calendar date written `YYYY-MM-DD` (so `2025-02-29` is not) within
 * {@link legalDateRange}.
 */
export function isLegalDate(value: unknown): value is LegalDate {
  return problemOf(value, legalDateRange) === undefined
}

/** `value` as a legal date, or the {@link LegalDateError} saying why it is not one (never thrown). */
export function parseLegalDate(value: unknown): { ok: true; value: LegalDate } | { ok: false; error: LegalDateError } {
  const error = problemOf(value, legalDateRange)
  return error === undefined ? { ok: true, value: value as LegalDate } : { ok: false, error }
}

/** The day number (days since 1970-01-01) of a countable date; throws a {@link LegalDateError} otherwise. */
export function toDayNumber(date: LegalDate): number {
  const known = dayNumbers.get(date)
  if (known !== undefined) return known
  const error = problemOf(date, countableRange)
  if (error) throw error
  const day = daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))
  dayNumbers.set(date, day)
  return day
}

const firstCountable = daysFromCivil(1900, 1, 1)
const lastCountable = daysFromCivil(2199, 12, 31)
const spelt: Array<LegalDate | undefined> = []

export function fromDayNumber(day: number): LegalDate {
  if (!Number.isInteger(day) || day < firstCountable || day > lastCountable) {
    throw new LegalDateError(
      'WORKDAYS_DATE_OUT_OF_RANGE',
      day,
      `day ${day} is outside the countable dates ${countableRange.from} to ${countableRange.to}`,
    )
  }
  const known = spelt[day - firstCountable]
  if (known !== undefined) return known
  const [y, m, d] = civilFromDays(day)
  const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  spelt[day - firstCountable] = date
  return date
}

export function addDays(date: LegalDate, days: number): LegalDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Natural days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LegalDate, to: LegalDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LegalDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1
}

export function isWeekend(date: LegalDate): boolean {
  return isoWeekday(date) >= 6
}

export function yearOf(date: LegalDate): number {
  toDayNumber(date)
  return Number(date.slice(0, 4))
}

/** The Shanghai wall-clock time of an instant, `HH:MM` (the same offset as the legal date's). */
export function shanghaiTimeOf(at: Date): string {
  return new Date(at.getTime() + shanghaiOffsetMs).toISOString().slice(11, 16)
}

/**
 * The Asia/Shanghai legal date of an instant. Pure: the instant is given, never read from a clock.
 * Accepts an ISO-8601 string with `Z` or an offset, epoch milliseconds, or a `Date`.
 */
export function legalDateOf(instant: string | number | Date): LegalDate {
  const ms =
    typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  if (typeof instant === 'string' && !/(Z|[+-]\d{2}:?\d{2})$/i.test(instant)) {
    throw new LegalDateError(
      'WORKDAYS_DATE_INVALID',
      instant,
      `"${instant}" is not an instant: it needs "Z" or a UTC offset`,
    )
  }
  if (!Number.isFinite(ms)) {
    throw new LegalDateError('WORKDAYS_DATE_INVALID', instant, `"${String(instant)}" is not a valid instant`)
  }
  return fromDayNumber(Math.floor((ms + shanghaiOffsetMs) / msPerDay))
}
