import { bundledDocuments, type CatalogueDocument, recordedVersions } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { decideUpload } from '../src/domain/catalogue.js'

const shanwei = (version: string) => ({
  ...(structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument),
  version,
})
const known = { parents: bundledDocuments(), bundled: recordedVersions() }

describe('decideUpload: a version name a bundled catalogue carried is not the upload’s', () => {
  it('refuses the bundled document’s own version name', () => {
    const current = bundledDocuments().find((d) => d.region.code === '441500')?.version as string
    const refused = decideUpload(shanwei(current), known)
    expect(refused.ok ? undefined : refused.error.code).toBe('INTAKE_CATALOGUE_VERSION_TAKEN')
  })

  it('refuses a version name a release replaced, which pins still carry (2025.1)', () => {
    expect(known.bundled).toContainEqual(expect.objectContaining({ region: '441500', version: '2025.1' }))
    const refused = decideUpload(shanwei('2025.1'), known)
    expect(refused.ok ? undefined : refused.error.code).toBe('INTAKE_CATALOGUE_VERSION_TAKEN')
    // A name no bundled catalogue of the region carried is the upload's.
    expect(decideUpload(shanwei('2026.1'), known).ok).toBe(true)
  })
})
