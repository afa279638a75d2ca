// pnpm bench:messaging — latency from commit to handled, and throughput, through the outbox and through a raw
// JetStream publish, side by side, against the machine's PostgreSQL and NATS. Prints medians and p99s.
import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { v7 as uuidv7 } from 'uuid'
import { createConsumer, createOutbox, pgTransaction, wireSubject } from '../src/index.js'
import { applyEntries, createLedgerWorld, LedgerEntryRecordedV1, recordEntry } from '../test/fixture/ledger.js'

const N = Number(process.env['BENCH_EVENTS'] ?? 2000)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16)
/** `latency` (commit→handled, outbox against raw publish), `drain` (the relay alone against pipelined publishes), or both. */
const ONLY = process.env['BENCH_ONLY'] ?? 'latency,drain'
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

async function run(path: 'outbox' | 'raw publish') {
  const w = await createLedgerWorld({ natsUrl, databaseUrl })
  const { nc, jsm, producer, consumerDb, topology } = w
  const committedAt = new Map<string, number>()
  const latencies: number[] = []
  let done: () => void = () => {}
  const allHandled = new Promise<void>((r) => {
    done = r
  })
  const inner = applyEntries()
  const js = jetstream(nc)
  const consumer = createConsumer(
    {
      ...inner,
      async handle(ctx: Parameters<typeof inner.handle>[0]) {
        await inner.handle(ctx)
        const key = `${ctx.event.accountId}:${ctx.event.version}`
        const t0 = committedAt.get(key)
        if (t0 !== undefined) latencies.push(performance.now() - t0)
        if (latencies.length === N) done()
      },
    },
    {
      js,
      jsm,
      pool: consumerDb.pool,
      transaction: pgTransaction<Parameters<Parameters<typeof w.consumer.$transaction>[0]>[0]>(
        consumerDb.pool,
        w.consumer,
      ),
      topology: topology,
      outbox: createOutbox({ source: 'bench', now: () => new Date() }),
      now: () => new Date(),
    },
    { concurrency: 32, inactiveThresholdMs: 60_000 },
  )
  await consumer.start()
  const relay = w.relay()
  if (path === 'outbox') await relay.start()
  const outbox = createOutbox({ source: 'bench', now: () => new Date() })
  const perWorker = 12
  const accounts = Array.from({ length: CONCURRENCY * perWorker }, () => randomUUID())
  const versions = new Map<string, number>()
  const start = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = next++; i < N; i = next++) {
        // Each worker owns its accounts, so versions of one account are committed in order.
        const account = accounts[(i % perWorker) * CONCURRENCY + worker] as string
        const version = (versions.get(account) ?? 0) + 1
        versions.set(account, version)
        if (path === 'outbox') {
          // Each account a project of its own: the services' events name their project.
          await recordEntry(producer, outbox, account, 1, account)
          committedAt.set(`${account}:${version}`, performance.now())
        } else {
          const h = natsHeaders()
          const id = uuidv7()
          h.set('ce-id', id)
          h.set('ow-aggregate', account)
          committedAt.set(`${account}:${version}`, performance.now())
          await js.publish(
            wireSubject(topology, LedgerEntryRecordedV1.subject),
            JSON.stringify({ accountId: account, version, amount: 1 }),
            { msgID: id, headers: h },
          )
        }
      }
    }),
  )
  await allHandled
  const seconds = (performance.now() - start) / 1000
  await relay.stop()
  await consumer.stop()
  await w[Symbol.asyncDispose]()
  latencies.sort((a, b) => a - b)
  return {
    path,
    events: N,
    p50_ms: +percentile(latencies, 50).toFixed(2),
    p99_ms: +percentile(latencies, 99).toFixed(2),
    events_per_s: Math.round(N / seconds),
  }
}

/**
 * The relay alone: N events committed while it is stopped (one transaction each, over CONCURRENCY × 12 accounts),
 * then the time for `flush()` to publish them all; beside it the floor, the same N bodies published straight to
 * JetStream pipelined, 250 in flight at a time (no order kept, nothing marked). No consumer runs.
 */
async function drain() {
  const w = await createLedgerWorld({ natsUrl, databaseUrl })
  const outbox = createOutbox({ source: 'bench', now: () => new Date() })
  const accounts = Array.from({ length: CONCURRENCY * 12 }, () => randomUUID())
  let next = 0
  // Committed four at a time: the prefill is not what is measured, and a loaded machine times out wider.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = next++; i < N; i = next++) {
        const account = accounts[i % accounts.length] as string
        await recordEntry(w.producer, outbox, account, 1, account)
      }
    }),
  )
  const relay = w.relay()
  let start = performance.now()
  // A publish that times out on a loaded machine fails the pass; the next one goes on from the unsent rows.
  const unsent = async () =>
    Number(
      (await w.producerDb.pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'))
        .rows[0]?.n,
    )
  for (let pass = 0; pass < 20; pass++)
    if (
      await relay.flush().then(
        () => true,
        () => false,
      )
    )
      break
  const relayMs = performance.now() - start
  const left = await unsent()
  const js = jetstream(w.nc)
  const subject = wireSubject(w.topology, LedgerEntryRecordedV1.subject)
  start = performance.now()
  // In windows of 250 in flight: all 2,000 at once time out on a loaded machine.
  for (let from = 0; from < N; from += 250)
    await Promise.all(
      Array.from({ length: Math.min(250, N - from) }, (_, k) => {
        const i = from + k
        const h = natsHeaders()
        h.set('ow-aggregate', accounts[i % accounts.length] as string)
        const account = accounts[i % accounts.length]
        return js.publish(subject, JSON.stringify({ accountId: account, version: 1, amount: 1, projectId: account }), {
          msgID: uuidv7(),
          headers: h,
        })
      }),
    )
  const floorMs = performance.now() - start
  await w[Symbol.asyncDispose]()
  if (left > 0) throw new Error(`the relay left ${left} of ${N} unsent`)
  return {
    events: N,
    aggregates: accounts.length,
    relay_events_per_s: Math.round(N / (relayMs / 1000)),
    floor_events_per_s: Math.round(N / (floorMs / 1000)),
    'relay ÷ floor': +(relayMs / floorMs).toFixed(2),
  }
}

if (ONLY.includes('latency')) {
  console.table([await run('outbox'), await run('raw publish')])
  console.log(`commit→handled, ${N} events, ${CONCURRENCY} concurrent producers, consumer concurrency 32`)
}
if (ONLY.includes('drain')) {
  console.table([await drain()])
  console.log('relay drain: the outbox published by flush() against the same events published pipelined (time ratio)')
}
