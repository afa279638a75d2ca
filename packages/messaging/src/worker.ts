/**
 * What the relay and consumers offer a service's lifecycle. It has the shape of service-kit's `Worker`, so they
 * go straight into `createService(..., { workers })`; messaging does not depend on service-kit to say so.
 */
export type MessagingWorker = {
  name: string
  start(): Promise<void>
  /** Returns once in-flight work has committed (and, for a consumer, been acked). */
  stop(): Promise<void>
  healthy(): boolean
}
