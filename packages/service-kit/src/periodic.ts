import type { Worker } from './health.js'

export type PeriodicWorker = Worker & {
  /** Completed passes since the worker was made: tests wait on it instead of sleeping. */
  readonly runs: number
  /** One pass now, outside the schedule; resolves to what the pass reports (e.g. events emitted). */
  runOnce(): Promise<number>
}

export type PeriodicOptions = {
  name: string
  everyMs: number
  /** One pass. A rejected pass is logged and retried at the next tick; the worker reports unhealthy until one passes. */
  run: () => Promise<number>
  /** First pass at start (default) or one period after it. */
  runAtStart?: boolean
  log?: { error(obj: object, msg: string): void }
}

/**
 * A job that runs one pass, waits `everyMs`, and runs again: passes never overlap, and `stop` waits for the one in
 * flight, so a stopped job leaves nothing half done. What "once" means belongs to the pass (its rows and locks),
 * not to this loop.
 */
export function periodicWorker(options: PeriodicOptions): PeriodicWorker {
  let runs = 0
  let running = false
  let failing = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> | undefined

  const runOnce = async (): Promise<number> => {
    const n = await options.run()
    runs += 1
    return n
  }

  const tick = () => {
    timer = undefined
    inFlight = runOnce()
      .then(() => {
        failing = false
      })
      .catch((err: unknown) => {
        failing = true
        options.log?.error({ err, job: options.name }, `${options.name} failed`)
      })
      .finally(() => {
        inFlight = undefined
        if (running) timer = setTimeout(tick, options.everyMs)
      })
  }

  return {
    name: options.name,
    get runs() {
      return runs
    },
    runOnce,
    async start() {
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
    healthy: () => running && !failing,
  }
}
