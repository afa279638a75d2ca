import { projectCopyConsumer } from '@onewindow/messaging'
import { requestRepository, type Tx } from '../db/requests.js'

/** Remembers each project's type and region: they pick the catalogue's hookup step for its applications. */
export const onProjectRegistered = projectCopyConsumer<Tx>({
  durable: 'utility-projects',
  save: (tx, project) => requestRepository(tx).saveProject(project),
})
