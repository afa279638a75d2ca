import type { MsgHdrs } from '@nats-io/nats-core'
import { type Context, context, propagation, ROOT_CONTEXT, type TextMapGetter, trace } from '@opentelemetry/api'

/**
 * The longest `tracestate` stored: the length W3C Trace Context asks every vendor to propagate (a longer one may be
 * cut); with `traceparent`'s fixed 55 characters it keeps a row's headers within `EVENT_ENVELOPE_RESERVE`.
 */
export const MAX_TRACESTATE = 512

/**
 * The W3C trace context of the active span, as plain headers to store with an outbox row: `traceparent` and a
 * `tracestate` of at most {@link MAX_TRACESTATE} characters, nothing else. The global propagator also injects
 * `baggage` (service-kit registers W3C baggage), which is any client's request header up to 8 KiB: stored, it would
 * ride every event of that request and every event after it downstream, past the headers' budget, and could make a
 * body that fits a message NATS refuses.
 */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  const { traceparent, tracestate } = carrier
  return {
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate && tracestate.length <= MAX_TRACESTATE ? { tracestate } : {}),
  }
}

const natsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (h) => (h ? [...h.keys()] : []),
  get: (h, key) => h?.get(key) || undefined,
}

/** The context a message was published in, so a consumer's span continues the producer's trace. */
export const contextFromHeaders = (h: MsgHdrs | undefined): Context => propagation.extract(ROOT_CONTEXT, h, natsGetter)

export const tracer = () => trace.getTracer('@onewindow/messaging')
