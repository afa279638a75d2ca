import { commitmentBarOf, TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import type { Tx } from '../db/client.js'
import { keepCommitmentBar } from '../db/projects.js'

/**
 * 告知承诺 not kept (004:1860 禁止选择告知承诺): a breach that bars the owner (`commitmentBarOf`, as acceptance reads it)
 * is kept as the owner's bar; the window then refuses its 告知承诺 through that day (`decideOpening`).
 */
export const onCommitmentBreached = defineConsumer<typeof TaskCommitmentBreachedV1, Tx>({
  durable: 'intake-commitment-bars',
  event: TaskCommitmentBreachedV1,
  concerns: (event) => commitmentBarOf(event) !== undefined,
  async handle({ event, tx }) {
    const bar = commitmentBarOf(event)
    if (bar) await keepCommitmentBar(tx, bar)
  },
})
