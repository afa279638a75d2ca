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
  let current = new Date(start)
  if (Number.isNaN(current.getTime())) throw new Error(`testClock: not an instant: ${String(start)}`)
  const listeners = new Set<() => void>()
  const moveTo = (next: Date) => {
    current = next
    for (const listener of listeners) listener()
  }
  return {
    now: () => new Date(current),
    set(instant) {
      moveTo(new Date(instant))
    },
    advance(ms) {
      moveTo(new Date(current.getTime() + ms))
    },
    advanceDays(days) {
      moveTo(new Date(current.getTime() + days * 86_400_000))
    },
    onMove(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
