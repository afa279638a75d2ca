import { ProjectRegisteredV1, type ProjectTitle } from '@onewindow/contracts'
import { type ConsumerDefinition, defineConsumer } from './consumer.js'
import type { SqlTx } from './sql.js'

export type ProjectCopyOptions<TTx extends SqlTx = SqlTx> = {
  /** The service's own durable, `<service>-projects`; renaming it would replay the stream into a new consumer. */
  durable: string
  /**
   * Saves the project into the service's own table, in the consumer's transaction: the columns it needs, and nothing
   * changed when the project is already there (a redelivery, or the same registration again).
   */
  save(tx: TTx, project: ProjectRegisteredV1): Promise<void>
}

/**
 * The consumer of intake's `ProjectRegisteredV1` for a service that keeps its own copy of registered projects
 * (acceptance, approval, notification, registration, utility): each names its durable and its `save`; the project is
 * handed over as the event carries it, and the service's repository picks its columns.
 */
export const projectCopyConsumer = <TTx extends SqlTx = SqlTx>(
  options: ProjectCopyOptions<TTx>,
): ConsumerDefinition<typeof ProjectRegisteredV1, TTx> =>
  defineConsumer<typeof ProjectRegisteredV1, TTx>({
    durable: options.durable,
    event: ProjectRegisteredV1,
    handle: ({ event, tx }) => options.save(tx, event),
  })

/**
 * The titles (name, 项目代码, location) of the projects `ids` names, from the service's own `project` table — intake's
 * registrations or a service's copy (`projectCopyConsumer`) — for the lists of those who read no project. One
 * statement whatever the service's Prisma client, so every service answers titles alike. A copy made before titles
 * were kept has none (null name or code): it is left out, and the screen shows that project by its id.
 */
export async function projectTitles(tx: SqlTx, ids: readonly string[]): Promise<ProjectTitle[]> {
  if (ids.length === 0) return []
  return tx.$queryRaw<ProjectTitle[]>`
    SELECT id::text AS "projectId", name, project_code AS "projectCode", location FROM project
     WHERE id = ANY(${[...new Set(ids)]}::uuid[]) AND name IS NOT NULL AND project_code IS NOT NULL
     ORDER BY id`
}
