// The fault suite's invariant checker: pure functions over a snapshot of every schema and the stream, taken once the
// platform is quiet after a fault (`snapshot.ts` reads it). Each invariant names what broke and how it counts —
// `lost` (something answered 2xx or committed that never arrived), `duplicated` (something that happened twice) or
// `broken` (any other promise) — so the per-fault line can say "0 lost, 0 duplicated" honestly.

/** One message of the stream, the subject without the test prefix (`permit.approval.task.decided.v1`). */
export type StreamEvent = {
  seq: number
  subject: string
  /** The event id (`ce-id`); a republished copy keeps it, with a fresh `Nats-Msg-Id`. */
  eventId: string
  /** Marked by the fault suite: a copy it published itself (redelivery), not something a service emitted. */
  injected: boolean
  // biome-ignore lint/suspicious/noExplicitAny: an event body is whatever JSON its schema allows; the checker reads fields
  body: any
}

export type OutboxRow = {
  service: string
  id: string
  position: number
  aggregateId: string
  sent: boolean
  streamSeq: number | null
}

export type ConsumerState = { durable: string; pending: number; ackPending: number }

export type DeadLetterRow = { service: string; consumer: string; eventId: string | null; error: string }

/** A table's rows as `to_jsonb` gives them, volatile columns already removed. */
export type Rows = ReadonlyArray<Record<string, unknown>>

export type Snapshot = {
  /** What the load generator was answered 2xx: each application opened and how many tasks its step asks. */
  answeredApplications: ReadonlyArray<{ applicationId: string; tasks: number }>
  /** Each task a reviewer was answered 2xx for deciding. */
  answeredDecisions: ReadonlyArray<{ taskId: string }>
  /** approval's `task` rows. */
  tasks: ReadonlyArray<{ id: string; applicationId: string; department: string; status: string; version: number }>
  /** approval's `step` rows. */
  steps: ReadonlyArray<{ applicationId: string; decided: boolean }>
  outbox: readonly OutboxRow[]
  stream: readonly StreamEvent[]
  consumers: readonly ConsumerState[]
  /** The gateway's read model, live and rebuilt from sequence 1 on a fresh schema, table by table. */
  readModel: { live: Record<string, Rows>; rebuilt: Record<string, Rows>; liveCursor: number; rebuiltCursor: number }
  /**
   * What the gateway's read model shows of approval's facts: each task's status and version, and the applications it
   * shows decided. A rebuild replays the same stream, so it cannot see an event the read model refused on both runs;
   * the sources can.
   */
  shown: { tasks: ReadonlyArray<{ id: string; status: string; version: number }>; decided: readonly string[] }
  /** Every stored alert row of approval (`task_alert`, `step_alert`, `flow_alert`), by its key and the event it sent. */
  alerts: ReadonlyArray<{ table: string; key: string; eventId: string }>
  deadLetters: readonly DeadLetterRow[]
  /** Event ids the suite dead-lettered on purpose (poison it published), with why. */
  explainedDeadLetters: ReadonlyMap<string, string>
}

export type Kind = 'lost' | 'duplicated' | 'broken'
export type Violation = { invariant: string; kind: Kind; detail: string }

const ALERT_SUBJECTS = new Set([
  'permit.approval.task.clock-warned.v1',
  'permit.approval.task.clock-overdue.v1',
  'permit.approval.step.lead-alerted.v1',
  'permit.approval.step.clock-warned.v1',
  'permit.approval.step.clock-overdue.v1',
  'permit.approval.flow.clock-warned.v1',
  'permit.approval.flow.clock-overdue.v1',
])

/** What identifies one alert: the thing, the clock, the kind (the subject) — the key the services store it under. */
export function alertKey(e: StreamEvent): string | undefined {
  if (!ALERT_SUBJECTS.has(e.subject)) return undefined
  const b = e.body ?? {}
  const thing = b.task?.taskId ?? b.applicationId ?? b.projectId ?? '?'
  const lead = e.subject.endsWith('lead-alerted.v1') ? `lead:${b.lead ?? '?'}` : ''
  return [e.subject, thing, b.clock ?? '', b.suspensionId ?? '', lead].join('|')
}

const countBy = <T>(items: Iterable<T>, key: (t: T) => string | undefined) => {
  const m = new Map<string, number>()
  for (const t of items) {
    const k = key(t)
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1)
  }
  return m
}

/** Distinct event ids per key: a copy of one event (the same id) is one, two events are two. */
const distinctEventsBy = (events: readonly StreamEvent[], key: (e: StreamEvent) => string | undefined) => {
  const m = new Map<string, Set<string>>()
  for (const e of events) {
    const k = key(e)
    if (k === undefined) continue
    const s = m.get(k) ?? new Set<string>()
    s.add(e.eventId)
    m.set(k, s)
  }
  return m
}

const canonical = (row: Record<string, unknown>): string =>
  JSON.stringify(row, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )

/** Rows of `a` not matched one for one in `b` (a multiset difference), as canonical JSON. */
export function rowsMissing(a: Rows, b: Rows): string[] {
  const left = countBy(b, canonical)
  const missing: string[] = []
  for (const row of a) {
    const k = canonical(row)
    const n = left.get(k) ?? 0
    if (n > 0) left.set(k, n - 1)
    else missing.push(k)
  }
  return missing
}

/** Every invariant over one snapshot; empty when all hold. */
export function checkInvariants(s: Snapshot): Violation[] {
  const v: Violation[] = []
  const add = (invariant: string, kind: Kind, detail: string) => v.push({ invariant, kind, detail })
  // What the services emitted: not the suite's copies, not the dead-letter copies (same event id, `dead-letter.>`).
  const emitted = s.stream.filter((e) => !e.injected && e.subject.startsWith('permit.'))

  // 1. Every application answered 2xx exists with exactly its tasks: one per department, none missing, none twice.
  const tasksOf = new Map<string, Array<{ department: string }>>()
  for (const t of s.tasks) tasksOf.set(t.applicationId, [...(tasksOf.get(t.applicationId) ?? []), t])
  for (const a of s.answeredApplications) {
    const ts = tasksOf.get(a.applicationId) ?? []
    const departments = new Set(ts.map((t) => t.department))
    if (ts.length > departments.size)
      add(
        'application-tasks',
        'duplicated',
        `application ${a.applicationId}: ${ts.length} tasks, ${departments.size} departments`,
      )
    if (departments.size < a.tasks)
      add(
        'application-tasks',
        'lost',
        `application ${a.applicationId} answered 201: ${departments.size} of ${a.tasks} tasks`,
      )
    if (departments.size > a.tasks)
      add(
        'application-tasks',
        'duplicated',
        `application ${a.applicationId}: ${departments.size} tasks, its step asks ${a.tasks}`,
      )
  }

  // 2. Each task has at most one decision, and a decision answered 2xx is one.
  const decisions = distinctEventsBy(emitted, (e) =>
    e.subject === 'permit.approval.task.decided.v1' ? e.body?.task?.taskId : undefined,
  )
  for (const [taskId, ids] of decisions)
    if (ids.size > 1) add('task-one-decision', 'duplicated', `task ${taskId}: ${ids.size} decisions`)
  for (const d of s.answeredDecisions)
    if (!decisions.has(d.taskId)) add('task-one-decision', 'lost', `task ${d.taskId} answered 2xx decided: no decision`)

  // 3. Every decided step has exactly one step decision; an undecided one has none.
  const stepDecisions = distinctEventsBy(emitted, (e) =>
    e.subject === 'permit.approval.step.decided.v1' ? e.body?.applicationId : undefined,
  )
  for (const step of s.steps) {
    const n = stepDecisions.get(step.applicationId)?.size ?? 0
    if (step.decided && n === 0) add('step-one-decision', 'lost', `step ${step.applicationId} decided: no step.decided`)
    if (n > 1) add('step-one-decision', 'duplicated', `step ${step.applicationId}: ${n} step.decided`)
    if (!step.decided && n > 0) add('step-one-decision', 'broken', `step ${step.applicationId} undecided but published`)
  }

  // 4. Every outbox row reached the stream, at the sequence it recorded, and once; 5. none is left unsent.
  const bySeq = new Map(s.stream.map((e) => [e.seq, e]))
  const copies = countBy(emitted, (e) => e.eventId)
  for (const row of s.outbox) {
    if (!row.sent) {
      add('outbox-quiet', 'lost', `${row.service} outbox ${row.id} unsent`)
      continue
    }
    const at = row.streamSeq === null ? undefined : bySeq.get(row.streamSeq)
    if (!at || at.eventId !== row.id)
      add(
        'outbox-in-stream',
        'lost',
        `${row.service} outbox ${row.id} marked sent at ${row.streamSeq}, not in the stream there`,
      )
    if ((copies.get(row.id) ?? 0) > 1)
      add('outbox-in-stream', 'duplicated', `${row.service} event ${row.id} in the stream ${copies.get(row.id)} times`)
  }
  // Per aggregate, the stream keeps the outbox's order (two relays must not reorder one aggregate's events).
  const byAggregate = new Map<string, OutboxRow[]>()
  for (const row of s.outbox)
    if (row.sent && row.streamSeq !== null)
      byAggregate.set(`${row.service}/${row.aggregateId}`, [
        ...(byAggregate.get(`${row.service}/${row.aggregateId}`) ?? []),
        row,
      ])
  for (const [aggregate, rows] of byAggregate) {
    const ordered = [...rows].sort((a, b) => a.position - b.position)
    for (let i = 1; i < ordered.length; i++) {
      const prev = ordered[i - 1] as OutboxRow
      const cur = ordered[i] as OutboxRow
      if ((cur.streamSeq ?? 0) < (prev.streamSeq ?? 0))
        add(
          'outbox-order',
          'broken',
          `${aggregate}: outbox ${prev.position} at seq ${prev.streamSeq}, ${cur.position} at ${cur.streamSeq}`,
        )
    }
  }

  // 5. Nothing un-acked once quiet.
  for (const c of s.consumers)
    if (c.pending > 0 || c.ackPending > 0)
      add('consumers-quiet', 'lost', `${c.durable}: ${c.pending} pending, ${c.ackPending} unacknowledged`)

  // 6. The read model equals its rebuild from sequence 1.
  if (s.readModel.liveCursor !== s.readModel.rebuiltCursor)
    add('read-model-rebuild', 'broken', `cursor ${s.readModel.liveCursor}, rebuilt ${s.readModel.rebuiltCursor}`)
  for (const table of new Set([...Object.keys(s.readModel.live), ...Object.keys(s.readModel.rebuilt)])) {
    const live = s.readModel.live[table] ?? []
    const rebuilt = s.readModel.rebuilt[table] ?? []
    const extra = rowsMissing(live, rebuilt)
    const missing = rowsMissing(rebuilt, live)
    if (extra.length > 0 || missing.length > 0)
      add(
        'read-model-rebuild',
        'broken',
        `${table}: ${extra.length} rows only live, ${missing.length} only rebuilt${extra[0] ? `; live ${extra[0].slice(0, 300)}` : ''}${missing[0] ? `; rebuilt ${missing[0].slice(0, 300)}` : ''}`,
      )
  }

  // The read model shows what approval decided: every task at its status and version, every decided step decided.
  const shownTasks = new Map(s.shown.tasks.map((t) => [t.id, t]))
  for (const t of s.tasks) {
    const shown = shownTasks.get(t.id)
    if (!shown) add('read-model-sources', 'lost', `task ${t.id} (${t.status}) not in the read model`)
    else if (shown.status !== t.status || shown.version !== t.version)
      add(
        'read-model-sources',
        'broken',
        `task ${t.id}: approval ${t.status} v${t.version}, read model ${shown.status} v${shown.version}`,
      )
  }
  const shownDecided = new Set(s.shown.decided)
  for (const step of s.steps)
    if (step.decided !== shownDecided.has(step.applicationId))
      add(
        'read-model-sources',
        step.decided ? 'lost' : 'broken',
        `step ${step.applicationId}: approval ${step.decided ? 'decided' : 'undecided'}, the read model not`,
      )

  // 7. Each alert raised once: one event per (thing, clock, kind) in the stream, one stored row per key.
  for (const [key, ids] of distinctEventsBy(emitted, alertKey))
    if (ids.size > 1) add('alert-once', 'duplicated', `alert ${key} raised ${ids.size} times`)
  for (const [key, n] of countBy(s.alerts, (a) => `${a.table}|${a.key}`))
    if (n > 1) add('alert-once', 'duplicated', `${key} stored ${n} times`)
  const streamIds = new Set(emitted.map((e) => e.eventId))
  for (const a of s.alerts)
    if (!streamIds.has(a.eventId))
      add('alert-once', 'lost', `${a.table} ${a.key}: its event ${a.eventId} not in the stream`)

  // 8. Dead letters: each one explained (poison the suite published), anything else is a bug.
  for (const d of s.deadLetters)
    if (d.eventId === null || !s.explainedDeadLetters.has(d.eventId))
      add(
        'dead-letters-explained',
        'broken',
        `${d.service}/${d.consumer} dead-lettered ${d.eventId}: ${d.error.slice(0, 200)}`,
      )

  return v
}

export const countKind = (violations: readonly Violation[], kind: Kind) =>
  violations.filter((x) => x.kind === kind).length
