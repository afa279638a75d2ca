import type { TimeSource } from '@onewindow/vocabulary'

/** The wall clock, for `main.ts`. Everything else receives a {@link TimeSource} and asks it for "now". */
export const systemClock: TimeSource = { now: () => new Date() }
