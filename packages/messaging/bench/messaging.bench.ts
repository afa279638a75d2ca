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
          await recordEntry(producer, outbox, account, 1)
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

const rows = [await run('outbox'), await run('raw publish')]
console.table(rows)
console.log(`commit→handled, ${N} events, ${CONCURRENCY} concurrent producers, consumer concurrency 32`)
