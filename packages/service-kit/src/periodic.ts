import type { Worker, WorkerContext, WorkerLog } from './health.js'

export type PeriodicWorker = Worker & {
  /** Completed passes since the worker was made: tests wait on it instead of sleeping. */
  readonly runs: number
  /** One pass now, outside the schedule; resolves to what the pass reports (e.g. events emitted). */
  runOnce(): Promise<number>
  /**
   * The next pass now: at once if none is running, right after the one in flight otherwise (which may have read the
   * time before whatever woke it). Several wakes before a pass begins give one pass.
   */
  wake(): void
}

export type PeriodicOptions = {
  name: string
  everyMs: number
  /**
   * One pass. A rejected pass is retried soon (`retryMs`, doubling up to `maxRetryMs`, never later than `everyMs`),
   * not a whole period later; the worker reports unhealthy until a pass succeeds.
   */
  run: () => Promise<number>
  /** First pass at start (default) or one period after it. */
  runAtStart?: boolean
  /** First retry after a failed pass; default 250 ms. */
  retryMs?: number
  /** The longest pause between retries; default 1000 ms (and at most `everyMs`). */
  maxRetryMs?: number
  /** Where failures go; default the logger the service gives the worker at start. */
  log?: WorkerLog
}

/** What a failure is, for telling a new one from the same one again: the first line of its message and its code. */
export const failureKey = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown } | undefined
  return `${String(e?.code ?? '')}:${String(e?.message ?? err).split('\n')[0]}`
}

/**
 * A job that runs one pass, waits `everyMs`, and runs again: passes never overlap, and `stop` waits for the one in
 * flight, so a stopped job leaves nothing half done. What "once" means belongs to the pass (its rows and locks),
 * not to this loop.
 *
 * A failed pass is logged once per cause until a pass succeeds (the same failure again is not logged), retried after a short
 * capped backoff, and the recovery is logged with how many passes failed: after a database outage the job is
 * healthy again within `maxRetryMs` of the database's return, not a period later.
 */
export function periodicWorker(options: PeriodicOptions): PeriodicWorker {
  const firstRetry = Math.min(options.retryMs ?? 250, options.everyMs)
  const maxRetry = Math.max(firstRetry, Math.min(options.maxRetryMs ?? 1000, options.everyMs))
  let log = options.log
  let runs = 0
  let running = false
  let failures = 0
  const logged = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> | undefined
  let wokenInFlight = false

  const runOnce = async (): Promise<number> => {
    const n = await options.run()
    runs += 1
    return n
  }

  const tick = () => {
    timer = undefined
    wokenInFlight = false
    let pause = options.everyMs
    inFlight = runOnce()
      .then(() => {
        if (failures > 0) log?.info?.({ job: options.name, failedPasses: failures }, `${options.name} recovered`)
        failures = 0
        logged.clear()
      })
      .catch((err: unknown) => {
        failures += 1
        pause = Math.min(firstRetry * 2 ** (failures - 1), maxRetry)
        const key = failureKey(err)
        if (!logged.has(key)) {
          logged.add(key)
          log?.error({ err, job: options.name, retryInMs: pause }, `${options.name} failed; retrying`)
        }
      })
      .finally(() => {
        inFlight = undefined
        if (running) timer = setTimeout(tick, wokenInFlight ? 0 : pause)
      })
  }

  return {
    name: options.name,
    get runs() {
      return runs
    },
    runOnce,
    async start(ctx?: WorkerContext) {
      log ??= ctx?.log
      running = true
      if (options.runAtStart === false) timer = setTimeout(tick, options.everyMs)
      else tick()
    },
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = undefined
      await inFlight
    },
    wake() {
      if (!running) return
      if (inFlight) {
        wokenInFlight = true
        return
      }
      // A timer already set to 0 (woken before) is replaced by another 0: still one pass.
      if (timer) clearTimeout(timer)
      timer = setTimeout(tick, 0)
    },
    healthy: () => running && failures === 0,
  }
}
