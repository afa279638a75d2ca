import cluster from 'node:cluster'
import { pino } from 'pino'

/** How the first process looks after the processes that serve: how many, and how long they may take to stop. */
export interface ProcessesOptions {
  name: string
  count: number
  /** How long the processes may take to close after SIGTERM/SIGINT before they are killed (`SHUTDOWN_GRACE_MS`). */
  graceMs: number
}

/**
 * Runs `count` copies of this very process (node:cluster) that all listen on the service's one port — the first
 * process holds the socket and hands each new connection to one of them — and supervises them: one that dies is
 * started again; SIGTERM or SIGINT is passed to every copy, each closes as `runService` closes a single process
 * (stop taking requests, finish those in flight, stop its workers), and the first process exits once all have, 0
 * after a signal and 1 when one stopped before it listened or the grace ran out. Each copy is the whole service: a service
 * whose background work must not run twice at once must already be safe as several replicas (the gateway's reader
 * is: one batch applies at a time, behind its cursor's row lock).
 */
export function superviseProcesses({ name, count, graceMs }: ProcessesOptions): Promise<number> {
  const log = pino({ name, base: { service: name, role: 'supervisor', pid: process.pid } })
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
        } else {
          log.error({ exitCode, signal }, 'a process stopped; starting another')
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
