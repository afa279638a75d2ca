import { describe, expect, it } from 'vitest'
import {
  bundledDocuments,
  type CatalogueData,
  createCatalogue,
  loadCatalogue,
  recordCommand,
  recordedVersions,
  recordVersions,
  unrecordedVersions,
  versionRecordText,
} from '../src/index.js'

const bundled = () => bundledDocuments().map((d) => loadCatalogue(d.region.code))

describe('data/versions.json: each bundled (region, version) names one content', () => {
  it('holds every bundled catalogue under its version with the hash it resolves to', () => {
    // A failure message says what to do: name the change with a new version, then record it.
    expect(unrecordedVersions(bundled(), recordedVersions()).map((u) => u.message)).toEqual([])
  })

  it('is as the record command writes it (sorted, one entry a line)', () => {
    const record = recordedVersions()
    expect(versionRecordText(recordVersions([], record).record)).toBe(versionRecordText(record))
  })
})

describe('unrecordedVersions and recordVersions', () => {
  const foshan = loadCatalogue('440600')
  const edited = (version: string) => {
    const data = structuredClone(foshan.data) as CatalogueData
    data.version = version
    ;(data.departments[0] as { name: { zh: string } }).name.zh = '佛山市发展和改革局'
    return createCatalogue(data)
  }
  const record = [{ region: '440600', version: foshan.version, hash: foshan.hash }]

  it('names content changed under a recorded version, telling to bump it, and refuses to record it', () => {
    const changed = edited(foshan.version)
    const [found, ...rest] = unrecordedVersions([changed], record)
    expect(rest).toEqual([])
    expect(found).toMatchObject({ region: '440600', version: foshan.version, recorded: foshan.hash })
    expect(found?.message).toContain('set a new `version` in packages/catalogue/data/440600.yaml')
    expect(found?.message).toContain(recordCommand)
    expect(recordVersions([changed], record)).toEqual({ record, added: [], refused: [found] })
  })

  it('names a new version not yet recorded, and records it beside the old', () => {
    const bumped = edited('2099.1')
    expect(unrecordedVersions([bumped], record).map((u) => [u.version, u.recorded, u.message])).toEqual([
      ['2099.1', undefined, expect.stringContaining(`run \`${recordCommand}\``)],
    ])
    const next = recordVersions([bumped, foshan], record)
    expect(next.refused).toEqual([])
    expect(next.record).toEqual([...record, { region: '440600', version: '2099.1', hash: bumped.hash }])
    expect(unrecordedVersions([bumped, foshan], next.record)).toEqual([])
  })

  it('refuses a record not of its shape, naming the entry', () => {
    expect(() => recordedVersions('{}')).toThrow(/must be a list/)
    expect(() => recordedVersions('[{"region":"440600","version":"2025.2","hash":"abc"}]')).toThrow(/entry 0/)
  })
})
