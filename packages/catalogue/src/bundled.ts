import { readdirSync, readFileSync } from 'node:fs'
import { Compile } from 'typebox/compile'
import { parse } from 'yaml'
import { type Catalogue, CatalogueInvalidError, createCatalogue, resolveCatalogue } from './catalogue.js'
import { CatalogueDocument } from './schema.js'

// The package reads only its own data files, shipped beside its code; it does no other I/O.
const dataDir = new URL('../data/', import.meta.url)
const checkDocument = Compile(CatalogueDocument)

/** The national root's region code. */
export const nationalRegion = '000000'

/** Parses one catalogue document (YAML or JSON text) and checks its shape; `name` appears in problems. */
export function parseCatalogueDocument(text: string, name = 'document'): CatalogueDocument {
  return checkCatalogueDocument(parseCatalogueText(text, name), name)
}

/** YAML (or JSON) text as a value, its shape unchecked; a syntax error is a CatalogueInvalidError naming `name`. */
export function parseCatalogueText(text: string, name = 'document'): unknown {
  try {
    return parse(text, { merge: true })
  } catch (e) {
    throw new CatalogueInvalidError([
      { severity: 'error', code: 'CATALOGUE_SYNTAX', path: name, message: (e as Error).message.split('\n')[0] ?? '' },
    ])
  }
}

/**
 * Checks the shape of one catalogue document already parsed (a file's YAML, or the JSON an upload carries), listing
 * every problem at once; `name` prefixes their paths. The same check for the CLI and the admin upload.
 */
export function checkCatalogueDocument(value: unknown, name = 'document'): CatalogueDocument {
  if (!checkDocument.Check(value)) {
    const problems = [...checkDocument.Errors(value)]
      .filter((e) => e.keyword !== 'anyOf')
      .map((e) => ({
        severity: 'error' as const,
        code: 'CATALOGUE_SCHEMA',
        path: `${name}${e.instancePath}`,
        message: e.keyword === 'boolean' ? 'is not a known field' : e.message,
      }))
    throw new CatalogueInvalidError(problems)
  }
  return value
}

/** The documents shipped in `packages/catalogue/data/`, one per region. */
export function bundledDocuments(): CatalogueDocument[] {
  return readdirSync(dataDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseCatalogueDocument(readFileSync(new URL(f, dataDir), 'utf8'), `data/${f}`))
}

/**
 * Loads the catalogue of a region (six-digit code; the national catalogue when omitted). A region without
 * its own document gets the nearest one above it by code (440604 → 440600 → 440000 → national).
 * `extra` documents are added to (or replace) the bundled ones. Throws CatalogueInvalidError when refused.
 */
export function loadCatalogue(region: string = nationalRegion, extra: readonly CatalogueDocument[] = []): Catalogue {
  const documents = new Map(bundledDocuments().map((d) => [d.region.code, d]))
  for (const d of extra) documents.set(d.region.code, d)
  const candidates = coveringRegions(region)
  const found = candidates.find((code) => documents.has(code)) ?? region
  return createCatalogue(resolveCatalogue([...documents.values()], found))
}

/** The regions whose document may cover `region`, nearest first: itself, its city, its province, the national root. */
export function coveringRegions(region: string): string[] {
  return [...new Set([region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`, nationalRegion])]
}
