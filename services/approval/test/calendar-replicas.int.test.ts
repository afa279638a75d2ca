import { serviceWorld, type WorldWiring } from '@onewindow/testing'
import { calendarOf, describeProblems, dueDate, validateCalendarEntry } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { type ApprovalApp, createApproval, migrationsDir } from '../src/index.js'
import { accept, anAcceptance } from './helpers.js'

// An illustrative 2027 year (元旦 Friday 01-01 to Sunday 01-03), not bundled: a task's committed 5 W from Monday
// 2026-12-28 reaches into it, so its due date differs with and without the schedule.
const entry = {
  year: 2027,
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
}
const checked = validateCalendarEntry(entry)
if (!checked.ok) throw new Error(describeProblems(checked.problems))
const ACCEPTED_ON = '2026-12-28'
const committed = { start: ACCEPTED_ON, limit: { value: 5, unit: 'W' as const } }
const withSchedule = dueDate(calendarOf([checked.value]), committed)
const weekdaysAlone = dueDate(calendarOf([]), committed)

describe('a calendar stored while two replicas of approval run', () => {
  it("counts every task opened after it with that calendar, on whichever replica consumed the task's event", async () => {
    let wiring: WorldWiring | undefined
    await using w = await serviceWorld<ApprovalApp>({
      name: 'approval',
      migrationsDir,
      start: `${ACCEPTED_ON}T02:00:00Z`,
      create: (given) => {
        wiring = given
        return createApproval({ ...given, scanEveryMs: 20 })
      },
    })
    if (!wiring) throw new Error('no wiring')
    // The second replica: same schema, stream and durable consumers.
    const second = await createApproval({ ...wiring, scanEveryMs: 20 })
    await second.ready()
    w.defer(() => second.close())
    expect(withSchedule).not.toBe(weekdaysAlone)

    // Stored as a third replica's calendar consumer stores it: neither of these two consumed the publication, and
    // both hold the calendar they started with in memory.
    await w.db.pool.query(
      `INSERT INTO calendar_entry (key, kind, version, notice, entry, published_at)
       VALUES ('year-2027', 'year', 1, $1, $2::jsonb, now())`,
      [`${entry.source.title} ${entry.source.number}`, JSON.stringify(checked.value.value)],
    )
    const bodies = Array.from({ length: 8 }, (_, i) => anAcceptance(ACCEPTED_ON, [`dept-${i}`]))
    const tasks = (await Promise.all(bodies.map((b) => accept(w, b)))).flat()
    const { rows } = await w.db.pool.query<{ due: string }>(
      "SELECT state->>'dueOn' AS due FROM task WHERE id = ANY($1::uuid[])",
      [tasks.map((t) => t.id)],
    )
    expect(rows.map((r) => r.due)).toEqual(Array(8).fill(withSchedule))
  })
})
