import { bundledDocuments, loadCatalogue } from '@onewindow/catalogue'
import { isFiling } from '@onewindow/vocabulary'
import { describe, expect, it } from 'vitest'
import { permitOf, REGISTRATION_OFFICE, registrationOfficeOf } from '../src/catalogue.js'
import { isPermitItem } from '../src/domain/issue.js'
import { permitDocumentName } from '../src/domain/permit-name.js'

describe('permitDocumentName: the document a matter yields, not the matter', () => {
  it.each([
    ['建设用地规划许可证核发', '建设用地规划许可证'],
    ['建设工程规划许可证核发', '建设工程规划许可证'],
    ['建筑工程施工许可证核发', '建筑工程施工许可证'],
    ['建设工程规划条件核实合格证核发', '建设工程规划条件核实合格证'],
    ['建筑工程施工许可证核发（告知承诺）', '建筑工程施工许可证'],
    ['建设工程规划许可证（告知承诺）', '建设工程规划许可证'],
    ['建设工程规划许可证颁发', '建设工程规划许可证'],
    ['建设工程规划许可证', '建设工程规划许可证'],
    ['建设工程规划许可证核发(告知承诺)', '建设工程规划许可证'],
    // No 证 at the end: the seeds name no document, so the name stays.
    ['应建或易地修建防空地下室的民用建筑项目许可', '应建或易地修建防空地下室的民用建筑项目许可'],
    ['用地批准与建设用地规划许可（合并办理）', '用地批准与建设用地规划许可（合并办理）'],
    ['占用、挖掘城市道路审批', '占用、挖掘城市道路审批'],
    ['公路审批（涉路施工许可）', '公路审批（涉路施工许可）'],
    ['建设用地预审与选址意见书', '建设用地预审与选址意见书'],
    ['项目审批（立项）', '项目审批（立项）'],
    // A filing's document is no 许可证, and its name is kept rather than guessed (备案证明 or 回执).
    ['企业投资项目备案', '企业投资项目备案'],
    ['房屋市政工程竣工验收备案', '房屋市政工程竣工验收备案'],
    // A 证 inside the parenthesis, or followed by more than the act of issuing, is not the document's name.
    ['某事项审批（含某证）', '某事项审批（含某证）'],
    ['某证核发与变更登记', '某证核发与变更登记'],
    ['construction-permit', 'construction-permit'],
  ])('%s → %s', (matter, document) => {
    expect(permitDocumentName(matter)).toBe(document)
  })
})

describe('every permit item of the bundled catalogues', () => {
  // Region, item, the matter's name, the certificate's title, its 发证机关: the whole mapping, for a reader to see.
  const mapping = bundledDocuments().flatMap((d) => {
    const catalogue = loadCatalogue(d.region.code)
    return catalogue.data.items
      .filter((i) => isPermitItem(i.code))
      .map((i) => {
        const permit = permitOf(catalogue, i.code)
        return `${d.region.code} ${i.code}: ${i.name.zh} → ${permit.title}，${permit.issuer}`
      })
  })

  it('is titled with its document and issued by its deciding department as the region names it', () => {
    expect(mapping).toEqual([
      '000000 land-planning-permit: 建设用地规划许可证核发 → 建设用地规划许可证，自然资源部门',
      '000000 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，人防主管部门',
      '000000 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，自然资源部门',
      '000000 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，住房城乡建设部门',
      '440000 land-planning-permit: 建设用地规划许可证核发 → 建设用地规划许可证，自然资源部门',
      '440000 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，人防主管部门',
      '440000 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，自然资源部门',
      '440000 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，住房城乡建设部门',
      '440600 land-planning-permit: 建设用地规划许可证核发 → 建设用地规划许可证，佛山市自然资源局',
      '440600 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，佛山市人防办',
      '440600 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，佛山市自然资源局',
      '440600 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，佛山市住房城乡建设局',
      '441500 land-planning-permit: 建设用地规划许可证核发 → 建设用地规划许可证，汕尾市自然资源局',
      '441500 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，人防主管部门',
      '441500 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，汕尾市自然资源局',
      '441500 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，汕尾市住房城乡建设局',
      '450000 land-planning-permit: 建设用地规划许可证核发 → 建设用地规划许可证，自然资源部门',
      '450000 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，人防主管部门',
      '450000 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，自然资源部门',
      '450000 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，住房城乡建设部门',
      '450700 land-planning-permit: 用地批准与建设用地规划许可（合并办理） → 用地批准与建设用地规划许可（合并办理），钦州市自然资源局',
      '450700 civil-air-defence-permit: 应建或易地修建防空地下室的民用建筑项目许可 → 应建或易地修建防空地下室的民用建筑项目许可，钦州市国防动员办公室',
      '450700 engineering-planning-permit: 建设工程规划许可证核发 → 建设工程规划许可证，钦州市自然资源局',
      '450700 construction-permit: 建筑工程施工许可证核发 → 建筑工程施工许可证，钦州市住房城乡建设局',
      '450700 utility-planning-permit: 市政接入工程建设工程规划许可 → 市政接入工程建设工程规划许可，钦州市自然资源局',
    ])
  })

  it('never titles a certificate with the act of issuing it', () => {
    expect(mapping.filter((line) => line.split(' → ')[1]?.includes('核发'))).toEqual([])
  })

  it('issues no permit for a filing', () => {
    const filings = bundledDocuments().flatMap((d) =>
      loadCatalogue(d.region.code)
        .data.items.filter((i) => isFiling(i.name.zh))
        .map((i) => i.code),
    )
    expect(filings.length).toBeGreaterThan(0)
    expect(filings.filter(isPermitItem)).toEqual([])
  })
})

describe('permitOf and registrationOfficeOf without the catalogue', () => {
  it('keeps what the task said, and the registration office by its national name', () => {
    const foshan = loadCatalogue('440600')
    expect(permitOf(undefined, 'construction-permit')).toEqual({ title: 'construction-permit' })
    expect(
      permitOf(undefined, 'construction-permit', { itemName: '建筑工程施工许可证核发', departmentName: '住建局' }),
    ).toEqual({ title: '建筑工程施工许可证', issuer: '住建局' })
    // The catalogue, when it has the item, is what the certificate says.
    expect(permitOf(foshan, 'construction-permit', { itemName: 'x', departmentName: 'y' })).toEqual({
      title: '建筑工程施工许可证',
      issuer: '佛山市住房城乡建设局',
    })
    expect(registrationOfficeOf(undefined)).toBe(REGISTRATION_OFFICE)
  })

  it('names, for each region, the department its catalogue gives 不动产首次登记', () => {
    // Foshan's 自然资源部门 completes the first registration (seeds/004_33317a5f04b53a73.txt:2169).
    expect(
      bundledDocuments().map((d) => `${d.region.code} ${registrationOfficeOf(loadCatalogue(d.region.code))}`),
    ).toEqual([
      '000000 不动产登记机构',
      '440000 不动产登记机构',
      '440600 佛山市自然资源局',
      '441500 不动产登记机构',
      '450000 不动产登记机构',
      '450700 不动产登记机构',
    ])
  })
})
