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
 * A request's URL for the log, with the value of any `access_token` query parameter replaced: the gateway's live
 * stream takes a browser's token there (docs/security.md "Live updates"), and a token in a log line is a credential
 * anyone reading the logs could use.
 */
export const redactUrl = (url: string | undefined) => url?.replace(/([?&]access_token=)[^&#]*/gi, '$1[Redacted]')

type LoggedRequest = {
  method?: string
  url?: string
  host?: string
  ip?: string
  headers?: Record<string, unknown>
  socket?: { remotePort?: number }
}

/**
 * pino options for a service: JSON to stdout, the service name on every line, trace ids from the active span,
 * credentials redacted (headers, and a token in the URL's query). `overrides` (e.g. `{ stream }` in tests) are merged
 * last.
 */
export function loggerOptions(serviceName: string, level: string, overrides: object = {}): LoggerOptions {
  return {
    level,
    base: { service: serviceName, pid: process.pid, hostname: hostname() },
    mixin: traceMixin,
    redact: ['req.headers.authorization', 'req.headers.cookie', `req.headers["${ASSERTION_HEADER}"]`],
    // Fastify's own request serializer but for the URL (Fastify merges these over its defaults).
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        version: req.headers?.['accept-version'],
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    ...overrides,
  }
}
