import type { Tone } from '../../components/status-tag'
import type { paths } from '../../generated/api'

// 12345 热线工单 in Chinese, from the structured snapshot the gateway answers (never its English history lines).

export type TicketPage = paths['/api/v1/hotline/tickets']['get']['responses'][200]['content']['application/json']
export type Listed = TicketPage['tickets'][number]
export type Ticket = Listed['ticket']

/** The statuses in which the unit handles the ticket (the hotline's HANDLING_STATUSES): a co-handler's part is taken. */
export const HANDLING_STATUSES: readonly Ticket['status'][] = ['dispatched', 'handling', 'rehandling']
export type TicketDetail = paths['/api/v1/hotline/tickets/{id}']['get']['responses'][200]['content']['application/json']

export const TYPE_NAMES: Record<Ticket['type'], string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
  praise: '表扬',
}

export const STATUS: Record<Ticket['status'], { name: string; tone: Tone }> = {
  registered: { name: '已登记，待派单', tone: 'blue' },
  dispatched: { name: '已派单，待签收', tone: 'cyan' },
  handling: { name: '办理中', tone: 'cyan' },
  'return-requested': { name: '申请退回中', tone: 'gold' },
  hard: { name: '疑难工单，待协调', tone: 'purple' },
  replied: { name: '已答复，待审核', tone: 'blue' },
  rating: { name: '待评价', tone: 'blue' },
  'return-visit': { name: '待回访', tone: 'gold' },
  rehandling: { name: '再次办理中', tone: 'gold' },
  'duty-statement': { name: '待提交履职尽责意见', tone: 'gold' },
  closed: { name: '已办结', tone: 'green' },
}

export const CLOSURE_NAMES: Record<NonNullable<Ticket['closure']>, string> = {
  rated: '评价满意后办结',
  unrated: '未评价办结',
  dissatisfied: '不满意办结',
  'duty-statement': '履职尽责意见后办结',
  'praise-read': '表扬已阅办结',
  withdrawn: '诉求人撤回',
  answered: '知识库直接答复',
  'information-missing': '信息不全办结',
}

/**
 * The regions the platform's catalogues cover (packages/catalogue/data), as the register form offers them: the region a
 * ticket is about sets its handling limit (广西: a market entity's 求助 3 working days, 002:340). A district under one of
 * them is accepted by the gateway too; the form keeps to these.
 */
export const REGION_NAMES: Record<string, string> = {
  '440000': '广东省',
  '440600': '佛山市',
  '441500': '汕尾市',
  '450000': '广西壮族自治区',
  '450700': '钦州市',
}

/** A region as a line names it: 钦州市（450700）, or its code alone when the console has no name for it. */
export const regionName = (code: string) => (REGION_NAMES[code] ? `${REGION_NAMES[code]}（${code}）` : code)

/** The regions as a choice offers them (the register form's, the agent's list filter), each by its name. */
export const REGION_OPTIONS = Object.keys(REGION_NAMES).map((code) => ({ value: code, label: regionName(code) }))

/** 线索移交's bodies in the seed's words (002:340). */
export const REFERRAL_NAMES: Record<NonNullable<Ticket['referrals']>[number]['to'], string> = {
  'business-environment': '营商环境管理部门',
  inspection: '督查部门',
  discipline: '纪检监察机关',
}

/** 整改函 grounds in the seed's words (002:340). */
export const RECTIFICATION_GROUNDS: Record<NonNullable<Ticket['rectificationLetters']>[number]['ground'], string> = {
  'duty-not-performed': '未依法履行职能',
  perfunctory: '敷衍塞责',
}

export const DISPUTE_NAMES: Record<Ticket['returns'][number]['kind'], string> = {
  competence: '部门职责权限争议',
  facility: '设施管养职责争议',
  jurisdiction: '行政区域管辖权限争议',
  document: '有明确文件依据不属于本单位职责',
}

export const SATISFACTION_NAMES: Record<NonNullable<Ticket['ratings'][number]['value']>, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
}

/** 督办 kinds (第二十五条, seeds/004_33317a5f04b53a73.txt:1610–1620) with the unit's response limit. */
export const SUPERVISION_NAMES: Record<Ticket['supervisions'][number]['kind'], string> = {
  overdue: '无正当理由超期（2 个工作日内报送办理情况并说明原因）',
  feedback: '反馈不符合要求（5 个工作日内重新报送）',
  'long-term': '长期推进事项（落实有效措施，不设时限）',
  'duty-objection': '对履职尽责意见有异议（5 个工作日内核查）',
}

export const HARD_KIND_NAMES: Record<NonNullable<Ticket['hard']>['kind'], string> = {
  district: '市辖区之间部门争议',
  duty: '部门职责分工争议',
  law: '法律法规适用争议',
}

export const REPLY_METHOD_NAMES: Record<NonNullable<Ticket['report']>['reply']['method'], string> = {
  phone: '电话',
  sms: '短信',
  written: '书面',
  'not-wanted': '诉求人表示无需答复',
  unreachable: '三次联系未接通',
}

/**
 * 处理方式 of a handling report: 正常办理 as the type requires (第二十二条); the other three bar a re-handling after a
 * dissatisfied rating (第二十九条 (一)(二)(六)).
 */
export const REPORT_MODE_NAMES: Record<NonNullable<Ticket['report']>['mode'], string> = {
  handled: '正常办理',
  classified: '分类处理',
  unreachable: '无法联系',
  repeat: '重复诉求',
}

/** A complaint's 消费调解 outcome (第二十二条 (二)); 未调解 when none was held. */
export const MEDIATION_NAMES: Record<NonNullable<NonNullable<Ticket['report']>['mediation']>, string> = {
  none: '未调解',
  agreed: '调解达成协议',
  'not-agreed': '调解未达成协议',
  terminated: '调解终止',
}

/** One Chinese line per hotline event type, for the history (the gateway's `summary` is English). */
export const EVENT_NAMES: Record<string, string> = {
  'ticket.registered': '登记工单',
  'ticket.dispatched': '派单',
  'ticket.accepted': '承办单位签收',
  'ticket.returned': '申请退回',
  'ticket.return-decided': '退回审核',
  'ticket.hard': '列为疑难工单',
  'ticket.extended': '延期',
  'ticket.restarted': '补充新情况，办理时限重新计算',
  'ticket.information-added': '诉求人补充信息',
  'ticket.supplement-requested': '通知诉求人补充信息',
  'ticket.contributed': '协办单位提交协办意见',
  'ticket.replied': '提交办理情况并答复',
  'ticket.reviewed': '审核办理情况',
  'ticket.rated': '满意度评价',
  'ticket.reception-rated': '受理服务满意度评价',
  'ticket.return-visited': '回访',
  'ticket.rehandling-opened': '再次办理',
  'ticket.duty-statement': '提交履职尽责意见',
  'ticket.supervised': '督办',
  'ticket.rectification-letter-issued': '发整改函',
  'ticket.rectification-letter-answered': '回复整改情况',
  'ticket.referred': '移交线索',
  'ticket.long-term': '长期推进事项',
  'ticket.withdrawn': '诉求人撤回',
  'ticket.closed': '办结',
  'ticket.warned': '时限预警',
  'ticket.overdue': '超时',
  'ticket.due-moved': '节假日安排调整到期日',
}
export const eventName = (type: string) => EVENT_NAMES[type] ?? '办理进展'
