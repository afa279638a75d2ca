import { projectCopyConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/** Keeps what opening a case needs: the project's type, region, owner (and its flow, for the record). */
export const onProjectRegistered = projectCopyConsumer<Tx>({
  durable: 'acceptance-projects',
  save: (tx, project) => acceptanceRepository(tx).insertProject(project),
})
