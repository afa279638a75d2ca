import { Type } from 'typebox'

// Patterns where a pattern says it all. The one format we use, `date`, is built into TypeBox 1.x (`typebox/format`,
// checked by `Compile`, so by the services' Fastify validator and by every event validator alike) and is what
// checks the calendar: a pattern cannot tell 2026-02-29 from 2028-02-29.

export const Uuid = Type.String({
  maxLength: 36,
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'UUID, lowercase; ids we mint are UUIDv7',
})

/**
 * An instant in UTC, ISO-8601 with a `Z`, on a real calendar day of the years 2000–2099 (as {@link LegalDate}) at a
 * real time of day (no leap second: JavaScript cannot parse one). No `Date` objects cross the wire.
 */
export const Instant = Type.String({
  format: 'date-time',
  maxLength: 30,
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
  maxLength: 10,
  pattern: '^20\\d{2}-\\d{2}-\\d{2}$',
  description: 'legal date (Asia/Shanghai): a real calendar day from 2000-01-01 to 2099-12-31',
})

/**
 * A `TIMESTAMPTZ(3)` column's value as a keyset cursor carries it: PostgreSQL's own text of it in UTC
 * (`@onewindow/db` `instantKey`), which names 'infinity' and '-infinity' too, so a page ending on a damaged row still
 * says where the next one starts. The pattern for a cursor's schema; the service checks the day is real.
 */
export const INSTANT_KEY_PATTERN =
  '(-?infinity|(\\d{4}|[1-9]\\d{4,5})-\\d{2}-\\d{2} ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{0,2}[1-9])?( BC)?)'
/** A UUID's text in a cursor's pattern. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** 项目代码 — the national project code from the investment project online approval platform. */
export const ProjectCode = Type.String({ minLength: 6, maxLength: 64, description: '项目代码 (project code)' })

/** 统一社会信用代码 — the 18-character unified social credit code (GB 32100). */
export const CreditCode = Type.String({
  pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$',
  maxLength: 18,
})

/** A code from the catalogue (stage, item, department, material, step, project type): at most 100 characters. */
export const CatalogueCode = (description: string) => Type.String({ minLength: 1, maxLength: 100, description })

export const StageCode = CatalogueCode('catalogue stage code')
export const ItemCode = CatalogueCode('事项 code from the catalogue')
export const DepartmentCode = CatalogueCode('department code from the catalogue')
export const StepCode = CatalogueCode('flow step code from the catalogue')
export const MaterialCode = CatalogueCode('material code from the catalogue')
export const ProjectTypeCode = CatalogueCode('catalogue project type code')

// The bounds of what events carry, each at least the bound of the request field or catalogue entry it comes from:
// an event is validated on publish as well as on receipt, so a bound below what a service may put in a field would
// fail the command that wrote it (packages/contracts/test/event-bounds.unit.test.ts holds every event to them).

/** What a person writes: a reason, a note, a condition, a finding (requests take at most 2,000 characters). */
export const MAX_TEXT = 2000
/** A name: of a project or an owner (requests: 200), a catalogue item, department or step (the catalogue: 200), a place. */
export const MAX_NAME = 500
/**
 * An identifier or a reference: who acted — a subject (at most 255 characters) or `role:subject` as some services write
 * it (`intermediary:` and 255 more) — a document, a number.
 */
export const MAX_REFERENCE = 300
/** A list an event carries: tasks, items, suspensions, materials (a request's arrays are at most 1,000 long). */
export const MAX_LIST = 1000
/** The most materials one item's service guide (办事指南) lists: a catalogue item's `materials`. */
export const MAX_GUIDE_MATERIALS = 200
/**
 * The largest message the NATS server takes (`max_payload`, headers and body together): infra/nats's `nats.conf` and
 * `cluster.conf` say it, and packages/messaging/test/max-payload.unit.test.ts holds them to this number. An event
 * whose message would be larger is refused by the outbox (`MESSAGING_EVENT_TOO_LARGE`), never written.
 */
export const NATS_MAX_PAYLOAD = 1_048_576
/**
 * What an event's headers may take of {@link NATS_MAX_PAYLOAD} as the relay sends them (CloudEvents, the aggregate,
 * trace context, `Nats-Msg-Id` and its guard, a re-send's marks): the body's worst case is held to the rest
 * (packages/contracts/test/event-size.unit.test.ts); messaging's test measures the largest envelope against it.
 */
export const EVENT_ENVELOPE_RESERVE = 4096
/** A count or a version an event carries: the range of PostgreSQL's `integer`, where services keep them. */
export const MAX_COUNT = 2_147_483_647

/** Days a clock has counted (net or gross) or its limit: the legal dates span 2000–2099, 36,525 days. */
export const DaysCounted = Type.Number({ minimum: 0, maximum: 36_525 })

/** A count or version from `minimum` to {@link MAX_COUNT}. */
export const Count = (minimum = 0) => Type.Integer({ minimum, maximum: MAX_COUNT })

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
