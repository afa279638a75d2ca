/**
 * The Chinese names of the departments of the bundled catalogues (packages/catalogue/data), by code: what a page
 * shows where the gateway answers a code alone (an acceptance item, a 补正 request, the signed-in reviewer). The
 * catalogue package reads its YAML with node:fs, so the browser keeps this table; test/departments.unit.test.ts
 * fails when a bundled catalogue names a department this table does not. The national names are generic (a city's
 * catalogue names its bureau, 佛山市自然资源局: the gateway's `departmentName` carries that where it has it).
 */
const NAMES: Readonly<Record<string, string>> = {
  'development-reform': '发展改革部门',
  'natural-resources': '自然资源部门',
  'housing-construction': '住房城乡建设部门',
  'civil-air-defence': '人防主管部门',
  'ecology-environment': '生态环境部门',
  water: '水行政主管部门',
  transport: '交通运输部门',
  'public-security': '公安机关交通管理部门',
  'urban-management': '城市管理部门',
  'government-services-data': '政务服务数据管理部门',
  'real-estate-registration': '不动产登记机构',
  'urban-construction-archive': '城建档案馆',
  'power-supply': '供电企业',
  'water-supply': '供水企业',
  // Named only by a city's catalogue (钦州, 450700).
  'administrative-approval': '行政审批局',
  'telecom-office': '通信管理部门',
}

/** A department code's Chinese name; a code no catalogue bundled here names is shown as it is. */
export const departmentName = (code: string | undefined | null): string =>
  code ? (Object.hasOwn(NAMES, code) ? (NAMES[code] as string) : code) : '—'

/** Every code the table names (for its test). */
/**
 * A department as a project's page names it: by the bureau its tasks carry (the catalogue's 汕尾市自然资源局) where a
 * task of it does, so the timeline, the 补正 notices and the acceptance items say the name the task list says.
 */
export function departmentNamer(status: {
  tasks: ReadonlyArray<{ department: string; departmentName?: string | null }>
}): (code: string) => string {
  const names = new Map<string, string>()
  for (const t of status.tasks) if (t.departmentName) names.set(t.department, t.departmentName)
  return (code) => names.get(code) ?? departmentName(code)
}

export const namedDepartments = (): string[] => Object.keys(NAMES)

/** Every named department as a Select's options: its code, shown by its Chinese name. */
export const departmentOptions = () => namedDepartments().map((d) => ({ value: d, label: departmentName(d) }))

/** A utility provider (市政公用服务单位) as a person names it; `provider` claims and requests carry these codes. */
const PROVIDERS: Readonly<Record<string, string>> = {
  water: '供水',
  power: '供电',
  gas: '供气',
  drainage: '排水',
  telecom: '通信',
}
export const providerName = (code: string): string =>
  Object.hasOwn(PROVIDERS, code) ? (PROVIDERS[code] as string) : code
