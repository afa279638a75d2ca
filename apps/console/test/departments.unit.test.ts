import { bundledDocuments, loadCatalogue } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { departmentName } from '../src/departments.js'

describe("departments' Chinese names", () => {
  it('names every department of every bundled catalogue', () => {
    const codes = new Set(bundledDocuments().flatMap((d) => (d.departments ?? []).map((x) => x.code)))
    expect(codes.size).toBeGreaterThan(10)
    const unnamed = [...codes].filter((code) => departmentName(code) === code)
    expect(unnamed).toEqual([])
  })

  it('uses the national catalogue’s name for a national department', () => {
    for (const d of loadCatalogue().data.departments) expect(departmentName(d.code)).toBe(d.name.zh)
  })

  it('shows a code no catalogue names as it is', () => {
    expect(departmentName('no-such-department')).toBe('no-such-department')
  })
})
