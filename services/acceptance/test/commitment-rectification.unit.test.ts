import { loadCatalogue } from '@onewindow/catalogue'
import { AcceptanceCaseSnapshot, type Actor, MAX_RECTIFICATION_REPORTS } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { acceptanceConfig } from '../src/catalogue.js'
import {
  type Case,
  type Changed,
  type Decision,
  escalateCommitmentRectification,
  numberLetter,
  openCase,
  recordOpinion,
  rectificationRuns,
  reportCommitmentRectification,
  reportOverdueRectifications,
  reviewCommitmentRectification,
  scheduleInspection,
  verifyCommitment,
} from '../src/domain/case.js'

// 整改 of a 告知承诺 breach in joint acceptance followed through (004:1860 责令限期整改; 004:2235), over the approval
// stage's rules (contracts' rectificationReport/Review/Escalation/State): the owner reports by rectifyBy, the item's
// department reviews, 逾期未整改 is marked once by the timer (a timely report awaiting review holds it off), and the
// further measure revokes the pass (or fails the undecided case) or bars the owner.

const OWNER = { name: 'Foshan Works Ltd', creditCode: '91440600MA4UW8XL2K' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
const stranger: Actor = { sub: 'owner-2', role: 'owner', creditCode: '91441500MA51XY201H' }
const lead: Actor = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
const reviewer = (department: string): Actor => ({ sub: `reviewer-${department}`, role: 'reviewer', department })
const at = (day: string) => ({ at: `${day}T02:00:00.000Z`, today: day })
const calendar = defaultCalendar()
const checkSnapshot = Compile(AcceptanceCaseSnapshot)

const ARCHIVE = 'urban-construction-archive-acceptance'
const archivist = reviewer('urban-construction-archive')
const industrial = acceptanceConfig(loadCatalogue('440600'), 'industrial-land-with-scheme')
if (!industrial) throw new Error('no joint acceptance for the Foshan industrial type')
const withArchive = {
  ...industrial,
  items: [...industrial.items, { item: ARCHIVE, department: 'urban-construction-archive', commitmentAllowed: true }],
}
// Friday 20 March 2026: the 整改's last day. The breach is found on Tuesday 10 March.
const RECTIFY_BY = '2026-03-20'

function ok(d: Decision): Changed {
  if (!d.ok) throw new Error(`refused: ${d.error.code} ${d.error.message}`)
  for (const e of d.value.events) expect(checkSnapshot.Check(e.case)).toBe(true)
  return d.value
}

/** A Foshan case opened on 2 March, the archive item on commitment, nothing inspected yet. */
function opened(): Case {
  return ok(
    openCase({
      caseId: '0190a000-0000-7000-8000-0000000000c1',
      actor: owner,
      project: {
        projectId: '0190a000-0000-7000-8000-000000000002',
        projectType: 'industrial-land-with-scheme',
        region: '440600',
        owner: OWNER,
      },
      configured: withArchive,
      approvedItems: ['construction-permit'],
      commitments: [ARCHIVE],
      ...at('2026-03-02'),
      verifyBy: '2026-03-30',
    }),
  ).case
}

/** {@link opened}, every other item passed on 5 March. */
function passed(): Case {
  let c = opened()
  const departments = [...new Set(c.items.filter((i) => i.status === 'pending').map((i) => i.department))]
  c = ok(
    scheduleInspection(c, lead, { date: '2026-03-05', place: 'site', participants: departments }, at('2026-03-03')),
  ).case
  for (const i of c.items.filter((x) => x.status === 'pending')) {
    c = numberLetter(
      ok(recordOpinion(c, reviewer(i.department), { item: i.item, opinion: 'pass' }, at('2026-03-05'))),
      7,
    ).case
  }
  expect(c.status).toBe('passed')
  return c
}

/** The archive commitment found breached on 10 March, ordered put right by {@link RECTIFY_BY}. */
const breached = (c: Case, measures: Array<'rectify' | 'bar-commitment'> = ['rectify']): Case =>
  ok(
    verifyCommitment(
      c,
      archivist,
      {
        item: ARCHIVE,
        result: 'breached',
        findings: ['竣工档案缺少竣工图'],
        measures,
        ...(measures.includes('rectify') ? { rectifyBy: RECTIFY_BY } : {}),
        ...(measures.includes('bar-commitment') ? { barredUntil: '2026-09-30' } : {}),
      },
      at('2026-03-10'),
      calendar,
    ),
  ).case

/** {@link passed}, the archive breach found on 10 March ordering 整改 and revoking the pass (依法撤销) at once. */
const breachedAndRevoked = (): Case =>
  ok(
    verifyCommitment(
      passed(),
      archivist,
      {
        item: ARCHIVE,
        result: 'breached',
        findings: ['竣工档案缺少竣工图'],
        measures: ['rectify', 'revoke'],
        rectifyBy: RECTIFY_BY,
      },
      at('2026-03-10'),
      calendar,
    ),
  ).case

const report = (c: Case, day: string, actor: Actor = owner) =>
  reportCommitmentRectification(c, actor, { item: ARCHIVE, statement: '已补齐竣工图并移交城建档案馆' }, at(day))
const review = (c: Case, day: string, result: 'done' | 'not-done', note?: string, actor: Actor = archivist) =>
  reviewCommitmentRectification(c, actor, { item: ARCHIVE, result, ...(note ? { note } : {}) }, at(day))
const escalate = (c: Case, day: string, measures: Array<'revoke' | 'bar-commitment'>, barredUntil?: string) =>
  escalateCommitmentRectification(
    c,
    archivist,
    { item: ARCHIVE, measures, ...(barredUntil ? { barredUntil } : {}) },
    at(day),
    calendar,
  )
const archiveOf = (c: Case) => c.items.find((i) => i.item === ARCHIVE)
const codeOf = (d: Decision) => (d.ok ? 'ok' : d.error.code)

describe('整改 reported and reviewed', () => {
  it('the owner reports, the department finds it not done, the owner reports again and it is confirmed: 整改完成', () => {
    let c = breached(passed())
    const first = ok(report(c, '2026-03-16'))
    expect(first.events.map((e) => e.event)).toEqual([
      { type: 'commitment-rectification-reported', item: ARCHIVE, note: expect.stringContaining('已补齐竣工图') },
    ])
    c = first.case
    expect(archiveOf(c)?.rectification).toEqual({
      reports: [
        {
          statement: '已补齐竣工图并移交城建档案馆',
          reportedOn: '2026-03-16',
          reportedAt: '2026-03-16T02:00:00.000Z',
          reportedBy: owner.sub,
        },
      ],
    })
    // One report awaits the department at a time.
    expect(report(c, '2026-03-17')).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_RECTIFICATION_AWAITING_REVIEW', details: { item: ARCHIVE, reportedOn: '2026-03-16' } },
    })
    // Not done says what is missing.
    expect(codeOf(review(c, '2026-03-17', 'not-done'))).toBe('ACCEPTANCE_RECTIFICATION_INVALID')
    c = ok(review(c, '2026-03-17', 'not-done', '竣工图未加盖出图章')).case
    expect(archiveOf(c)?.rectification?.reports[0]?.review).toEqual({
      result: 'not-done',
      on: '2026-03-17',
      by: archivist.sub,
      note: '竣工图未加盖出图章',
    })
    expect(codeOf(review(c, '2026-03-17', 'done'))).toBe('ACCEPTANCE_RECTIFICATION_NOT_REPORTED')
    c = ok(report(c, '2026-03-18')).case
    const done = ok(review(c, '2026-03-19', 'done'))
    expect(done.events.map((e) => e.event)).toEqual([
      { type: 'commitment-rectification-reviewed', item: ARCHIVE, note: expect.stringContaining('整改完成') },
    ])
    c = done.case
    expect(archiveOf(c)?.rectification).toMatchObject({ doneOn: '2026-03-19' })
    expect(c.version).toBe(breached(passed()).version + 4)
    // Confirmed done closes it: no report, no review, no further measure, and the timer marks nothing.
    expect(codeOf(report(c, '2026-03-20'))).toBe('ACCEPTANCE_RECTIFICATION_DONE')
    expect(codeOf(escalate(c, '2026-03-25', ['bar-commitment'], '2026-09-30'))).toBe('ACCEPTANCE_RECTIFICATION_DONE')
    expect(reportOverdueRectifications(c, at('2026-03-25'))).toBeUndefined()
  })

  it('only the case owner reports and only the item department reviews; a breach ordering no 整改 has none', () => {
    const c = breached(passed())
    expect(codeOf(report(c, '2026-03-16', stranger))).toBe('ACCEPTANCE_NOT_THE_OWNER')
    expect(codeOf(report(c, '2026-03-16', archivist))).toBe('ACCEPTANCE_NOT_THE_OWNER')
    const reported = ok(report(c, '2026-03-16')).case
    expect(review(reported, '2026-03-17', 'done', undefined, reviewer('fire-protection'))).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_NOT_THE_DEPARTMENT', details: { item: ARCHIVE, act: 'rectification-review' } },
    })
    expect(codeOf(review(reported, '2026-03-17', 'done', undefined, owner))).toBe('ACCEPTANCE_NOT_THE_DEPARTMENT')
    const unknown = reportCommitmentRectification(c, owner, { item: 'no-such-item', statement: 'x' }, at('2026-03-16'))
    expect(codeOf(unknown)).toBe('ACCEPTANCE_ITEM_UNKNOWN')

    const barredOnly = breached(passed(), ['bar-commitment'])
    expect(report(barredOnly, '2026-03-16')).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_RECTIFICATION_NOT_ORDERED', details: { errors: [{ field: '/body/item' }] } },
    })
    // Unverified: nothing ordered yet.
    expect(codeOf(report(passed(), '2026-03-16'))).toBe('ACCEPTANCE_RECTIFICATION_NOT_ORDERED')
  })

  it('another department is refused as not the department before any 整改 check, learning nothing of the item', () => {
    const fire = reviewer('fire-protection')
    const escalateAs = (c: Case, actor: Actor) =>
      escalateCommitmentRectification(c, actor, { item: ARCHIVE, measures: ['revoke'] }, at('2026-03-23'), calendar)
    // Not ordered (unverified), ordered only a bar, on a failed case, and on a case whose pass was revoked.
    const failed = ok(
      escalate(reportOverdueRectifications(breached(opened()), at('2026-03-21'))?.case as Case, '2026-03-23', [
        'revoke',
      ]),
    ).case
    for (const c of [passed(), breached(passed(), ['bar-commitment']), failed]) {
      expect(review(c, '2026-03-17', 'done', undefined, fire)).toMatchObject({
        ok: false,
        error: { code: 'ACCEPTANCE_NOT_THE_DEPARTMENT', details: { act: 'rectification-review' } },
      })
      expect(escalateAs(c, fire)).toMatchObject({
        ok: false,
        error: { code: 'ACCEPTANCE_NOT_THE_DEPARTMENT', details: { act: 'rectification-escalation' } },
      })
    }
    // The item's own department is told why.
    expect(codeOf(review(passed(), '2026-03-17', 'done'))).toBe('ACCEPTANCE_RECTIFICATION_NOT_ORDERED')
    expect(codeOf(escalateAs(passed(), archivist))).toBe('ACCEPTANCE_RECTIFICATION_NOT_ORDERED')
    // No such item names no department: unknown to anyone.
    const unknown = reviewCommitmentRectification(
      passed(),
      fire,
      { item: 'no-such-item', result: 'done' },
      at('2026-03-17'),
    )
    expect(codeOf(unknown)).toBe('ACCEPTANCE_ITEM_UNKNOWN')
  })

  it('keeps at most MAX_RECTIFICATION_REPORTS reports', () => {
    let c = breached(passed())
    for (let n = 0; n < MAX_RECTIFICATION_REPORTS; n += 1) {
      c = ok(report(c, '2026-03-16')).case
      c = ok(review(c, '2026-03-16', 'not-done', `第 ${n + 1} 次仍未完成`)).case
    }
    expect(codeOf(report(c, '2026-03-17'))).toBe('ACCEPTANCE_RECTIFICATION_REPORTS_EXHAUSTED')
  })
})

describe('逾期未整改: the timer', () => {
  it('marks it once, the day after rectifyBy, with no 整改 confirmed', () => {
    const c = breached(passed())
    expect(reportOverdueRectifications(c, at(RECTIFY_BY))).toBeUndefined()
    const marked = reportOverdueRectifications(c, at('2026-03-21'))
    expect(marked?.events.map((e) => e.event)).toEqual([
      { type: 'commitment-rectification-overdue', item: ARCHIVE, note: expect.stringContaining(RECTIFY_BY) },
    ])
    expect(archiveOf(marked?.case as Case)?.rectification).toEqual({ reports: [], overdueOn: '2026-03-21' })
    expect(checkSnapshot.Check(marked?.case)).toBe(true)
    expect(reportOverdueRectifications(marked?.case as Case, at('2026-03-23'))).toBeUndefined()
  })

  it('a report made by rectifyBy and awaiting review holds it off; found not done after the day, the next pass marks it', () => {
    const c = ok(report(breached(passed()), RECTIFY_BY)).case
    expect(reportOverdueRectifications(c, at('2026-03-25'))).toBeUndefined()
    const wanting = ok(review(c, '2026-03-26', 'not-done', '未移交电子档案')).case
    expect(
      archiveOf(reportOverdueRectifications(wanting, at('2026-03-26'))?.case as Case)?.rectification,
    ).toMatchObject({ overdueOn: '2026-03-26' })
  })

  it('a report after the day holds nothing', () => {
    const c = ok(report(breached(passed()), '2026-03-23')).case
    expect(reportOverdueRectifications(c, at('2026-03-23'))?.events).toHaveLength(1)
  })

  it('marks nothing on a case failed since: its 整改 went with it', () => {
    const overdue = reportOverdueRectifications(breached(opened()), at('2026-03-21'))?.case as Case
    const failed = ok(escalate(overdue, '2026-03-23', ['revoke']))
    expect(failed.case.status).toBe('failed')
    expect(reportOverdueRectifications(failed.case, at('2026-03-30'))).toBeUndefined()
  })
})

describe('a revoked pass ends its 整改', () => {
  it('nothing marked 逾期未整改, reported, reviewed or escalated on it: the owner applies again', () => {
    const c = breachedAndRevoked()
    expect(c.passRevoked).toMatchObject({ item: ARCHIVE, on: '2026-03-10' })
    expect(rectificationRuns(c)).toBe(false)
    expect(rectificationRuns(breached(passed()))).toBe(true)
    expect(reportOverdueRectifications(c, at('2026-03-23'))).toBeUndefined()
    const revoked = {
      ok: false,
      error: {
        code: 'ACCEPTANCE_PASS_REVOKED',
        details: { item: ARCHIVE, passRevoked: { item: ARCHIVE, on: '2026-03-10' } },
      },
    }
    expect(report(c, '2026-03-16')).toMatchObject(revoked)
    expect(review(c, '2026-03-17', 'done')).toMatchObject(revoked)
    expect(escalate(c, '2026-03-23', ['bar-commitment'], '2026-09-30')).toMatchObject(revoked)
    // Another department is still told it is not its item first.
    expect(codeOf(review(c, '2026-03-17', 'done', undefined, reviewer('fire-protection')))).toBe(
      'ACCEPTANCE_NOT_THE_DEPARTMENT',
    )
  })
})

describe("逾期未整改's further measure", () => {
  it('waits for the day to pass, and for a report awaiting review to be reviewed', () => {
    const c = breached(passed())
    expect(escalate(c, RECTIFY_BY, ['bar-commitment'], '2026-09-30')).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_RECTIFICATION_NOT_OVERDUE', details: { rectifyBy: RECTIFY_BY, item: ARCHIVE } },
    })
    const pending = ok(report(c, RECTIFY_BY)).case
    expect(escalate(pending, '2026-03-25', ['revoke'])).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_RECTIFICATION_REVIEW_PENDING', details: { reportedOn: RECTIFY_BY } },
    })
    const wanting = ok(review(pending, '2026-03-25', 'not-done', '未移交电子档案')).case
    expect(codeOf(escalate(wanting, '2026-03-25', ['bar-commitment'], '2026-09-30'))).toBe('ok')
  })

  it('依法撤销 after the pass: the escalation, then the pass revoked, the letter kept for the record; once', () => {
    const c = breached(passed())
    const d = ok(escalate(c, '2026-03-23', ['revoke']))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-rectification-escalated', 'pass-revoked'])
    expect(d.case).toMatchObject({
      status: 'passed',
      opinionNumber: c.opinionNumber,
      version: c.version + 2,
      passRevoked: { item: ARCHIVE, department: 'urban-construction-archive', on: '2026-03-23', by: archivist.sub },
    })
    expect(archiveOf(d.case)?.rectification?.escalation).toEqual({
      on: '2026-03-23',
      by: archivist.sub,
      measures: ['revoke'],
    })
    expect(escalate(d.case, '2026-03-24', ['bar-commitment'], '2026-09-30')).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_RECTIFICATION_ESCALATED', details: { escalation: { on: '2026-03-23' } } },
    })
    expect(codeOf(report(d.case, '2026-03-24'))).toBe('ACCEPTANCE_RECTIFICATION_ESCALATED')
  })

  it('依法撤销 of a pass revoked already is refused at the measures, naming the day it was revoked', () => {
    const c = breachedAndRevoked()
    expect(c.passRevoked).toMatchObject({ item: ARCHIVE, on: '2026-03-10' })
    const d = escalate(c, '2026-03-23', ['revoke'])
    expect(d).toMatchObject({
      ok: false,
      error: {
        code: 'ACCEPTANCE_VERIFICATION_INVALID',
        details: { errors: [{ field: '/body/measures', message: expect.stringContaining('revoked on 2026-03-10') }] },
      },
    })
    expect(codeOf(escalate(c, '2026-03-23', ['revoke', 'bar-commitment'], '2026-09-30'))).toBe(
      'ACCEPTANCE_VERIFICATION_INVALID',
    )
  })

  it('禁止选择告知承诺 alone leaves the pass standing; its day follows the breach rule', () => {
    const c = breached(passed())
    expect(escalate(c, '2026-03-23', ['bar-commitment'])).toMatchObject({
      ok: false,
      error: { code: 'ACCEPTANCE_VERIFICATION_INVALID', details: { errors: [{ field: '/body/barredUntil' }] } },
    })
    const d = ok(escalate(c, '2026-03-23', ['bar-commitment'], '2026-09-30'))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-rectification-escalated'])
    expect(d.case.passRevoked).toBeUndefined()
    expect(archiveOf(d.case)?.rectification?.escalation).toMatchObject({ barredUntil: '2026-09-30' })
  })

  it('依法撤销 before the pass fails the undecided case, as a breach with revoke does', () => {
    const c = breached(opened())
    expect(c.status).toBe('open')
    const d = ok(escalate(c, '2026-03-23', ['revoke', 'bar-commitment'], '2026-09-30'))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-rectification-escalated', 'failed'])
    expect(d.case.status).toBe('failed')
    // Another act on the failed case is told the measure was taken.
    expect(codeOf(report(d.case, '2026-03-24'))).toBe('ACCEPTANCE_RECTIFICATION_ESCALATED')
  })

  it('the item department alone takes it', () => {
    const c = breached(passed())
    const d = escalateCommitmentRectification(
      c,
      reviewer('fire-protection'),
      { item: ARCHIVE, measures: ['revoke'] },
      at('2026-03-23'),
      calendar,
    )
    expect(codeOf(d)).toBe('ACCEPTANCE_NOT_THE_DEPARTMENT')
  })
})
