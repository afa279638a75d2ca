import { bundledDocuments, checkCatalogueDocument, coveringRegions } from './bundled.js'
import { type Catalogue, CatalogueInvalidError, createCatalogue, resolveCatalogue } from './catalogue.js'
import type { CatalogueData, CatalogueDocument } from './schema.js'
import { type Problem, validateCatalogue } from './validate.js'

/** A document checked as `catalogue validate <file>` checks it: every problem, and the resolved data when it has no error. */
export type DocumentCheck = {
  /** The document's region code, or `name` when its shape is too broken to say. */
  region: string
  /** Errors, then warnings. */
  problems: Problem[]
  /** The region's catalogue resolved over `parents` with this document in it; only when there is no error. */
  data?: CatalogueData
}

/**
 * Checks one parsed catalogue document (a file's YAML, an upload's JSON) over its parents — the bundled documents
 * unless given — and lists every problem at once: shape, unknown or cyclic parents, references, cycles, warnings.
 * The one check behind `pnpm onewindow catalogue validate <file>` and the admin upload.
 */
export function checkDocument(
  value: unknown,
  name = 'document',
  parents: readonly CatalogueDocument[] = bundledDocuments(),
): DocumentCheck {
  let document: CatalogueDocument
  try {
    document = checkCatalogueDocument(value, name)
  } catch (e) {
    if (e instanceof CatalogueInvalidError) return { region: name, problems: [...e.problems] }
    throw e
  }
  const region = document.region.code
  const documents = new Map(parents.map((d) => [d.region.code, d]))
  documents.set(region, document)
  try {
    const data = resolveCatalogue([...documents.values()], region)
    const report = validateCatalogue(data)
    return { region, problems: [...report.errors, ...report.warnings], ...(report.ok ? { data } : {}) }
  } catch (e) {
    if (e instanceof CatalogueInvalidError) return { region, problems: [...e.problems] }
    throw e
  }
}

/** A stored version an administrator activated: from `activeFrom` (a legal date, YYYY-MM-DD) new intakes take it. */
export type ActivatedVersion = { region: string; pin: string; activeFrom: string }

/**
 * The activated version an intake in `region` on `date` takes: of the regions covering it (itself, city, province,
 * root), the nearest with a version active on `date` — never one farther than `nearestBundled`, the region the
 * bundled catalogue would answer with, since a nearer document outranks a farther one as in `loadCatalogue` —, and
 * there the version with the latest `activeFrom` not after `date`. Undefined: the bundled catalogue applies.
 * Dates compare as strings (YYYY-MM-DD).
 */
export function activeVersionOn(
  region: string,
  date: string,
  versions: readonly ActivatedVersion[],
  nearestBundled?: string,
): ActivatedVersion | undefined {
  const regions = coveringRegions(region)
  const stop = nearestBundled === undefined ? -1 : regions.indexOf(nearestBundled)
  for (const code of stop === -1 ? regions : regions.slice(0, stop + 1)) {
    const active = versions
      .filter((v) => v.region === code && v.activeFrom <= date)
      .sort((a, b) => (a.activeFrom < b.activeFrom ? 1 : a.activeFrom > b.activeFrom ? -1 : 0))[0]
    if (active) return active
  }
  return undefined
}

/** A service's catalogues by pin, read on the connection given (`pinnedCatalogues`). */
export type PinnedCatalogues<Db> = (db: Db, region: string, pin?: string | null) => Promise<Catalogue | undefined>

/**
 * Resolves catalogues by (db, region, pin) for a service that keeps versions in its own table: `stored(db, pin)` reads
 * the resolved data of a version it stored, on the connection the caller names — the command's own transaction, so
 * a lookup never waits for a second connection of the pool the transaction already holds one of; a pin it has not stored — the bundled baseline, or a test's own catalogue —
 * is the region's `fallback` (today's `cataloguesByRegion`). A stored version never changes (its pin carries its
 * hash), so once read it is kept in memory for good; the table, not the memory, is what survives a restart.
 */
export function pinnedCatalogues<Db>(options: {
  stored(db: Db, pin: string): Promise<CatalogueData | undefined>
  fallback(region: string): Catalogue | undefined
}): PinnedCatalogues<Db> {
  const kept = new Map<string, Catalogue>()
  return async (db, region, pin) => {
    if (!pin) return options.fallback(region)
    const known = kept.get(pin)
    if (known) return known
    // The bundled baseline is never stored: answered without a query.
    const bundled = options.fallback(region)
    if (bundled?.pin === pin) {
      kept.set(pin, bundled)
      return bundled
    }
    const data = await options.stored(db, pin)
    if (!data) return options.fallback(region)
    // Validated when it was uploaded, and again here without the checks that bar only new documents; one that no
    // longer validates otherwise is ours to fix, and is thrown.
    const catalogue = createCatalogue(data, { stored: true })
    kept.set(pin, catalogue)
    return catalogue
  }
}
