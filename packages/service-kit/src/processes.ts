import cluster from 'node:cluster'
import { pino } from 'pino'
import { loggerOptions } from './logger.js'

/** How the first process looks after the processes that serve: how many, and how long they may take to stop. */
export interface ProcessesOptions {
  name: string
  count: number
  /** How long the processes may take to close after SIGTERM/SIGINT before they are killed (`SHUTDOWN_GRACE_MS`). */
  graceMs: number
  /** The supervisor's log level (`LOG_LEVEL`), as its processes'. */
  logLevel: string
  /** At most this many replacements within `restartWindowMs`; one more stops the service (default 5 in 60 s). */
  maxRestarts?: number
  restartWindowMs?: number
}

/**
 * Whether a copy that crashed while serving is replaced, given when the earlier replacements happened (ms, oldest
 * first): not when `max` already happened within the window. A copy that crashes every time it serves would
 * otherwise be restarted forever, hiding the fault from the orchestrator that could act on it.
 */
export function mayRestart(restarts: readonly number[], now: number, max: number, windowMs: number): boolean {
  return restarts.filter((at) => now - at < windowMs).length < max
}

/**
 * Runs `count` copies of this very process (node:cluster) that all listen on the service's one port — the first
 * process holds the socket and hands each new connection to one of them — and supervises them: one that dies is
 * started again (at most `maxRestarts` within `restartWindowMs`; more, and the service stops with 1); SIGTERM or SIGINT is passed to every copy, each closes as `runService` closes a single process
 * (stop taking requests, finish those in flight, stop its workers), and the first process exits once all have, 0
 * after a signal and 1 when one stopped before it listened or the grace ran out. Each copy is the whole service: a service
 * whose background work must not run twice at once must already be safe as several replicas (the gateway's reader
 * is: one batch applies at a time, behind its cursor's row lock).
 */
export function superviseProcesses({
  name,
  count,
  graceMs,
  logLevel,
  maxRestarts = 5,
  restartWindowMs = 60_000,
}: ProcessesOptions): Promise<number> {
  const log = pino(loggerOptions(name, logLevel)).child({ role: 'supervisor' })
  // Wall-clock time is right here: a crash loop is a matter of the process's life, not of legal time.
  const restarts: number[] = []
  const running = new Set<number>()
  // A process that stops before it ever listened failed to start (a bad config, the port taken, the database
  // refusing it): starting it again would only loop, so the service stops instead. One that stops after it
  // listened crashed while serving, and is replaced.
  const listened = new Set<number>()
  let stopping = false
  const start = () => {
    running.add(cluster.fork().id)
  }
  cluster.on('listening', (worker) => {
    listened.add(worker.id)
    log.info({ worker: worker.process.pid }, 'process listening')
  })
  return new Promise((resolve) => {
    let code = 0
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      log.info({ signal }, 'stopping every process')
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
      setTimeout(() => {
        log.error({ graceMs }, 'processes still running after the grace period; killing them')
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL')
        code = 1
      }, graceMs + 1_000).unref()
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
    cluster.on('exit', (worker, exitCode, signal) => {
      running.delete(worker.id)
      if (!stopping) {
        if (!listened.has(worker.id)) {
          log.error({ exitCode, signal }, 'a process stopped before it listened; stopping the service')
          code = 1
          stop('SIGTERM')
        } else if (!mayRestart(restarts, Date.now(), maxRestarts, restartWindowMs)) {
          log.error(
            { exitCode, signal, maxRestarts, restartWindowMs },
            'processes keep stopping while serving; stopping the service',
          )
          code = 1
          stop('SIGTERM')
        } else {
          log.error({ exitCode, signal }, 'a process stopped; starting another')
          restarts.push(Date.now())
          start()
        }
      }
      listened.delete(worker.id)
      if (stopping && running.size === 0) resolve(code)
    })
    for (let i = 0; i < count; i += 1) start()
    log.info({ count }, 'processes started')
  })
}

/** Whether this is one of the processes `superviseProcesses` started (it serves) rather than their supervisor. */
export const isSupervisedProcess = () => cluster.isWorker
