import { Type } from 'typebox'

// Patterns where a pattern says it all. The one format we use, `date`, is built into TypeBox 1.x (`typebox/format`,
// checked by `Compile`, so by the services' Fastify validator and by every event validator alike) and is what
// checks the calendar: a pattern cannot tell 2026-02-29 from 2028-02-29.

export const Uuid = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'UUID, lowercase; ids we mint are UUIDv7',
})

/**
 * An instant in UTC, ISO-8601 with a `Z`, on a real calendar day of the years 2000–2099 (as {@link LegalDate}) at a
 * real time of day (no leap second: JavaScript cannot parse one). No `Date` objects cross the wire.
 */
export const Instant = Type.String({
  format: 'date-time',
  pattern: '^20\\d{2}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z$',
  description: 'UTC instant, ISO-8601 with Z, 2000-01-01T00:00:00Z to 2099-12-31T23:59:59Z',
})

/**
 * The legal dates the platform holds: every day of the years 2000 to 2099. The bounds keep every clock countable —
 * `@onewindow/workdays` counts through 2199 and a clock may run 30 years — and keep nonsense (`0000-00-00`, year 9999)
 * out. `@onewindow/workdays`' `isLegalDate` is the same rule for code; the tests of both hold them to one reference.
 */
export const legalDateRange = { from: '2000-01-01', to: '2099-12-31' } as const

/**
 * A day of the legal calendar, in Asia/Shanghai: `YYYY-MM-DD`, a real calendar day (no 02-30, 04-31, month 13, or
 * 02-29 outside a leap year) within {@link legalDateRange}. The pattern bounds the year and the shape; the `date`
 * format checks the calendar; between them a bad date is usually one error, not two.
 */
export const LegalDate = Type.String({
  format: 'date',
  pattern: '^20\\d{2}-\\d{2}-\\d{2}$',
  description: 'legal date (Asia/Shanghai): a real calendar day from 2000-01-01 to 2099-12-31',
})

/** 项目代码 — the national project code from the investment project online approval platform. */
export const ProjectCode = Type.String({ minLength: 6, maxLength: 64, description: '项目代码 (project code)' })

/** 统一社会信用代码 — the 18-character unified social credit code (GB 32100). */
export const CreditCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$' })

/** A code from the catalogue (stage, item, department, material, step, project type): at most 100 characters. */
export const CatalogueCode = (description: string) => Type.String({ minLength: 1, maxLength: 100, description })

export const StageCode = CatalogueCode('catalogue stage code')
export const ItemCode = CatalogueCode('事项 code from the catalogue')
export const DepartmentCode = CatalogueCode('department code from the catalogue')

/** Text a person writes in a request body: at least one character, at most `max`. */
export const WrittenText = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, description })

/** The largest amount of money we take: 10¹⁵ fen (10 trillion yuan), well inside a JavaScript number's exact range. */
export const MAX_FEN = 1_000_000_000_000_000

/** Money in fen (1/100 yuan), an integer. */
export const Fen = Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'amount in fen, 0 to 10¹⁵' })

/**
 * The longest time limit a clock may have: 3,650 days (working or natural). `@onewindow/workdays` counts a limit
 * within 30 years of its start; 3,650 working days are about 14 years.
 */
export const MAX_LIMIT_DAYS = 3650

/** The value of a time limit, in the limit's unit (`W` working days, `N` natural days); 0 is 即办件. */
export const LimitValue = Type.Integer({ minimum: 0, maximum: MAX_LIMIT_DAYS, description: 'days, 0 to 3650' })
