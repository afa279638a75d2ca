import type { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { alertsDue, leadAlertDue } from '../src/domain/alerts.js'
import {
  type Actor,
  COMMITMENT_REVOCATION_BASIS,
  decide,
  evolve,
  openTasks,
  type Task,
  type TaskCommand,
} from '../src/domain/task.js'
import { taskEventRow } from '../src/events.js'

const APP = '0190a000-0000-7000-8000-000000000001'
const ids = ['0190a000-0000-7000-8000-0000000000a1', '0190a000-0000-7000-8000-0000000000a2']

const accepted = (over: Partial<ApplicationAcceptedV1> = {}): ApplicationAcceptedV1 => ({
  applicationId: APP,
  projectId: '0190a000-0000-7000-8000-000000000002',
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  step: 'six-item-bundle',
  stepLead: 'housing-construction',
  consolidatedNoticeStops: 'step',
  region: '441500',
  items: [
    { item: 'engineering-planning-permit', department: 'natural-resources', committedLimit: { value: 4, unit: 'W' } },
    { item: 'construction-permit', department: 'housing-construction', committedLimit: { value: 4, unit: 'W' } },
  ],
  ...over,
})

// The bundled calendar: the cases below are counted on the published 2026 schedule.
const calendar = defaultCalendar()
const opts = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, supplementRounds: 1, calendar })
const run = (task: Task, command: TaskCommand, today: string): Task => {
  const d = decide(task, command, opts(today))
  if (!d.ok) throw new Error(d.error.code)
  return d.value.reduce((t, e) => evolve(t, e, calendar), task)
}
const lead: Actor = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }
const [planning, permit] = openTasks(accepted(), ids, '2026-03-02T01:00:00.000Z', calendar).tasks as [Task, Task]
const claimed = run(planning, { type: 'Claim', actor: reviewer }, '2026-03-02')
const ask = (actor: Actor, byLead: boolean): TaskCommand => ({
  type: 'RequestSupplement',
  actor,
  materials: ['design-scheme'],
  reason: '需补正',
  suspensionId: 's-1',
  byLead,
})

describe("the step's lead department in the task rules", () => {
  it('pins the lead and the region setting on every task of the step', () => {
    expect([planning.lead, permit.lead]).toEqual(['housing-construction', 'housing-construction'])
    expect([planning.noticeStops, permit.noticeStops]).toEqual(['step', 'step'])
  })

  it("asks for 补正 on a department's behalf only in its notice, and only for its own step", () => {
    const asked = run(claimed, ask(lead, true), '2026-03-03')
    expect([asked.status, asked.nationalCode, asked.supplementRoundsUsed]).toEqual(['supplement-requested', 6, 1])
    // Not through a department's own action, not as another step's lead, not as another role.
    for (const actor of [lead, { ...lead, department: 'natural-resources' }, { ...lead, role: 'supervisor' }]) {
      const byLead = actor !== lead
      const d = decide(claimed, ask(actor, byLead), opts('2026-03-03'))
      expect(d.ok ? 'allowed' : d.error.code, JSON.stringify(actor)).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    }
  })

  it('pauses a running clock with the step and resumes it on the answer, the days not counted', () => {
    const paused = run(permit, { type: 'PauseForNotice', suspensionId: 'p-1' }, '2026-03-03')
    expect([paused.status, paused.nationalCode, paused.noticePause]).toEqual(['assigned', 3, { suspensionId: 'p-1' }])
    // An open suspension counts as running through today (03-03): the earliest the task can be due.
    expect(paused.dueOn).toBe('2026-03-09')
    const resumed = run(paused, { type: 'ResumeFromNotice', actor: 'owner-1' }, '2026-03-05')
    expect(resumed.noticePause).toBeUndefined()
    expect(resumed.clocks.committed?.suspensions.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['supplement', '2026-03-03', '2026-03-05'],
    ])
    // 4 W from 03-02 with 03-03..03-05 stopped: 03-06, 03-09, 03-10, 03-11.
    expect(resumed.dueOn).toBe('2026-03-11')
    const twice = decide(paused, { type: 'PauseForNotice', suspensionId: 'p-2' }, opts('2026-03-03'))
    expect(twice.ok ? 'paused twice' : twice.error.code).toBe('APPROVAL_TASK_STATE_CONFLICT')
  })

  it("keeps the step's pause as a department's own 补正, so no day is stopped twice", () => {
    const paused = run(claimed, { type: 'PauseForNotice', suspensionId: 'p-1' }, '2026-03-03')
    const asked = run(paused, ask(reviewer, false), '2026-03-04')
    expect(asked.noticePause).toBeUndefined()
    expect(asked.clocks.committed?.suspensions.map((s) => [s.id, s.from, s.to])).toEqual([
      ['p-1', '2026-03-03', undefined],
    ])
  })

  it("alerts the lead once per task, the first time one of the task's clocks turns yellow", () => {
    const due = alertsDue(permit, '2026-03-06', 0.8, calendar)
    expect(leadAlertDue(permit, due, new Set())).toMatchObject({ clock: 'committed', kind: 'warned' })
    expect(leadAlertDue(permit, due, new Set(['lead/warned/']))).toBeUndefined()
    expect(leadAlertDue(permit, alertsDue(permit, '2026-03-05', 0.8, calendar), new Set())).toBeUndefined()
    const { lead: _, ...withoutLead } = permit
    expect(leadAlertDue(withoutLead, due, new Set())).toBeUndefined()
  })
})

describe('告知承诺 in the approval stage', () => {
  const opened = openTasks(
    accepted({
      items: accepted().items.map((i) => (i.item === 'construction-permit' ? { ...i, onCommitment: true } : i)),
      commitments: [{ item: 'construction-permit', verifyBy: '2026-03-30' }],
    }),
    ids,
    '2026-03-02T01:00:00.000Z',
    calendar,
  )
  const committed = opened.tasks[1] as Task

  it('is decided at once: approved (11) with its verify-by day, announced after its assignment', () => {
    expect([committed.status, committed.nationalCode, committed.version]).toEqual(['approved', 11, 2])
    expect(committed.commitment).toEqual({ verifyBy: '2026-03-30' })
    expect(opened.assigned.map((t) => t.status)).toEqual(['assigned', 'assigned'])
    expect(opened.decided.map((d) => [d.event.type, d.after.taskId])).toEqual([['approved-on-commitment', ids[1]]])
    expect(opened.tasks[0]?.status).toBe('assigned')
  })

  it('is reported overdue once the day after its verify-by day, then verified once by its department', () => {
    const early = decide(committed, { type: 'ReportCommitmentOverdue' }, opts('2026-03-30'))
    expect(early.ok).toBe(false)
    const overdue = run(committed, { type: 'ReportCommitmentOverdue' }, '2026-03-31')
    expect(overdue.commitment).toEqual({ verifyBy: '2026-03-30', verificationOverdueOn: '2026-03-31' })
    expect(decide(overdue, { type: 'ReportCommitmentOverdue' }, opts('2026-04-01')).ok).toBe(false)

    const owner: Actor = { sub: 'h-1', role: 'reviewer', department: 'housing-construction' }
    const other = decide(
      overdue,
      { type: 'VerifyCommitment', actor: reviewer, body: { result: 'kept' } },
      opts('2026-04-01'),
    )
    expect(other.ok ? 'verified' : other.error.code).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    const invalid = decide(
      overdue,
      { type: 'VerifyCommitment', actor: owner, body: { result: 'breached' } },
      opts('2026-04-01'),
    )
    expect(
      invalid.ok ? [] : ((invalid.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field),
    ).toEqual(['/body/findings', '/body/measures'])
    const body = { result: 'breached' as const, findings: ['未按承诺'], measures: ['revoke' as const] }
    const breached = run(overdue, { type: 'VerifyCommitment', actor: owner, body }, '2026-04-01')
    expect(breached.commitment?.verification).toEqual({
      result: 'breached',
      on: '2026-04-01',
      department: 'housing-construction',
      by: 'h-1',
      findings: ['未按承诺'],
      measures: ['revoke'],
    })
    const again = decide(
      breached,
      { type: 'VerifyCommitment', actor: owner, body: { result: 'kept' } },
      opts('2026-04-02'),
    )
    expect(again.ok ? 'verified twice' : again.error.code).toBe('APPROVAL_COMMITMENT_VERIFIED')
    const plain = decide(
      opened.tasks[0] as Task,
      { type: 'VerifyCommitment', actor: reviewer, body: { result: 'kept' } },
      opts('2026-04-01'),
    )
    expect(plain.ok ? 'verified' : plain.error.code).toBe('APPROVAL_NOT_COMMITTED')
  })

  // The rule a 容缺 finding keeps (one rule, verifyCommitment's): a working day after today on the task's calendar.
  it.each([
    ['today', '2026-04-01'],
    ['a day past', '2026-03-31'],
    ['a holiday (清明节, a Monday)', '2026-04-06'],
  ])('refuses a breach whose rectify-by day is %s, with one error line', (_, rectifyBy) => {
    const owner: Actor = { sub: 'h-1', role: 'reviewer', department: 'housing-construction' }
    const body = { result: 'breached' as const, findings: ['未按承诺'], measures: ['rectify' as const], rectifyBy }
    const d = decide(committed, { type: 'VerifyCommitment', actor: owner, body }, opts('2026-04-01'))
    expect(d.ok ? [] : d.error.details?.['errors']).toEqual([
      { field: '/body/rectifyBy', message: 'is not a working day after today (2026-04-01)' },
    ])
    const next = { ...body, rectifyBy: '2026-04-07' }
    expect(decide(committed, { type: 'VerifyCommitment', actor: owner, body: next }, opts('2026-04-01')).ok).toBe(true)
  })

  // 依法撤销许可 (004:1860) on a breach: the permit granted on the commitment is revoked with it, as a 容缺 finding's is.
  describe('breached with revoke', () => {
    const owner: Actor = { sub: 'h-1', role: 'reviewer', department: 'housing-construction' }
    const revoking = {
      result: 'breached' as const,
      findings: ['施工现场与承诺不符', '未落实安全措施'],
      measures: ['revoke' as const, 'bar-commitment' as const],
      barredUntil: '2026-09-30',
    }

    it('revokes the permit in the same decision: the breach, then 撤销 (15) under 行政许可法第六十九条', () => {
      const d = decide(committed, { type: 'VerifyCommitment', actor: owner, body: revoking }, opts('2026-04-01'))
      if (!d.ok) throw new Error(d.error.code)
      expect(d.value.map((e) => e.type)).toEqual(['commitment-breached', 'revoked'])
      let task = committed
      for (const event of d.value) {
        task = evolve(task, event, calendar)
        const row = taskEventRow(event, task, '91441500MA51XY302A')
        expect(Value.Check(row.event.schema, row.body), `${event.type} fits ${row.event.subject}`).toBe(true)
      }
      expect(task).toMatchObject({ status: 'revoked', nationalCode: 15 })
      expect(task.commitment?.verification).toMatchObject({
        result: 'breached',
        measures: ['revoke', 'bar-commitment'],
      })
      expect(task.revocation).toEqual({
        reason: '告知承诺事项经核查与承诺不符：施工现场与承诺不符；未落实安全措施',
        legalBasis: COMMITMENT_REVOCATION_BASIS,
        revokedAt: '2026-04-01T02:00:00.000Z',
        revokedOn: '2026-04-01',
        revokedBy: 'h-1',
      })
      expect(COMMITMENT_REVOCATION_BASIS).toContain('行政许可法》第六十九条')
      expect(COMMITMENT_REVOCATION_BASIS).toContain('告知承诺')
    })

    it("names the item in the revocation's reason by its Chinese name when the task carries it, never by its code", () => {
      const named: Task = { ...committed, itemName: '建筑工程施工许可证核发' }
      const d = decide(named, { type: 'VerifyCommitment', actor: owner, body: revoking }, opts('2026-04-01'))
      if (!d.ok) throw new Error(d.error.code)
      const task = d.value.reduce<Task>((t, e) => evolve(t, e, calendar), named)
      expect(task.revocation?.reason).toBe(
        '告知承诺事项《建筑工程施工许可证核发》经核查与承诺不符：施工现场与承诺不符；未落实安全措施',
      )
    })

    it('is refused on a permit revoked already, naming /body/measures beside any other field; without revoke it is recorded', () => {
      const revoked = run(
        committed,
        { type: 'Revoke', actor: owner, reason: '以欺骗手段取得', legalBasis: '行政许可法第六十九条第二款' },
        '2026-03-20',
      )
      const d = decide(revoked, { type: 'VerifyCommitment', actor: owner, body: revoking }, opts('2026-04-01'))
      expect(d.ok).toBe(false)
      if (d.ok) return
      expect(d.error.code).toBe('APPROVAL_VERIFICATION_INVALID')
      expect(d.error.details?.['errors']).toEqual([
        { field: '/body/measures', message: 'revoke is for a granted permit; it was revoked on 2026-03-20' },
      ])
      const both = decide(
        revoked,
        { type: 'VerifyCommitment', actor: owner, body: { ...revoking, barredUntil: '2026-03-31' } },
        opts('2026-04-01'),
      )
      expect(
        both.ok ? [] : ((both.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field),
      ).toEqual(['/body/barredUntil', '/body/measures'])
      const barOnly = { ...revoking, measures: ['bar-commitment' as const] }
      const recorded = decide(revoked, { type: 'VerifyCommitment', actor: owner, body: barOnly }, opts('2026-04-01'))
      expect(recorded.ok ? recorded.value.map((e) => e.type) : recorded.error.code).toEqual(['commitment-breached'])
    })

    it('leaves the permit standing with rectify or bar only', () => {
      const body = { ...revoking, measures: ['bar-commitment' as const] }
      const task = run(committed, { type: 'VerifyCommitment', actor: owner, body }, '2026-04-01')
      expect([task.status, task.nationalCode, task.revocation]).toEqual(['approved', 11, undefined])
    })
  })
})
