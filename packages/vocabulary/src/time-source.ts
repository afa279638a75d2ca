/**
 * The only way code gets "now". Domain code never asks for the time: it receives it as a value, and the edges
 * (routes, consumers, jobs) call `now()` once and pass the result in. Tests give a source they move
 * (`testClock` in packages/testing). Not to be confused with workdays' `Clock`, a legal clock (a limit counted
 * from a start day).
 */
export interface TimeSource {
  now(): Date
}

/**
 * Whether an instant of the schemas' shape (`YYYY-MM-DDTHH:MM:SS[.fff]Z`) names a real one: a pattern lets month 13,
 * 25 o'clock or 30 February through, which `Date` would refuse or roll over. A cursor's instant is checked with it
 * before it reaches SQL.
 */
export function isRealInstant(text: string): boolean {
  const at = new Date(text)
  // The seconds and before must come back as they went in; the fraction (1–3 digits) cannot roll anything over.
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 19) === text.slice(0, 19)
}
