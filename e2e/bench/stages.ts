// pnpm bench:stages — where the time of one application goes on the write path. Runs onewindow in this process,
// one application at a time (so everything seen between its request and its visible tasks is its own), and
// timestamps, without touching the services: every pg transaction (BEGIN … COMMIT, by schema and by kind: relay,
// consumer, the gateway's ordered reader or request), every JetStream publish on the shared NATS connection, the
// arrival in this process of the step's tasks-assigned (a core subscription beside the gateway's reader, on the same
// connection), the gateway's call to the owning service and that service's HTTP request (node:diagnostics_channel).
// Prints the median and p90 of each stage. BENCH_STAGES_SQL=1 also prints the statements of intake's request, approval's
// consumer transaction and of the reader's transactions for the last application (what each costs in round trips).
import diagnostics from 'node:diagnostics_channel'
import { ensureDatabase } from '@onewindow/db'
import { wireSubject } from '@onewindow/messaging'
import pg from 'pg'
import { count } from './env.js'
import { once, onewindowInProcess } from './systems.js'

const DEPARTMENTS = count('BENCH_STAGES_DEPARTMENTS', 8)
const SAMPLES = count('BENCH_SOLO', 40)
const WARMUP = count('BENCH_WARMUP', 5, { zero: true })
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'

/** `committing`: COMMIT sent; `commit`: its answer handled (a woken relay may begin in between). */
type Tx = {
  schema: string
  kind: 'relay' | 'consumer' | 'reader' | 'request'
  begin: number
  committing: number
  commit: number
  first?: string
  /** Round trips, BEGIN and COMMIT included. */
  statements: number
  texts: string[]
  /** When each statement after BEGIN was sent. */
  sent: number[]
}
type Mark = { at: number; end: number; what: string }
const txs: Tx[] = []
const publishes: Mark[] = []
/** Statements outside any transaction, by schema; `end` when its answer was handled. */
const single: Array<{ at: number; end: number; schema: string; text: string }> = []
const fetches: Mark[] = []
const served: Mark[] = []

const open = new WeakMap<object, Tx>()
const schemaOf = (client: unknown) => {
  const options = (client as { connectionParameters?: { options?: string } }).connectionParameters?.options ?? ''
  return /search_path="?([a-z]+)_/.exec(options)?.[1] ?? '?'
}
const textOf = (q: unknown) => (typeof q === 'string' ? q : ((q as { text?: string })?.text ?? ''))
/** The benchmark's own visibility check (e2e/bench/visible.ts) reads the gateway's schema: not the platform's work. */
const benchCheck = /FROM task WHERE project_id/
const taskWrite = /INSERT INTO ("[a-z0-9_]+"\.)?"?task"?[ (]/
const originalQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = textOf(args[0]).trimStart()
  const at = performance.now()
  const current = open.get(this)
  let alone: (typeof single)[number] | undefined
  if (/^BEGIN/i.test(text))
    open.set(this, {
      schema: schemaOf(this),
      kind: 'request',
      begin: at,
      committing: 0,
      commit: 0,
      statements: 1,
      texts: [],
      sent: [],
    })
  else if (!current) {
    if (!benchCheck.test(text)) {
      alone = { at, end: 0, schema: schemaOf(this), text }
      single.push(alone)
    }
  } else {
    current.statements += 1
    current.texts.push(text.replace(/\s+/g, ' ').slice(0, 120))
    current.sent.push(at)
  }
  if (current && current.first === undefined && !/^BEGIN/i.test(text)) {
    current.first = text
    if (/FROM outbox_message/.test(text) && /FOR UPDATE SKIP LOCKED/.test(text)) current.kind = 'relay'
    else if (/INSERT INTO inbox_message/.test(text)) current.kind = 'consumer'
    else if (/read_model_cursor/.test(text)) current.kind = 'reader'
  }
  // A statement alone may come through pg.Pool#query, which passes a callback instead of taking the promise.
  const callback = args.at(-1)
  if (alone && typeof callback === 'function') {
    const mark = alone
    args[args.length - 1] = (...r: unknown[]) => {
      mark.end = performance.now()
      return (callback as (...a: unknown[]) => unknown)(...r)
    }
  }
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
  if (alone && result instanceof Promise) {
    const mark = alone
    void result.then(
      () => {
        mark.end = performance.now()
      },
      () => {},
    )
  }
  if (/^COMMIT/i.test(text) && current && result instanceof Promise) {
    open.delete(this)
    current.committing = at
    void result.then(() => {
      current.commit = performance.now()
      txs.push(current)
    })
  }
  return result
} as typeof pg.Client.prototype.query

diagnostics.subscribe('http.server.request.start', (m) => {
  const { request, response } = m as { request: { url?: string }; response: { once(e: string, f: () => void): void } }
  const mark = { at: performance.now(), end: 0, what: request.url ?? '' }
  response.once('finish', () => {
    mark.end = performance.now()
    served.push(mark)
  })
})
// The gateway's call to the owning service, from undici's own channels (fetch and undici's request both publish them).
const calls = new WeakMap<object, Mark>()
diagnostics.subscribe('undici:request:create', (m) => {
  const { request } = m as { request: { origin?: string; path?: string } }
  calls.set(request, { at: performance.now(), end: 0, what: `${request.origin ?? ''}${request.path ?? ''}` })
})
diagnostics.subscribe('undici:request:headers', (m) => {
  const mark = calls.get((m as { request: object }).request)
  if (!mark) return
  mark.end = performance.now()
  fetches.push(mark)
})

await ensureDatabase(databaseUrl)
const target = { databaseUrl, natsUrl, departments: [DEPARTMENTS] }
const system = await onewindowInProcess(target, DEPARTMENTS, WARMUP + SAMPLES)
const nc = system.world.nc as unknown as { request: (...a: unknown[]) => Promise<unknown> }
const originalRequest = nc.request.bind(nc)
nc.request = async (subject: unknown, ...rest: unknown[]) => {
  const mark = { at: performance.now(), end: 0, what: String(subject) }
  const r = await originalRequest(subject, ...rest)
  mark.end = performance.now()
  publishes.push(mark)
  return r
}
// When the step's tasks-assigned reaches this process: the server delivers it to this subscription and to the reader's
// ordered consumer on the same connection at the same moment.
const delivered: number[] = []
system.world.nc.subscribe(wireSubject(system.world.topology, 'permit.>'), {
  callback: (_err, m) => {
    if (m.subject.includes('permit.approval.step.tasks-assigned')) delivered.push(performance.now())
  },
})

for (let i = 0; i < WARMUP; i += 1) await once(system, DEPARTMENTS)
const stages = new Map<string, number[]>()
const add = (name: string, ms: number) => {
  const list = stages.get(name) ?? []
  list.push(ms)
  stages.set(name, list)
}
for (let i = 0; i < SAMPLES; i += 1) {
  txs.length = 0
  publishes.length = 0
  single.length = 0
  fetches.length = 0
  served.length = 0
  delivered.length = 0
  const t0 = performance.now()
  const projectId = await system.apply()
  const accepted = performance.now()
  await system.visible.until(projectId, DEPARTMENTS)
  const t1 = performance.now()
  // Late commits of the last projections are recorded on their promise's turn.
  await new Promise((r) => setTimeout(r, 20))
  const fetch = fetches.find((f) => f.what.includes('/applications'))
  const request = served.find((s) => s.what.includes('/applications'))
  const tx = (schema: string, kind: Tx['kind'], after: number) =>
    txs.filter((t) => t.schema === schema && t.kind === kind && t.begin >= after).sort((a, b) => a.begin - b.begin)
  const sentAccepted = publishes.find((p) => p.what.includes('permit.intake.application.accepted'))
  // Anchored on the publish: the relay pass that sent it, and the last request transaction committed before it began.
  const intakeRelay =
    sentAccepted && tx('intake', 'relay', t0).find((r) => r.begin <= sentAccepted.at && sentAccepted.at <= r.commit)
  const intakeTx =
    intakeRelay &&
    tx('intake', 'request', t0)
      .filter((r) => r.committing <= intakeRelay.begin)
      .at(-1)
  const approvalTx = sentAccepted && tx('approval', 'consumer', sentAccepted.at)[0]
  const assigned = publishes.filter((p) => p.what.includes('permit.approval.step.tasks-assigned'))
  const approvalRelay =
    approvalTx && tx('approval', 'relay', approvalTx.committing).find((r) => r.begin <= (assigned[0]?.at ?? 0))
  // The reader's batches that hold the tasks-assigned: the first begun after the first one arrived, up to the one
  // whose COMMIT made the last task visible (sent before the check saw it).
  const firstDelivered = delivered[0]
  const batches =
    firstDelivered === undefined ? [] : tx('gateway', 'reader', firstDelivered).filter((b) => b.committing <= t1)
  // The read model's batch that wrote the step's tasks; the reader's other batches (the export's, the change feed's
  // cursor alone) run beside it on the same delivery.
  const taskBatches = batches.filter((b) => b.texts.some((t) => taskWrite.test(t)))
  const taskBatch = taskBatches[0]
  // The batch whose COMMIT made the last task visible (the readers' batches commit in any order among themselves).
  const lastBatch = taskBatches.reduce<Tx | undefined>((l, b) => (!l || b.committing > l.committing ? b : l), undefined)
  if (
    !fetch ||
    !request ||
    !intakeTx ||
    !sentAccepted ||
    !intakeRelay ||
    !approvalTx ||
    !approvalRelay ||
    firstDelivered === undefined ||
    !taskBatch ||
    !lastBatch
  ) {
    const seen = {
      fetch,
      request,
      intakeTx,
      sentAccepted,
      intakeRelay,
      approvalTx,
      approvalRelay,
      firstDelivered,
      taskBatch,
      lastBatch,
    }
    const missing = Object.entries(seen)
      .filter(([, v]) => !v)
      .map(([k]) => k)
    console.log(`sample ${i}: not seen: ${missing.join(', ')}; skipped`)
    continue
  }
  const lastAssigned = assigned.reduce((m, p) => Math.max(m, p.end), 0)
  add('1 gateway: request in → call to intake', fetch.at - t0)
  add('2 HTTP hop gateway → intake (request start)', request.at - fetch.at)
  add('3 intake: request start → BEGIN', intakeTx.begin - request.at)
  add('4 intake transaction (BEGIN → COMMIT done)', intakeTx.commit - intakeTx.begin)
  add('5 intake: COMMIT → response finished', request.end - intakeTx.commit)
  add('6 HTTP hop intake → gateway → 201 at the clerk', accepted - request.end)
  // Of which: the gateway writing down its read-your-own-writes promise (and what it reads for it) before the 201.
  const promised = single.find((x) => x.schema === 'gateway' && /INSERT INTO pending_write/.test(x.text))
  if (promised) {
    add('6a  of which: intake response → promise written', promised.end - request.end)
    add('      (intake response → promise statement sent)', promised.at - request.end)
    add('      (promise statement: sent → answered)', promised.end - promised.at)
    add('6b  of which: promise written → 201 at the clerk', accepted - promised.end)
  }
  add('7 intake relay wake-up (COMMIT sent → relay BEGIN)', intakeRelay.begin - intakeTx.committing)
  add('8 intake relay: BEGIN → publish', sentAccepted.at - intakeRelay.begin)
  add('9 JetStream publish (request → ack)', sentAccepted.end - sentAccepted.at)
  add('10 delivery to approval (publish → consumer BEGIN)', approvalTx.begin - sentAccepted.at)
  add('11 approval transaction (N tasks + N outbox rows)', approvalTx.commit - approvalTx.begin)
  // Within it: when each statement was sent, from BEGIN (the gaps are the handler's own work between round trips).
  approvalTx.sent.forEach((at, k) => {
    const words = (approvalTx.texts[k] ?? '')
      .replace(/"[a-z0-9_]+"\./g, '')
      .split(' ')
      .slice(0, 4)
      .join(' ')
    add(`11.${k + 1} BEGIN → sent: ${words.slice(0, 38)}`, at - approvalTx.begin)
  })
  add('12 approval relay wake-up (COMMIT sent → relay BEGIN)', approvalRelay.begin - approvalTx.committing)
  add('13 approval relay: BEGIN → tasks-assigned acked', lastAssigned - approvalRelay.begin)
  add('14 gateway reader: tasks-assigned delivered → task batch BEGIN', taskBatch.begin - firstDelivered)
  add('15 gateway task batch transaction (BEGIN → COMMIT done)', taskBatch.commit - taskBatch.begin)
  add('   (gateway reader batches from first delivery to visible)', batches.length)
  // One statement writes every task of the step (the tagged upsert); more would mean the step's tasks were split.
  add('   (statements writing task rows, task batch)', taskBatch.texts.filter((t) => taskWrite.test(t)).length)
  add('   (statements, task batch)', taskBatch.statements)
  add('16 gateway: first delivered → last task batch COMMIT done', lastBatch.commit - firstDelivered)
  // From COMMIT sent: the check can see the rows (notified by PostgreSQL) before the driver hands on COMMIT's answer.
  add('17 last COMMIT sent → visible to the check', t1 - lastBatch.committing)
  add('total: request → every task visible', t1 - t0)
  if (process.env['BENCH_STAGES_SQL'] && i === SAMPLES - 1) {
    console.log(`intake request transaction, ${intakeTx.statements} statements:`)
    for (const t of intakeTx.texts) console.log(`  ${t}`)
    console.log(`approval consumer transaction, ${approvalTx.statements} statements:`)
    for (const t of approvalTx.texts) console.log(`  ${t}`)
    for (const b of txs.filter((t) => t.schema === 'gateway' && t.kind === 'reader' && t.begin >= t0)) {
      console.log(`gateway reader batch, ${b.statements} statements:`)
      for (const t of b.texts) console.log(`  ${t}`)
    }
  }
  // Round trips do not depend on the machine's load: what a change saves there it saves everywhere.
  const mine = txs.filter((t) => t.begin >= t0 && t.commit <= t1 + 20)
  // A transaction that is none of the kinds above and began outside every HTTP request of the sample is a service's
  // own timer pass (approval's clock scan every second), not this application's work: counted apart.
  const kindOf = (t: Tx) =>
    t.kind === 'request' && !served.some((s) => s.at <= t.begin && t.begin <= s.end) ? 'timer-pass' : t.kind
  for (const schema of ['intake', 'approval', 'gateway']) {
    for (const kind of ['request', 'relay', 'consumer', 'reader', 'timer-pass'] as const) {
      const list = mine.filter((t) => t.schema === schema && kindOf(t) === kind)
      if (list.length === 0) continue
      add(`   ${schema} ${kind} transactions`, list.length)
      add(
        `   ${schema} ${kind} statements`,
        list.reduce((n, t) => n + t.statements, 0),
      )
    }
    add(`   ${schema} statements outside transactions`, single.filter((x) => x.schema === schema).length)
  }
  add('   JetStream publishes', publishes.filter((p) => p.at >= t0).length)
  add(
    "   round trips to PostgreSQL, all schemas (the application's)",
    mine.filter((t) => kindOf(t) !== 'timer-pass').reduce((n, t) => n + t.statements, 0) + single.length,
  )
}
if (process.env['BENCH_STAGES_FIRSTS']) {
  const firsts = new Map<string, number>()
  for (const t of txs) if (t.kind === 'request') firsts.set(`${t.schema}: ${t.first?.slice(0, 90)}`, t.statements)
  console.log(firsts)
}
const q = (list: number[], p: number) => {
  const s = [...list].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN
}
console.log(`bench:stages — ${DEPARTMENTS} departments, ${SAMPLES} applications one at a time (ms)`)
console.log(`${'stage'.padEnd(56)}  ${'p50'.padStart(7)}  ${'p90'.padStart(7)}`)
for (const [name, list] of stages)
  console.log(`${name.padEnd(56)}  ${q(list, 0.5).toFixed(2).padStart(7)}  ${q(list, 0.9).toFixed(2).padStart(7)}`)
await system.close()
process.exit(0)
