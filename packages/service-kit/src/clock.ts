/**
 * The only way code gets "now". Domain code never asks for the time: it receives it as a value, and the edges
 * (routes, consumers, jobs) call `clock.now()` once and pass the result in. Tests give a clock they move.
 */
export interface Clock {
  now(): Date
}

/** The wall clock, for `main.ts`. */
export const systemClock: Clock = { now: () => new Date() }
