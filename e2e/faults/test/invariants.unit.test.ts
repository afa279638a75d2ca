// The checker's own proof: a consistent state passes, and each deliberately broken one — the relay marking a row sent
// that never reached the stream, a task decided twice, a read model differing from its rebuild, … — is caught by
// exactly the invariant that names it. A checker that cannot fail would make `pnpm test:faults` prove nothing.

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkInvariants, rowsMissing, type Snapshot, type StreamEvent } from '../invariants.js'

/** One item of an acceptance case as its events carry it. */
type Item = { item: string; department: string; status: string; round: number }

/**
 * A small consistent platform: one application of two tasks, both decided, its step decided; its project's joint
 * acceptance of two items, each passed by its department, the case passed; the registration case that followed,
 * completed with its property certificate. Each event in its service's outbox, sent, at its own stream sequence; one
 * alert stored and published.
 */
function consistent(): Snapshot {
  const applicationId = randomUUID()
  const projectId = randomUUID()
  const taskIds = [randomUUID(), randomUUID()]
  const caseId = randomUUID()
  const registrationId = randomUUID()
  const certificateId = randomUUID()
  const items = (statuses: [string, string], round: number): Item[] => [
    { item: 'planning-condition-verification', department: 'natural-resources', status: statuses[0], round },
    { item: 'completion-acceptance-filing', department: 'housing-construction', status: statuses[1], round },
  ]
  const acceptanceCase = (version: number, status: string, caseItems: Item[]) => ({
    subject: `permit.acceptance.case.${status}.v1`,
    eventId: randomUUID(),
    injected: false,
    body: {
      case: {
        caseId,
        projectId,
        status,
        version,
        items: caseItems,
        ...(version > 1 ? { inspection: { round: 1 } } : {}),
      },
    },
  })
  const registrationCase = (version: number, subject: string, status: string) => ({
    subject: `permit.registration.case.${subject}.v1`,
    eventId: randomUUID(),
    injected: false,
    body: {
      case: {
        caseId: registrationId,
        projectId,
        acceptanceCaseId: caseId,
        status,
        version,
        ...(status === 'completed' ? { certificateId } : {}),
      },
    },
  })
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
    acceptanceCase(1, 'started', items(['pending', 'pending'], 0)),
    registrationCase(1, 'pre-survey-started', 'pre-survey'),
    registrationCase(2, 'pre-survey-passed', 'pre-survey-passed'),
    acceptanceCase(2, 'inspection-scheduled', items(['pending', 'pending'], 1)),
    acceptanceCase(3, 'opinion-recorded', items(['passed', 'pending'], 1)),
    acceptanceCase(4, 'opinion-recorded', items(['passed', 'passed'], 1)),
    acceptanceCase(5, 'passed', items(['passed', 'passed'], 1)),
    registrationCase(3, 'opened', 'open'),
    registrationCase(4, 'completed', 'completed'),
    {
      subject: 'permit.registration.certificate.issued.v1',
      eventId: randomUUID(),
      injected: false,
      body: { certificate: { body: { certificateId, kind: 'property', projectId } } },
    },
  ]
  const stream = events.map((e, i) => ({ ...e, seq: i + 1 }))
  const alertEvent = stream.find((e) => e.subject.endsWith('clock-overdue.v1')) as StreamEvent
  const serviceOf = (e: StreamEvent) => e.subject.split('.')[1] as string
  const aggregateOf = (e: StreamEvent): string =>
    e.body.task?.taskId ?? e.body.case?.caseId ?? e.body.certificate?.body.certificateId ?? applicationId
  return {
    answeredApplications: [{ applicationId, tasks: 2 }],
    answeredDecisions: taskIds.map((taskId) => ({ taskId })),
    answeredAcceptances: [{ projectId, caseId }],
    tasks: taskIds.map((id, i) => ({
      id,
      applicationId,
      department: `d${i}`,
      item: `i${i}`,
      status: 'approved',
      version: 3,
    })),
    steps: [{ applicationId, decided: true }],
    acceptanceCases: [
      { id: caseId, projectId, part: null, status: 'passed', version: 5, items: items(['passed', 'passed'], 1) },
    ],
    registrationCases: [
      { id: registrationId, projectId, acceptanceCaseId: caseId, status: 'completed', version: 4, certificateId },
    ],
    certificates: [{ id: certificateId, kind: 'property', projectId, sourceKey: `property/${registrationId}` }],
    outbox: stream.map((e, i) => ({
      service: serviceOf(e),
      id: e.eventId,
      position: i + 1,
      aggregateId: aggregateOf(e),
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
    shown: {
      tasks: taskIds.map((id) => ({ id, status: 'approved', version: 3 })),
      decided: [applicationId],
      acceptanceCases: [{ id: caseId, status: 'passed', version: 5 }],
      registrationCases: [{ id: registrationId, status: 'completed', version: 4 }],
      certificates: [certificateId],
    },
    alerts: [{ table: 'task_alert', key: `${taskIds[0]}|committed|overdue|`, eventId: alertEvent.eventId }],
    deadLetters: [],
    explainedDeadLetters: new Map(),
  }
}

/** The snapshot without one event: gone from the stream and from its outbox, as if never emitted. */
const withoutEvent = (s: Snapshot, e: StreamEvent): Snapshot => ({
  ...s,
  stream: s.stream.filter((x) => x !== e),
  outbox: s.outbox.filter((o) => o.id !== e.eventId),
})
const eventOn = (s: Snapshot, subject: string, nth = 0) =>
  s.stream.filter((e) => e.subject === subject)[nth] as StreamEvent

const fired = (s: Snapshot) => checkInvariants(s).map((v) => `${v.invariant}/${v.kind}`)

describe('the fault suite invariant checker', () => {
  it('passes a consistent platform, copies of one event included', () => {
    const s = consistent()
    const copy = { ...(s.stream[2] as StreamEvent), seq: 99, injected: true }
    expect(checkInvariants(s)).toEqual([])
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
    const alert = eventOn(s, 'permit.approval.task.clock-overdue.v1')
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

  it('catches a joint acceptance answered 201 with no case, a second live case, and a case started twice', () => {
    const s = consistent()
    expect(
      fired({
        ...s,
        answeredAcceptances: [...s.answeredAcceptances, { projectId: randomUUID(), caseId: randomUUID() }],
      }),
    ).toEqual(['acceptance-one-case/lost'])
    const first = s.acceptanceCases[0] as Snapshot['acceptanceCases'][number]
    const second = {
      ...first,
      id: randomUUID(),
      status: 'open',
      version: 1,
      items: first.items.map((i) => ({ ...i, status: 'pending', round: 0 })),
    }
    const started = eventOn(s, 'permit.acceptance.case.started.v1')
    const secondStart = {
      ...started,
      eventId: randomUUID(),
      seq: 100,
      body: { case: { ...started.body.case, caseId: second.id } },
    }
    expect(
      fired({
        ...s,
        acceptanceCases: [...s.acceptanceCases, second],
        shown: {
          ...s.shown,
          acceptanceCases: [...s.shown.acceptanceCases, { id: second.id, status: 'open', version: 1 }],
        },
        stream: [...s.stream, secondStart],
        outbox: [
          ...s.outbox,
          {
            service: 'acceptance',
            id: secondStart.eventId,
            position: 100,
            aggregateId: second.id,
            sent: true,
            streamSeq: 100,
          },
        ],
      }),
    ).toEqual(['acceptance-one-case/duplicated'])
    // A failed case leaves room for the next one.
    expect(
      fired({
        ...s,
        acceptanceCases: [{ ...first, status: 'failed' }, second],
        shown: {
          ...s.shown,
          acceptanceCases: [
            { id: first.id, status: 'failed', version: 5 },
            { id: second.id, status: 'open', version: 1 },
          ],
        },
        stream: [...s.stream, secondStart],
        outbox: [
          ...s.outbox,
          {
            service: 'acceptance',
            id: secondStart.eventId,
            position: 100,
            aggregateId: second.id,
            sent: true,
            streamSeq: 100,
          },
        ],
      }),
    ).toEqual([])
    const again = { ...started, eventId: randomUUID(), seq: 101 }
    expect(fired({ ...s, stream: [...s.stream, again] })).toEqual(['acceptance-one-case/duplicated'])
    expect(fired(withoutEvent(s, started))).toEqual(['acceptance-one-case/lost'])
  })

  it("catches a department's acceptance opinion recorded twice, and an opinion the case holds with no event", () => {
    const s = consistent()
    const opinion = eventOn(s, 'permit.acceptance.case.opinion-recorded.v1')
    const twice = { ...opinion, eventId: randomUUID(), seq: 110 }
    expect(fired({ ...s, stream: [...s.stream, twice] })).toEqual(['acceptance-opinion-once/duplicated'])
    expect(fired(withoutEvent(s, eventOn(s, 'permit.acceptance.case.opinion-recorded.v1', 1)))).toEqual([
      'acceptance-opinion-once/lost',
    ])
    // The same department's item in the next round is another opinion, not the same one twice.
    const nextRound = {
      ...opinion,
      eventId: randomUUID(),
      seq: 111,
      body: {
        case: {
          ...opinion.body.case,
          version: 7,
          items: opinion.body.case.items.map((i: Item) => ({ ...i, round: 2 })),
        },
      },
    }
    const before = {
      ...nextRound,
      eventId: randomUUID(),
      seq: 112,
      subject: 'permit.acceptance.case.inspection-scheduled.v1',
      body: {
        case: {
          ...nextRound.body.case,
          version: 6,
          items: opinion.body.case.items.map((i: Item) => ({ ...i, status: 'pending', round: 2 })),
        },
      },
    }
    expect(fired({ ...s, stream: [...s.stream, before, nextRound] })).toEqual([])
  })

  it('catches a second certificate for one registration, a certificate without its cause, and one never issued', () => {
    const s = consistent()
    const certificate = eventOn(s, 'permit.registration.certificate.issued.v1')
    const body = certificate.body.certificate.body
    const second = {
      ...certificate,
      eventId: randomUUID(),
      seq: 120,
      body: { certificate: { body: { ...body, certificateId: randomUUID() } } },
    }
    expect(fired({ ...s, stream: [...s.stream, second] })).toEqual([
      'certificate-once/duplicated',
      'certificate-once/broken',
    ])
    // Two permits of one item for one project: the same.
    const permit = (item: string) => ({
      ...certificate,
      eventId: randomUUID(),
      seq: 121,
      body: { certificate: { body: { ...body, kind: 'permit', item, certificateId: randomUUID() } } },
    })
    expect(fired({ ...s, stream: [...s.stream, permit('construction-permit')] })).toEqual([])
    expect(
      fired({
        ...s,
        stream: [...s.stream, permit('construction-permit'), { ...permit('construction-permit'), seq: 122 }],
      }),
    ).toEqual(['certificate-once/duplicated'])
    // The cause: the joint acceptance's pass, missing or only after the certificate.
    const passed = eventOn(s, 'permit.acceptance.case.passed.v1')
    expect(fired(withoutEvent(s, passed))).toEqual(['certificate-cause/broken'])
    const late = { ...passed, seq: 130 }
    expect(
      fired({
        ...s,
        stream: s.stream.map((e) => (e === passed ? late : e)),
        outbox: s.outbox.map((o) => (o.id === passed.eventId ? { ...o, streamSeq: 130 } : o)),
      }),
    ).toEqual(['certificate-cause/broken'])
    // A completed registration whose certificate never reached the stream.
    expect(fired(withoutEvent(s, certificate))).toEqual(['certificate-once/lost'])
    const noCertificate = s.registrationCases.map((r) => ({ ...r, certificateId: null }))
    expect(fired({ ...s, registrationCases: noCertificate })).toEqual([
      'certificate-once/broken',
      'certificate-once/lost',
    ])
  })

  it('catches a read model behind acceptance or registration: a case at an older version, a case or certificate missing', () => {
    const s = consistent()
    const behind = s.shown.acceptanceCases.map((c) => ({ ...c, status: 'scheduled', version: 4 }))
    expect(fired({ ...s, shown: { ...s.shown, acceptanceCases: behind } })).toEqual(['read-model-sources/broken'])
    expect(fired({ ...s, shown: { ...s.shown, registrationCases: [] } })).toEqual(['read-model-sources/lost'])
    expect(fired({ ...s, shown: { ...s.shown, certificates: [] } })).toEqual(['read-model-sources/lost'])
  })

  it('compares rows as multisets whatever the key order', () => {
    expect(rowsMissing([{ a: 1, b: { c: 2, d: 3 } }], [{ b: { d: 3, c: 2 }, a: 1 }])).toEqual([])
    expect(rowsMissing([{ a: 1 }, { a: 1 }], [{ a: 1 }])).toEqual(['{"a":1}'])
  })
})
