import { TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import type { Tx } from '../db/client.js'
import { keepCommitmentBar } from '../db/projects.js'

/**
 * 告知承诺 not kept (004:1860 禁止选择告知承诺): a breach whose measures bar the owner, with the day it ends and the owner
 * named, is kept as the owner's bar; the window then refuses its 告知承诺 through that day (`decideOpening`). A breach
 * without the bar, or from before the event named the owner, bars no one here.
 */
export const onCommitmentBreached = defineConsumer<typeof TaskCommitmentBreachedV1, Tx>({
  durable: 'intake-commitment-bars',
  event: TaskCommitmentBreachedV1,
  concerns: (event) => {
    const verification = event.task.commitment?.verification
    return (
      event.ownerCreditCode !== undefined &&
      verification?.measures?.includes('bar-commitment') === true &&
      verification.barredUntil !== undefined
    )
  },
  async handle({ event, tx }) {
    const verification = event.task.commitment?.verification
    if (!event.ownerCreditCode || !verification?.barredUntil) return
    await keepCommitmentBar(tx, {
      taskId: event.task.taskId,
      creditCode: event.ownerCreditCode,
      item: event.task.item,
      department: event.task.department,
      barredOn: verification.on,
      until: verification.barredUntil,
    })
  },
})
