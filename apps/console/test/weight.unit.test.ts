import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  BUDGETED_PAGES,
  DIST,
  lazyClosure,
  type Manifest,
  OWNER_BUDGET_KB,
  pageWeights,
  readManifest,
  staticClosure,
} from './weight.js'

// The built console, as `pnpm test` leaves it before Vitest starts (scripts/test.sh runs pnpm build:console).
const built = () => {
  if (!existsSync(`${DIST}.vite/manifest.json`)) throw new Error(`no console build in ${DIST}: run pnpm build:console`)
  return new Map(pageWeights(readManifest()).map((p) => [p.name, p]))
}

describe('what a page of the console loads (issue 14)', () => {
  it('shows the owner’s projects and a project’s progress after at most 300 KB of gzipped script', () => {
    const pages = built()
    const entry = pages.get('(entry: every page)')?.toShow ?? 0
    for (const name of BUDGETED_PAGES) {
      const page = pages.get(name)
      expect(page, name).toBeDefined()
      // The entry and the page's own chunk at least: a count of nothing would pass any budget.
      expect(page?.toShow ?? 0, name).toBeGreaterThan(entry)
      expect((page?.toShow ?? Number.POSITIVE_INFINITY) / 1024, name).toBeLessThanOrEqual(OWNER_BUDGET_KB)
    }
  })

  it('fetches the progress page’s chart and the cards with tables and forms only after the status is shown', () => {
    const progress = built().get('owner/progress.tsx')
    // ECharts alone is ~190 KB gzipped; the cards' tables and forms come with it.
    expect((progress?.lazy ?? 0) / 1024).toBeGreaterThan(190)
  })

  it('counts a chunk once, with its imports, and leaves what is loaded already out of what comes later', () => {
    const manifest: Manifest = {
      'index.html': { file: 'entry.js', imports: ['_shared'], dynamicImports: ['page'] },
      _shared: { file: 'shared.js' },
      page: { file: 'page.js', imports: ['_shared', '_table'], dynamicImports: ['card'] },
      _table: { file: 'table.js', imports: ['_shared'] },
      card: { file: 'card.js', imports: ['_table', '_form'] },
      _form: { file: 'form.js' },
    }
    const entry = staticClosure(manifest, ['index.html'])
    expect([...entry]).toEqual(['index.html', '_shared'])
    const shown = staticClosure(manifest, ['page'], new Set(entry))
    expect([...shown].filter((k) => !entry.has(k))).toEqual(['page', '_table'])
    expect([...lazyClosure(manifest, ['page'], shown)]).toEqual(['card', '_form'])
  })
})
