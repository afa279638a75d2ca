import type { Catalogue, PinnedCatalogues } from '@onewindow/catalogue'
import type { Limit } from '@onewindow/vocabulary'
import type { Tx } from './db/requests.js'
import { DEFAULT_PERMITS_LIMIT } from './domain/request.js'

/**
 * The catalogue a project's pin names — a version stored from CatalogueActivatedV1, else the region's bundled one
 * (`pinnedCatalogues`) — or undefined when none covers the region.
 */
export type CatalogueFor = PinnedCatalogues<Tx>

/** The step of the project type whose acceptance opens the hookup requests (`utilityHookup.step`). */
export function hookupStepOf(catalogue: Catalogue | undefined, projectType: string): string | undefined {
  return catalogue?.projectType(projectType)?.utilityHookup?.step
}

/**
 * The outside-line permits' limit: the region's own (its `utility-outside-line` permits step, else that type's cap),
 * else the 3 W the seeds give.
 */
export function permitsLimitOf(catalogue: Catalogue | undefined): Limit {
  if (catalogue?.projectType('utility-outside-line')) {
    const flow = catalogue.flow('utility-outside-line')
    const limit = flow.steps.find((s) => s.step.code === 'outside-line-permits')?.limit ?? flow.cap?.limit
    if (limit) return { value: limit.value, unit: limit.unit }
  }
  return DEFAULT_PERMITS_LIMIT
}
