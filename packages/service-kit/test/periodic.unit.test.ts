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

  it('wake runs the next pass now, once for several wakes, and after the pass in flight when one is', async () => {
    let release: (() => void) | undefined
    let calls = 0
    const job = periodicWorker({
      name: 'job',
      everyMs: 10_000,
      run: async () => {
        calls += 1
        // The second pass is held open, to wake the job while it runs.
        if (calls === 2) await new Promise<void>((r) => (release = r))
        return 0
      },
    })
    job.wake()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(0) // not started: nothing to wake
    await job.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(job.runs).toBe(1)
    job.wake()
    job.wake()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(2) // two wakes before it began: one pass, not waiting out the 10 s
    job.wake() // while the second pass runs: another pass right after it, not 10 s later
    release?.()
    await vi.advanceTimersByTimeAsync(0)
    expect(job.runs).toBe(3)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(job.runs).toBe(3) // and then the period again
    await vi.advanceTimersByTimeAsync(1)
    expect(job.runs).toBe(4)
    await job.stop()
    job.wake()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(job.runs).toBe(4)
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

describe('periodicWorker after a failure', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('retries a failed pass soon with a capped backoff, not a period later, and is healthy once one passes', async () => {
    const errors: object[] = []
    const infos: object[] = []
    let failuresLeft = 4
    const job = periodicWorker({
      name: 'scan',
      everyMs: 60_000,
      run: async () => {
        if (failuresLeft-- > 0)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
        return 0
      },
      log: { error: (obj) => errors.push(obj), info: (obj) => infos.push(obj) },
    })
    await job.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(job.healthy()).toBe(false)
    // Retries after 250, 500, 1000, 1000 ms: the fifth pass, 2.75 s after the first, succeeds.
    await vi.advanceTimersByTimeAsync(2_749)
    expect(job.healthy()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(job.healthy()).toBe(true)
    expect(job.runs).toBe(1)
    // The same cause is logged once, not on every retry; the recovery once, with the count.
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ job: 'scan', retryInMs: 250 })
    expect(infos).toEqual([{ job: 'scan', failedPasses: 4 }])
    // Back on its period.
    await vi.advanceTimersByTimeAsync(59_999)
    expect(job.runs).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(job.runs).toBe(2)
    await job.stop()
  })

  it('logs each different cause once, and uses the logger the service gives at start when it has none', async () => {
    const errors: Array<{ err: Error }> = []
    const causes = [
      '57P01 terminating connection',
      'connect ECONNREFUSED',
      'connect ECONNREFUSED',
      '57P01 terminating connection',
    ]
    const job = periodicWorker({
      name: 'scan',
      everyMs: 1000,
      run: async () => {
        const cause = causes.shift()
        if (cause) throw new Error(cause)
        return 0
      },
    })
    await job.start({ log: { error: (obj) => errors.push(obj as { err: Error }) } })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(job.healthy()).toBe(true)
    expect(errors.map((e) => e.err.message)).toEqual(['57P01 terminating connection', 'connect ECONNREFUSED'])
    await job.stop()
  })
})
