import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { periodicWorker } from '../src/index.js'

describe('periodicWorker', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs at start, then once a period, never two passes at once', async () => {
    let active = 0
    let most = 0
    const job = periodicWorker({
      name: 'job',
      everyMs: 100,
      run: async () => {
        active += 1
        most = Math.max(most, active)
        await new Promise((r) => setTimeout(r, 250))
        active -= 1
        return 1
      },
    })
    await job.start()
    await vi.advanceTimersByTimeAsync(250)
    expect(job.runs).toBe(1)
    // The next pass starts a period after the last one ended, not on a fixed beat.
    await vi.advanceTimersByTimeAsync(99)
    expect(job.runs).toBe(1)
    await vi.advanceTimersByTimeAsync(1 + 250)
    expect(job.runs).toBe(2)
    expect(most).toBe(1)
    await job.stop()
  })

  it('waits a period before the first pass when asked to', async () => {
    const run = vi.fn(async () => 0)
    const job = periodicWorker({ name: 'job', everyMs: 100, run, runAtStart: false })
    await job.start()
    await vi.advanceTimersByTimeAsync(99)
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(run).toHaveBeenCalledTimes(1)
    await job.stop()
  })

  it('logs a failed pass, reports unhealthy, and recovers on the next good one', async () => {
    const errors: object[] = []
    let fail = true
    const job = periodicWorker({
      name: 'job',
      everyMs: 100,
      run: async () => {
        if (fail) throw new Error('database gone')
        return 0
      },
      log: { error: (obj) => errors.push(obj) },
    })
    await job.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(job.healthy()).toBe(false)
    expect(errors).toHaveLength(1)
    expect(job.runs).toBe(0)
    fail = false
    await vi.advanceTimersByTimeAsync(100)
    expect(job.healthy()).toBe(true)
    expect(job.runs).toBe(1)
    await job.stop()
  })

  it('stop waits for the pass in flight and schedules no other', async () => {
    let finished = 0
    const run = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 50))
      finished += 1
      return 0
    })
    const job = periodicWorker({ name: 'job', everyMs: 10, run })
    await job.start()
    const stopped = job.stop()
    await vi.advanceTimersByTimeAsync(50)
    await stopped
    expect(finished).toBe(1)
    expect(job.healthy()).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(run).toHaveBeenCalledTimes(1)
  })
})
