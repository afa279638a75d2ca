import {
  type ApplicationAcceptedV1,
  commitmentBarOf,
  rectificationState,
  TaskCommitmentBreachedV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRevokedV1,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import {
  type Actor,
  COMMITMENT_REVOCATION_BASIS,
  DEFICIENCY_REVOCATION_BASIS,
  decide,
  evolve,
  type OwnerActor,
  openTasks,
  overdueRectifications,
  type Task,
  type TaskCommand,
} from '../src/domain/task.js'
import { taskEventRow } from '../src/events.js'

// 整改 followed through (责令限期整改, seeds/004:1860, 004:2235): the owner reports, the finding's department confirms
// or finds it not done; past `rectifyBy` with none confirmed (and no report made by then awaiting review) it is
// 逾期未整改, reported once, and the department may take the further measure (依法撤销许可, 禁止选择告知承诺) through
// the breach's one path.

const calendar = defaultCalendar()
const OWNER = '91441500MA4UHK1X2B'
const accepted: ApplicationAcceptedV1 = {
  applicationId: '0190a000-0000-7000-8000-000000000001',
  projectId: '0190a000-0000-7000-8000-000000000002',
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: true,
  step: 'S2',
  region: '441500',
  items: [
    {
      item: 'planning-permit',
      department: 'natural-resources',
      committedLimit: { value: 5, unit: 'W' },
      onCommitment: true,
    },
  ],
  commitments: [{ item: 'planning-permit', verifyBy: '2026-03-30' }],
  deficiencies: [{ material: 'site-plan', name: '总平面图', promisedOn: '2026-03-10' }],
}
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }
const owner: OwnerActor = { sub: 'owner-1', role: 'owner', creditCode: OWNER }
const on = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, supplementRounds: 1, calendar })

const step = (task: Task, command: TaskCommand, today: string): Task => {
  const d = decide(task, command, on(today))
  if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code}`)
  return d.value.reduce((t, e) => evolve(t, e, calendar), task)
}
const refusal = (task: Task, command: TaskCommand, today: string) => {
  const d = decide(task, command, on(today))
  if (d.ok) throw new Error(`${command.type} was not refused`)
  return d.error
}
const committed = () =>
  openTasks(accepted, ['0190a000-0000-7000-8000-0000000000a1'], '2026-03-02T01:00:00.000Z', calendar).tasks[0] as Task
// Thursday 2026-03-12: breached, 整改 by Friday 2026-03-20.
const breached = (measures: Array<'rectify' | 'revoke' | 'bar-commitment'> = ['rectify']) =>
  step(
    committed(),
    {
      type: 'VerifyCommitment',
      actor: reviewer,
      body: {
        result: 'breached',
        findings: ['现场与承诺的退线不符'],
        measures,
        ...(measures.includes('rectify') ? { rectifyBy: '2026-03-20' } : {}),
        ...(measures.includes('bar-commitment') ? { barredUntil: '2026-12-31' } : {}),
      },
    },
    '2026-03-12',
  )
const report = (material?: string, by: OwnerActor = owner): TaskCommand => ({
  type: 'ReportRectification',
  owner: by,
  ownerCreditCode: OWNER,
  body: {
    ...(material ? { material } : {}),
    statement: '已按规划退线拆除超出部分',
    materials: [{ code: 'site-photo', documentRef: 'doc://photos/1' }],
  },
})
const review = (result: 'done' | 'not-done', note?: string, material?: string): TaskCommand => ({
  type: 'ReviewRectification',
  actor: reviewer,
  body: { result, ...(note ? { note } : {}), ...(material ? { material } : {}) },
})
const escalate = (
  measures: Array<'revoke' | 'bar-commitment'>,
  extra: { barredUntil?: string; material?: string } = {},
): TaskCommand => ({ type: 'EscalateRectification', actor: reviewer, body: { measures, ...extra } })

describe('the owner reports its 整改', () => {
  it('is recorded on the finding, awaiting review, and told as task.rectification-reported', () => {
    const task = breached()
    const d = decide(task, report(), on('2026-03-16'))
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const after = evolve(task, event, calendar)
    expect(after.commitment?.rectification?.reports).toEqual([
      {
        statement: '已按规划退线拆除超出部分',
        materials: [{ code: 'site-photo', documentRef: 'doc://photos/1' }],
        reportedOn: '2026-03-16',
        reportedAt: '2026-03-16T02:00:00.000Z',
        reportedBy: 'owner-1',
      },
    ])
    expect(rectificationState(after.commitment?.verification, after.commitment?.rectification, '2026-03-16')).toBe(
      'reported',
    )
    const row = taskEventRow(event, after, OWNER)
    expect(row.event).toBe(TaskRectificationReportedV1)
    expect(Value.Check(TaskRectificationReportedV1.schema, row.body)).toBe(true)
    expect(row.body).not.toHaveProperty('deficiency')
    expect(row.body).not.toHaveProperty('ownerCreditCode')
  })

  it('is refused from anyone but the step owner', () => {
    const other = { ...owner, creditCode: '91440300MA5FUBQH3C' }
    expect(refusal(breached(), report(undefined, other), '2026-03-16').code).toBe('APPROVAL_NOT_THE_OWNER')
    const asReviewer = { ...report(), owner: { sub: 'r-1', role: 'reviewer' } } as TaskCommand
    expect(refusal(breached(), asReviewer, '2026-03-16').code).toBe('APPROVAL_NOT_THE_OWNER')
    const noOwner = { ...report(), ownerCreditCode: undefined } as TaskCommand
    expect(refusal(breached(), noOwner, '2026-03-16').code).toBe('APPROVAL_NOT_THE_OWNER')
  })

  it('is refused on a finding that ordered no 整改, and on a commitment kept or unverified', () => {
    expect(refusal(breached(['revoke']), report(), '2026-03-16').code).toBe('APPROVAL_RECTIFICATION_NOT_ORDERED')
    expect(refusal(committed(), report(), '2026-03-16').code).toBe('APPROVAL_RECTIFICATION_NOT_ORDERED')
    const e = refusal(breached(), report('site-plan'), '2026-03-16')
    expect(e.code).toBe('APPROVAL_RECTIFICATION_NOT_ORDERED')
    expect(e.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/material' })])
  })

  it('waits for the review before another report', () => {
    const task = step(breached(), report(), '2026-03-16')
    expect(refusal(task, report(), '2026-03-17').code).toBe('APPROVAL_RECTIFICATION_AWAITING_REVIEW')
  })
})

describe("the department's review", () => {
  it('整改完成 closes the 整改: done, nothing more to report, no overdue, no further measure', () => {
    const task = step(step(breached(), report(), '2026-03-16'), review('done'), '2026-03-17')
    expect(task.commitment?.rectification?.doneOn).toBe('2026-03-17')
    expect(task.commitment?.rectification?.reports[0]?.review).toEqual({ result: 'done', on: '2026-03-17', by: 'r-1' })
    expect(rectificationState(task.commitment?.verification, task.commitment?.rectification, '2026-04-01')).toBe('done')
    expect(refusal(task, report(), '2026-03-18').code).toBe('APPROVAL_RECTIFICATION_DONE')
    expect(overdueRectifications(task, '2026-04-01')).toEqual([])
    expect(refusal(task, escalate(['revoke']), '2026-04-01').code).toBe('APPROVAL_RECTIFICATION_DONE')
  })

  it('not done needs what is missing, and the owner may report again', () => {
    const reported = step(breached(), report(), '2026-03-16')
    const e = refusal(reported, review('not-done'), '2026-03-17')
    expect(e.code).toBe('APPROVAL_RECTIFICATION_INVALID')
    expect(e.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/note' })])
    const d = decide(reported, review('not-done', '北侧仍超出退线'), on('2026-03-17'))
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const task = evolve(reported, event, calendar)
    const row = taskEventRow(event, task)
    expect(row.event).toBe(TaskRectificationReviewedV1)
    expect(Value.Check(TaskRectificationReviewedV1.schema, row.body)).toBe(true)
    expect(rectificationState(task.commitment?.verification, task.commitment?.rectification, '2026-03-17')).toBe(
      'not-done',
    )
    expect(step(task, report(), '2026-03-18').commitment?.rectification?.reports).toHaveLength(2)
  })

  it('is refused with no report awaiting it, and from another department', () => {
    expect(refusal(breached(), review('done'), '2026-03-17').code).toBe('APPROVAL_RECTIFICATION_NOT_REPORTED')
    const other: TaskCommand = {
      type: 'ReviewRectification',
      actor: { ...reviewer, department: 'housing' },
      body: { result: 'done' },
    }
    expect(refusal(step(breached(), report(), '2026-03-16'), other, '2026-03-17').code).toBe(
      'APPROVAL_NOT_YOUR_DEPARTMENT',
    )
  })
})

describe('逾期未整改', () => {
  it('is found the day after rectifyBy with none confirmed, once, and told as task.rectification-overdue', () => {
    const task = breached()
    expect(overdueRectifications(task, '2026-03-20')).toEqual([])
    expect(decide(task, { type: 'ReportRectificationsOverdue' }, on('2026-03-20')).ok).toBe(false)
    const d = decide(task, { type: 'ReportRectificationsOverdue' }, on('2026-03-21'))
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value).toHaveLength(1)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const after = evolve(task, event, calendar)
    expect(after.commitment?.rectification?.overdueOn).toBe('2026-03-21')
    const row = taskEventRow(event, after)
    expect(row.event).toBe(TaskRectificationOverdueV1)
    expect(Value.Check(TaskRectificationOverdueV1.schema, row.body)).toBe(true)
    expect(decide(after, { type: 'ReportRectificationsOverdue' }, on('2026-03-22')).ok).toBe(false)
  })

  it('waits for the review of a report made by rectifyBy; found not done after the day, it is overdue from then', () => {
    const stateOf = (t: Task, today: string) =>
      rectificationState(t.commitment?.verification, t.commitment?.rectification, today)
    // Reported on the last day, reviewed four days later: the department's time is not the owner's delay.
    const reported = step(breached(), report(), '2026-03-20')
    expect(stateOf(reported, '2026-03-23')).toBe('reported')
    expect(overdueRectifications(reported, '2026-03-23')).toEqual([])
    expect(decide(reported, { type: 'ReportRectificationsOverdue' }, on('2026-03-23')).ok).toBe(false)
    const wanting = step(reported, review('not-done', '退线仍不符'), '2026-03-24')
    expect(stateOf(wanting, '2026-03-24')).toBe('overdue')
    const marked = step(wanting, { type: 'ReportRectificationsOverdue' }, '2026-03-24')
    expect(marked.commitment?.rectification?.overdueOn).toBe('2026-03-24')
    // Confirmed after the day instead, it was done in time: never overdue.
    const done = step(reported, review('done'), '2026-03-25')
    expect(stateOf(done, '2026-03-25')).toBe('done')
    expect(overdueRectifications(done, '2026-03-26')).toEqual([])
  })

  it('a late report holds nothing: overdue while it awaits review, still recorded and may be confirmed', () => {
    const late = step(breached(), report(), '2026-03-21')
    expect(rectificationState(late.commitment?.verification, late.commitment?.rectification, '2026-03-21')).toBe(
      'overdue',
    )
    const marked = step(late, { type: 'ReportRectificationsOverdue' }, '2026-03-23')
    expect(marked.commitment?.rectification?.overdueOn).toBe('2026-03-23')
    const done = step(marked, review('done'), '2026-03-24')
    expect(rectificationState(done.commitment?.verification, done.commitment?.rectification, '2026-03-24')).toBe('done')
  })
})

describe('the further measure after 逾期未整改', () => {
  it('waits until rectifyBy has passed with none confirmed', () => {
    const e = refusal(breached(), escalate(['revoke']), '2026-03-20')
    expect(e.code).toBe('APPROVAL_RECTIFICATION_NOT_OVERDUE')
  })

  it('waits for the review of a report made by rectifyBy; found not done after the day, it is overdue and may follow', () => {
    const reported = step(breached(), report(), '2026-03-20')
    const e = refusal(reported, escalate(['revoke']), '2026-03-25')
    expect(e.code).toBe('APPROVAL_RECTIFICATION_REVIEW_PENDING')
    expect(e.details).toMatchObject({ reportedOn: '2026-03-20' })
    const wanting = step(reported, review('not-done', '退线仍不符'), '2026-03-25')
    expect(rectificationState(wanting.commitment?.verification, wanting.commitment?.rectification, '2026-03-25')).toBe(
      'overdue',
    )
    expect(step(wanting, escalate(['revoke']), '2026-03-25').status).toBe('revoked')
    // A late report awaiting review defers the measure the same way.
    const late = step(wanting, report(), '2026-03-26')
    expect(refusal(late, escalate(['revoke']), '2026-03-26').code).toBe('APPROVAL_RECTIFICATION_REVIEW_PENDING')
  })

  it('依法撤销许可 revokes the permit in the same decision, through the breach path', () => {
    const task = breached()
    const d = decide(task, escalate(['revoke']), on('2026-03-23'))
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value.map((e) => e.type)).toEqual(['rectification-escalated', 'revoked'])
    const after = d.value.reduce((t, e) => evolve(t, e, calendar), task)
    expect(after.status).toBe('revoked')
    expect(after.revocation?.legalBasis).toBe(COMMITMENT_REVOCATION_BASIS)
    expect(after.commitment?.rectification?.escalation).toMatchObject({ on: '2026-03-23', measures: ['revoke'] })
    const [first, second] = d.value
    if (!first || !second) throw new Error('two events')
    const row = taskEventRow(first, evolve(task, first, calendar), OWNER)
    expect(row.event).toBe(TaskCommitmentBreachedV1)
    expect(row.body).toMatchObject({ rectification: { escalated: true }, ownerCreditCode: OWNER })
    expect(taskEventRow(second, after).event).toBe(TaskRevokedV1)
    expect(refusal(after, escalate(['bar-commitment'], { barredUntil: '2026-12-31' }), '2026-03-24').code).toBe(
      'APPROVAL_RECTIFICATION_ESCALATED',
    )
    expect(refusal(after, report(), '2026-03-24').code).toBe('APPROVAL_RECTIFICATION_ESCALATED')
  })

  it('禁止选择告知承诺 bars the owner from its own day, read by commitmentBarOf as every bar is', () => {
    const task = breached()
    const d = decide(task, escalate(['bar-commitment'], { barredUntil: '2027-03-23' }), on('2026-03-23'))
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const after = evolve(task, event, calendar)
    expect(after.status).toBe('approved')
    const row = taskEventRow(event, after, OWNER)
    expect(Value.Check(TaskCommitmentBreachedV1.schema, row.body)).toBe(true)
    expect(commitmentBarOf(row.body as TaskCommitmentBreachedV1)).toMatchObject({
      creditCode: OWNER,
      barredOn: '2026-03-23',
      until: '2027-03-23',
    })
  })

  it('refuses a bar without its day, and a revocation of a permit revoked already, naming the fields', () => {
    const e = refusal(breached(), escalate(['bar-commitment']), '2026-03-23')
    expect(e.code).toBe('APPROVAL_VERIFICATION_INVALID')
    expect(e.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/barredUntil' })])
    const revoked = breached(['rectify', 'revoke'])
    expect(revoked.status).toBe('revoked')
    const r = refusal(revoked, escalate(['revoke']), '2026-03-23')
    expect(r.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/measures' })])
  })
})

describe('a 容缺 finding', () => {
  const deficient = () => {
    const base = openTasks(
      { ...accepted, items: [{ item: 'planning-permit', department: 'natural-resources' }], commitments: [] },
      ['0190a000-0000-7000-8000-0000000000a2'],
      '2026-03-02T01:00:00.000Z',
      calendar,
    ).tasks[0] as Task
    const approved = step(
      step(base, { type: 'Claim', actor: reviewer }, '2026-03-03'),
      { type: 'Approve', actor: reviewer },
      '2026-03-04',
    )
    const overdue = step(
      approved,
      { type: 'ReportDeficiencyOverdue', material: 'site-plan', promisedOn: '2026-03-10' },
      '2026-03-11',
    )
    return step(
      overdue,
      {
        type: 'RecordDeficiencyFinding',
        actor: reviewer,
        body: { material: 'site-plan', findings: ['总平面图逾期未交'], measures: ['rectify'], rectifyBy: '2026-03-20' },
      },
      '2026-03-12',
    )
  }

  it('follows its 整改 on the material, named on its events, revoking on the 容缺 legal basis', () => {
    const reported = step(deficient(), report('site-plan'), '2026-03-16')
    expect(reported.deficiencies?.[0]?.rectification?.reports).toHaveLength(1)
    expect(refusal(reported, report(), '2026-03-16').code).toBe('APPROVAL_RECTIFICATION_NOT_ORDERED')
    // The report made by the day awaits review: neither 逾期未整改 nor the further measure comes before it (the
    // department's delay is not the owner's breach).
    expect(decide(reported, { type: 'ReportRectificationsOverdue' }, on('2026-03-23')).ok).toBe(false)
    const pending = refusal(reported, escalate(['revoke'], { material: 'site-plan' }), '2026-03-23')
    expect(pending.code).toBe('APPROVAL_RECTIFICATION_REVIEW_PENDING')
    expect(pending.details).toMatchObject({ reportedOn: '2026-03-16', material: 'site-plan' })
    const wanting = step(reported, review('not-done', '总平面图仍未提交', 'site-plan'), '2026-03-23')
    const d = decide(wanting, { type: 'ReportRectificationsOverdue' }, on('2026-03-23'))
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    expect(taskEventRow(event, evolve(wanting, event, calendar)).body).toMatchObject({
      deficiency: { material: 'site-plan' },
    })
    const revoked = step(wanting, escalate(['revoke'], { material: 'site-plan' }), '2026-03-23')
    expect(revoked.revocation?.legalBasis).toBe(DEFICIENCY_REVOCATION_BASIS)
  })
})

describe('the state of an ordered 整改 (property)', () => {
  // Any sequence of acts on a breach, on any days: the state reads `done` exactly when a review confirmed it, the
  // timer reports each finding at most once, no further measure is taken while a report awaits review, and nothing
  // after `done` or the further measure changes the 整改.
  const act = fc.oneof(
    fc.constant<'report'>('report'),
    fc.constant<'done'>('done'),
    fc.constant<'not-done'>('not-done'),
    fc.constant<'timer'>('timer'),
    fc.constant<'escalate'>('escalate'),
  )
  it('holds for every sequence of reports, reviews, timer passes and further measures', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(act, fc.integer({ min: 0, max: 3 })), { maxLength: 14 }), (acts) => {
        let task = breached()
        let day = new Date('2026-03-13T00:00:00Z')
        let overdueReports = 0
        let confirmed = false
        let settled = false
        for (const [a, gap] of acts) {
          day = new Date(day.getTime() + gap * 86_400_000)
          const today = day.toISOString().slice(0, 10)
          const command: TaskCommand =
            a === 'report'
              ? report()
              : a === 'timer'
                ? { type: 'ReportRectificationsOverdue' }
                : a === 'escalate'
                  ? escalate(['bar-commitment'], { barredUntil: '2027-12-31' })
                  : review(a, a === 'not-done' ? '仍未完成' : undefined)
          const before = task.commitment?.rectification
          const d = decide(task, command, on(today))
          const awaitingReview = before?.reports.at(-1) !== undefined && before?.reports.at(-1)?.review === undefined
          // 逾期未整改 is never marked while a report made by the day awaits review.
          if (a === 'timer' && awaitingReview && (before?.reports.at(-1)?.reportedOn ?? '') <= '2026-03-20') {
            expect(d.ok).toBe(false)
          }
          if (a === 'escalate' && awaitingReview && !settled) {
            // A report awaiting review is answered before any further measure.
            expect(d.ok).toBe(false)
            if (!d.ok && today > '2026-03-20') expect(d.error.code).toBe('APPROVAL_RECTIFICATION_REVIEW_PENDING')
          }
          if (!d.ok) continue
          if (settled) throw new Error(`${a} changed a settled 整改`)
          task = d.value.reduce((t, e) => evolve(t, e, calendar), task)
          if (a === 'timer') overdueReports += 1
          if (a === 'done') confirmed = true
          if (a === 'done' || a === 'escalate') settled = true
          expect(task.commitment?.rectification).not.toEqual(before)
        }
        const last = day.toISOString().slice(0, 10)
        const state = rectificationState(task.commitment?.verification, task.commitment?.rectification, last)
        expect(state === 'done').toBe(confirmed)
        expect(overdueReports).toBeLessThanOrEqual(1)
        const pending = task.commitment?.rectification?.reports.at(-1)
        const timelyPending =
          pending !== undefined && pending.review === undefined && pending.reportedOn <= '2026-03-20'
        if (!confirmed && last > '2026-03-20') expect(state).toBe(timelyPending ? 'reported' : 'overdue')
      }),
    )
  })
})
