/**
 * The Chinese names of the materials of the bundled catalogues (packages/catalogue/data), by code: what a page shows
 * where the gateway answers a code alone (a 补正 request, an owner's answer). The catalogue package reads its YAML with
 * node:fs, so the browser keeps this table; test/materials.unit.test.ts fails when a bundled catalogue names a
 * material this table does not, or names it otherwise.
 */
export const MATERIAL_NAMES: Readonly<Record<string, string>> = {
  'construction-contract': '施工合同',
  'construction-drawings': '施工图设计文件',
  'construction-drawings-uploaded': '施工图设计文件（上传省施工图审查管理系统）',
  'design-scheme': '建设工程设计方案',
  'land-price-commitment': '按期缴交地价款承诺书',
  'land-sale-confirmation': '用地成交确认书',
  'land-transfer-contract': '土地使用权出让合同',
  'renovation-scheme': '改造方案',
  'works-plan': '施工方案',
  // 区域评估: the assessment reports a step asks for where no area covers them (intake's assessment-catalogue.ts), on an
  // item's service guide with its catalogue materials.
  'climate-feasibility-study': '气候可行性论证报告',
  'cultural-relics-assessment': '考古调查勘探及文物影响评估报告',
  'energy-saving-report': '节能报告',
  'environmental-impact-report': '环境影响报告',
  'flood-impact-assessment': '洪水影响评价报告',
  'geological-hazard-assessment': '地质灾害危险性评估报告',
  'lightning-risk-assessment': '雷电灾害风险评估报告',
  'overlying-minerals-assessment': '压覆重要矿产资源评估报告',
  'seismic-safety-evaluation': '地震安全性评价报告',
  'soil-water-conservation-scheme': '水土保持方案',
  'water-resources-study': '水资源论证报告',
}

/** A material code's Chinese name; a code no bundled catalogue names (one asked before guides were pinned) is shown as it is. */
export const materialName = (code: string): string =>
  Object.hasOwn(MATERIAL_NAMES, code) ? (MATERIAL_NAMES[code] as string) : code

/** Several materials, as a person reads a list of them: 用地成交确认书、土地使用权出让合同. */
export const materialNames = (codes: readonly string[]): string => codes.map(materialName).join('、')
