import { Type } from 'typebox'

// Patterns, not formats: TypeBox registers no string formats by default, and patterns behave the same in
// Fastify's Ajv and in TypeBox's compiler.

export const Uuid = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'UUID, lowercase; ids we mint are UUIDv7',
})

/** An instant in UTC, ISO-8601 with a `Z`. No `Date` objects cross the wire. */
export const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  description: 'UTC instant, ISO-8601',
})

/** A day of the legal calendar, in Asia/Shanghai. */
export const LegalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'legal date (Asia/Shanghai)' })

/** 项目代码 — the national project code from the investment project online approval platform. */
export const ProjectCode = Type.String({ minLength: 6, maxLength: 64, description: '项目代码 (project code)' })

/** 统一社会信用代码 — the 18-character unified social credit code (GB 32100). */
export const CreditCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$' })

/** A code from the catalogue (stage, item, department, material, step, project type): at most 100 characters. */
export const CatalogueCode = (description: string) => Type.String({ minLength: 1, maxLength: 100, description })

export const StageCode = CatalogueCode('catalogue stage code')
export const ItemCode = CatalogueCode('事项 code from the catalogue')
export const DepartmentCode = CatalogueCode('department code from the catalogue')

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
