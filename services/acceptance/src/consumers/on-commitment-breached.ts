import { commitmentBarOf, TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/**
 * 告知承诺 not kept in the approval stage (004:1860 禁止选择告知承诺): a breach that bars the owner bars its 告知承诺 in
 * joint acceptance too, as a breach found here does — the same `commitment_bar` row, keyed by the approval task's id
 * where a joint-acceptance bar has its case's. Which breach bars whom is `commitmentBarOf`'s, as intake's is.
 */
export const onCommitmentBreached = defineConsumer<typeof TaskCommitmentBreachedV1, Tx>({
  durable: 'acceptance-commitment-bars',
  event: TaskCommitmentBreachedV1,
  concerns: (event) => commitmentBarOf(event) !== undefined,
  async handle({ event, tx }) {
    const bar = commitmentBarOf(event)
    if (!bar) return
    await acceptanceRepository(tx).insertBar({
      creditCode: bar.creditCode,
      caseId: bar.taskId,
      item: bar.item,
      barredOn: bar.barredOn,
      until: bar.until,
    })
  },
})
