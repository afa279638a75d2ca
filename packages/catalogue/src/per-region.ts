import { loadCatalogue } from './bundled.js'
import type { Catalogue } from './catalogue.js'

/**
 * One catalogue per region, loaded once. A region whose catalogue is refused as invalid (a caller's synthetic one,
 * or a region no document covers) answers undefined, for the service to say so in its own terms; any other failure
 * is thrown, never hidden.
 */
export function cataloguesByRegion(
  load: (region: string) => Catalogue = loadCatalogue,
): (region: string) => Catalogue | undefined {
  const cache = new Map<string, Catalogue | undefined>()
  return (region) => {
    if (!cache.has(region)) {
      let found: Catalogue | undefined
      try {
        found = load(region)
      } catch (err) {
        if ((err as { code?: string }).code !== 'CATALOGUE_INVALID') throw err
      }
      cache.set(region, found)
    }
    return cache.get(region)
  }
}
