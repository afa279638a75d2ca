import { ProjectPlotLinkedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import type { Tx } from '../db/cases.js'
import { landListRepository } from '../db/land-lists.js'

/**
 * 用地清单: the plot's land-condition list, attached when intake links the project's land — what a defect naming a
 * requirement is checked against (004:2263 验收环节不得擅自增加清单外的要求). Learned from the event, as approval learns
 * it from the accepted application, never read across schemas.
 */
export const onPlotLinked = defineConsumer<typeof ProjectPlotLinkedV1, Tx>({
  durable: 'acceptance-land-lists',
  event: ProjectPlotLinkedV1,
  async handle({ event, tx }) {
    await landListRepository(tx).keep(event.projectId, event.plot, event.linkedAt)
  },
})
