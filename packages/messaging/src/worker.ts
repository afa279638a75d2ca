/** Where a worker reports: each failure once with its cause, the recovery at info. */
export type WorkerLog = {
  error(obj: object, msg: string): void
  warn?(obj: object, msg: string): void
  info?(obj: object, msg: string): void
}

/**
 * What the relay and consumers offer a service's lifecycle. It has the shape of service-kit's `Worker`, so they
 * go straight into `createService(..., { workers })`; messaging does not depend on service-kit to say so.
 */
export type MessagingWorker = {
  name: string
  /** `ctx.log`: the service's logger for this worker, used when the worker was made without one. */
  start(ctx?: { log: WorkerLog }): Promise<void>
  /** Returns once in-flight work has committed (and, for a consumer, been acked). */
  stop(): Promise<void>
  healthy(): boolean
}

/** What a failure is, to tell a new one from the same one again: its code and the first line of its message. */
export const failureKey = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown } | undefined
  return `${String(e?.code ?? '')}:${String(e?.message ?? err).split('\n')[0]}`
}
