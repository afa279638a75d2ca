import {
  ApplicationAcceptedV1,
  TaskClockWarnedV1,
  TaskDecidedV1,
  TaskSpecialProcedureStartedV1,
  TaskSupplementRequestedV1,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { LAST_FIFTH, SIGNAL_KINDS, signalsOf } from '../src/domain/signals.js'
import { StoredKind } from '../src/routes/supervision-signals.js'
import { applicationAccepted, task, warned } from './events.js'

const calendar = defaultCalendar()
const P = '01890000-0000-7000-8000-000000000001'
const A = '01890000-0000-7000-8000-000000000002'
const EVENT = '01890000-0000-7000-8000-0000000000ee'

// March 2026 has no holiday and no make-up day: its working days are its weekdays, counted here without the calendar.
const weekdaysAfter = (from: string, through: string) => {
  let n = 0
  for (let d = new Date(`${from}T00:00:00Z`); ; ) {
    d = new Date(d.getTime() + 86_400_000)
    if (d.toISOString().slice(0, 10) > through) return n
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n += 1
  }
}

/** A task held to a committed 10 W clock from Monday 2 March, with the pauses given. */
const held = (
  suspensions: Array<{
    id?: string
    kind: 'supplement' | 'expert-review'
    from: string
    to?: string
    limit?: { value: number; unit: 'W' | 'N' }
  }>,
  over: Parameters<typeof task>[2] = {},
) =>
  task(P, A, {
    clocks: { committed: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', suspensions } },
    ...over,
  })

describe('signalsOf: the clock-gaming signals one event raises, from its own data', () => {
  it('knows the same stored kinds as the route schema', () => {
    for (const k of SIGNAL_KINDS) expect(Value.Check(StoredKind, k)).toBe(true)
    expect(Value.Check(StoredKind, 'department-over-limit')).toBe(false)
  })

  it.each([
    // request day → days used before it (the request day is paused) — raised when their share reaches a fifth from the end
    ['2026-03-12', false],
    ['2026-03-13', true],
    ['2026-03-16', true],
  ])('补正 requested on %s: raised %s', (from, raised) => {
    const t = held([{ kind: 'supplement', from }], { supplementRoundsUsed: 1, updatedAt: `${from}T02:00:00Z` })
    const used = weekdaysAfter('2026-03-02', from) - 1
    expect(used / 10 >= LAST_FIFTH).toBe(raised)
    const signals = signalsOf(TaskSupplementRequestedV1.subject, { task: t }, EVENT, calendar)
    expect(signals.map((s) => s.kind)).toEqual(raised ? ['late-supplement'] : [])
    if (raised) {
      expect(signals[0]).toMatchObject({
        subjectId: t.taskId,
        ordinal: 1,
        taskId: t.taskId,
        department: t.department,
        item: t.item,
        raisedOn: from,
        evidence: { clock: 'committed', limit: { value: 10, unit: 'W' }, used, share: used / 10, on: from, rounds: 1 },
      })
    }
  })

  it('a second 补正 round is raised once per round, early in the clock or not', () => {
    const t = held(
      [
        { kind: 'supplement', from: '2026-03-03', to: '2026-03-04' },
        { kind: 'supplement', from: '2026-03-05' },
      ],
      { supplementRoundsUsed: 2 },
    )
    const signals = signalsOf(TaskSupplementRequestedV1.subject, { task: t }, EVENT, calendar)
    expect(signals).toHaveLength(1)
    expect(signals[0]).toMatchObject({ kind: 'repeated-supplement', ordinal: 2, evidence: { rounds: 2 } })
    const first = signalsOf(
      TaskSupplementRequestedV1.subject,
      { task: { ...t, supplementRoundsUsed: 1 } },
      EVENT,
      calendar,
    )
    expect(first).toEqual([])
  })

  it('特别程序 started in the last fifth is raised with the procedure, its ordinal its place among the procedures', () => {
    const early = { id: 's1', kind: 'expert-review' as const, from: '2026-03-03', to: '2026-03-04' }
    const late = held([
      early,
      { kind: 'supplement', from: '2026-03-05', to: '2026-03-05' },
      { id: 's2', kind: 'expert-review', from: '2026-03-19' },
    ])
    // Used before the 19th: the weekdays after 2 March through the 18th, less the three paused ones (3, 4, 5 March).
    const used = weekdaysAfter('2026-03-02', '2026-03-18') - 3
    expect(used / 10 >= LAST_FIFTH).toBe(true)
    const [s, ...more] = signalsOf(TaskSpecialProcedureStartedV1.subject, { task: late }, EVENT, calendar)
    expect(more).toEqual([])
    expect(s).toMatchObject({
      kind: 'late-special-procedure',
      ordinal: 2,
      evidence: { used, procedure: 'expert-review', on: '2026-03-19' },
    })
    expect(signalsOf(TaskSpecialProcedureStartedV1.subject, { task: held([early]) }, EVENT, calendar)).toEqual([])
  })

  it('a 特别程序 overrunning its own limit is raised from the alert; other clocks turning yellow are not signals', () => {
    const t = held([{ id: 's1', kind: 'expert-review', from: '2026-03-03', limit: { value: 2, unit: 'W' } }])
    const alert = warned(t, {
      clock: 'special-procedure',
      suspensionId: 's1',
      suspensionKind: 'expert-review',
      used: 3,
      limit: 2,
      detectedOn: '2026-03-06',
    })
    const [s] = signalsOf(TaskClockWarnedV1.subject, alert, EVENT, calendar)
    expect(s).toMatchObject({
      kind: 'special-procedure-overrun',
      ordinal: 1,
      raisedOn: '2026-03-06',
      evidence: { used: 3, limit: { value: 2, unit: 'W' }, procedure: 'expert-review', on: '2026-03-03' },
    })
    expect(signalsOf(TaskClockWarnedV1.subject, warned(t), EVENT, calendar)).toEqual([])
  })

  it('decided after the due date without an extension is raised; within the limit, or extended, it is not', () => {
    // 10 W from Monday 2 March: due on the 10th weekday after, Monday 16 March.
    const decide = (decidedAt: string, over: Parameters<typeof task>[2] = {}) =>
      signalsOf(
        TaskDecidedV1.subject,
        { task: { ...held([], over), status: 'approved', decision: { outcome: 'approved', decidedAt } } },
        EVENT,
        calendar,
      )
    expect(decide('2026-03-16T02:00:00Z')).toEqual([])
    const [s] = decide('2026-03-18T02:00:00Z')
    expect(s).toMatchObject({
      kind: 'decided-overdue',
      ordinal: 1,
      evidence: {
        dueOn: '2026-03-16',
        on: '2026-03-18',
        used: weekdaysAfter('2026-03-02', '2026-03-18'),
        overdueBy: 2,
      },
    })
    const extension = {
      value: 10,
      unit: 'W' as const,
      on: '2026-03-10',
      approvedBy: '局长',
      reason: '情况复杂',
      dueBefore: '2026-03-16',
      dueAfter: '2026-03-30',
    }
    const extended = decide('2026-03-18T02:00:00Z', {
      clocks: {
        committed: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', suspensions: [] },
        statutory: { limit: { value: 30, unit: 'W' }, start: '2026-03-02', suspensions: [], extended: extension },
      },
    })
    expect(extended).toEqual([])
  })

  it('受理 more than five working days after 接件 is raised, by the clerk or by the law; on the fifth it is not', () => {
    const accepted = (acceptedAt: string, acceptedBy: 'clerk' | 'law', notice = false) =>
      signalsOf(
        ApplicationAcceptedV1.subject,
        applicationAccepted(P, {
          acceptedAt,
          receipt: {
            nationalCode: 3,
            receivedAt: '2026-03-02T01:00:00Z',
            receivedOn: '2026-03-02',
            acceptedBy,
            ...(notice
              ? { notice: { at: '2026-03-03T01:00:00Z', on: '2026-03-03', by: 'clerk', materials: ['x'], reason: 'r' } }
              : {}),
          },
        }),
        EVENT,
        calendar,
      )
    // The fifth working day after Monday 2 March is Monday 9 March; the 10th is the sixth.
    expect(weekdaysAfter('2026-03-02', '2026-03-09')).toBe(5)
    expect(accepted('2026-03-09T02:00:00Z', 'clerk')).toEqual([])
    const [s] = accepted('2026-03-10T02:00:00Z', 'law')
    expect(s).toMatchObject({
      kind: 'late-acceptance',
      subjectId: s?.applicationId,
      ordinal: 1,
      evidence: { receivedOn: '2026-03-02', acceptedOn: '2026-03-10', workingDays: 6, acceptedBy: 'law' },
    })
    expect(s?.taskId).toBeUndefined()
    // Told its one notice in time, the receipt has no five-day limit any more.
    expect(accepted('2026-03-20T02:00:00Z', 'clerk', true)).toEqual([])
    // Accepted at once (no receipt on the event): nothing to count.
    expect(signalsOf(ApplicationAcceptedV1.subject, applicationAccepted(P), EVENT, calendar)).toEqual([])
  })

  it('raises nothing for an event no detector reads, nor for a clock it cannot count', () => {
    expect(signalsOf('permit.approval.task.claimed.v1', { task: held([]) }, EVENT, calendar)).toEqual([])
    const broken = held([{ kind: 'supplement', from: '2026-02-30' }], { supplementRoundsUsed: 1 })
    expect(signalsOf(TaskSupplementRequestedV1.subject, { task: broken }, EVENT, calendar)).toEqual([])
  })

  it('does not swallow a fault that is not the calendar saying it cannot count the clock', () => {
    // A calendar failing as a bug would (a stand-in: the only way to make evaluateClock throw something else).
    const faulty = new Proxy(calendar, {
      get(target, key, receiver) {
        if (key === 'dayInfo')
          return () => {
            throw new TypeError('cannot read the day')
          }
        return Reflect.get(target, key, receiver)
      },
    })
    const late = held([{ kind: 'supplement', from: '2026-03-20' }], { supplementRoundsUsed: 1 })
    expect(() => signalsOf(TaskSupplementRequestedV1.subject, { task: late }, EVENT, faulty)).toThrow(TypeError)
  })
})
