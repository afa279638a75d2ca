import { hostname } from 'node:os'
import { ASSERTION_HEADER } from '@onewindow/contracts'
import { trace } from '@opentelemetry/api'
import type { LoggerOptions } from 'pino'

/**
 * pino's mixin: every log line written while a span is active carries its `trace_id` and `span_id`, so a line
 * in the logs leads to the trace and back. Outside a span it adds nothing.
 */
export function traceMixin(): Record<string, string> {
  const span = trace.getActiveSpan()
  if (!span) return {}
  const { traceId, spanId } = span.spanContext()
  return { trace_id: traceId, span_id: spanId }
}

/**
 * pino options for a service: JSON to stdout, the service name on every line, trace ids from the active span,
 * credentials redacted. `overrides` (e.g. `{ stream }` in tests) are merged last.
 */
export function loggerOptions(serviceName: string, level: string, overrides: object = {}): LoggerOptions {
  return {
    level,
    base: { service: serviceName, pid: process.pid, hostname: hostname() },
    mixin: traceMixin,
    redact: ['req.headers.authorization', 'req.headers.cookie', `req.headers["${ASSERTION_HEADER}"]`],
    ...overrides,
  }
}
