import { departmentName } from '../../departments'
import type { paths } from '../../generated/api'

type RequestList = paths['/api/v1/utility-requests']['get']['responses'][200]['content']['application/json']
export type Permit = RequestList['requests'][number]['permits'][number]
/** 非禁免批 of the project's type, as the request records it (its type, the type's name, the seed line). */
export type PermitsExemption = NonNullable<RequestList['requests'][number]['permitsExemption']>

/** The regime's tag on a request whose project type exempts its outside lines, whatever their measures. */
export const EXEMPT_MODE = '非禁免批（免于外线行政审批）'

/**
 * Why such a request asks no department: the type's 非禁免批, in the words of the seed line it cites (Foshan's simple
 * low-risk projects, 004:2159) — the line's length or diameter does not enter into it.
 */
export const exemptionText = (e: PermitsExemption): string =>
  `${e.projectTypeName}的外线工程实行“非禁免批”，不需办理项目规划、施工、占用挖掘道路、临时占用城市绿地等行政许可，` +
  '报备施工方案后即可施工，不论管线长度、管径'

/** The permits' Chinese names. */
export const PERMITS: Record<Permit['kind'], string> = {
  'road-excavation': '占用挖掘道路许可',
  'green-space': '临时占用绿地许可',
  'road-related': '涉路施工许可',
}
export const PERMIT_STATUS: Record<Permit['status'], string> = {
  filed: '已报备',
  requested: '审批中',
  granted: '准予许可',
  refused: '不予许可',
}

/** A permit still waiting on its department: requested, or refused and applied for anew. */
export const decidable = (p: Permit) => p.status === 'requested' || p.status === 'refused'

const decided = (p: Permit) => p.status === 'granted' || p.status === 'refused'

/** The bureau as the service kept it, else the department's generic name; a filing or a pending permit has none. */
export function departmentText(p: Permit): string {
  if (!decided(p)) return '—'
  return p.departmentName ?? (p.department ? departmentName(p.department) : '未登记')
}

/** A permit granted before decisions were recorded has no 文号: said so, not left blank. */
export function documentNoText(p: Permit): string {
  if (p.documentNo) return p.documentNo
  return decided(p) ? '未登记文号' : '—'
}

/** What else the row says: a refusal's reason, or that a filed line may start, and under which regime. */
export function noteText(p: Permit, exemption?: PermitsExemption): string {
  if (p.status === 'refused') return `不予许可理由：${p.reason ?? '未登记'}`
  if (p.status === 'filed' && exemption) return `${exemption.projectTypeName}非禁免批，报备施工方案后即可施工`
  if (p.status === 'filed') return '告知承诺免审批，报备施工方案后即可施工'
  return ''
}
