// The checker's own proof: a consistent state passes, and each deliberately broken one — the relay marking a row sent
// that never reached the stream, a task decided twice, a read model differing from its rebuild, … — is caught by
// exactly the invariant that names it. A checker that cannot fail would make `pnpm test:faults` prove nothing.

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkInvariants, rowsMissing, type Snapshot, type StreamEvent } from '../invariants.js'

/**
 * A small consistent platform: one application of two tasks, both decided, its step decided; each event in
 * approval's outbox, sent, at its own stream sequence; one alert stored and published.
 */
function consistent(): Snapshot {
  const applicationId = randomUUID()
  const projectId = randomUUID()
  const taskIds = [randomUUID(), randomUUID()]
  const events: Array<Omit<StreamEvent, 'seq'>> = [
    ...taskIds.map((taskId, i) => ({
      subject: 'permit.approval.task.assigned.v1',
      eventId: randomUUID(),
      injected: false,
      body: { task: { taskId, applicationId, department: `d${i}` } },
    })),
    ...taskIds.map((taskId) => ({
      subject: 'permit.approval.task.decided.v1',
      eventId: randomUUID(),
      injected: false,
      body: { task: { taskId, applicationId } },
    })),
    {
      subject: 'permit.approval.step.decided.v1',
      eventId: randomUUID(),
      injected: false,
      body: { applicationId, projectId },
    },
    {
      subject: 'permit.approval.task.clock-overdue.v1',
      eventId: randomUUID(),
      injected: false,
      body: { task: { taskId: taskIds[0] }, clock: 'committed' },
    },
  ]
  const stream = events.map((e, i) => ({ ...e, seq: i + 1 }))
  const alertEvent = stream.at(-1) as StreamEvent
  return {
    answeredApplications: [{ applicationId, tasks: 2 }],
    answeredDecisions: taskIds.map((taskId) => ({ taskId })),
    tasks: taskIds.map((id, i) => ({ id, applicationId, department: `d${i}`, status: 'approved', version: 3 })),
    steps: [{ applicationId, decided: true }],
    outbox: stream.map((e, i) => ({
      service: 'approval',
      id: e.eventId,
      position: i + 1,
      aggregateId: e.subject.includes('.task.') ? (e.body.task.taskId as string) : applicationId,
      sent: true,
      streamSeq: e.seq,
    })),
    stream,
    consumers: [{ durable: 'intake-step-decided', pending: 0, ackPending: 0 }],
    readModel: {
      live: { task: taskIds.map((id) => ({ id, status: 'approved', version: 3 })) },
      rebuilt: { task: taskIds.map((id) => ({ version: 3, status: 'approved', id })) },
      liveCursor: stream.length,
      rebuiltCursor: stream.length,
    },
    shown: { tasks: taskIds.map((id) => ({ id, status: 'approved', version: 3 })), decided: [applicationId] },
    alerts: [{ table: 'task_alert', key: `${taskIds[0]}|committed|overdue|`, eventId: alertEvent.eventId }],
    deadLetters: [],
    explainedDeadLetters: new Map(),
  }
}

const fired = (s: Snapshot) => checkInvariants(s).map((v) => `${v.invariant}/${v.kind}`)

describe('the fault suite invariant checker', () => {
  it('passes a consistent platform, copies of one event included', () => {
    const s = consistent()
    const copy = { ...(s.stream[2] as StreamEvent), seq: 99, injected: true }
    expect(checkInvariants({ ...s, stream: [...s.stream, copy] })).toEqual([])
  })

  it('catches an application answered 201 with a task missing, and one with a task twice', () => {
    const s = consistent()
    expect(fired({ ...s, tasks: s.tasks.slice(1) })).toEqual(['application-tasks/lost'])
    const twice = { ...(s.tasks[0] as Snapshot['tasks'][number]), id: randomUUID() }
    const shown = {
      ...s.shown,
      tasks: [...s.shown.tasks, { id: twice.id, status: twice.status, version: twice.version }],
    }
    expect(fired({ ...s, tasks: [...s.tasks, twice], shown })).toEqual(['application-tasks/duplicated'])
  })

  it('catches a task with two decisions, and a decision answered 2xx that never happened', () => {
    const s = consistent()
    const decided = s.stream.find((e) => e.subject.endsWith('task.decided.v1')) as StreamEvent
    const second = { ...decided, eventId: randomUUID(), seq: 50 }
    const out = checkInvariants({ ...s, stream: [...s.stream, second] })
    expect(out.map((v) => v.invariant)).toContain('task-one-decision')
    expect(out.find((v) => v.invariant === 'task-one-decision')?.kind).toBe('duplicated')
    expect(fired({ ...s, answeredDecisions: [...s.answeredDecisions, { taskId: randomUUID() }] })).toEqual([
      'task-one-decision/lost',
    ])
  })

  it('catches a decided step with no step decision and one with two', () => {
    const s = consistent()
    const step = s.stream.find((e) => e.subject.endsWith('step.decided.v1')) as StreamEvent
    const withoutStep = s.stream.filter((e) => e !== step)
    expect(fired({ ...s, stream: withoutStep, outbox: s.outbox.filter((o) => o.id !== step.eventId) })).toEqual([
      'step-one-decision/lost',
    ])
    const again = { ...step, eventId: randomUUID(), seq: 60 }
    expect(fired({ ...s, stream: [...s.stream, again] })).toEqual(['step-one-decision/duplicated'])
  })

  it('catches the broken relay: a row marked sent that is not in the stream, and a row left unsent', () => {
    const s = consistent()
    // The relay that marks a row sent before publishing and dies in between: sent_at set, nothing at its sequence.
    const first = s.stream[0] as StreamEvent
    const markedOnly = s.stream.filter((e) => e !== first)
    const out = checkInvariants({ ...s, stream: markedOnly, readModel: s.readModel })
    expect(out.filter((v) => v.invariant === 'outbox-in-stream').map((v) => v.kind)).toEqual(['lost'])
    const unsent = s.outbox.map((o, i) => (i === 0 ? { ...o, sent: false, streamSeq: null } : o))
    expect(fired({ ...s, outbox: unsent })).toEqual(['outbox-quiet/lost'])
  })

  it('catches one event published twice (two relays both sending a row) and one aggregate reordered', () => {
    const s = consistent()
    const dup = { ...(s.stream[0] as StreamEvent), seq: 70 }
    expect(fired({ ...s, stream: [...s.stream, dup] })).toEqual(['outbox-in-stream/duplicated'])
    // Two events of one task, the later outbox row at the earlier sequence.
    const task = (s.stream[0] as StreamEvent).body.task.taskId as string
    // Its assignment and its decision (and its alert after them): the first two swap places in the outbox.
    const rows = s.outbox.filter((o) => o.aggregateId === task)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    const [a, b] = rows as [Snapshot['outbox'][number], Snapshot['outbox'][number]]
    const swapped = s.outbox.map((o) =>
      o === a ? { ...o, position: b.position } : o === b ? { ...o, position: a.position } : o,
    )
    expect(fired({ ...s, outbox: swapped })).toEqual(['outbox-order/broken'])
  })

  it('catches a durable with messages pending or unacknowledged once quiet', () => {
    const s = consistent()
    expect(fired({ ...s, consumers: [{ durable: 'approval-open-tasks', pending: 0, ackPending: 1 }] })).toEqual([
      'consumers-quiet/lost',
    ])
  })

  it('catches a read model differing from its rebuild: a changed row, a missing row, a cursor behind', () => {
    const s = consistent()
    const live = s.readModel.live['task'] ?? []
    const changed = live.map((r, i) => (i === 0 ? { ...r, status: 'open' } : r))
    expect(fired({ ...s, readModel: { ...s.readModel, live: { task: changed } } })).toEqual([
      'read-model-rebuild/broken',
    ])
    expect(fired({ ...s, readModel: { ...s.readModel, live: { task: live.slice(1) } } })).toEqual([
      'read-model-rebuild/broken',
    ])
    expect(fired({ ...s, readModel: { ...s.readModel, liveCursor: s.readModel.liveCursor - 1 } })).toEqual([
      'read-model-rebuild/broken',
    ])
  })

  it('catches a read model that refused what both it and its rebuild were sent: a task behind, a decision missing', () => {
    const s = consistent()
    const behind = s.shown.tasks.map((t, i) => (i === 0 ? { ...t, status: 'claimed', version: 2 } : t))
    expect(fired({ ...s, shown: { ...s.shown, tasks: behind } })).toEqual(['read-model-sources/broken'])
    expect(fired({ ...s, shown: { ...s.shown, decided: [] } })).toEqual(['read-model-sources/lost'])
    expect(fired({ ...s, shown: { ...s.shown, tasks: s.shown.tasks.slice(1) } })).toEqual(['read-model-sources/lost'])
  })

  it("does not count a dead letter's copy on `dead-letter.>` as the event published twice", () => {
    const s = consistent()
    const copy = { ...(s.stream[0] as StreamEvent), seq: 90, subject: 'dead-letter.gateway-read-model' }
    expect(fired({ ...s, stream: [...s.stream, copy] })).toEqual([])
  })

  it('catches an alert raised twice (two replicas sweeping) and an alert row whose event never left', () => {
    const s = consistent()
    const alert = s.stream.at(-1) as StreamEvent
    const twice = { ...alert, eventId: randomUUID(), seq: 80 }
    expect(fired({ ...s, stream: [...s.stream, twice] })).toEqual(['alert-once/duplicated'])
    const stored = s.alerts[0] as Snapshot['alerts'][number]
    expect(fired({ ...s, alerts: [...s.alerts, stored] })).toEqual(['alert-once/duplicated'])
    expect(fired({ ...s, alerts: [{ ...stored, eventId: randomUUID() }] })).toEqual(['alert-once/lost'])
  })

  it('counts a dead letter the suite did not cause as broken, and one it explained as fine', () => {
    const s = consistent()
    const id = randomUUID()
    const dead = { service: 'acceptance', consumer: 'acceptance-approved-steps', eventId: id, error: 'schema' }
    expect(fired({ ...s, deadLetters: [dead] })).toEqual(['dead-letters-explained/broken'])
    expect(fired({ ...s, deadLetters: [dead], explainedDeadLetters: new Map([[id, 'poison']]) })).toEqual([])
  })

  it('compares rows as multisets whatever the key order', () => {
    expect(rowsMissing([{ a: 1, b: { c: 2, d: 3 } }], [{ b: { d: 3, c: 2 }, a: 1 }])).toEqual([])
    expect(rowsMissing([{ a: 1 }, { a: 1 }], [{ a: 1 }])).toEqual(['{"a":1}'])
  })
})
