import { randomUUID } from 'node:crypto'
import { createService, InMemorySpanExporter, startTelemetry, systemClock } from '@onewindow/service-kit'
import { createTestSchema } from '@onewindow/testing'
import { SpanKind, trace } from '@opentelemetry/api'
import { Type } from 'typebox'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { pgTransaction, TRANSACTION_RERUN } from '../src/index.js'
import { applyEntries, migrationsDir, recordEntry, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

const exporter = new InMemorySpanExporter()
const telemetry = startTelemetry({ serviceName: 'trace-test', exporter })
afterAll(() => telemetry.shutdown())

describe('trace context across NATS', () => {
  it('one trace id spans the HTTP request in the producer and the handler in the consumer', async () => {
    await using w = await ledgerWorld()
    const outbox = w.outbox
    const app = await createService('producer', { clock: systemClock }, { logger: false })
    app.post(
      '/entries',
      {
        schema: {
          body: Type.Object({ accountId: Type.String(), amount: Type.Integer() }, { additionalProperties: false }),
        },
      },
      async (req, reply) => {
        await recordEntry(w.producer, outbox, req.body.accountId, req.body.amount)
        return reply.code(202).send()
      },
    )
    // The relay runs outside any request: the trace must travel with the outbox row, not with the relay.
    const relay = w.relay({ pollIntervalMs: 100 })
    const seenTraceIds: string[] = []
    const inner = applyEntries()
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, {
      ...inner,
      async handle(ctx) {
        seenTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none')
        await inner.handle(ctx)
      },
    })
    await relay.start()

    const traceId = randomUUID().replaceAll('-', '')
    const res = await app.inject({
      method: 'POST',
      url: '/entries',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: { accountId: randomUUID(), amount: 3 },
    })
    expect(res.statusCode).toBe(202)
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    expect(seenTraceIds).toEqual([traceId])
    await consumer.stop()
    await relay.stop()
    await app.close()

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId)
    expect(spans.some((s) => s.kind === SpanKind.SERVER)).toBe(true)
    const consumerSpan = spans.find((s) => s.kind === SpanKind.CONSUMER)
    expect(consumerSpan?.name).toBe('ledger-apply permit.intake.ledger.entry-recorded.v1')
  })
})

describe('the trace context an outbox row keeps', () => {
  // service-kit's propagator injects W3C baggage too: any client's `baggage` header (8 KiB) would ride every event of
  // the request, and downstream, past the headers' budget (EVENT_ENVELOPE_RESERVE) the event sizes are held to.
  it('is traceparent and a tracestate of at most 512 characters: no baggage, no longer tracestate', async () => {
    await using w = await ledgerWorld()
    const app = await createService('producer', { clock: systemClock }, { logger: false })
    app.post(
      '/entries',
      { schema: { body: Type.Object({ accountId: Type.String() }, { additionalProperties: false }) } },
      async (req, reply) => {
        await recordEntry(w.producer, w.outbox, req.body.accountId, 1)
        return reply.code(202).send()
      },
    )
    const traceId = randomUUID().replaceAll('-', '')
    // 40 entries of 195 characters, 7,839 in all: what OpenTelemetry's baggage propagator takes (8,192 at most, each
    // entry under 4,096).
    const baggage = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}=${'v'.repeat(191)}`).join(',')
    const post = (tracestate: string) =>
      app.inject({
        method: 'POST',
        url: '/entries',
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate, baggage },
        payload: { accountId: randomUUID() },
      })
    expect((await post('vendor=kept')).statusCode).toBe(202)
    // 32 members, 639 characters: OpenTelemetry keeps what fits in 512 (W3C's length), and the row no more.
    const long = Array.from({ length: 32 }, (_, i) => `v${String(i).padStart(2, '0')}=${'x'.repeat(15)}`).join(',')
    expect((await post(long)).statusCode).toBe(202)
    await app.close()
    const rows = await w.producerDb.pool.query<{ headers: Record<string, string> }>(
      `SELECT headers FROM outbox_message ORDER BY id`,
    )
    const traceOf = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('ce-') && !k.startsWith('ow-')))
    const [short, cut] = rows.rows.map((r) => traceOf(r.headers))
    expect(short).toEqual({ traceparent: expect.stringContaining(traceId), tracestate: 'vendor=kept' })
    expect(Object.keys(cut ?? {}).sort()).toEqual(['traceparent', 'tracestate'])
    expect(cut?.['tracestate']?.length).toBeLessThanOrEqual(512)
  })
})

describe('a transaction run again', () => {
  it("leaves an event on the caller's span, with the run's number and PostgreSQL's SQLSTATE; a first run none", async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'rerun')
    const transaction = pgTransaction(db.pool)
    const tracer = trace.getTracer('rerun-test')
    let runs = 0
    await tracer.startActiveSpan('conflicting', async (span) => {
      await transaction(async (tx) => {
        runs++
        // The deadlock's victim as PostgreSQL reports it, raised by the server on the first run only.
        if (runs === 1) await tx.$executeRaw`DO $$ BEGIN RAISE EXCEPTION 'victim' USING ERRCODE = '40P01'; END $$`
      })
      span.end()
    })
    await tracer.startActiveSpan('quiet', async (span) => {
      await transaction((tx) => tx.$queryRaw`SELECT 1`)
      span.end()
    })
    expect(runs).toBe(2)
    const finished = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name)
    expect(finished('conflicting')?.events.map((e) => [e.name, e.attributes])).toEqual([
      [TRANSACTION_RERUN, { 'db.transaction.attempt': 2, 'db.response.status_code': '40P01' }],
    ])
    expect(finished('quiet')?.events).toEqual([])
  })
})
