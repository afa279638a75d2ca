// What a page of the built console (dist/) loads, from Vite's manifest: the budget's test (weight.unit.test.ts) and
// pnpm bench:console read it the same way.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const DIST = fileURLToPath(new URL('../dist/', import.meta.url))
/** Issue 14: the owner's pages show what they are for after at most this much gzipped script. */
export const OWNER_BUDGET_KB = 300
/** The pages the budget holds (the 补正 answer page, a form, is not budgeted: docs/performance.md#console). */
export const BUDGETED_PAGES: readonly string[] = ['owner/projects.tsx', 'owner/progress.tsx']

type Chunk = { file: string; src?: string; imports?: string[]; dynamicImports?: string[] }
export type Manifest = Record<string, Chunk>

export const readManifest = (): Manifest => JSON.parse(readFileSync(`${DIST}.vite/manifest.json`, 'utf8')) as Manifest

/** Every chunk `keys` load before they run: themselves and their static imports, recursively. */
export function staticClosure(manifest: Manifest, keys: readonly string[], into = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (into.has(key)) continue
    into.add(key)
    staticClosure(manifest, manifest[key]?.imports ?? [], into)
  }
  return into
}

/** What `keys` fetch later by `import()`, recursively, less what is loaded already. */
export function lazyClosure(manifest: Manifest, keys: readonly string[], loaded: ReadonlySet<string>): Set<string> {
  const lazy = new Set<string>()
  const visit = (key: string) => {
    for (const d of manifest[key]?.dynamicImports ?? []) {
      for (const k of staticClosure(manifest, [d])) {
        if (loaded.has(k) || lazy.has(k)) continue
        lazy.add(k)
        visit(k)
      }
    }
  }
  for (const k of keys) visit(k)
  return lazy
}

const gzipped = new Map<string, number>()
/** The JavaScript of `keys`, gzipped at level 9, in bytes. */
export function gzipOf(manifest: Manifest, keys: Iterable<string>): number {
  let total = 0
  for (const key of keys) {
    const file = manifest[key]?.file
    if (!file?.endsWith('.js')) continue
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(`${DIST}${file}`), { level: 9 }).length)
    total += gzipped.get(file) ?? 0
  }
  return total
}

export type PageWeight = { name: string; toShow: number; lazy: number }

/** Each route's page (the entry's lazy imports, app.tsx) and the entry itself: what it loads to show, and later. */
export function pageWeights(manifest: Manifest): PageWeight[] {
  const entry = staticClosure(manifest, ['index.html'])
  const pages = (manifest['index.html']?.dynamicImports ?? []).map((k) => ({ name: k, keys: [k] }))
  return [{ name: '(entry: every page)', keys: [] as string[] }, ...pages].map((page) => {
    const shown = staticClosure(manifest, page.keys, new Set(entry))
    return {
      name: page.name.replace(/^src\/pages\//, ''),
      toShow: gzipOf(manifest, shown),
      lazy: gzipOf(manifest, lazyClosure(manifest, page.keys, shown)),
    }
  })
}
