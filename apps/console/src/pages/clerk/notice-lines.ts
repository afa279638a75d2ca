import type { FieldProblem } from '../../api'
import { providerName, UTILITY_PROVIDERS } from '../../departments'
import { chineseDate } from '../../format'
import { MATERIAL_NAMES } from '../../materials'
import { fieldText } from '../../problem-text'

/** What the clerk sent, to name by material and item what a refusal's field points at (`/materials/0/code`). */
export type Sent = {
  materials: { code: string }[]
  deficiencies: { code: string; promisedOn: string }[]
  commitments: { item: string }[]
  /** The combined form, whose `utilities` (报装) a line names by the utility of the hookup it points at. */
  form?: Readonly<Record<string, unknown>>
}

/** A problem of a refused application, as the 一次性告知 notice states it to the applicant. */
export type NoticeLine = { field: string; code: string; text: string }

type Named = { materialName(code: string): string; itemName(code: string): string }

/** One problem as a line is worded from it: the material or item its field points at, by name, and what intake said. */
type Problem = {
  field: string
  message: string
  /** The hookups of the form as sent (`form.utilities`), when it was a list. */
  hookups: readonly unknown[]
  /** The material the field points at (sent, owed or missing), by its Chinese name where one is known. */
  material(): string
  /** The item the field points at (a commitment), by its Chinese name. */
  item(): string
}

/** A hookup's fields as the desk's form labels them (intake's domain/utilities.ts reads these). */
const UTILITY_FIELDS: Readonly<Record<string, string>> = {
  lengthM: '外线长度（米）',
  diameterMm: '管径（DN，毫米）',
  voltageKv: '供电电压（千伏）',
  newChannel: '是否新建电缆通道',
  newChannelLengthM: '新建电缆通道长度（米）',
  greenSpaceM2: '临时占用绿地面积（平方米）',
  onMainRoad: '是否涉及城市主干道',
}
const PROVIDERS: ReadonlySet<string> = new Set(UTILITY_PROVIDERS)

/** The fields of the result's delivery as the desk's 结果送达方式 card labels them (intake's domain/result-delivery.ts). */
const DELIVERY_FIELDS: Readonly<Record<string, string>> = {
  recipient: '收件人',
  address: '收件地址',
  phone: '收件人电话',
}

/**
 * `delivery` (结果送达, `INTAKE_DELIVERY_CHOICE_INVALID` at `/delivery/<field>`): a result posted needs its recipient,
 * address and phone, and one collected or delivered online takes no recipient or address — the line says both rules
 * of the field, as the problem's pointer says which field and not which of the two it broke.
 */
function deliveryLine(p: Problem): string {
  const field = /^\/delivery\/(\w+)$/.exec(p.field)?.[1]
  const name = field === undefined ? undefined : DELIVERY_FIELDS[field]
  if (name === undefined) return '结果送达方式填写有误，请核对。'
  if (field === 'phone') return '选择寄递送达的，须填写收件人电话。'
  return `选择寄递送达的，须填写${name}；现场送达和网上送达不填写${name}。`
}

/**
 * `form.utilities` (intake's domain/utilities.ts, every line `INTAKE_UTILITY_INVALID` at `/form/utilities[/<i>[/<field>]]`):
 * the hookup by its utility (供电报装) or else its place in the list, the field by its name — never the pointer or
 * the English.
 */
function utilityLine(p: Problem): string {
  const at = /^\/form\/utilities(?:\/(\d+)(?:\/(.+))?)?$/.exec(p.field)
  if (!at?.[1]) return '市政公用服务报装信息填写有误：应逐项列明所需报装的类别及外线情况。'
  const i = Number(at[1])
  const sent = p.hookups[i]
  const provider = typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>)['provider'] : undefined
  const field = at[2]
  const hookup =
    typeof provider === 'string' && PROVIDERS.has(provider) && field !== 'provider'
      ? `${providerName(provider)}报装`
      : `市政公用服务报装第 ${i + 1} 项`
  if (field === undefined) return `${hookup}填写有误，请按报装类别重新填写。`
  if (field === 'provider') {
    const twice = /^(.+) is named more than once$/.exec(p.message)
    return twice && PROVIDERS.has(twice[1] as string)
      ? `${hookup}：${providerName(twice[1] as string)}报装重复填写，每类报装只填写一项。`
      : `${hookup}：报装类别须为供水、供电、供气、排水或通信。`
  }
  const label = UTILITY_FIELDS[field]
  if (!label) return `${hookup}含有不属于报装信息的内容，请删除后重新填写。`
  if (/true or false/.test(p.message)) return `${hookup}：“${label}”须填写是或否。`
  const max = /from 0 to (\d+)$/.exec(p.message)?.[1]
  return max ? `${hookup}：${label}须为 0 至 ${max} 之间的数值。` : `${hookup}：“${label}”填写有误。`
}

/** 区域评估: intake names the area's result that stands for the material (domain/application.ts). */
const COVERED = /^".*" is not asked: area (.+)'s (.+) result \((.*), (\d{4}-\d{2}-\d{2})\) stands for it$/
/** 中介服务: intake names the intermediary that delivered the report (domain/application.ts). */
const DELIVERED = /^".*" is not asked: (.+) delivered it \((.*), (\d{4}-\d{2}-\d{2})\) for (.+)$/
/** 告知承诺 bar: intake names the last day the owner is barred (domain/application.ts). */
const BARRED_UNTIL = /until (\d{4}-\d{2}-\d{2})/

/**
 * A line of its own for every problem intake lists when it refuses to open an application (422
 * `INTAKE_APPLICATION_INCOMPLETE`, `decideOpening` in services/intake/src/domain/application.ts and `readUtilities` in
 * utilities.ts): test/notice-lines.unit.test.ts reads those codes from intake's sources and fails when one has none.
 */
const LINES: Readonly<Record<string, (p: Problem) => string>> = {
  INTAKE_MATERIAL_MISSING: (p) => `缺少必要材料《${p.material()}》，请补齐后一并提交。`,
  INTAKE_MATERIAL_UNKNOWN: (p) => `材料“${p.material()}”不属于本环节的申请材料，无需提交。`,
  INTAKE_MATERIAL_DUPLICATE: (p) => `材料《${p.material()}》重复提交，或既提交又申请容缺。`,
  INTAKE_MATERIAL_COVERED_BY_AREA: (p) => {
    const by = COVERED.exec(p.message)
    return by
      ? `材料《${p.material()}》无需提交：项目所在的${by[1]}已有区域评估成果（${by[3]}，${chineseDate(by[4])}出具），审批部门直接共享使用。`
      : `材料《${p.material()}》无需提交：项目所在区域的区域评估成果已涵盖该项，审批部门直接共享使用。`
  },
  INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY: (p) => {
    const by = DELIVERED.exec(p.message)
    return by
      ? `材料《${p.material()}》无需提交：中介机构${by[1]}已于${chineseDate(by[3])}交付该成果（${by[2]}），审批部门直接共享使用。`
      : `材料《${p.material()}》无需提交：项目选定的中介机构已交付该成果，审批部门直接共享使用。`
  },
  INTAKE_DEFICIENCY_NOT_ALLOWED: (p) => `材料《${p.material()}》不适用容缺受理，须当场提交。`,
  INTAKE_PROMISED_DATE_NOT_FUTURE: (p) => `材料《${p.material()}》的承诺补交日期须晚于受理当日。`,
  // 失信 (004:2235): the same code refuses 容缺 at /deficiencies and 告知承诺 at /commitments.
  INTAKE_OWNER_ON_DISHONESTY_LIST: (p) =>
    p.field.startsWith('/commitments')
      ? '建设单位列入失信名单，不适用告知承诺，相关事项须按一般程序审查。'
      : '建设单位列入失信名单，不适用容缺受理，须提交全部材料。',
  // 告知承诺 bar (004:1860 禁止选择告知承诺): a department found an earlier commitment not kept and barred the owner.
  INTAKE_OWNER_BARRED_FROM_COMMITMENT: (p) => {
    const until = BARRED_UNTIL.exec(p.message)?.[1]
    return `建设单位此前作出的告知承诺经核查未履行，${until ? `至${chineseDate(until)}（含当日）` : '目前'}不得选择告知承诺，相关事项须按一般程序审查。`
  },
  INTAKE_COMMITMENT_NOT_ALLOWED: (p) => `事项“${p.item()}”不适用告知承诺。`,
  INTAKE_COMMITMENT_ITEM_NOT_IN_STEP: (p) => `事项“${p.item()}”不属于本环节。`,
  INTAKE_COMMITMENT_DUPLICATE: (p) => `事项“${p.item()}”重复作出告知承诺。`,
  INTAKE_UTILITY_INVALID: utilityLine,
  // 报装 goes to the providers with the desk's contact (intake's readContact): the name bounded, the phone a phone
  // number as the result-delivery phone is.
  INTAKE_CONTACT_INVALID: (p) =>
    p.field === '/form/phone'
      ? '联系电话填写有误：须为有效的电话号码（数字、空格、连字符，至多 25 位），供市政公用服务单位联系踏勘、接入。'
      : '申请联系人填写有误：须为 1 至 100 个字符，供市政公用服务单位联系踏勘、接入。',
  INTAKE_DELIVERY_CHOICE_INVALID: deliveryLine,
  // 后续事项 on facts stated (004:1814): the desk sends 是 / 否 only, so this is a client other than the desk's.
  INTAKE_STATED_FACT_INVALID: () => '申报时声明的事实须为“是”或“否”（如建筑物门口朝向是否已确定）。',
}

/** The codes the notice words with a line of their own. */
export const NOTICE_LINE_CODES: ReadonlySet<string> = new Set(Object.keys(LINES))

const CHINESE = /[\u4e00-\u9fff]/

/**
 * Every problem intake listed (422 INTAKE_APPLICATION_INCOMPLETE: one line per missing or invalid item, all at once)
 * as a sentence in Chinese naming the material or item. A problem of a code the desk has no line for (one intake adds
 * later) is still listed, never left out: by the material or item it points at, with intake's message where its shape
 * has Chinese (problem-text.ts `fieldText`) — never the field's pointer, the code or the English.
 */
export function noticeLines(errors: readonly (FieldProblem & { code?: string })[], sent: Sent, named: Named) {
  // A material the checklist no longer lists (one the project's area covers) is named by the bundled catalogues.
  const materialName = (code: string) => {
    const name = named.materialName(code)
    return name === code && Object.hasOwn(MATERIAL_NAMES, code) ? (MATERIAL_NAMES[code] as string) : name
  }
  const utilities = sent.form?.['utilities']
  const hookups: readonly unknown[] = Array.isArray(utilities) ? utilities : []
  return errors.map((e): NoticeLine => {
    const code = e.code ?? ''
    const message = typeof e.message === 'string' ? e.message : ''
    const at = (list: 'materials' | 'deficiencies' | 'commitments') => {
      const match = new RegExp(`^/${list}/(\\d+)`).exec(e.field)
      return match ? Number(match[1]) : undefined
    }
    const materialCode = () => {
      const missing = /^\/materials\/([^/]+)$/.exec(e.field)
      if (missing && !/^\d+$/.test(missing[1] as string)) return missing[1] as string
      const i = at('materials')
      if (i !== undefined) return sent.materials[i]?.code ?? ''
      const d = at('deficiencies')
      return d !== undefined ? (sent.deficiencies[d]?.code ?? '') : ''
    }
    const itemCode = () => {
      const i = at('commitments')
      return i !== undefined ? (sent.commitments[i]?.item ?? '') : ''
    }
    const problem: Problem = {
      field: e.field,
      message,
      hookups,
      material: () => materialName(materialCode()),
      item: () => named.itemName(itemCode()),
    }
    const line = Object.hasOwn(LINES, code) ? LINES[code] : undefined
    const text = line ? line(problem) : otherLine(problem, materialCode(), itemCode())
    return { field: e.field, code, text }
  })
}

/** A problem of a code without a line of its own: what it concerns, and intake's message where it reads in Chinese. */
function otherLine(p: Problem, material: string, item: string): string {
  const what = material ? `材料《${p.material()}》` : item ? `事项“${p.item()}”` : '申请内容'
  const said = fieldText(p.message)
  return CHINESE.test(said) ? `${what}：${said}` : `${what}不符合要求，请向窗口工作人员咨询需补正的内容。`
}
