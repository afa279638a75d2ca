import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { defineConsumer, type SqlTx } from '@onewindow/messaging'
import { requestRepository } from '../db/requests.js'

/** Remembers each project's type and region: they pick the catalogue's hookup step for its applications. */
export const onProjectRegistered = defineConsumer<typeof ProjectRegisteredV1, SqlTx>({
  durable: 'utility-projects',
  event: ProjectRegisteredV1,
  async handle({ event, tx }) {
    await requestRepository(tx).saveProject({
      projectId: event.projectId,
      projectCode: event.projectCode,
      projectType: event.projectType,
      region: event.region,
      registeredAt: event.registeredAt,
    })
  },
})
