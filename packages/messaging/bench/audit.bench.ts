// pnpm bench:audit — what the audit entry adds to a command: the same command (an account row and its event in the
// outbox, one transaction) with and without `auditedRunner`, alternated in rounds so drift in the shared machine hits
// both alike. Prints per-command p50/p99 and commands/s at concurrency 1 and 16.
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import { auditedRunner, createAuditLog, pgTransaction } from '../src/index.js'
import { createLedgerWorld, LedgerEntryRecordedV1 } from '../test/fixture/ledger.js'

const N = Number(process.env['BENCH_COMMANDS'] ?? 600)
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN

await using w = await createLedgerWorld({ natsUrl, databaseUrl })
const transaction = pgTransaction<Parameters<Parameters<typeof w.producer.$transaction>[0]>[0]>(
  w.producerDb.pool,
  w.producer,
)
const audited = auditedRunner(transaction, createAuditLog({ now: () => new Date() }))

const work = async (tx: Parameters<Parameters<typeof transaction>[0]>[0]) => {
  const id = uuidv7()
  await tx.account.create({ data: { id, version: 1, total: 1 } })
  await w.outbox.add(tx, {
    event: LedgerEntryRecordedV1,
    body: { accountId: id, version: 1, amount: 1 },
    aggregateId: id,
  })
  return { ok: true as const, value: id }
}
const plain = () => transaction(work)
const withAudit = () =>
  audited({ actor: { sub: 'bench', role: 'clerk' }, action: 'bench.credit', object: 'account' }, work)

async function measure(command: () => Promise<unknown>, concurrency: number, n: number) {
  const times: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const t = performance.now()
        await command()
        times.push(performance.now() - t)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { times, perSecond: n / seconds }
}

for (const concurrency of [1, 16]) {
  const results = {
    plain: { times: [] as number[], rate: [] as number[] },
    audited: { times: [] as number[], rate: [] as number[] },
  }
  await measure(plain, concurrency, 50)
  await measure(withAudit, concurrency, 50)
  for (let round = 0; round < 4; round++) {
    for (const [name, command] of [
      ['plain', plain],
      ['audited', withAudit],
    ] as const) {
      const r = await measure(command, concurrency, N / 4)
      results[name].times.push(...r.times)
      results[name].rate.push(r.perSecond)
    }
  }
  for (const [name, r] of Object.entries(results)) {
    const s = [...r.times].sort((a, b) => a - b)
    const rate = r.rate.reduce((a, b) => a + b, 0) / r.rate.length
    console.log(
      `concurrency ${String(concurrency).padStart(2)}  ${name.padEnd(8)} p50 ${pct(s, 50).toFixed(2)} ms  p99 ${pct(s, 99).toFixed(2)} ms  ${rate.toFixed(0)} commands/s`,
    )
  }
}
