import type { TimeSource } from '@onewindow/vocabulary'

/** A time source tests move by hand: time is moved, never waited for. */
export type TestClock = TimeSource & {
  set(instant: string | Date): void
  advance(ms: number): void
  advanceDays(days: number): void
}

export function testClock(start: string | Date): TestClock {
  let current = new Date(start)
  if (Number.isNaN(current.getTime())) throw new Error(`testClock: not an instant: ${String(start)}`)
  return {
    now: () => new Date(current),
    set(instant) {
      current = new Date(instant)
    },
    advance(ms) {
      current = new Date(current.getTime() + ms)
    },
    advanceDays(days) {
      current = new Date(current.getTime() + days * 86_400_000)
    },
  }
}
