import dayjs, { type Dayjs } from 'dayjs'

// The days a page's filters send and keep in its address (`?from=&to=`), as every route takes a day (docs/api.md,
// "Dates"). The pickers that choose them are components/day-picker.tsx; this file has no antd, for its unit test.

/** A legal day as the routes take it. */
export const DAY = 'YYYY-MM-DD'
/** The days the routes accept (the contracts' `legalDateRange`; test/days.unit.test.ts fails when the two differ). */
export const LEGAL_DAYS = { from: '2000-01-01', to: '2099-12-31' } as const

/** `text` when the routes would take it — a real calendar day written YYYY-MM-DD within their range —, else undefined. */
export function legalDay(text: string | null | undefined): string | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined
  if (text < LEGAL_DAYS.from || text > LEGAL_DAYS.to) return undefined
  // dayjs rolls a day that does not exist over (02-30 is 03-02): a real day reads back as itself.
  const day = dayjs(text)
  return day.isValid() && day.format(DAY) === text ? text : undefined
}

/** A day as a picker holds it: null for none, or for one the routes would refuse. */
export const pickerDay = (text: string | null | undefined): Dayjs | null => {
  const day = legalDay(text)
  return day ? dayjs(day) : null
}

/** A picker's day as the routes take it. */
export const dayText = (day: Dayjs | null | undefined): string | undefined =>
  day?.isValid() ? day.format(DAY) : undefined

export type Days = { from?: string; to?: string }
export type Period = { from: string; to: string }

/** Two days in order: a from-day after its to-day is the period the other way round (a route refuses it reversed). */
export const inOrder = <T extends Days>(days: T): T =>
  days.from !== undefined && days.to !== undefined && days.to < days.from
    ? { ...days, from: days.to, to: days.from }
    : days

/**
 * The days an address asks for (`?from=&to=`): each one the routes take, or left out — a hand-edited link's
 * 2026-02-30 is not sent to be refused —, and in order. A picker never makes a reversed period; a link may.
 */
export function addressDays(params: URLSearchParams): Days {
  const from = legalDay(params.get('from'))
  const to = legalDay(params.get('to'))
  return inOrder({ ...(from ? { from } : {}), ...(to ? { to } : {}) })
}

/** Days as an address's parameters (`from`, `to`), the ones left out not there. */
export const dayParams = (days: Days): Record<string, string> => ({
  ...(days.from ? { from: days.from } : {}),
  ...(days.to ? { to: days.to } : {}),
})

/** A page's period when its address names none: its to-day, and its from-day from that. */
export type DefaultPeriod = { to: () => string; from: (to: string) => string }

/** The period an address asks for, what it leaves out the page's default (the to-day first), in order. */
export function addressPeriod(params: URLSearchParams, fallback: DefaultPeriod): Period {
  const asked = addressDays(params)
  const to = asked.to ?? fallback.to()
  return inOrder({ from: asked.from ?? fallback.from(to), to })
}

/** The three months up to today (both days counted). */
export const LAST_THREE_MONTHS: DefaultPeriod = {
  to: () => dayjs().format(DAY),
  from: (to) => dayjs(to).subtract(3, 'month').add(1, 'day').format(DAY),
}

/** This year, its first day to its last; a to-day of another year asked alone, that year from its first day. */
export const THIS_YEAR: DefaultPeriod = {
  to: () => dayjs().endOf('year').format(DAY),
  from: (to) => dayjs(to).startOf('year').format(DAY),
}
