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
  let value: unknown
  try {
    value = parse(text, { merge: true })
  } catch (e) {
    throw new CatalogueInvalidError([
      { severity: 'error', code: 'CATALOGUE_SYNTAX', path: name, message: (e as Error).message.split('\n')[0] ?? '' },
    ])
  }
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
  const candidates = [region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`, nationalRegion]
  const found = candidates.find((code) => documents.has(code)) ?? region
  return createCatalogue(resolveCatalogue([...documents.values()], found))
}
