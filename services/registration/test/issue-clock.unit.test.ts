import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  type IssueClock,
  issueClockAlerts,
  startIssueClock,
  stopIssueClock,
  withAlerts,
} from '../src/domain/issue-clock.js'

const calendar = defaultCalendar()
const ids = {
  applicationId: '019a0000-0000-7000-8000-000000000001',
  projectId: '019a0000-0000-7000-8000-000000000002',
  step: 'six-item-bundle',
}
const TEN_W = { value: 10, unit: 'W' as const }
// Decided Monday 2026-03-02: the 8th working day is Thursday 03-12, the 10th (due) Monday 03-16.
const running = startIssueClock(undefined, { ...ids, decidedOn: '2026-03-02' }, TEN_W, '441500') as IssueClock

describe('the issuing clock (行政许可法第四十四条)', () => {
  it('starts on the decision day with the limit and the region, once', () => {
    expect(running).toEqual({
      ...ids,
      decidedOn: '2026-03-02',
      clock: { limit: TEN_W, start: '2026-03-02', suspensions: [], region: '441500' },
    })
    expect(startIssueClock(running, { ...ids, decidedOn: '2026-03-03' }, TEN_W, '441500')).toBeUndefined()
    // A code that is not a six-digit division selects no overlay.
    expect(startIssueClock(undefined, { ...ids, decidedOn: '2026-03-02' }, TEN_W, 'x')?.clock?.region).toBeUndefined()
  })

  it.each([
    ['2026-03-11', []],
    ['2026-03-12', ['warned']],
    ['2026-03-16', ['warned']],
    ['2026-03-17', ['warned', 'overdue']],
  ])('on %s calls for %j, telling the due day the clock explains', (today, alerts) => {
    // 10 W from the decision on Monday 2 March: due Monday 16 March, whichever day the alert is raised.
    expect(issueClockAlerts(running, today, calendar, 0.8)).toEqual({ alerts, dueOn: '2026-03-16' })
  })

  it('raises each alert once: a raised one is not called for again', () => {
    const warned = withAlerts(running, ['warned'], '2026-03-12')
    expect(warned.warnedOn).toBe('2026-03-12')
    expect(issueClockAlerts(warned, '2026-03-13', calendar, 0.8).alerts).toEqual([])
    const both = withAlerts(warned, ['overdue'], '2026-03-17')
    expect(issueClockAlerts(both, '2026-04-30', calendar, 0.8).alerts).toEqual([])
  })

  it('stops on the issue day, once; a stopped clock calls for nothing; issued before the decision, it starts stopped', () => {
    const stopped = stopIssueClock(running, ids, '2026-03-10') as IssueClock
    expect(stopped.issuedOn).toBe('2026-03-10')
    expect(stopIssueClock(stopped, ids, '2026-03-11')).toBeUndefined()
    expect(issueClockAlerts(stopped, '2026-04-30', calendar, 0.8).alerts).toEqual([])
    const early = stopIssueClock(undefined, ids, '2026-03-02') as IssueClock
    const late = startIssueClock(early, { ...ids, decidedOn: '2026-03-02' }, TEN_W, '441500') as IssueClock
    expect(late).toMatchObject({ issuedOn: '2026-03-02', clock: { start: '2026-03-02' } })
    expect(issueClockAlerts(late, '2026-04-30', calendar, 0.8).alerts).toEqual([])
  })
})
