import type { MsgHdrs } from '@nats-io/nats-core'
import { type Context, context, propagation, ROOT_CONTEXT, type TextMapGetter, trace } from '@opentelemetry/api'

/** The W3C trace context of the active span, as plain headers to store with an outbox row. */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  return carrier
}

const natsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (h) => (h ? [...h.keys()] : []),
  get: (h, key) => h?.get(key) || undefined,
}

/** The context a message was published in, so a consumer's span continues the producer's trace. */
export const contextFromHeaders = (h: MsgHdrs | undefined): Context => propagation.extract(ROOT_CONTEXT, h, natsGetter)

export const tracer = () => trace.getTracer('@onewindow/messaging')
