import { departmentName } from './departments'
import { chineseDate, phaseText } from './format'
import { type DecisionWords, decisionWords, LICENCE_WORDS } from './pages/reviewer/decision-words'
import { PERMITS } from './pages/utility/permits'

/**
 * A timeline entry as a person reads it, in Chinese. The gateway's `summary` is English (the CLI's and the tests'
 * words), so the sentence is chosen by the entry's `type` (services/gateway/src/domain/projectors.ts: one per
 * projector); a detail only the English summary carries is left out. test/timeline.unit.test.ts fails when a
 * projector's type has no sentence here.
 */
const SENTENCES: Readonly<Record<string, string>> = {
  'project.registered': '项目已登记',
  'application.accepted': '申请已受理',
  'application.received': '申请已接件，待受理',
  'application.receipt-withdrawn': '申请已撤件',
  'application.receipt-noticed': '已一次性告知需补充的材料',
  'application.receipt-answered': '建设单位已按告知补充材料，待窗口决定是否受理',
  'application.refused': '申请不予受理',
  'deficiency.cured': '容缺材料已补交',
  'deficiency.overdue': '容缺材料逾期未补交',
  'application.certificate-released': '本环节证照已发放',
  'application.result-delivery': '办理结果送达状态已更新（网上送达、待领取、待寄出、已领取、已寄出或已签收）',
  // 网上预约 (docs/intake.md#booking-the-window-网上预约): the day, slot and step follow from the entry's `booking`.
  'booking.booked': '已网上预约窗口办理',
  'booking.cancelled': '网上预约已取消（主动放弃）',
  'booking.attended': '已按网上预约到窗口办理，申请已接件',
  'booking.missed': '网上预约未到：预约时段结束时未到窗口办理',
  'task.assigned': '审批任务已分派至部门',
  'task.claimed': '部门已认领审批任务',
  'task.supplement-requested': '部门要求补正，暂停计时',
  'task.supplement-provided': '补正材料已提交，恢复计时',
  'task.special-procedure-started': '特别程序开始，暂停计时',
  'task.special-procedure-ended': '特别程序结束，恢复计时',
  'task.decided': '部门已作出审批决定',
  'task.withdrawn': '申请已撤回，审批任务终止',
  'task.revoked': '许可已撤销',
  'task.clock-paused': '牵头部门发出补正告知，本环节暂停计时',
  'task.clock-resumed': '补正告知已答复，本环节恢复计时',
  'task.commitment-kept': '告知承诺核查：守诺',
  'task.commitment-breached': '告知承诺核查：违诺',
  'task.rectification-reported': '建设单位报告整改完成，待部门确认',
  'task.rectification-reviewed': '部门已确认整改情况',
  'task.rectification-overdue': '逾期未整改',
  'task.commitment-overdue': '告知承诺逾期未核查',
  'task.deficiency-overdue': '容缺材料逾期未补交，已告知审批部门',
  'step.lead-alerted': '审批时限临近，已提醒牵头部门',
  'task.extended': '法定时限已依法延长',
  'task.supervised': '监督部门督办审批任务，或部门回复督办',
  'task.supervision-overdue': '督办逾期未回复',
  'task.clock-warned': '审批时限临近（黄灯）',
  'task.clock-overdue': '审批已超期（红灯）',
  'step.extended': '本环节法定时限已依法延长',
  'step.clock-warned': '本环节时限临近（黄灯）',
  'step.clock-overdue': '本环节已超期（红灯）',
  'step.clocks-changed': '本环节计时已更新',
  'flow.clock-changed': '全流程时限已更新',
  'flow.clock-warned': '全流程时限临近（黄灯）',
  'flow.clock-overdue': '全流程已超期（红灯）',
  'supplement-notice.issued': '补正告知已发出',
  'step.decided': '本环节审批已办结',
  'application.withdrawn': '申请已撤回',
  'issue-clock.started': '制证发证计时开始',
  'issue-clock.stopped': '证照已制发，发证计时结束',
  'issue-clock.warned': '发证时限临近（黄灯）',
  'issue-clock.overdue': '发证已超期（红灯）',
  'acceptance.started': '联合验收已启动',
  'acceptance.inspection-scheduled': '联合验收现场查验已安排',
  'acceptance.opinion-recorded': '验收部门已提出意见',
  'acceptance.rectification-submitted': '整改材料已提交',
  'acceptance.passed': '联合验收通过',
  'acceptance.failed': '联合验收未通过',
  'acceptance.clock-warned': '联合验收时限临近（黄灯）',
  'acceptance.clock-overdue': '联合验收已超期（红灯）',
  'acceptance.commitment-kept': '验收告知承诺核查：守诺',
  'acceptance.commitment-breached': '验收告知承诺核查：违诺',
  'acceptance.commitment-overdue': '验收告知承诺逾期未核查',
  'acceptance.result-recorded': '验收部门已出具结果物',
  'acceptance.filing-issued': '竣工验收备案表已出具',
  'acceptance.pass-revoked': '告知承诺违诺依法撤销，联合验收意见书及竣工验收备案表已撤回',
  'acceptance.commitment-rectification-reported': '建设单位报告验收告知承诺整改完成，待验收部门确认',
  'acceptance.commitment-rectification-reviewed': '验收部门已确认告知承诺整改情况',
  'acceptance.commitment-rectification-overdue': '验收告知承诺逾期未整改',
  'acceptance.commitment-rectification-escalated': '验收告知承诺逾期未整改，验收部门已采取进一步措施',
  'utility.opened': '市政公用报装已受理',
  'utility.advanced': '市政公用报装进入下一阶段',
  'utility.connected': '市政公用设施已接通',
  'utility.permits-clock-warned': '外线行政审批时限临近（黄灯）',
  'utility.permits-clock-overdue': '外线行政审批已超期（红灯）',
  'utility.works-plan-pushed': '外线工程告知承诺免审批，施工方案已推送有关部门',
  'utility.restoration-declared': '市政公用单位已报修复完成',
  'utility.restoration-reviewed': '有关部门已作出修复验收意见',
  'joint-survey.proposed': '市政公用单位已约定联合踏勘',
  'joint-survey.cancelled': '市政公用单位已取消联合踏勘',
  'joint-survey.confirmed': '市政公用单位已确认参加联合踏勘',
  'registration.pre-survey-started': '不动产首次登记预核验已开始',
  'registration.pre-survey-passed': '不动产首次登记预核验已通过',
  'registration.opened': '不动产首次登记已受理',
  'registration.completed': '不动产首次登记已办结',
  'registration.acceptance-results-updated': '不动产登记已在线获取验收结果',
  'registration.clock-warned': '不动产登记时限临近（黄灯）',
  'registration.clock-overdue': '不动产登记已超期（红灯）',
  'certificate.issued': '证照已签发',
  'certificate.revoked': '证照已注销',
  'objection.raised': '使用部门对证照提出异议',
  'objection.answered': '签发部门已答复证照异议',
  'intake.due-moved': '节假日安排公布，受理时限到期日已调整',
  'approval.due-moved': '节假日安排公布，审批时限到期日已调整',
  'acceptance.due-moved': '节假日安排公布，联合验收到期日已调整',
  'utility.due-moved': '节假日安排公布，报装时限到期日已调整',
  'registration.due-moved': '节假日安排公布，登记时限到期日已调整',
  // 好差评 (issue 17 part 6)
  'rating.given': '建设单位已对部门办理作出评价',
  'rating.replied': '部门已就差评整改并反馈',
  'rating.fix-overdue': '差评整改反馈已逾期',
  // 联合审图 and 多测合一 (docs/shared-results.md).
  'drawing-review.submitted': '施工图已提交联合审查',
  'drawing-review.commented': '审查机构已出具施工图审查意见，待修改后重新提交',
  'drawing-review.report-issued': '审查机构已出具联合审图报告（消防、人防、通信）',
  'drawing-review.relied-on': '审批部门已依据联合审图报告作出决定',
  'drawing-review.clock-warned': '施工图审查时限临近（黄灯）',
  'drawing-review.clock-overdue': '施工图审查已超期（红灯）',
  'survey.commissioned': '已委托测绘单位（多测合一）',
  'survey.completed': '测绘成果已提交，各部门共享使用',
  // 工程质量安全监督 双随机、一公开 (004:1856): only the recorded result reaches the owner's timeline.
  'quality-inspection.recorded': '工程质量安全监督检查（双随机）结果已公开',
  'assisted-case.opened': '已开通帮办代办服务（无偿）',
  'assisted-case.acted': '帮办人员代表建设单位办理',
  'assisted-case.visit-scheduled': '已安排跟踪回访',
  'assisted-case.visit-due': '跟踪回访已到期',
  'assisted-case.visit-recorded': '已记录跟踪回访',
  'assisted-case.closed': '帮办代办服务已结束，未完成的跟踪回访随之终止',
  'intermediary.engaged': '建设单位已自主选择中介服务机构',
  'intermediary.delivered': '中介服务机构已提交成果',
  'intermediary.overdue': '中介服务已超过服务时限',
  'project.area-linked': '项目已关联区域评估成果',
  'project.plot-linked': '项目已关联用地清单',
  // 12345 热线工单 about the project (services/gateway/src/domain/tickets.ts; a 举报 never reaches the timeline).
  'ticket.registered': '12345 热线工单已登记',
  'ticket.dispatched': '12345 热线工单已派至承办单位',
  'ticket.accepted': '承办单位已签收 12345 热线工单',
  'ticket.returned': '承办单位申请退回 12345 热线工单',
  'ticket.return-decided': '热线中心已审核退回申请',
  'ticket.hard': '12345 热线工单列为疑难工单',
  'ticket.extended': '12345 热线工单办理期限已延期',
  'ticket.restarted': '诉求人补充新情况，热线工单重新计时',
  'ticket.information-added': '诉求人已补充信息',
  'ticket.supplement-requested': '热线中心通知诉求人补充信息',
  'ticket.contributed': '协办单位已提交 12345 热线工单协办意见',
  'ticket.replied': '承办单位已答复 12345 热线工单',
  'ticket.reviewed': '热线中心已审核办理情况',
  'ticket.rated': '诉求人已评价 12345 热线工单',
  'ticket.reception-rated': '诉求人已评价 12345 热线受理服务',
  'ticket.return-visited': '热线中心已回访',
  'ticket.rehandling-opened': '12345 热线工单再次办理',
  'ticket.duty-statement': '承办单位已提交履职尽责意见',
  'ticket.supervised': '12345 热线工单督办',
  'ticket.rectification-letter-issued': '12345 热线向承办单位发出整改函',
  'ticket.rectification-letter-answered': '承办单位已回复整改情况',
  'ticket.referred': '12345 热线已移交线索',
  'ticket.long-term': '12345 热线工单列为长期推进事项',
  'ticket.withdrawn': '诉求人已撤回 12345 热线工单',
  'ticket.closed': '12345 热线工单已办结',
  'ticket.warned': '12345 热线工单时限临近（黄灯）',
  'ticket.overdue': '12345 热线工单已超时（红灯）',
  'ticket.due-moved': '节假日安排公布，热线工单到期日已调整',
}

/**
 * The owner's acts a case's helper did for it (帮办代办): the event carries `onBehalfOf`, and the gateway's entry the
 * helper as its `actor` (`helper:<sub>`), so the sentence says who acted for whom, not that the owner did.
 */
const ON_BEHALF: Record<string, string> = {
  'supplement-notice.answered': '帮办人员已代建设单位答复补正告知',
  'application.receipt-answered': '帮办人员已代建设单位按告知补充材料，待窗口决定是否受理',
  'application.receipt-withdrawn': '帮办人员已代建设单位撤件',
  'deficiency.cured': '帮办人员已代建设单位补交容缺材料',
}

/** 证照异议 the holder (权利人) raised on its own property certificate, not a using department (`raiser: owner`). */
const BY_OWNER: Record<string, string> = {
  'objection.raised': '建设单位对不动产权证书提出异议',
  'objection.answered': '不动产登记机构已答复建设单位对不动产权证书的异议',
}

/**
 * 证照异议 the registration office raised on a permit it uses when it registers (`raiser: registration-office`): a
 * 使用部门 in 004:1134's sense, but the owner and the issuing department read who it was.
 */
const BY_REGISTRATION_OFFICE: Record<string, string> = {
  'objection.raised': '不动产登记机构对证照提出异议',
  'objection.answered': '签发部门已答复不动产登记机构的证照异议',
}

/** 逾期未整改's further measure (004:1860 依法撤销许可、禁止选择告知承诺), by the gateway's `outcome` of its entry. */
const ESCALATED: Readonly<Record<string, string>> = {
  'escalated-revoke': '责令整改逾期未整改，审批部门依法撤销许可',
  'escalated-bar': '责令整改逾期未整改，审批部门禁止其再适用告知承诺',
  'escalated-revoke-bar': '责令整改逾期未整改，审批部门依法撤销许可，并禁止其再适用告知承诺',
}

/** The same in joint acceptance: 依法撤销 takes the item's pass (the case's letter, or fails the undecided case). */
const ESCALATED_IN_ACCEPTANCE: Readonly<Record<string, string>> = {
  'escalated-revoke': '验收告知承诺责令整改逾期未整改，验收部门依法撤销该事项的告知承诺通过',
  'escalated-bar': '验收告知承诺责令整改逾期未整改，验收部门禁止其再适用告知承诺',
  'escalated-revoke-bar':
    '验收告知承诺责令整改逾期未整改，验收部门依法撤销该事项的告知承诺通过，并禁止其再适用告知承诺',
}

/** What a utility `advanced` did to one outside-line permit, as the gateway keeps it on the entry (`permit`). */
type PermitAct = { kind: string; act: string; permitsDone?: boolean; withDeficiencies?: boolean }

/**
 * A utility `advanced` that moved no step, said as what it did to its permit — named as the provider's and the owner's
 * pages name it: its department's decision on the platform (并联审批), 容缺受理 with materials owed, their supply
 * (容缺后补). Undefined for a step moved, and for an entry of an event published before it said so.
 */
function permitSentence(permit: PermitAct | undefined): string | undefined {
  if (permit === undefined) return undefined
  const name = Object.hasOwn(PERMITS, permit.kind) ? PERMITS[permit.kind as keyof typeof PERMITS] : '外线工程行政许可'
  switch (permit.act) {
    case 'granted':
      return `审批部门已作出外线审批决定：${name}准予许可${permit.withDeficiencies ? '（容缺通过）' : ''}${
        permit.permitsDone ? '；外线行政审批全部办结，进入施工' : ''
      }`
    case 'refused':
      return `审批部门已作出外线审批决定：${name}不予许可`
    case 'accepted':
      return `审批部门已容缺受理${name}，待市政公用单位补交容缺材料`
    case 'supplied':
      return `市政公用单位已补交${name}的容缺材料`
    default:
      return undefined
  }
}

/**
 * A timeline entry's sentence by its type; a type this console does not know yet is 办理进展, never the English. A
 * decision is worded as its task's item is decided (`words`, a licence's unless given): a filing recorded or not, a
 * follow-on (后续事项) 核准 or received, never licensed.
 */
export function timelineSentence(
  entry: { type: string; summary?: string; outcome?: string; actor?: string; raiser?: string; permit?: PermitAct },
  words: DecisionWords = LICENCE_WORDS,
): string {
  // One `advanced` for a step moved and for a permit decided, accepted or supplied without one: the gateway keeps which.
  if (entry.type === 'utility.advanced') {
    const said = permitSentence(entry.permit)
    if (said !== undefined) return said
  }
  // The decision's outcome is its own field (the gateway keeps it from the event's decision, not from the summary).
  if (entry.type === 'task.decided') {
    if (entry.outcome === 'approved') return `${words.decided}：${words.granted ?? words.approved}`
    if (entry.outcome === 'rejected') return `${words.decided}：${words.refused}`
    return words.decided
  }
  if (entry.type === 'task.revoked' && words.revoked !== undefined) return words.revoked
  // One breach for both promises (004:1860): the gateway keeps a 容缺 one's in `outcome`, and the further measure
  // after 逾期未整改 — told as the breach again — by the measures it took.
  if (
    entry.type === 'acceptance.commitment-rectification-escalated' &&
    entry.outcome !== undefined &&
    Object.hasOwn(ESCALATED_IN_ACCEPTANCE, entry.outcome)
  ) {
    return ESCALATED_IN_ACCEPTANCE[entry.outcome] as string
  }
  if (entry.type === 'task.commitment-breached' && entry.outcome !== undefined) {
    if (Object.hasOwn(ESCALATED, entry.outcome)) return ESCALATED[entry.outcome] as string
    if (entry.outcome === 'deficiency') return '容缺材料逾期未补正，审批部门已作出处理（纳入信用监管）'
  }
  const answered = entry.type === 'supplement-notice.issued' && entry.outcome === 'answered'
  const behalf = entry.actor?.startsWith('helper:')
    ? ON_BEHALF[answered ? 'supplement-notice.answered' : entry.type]
    : undefined
  if (behalf !== undefined) return behalf
  // 证照异议: the owner's own, to its 不动产权证书, is answered by the registration office that issued it; the
  // registration office's, to a permit, by the permit's issuer (`raiser`).
  if (entry.raiser === 'owner' && Object.hasOwn(BY_OWNER, entry.type)) return BY_OWNER[entry.type] as string
  if (entry.raiser === 'registration-office' && Object.hasOwn(BY_REGISTRATION_OFFICE, entry.type))
    return BY_REGISTRATION_OFFICE[entry.type] as string
  // One type for the notice's three states; the gateway keeps the closed ones' state in `outcome`.
  if (entry.type === 'supplement-notice.issued')
    return answered ? '建设单位已答复补正告知' : entry.outcome === 'withdrawn' ? '补正告知随申请撤回' : '补正告知已发出'
  return Object.hasOwn(SENTENCES, entry.type) ? (SENTENCES[entry.type] as string) : '办理进展'
}

type Entry = {
  type: string
  summary?: string
  department?: string
  outcome?: string
  actor?: string
  occurredAt?: string
  /** 登记一幢: the building a case, a property certificate or a completion survey (多测合一) is for. */
  part?: string
  /** 分阶段办理: the phase of the step the entry is about. */
  phase?: { name: string; number: number; count: number }
  /** 网上预约: the booking's day, half-day slot (contracts' BOOKING_SLOT_HOURS) and step, named only by its flow's name. */
  booking?: { day: string; slot: string; step: string; stepName?: string }
  /** 证照异议: who raised the objection, `owner` (its own property certificate), `registration-office` or `department`. */
  raiser?: string
  /** A utility `advanced` that moved no step: what it did to which outside-line permit. */
  permit?: PermitAct
}

/**
 * The line a person reads: the sentence, then what the entry is about as the gateway gives it in fields of its own —
 * the department a task's or an alert's entry concerns, named by `nameOf` (the project page names a department by the
 * bureau its tasks carry), the building (登记一幢), the phase (分阶段办理) and a booking's day, slot and step (网上预约) —
 * 不动产首次登记已办结（1号厂房）, 已网上预约窗口办理（2026年12月9日 上午，施工许可）;
 * `wordsOf` words a decision as its task's item is decided (a filing's, a follow-on's).
 */
export const timelineLine = (
  entry: Entry,
  nameOf: (department: string) => string = departmentName,
  wordsOf: (entry: Entry) => DecisionWords = () => LICENCE_WORDS,
): string => {
  const about = [
    entry.department ? nameOf(entry.department) : '',
    entry.part ?? '',
    entry.phase ? phaseText(entry.phase) : '',
    entry.booking
      ? `${chineseDate(entry.booking.day)} ${entry.booking.slot === 'am' ? '上午' : '下午'}${entry.booking.stepName ? `，${entry.booking.stepName}` : ''}`
      : '',
  ].filter((s) => s !== '')
  return `${timelineSentence(entry, wordsOf(entry))}${about.length > 0 ? `（${about.join('，')}）` : ''}`
}

type DecidedTask = {
  department: string
  item: string
  itemName?: string | null
  followOnOf?: { item: string; forInformation?: boolean } | null
  decision?: { decidedAt: string } | null
  revocation?: { revokedAt: string } | null
}

/**
 * How a decision's entry is worded, as a project's page can tell: the gateway's entry names the department but not the
 * item, so the item is its task's in the status — the department's task decided at the entry's instant, one event
 * having written both. Tasks decided at one instant (a step approved on commitment) are worded as theirs only when all
 * of them are worded alike (all filings); else, and when no task is found, the entry keeps a licence's words.
 */
export function decisionWordsOf(status: { tasks: readonly DecidedTask[] }): (entry: Entry) => DecisionWords {
  return (entry) => {
    if (!entry.department || !entry.occurredAt) return LICENCE_WORDS
    const at = Date.parse(entry.occurredAt)
    // A revocation's entry is found as its decision's is: the department's task revoked at the entry's instant.
    const instantOf =
      entry.type === 'task.decided'
        ? (t: DecidedTask) => t.decision?.decidedAt
        : entry.type === 'task.revoked'
          ? (t: DecidedTask) => t.revocation?.revokedAt
          : undefined
    if (!instantOf) return LICENCE_WORDS
    const words = status.tasks
      .filter((t) => {
        const instant = instantOf(t)
        return t.department === entry.department && instant !== undefined && Date.parse(instant) === at
      })
      .map((t) =>
        decisionWords({
          item: t.item,
          ...(t.itemName ? { itemName: t.itemName } : {}),
          ...(t.followOnOf ? { followOnOf: t.followOnOf } : {}),
        }),
      )
    const [first] = words
    return first !== undefined && words.every((w) => w === first) ? first : LICENCE_WORDS
  }
}

/** Every type with a sentence (for its test). */
export const timelineTypes = (): string[] => Object.keys(SENTENCES)
