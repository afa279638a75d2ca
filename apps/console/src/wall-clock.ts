// Times a person types and reads as Shanghai's wall clock (北京时间), whatever the browser's zone: the contract carries
// instants in UTC with a Z.

const SHANGHAI_OFFSET_MS = 8 * 3600_000

/**
 * `2026-11-05 20:00` as Shanghai's wall clock → the instant, as the contract carries it (UTC, with Z); undefined for
 * anything else. `Date` rolls a day that does not exist over (02-30 becomes 03-02), so the instant must read back as
 * the same wall clock.
 */
export const instantOf = (local: string): string | undefined => {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(local.trim())
  if (!m) return undefined
  const at = new Date(`${m[1]}T${m[2]}:00+08:00`)
  if (Number.isNaN(at.getTime())) return undefined
  const readBack = new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16)
  return readBack === `${m[1]}T${m[2]}` ? at.toISOString() : undefined
}

/** A form rule: the field reads as a real Shanghai wall-clock time (empty is the `required` rule's to refuse). */
export const realTime = {
  validator: (_: unknown, value?: string) =>
    !value || instantOf(value) !== undefined
      ? Promise.resolve()
      : Promise.reject(new Error('请填写有效的北京时间，如 2026-11-05 20:00')),
}

/** An instant as Shanghai's wall clock, to the minute. */
export const shanghai = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' })

/** Shanghai's day at `ms` since the epoch, `YYYY-MM-DD`. */
const dayAt = (ms: number): string => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)

/**
 * The legal day (Shanghai's, as the services count it) an instant fell on, `YYYY-MM-DD`, whatever the browser's zone;
 * undefined for text that is no instant.
 */
export const shanghaiDay = (iso: string): string | undefined => {
  const at = Date.parse(iso)
  return Number.isNaN(at) ? undefined : dayAt(at)
}
