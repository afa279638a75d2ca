import { projectCopyConsumer } from '@onewindow/messaging'
import { notificationRepository, type Tx } from '../db/notifications.js'

/** Remembers each project's name, code and owner: every message names the project, and its owner is told. */
export const onProjectRegistered = projectCopyConsumer<Tx>({
  durable: 'notification-projects',
  save: (tx, project) => notificationRepository(tx).saveProject(project),
})
