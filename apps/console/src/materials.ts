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
}

/** A material code's Chinese name; a code no bundled catalogue names (a reviewer may ask for any) is shown as it is. */
export const materialName = (code: string): string =>
  Object.hasOwn(MATERIAL_NAMES, code) ? (MATERIAL_NAMES[code] as string) : code

/** Several materials, as a person reads a list of them: 用地成交确认书、土地使用权出让合同. */
export const materialNames = (codes: readonly string[]): string => codes.map(materialName).join('、')
