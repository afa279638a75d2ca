/**
 * The only way code gets "now". Domain code never asks for the time: it receives it as a value, and the edges
 * (routes, consumers, jobs) call `now()` once and pass the result in. Tests give a source they move
 * (`testClock` in packages/testing). Not to be confused with workdays' `Clock`, a legal clock (a limit counted
 * from a start day).
 */
export interface TimeSource {
  now(): Date
}
