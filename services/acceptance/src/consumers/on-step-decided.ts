import { StepDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/** Records the items of an approved step: acceptance opens only once the construction permit is among them. */
export const onStepDecided = defineConsumer<typeof StepDecidedV1, Tx>({
  durable: 'acceptance-approved-steps',
  event: StepDecidedV1,
  concerns: (event) => event.outcome === 'approved',
  async handle({ event, tx }) {
    await acceptanceRepository(tx).insertApprovedItems(
      event.projectId,
      event.applicationId,
      event.tasks.filter((t) => t.outcome === 'approved').map((t) => t.item),
      event.decidedAt,
    )
  },
})
