import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import type { TaskSnapshot } from '../src/domain/projectors.js'
import { checkedInboxTask, inboxTask, statusTask } from '../src/domain/status.js'

const task = (dueOn: string | undefined) =>
  ({
    taskId: '0190a000-0000-7000-8000-000000000001',
    applicationId: '0190a000-0000-7000-8000-000000000002',
    projectId: '0190a000-0000-7000-8000-000000000003',
    item: 'construction-permit',
    department: 'housing-construction',
    status: 'assigned',
    nationalCode: 3,
    version: 1,
    supplementRoundsUsed: 0,
    clocks: { committed: { limit: { value: 10, unit: 'W' }, start: '2026-12-24', suspensions: [] } },
    ...(dueOn === undefined ? {} : { dueOn }),
    updatedAt: '2026-12-24T01:00:00.000Z',
  }) as TaskSnapshot

describe("the inbox's provisional mark", () => {
  const bundled = new Set(defaultCalendar().years)

  it('marks a due date in a year with no published schedule, and lifts it once the year is published', () => {
    expect(bundled.has(2027)).toBe(false)
    expect(inboxTask(task('2027-01-07'), bundled).dueProvisional).toBe(true)
    expect(inboxTask(task('2026-12-31'), bundled).dueProvisional).toBe(false)
    expect(inboxTask(task('2027-01-07'), new Set([...bundled, 2027])).dueProvisional).toBe(false)
  })

  it("names the phase a task decides (分阶段办理) in the inbox's row, which still conforms", () => {
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    expect(checkedInboxTask(bundled)({ ...task('2026-12-31'), phase }).phase).toEqual(phase)
    expect('phase' in inboxTask(task('2026-12-31'), bundled)).toBe(false)
  })

  it("names the approved item a follow-on (后续事项) follows in the inbox's row and the status, which still conform", () => {
    const followOnOf = {
      applicationId: '0190a000-0000-7000-8000-000000000004',
      taskId: '0190a000-0000-7000-8000-000000000005',
      item: 'engineering-planning-permit',
      itemName: '建设工程规划类许可证核发',
      source: 'seeds/004_33317a5f04b53a73.txt:1814',
    }
    const numbers = { ...task(undefined), item: 'house-number-allocation', department: 'public-security', followOnOf }
    expect(checkedInboxTask(bundled)(numbers).followOnOf).toEqual(followOnOf)
    expect(statusTask(numbers, { calendar: defaultCalendar(), today: '2026-12-24', yellowAt: 0.8 }).followOnOf).toEqual(
      followOnOf,
    )
    expect('followOnOf' in inboxTask(task('2026-12-31'), bundled)).toBe(false)
  })

  it('has no mark without a due date, and the row still conforms to InboxTask', () => {
    expect('dueProvisional' in inboxTask(task(undefined), bundled)).toBe(false)
    expect(checkedInboxTask(bundled)(task('2027-01-07')).dueProvisional).toBe(true)
    expect(() => checkedInboxTask(bundled)({ ...task('2027-01-07'), dueOn: '2027-13-01' })).toThrow()
  })

  it("is the inbox's only: the status evaluates each clock and marks the clock itself", () => {
    const status = statusTask(task('2027-01-07'), {
      calendar: defaultCalendar(),
      today: '2026-12-24',
      yellowAt: 0.8,
    })
    expect('dueProvisional' in status).toBe(false)
    expect(status.clocks.committed?.provisional).toBe(true)
  })
})
