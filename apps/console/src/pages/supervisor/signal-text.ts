import { suspensionKinds } from '@onewindow/workdays'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

export type SignalsAnswer = paths['/api/v1/supervision/signals']['get']['responses'][200]['content']['application/json']
export type Signal = SignalsAnswer['signals'][number]
export type DepartmentFigure = SignalsAnswer['departments'][number]
export type SignalKind = Signal['kind'] | DepartmentFigure['kind']

/** Each kind's name, in the order the filter lists them. */
export const SIGNAL_NAMES: Record<SignalKind, string> = {
  'late-acceptance': '超期受理',
  'late-supplement': '临期补正',
  'repeated-supplement': '多次补正',
  'late-special-procedure': '临期启动特别程序',
  'special-procedure-overrun': '特别程序超时',
  'decided-overdue': '超期办结未延长',
  'department-over-limit': '部门用时超承诺',
}

const unitName = (unit: string | undefined) => (unit === 'N' ? '个自然日' : '个工作日')
const procedureName = (kind: string | undefined) =>
  kind && kind in suspensionKinds ? suspensionKinds[kind as keyof typeof suspensionKinds].zh : '特别程序'
const percent = (share: number | undefined) => (share === undefined ? '' : `（${Math.round(share * 100)}%）`)

/**
 * 行政许可法第三十二条 (law/xingzheng-xuke-fa.txt:8, with Art. 82's working days, :7): the five days are the limit for
 * the one notice of what is missing (一次性告知), not for accepting; not told in time, the application counts as
 * accepted from the day it was received. `acceptedOn` is the day the platform recorded the acceptance (the signal's
 * event), not the day the law accepts it from.
 */
const ACCEPTANCE_RULE =
  '法定：当场或 5 个工作日内一次性告知需补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理'

function lateAcceptanceText(e: Signal['evidence']): string {
  const received = chineseDate(e.receivedOn)
  const apart = `相隔 ${e.workingDays ?? '—'} 个工作日`
  if (e.acceptedBy === 'law') {
    return `${received}接件，5 个工作日内未受理也未一次性告知补正，依法自接件之日（${received}）起视为受理；平台于${chineseDate(e.acceptedOn)}记录受理，${apart}`
  }
  return `${received}接件，${chineseDate(e.acceptedOn)}受理，${apart}（${ACCEPTANCE_RULE}）`
}

/** What makes the case, in one Chinese sentence, from the signal's evidence (never the gateway's English). */
export function evidenceText(s: Signal): string {
  const e = s.evidence
  const unit = unitName(e.limit?.unit)
  const used = e.limit ? `时限已用 ${e.used ?? '—'}/${e.limit.value} ${unit}${percent(e.share)}` : ''
  switch (s.kind) {
    case 'late-acceptance':
      return lateAcceptanceText(e)
    case 'late-supplement':
      return `${chineseDate(e.on)}提出第 ${e.rounds ?? '—'} 轮补正，${used}，期限${chineseDate(e.dueOn)}`
    case 'repeated-supplement':
      return `同一事项第 ${e.rounds ?? '—'} 轮补正（${chineseDate(e.on)}提出），应一次性告知`
    case 'late-special-procedure':
      return `${chineseDate(e.on)}启动${procedureName(e.procedure)}，${used}，期限${chineseDate(e.dueOn)}`
    case 'special-procedure-overrun':
      return `${procedureName(e.procedure)}自${chineseDate(e.on)}起已用 ${e.used ?? '—'} ${unit}，超过其时限${e.limit ? ` ${e.limit.value} ${unit}` : ''}`
    case 'decided-overdue':
      return `${chineseDate(e.on)}办结，期限${chineseDate(e.dueOn)}，超期 ${e.overdueBy ?? '—'} ${unit}，未办理延长`
    default:
      return '—'
  }
}

/** A department's figure over the period, in one sentence. */
export const departmentText = (d: DepartmentFigure) =>
  `${departmentName(d.department)}办理${d.itemName ?? d.item}：${d.decided} 件的中位用时 ${d.medianNet} 个工作日，超过承诺时限 ${d.committedLimit} 个工作日`
