import type { ProjectRegisteredV1 } from '@onewindow/contracts'
import type { Tx } from './tasks.js'

/**
 * Approval's copy of the registered projects (table `project`, migrations `20261217000000_project_copy` and
 * `20261223300000_project_region`): their titles — name, 项目代码, location — for the lists of those who read no
 * project (the review body's 联合审图 reviews), and their region, the calendar a review's clock counts on.
 * Every statement runs in the caller's transaction.
 */
export const projectRepository = (tx: Tx) => ({
  /** The project's title as intake registered it; a repeat of the same registration changes nothing. */
  async insertTitle(
    p: Pick<ProjectRegisteredV1, 'projectId' | 'name' | 'projectCode' | 'location' | 'region'>,
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO project (id, name, project_code, location, region)
      VALUES (${p.projectId}::uuid, ${p.name}, ${p.projectCode}, ${p.location ?? null}, ${p.region})
      ON CONFLICT (id) DO NOTHING`
  },
})
