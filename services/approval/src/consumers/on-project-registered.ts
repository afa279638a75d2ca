import { projectCopyConsumer } from '@onewindow/messaging'
import { projectRepository } from '../db/projects.js'
import type { Tx } from '../db/tasks.js'

/** Keeps each project's title (name, 项目代码, location): the review body's list of its reviews names the project. */
export const onProjectRegistered = projectCopyConsumer<Tx>({
  durable: 'approval-projects',
  save: (tx, project) => projectRepository(tx).insertTitle(project),
})
