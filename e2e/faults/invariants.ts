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
  /** What the load generator was answered 2xx: each application opened and how many tasks (items) its step asks. */
  answeredApplications: ReadonlyArray<{ applicationId: string; tasks: number }>
  /** Each task a reviewer was answered 2xx for deciding. */
  answeredDecisions: ReadonlyArray<{ taskId: string }>
  /** Each joint acceptance the owner was answered 201 for: its project and case. */
  answeredAcceptances: ReadonlyArray<{ projectId: string; caseId: string }>
  /** approval's `task` rows: one per item and department of an application. */
  tasks: ReadonlyArray<{
    id: string
    applicationId: string
    department: string
    item: string
    status: string
    version: number
  }>
  /** approval's `step` rows. */
  steps: ReadonlyArray<{ applicationId: string; decided: boolean }>
  /** acceptance's `acceptance_case` rows, with each item's status and round from the case it keeps. */
  acceptanceCases: ReadonlyArray<AcceptanceCaseRow>
  /** registration's `registration_case` rows; `certificateId` once the case completed and issued it. */
  registrationCases: ReadonlyArray<{
    id: string
    projectId: string
    acceptanceCaseId: string
    status: string
    version: number
    certificateId: string | null
  }>
  /** registration's `certificate` rows: what each was issued for (`sourceKey`, e.g. `property/<case id>`). */
  certificates: ReadonlyArray<{ id: string; kind: string; projectId: string; sourceKey: string }>
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
  shown: {
    tasks: ReadonlyArray<{ id: string; status: string; version: number }>
    decided: readonly string[]
    /** The read model's acceptance cases and registration cases, each at its status and version. */
    acceptanceCases: ReadonlyArray<{ id: string; status: string; version: number }>
    registrationCases: ReadonlyArray<{ id: string; status: string; version: number }>
    /** The ids of the certificates the read model lists. */
    certificates: readonly string[]
  }
  /** Every stored alert row of approval (`task_alert`, `step_alert`, `flow_alert`), by its key and the event it sent. */
  alerts: ReadonlyArray<{ table: string; key: string; eventId: string }>
  deadLetters: readonly DeadLetterRow[]
  /** Event ids the suite dead-lettered on purpose (poison it published), with why. */
  explainedDeadLetters: ReadonlyMap<string, string>
}

export type AcceptanceCaseRow = {
  id: string
  projectId: string
  part: string | null
  status: string
  version: number
  items: ReadonlyArray<{ item: string; department: string; status: string; round: number }>
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

  // 1. Every application answered 2xx exists with exactly its tasks: one per item and department, none missing, none
  // twice.
  const tasksOf = new Map<string, Array<{ department: string; item: string }>>()
  for (const t of s.tasks) tasksOf.set(t.applicationId, [...(tasksOf.get(t.applicationId) ?? []), t])
  for (const a of s.answeredApplications) {
    const ts = tasksOf.get(a.applicationId) ?? []
    const items = new Set(ts.map((t) => `${t.department}|${t.item}`))
    if (ts.length > items.size)
      add('application-tasks', 'duplicated', `application ${a.applicationId}: ${ts.length} tasks, ${items.size} items`)
    if (items.size < a.tasks)
      add('application-tasks', 'lost', `application ${a.applicationId} answered 201: ${items.size} of ${a.tasks} tasks`)
    if (items.size > a.tasks)
      add(
        'application-tasks',
        'duplicated',
        `application ${a.applicationId}: ${items.size} tasks, its step asks ${a.tasks}`,
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
  // The same for acceptance and registration: each case at the version its service holds, each certificate listed.
  const sameVersions = (
    what: string,
    sources: ReadonlyArray<{ id: string; status: string; version: number }>,
    shown: ReadonlyArray<{ id: string; status: string; version: number }>,
  ) => {
    const byId = new Map(shown.map((x) => [x.id, x]))
    for (const x of sources) {
      const y = byId.get(x.id)
      if (!y) add('read-model-sources', 'lost', `${what} ${x.id} (${x.status}) not in the read model`)
      else if (y.status !== x.status || y.version !== x.version)
        add(
          'read-model-sources',
          'broken',
          `${what} ${x.id}: its service ${x.status} v${x.version}, read model ${y.status} v${y.version}`,
        )
    }
  }
  sameVersions('acceptance case', s.acceptanceCases, s.shown.acceptanceCases)
  sameVersions('registration case', s.registrationCases, s.shown.registrationCases)
  const shownCertificates = new Set(s.shown.certificates)
  for (const c of s.certificates)
    if (!shownCertificates.has(c.id))
      add('read-model-sources', 'lost', `${c.kind} certificate ${c.id} (${c.sourceKey}) not in the read model`)

  // 7. Each alert raised once: one event per (thing, clock, kind) in the stream, one stored row per key.
  for (const [key, ids] of distinctEventsBy(emitted, alertKey))
    if (ids.size > 1) add('alert-once', 'duplicated', `alert ${key} raised ${ids.size} times`)
  for (const [key, n] of countBy(s.alerts, (a) => `${a.table}|${a.key}`))
    if (n > 1) add('alert-once', 'duplicated', `${key} stored ${n} times`)
  const streamIds = new Set(emitted.map((e) => e.eventId))
  for (const a of s.alerts)
    if (!streamIds.has(a.eventId))
      add('alert-once', 'lost', `${a.table} ${a.key}: its event ${a.eventId} not in the stream`)

  // 9. One acceptance case per application reaching acceptance: each one answered 201 is there, at most one live case
  // (not failed) per project and part, each case started once and its start in the stream.
  const caseRows = new Map(s.acceptanceCases.map((c) => [c.id, c]))
  for (const a of s.answeredAcceptances)
    if (!caseRows.has(a.caseId))
      add('acceptance-one-case', 'lost', `acceptance case ${a.caseId} of project ${a.projectId} answered 201: no case`)
  for (const [key, n] of countBy(
    s.acceptanceCases.filter((c) => c.status !== 'failed'),
    (c) => `${c.projectId}|${c.part ?? ''}`,
  ))
    if (n > 1) add('acceptance-one-case', 'duplicated', `project|part ${key}: ${n} live acceptance cases`)
  const starts = distinctEventsBy(emitted, (e) =>
    e.subject === 'permit.acceptance.case.started.v1' ? e.body?.case?.caseId : undefined,
  )
  for (const [caseId, ids] of starts)
    if (ids.size > 1) add('acceptance-one-case', 'duplicated', `acceptance case ${caseId} started ${ids.size} times`)
  for (const c of s.acceptanceCases)
    if (!starts.has(c.id)) add('acceptance-one-case', 'lost', `acceptance case ${c.id}: its start not in the stream`)

  // 10. Each acceptance opinion recorded once per department: an opinion event's item is the one that changed from
  // the case's previous version (every event carries the whole case, its version one more than the last); one event
  // per case, round, department and item, and each opinion the case holds has its event.
  const caseVersions = new Map<string, Map<number, StreamEvent>>()
  for (const e of emitted) {
    if (!e.subject.startsWith('permit.acceptance.case.')) continue
    const c = e.body?.case
    if (typeof c?.caseId !== 'string' || typeof c.version !== 'number') continue
    const versions = caseVersions.get(c.caseId) ?? new Map<number, StreamEvent>()
    versions.set(c.version, e)
    caseVersions.set(c.caseId, versions)
  }
  type CaseItem = { item: string; department: string; status: string; round: number; defects?: string[] }
  const opinionKey = (caseId: string, i: { item: string; department: string; round: number }) =>
    `${caseId}|round ${i.round}|${i.department}|${i.item}`
  const opinions = distinctEventsBy(emitted, (e) => {
    if (e.subject !== 'permit.acceptance.case.opinion-recorded.v1') return undefined
    const c = e.body?.case
    const before = caseVersions.get(c?.caseId)?.get((c?.version ?? 0) - 1)?.body?.case
    const previous = new Map<string, CaseItem>((before?.items ?? []).map((i: CaseItem) => [i.item, i]))
    const changed = ((c?.items ?? []) as CaseItem[]).filter((i) => {
      const was = previous.get(i.item)
      return !was || was.status !== i.status || was.round !== i.round || `${was.defects}` !== `${i.defects}`
    })
    if (!before || changed.length !== 1) {
      add('acceptance-opinion-once', 'broken', `case ${c?.caseId} v${c?.version}: an opinion on no one item`)
      return undefined
    }
    return opinionKey(c.caseId, changed[0] as CaseItem)
  })
  for (const [key, ids] of opinions)
    if (ids.size > 1) add('acceptance-opinion-once', 'duplicated', `opinion ${key} recorded ${ids.size} times`)
  for (const c of s.acceptanceCases)
    for (const i of c.items)
      if (['passed', 'rectify', 'failed'].includes(i.status) && !opinions.has(opinionKey(c.id, i)))
        add('acceptance-opinion-once', 'lost', `case ${c.id}: ${i.item} ${i.status}, no opinion event for it`)

  // 11. At most one certificate per registration case (property) and per project item (permit), each property
  // certificate named by its completed registration case and issued after its cause, the joint acceptance's pass.
  const issued = emitted.filter((e) => e.subject === 'permit.registration.certificate.issued.v1')
  const certificateKey = (e: StreamEvent) => {
    const b = e.body?.certificate?.body
    return b?.kind === 'permit' ? `permit|${b.projectId}|${b.item}` : `property|${b?.projectId}`
  }
  const completedOf = countBy(
    s.registrationCases.filter((r) => r.status === 'completed'),
    (r) => `property|${r.projectId}`,
  )
  const certificateIds = new Map<string, Set<string>>()
  for (const e of issued) {
    const k = certificateKey(e)
    certificateIds.set(k, (certificateIds.get(k) ?? new Set<string>()).add(e.body.certificate.body.certificateId))
  }
  for (const [key, ids] of certificateIds) {
    const allowed = key.startsWith('property|') ? Math.max(1, completedOf.get(key) ?? 0) : 1
    if (ids.size > allowed) add('certificate-once', 'duplicated', `${key}: ${ids.size} certificates, ${allowed} due`)
  }
  const namedBy = new Map(s.registrationCases.flatMap((r) => (r.certificateId ? [[r.certificateId, r]] : [])))
  const passedAt = new Map<string, number>()
  for (const e of emitted)
    if (e.subject === 'permit.acceptance.case.passed.v1') {
      const projectId = e.body?.case?.projectId
      passedAt.set(projectId, Math.min(passedAt.get(projectId) ?? e.seq, e.seq))
    }
  for (const e of issued) {
    const b = e.body?.certificate?.body
    if (b?.kind !== 'property') continue
    if (!namedBy.has(b.certificateId))
      add('certificate-once', 'broken', `property certificate ${b.certificateId}: no registration case names it`)
    const cause = passedAt.get(b.projectId)
    if (cause === undefined || cause > e.seq)
      add(
        'certificate-cause',
        'broken',
        `property certificate ${b.certificateId} at seq ${e.seq}: project ${b.projectId}'s acceptance pass ${cause === undefined ? 'not in the stream' : `only at seq ${cause}`}`,
      )
  }
  const issuedIds = new Set(issued.map((e) => e.body?.certificate?.body?.certificateId))
  const stored = new Set(s.certificates.map((c) => c.id))
  for (const r of s.registrationCases) {
    if (r.status === 'completed' && !r.certificateId)
      add('certificate-once', 'lost', `registration case ${r.id} completed without a certificate`)
    if (r.certificateId && (!issuedIds.has(r.certificateId) || !stored.has(r.certificateId)))
      add('certificate-once', 'lost', `registration case ${r.id}: certificate ${r.certificateId} not issued and kept`)
  }

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
