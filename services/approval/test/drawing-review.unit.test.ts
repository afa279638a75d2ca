import type { Actor } from '@onewindow/contracts'
import { addDays, defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  answerReview,
  type DrawingReview,
  isReviewBodyOf,
  refuseCoveredSupplement,
  relyOn,
  reviewClockAlerts,
  submitDrawingSet,
} from '../src/domain/drawing-review.js'

const calendar = defaultCalendar()
const owner: Actor = { sub: 'o', role: 'owner', creditCode: '91441500MA51XY201H' }
const body = { name: '审查中心', creditCode: '91441500MA51XY202F' }
const submission = { reviewBody: body, title: '施工图', documentRef: 'doc://v.zip' }
const ctx = (today: string) => ({ at: `${today}T01:00:00.000Z`, today, calendar })
const findings = { fire: 'ok', 'civil-air-defence': 'ok', telecom: 'ok' }

/** The n-th working day after `from`, counted day by day: independent of workdays' due-date walk. */
function nthWorkingDay(from: string, n: number): string {
  let d = from
  for (let i = 0; i < n; ) {
    d = addDays(d, 1)
    if (calendar.isWorkingDay(d)) i += 1
  }
  return d
}

const opened = (today = '2026-03-02'): DrawingReview => {
  const d = submitDrawingSet(undefined, { reviewId: 'r1', projectId: 'p1', actor: owner, body: submission }, ctx(today))
  if (!d.ok) throw new Error(d.error.code)
  return d.value.review
}

describe('联合审图 decide functions', () => {
  it('opens version 1 with a 5 W clock from the day of submission, across a holiday', () => {
    const r = opened('2026-04-30')
    expect(r.versions[0]?.clock.limit).toEqual({ value: 5, unit: 'W' })
    // 劳动节 2026: 1–5 May rest; 9 May (Saturday) a make-up working day.
    expect(r.versions[0]?.dueOn).toBe(nthWorkingDay('2026-04-30', 5))
  })

  it('a re-submission after comments is the next version of the same review, by the same review body', () => {
    const commented = answerReview(opened(), { outcome: 'comments', comments: ['改'] }, '2026-03-02T02:00:00.000Z')
    if (!commented.ok) throw new Error('refused')
    const again = submitDrawingSet(
      commented.value.review,
      { reviewId: 'other', projectId: 'p1', actor: owner, body: submission },
      ctx('2026-03-04'),
    )
    expect(again.ok && again.value.review.reviewId).toBe('r1')
    expect(again.ok && again.value.review.versions.map((v) => v.version)).toEqual([1, 2])
    const elsewhere = submitDrawingSet(
      commented.value.review,
      {
        reviewId: 'x',
        projectId: 'p1',
        actor: owner,
        body: { ...submission, reviewBody: { ...body, creditCode: '91440600MA4UJ2K7X6' } },
      },
      ctx('2026-03-04'),
    )
    expect(!elsewhere.ok && elsewhere.error.code).toBe('APPROVAL_DRAWING_REVIEW_BODY_FIXED')
  })

  it('refuses a new version while one is under review or once the report is issued', () => {
    const r = opened()
    const busy = submitDrawingSet(
      r,
      { reviewId: 'x', projectId: 'p1', actor: owner, body: submission },
      ctx('2026-03-03'),
    )
    expect(!busy.ok && busy.error).toMatchObject({
      code: 'APPROVAL_DRAWING_REVIEW_STATE_CONFLICT',
      details: { reviewId: r.reviewId, reviewStatus: 'reviewing' },
    })
    const passed = answerReview(r, { outcome: 'passed', findings }, 'now')
    if (!passed.ok) throw new Error('refused')
    expect(passed.value.review.report?.version).toBe(1)
    const after = answerReview(passed.value.review, { outcome: 'passed', findings }, 'later')
    expect(!after.ok && after.error).toMatchObject({
      code: 'APPROVAL_DRAWING_REVIEW_STATE_CONFLICT',
      details: { reviewId: r.reviewId, reviewStatus: 'passed' },
    })
  })

  it('only the named review body answers', () => {
    const r = opened()
    expect(isReviewBodyOf(r, { sub: 'b', role: 'review_body', creditCode: body.creditCode })).toBe(true)
    expect(isReviewBodyOf(r, { sub: 'b', role: 'review_body', creditCode: '91440600MA4UJ2K7X6' })).toBe(false)
    expect(isReviewBodyOf(r, { sub: 'b', role: 'owner', creditCode: body.creditCode })).toBe(false)
  })

  it('refuses a 补正 for covered materials on a dependent item once the report is issued, naming it', () => {
    const r = opened()
    expect(refuseCoveredSupplement(r, 'construction-permit', ['construction-drawings']).ok).toBe(true)
    const passed = answerReview(r, { outcome: 'passed', findings }, 'now')
    if (!passed.ok) throw new Error('refused')
    const refused = refuseCoveredSupplement(passed.value.review, 'construction-permit', [
      'construction-contract',
      'construction-drawings-uploaded',
    ])
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('APPROVAL_COVERED_BY_DRAWING_REPORT')
      expect(refused.error.message).toContain('r1')
      expect(refused.error.details?.['errors']).toEqual([
        { field: '/body/materials/1', message: 'covered by the joint drawing-review report r1 v1' },
      ])
    }
    // Not covered, or an item that does not depend on the report: asked as before.
    expect(refuseCoveredSupplement(passed.value.review, 'construction-permit', ['construction-contract']).ok).toBe(true)
    expect(refuseCoveredSupplement(passed.value.review, 'water-hookup-application', ['construction-drawings']).ok).toBe(
      true,
    )
  })

  it('records a dependent task decided on the report once', () => {
    const passed = answerReview(opened(), { outcome: 'passed', findings }, 'now')
    if (!passed.ok) throw new Error('refused')
    const task = {
      taskId: 't1',
      item: 'fire-design-review',
      department: 'housing-construction',
      outcome: 'approved' as const,
    }
    const once = relyOn(passed.value.review, task, 'then')
    expect(once?.review.reliedOn).toEqual([{ ...task, decidedAt: 'then', reportVersion: 1 }])
    expect(once && relyOn(once.review, task, 'again')).toBeUndefined()
    expect(relyOn(passed.value.review, { ...task, item: 'water-hookup-application' }, 'then')).toBeUndefined()
    expect(relyOn(opened(), task, 'then')).toBeUndefined()
  })
})

describe('联合审图 refusal names the field it was given', () => {
  it("names a lead notice's request field", () => {
    const passed = answerReview(opened(), { outcome: 'passed', findings }, 'now')
    if (!passed.ok) throw new Error('refused')
    const refused = refuseCoveredSupplement(
      passed.value.review,
      'civil-air-defence-permit',
      ['construction-drawings'],
      '/body/requests/2/materials',
    )
    expect(!refused.ok && refused.error.details?.['errors']).toEqual([
      { field: '/body/requests/2/materials/0', message: 'covered by the joint drawing-review report r1 v1' },
    ])
  })
})

describe('联合审图 review clock alerts', () => {
  it('raises yellow at the share, overdue the day after the due date, each once; none once answered', () => {
    const r = opened('2026-03-02')
    const due = nthWorkingDay('2026-03-02', 5)
    const clocks = { calendar, yellowAt: 0.8 }
    // 4 of 5 working days used on Friday 6 March: yellow.
    const yellow = reviewClockAlerts(r, nthWorkingDay('2026-03-02', 4), 'at', clocks)
    expect(yellow.map((c) => c.event)).toEqual(['clock-warned'])
    const warned = yellow[0]?.review as DrawingReview
    expect(reviewClockAlerts(warned, nthWorkingDay('2026-03-02', 4), 'at', clocks)).toEqual([])
    expect(reviewClockAlerts(warned, due, 'at', clocks)).toEqual([])
    const late = reviewClockAlerts(warned, addDays(due, 1), 'at', clocks)
    expect(late.map((c) => c.event)).toEqual(['clock-overdue'])
    expect(late[0]?.review.versions[0]?.clockAlerts).toEqual({
      warnedOn: nthWorkingDay('2026-03-02', 4),
      overdueOn: addDays(due, 1),
    })
    const answered = answerReview(r, { outcome: 'comments', comments: ['改'] }, 'now')
    if (!answered.ok) throw new Error('refused')
    expect(reviewClockAlerts(answered.value.review, addDays(due, 5), 'at', clocks)).toEqual([])
  })
})
