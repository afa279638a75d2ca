import { expect } from 'vitest'

/**
 * Waits for `n` more whole passes of a service's timer (`app.scanner`, …): each poll wakes it, so the passes come
 * one after another instead of a period apart. What a test checks after is what those passes did not do.
 */
export async function passesOf(timer: { readonly runs: number; wake(): void }, n: number): Promise<void> {
  // One more than asked: the pass running when this was called began before it.
  const target = timer.runs + n + 1
  await expect
    .poll(
      () => {
        timer.wake()
        return timer.runs
      },
      { interval: 20 },
    )
    .toBeGreaterThanOrEqual(target)
}
