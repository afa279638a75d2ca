import { CatalogueActivatedV1 } from '@onewindow/contracts'
import { type ConsumerDefinition, defineConsumer } from './consumer.js'
import type { SqlTx } from './sql.js'

export type CatalogueCopyOptions = {
  /** The service's own durable, `<service>-catalogue-versions`. */
  durable: string
  /**
   * Throws when the carried data is not a valid catalogue (`createCatalogue` of @onewindow/catalogue): the delivery
   * is retried, then dead-lettered, and nothing is stored.
   */
  check(data: unknown): void
}

/**
 * The consumer of intake's `CatalogueActivatedV1` for a service that resolves catalogue data (acceptance, utility,
 * registration): it stores the version in the service's own `catalogue_version` table (each service's migration
 * `…_catalogue_versions` makes it), so a project pinned to it resolves there for good, restarts included. A version
 * never changes, so a redelivery stores nothing new.
 */
export const catalogueCopyConsumer = <TTx extends SqlTx = SqlTx>(
  options: CatalogueCopyOptions,
): ConsumerDefinition<typeof CatalogueActivatedV1, TTx> =>
  defineConsumer<typeof CatalogueActivatedV1, TTx>({
    durable: options.durable,
    event: CatalogueActivatedV1,
    handle: async ({ event, tx, now }) => {
      options.check(event.data)
      await tx.$executeRaw`
        INSERT INTO catalogue_version (pin, region, version, active_from, data, received_at)
        VALUES (${event.pin}, ${event.region}, ${event.version}, ${event.activeFrom}::date,
                ${JSON.stringify(event.data)}::jsonb, ${now})
        ON CONFLICT (pin) DO NOTHING`
    },
  })

/** The resolved data of a version the service stored, or undefined (`pinnedCatalogues`' `stored`). */
export async function storedCatalogueData(tx: SqlTx, pin: string): Promise<unknown> {
  const [row] = await tx.$queryRaw<Array<{ data: unknown }>>`SELECT data FROM catalogue_version WHERE pin = ${pin}`
  return row?.data
}
