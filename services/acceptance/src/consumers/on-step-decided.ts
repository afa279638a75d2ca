import { StepDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/**
 * Records the items of an approved step: acceptance opens only once the construction permit is among them. A phase
 * before the last (分阶段办理) approves no item: it is recorded as how far the step has come; a unit work's own
 * (按照单位工程) approves them for that building only.
 */
export const onStepDecided = defineConsumer<typeof StepDecidedV1, Tx>({
  durable: 'acceptance-approved-steps',
  event: StepDecidedV1,
  concerns: (event) => event.outcome === 'approved',
  async handle({ event, tx }) {
    const items = event.tasks.filter((t) => t.outcome === 'approved').map((t) => t.item)
    await acceptanceRepository(tx).recordApproval(
      event.projectId,
      event.applicationId,
      items,
      { phase: event.phase, part: event.part },
      event.decidedAt,
    )
  },
})
