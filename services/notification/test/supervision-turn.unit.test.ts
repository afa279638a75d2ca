import type { TaskSupervisedV1, TaskSupervision } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { supervisionTurn } from '../src/consumers/on-task-events.js'

// Which 督办 a `permit.approval.task.supervised.v1` is about (docs/notifications.md): the event's own
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

describe('supervisionTurn', () => {
  it('takes the 督办 and turn the event names, where the instants read another', () => {
    const t = task([answeredA, supervision(B)])
    expect(supervisionTurn({ task: t, supervisionId: B, turn: 'issued' })).toMatchObject({
      turn: 'issued',
      supervision: { id: B },
    })
    // The same snapshot named by the instants alone: the answer stamped at `updatedAt` wins.
    expect(supervisionTurn({ task: t })).toMatchObject({ turn: 'answered', supervision: { id: A } })
  })

  it('takes a named answer whatever the snapshot’s `updatedAt`', () => {
    const t = task([answeredA], '2026-03-03T00:00:00.000Z')
    expect(supervisionTurn({ task: t, supervisionId: A, turn: 'answered' })).toMatchObject({
      turn: 'answered',
      supervision: { id: A, response: '已回复' },
    })
    expect(supervisionTurn({ task: t })).toBeUndefined()
  })

  it('refuses a named 督办 the snapshot lacks, or an answer it holds unanswered', () => {
    expect(supervisionTurn({ task: task([answeredA]), supervisionId: B, turn: 'issued' })).toBeUndefined()
    expect(supervisionTurn({ task: task([supervision(B)]), supervisionId: B, turn: 'answered' })).toBeUndefined()
  })

  it('infers from the instants for an event naming neither (published before they were named)', () => {
    expect(supervisionTurn({ task: task([supervision(B)]) })).toMatchObject({ turn: 'issued', supervision: { id: B } })
  })
})
