import { ProjectRegisteredV1 } from '@onewindow/contracts'
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
