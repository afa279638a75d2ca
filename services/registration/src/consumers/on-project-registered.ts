import { projectCopyConsumer } from '@onewindow/messaging'
import { registrationRepository, type Tx } from '../db/registration.js'

/** Keeps the owner, the parcel data (site, floor area, location) and the flow, whose permit items become permits. */
export const onProjectRegistered = projectCopyConsumer<Tx>({
  durable: 'registration-projects',
  save: (tx, project) => registrationRepository(tx).insertProject(project),
})
