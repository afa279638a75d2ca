import { type Sql, sqltag } from '@prisma/client/runtime/client'

// Where a keyset page ends is its last row's key, carried in the cursor as PostgreSQL's own text of the stored value,
// not as JavaScript read it: a date or instant column may hold 'infinity' or '-infinity' (or a day no legal year
// has), which pg reads as no Date at all. A key taken from the value read could not name such a row, so a page ending
// on one had nowhere to go on from. PostgreSQL reads its text back as exactly the value it wrote, and orders
// 'infinity' like any other, so the next page starts right after the row whatever it holds.
//
// The text is PostgreSQL's ISO output (DateStyle ISO, which node-postgres needs anyway to read dates at all); an
// instant is written as its UTC timestamp, so the session's TimeZone does not change it. A cursor comes back from a
// client, so a key text is taken from one only in exactly the spelling PostgreSQL writes, for a value the column can
// hold: anything else would be a cast error, a 500, where a cursor the route did not write is a 400.
//
// The fragments are built with Prisma's runtime tag, the one every service's generated client re-exports as
// `Prisma.sql` (its `Sql` class is one module for all of them), so each service nests them in its own statements
// and no service's generated client is a dependency here.

/** A `date` column's value as key text: `YYYY-MM-DD`, `YYYY-MM-DD BC`, `infinity` or `-infinity`. */
export const dayKey = (column: Sql): Sql => sqltag`(${column})::text`

/** A `timestamptz` column's value as key text: its UTC `YYYY-MM-DD HH:MM:SS[.ffffff][ BC]`, or ±`infinity`. */
export const instantKey = (column: Sql): Sql => sqltag`((${column}) AT TIME ZONE 'UTC')::text`

/** The instant an {@link instantKey} text names, to compare with the column. */
export const instantOfKey = (key: string): Sql => sqltag`(${key}::timestamp AT TIME ZONE 'UTC')`

const INFINITE = new Set(['infinity', '-infinity'])
// Years as PostgreSQL writes them: four digits at least, no leading zero beyond; a fraction without trailing zeros.
const DAY = /^(\d{4}|[1-9]\d{4,6})-(\d\d)-(\d\d)( BC)?$/
const INSTANT = /^(\d{4}|[1-9]\d{4,5})-(\d\d)-(\d\d) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{0,5}[1-9])?( BC)?$/
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Whether a day of the proleptic Gregorian calendar is one PostgreSQL stores: from 24 November 4714 BC, its first,
 * to the end of `lastYear` (5874897 for a date, 294276 for a timestamp).
 */
function storedDay([, y, m, d, bc]: RegExpExecArray, lastYear: number): boolean {
  const [year, month, day] = [Number(y), Number(m), Number(d)]
  // ISO years count 1 BC as year 0, a leap year.
  const iso = bc ? 1 - year : year
  const leap = iso % 4 === 0 && (iso % 100 !== 0 || iso % 400 === 0)
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]
  if (year < 1 || days === undefined || day < 1 || day > days) return false
  return bc ? year < 4714 || (year === 4714 && month * 100 + day >= 1124) : year <= lastYear
}

/** Whether `text` is a {@link dayKey} PostgreSQL could have written. */
export function isDayKey(text: string): boolean {
  const parts = DAY.exec(text)
  return INFINITE.has(text) || (parts !== null && storedDay(parts, 5_874_897))
}

/** Whether `text` is an {@link instantKey} PostgreSQL could have written. */
export function isInstantKey(text: string): boolean {
  const parts = INSTANT.exec(text)
  return INFINITE.has(text) || (parts !== null && storedDay(parts, 294_276))
}

/**
 * Whether `text` is an {@link instantKey} of the years 0001–9999 AD: the instants an ISO 8601 text with a four-digit
 * year names, as every instant a service writes is (`Date#toISOString`, the contracts' `Instant`). The column holds
 * more — ±infinity, BC, five- and six-digit years, by a hand edit say — and such a key is still a place in a keyset,
 * but of no instant a service recorded.
 */
export function isIsoInstantKey(text: string): boolean {
  const parts = INSTANT.exec(text)
  return parts !== null && parts[4] === undefined && storedDay(parts, 9999)
}
