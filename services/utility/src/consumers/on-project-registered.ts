import { projectCopyConsumer } from '@onewindow/messaging'
import { requestRepository } from '../db/requests.js'

/** Remembers each project's type and region: they pick the catalogue's hookup step for its applications. */
export const onProjectRegistered = projectCopyConsumer({
  durable: 'utility-projects',
  save: (tx, project) => requestRepository(tx).saveProject(project),
})
