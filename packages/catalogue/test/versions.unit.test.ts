import { describe, expect, it } from 'vitest'
import {
  activeVersionOn,
  bundledDocuments,
  type CatalogueData,
  type CatalogueDocument,
  checkDocument,
  loadCatalogue,
  pinnedCatalogues,
} from '../src/index.js'

const shanwei = () => structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument

describe('checkDocument (the check of `catalogue validate <file>` and of the admin upload)', () => {
  it('resolves a valid document over the bundled parents and hands back its data', () => {
    const check = checkDocument({ ...shanwei(), version: '2026.1' }, 'x.yaml')
    expect(check.problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(check.data?.version).toBe('2026.1')
    expect(check.data?.lineage).toEqual(['000000', '440000', '441500'])
  })

  it('lists every error at once and hands back no data', () => {
    const doc = shanwei() as unknown as { items: Array<{ code: string; department?: string; stage?: string }> }
    ;(doc.items[0] as { department?: string }).department = 'nowhere'
    ;(doc.items[1] as { stage?: string }).stage = 'no-stage'
    const check = checkDocument(doc, 'x.yaml')
    expect(check.data).toBeUndefined()
    expect(check.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual([
      'CATALOGUE_UNKNOWN_DEPARTMENT',
      'CATALOGUE_UNKNOWN_STAGE',
    ])
  })

  it('refuses a source longer than the 100 characters project.registered carries an exemption source in', () => {
    const doc = shanwei() as unknown as { items: Array<{ code: string; source: string }> }
    const item = doc.items[0] as { code: string; source: string }
    item.source = `seeds/004_${'a'.repeat(83)}.txt:12`
    expect(item.source).toHaveLength(100)
    expect(checkDocument(doc, 'x.yaml').problems.filter((p) => p.severity === 'error')).toEqual([])
    item.source = `seeds/004_${'a'.repeat(84)}.txt:12`
    const check = checkDocument(doc, 'x.yaml')
    expect(check.data).toBeUndefined()
    expect(check.problems.map((p) => p.path)).toEqual([`items[${item.code}].source`])
  })

  it('names the document when its shape is refused, and an unknown parent', () => {
    expect(checkDocument({ version: 1 }, 'x.yaml').region).toBe('x.yaml')
    const orphan = { ...shanwei(), region: { ...shanwei().region, parent: '990000' } }
    expect(checkDocument(orphan, 'x.yaml').problems.map((p) => p.code)).toEqual(['CATALOGUE_UNKNOWN_REGION'])
  })
})

describe('activeVersionOn', () => {
  const versions = [
    { region: '440600', pin: 'a', activeFrom: '2026-03-02' },
    { region: '440600', pin: 'b', activeFrom: '2026-03-04' },
    { region: '440000', pin: 'p', activeFrom: '2026-01-01' },
  ]
  it('takes the latest version started by the day, never one that starts later', () => {
    expect(activeVersionOn('440600', '2026-03-01', versions, '440600')).toBeUndefined()
    expect(activeVersionOn('440600', '2026-03-03', versions, '440600')?.pin).toBe('a')
    expect(activeVersionOn('440600', '2026-03-04', versions, '440600')?.pin).toBe('b')
  })
  it('covers a district by its city, and a farther region never outranks a nearer bundled document', () => {
    expect(activeVersionOn('440604', '2026-03-05', versions, '440600')?.pin).toBe('b')
    expect(activeVersionOn('441500', '2026-03-05', versions, '441500')).toBeUndefined()
    expect(activeVersionOn('441500', '2026-03-05', versions, '440000')?.pin).toBe('p')
  })
})

describe('pinnedCatalogues', () => {
  it('resolves a stored pin from its data (read once, on the connection the caller names), and any other pin as the region fallback', async () => {
    const data = structuredClone(loadCatalogue('441500').data) as CatalogueData
    data.version = '2026.1'
    const reads: string[] = []
    const dbs: string[] = []
    const bundled = loadCatalogue('441500')
    const resolve = pinnedCatalogues({
      stored: async (db: string, pin) => {
        dbs.push(db)
        reads.push(pin)
        return pin === 'stored-pin' ? data : undefined
      },
      fallback: () => bundled,
    })
    expect((await resolve('tx-1', '441500', 'stored-pin'))?.version).toBe('2026.1')
    expect((await resolve('tx-2', '441500', 'stored-pin'))?.version).toBe('2026.1')
    expect(reads).toEqual(['stored-pin'])
    expect(dbs).toEqual(['tx-1'])
    expect(await resolve('tx-3', '441500', 'unknown-pin')).toBe(bundled)
    expect(await resolve('tx-4', '441500', null)).toBe(bundled)
    expect(dbs).toEqual(['tx-1', 'tx-3'])
  })
})
