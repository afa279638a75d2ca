import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
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
  'traffic-organisation': '占道施工交通组织方案审核',
}
export const PERMIT_STATUS: Record<Permit['status'], string> = {
  filed: '已报备',
  requested: '审批中',
  granted: '准予许可',
  refused: '不予许可',
}

/**
 * 并联审批: a permit applied, on the platform, to the department its region's catalogue names — that department
 * decides it in its inbox (外线审批), and the provider records nothing.
 */
export const onPlatform = (p: Permit): boolean => p.appliedOn !== undefined && p.department !== undefined

/**
 * A permit whose decision the provider records from the department's paper: one applied for before departments
 * decided on the platform, or where no catalogue names its department — requested, or refused and applied for anew.
 */
export const decidable = (p: Permit) => !onPlatform(p) && (p.status === 'requested' || p.status === 'refused')

/** A permit its department refused on the platform: the provider changes its plan and applies again. */
export const reapplicable = (p: Permit) => onPlatform(p) && p.status === 'refused'

/** 由<部门名>在线审批: who decides a permit on the platform. */
export const onlineText = (p: Permit): string =>
  `由${p.departmentName ?? (p.department ? departmentName(p.department) : '审批部门')}在线审批`

const decided = (p: Permit) => p.status === 'granted' || p.status === 'refused'

/** The bureau as the service kept it, else the department's generic name; a filing or a pending permit has none. */
export function departmentText(p: Permit): string {
  if (onPlatform(p)) return p.departmentName ?? departmentName(p.department ?? '')
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
  if (onPlatform(p)) return platformNote(p)
  if (p.status === 'refused') return `不予许可理由：${p.reason ?? '未登记'}`
  if (p.status === 'filed' && exemption) return `${exemption.projectTypeName}非禁免批，报备施工方案后即可施工`
  if (p.status === 'filed') return '告知承诺免审批，报备施工方案后即可施工'
  return ''
}

/**
 * 容缺受理 — the materials a permit's department accepted it without that the provider still owes (容缺后补); none on a
 * refused permit, whose round is over (a re-application is accepted afresh).
 */
export const owedMaterials = (p: Permit): string[] =>
  p.status === 'refused' ? [] : (p.deficiencies ?? []).filter((d) => !d.suppliedOn).map((d) => d.name)

/**
 * The permit's 容缺受理 in words: the day, what is still owed (待补交) and what was supplied when. No time to supply them
 * is said: no seed sets one. Empty when it was accepted whole, and on a refused permit.
 */
export function deficiencyText(p: Permit): string {
  if (!p.acceptedOn || !p.deficiencies || p.status === 'refused') return ''
  const owed = owedMaterials(p)
  const supplied = p.deficiencies.flatMap((d) => (d.suppliedOn ? [`${d.name}（${chineseDate(d.suppliedOn)}）`] : []))
  return [
    `${chineseDate(p.acceptedOn)}容缺受理`,
    owed.length > 0 ? `待补交材料：${owed.join('、')}` : '容缺材料已全部补交',
    supplied.length > 0 ? `已补交：${supplied.join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；')
}

/** 准予许可, or 准予许可（容缺通过） — granted while a material was still owed (national 办结（容缺通过）). */
export const grantedText = (p: Permit): string => `准予许可${p.grantedWithDeficiencies ? '（容缺通过）' : ''}`

/** A permit's state in a word, 容缺通过 said where it was granted so. */
export const permitStatusText = (p: Permit): string =>
  p.status === 'granted' ? grantedText(p) : PERMIT_STATUS[p.status]

/** A permit decided on the platform, as the provider's row says it: who decides, since when, and what came of it. */
function platformNote(p: Permit): string {
  const deficiencies = deficiencyText(p)
  return deficiencies ? `${platformDecision(p)}。${deficiencies}` : platformDecision(p)
}

function platformDecision(p: Permit): string {
  const applied = p.appliedOn ? `，${chineseDate(p.appliedOn)}${p.reapplication ? '重新' : ''}申请` : ''
  const again = p.reapplication ? `（已调整方案：${p.reapplication.change}）` : ''
  switch (p.status) {
    case 'requested':
      return `${onlineText(p)}${applied}，审批中${again}`
    case 'granted':
      return `${onlineText(p)}，已${grantedText(p)}`
    case 'refused':
      return `${onlineText(p)}，不予许可理由：${p.reason ?? '未登记'}；请调整方案后重新申请`
    default:
      return onlineText(p)
  }
}

/** The line as the provider's and the department's lists say it: length, diameter, and what else it touches. */
export function lineOf(r: Pick<RequestList['requests'][number], 'line'>): string {
  const l = r.line
  return [
    `长度 ${l.lengthM} 米`,
    l.diameterMm !== undefined ? `管径 DN${l.diameterMm}` : undefined,
    l.voltageKv !== undefined ? `电压 ${l.voltageKv} 千伏` : undefined,
    l.greenSpaceM2 !== undefined ? `占绿 ${l.greenSpaceM2} 平方米` : undefined,
    l.onMainRoad ? '涉及主干道' : undefined,
    // 用地清单: the hookup works from the connection point the plot's list published (docs/shared-results.md).
    l.connectionPoint
      ? `接驳点 ${l.connectionPoint.point}（用地清单 ${l.connectionPoint.plotCode}：${l.connectionPoint.requirement}）`
      : undefined,
  ]
    .filter(Boolean)
    .join('，')
}
