import { addDays, defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FIX_LIMIT, fixOverdue, isBad, type Rating, rate, reply } from '../src/domain/rating.js'
import type { Task } from '../src/domain/task.js'

const calendar = defaultCalendar()
const OWNER = '91441500MA4W000001'
const RATING = '0190a000-0000-7000-8000-0000000000b1'

/** A task as rate() reads it: decided (approved) on `decidedOn`, or still open. */
const taskDecided = (decidedOn: string | undefined, outcome: 'approved' | 'rejected' | 'closed' = 'approved') =>
  ({
    taskId: '0190a000-0000-7000-8000-0000000000a1',
    applicationId: '0190a000-0000-7000-8000-000000000001',
    projectId: '0190a000-0000-7000-8000-000000000002',
    step: 'S2',
    item: 'planning-permit',
    department: 'natural-resources',
    status: decidedOn ? outcome : 'claimed',
    ...(decidedOn ? { decision: { outcome, decidedAt: `${decidedOn}T02:00:00.000Z` } } : {}),
  }) as unknown as Task

const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER }
const ctx = (today: string, over: object = {}) => ({
  at: `${today}T03:00:00.000Z`,
  today,
  rater: owner,
  ownerCreditCode: OWNER,
  ratingId: RATING,
  calendar,
  ...over,
})

/** The n-th working day after `from`, day by day: independent of workdays' due-date walk. */
const nthWorkingDayAfter = (from: string, n: number) => {
  let d = from
  for (let counted = 0; counted < n; ) {
    d = addDays(d, 1)
    if (calendar.isWorkingDay(d)) counted += 1
  }
  return d
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!r.ok) throw new Error(`refused: ${r.error.code}`)
  return r.value
}
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)

describe('好差评 (domain/rating.ts)', () => {
  it('opens a loop only for 不满意 and 非常不满意 (004:1638)', () => {
    expect(['very-satisfied', 'satisfied', 'basically-satisfied'].map((l) => isBad(l as never))).toEqual([
      false,
      false,
      false,
    ])
    expect(isBad('dissatisfied')).toBe(true)
    expect(isBad('very-dissatisfied')).toBe(true)
    const good = ok(rate(taskDecided('2026-03-02'), undefined, { level: 'basically-satisfied' }, ctx('2026-03-03')))
    expect(good.fix).toBeUndefined()
  })

  it("due on the 10th working day after the rating's day, across holidays, as counted day by day (004:1642, :1535, :1539)", () => {
    const days = fc.integer({ min: 0, max: 600 }).map((n) => addDays('2025-01-01', n))
    fc.assert(
      fc.property(days, (ratedOn) => {
        const r = ok(rate(taskDecided(ratedOn), undefined, { level: 'very-dissatisfied' }, ctx(ratedOn)))
        expect(r.fix).toMatchObject({ start: ratedOn, limit: FIX_LIMIT, status: 'open' })
        expect(r.fix?.dueOn).toBe(nthWorkingDayAfter(ratedOn, 10))
      }),
      { numRuns: 200 },
    )
    // Labour Day 2026: rated Thursday 30 April, the rest days 1–5 May are skipped and Saturday 9 May is worked.
    const mayDay = ok(rate(taskDecided('2026-04-30'), undefined, { level: 'dissatisfied' }, ctx('2026-04-30')))
    expect(mayDay.fix?.dueOn).toBe(nthWorkingDayAfter('2026-04-30', 10))
  })

  it('refuses an undecided or closed task, another owner, a late first rating, and a second first rating', () => {
    expect(code(rate(taskDecided(undefined), undefined, { level: 'satisfied' }, ctx('2026-03-03')))).toBe(
      'APPROVAL_RATING_NOT_DECIDED',
    )
    expect(rate(taskDecided('2026-03-02', 'closed'), undefined, { level: 'satisfied' }, ctx('2026-03-03'))).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_RATING_NOT_DECIDED',
        message: expect.any(String),
        details: { taskId: '0190a000-0000-7000-8000-0000000000a1', taskStatus: 'closed' },
      },
    })
    const stranger = ctx('2026-03-03', { rater: { ...owner, creditCode: '91441500MA4W000002' } })
    expect(code(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, stranger))).toBe(
      'APPROVAL_NOT_THE_OWNER',
    )
    const clerk = ctx('2026-03-03', { rater: { sub: 'c', role: 'clerk', creditCode: OWNER } })
    expect(code(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, clerk))).toBe(
      'APPROVAL_NOT_THE_OWNER',
    )
    // 5 natural days from the decision (004:1636): the 7th is the last day, the 8th is late.
    expect(code(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, ctx('2026-03-07')))).toBe('ok')
    expect(code(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, ctx('2026-03-08')))).toBe(
      'APPROVAL_RATING_WINDOW_CLOSED',
    )
    const first = ok(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, ctx('2026-03-03')))
    expect(code(rate(taskDecided('2026-03-02'), first, { level: 'dissatisfied' }, ctx('2026-03-03')))).toBe(
      'APPROVAL_ALREADY_RATED',
    )
  })

  it('the rated department replies once; then the owner rates once more, within 5 days of the reply', () => {
    const bad = ok(rate(taskDecided('2026-03-02'), undefined, { level: 'dissatisfied' }, ctx('2026-03-03')))
    const body = { fix: '已整改', reply: '已回复' }
    const other = { sub: 'r', role: 'reviewer', department: 'housing-construction' }
    expect(code(reply(bad, body, { at: 'x', today: '2026-03-05', replier: other }))).toBe(
      'APPROVAL_NOT_YOUR_DEPARTMENT',
    )
    const asOwner = { sub: 'o', role: 'owner', department: 'natural-resources' }
    expect(code(reply(bad, body, { at: 'x', today: '2026-03-05', replier: asOwner }))).toBe(
      'APPROVAL_NOT_YOUR_DEPARTMENT',
    )
    // Before the reply, no second rating.
    expect(code(rate(taskDecided('2026-03-02'), bad, { level: 'satisfied' }, ctx('2026-03-04')))).toBe(
      'APPROVAL_ALREADY_RATED',
    )
    const lead = { sub: 'l', role: 'lead', department: 'natural-resources' }
    const replied = ok(reply(bad, body, { at: '2026-03-05T01:00:00.000Z', today: '2026-03-05', replier: lead }))
    expect(replied.fix).toMatchObject({ status: 'replied', fix: '已整改', reply: '已回复', repliedOn: '2026-03-05' })
    expect(replied.version).toBe(bad.version + 1)
    expect(code(reply(replied, body, { at: 'x', today: '2026-03-06', replier: lead }))).toBe('APPROVAL_RATING_REPLIED')
    const good = ok(rate(taskDecided('2026-03-02'), undefined, { level: 'satisfied' }, ctx('2026-03-03')))
    expect(code(reply(good, body, { at: 'x', today: '2026-03-06', replier: lead }))).toBe('APPROVAL_RATING_NO_FIX')

    expect(code(rate(taskDecided('2026-03-02'), replied, { level: 'satisfied' }, ctx('2026-03-11')))).toBe(
      'APPROVAL_RATING_WINDOW_CLOSED',
    )
    const second = ok(rate(taskDecided('2026-03-02'), replied, { level: 'very-dissatisfied' }, ctx('2026-03-10')))
    // A second bad rating opens nothing new: re-handling happens once (004:1642).
    expect(second.second?.level).toBe('very-dissatisfied')
    expect(second.fix).toEqual(replied.fix)
    expect(code(rate(taskDecided('2026-03-02'), second, { level: 'satisfied' }, ctx('2026-03-10')))).toBe(
      'APPROVAL_ALREADY_RATED',
    )
  })

  it('is overdue from the day after the due date, once, and never once replied', () => {
    const bad = ok(rate(taskDecided('2026-03-02'), undefined, { level: 'dissatisfied' }, ctx('2026-03-04')))
    const due = bad.fix?.dueOn as string
    expect(fixOverdue(bad, 'x', due, calendar)).toBeUndefined()
    const day = addDays(due, 1)
    const overdue = fixOverdue(bad, `${day}T01:00:00.000Z`, day, calendar) as Rating
    expect(overdue.fix).toMatchObject({ status: 'open', overdueOn: day })
    expect(fixOverdue(overdue, 'x', addDays(day, 3), calendar)).toBeUndefined()
    const replied = ok(
      reply(
        bad,
        { fix: 'f', reply: 'r' },
        { at: 'x', today: due, replier: { sub: 'r', role: 'reviewer', department: 'natural-resources' } },
      ),
    )
    expect(fixOverdue(replied, 'x', addDays(due, 5), calendar)).toBeUndefined()
  })
})
