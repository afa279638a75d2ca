import { UtilityDueMovedV1 } from '@onewindow/contracts'
import { UnreadableStoredRow } from '@onewindow/db'
import { calendarOf, LegalDateError } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  type CalendarChange,
  countedOrLeftOut,
  movedDues,
  type OpenClock,
  reprojectOpenClocks,
} from '../src/calendar.js'
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
  unreadable: [],
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

  it('moves every other clock when one stored clock cannot be counted, and names that one in the change', () => {
    const fresh: CalendarChange = { ...change, unreadable: [] }
    const damaged = [
      { ...clock('old', 4), spec: { limit: { value: 4, unit: 'W' }, start: '1999-12-31', suspensions: [] } },
      { ...clock('lost', 4), spec: { limit: { value: 4, unit: 'W' }, start: '2026-12-28', suspensions: 'lost' } },
    ] as OpenClock[]
    const moved = movedDues(fresh, [clock('a', 3), damaged[0] as OpenClock, clock('b', 4), damaged[1] as OpenClock])
    expect(moved.map((m) => [m.open.subject, m.to])).toEqual([['utility-request:b', '2027-01-04']])
    expect(fresh.unreadable.map((u) => [u.kind, u.id])).toEqual([
      ['permits clock', 'utility-request:old'],
      ['permits clock', 'utility-request:lost'],
    ])
    expect(fresh.unreadable[0]?.reason).toContain('1999-12-31')
  })

  it('counts each clock on its own when one has no due date within the supported dates, and names that one', () => {
    const fresh: CalendarChange = { ...change, unreadable: [] }
    const moved = movedDues(fresh, [clock('b', 4), clock('late', 1_000_000_000)])
    expect(moved.map((m) => m.open.subject)).toEqual(['utility-request:b'])
    expect(fresh.unreadable.map((u) => [u.kind, u.id])).toEqual([['permits clock', 'utility-request:late']])
  })

  it("names a row whose own days cannot be counted, and throws anything else: it is not the row's", () => {
    const fresh: CalendarChange = { ...change, unreadable: [] }
    expect(
      countedOrLeftOut(fresh, 'task', 't1', () => {
        throw new LegalDateError('WORKDAYS_DATE_OUT_OF_RANGE', '2100-01-04', 'outside 2000-01-01 to 2099-12-31')
      }),
    ).toBeUndefined()
    expect(fresh.unreadable.map((u) => [u.kind, u.id])).toEqual([['task', 't1']])
    expect(() =>
      countedOrLeftOut(fresh, 'task', 't2', () => {
        throw new TypeError('a bug')
      }),
    ).toThrow('a bug')
    expect(countedOrLeftOut(fresh, 'task', 't3', () => 7)).toBe(7)
    expect(fresh.unreadable).toHaveLength(1)
  })

  it('leaves out an item that does not read and names it, and pages on', async () => {
    const fresh: CalendarChange = { ...change, unreadable: [] }
    const outbox = { add: async () => {} } as unknown as Outbox
    const moved = await reprojectOpenClocks({} as SqlTx, fresh, outbox, {
      event: UtilityDueMovedV1,
      ids: async (after) => (after === undefined ? ['1', '2', '3'] : []),
      read: async (id) => {
        if (id === '2') throw new UnreadableStoredRow('utility request', id, '/stage must be one of …')
        return clock(id, 4)
      },
      clocksOf: (c) => [c],
    })
    expect(moved.map((m) => m.open.subject)).toEqual(['utility-request:1', 'utility-request:3'])
    expect(fresh.unreadable.map((u) => [u.kind, u.id])).toEqual([['utility request', '2']])
    // Anything else a read throws is not the row's: the publication fails, as before.
    await expect(
      reprojectOpenClocks({} as SqlTx, { ...change, unreadable: [] }, outbox, {
        event: UtilityDueMovedV1,
        ids: async (after) => (after === undefined ? ['1'] : []),
        read: async () => {
          throw new Error('connection lost')
        },
        clocksOf: (c: OpenClock) => [c],
      }),
    ).rejects.toThrow('connection lost')
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
