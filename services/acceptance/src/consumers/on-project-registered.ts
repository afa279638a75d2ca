import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { defineConsumer, type SqlTx } from '@onewindow/messaging'
import { acceptanceRepository } from '../db/cases.js'

/** Keeps what opening a case needs: the project's type, region, owner (and its flow, for the record). */
export const onProjectRegistered = defineConsumer<typeof ProjectRegisteredV1, SqlTx>({
  durable: 'acceptance-projects',
  event: ProjectRegisteredV1,
  async handle({ event, tx }) {
    await acceptanceRepository(tx).insertProject({
      projectId: event.projectId,
      projectType: event.projectType,
      region: event.region,
      owner: event.owner,
      ...(event.flow ? { flow: event.flow } : {}),
      registeredAt: event.registeredAt,
    })
  },
})
