import { createRequire } from 'node:module'
import { context, propagation, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import { isProbePath } from './health.js'

export { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace'

export interface TelemetryOptions {
  serviceName: string
  /** Spans go here one by one as they end: an `InMemorySpanExporter` in tests. */
  exporter?: SpanExporter
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans are batched to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string
}

export interface Telemetry {
  tracerProvider: TracerProvider
  /** Flushes pending spans, removes the instrumentations and the global provider, context manager and propagator. */
  shutdown(): Promise<void>
}

/**
 * Starts tracing for the process: a global tracer provider, context carried through async calls by
 * AsyncLocalStorage, W3C `traceparent`/`baggage` propagation, spans for incoming and outgoing HTTP and for
 * PostgreSQL queries. Spans go to `exporter` and/or to OTLP when `otlpEndpoint` is given; with neither they
 * are still created (so ids reach logs and message headers) and dropped.
 *
 * Call it in `main.ts` before anything that loads `pg` is imported (see docs/service-kit.md): the pg
 * instrumentation patches the module when it loads. Fastify needs no such care: its requests get their spans
 * from `@fastify/otel` inside `createService`, which continues an incoming `traceparent` whether or not the
 * http instrumentation saw the request (it does not for `app.inject`).
 */
export function startTelemetry(opts: TelemetryOptions): Telemetry {
  // The API keeps its globals for the life of the process and ignores a second registration; a process (or a
  // test file after another's) that starts telemetry again gets the new setup, not the old one.
  trace.disable()
  propagation.disable()
  context.disable()
  const contextManager = new AsyncLocalStorageContextManager().enable()
  context.setGlobalContextManager(contextManager)
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  )

  const spanProcessors: SpanProcessor[] = []
  if (opts.exporter) spanProcessors.push(new SimpleSpanProcessor({ exporter: opts.exporter }))
  if (opts.otlpEndpoint) {
    const url = `${opts.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`
    spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) }))
  }
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors,
  })
  trace.setGlobalTracerProvider(tracerProvider)

  const unregister = registerInstrumentations({
    tracerProvider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => isProbePath(req.url ?? ''),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  })
  // The http instrumentation patches `node:http` when it is required. Fastify and the test runner may have
  // loaded it already; requiring it again now lets the hook patch the shared module object in place.
  const require = createRequire(import.meta.url)
  require('node:http')
  require('node:https')

  return {
    tracerProvider,
    async shutdown() {
      unregister()
      await tracerProvider.shutdown()
      trace.disable()
      propagation.disable()
      context.disable()
    },
  }
}
