import { providerName } from '../../departments'
import { chineseDate, clockDays } from '../../format'
import { PERMITS } from '../utility/permits'
import { permitsPausedFrom, permitsPauseText } from '../utility/permits-pause'
import type { Status } from './flow-model'

type Hookup = Status['utilities'][number]
type Permit = Hookup['permits'][number]

/** The provider as the owner knows it: 供水单位, 供电单位 …. */
const providerUnit = (u: Hookup) => `${providerName(u.provider)}单位`

/**
 * 容缺受理 (004:1846): the materials the department accepted the permit without that the provider still owes it
 * (容缺后补) — the owner's to know, as its hookup's permit rests on them; none once all are supplied, or on a refused
 * permit, whose round is over.
 */
function owedText(p: Permit, u: Hookup): string {
  const owed = p.status === 'refused' ? [] : (p.deficiencies ?? []).filter((d) => !d.suppliedOn).map((d) => d.name)
  return owed.length > 0 ? `，待${providerUnit(u)}补交容缺材料：${owed.join('、')}` : ''
}

/** One permit as the department left it, for the owner: applied for and waiting, granted (by whom, its 文号), refused. */
function permitState(p: Permit, u: Hookup): string {
  const name = PERMITS[p.kind] ?? p.kind
  switch (p.status) {
    case 'requested':
      // 并联审批: applied to the department on the platform, which decides it there.
      return `${
        p.appliedOn && p.departmentName ? `${name}已申请，由${p.departmentName}在线审批中` : `${name}已申请，审批中`
      }${p.acceptedOn ? `，已于${chineseDate(p.acceptedOn)}容缺受理` : ''}${owedText(p, u)}`
    case 'granted': {
      // 办结（容缺通过）: granted while a material was still owed, which the provider may still owe.
      const by = [p.grantedWithDeficiencies ? '容缺通过' : '', p.departmentName, p.documentNo]
        .filter(Boolean)
        .join('，')
      return `${name}${p.decidedOn ? `已于${chineseDate(p.decidedOn)}` : '已'}准予许可${by ? `（${by}）` : ''}${owedText(p, u)}`
    }
    case 'refused':
      return `${name}不予许可${p.reason ? `（理由：${p.reason}）` : ''}，待${providerUnit(u)}重新申请`
    case 'filed':
      return `${name}已报备`
    default:
      return name
  }
}

/** The day a low-risk line's works plan was filed (报备), when it has been: every permit is filed on the same day. */
const filedOn = (u: Hookup): string | undefined => u.permits.find((p) => p.status === 'filed')?.filedOn

/**
 * 外线审批 of one hookup (报装), in the owner's words: whether its outside line needs the departments' permits at all —
 * exempt by the project's type (非禁免批, Foshan 004:2159), or low-risk and only filed (告知承诺免审批, its plans pushed
 * to the departments in Shanwei 004:1852) — and, where it needs them, whether each was applied for, granted or refused,
 * with the permits' time limit or the day they were all done. The owner applies for none of them: the provider does.
 */
export function hookupPermitText(u: Hookup): string {
  if (u.permitsExemption || u.lowRisk) {
    const why = u.permitsExemption
      ? `免于外线行政审批（${u.permitsExemption.projectTypeName}实行“非禁免批”）`
      : '低风险外线，免于外线行政审批（告知承诺）'
    const day = filedOn(u)
    if (u.worksPlanPush) return `${why}：施工方案已于${chineseDate(u.worksPlanPush.pushedOn)}报备并推送有关部门监管`
    return day ? `${why}：施工方案已于${chineseDate(day)}报备，可以施工` : `${why}：待${providerUnit(u)}报备施工方案`
  }
  if (u.permits.length === 0)
    return u.stage === 'survey' || u.stage === 'plan'
      ? `需办理外线行政审批，由${providerUnit(u)}完成接入方案后申请`
      : '需办理外线行政审批，尚未登记审批事项'
  const states = u.permits.map((p) => permitState(p, u)).join('；')
  if (u.permitsDoneAt) return `需办理外线行政审批：${states}；已于${chineseDate(u.permitsDoneAt)}全部办结`
  // Every permit left refused and back with the provider: the limit is paused, and a due day read now would move on
  // every day until it applies again.
  const pausedFrom = permitsPausedFrom(u.permitsClock)
  if (pausedFrom) return `需办理外线行政审批：${states}；${permitsPauseText(pausedFrom)}`
  const clock = u.permitsClockState
  const limit = clock
    ? `；审批时限至${chineseDate(clock.due)}${clock.overdue ? `，已超时 ${clockDays(clock.overdueBy, clock.limit.unit)}` : ''}`
    : ''
  return `需办理外线行政审批：${states}${limit}`
}
