/**
 * A `timestamptz`, `timestamp` or `date` column read back as text. PostgreSQL stores `'infinity'` and `'-infinity'`,
 * which are no instant and no legal day: `pg` reads them as the number ±Infinity or an Invalid Date, Prisma as an
 * Invalid Date, and `toISOString` throws on either. Such a value is answered as it reads (`Infinity`, `-Infinity`,
 * `Invalid Date`), never thrown, so the row's own check (its view's schema, `readEach`, `eachRow`) refuses that row
 * alone, where the conversion would have failed every row of the list or the timer pass beside it.
 */
export function instantText(value: Date | number): string {
  return isInstant(value) ? value.toISOString() : String(value)
}

/** Whether a date column's value, as the drivers read it, is a real instant (not 'infinity' or '-infinity'). */
export function isInstant(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime())
}

/** The day (`YYYY-MM-DD`, UTC) of a `date` column as `pg` reads it; a value that is no day as {@link instantText}. */
export function dayText(value: Date | number): string {
  const text = instantText(value)
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text
}
