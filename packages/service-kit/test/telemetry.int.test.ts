import { Writable } from 'node:stream'
import { SpanKind } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  createService,
  InMemorySpanExporter,
  type ServiceApp,
  startTelemetry,
  systemClock,
  type Telemetry,
} from '../src/index.js'

const exporter = new InMemorySpanExporter()
let telemetry: Telemetry
let app: ServiceApp
let address: string
type LogLine = { msg?: string; trace_id?: string; span_id?: string }
const logLines: LogLine[] = []

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const parentSpanId = '00f067aa0ba902b7'
const traceparent = (id = traceId) => `00-${id}-${parentSpanId}-01`

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'telemetry-test', exporter })
  // pg is loaded after the instrumentation is registered, as main.ts does with its app module.
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 })
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line))
      done()
    },
  })
  app = await createService(
    'telemetry-test',
    { clock: systemClock },
    { logger: { stream }, closers: [() => pool.end()] },
  )
  app.get('/work', async (request) => {
    request.log.info('inside handler')
    await new Promise((resolve) => setImmediate(resolve))
    const { rows } = await pool.query('SELECT 41 + 1 AS answer')
    app.log.info('after the query')
    return { answer: rows[0].answer }
  })
  address = await app.listen({ host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await app?.close()
  await telemetry?.shutdown()
})

const spansOf = (id: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === id)

describe('telemetry', () => {
  it('continues an incoming traceparent on an injected request: server span, pg span and log lines share it', async () => {
    const res = await app.inject({ method: 'GET', url: '/work', headers: { traceparent: traceparent() } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ answer: 42 })

    const spans = spansOf(traceId)
    const server = spans.find((s) => s.kind === SpanKind.SERVER)
    expect(server, 'a server span in the incoming trace').toBeDefined()
    expect(server?.parentSpanContext?.spanId).toBe(parentSpanId)
    expect(spans.some((s) => s.name.startsWith('pg.query'))).toBe(true)

    const inside = logLines.filter((l) => l.msg === 'inside handler' || l.msg === 'after the query')
    expect(inside).toHaveLength(2)
    for (const line of inside) {
      expect(line.trace_id).toBe(traceId)
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/)
    }
  })

  it('continues an incoming traceparent over real HTTP', async () => {
    const id = `${'a'.repeat(31)}1`
    const res = await fetch(`${address}/work`, { headers: { traceparent: traceparent(id) } })
    expect(res.status).toBe(200)
    const spans = spansOf(id)
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).length).toBeGreaterThanOrEqual(1)
    expect(spans.some((s) => s.name.startsWith('pg.query'))).toBe(true)
    expect(logLines.find((l) => l.msg === 'inside handler' && l.trace_id === id)).toBeDefined()
  })

  it('starts a new trace when the request carries none', async () => {
    const before = new Set(exporter.getFinishedSpans().map((s) => s.spanContext().traceId))
    const res = await app.inject({ method: 'GET', url: '/work' })
    expect(res.statusCode).toBe(200)
    const fresh = exporter.getFinishedSpans().filter((s) => !before.has(s.spanContext().traceId))
    expect(fresh.some((s) => s.kind === SpanKind.SERVER)).toBe(true)
  })

  it('does not trace health probes', async () => {
    const id = `${'b'.repeat(31)}2`
    await app.inject({ method: 'GET', url: '/readyz', headers: { traceparent: traceparent(id) } })
    await fetch(`${address}/healthz`, { headers: { traceparent: traceparent(id) } })
    expect(spansOf(id)).toEqual([])
  })
})
