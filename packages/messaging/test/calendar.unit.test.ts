import { UtilityDueMovedV1 } from '@onewindow/contracts'
import { calendarOf } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { type CalendarChange, movedDues, type OpenClock, reprojectOpenClocks } from '../src/calendar.js'
import type { Outbox } from '../src/outbox.js'
import type { SqlTx } from '../src/sql.js'
import { y2027 } from './fixture/calendar-2027.js'

const change: CalendarChange = {
  before: calendarOf([]),
  after: calendarOf([y2027]),
  stamp: 1,
  publication: {
    key: 'year-2027',
    version: 1,
    notice: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号',
  },
  today: '2026-12-28',
  at: new Date('2026-12-28T02:00:00Z'),
}
const PROJECT = '0190a000-0000-7000-8000-000000000002'
const clock = (id: string, value: number, start = '2026-12-28'): OpenClock => ({
  projectId: PROJECT,
  subject: `utility-request:${id}`,
  clock: 'permits',
  spec: { limit: { value, unit: 'W' }, start, suspensions: [] },
})

describe('re-projecting open clocks across a published calendar', () => {
  it('moves exactly the clocks counted across 元旦, and lifts the provisional mark of those that only reach 2027', () => {
    // Monday 12-28: 3 W is Thursday 12-31 (2026, final either way); 4 W is 01-01 on weekdays alone, 01-04 with 元旦;
    // counted from Monday 01-04, 1 W is 01-05 either way, only no longer provisional.
    const moved = movedDues(change, [clock('a', 3), clock('b', 4), clock('c', 1, '2027-01-04')])
    expect(moved.map((m) => [m.open.subject, m.from, m.to, m.moved, m.provisionalBefore, m.provisionalAfter])).toEqual([
      ['utility-request:b', '2027-01-01', '2027-01-04', true, true, false],
      ['utility-request:c', '2027-01-05', '2027-01-05', false, true, false],
    ])
    expect(moved[0]?.body).toMatchObject({
      projectId: PROJECT,
      subject: 'utility-request:b',
      clock: 'permits',
      from: '2027-01-01',
      to: '2027-01-04',
      calendar: change.publication,
      movedAt: '2026-12-28T02:00:00.000Z',
    })
    expect(moved[0]?.body.changes).toContain('2027-01-01')
  })

  it("pages through a service's open items and publishes one event per moved date, none for a mark lifted", async () => {
    const items = new Map(
      Array.from({ length: 1203 }, (_, i) => [`${String(i).padStart(5, '0')}`, clock(String(i), i % 2 === 0 ? 4 : 3)]),
    )
    const ids = [...items.keys()].sort()
    const added: Array<{ event: unknown; aggregateId: string }> = []
    const outbox = { add: async (_tx: unknown, rows: typeof added) => void added.push(...rows) } as unknown as Outbox
    const pages: number[] = []
    const moved = await reprojectOpenClocks({} as SqlTx, change, outbox, {
      event: UtilityDueMovedV1,
      ids: async (after, limit) => {
        const page = ids.filter((id) => after === undefined || id > after).slice(0, limit)
        pages.push(page.length)
        return page
      },
      read: async (id) => items.get(id),
      clocksOf: (c) => [c],
    })
    expect(pages).toEqual([500, 500, 203])
    expect(moved).toHaveLength(602)
    expect(added).toHaveLength(602)
    expect(added.every((a) => a.event === UtilityDueMovedV1)).toBe(true)
    expect(added[0]?.aggregateId).toBe('0')
  })
})
