import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { defineConsumer, type SqlTx } from '@onewindow/messaging'
import { registrationRepository } from '../db/registration.js'

/** Keeps the owner, the parcel data (site, floor area, location) and the flow, whose permit items become permits. */
export const onProjectRegistered = defineConsumer<typeof ProjectRegisteredV1, SqlTx>({
  durable: 'registration-projects',
  event: ProjectRegisteredV1,
  async handle({ event, tx }) {
    await registrationRepository(tx).insertProject({
      projectId: event.projectId,
      projectType: event.projectType,
      region: event.region,
      owner: event.owner,
      ...(event.flow ? { flow: event.flow.map((s) => ({ step: s.step, items: s.items })) } : {}),
      ...(event.siteAreaM2 === undefined ? {} : { siteAreaM2: event.siteAreaM2 }),
      ...(event.floorAreaM2 === undefined ? {} : { floorAreaM2: event.floorAreaM2 }),
      ...(event.location === undefined ? {} : { location: event.location }),
      registeredAt: event.registeredAt,
    })
  },
})
