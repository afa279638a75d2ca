import { TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/**
 * 告知承诺 not kept in the approval stage (004:1860 禁止选择告知承诺): a breach that bars the owner bars its 告知承诺 in
 * joint acceptance too, as a breach found here does — the same `commitment_bar` row, keyed by the approval task's id
 * where a joint-acceptance bar has its case's. A breach without the bar, or one that names no owner (written before
 * approval carried it), bars no one.
 */
export const onCommitmentBreached = defineConsumer<typeof TaskCommitmentBreachedV1, Tx>({
  durable: 'acceptance-commitment-bars',
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
    await acceptanceRepository(tx).insertBar({
      creditCode: event.ownerCreditCode,
      caseId: event.task.taskId,
      item: event.task.item,
      barredOn: verification.on,
      until: verification.barredUntil,
    })
  },
})
