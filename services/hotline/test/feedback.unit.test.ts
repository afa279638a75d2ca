import { addDays, defaultCalendar, LegalDateError } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  decideAnswer,
  decideDueMoved,
  decideOverdue,
  decideRaise,
  type Feedback,
  feedbackDue,
  isOverdue,
} from '../src/domain/feedback.js'
import { decideCreate, decideRetire, decideRevise, type KnowledgePoint } from '../src/domain/knowledge.js'

// 知识点反馈 (seeds/004_33317a5f04b53a73.txt:1680–1682), pure: who raises and answers, the 2 / 1 working-day clock
// counted against the calendar walked a day at a time, what an answer must show, overdue once.

const calendar = defaultCalendar()
const agent = { role: 'agent' }
const reviewer = { role: 'reviewer', department: 'housing' }
const ctxOn = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, calendar })

/** The n-th working day after `from`, found by walking the calendar: the seed's count, independent of `dueDate`. */
const nthWorkingDayAfter = (from: string, n: number): string => {
  let day = from
  for (let seen = 0; seen < n; ) {
    day = addDays(day, 1)
    if (calendar.isWorkingDay(day)) seen++
  }
  return day
}

const point = (): KnowledgePoint => {
  const r = decideCreate(
    reviewer,
    {
      question: '施工许可需要哪些材料？',
      answer: '见办事指南。',
      kind: 'guide',
      source: '办事指南',
      validFrom: '2026-09-01',
      validTo: '2027-08-31',
    },
    { id: 'p1' },
    new Date('2026-09-01T02:00:00Z'),
    '2026-09-01',
  )
  if (!r.ok) throw new Error(r.error.message)
  return r.value.point
}

const raised = (today: string, over: { urgent?: boolean; pointless?: boolean } = {}): Feedback => {
  const r = decideRaise(
    agent,
    over.pointless
      ? { department: 'housing', kind: 'new-point', note: '缺少竣工验收备案的知识点', urgent: over.urgent }
      : { pointId: 'p1', kind: 'outdated', note: '材料清单已变更', urgent: over.urgent },
    over.pointless ? undefined : point(),
    { id: 'f1' },
    ctxOn(today),
  )
  if (!r.ok) throw new Error(r.error.message)
  return r.value.feedback
}

describe('the clock: 2 working days, 1 for a sudden hot topic, from the day after it is raised (004:1682)', () => {
  // Every day of two years, both limits: the due day is the 2nd (1st) working day after the raising day.
  it('matches the calendar walked a day at a time, across holidays and make-up days', () => {
    for (let day = '2026-01-01'; day <= '2027-12-20'; day = addDays(day, 1)) {
      expect(feedbackDue(calendar, day, false), day).toBe(nthWorkingDayAfter(day, 2))
      expect(feedbackDue(calendar, day, true), day).toBe(nthWorkingDayAfter(day, 1))
    }
  })

  it('written out by hand: Wed 2026-09-30 before National Day, Thu 2026-11-05 in a plain week', () => {
    expect(raised('2026-11-05').dueOn).toBe('2026-11-09')
    expect(raised('2026-11-05', { urgent: true })).toMatchObject({ limit: 1, dueOn: '2026-11-06' })
    // National Day: the working days after 09-30 are the first ones after the holiday, as the calendar has them.
    expect(raised('2026-09-30').dueOn).toBe(nthWorkingDayAfter('2026-09-30', 2))
    expect(daysOff('2026-09-30', raised('2026-09-30').dueOn)).toBeGreaterThan(5)
  })
})

const daysOff = (from: string, to: string) => {
  let n = 0
  for (let d = from; d < to; d = addDays(d, 1)) n++
  return n
}

describe('raising', () => {
  it('only the centre raises; on a point its department answers; a new point names the department', () => {
    const r = decideRaise(
      reviewer,
      { pointId: 'p1', kind: 'error', note: 'x' },
      point(),
      { id: 'f' },
      ctxOn('2026-11-05'),
    )
    expect(r.ok || r.error.code).toBe('HOTLINE_KNOWLEDGE_FORBIDDEN')
    expect(raised('2026-11-05')).toMatchObject({
      department: 'housing',
      point: { id: 'p1', version: 1 },
      status: 'open',
      urgent: false,
      limit: 2,
    })
    expect(raised('2026-11-05', { pointless: true }).point).toBeUndefined()
    const nowhere = decideRaise(agent, { kind: 'new-point', note: 'x' }, undefined, { id: 'f' }, ctxOn('2026-11-05'))
    expect(nowhere.ok || nowhere.error).toMatchObject({
      code: 'HOTLINE_FEEDBACK_TARGET_INVALID',
      details: { field: '/body/department' },
    })
    const mismatch = decideRaise(
      agent,
      { pointId: 'p1', department: 'water', kind: 'error', note: 'x' },
      point(),
      { id: 'f' },
      ctxOn('2026-11-05'),
    )
    expect(mismatch.ok || mismatch.error.code).toBe('HOTLINE_FEEDBACK_TARGET_INVALID')
    const missing = decideRaise(
      agent,
      { pointId: 'p9', kind: 'error', note: 'x' },
      undefined,
      { id: 'f' },
      ctxOn('2026-11-05'),
    )
    expect(missing.ok || missing.error.code).toBe('HOTLINE_KNOWLEDGE_NOT_FOUND')
  })
})

describe('answering (004:1682: act, or say nothing needed doing)', () => {
  const f = raised('2026-11-05')

  it('nothing to change: answered with its reason, on time', () => {
    const r = decideAnswer(reviewer, f, { action: 'none', note: '内容无误' }, point(), ctxOn('2026-11-09'))
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.feedback).toMatchObject({
      status: 'answered',
      version: 2,
      answer: { action: 'none', answeredOn: '2026-11-09', late: false },
    })
    expect(r.value.feedback.answer?.pointId).toBeUndefined()
    const again = decideAnswer(reviewer, r.value.feedback, { action: 'none', note: 'x' }, point(), ctxOn('2026-11-09'))
    expect(again.ok || again.error.code).toBe('HOTLINE_FEEDBACK_ANSWERED')
  })

  it('"revised" needs a newer version than the one the centre read, "retired" a withdrawn point', () => {
    const stale = decideAnswer(reviewer, f, { action: 'revised', note: '已修改' }, point(), ctxOn('2026-11-06'))
    expect(stale.ok || stale.error.code).toBe('HOTLINE_FEEDBACK_NOT_ACTED')
    const notRetired = decideAnswer(reviewer, f, { action: 'retired', note: '已下架' }, point(), ctxOn('2026-11-06'))
    expect(notRetired.ok || notRetired.error.code).toBe('HOTLINE_FEEDBACK_NOT_ACTED')

    const p = point()
    const revised = decideRevise(
      reviewer,
      p,
      { ...p, answer: '新清单' },
      1,
      new Date('2026-11-06T02:00:00Z'),
      '2026-11-06',
    )
    if (!revised.ok) throw new Error(revised.error.message)
    const ok = decideAnswer(
      reviewer,
      f,
      { action: 'revised', note: '已修改' },
      revised.value.point,
      ctxOn('2026-11-06'),
    )
    expect(ok.ok && ok.value.feedback.answer).toMatchObject({ action: 'revised', pointId: 'p1', pointVersion: 2 })

    const retired = decideRetire(reviewer, p, 1, new Date('2026-11-06T02:00:00Z'))
    if (!retired.ok) throw new Error(retired.error.message)
    const gone = decideAnswer(
      reviewer,
      f,
      { action: 'retired', note: '已下架' },
      retired.value.point,
      ctxOn('2026-11-06'),
    )
    expect(gone.ok && gone.value.feedback.answer?.action).toBe('retired')
  })

  it('"added" names a point of the department added since the feedback was raised', () => {
    const ask = raised('2026-11-05', { pointless: true })
    const unnamed = decideAnswer(reviewer, ask, { action: 'added', note: '已新增' }, undefined, ctxOn('2026-11-06'))
    expect(unnamed.ok || unnamed.error).toMatchObject({
      code: 'HOTLINE_FEEDBACK_NOT_ACTED',
      details: { field: '/body/pointId' },
    })
    const old = decideAnswer(
      reviewer,
      ask,
      { action: 'added', note: '已新增', pointId: 'p1' },
      point(),
      ctxOn('2026-11-06'),
    )
    expect(old.ok || old.error.code).toBe('HOTLINE_FEEDBACK_NOT_ACTED')
    const fresh = { ...point(), id: 'p2', createdAt: '2026-11-05T23:30:00.000Z' } // 11-06 07:30 in Shanghai
    const added = decideAnswer(
      reviewer,
      ask,
      { action: 'added', note: '已新增', pointId: 'p2' },
      fresh,
      ctxOn('2026-11-06'),
    )
    expect(added.ok && added.value.feedback.answer).toMatchObject({ action: 'added', pointId: 'p2' })
    const revisedOnNew = decideAnswer(reviewer, ask, { action: 'revised', note: 'x' }, undefined, ctxOn('2026-11-06'))
    expect(revisedOnNew.ok || revisedOnNew.error.code).toBe('HOTLINE_FEEDBACK_NOT_ACTED')
  })

  it('only the department owing it answers; another department is told it does not exist; the agent may not', () => {
    const other = decideAnswer(
      { role: 'lead', department: 'water' },
      f,
      { action: 'none', note: 'x' },
      point(),
      ctxOn('2026-11-06'),
    )
    expect(other.ok || other.error.code).toBe('HOTLINE_FEEDBACK_NOT_FOUND')
    const byAgent = decideAnswer(agent, f, { action: 'none', note: 'x' }, point(), ctxOn('2026-11-06'))
    expect(byAgent.ok || byAgent.error.code).toBe('HOTLINE_KNOWLEDGE_FORBIDDEN')
  })

  it('overdue the day after the due day, once; a late answer is taken and marked late', () => {
    expect(decideOverdue(f, '2026-11-09', 'x')).toBeUndefined()
    expect(isOverdue(f, '2026-11-09')).toBe(false)
    const overdue = decideOverdue(f, '2026-11-10', '2026-11-10T02:00:00.000Z')
    expect(overdue?.feedback).toMatchObject({ overdueOn: '2026-11-10', version: 2 })
    if (!overdue) throw new Error('not overdue')
    expect(decideOverdue(overdue.feedback, '2026-11-11', 'x')).toBeUndefined()
    const late = decideAnswer(
      reviewer,
      overdue.feedback,
      { action: 'none', note: '迟复' },
      point(),
      ctxOn('2026-11-11'),
    )
    expect(late.ok && late.value.feedback).toMatchObject({
      version: 3,
      overdueOn: '2026-11-10',
      answer: { late: true },
    })
    if (!late.ok) throw new Error('refused')
    expect(decideOverdue(late.value.feedback, '2026-11-12', 'x')).toBeUndefined()
  })
})

describe('a published calendar moves an open feedback’s due day, with an event only when the day changes', () => {
  // 2027 is not bundled: its weekdays count as working days until the State Council's schedule is published.
  const with2027 = calendar.withYear({
    year: 2027,
    source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    workdays: [],
  })
  const change = { at: '2026-12-30T08:00:00.000Z', notice: '国务院办公厅关于2027年部分节假日安排的通知' }

  it('Wed 2026-12-30 raised: due Fri 01-01 on weekdays alone; with 元旦 published, Mon 01-04, told once', () => {
    const f = raised('2026-12-30')
    expect(f.dueOn).toBe('2027-01-01')
    const moved = decideDueMoved(f, with2027, change)
    expect(moved).toEqual({
      type: 'due-moved',
      feedback: {
        ...f,
        dueOn: '2027-01-04',
        dueMoved: { from: '2027-01-01', notice: change.notice },
        version: 2,
        updatedAt: change.at,
      },
    })
    // The same calendar again (a redelivery, another year's publication) moves nothing: no second event.
    if (!moved) throw new Error('not moved')
    expect(decideDueMoved(moved.feedback, with2027, change)).toBeUndefined()
    // Urgent: 1 working day, Thu 12-31, which the new year does not touch.
    expect(decideDueMoved(raised('2026-12-30', { urgent: true }), with2027, change)).toBeUndefined()
  })

  it('an answered feedback keeps its day: its clock has stopped', () => {
    const f = raised('2026-12-30')
    const answered = decideAnswer(reviewer, f, { action: 'none', note: '无需修改' }, point(), ctxOn('2026-12-31'))
    if (!answered.ok) throw new Error(answered.error.message)
    expect(decideDueMoved(answered.value.feedback, with2027, change)).toBeUndefined()
  })

  it('an overdue record the new calendar undoes is dropped, so the timer is armed for the new day; a true one stays', () => {
    const f = raised('2026-12-30')
    // Recorded overdue Sat 01-02, the day after the weekdays-alone due day; 元旦 makes 01-04 the due day.
    const overdue = decideOverdue(f, '2027-01-02', '2027-01-02T02:00:00.000Z')?.feedback
    if (!overdue) throw new Error('not overdue')
    const moved = decideDueMoved(overdue, with2027, change)?.feedback
    expect(moved).toMatchObject({ dueOn: '2027-01-04', version: 3 })
    expect(moved?.overdueOn).toBeUndefined()
    if (!moved) throw new Error('not moved')
    expect(decideOverdue(moved, '2027-01-04', 'x')).toBeUndefined()
    expect(decideOverdue(moved, '2027-01-05', '2027-01-05T02:00:00.000Z')?.feedback.overdueOn).toBe('2027-01-05')
    // Recorded overdue Tue 01-05 (the day after the weekdays-alone 01-04 due day of a feedback raised Thu 12-31)…
    const late = decideOverdue(raised('2026-12-31'), '2027-01-05', 'x')?.feedback
    if (!late) throw new Error('not overdue')
    expect(late.dueOn).toBe('2027-01-04')
    // …moved to Tue 01-05 by 元旦: 01-05 is its last day now, so the record made on it is undone too.
    expect(decideDueMoved(late, with2027, change)?.feedback).toMatchObject({ dueOn: '2027-01-05' })
    expect(decideDueMoved(late, with2027, change)?.feedback.overdueOn).toBeUndefined()
    // A record still after the new due day stays: Wed 12-30's feedback recorded overdue Tue 01-05 is overdue either way.
    const stays = decideDueMoved({ ...f, overdueOn: '2027-01-05' }, with2027, change)?.feedback
    expect(stays).toMatchObject({ dueOn: '2027-01-04', overdueOn: '2027-01-05' })
  })

  it('a feedback raised on the last days of 2099 (a hand edit) falls due on no legal day: thrown as a count error', () => {
    const f = { ...raised('2026-12-30'), raisedOn: '2099-12-31' }
    expect(() => decideDueMoved(f, with2027, change)).toThrow(LegalDateError)
    expect(() => decideDueMoved(f, with2027, change)).toThrow('raised 2099-12-31, falls due 2100-01-04')
  })

  it('keeps at most the bound of a calendar notice', () => {
    const moved = decideDueMoved(raised('2026-12-30'), with2027, { ...change, notice: '通'.repeat(500) })
    expect(moved?.feedback.dueMoved?.notice).toHaveLength(400)
  })
})
