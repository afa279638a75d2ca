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

/**
 * The utilities a hookup may be asked of (contracts' UtilityProvider), in the order the desk lists them: the one list of
 * them the console keeps (bounds.ts and the desk's notice lines read it; test/bounds.unit.test.ts holds it to the
 * contract's).
 */
export const UTILITY_PROVIDERS = ['water', 'drainage', 'power', 'gas', 'telecom'] as const
export type UtilityProvider = (typeof UTILITY_PROVIDERS)[number]

/**
 * A utility provider (市政公用服务单位) as a person names it; `provider` claims, requests and a plot's connection
 * points carry these codes. 通信, not 通讯: the seeds say 通信 of the hookups wherever they list them (004:1786,
 * 004:2139, 004:2193) and 通讯 once only, of the plot list (004:2263), and one thing has one name on every page.
 */
const PROVIDERS: Readonly<Record<UtilityProvider, string>> = {
  water: '供水',
  drainage: '排水',
  power: '供电',
  gas: '供气',
  telecom: '通信',
}
export const providerName = (code: string): string =>
  Object.hasOwn(PROVIDERS, code) ? (PROVIDERS[code as UtilityProvider] as string) : code

/**
 * The utilities a plot's list names a connection point of (contracts' ConnectionUtility): 供水、供电、供气、通讯连接点
 * (004:2263) — no 排水, which the land list does not publish.
 */
export const CONNECTION_UTILITIES = ['water', 'power', 'gas', 'telecom'] as const satisfies readonly UtilityProvider[]

/** Utility codes as a Select's options, shown by the provider's name. */
export const providerOptions = (codes: readonly string[]) =>
  codes.map((value) => ({ value, label: providerName(value) }))
