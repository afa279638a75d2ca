import type { TimeSource } from '@onewindow/vocabulary'

/** A time source tests move by hand: time is moved, never waited for. */
export type TestClock = TimeSource & {
  set(instant: string | Date): void
  advance(ms: number): void
  advanceDays(days: number): void
  /** `listener` runs after every move (set or advance); the function returned stops it. */
  onMove(listener: () => void): () => void
}

export function testClock(start: string | Date): TestClock {
  const checked = (d: Date, what: unknown) => {
    if (Number.isNaN(d.getTime())) throw new Error(`testClock: not an instant: ${String(what)}`)
    return d
  }
  let current = checked(new Date(start), start)
  const listeners = new Set<() => void>()
  // A move to no instant is refused, not kept: every later `now()` would be an Invalid Date.
  const moveTo = (next: Date, what: unknown) => {
    current = checked(next, what)
    for (const listener of listeners) listener()
  }
  return {
    now: () => new Date(current),
    set(instant) {
      moveTo(new Date(instant), instant)
    },
    advance(ms) {
      moveTo(new Date(current.getTime() + ms), ms)
    },
    advanceDays(days) {
      moveTo(new Date(current.getTime() + days * 86_400_000), days)
    },
    onMove(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
