import { describe, expect, it } from 'vitest'
import { supervisionActOf, type TaskSupervisedV1, type TaskSupervision } from '../src/index.js'

// Which 督办 a `permit.approval.task.supervised.v1` is about, as the gateway's timeline and the notifier both read it: the event's own
// `supervisionId` and `turn` when it names them, the snapshot's instants for an event published before it did.

const T = '2026-03-02T02:00:00.000Z'
const supervision = (id: string, over: Partial<TaskSupervision> = {}): TaskSupervision => ({
  id,
  note: '请说明原因',
  openedOn: '2026-03-02',
  openedAt: T,
  deadline: { spec: { limit: { value: 3, unit: 'W' }, start: '2026-03-02', suspensions: [] }, due: '2026-03-05' },
  ...over,
})
const A = '0190a000-0000-7000-8000-00000000000a'
const B = '0190a000-0000-7000-8000-00000000000b'
const answeredA = supervision(A, {
  response: '已回复',
  respondedAt: T,
  deadline: { ...supervision(A).deadline, doneOn: '2026-03-02' },
})
const task = (supervisions: TaskSupervision[], updatedAt = T) =>
  ({ supervisions, updatedAt }) as unknown as TaskSupervisedV1['task']

describe('supervisionActOf', () => {
  it('takes the 督办 and turn the event names, where the instants read another', () => {
    const t = task([answeredA, supervision(B)])
    expect(supervisionActOf({ task: t, supervisionId: B, turn: 'issued' })).toMatchObject({
      turn: 'issued',
      supervision: { id: B },
    })
    // The same snapshot named by the instants alone: the answer stamped at `updatedAt` wins.
    expect(supervisionActOf({ task: t })).toMatchObject({ turn: 'answered', supervision: { id: A } })
  })

  it('takes a named answer whatever the snapshot’s `updatedAt`', () => {
    const t = task([answeredA], '2026-03-03T00:00:00.000Z')
    expect(supervisionActOf({ task: t, supervisionId: A, turn: 'answered' })).toMatchObject({
      turn: 'answered',
      supervision: { id: A, response: '已回复' },
    })
    expect(supervisionActOf({ task: t })).toBeUndefined()
  })

  it('refuses a named 督办 the snapshot lacks, or an answer it holds unanswered', () => {
    expect(supervisionActOf({ task: task([answeredA]), supervisionId: B, turn: 'issued' })).toBeUndefined()
    expect(supervisionActOf({ task: task([supervision(B)]), supervisionId: B, turn: 'answered' })).toBeUndefined()
  })

  it('infers from the instants for an event naming neither (published before they were named)', () => {
    expect(supervisionActOf({ task: task([supervision(B)]) })).toMatchObject({ turn: 'issued', supervision: { id: B } })
  })

  it('reads an older event (naming neither) by its instants: the answer, else the 督办 issued at `updatedAt`', () => {
    const later = '2026-03-04T03:00:00.000Z'
    // Issued second, at the snapshot's instant, while the first is still open: the second, not the first.
    const issuedB = supervision(B, { openedOn: '2026-03-04', openedAt: later })
    expect(supervisionActOf({ task: task([supervision(A), issuedB], later) })).toMatchObject({
      turn: 'issued',
      supervision: { id: B },
    })
    // The first answered at the snapshot's instant after the second was issued: the answer, though B is the latest.
    const answeredLater = { ...answeredA, respondedAt: later }
    expect(supervisionActOf({ task: task([answeredLater, supervision(B)], later) })).toMatchObject({
      turn: 'answered',
      supervision: { id: A },
    })
  })

  it('finds no act in an older event whose instants match none, rather than take the latest 督办', () => {
    // A snapshot whose `updatedAt` is neither 督办's: the timeline once read it as the latest issued (due 03-05).
    expect(
      supervisionActOf({ task: task([supervision(A), supervision(B)], '2026-03-09T00:00:00.000Z') }),
    ).toBeUndefined()
    // A `respondedAt` at the instant with no response recorded is no answer.
    const half = supervision(A, { respondedAt: '2026-03-09T00:00:00.000Z' })
    expect(supervisionActOf({ task: task([half], '2026-03-09T00:00:00.000Z') })).toBeUndefined()
  })
})
