import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  citable,
  decideCreate,
  decideReminder,
  decideRetire,
  decideRevise,
  type KnowledgeContent,
  type KnowledgePoint,
  lastDayOfPeriod,
  reminderDay,
  statusOn,
} from '../src/domain/knowledge.js'

const calendar = defaultCalendar()
const now = new Date('2026-03-02T02:00:00Z')
const today = '2026-03-02'
const reviewer = { role: 'reviewer', department: 'housing' }

const content = (over: Partial<KnowledgeContent> = {}): KnowledgeContent => ({
  question: '施工许可需要哪些材料？',
  answer: '见办事指南。',
  kind: 'guide',
  source: '广州市建设工程施工许可办事指南',
  validFrom: '2026-03-02',
  validTo: '2027-03-01',
  ...over,
})

const created = (over: Partial<KnowledgeContent> = {}): KnowledgePoint => {
  const result = decideCreate(reviewer, content(over), { id: 'p1' }, now, today)
  if (!result.ok) throw new Error(result.error.message)
  return result.value.point
}

describe('validity by kind (seeds/004_33317a5f04b53a73.txt:1678)', () => {
  // The last allowed day, written out by hand: the day before the same date N months on, or the month's end.
  it.each([
    ['2026-03-02', 60, '2031-03-01'],
    ['2026-03-02', 12, '2027-03-01'],
    ['2026-03-02', 6, '2026-09-01'],
    ['2026-01-01', 6, '2026-06-30'],
    ['2026-08-31', 6, '2027-02-27'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2025-12-15', 12, '2026-12-14'],
  ])('%s + %i months ends on %s', (from, months, last) => {
    expect(lastDayOfPeriod(from, months)).toBe(last)
  })

  it.each([
    ['policy', '2031-03-01', true],
    ['policy', '2031-03-02', false],
    ['guide', '2027-03-01', true],
    ['guide', '2027-03-02', false],
    ['other', '2027-03-01', true],
    ['other', '2027-03-02', false],
    ['script', '2026-09-01', true],
    ['script', '2026-09-02', false],
  ] as const)('a %s point valid to %s is accepted: %s', (kind, validTo, accepted) => {
    const result = decideCreate(reviewer, content({ kind, validTo }), { id: 'p1' }, now, today)
    expect(result.ok).toBe(accepted)
    if (!result.ok) {
      expect(result.error.code).toBe('HOTLINE_KNOWLEDGE_VALIDITY_INVALID')
      expect(result.error.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/validTo' })])
    }
  })

  it('refuses a reversed period and one already over', () => {
    const reversed = decideCreate(
      reviewer,
      content({ validFrom: '2026-05-01', validTo: '2026-04-30' }),
      { id: 'p' },
      now,
      today,
    )
    expect(reversed.ok || reversed.error.code).toBe('HOTLINE_KNOWLEDGE_VALIDITY_INVALID')
    const over = decideCreate(
      reviewer,
      content({ validFrom: '2026-01-01', validTo: '2026-03-01' }),
      { id: 'p' },
      now,
      today,
    )
    expect(over.ok || over.error.code).toBe('HOTLINE_KNOWLEDGE_VALIDITY_INVALID')
  })
})

describe('who manages a point', () => {
  it('a department reviewer or lead creates it for its own department; an agent cannot', () => {
    expect(created().department).toBe('housing')
    const lead = decideCreate({ role: 'lead', department: 'planning' }, content(), { id: 'p' }, now, today)
    expect(lead.ok && lead.value.point.department).toBe('planning')
    const agent = decideCreate({ role: 'agent' }, content(), { id: 'p' }, now, today)
    expect(agent.ok || agent.error.code).toBe('HOTLINE_KNOWLEDGE_FORBIDDEN')
  })

  it('another department revises or retires nothing (as if missing); a stale version conflicts', () => {
    const point = created()
    const other = { role: 'reviewer', department: 'planning' }
    const revised = decideRevise(other, point, content({ answer: 'x' }), 1, now, today)
    expect(revised.ok || revised.error.code).toBe('HOTLINE_KNOWLEDGE_NOT_FOUND')
    const retired = decideRetire(other, point, 1, now)
    expect(retired.ok || retired.error.code).toBe('HOTLINE_KNOWLEDGE_NOT_FOUND')
    const stale = decideRevise(reviewer, point, content({ answer: 'x' }), 2, now, today)
    expect(stale.ok || stale.error.code).toBe('HOTLINE_KNOWLEDGE_VERSION_CONFLICT')
  })

  it('a retired point is not revised again', () => {
    const retired = decideRetire(reviewer, created(), 1, now)
    if (!retired.ok) throw new Error('retire')
    expect(retired.value.point).toMatchObject({ retired: true, version: 2 })
    const again = decideRevise(reviewer, retired.value.point, content(), 2, now, today)
    expect(again.ok || again.error.code).toBe('HOTLINE_KNOWLEDGE_RETIRED')
  })
})

describe('which point a consultation may cite (seeds/004_33317a5f04b53a73.txt:1527)', () => {
  const point = created({ validFrom: '2026-03-10', validTo: '2026-04-10' })
  it.each([
    ['2026-03-09', 'pending'],
    ['2026-03-10', 'valid'],
    ['2026-04-10', 'valid'],
    ['2026-04-11', 'expired'],
  ] as const)('on %s the point is %s', (day, status) => {
    expect(statusOn(point, day)).toBe(status)
    const cited = citable(point, day)
    expect(cited.ok).toBe(status === 'valid')
    if (!cited.ok)
      expect(cited.error).toMatchObject({
        code: 'HOTLINE_KNOWLEDGE_NOT_VALID',
        // The days a client names: the one it expired after, the one it takes effect on.
        details: { pointStatus: status, validFrom: '2026-03-10', validTo: '2026-04-10' },
      })
  })

  it('a retired point is never cited', () => {
    const retired = decideRetire(reviewer, point, 1, now)
    if (!retired.ok) throw new Error('retire')
    const cited = citable(retired.value.point, '2026-03-20')
    expect(cited.ok || cited.error.details?.['pointStatus']).toBe('retired')
  })
})

describe('expiry reminder', () => {
  // Counted by hand on the State Council's 2026 schedule: National Day is 10-01..10-07, 10-10 (Sat) is a workday.
  it.each([
    ['2026-12-03', '2026-12-01'], // Thu: working days 12-03, 12-02; reminded Tue 12-01
    ['2026-12-06', '2026-12-02'], // Sun: 12-04 Fri, 12-03 Thu; reminded Wed 12-02
    ['2026-10-08', '2026-09-29'], // 10-08 and 09-30 across the holiday; reminded 09-29
    ['2026-10-11', '2026-10-08'], // Sun: 10-10 make-up Saturday, 10-09; reminded 10-08
  ])('a point valid to %s is reminded from %s', (validTo, remindOn) => {
    expect(reminderDay(validTo, calendar)).toBe(remindOn)
  })

  it('is raised once per validTo, from its day on, and again after a revision to a new validTo', () => {
    const point = created({ validFrom: '2026-03-02', validTo: '2026-12-03' })
    expect(decideReminder(point, '2026-11-30', calendar)).toBeUndefined()
    const reminder = decideReminder(point, '2026-12-01', calendar)
    expect(reminder).toMatchObject({
      type: 'expiry-reminded',
      remindOn: '2026-12-01',
      point: { remindedFor: '2026-12-03' },
    })
    if (!reminder) throw new Error('no reminder')
    expect(decideReminder(reminder.point, '2026-12-02', calendar)).toBeUndefined()
    expect(decideReminder(reminder.point, '2026-12-10', calendar)).toBeUndefined()

    const revised = decideRevise(
      reviewer,
      reminder.point,
      content({ validFrom: '2026-12-01', validTo: '2027-11-30' }),
      1,
      now,
      '2026-12-01',
    )
    if (!revised.ok) throw new Error(revised.error.message)
    expect(revised.value.point.remindedFor).toBeUndefined()
    expect(decideReminder(revised.value.point, '2026-12-02', calendar)).toBeUndefined()
    expect(decideReminder(revised.value.point, '2027-11-26', calendar)?.remindOn).toBe('2027-11-26')
  })

  it('a revision that keeps validTo keeps the reminder raised; a retired point is not reminded', () => {
    const point = { ...created({ validTo: '2026-12-03' }), remindedFor: '2026-12-03' }
    const revised = decideRevise(reviewer, point, content({ validTo: '2026-12-03', answer: '新答复' }), 1, now, today)
    expect(revised.ok && revised.value.point.remindedFor).toBe('2026-12-03')
    const retired = decideRetire(reviewer, created({ validTo: '2026-12-03' }), 1, now)
    expect(retired.ok && decideReminder(retired.value.point, '2026-12-02', calendar)).toBeUndefined()
  })
})
