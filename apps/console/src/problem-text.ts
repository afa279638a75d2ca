import type { FieldProblem, ProblemChinese } from './api'
import { departmentName } from './departments'
import { chineseDate, chineseDateTime } from './format'
import { materialNames } from './materials'
import { CATALOGUE_STAGES } from './pages/assisted/names'
import { STATUS as TICKET_STATUS } from './pages/hotline/names'
import { CASE_STATUS as ACCEPTANCE_CASE_STATUS, ITEM_STATUS as ACCEPTANCE_ITEM_STATUS } from './pages/lead/names'
import { CASE_STATUS as REGISTRATION_CASE_STATUS } from './pages/registrar/names'
import { STATE_NAMES } from './pages/reviewer/state-names'
import { REVIEW_STATUS } from './pages/shared-results/names'
import { ROLE_NAMES } from './session'

// A refused request in Chinese, from its stable `code` and the extra members the service puts beside it (`details`
// spread on the problem: `lastDay`, `retryAfter`, `taskStatus`, …), never from the English `detail`, which every
// service writes for its logs and its API callers. The codes are docs/errors.md's (`registerErrorCodes`);
// test/problem-text.unit.test.ts fails when a registered code has no sentence here. A state a refusal met is named
// for what it is (`caseStatus`, `itemStatus`, `reviewStatus`, `ticketStatus`, `taskStatus`) and said as the pages
// name it: `status` is the problem's own (the HTTP status), and no refusal may carry one of its own.

/** What a sentence is made from: the problem's code, status and members (`ApiProblem` is one). */
export type ProblemFacts = {
  readonly status: number
  readonly code: string
  readonly body: Readonly<Record<string, unknown>>
  /** Seconds the gateway's `retry-after` header asks the caller to wait (429, 503). */
  readonly retryAfter?: number | undefined
}

/** The problem's members, read defensively: a member of the wrong type reads as absent, never as "undefined". */
class Facts {
  constructor(readonly problem: ProblemFacts) {}
  private at(path: string): unknown {
    let value: unknown = this.problem.body
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
      value = (value as Record<string, unknown>)[key]
    }
    return value
  }
  text(path: string): string | undefined {
    const v = this.at(path)
    return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined
  }
  num(path: string): number | undefined {
    const v = this.at(path)
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined
  }
  list(path: string): string[] {
    const v = this.at(path)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  }
  /** A legal day (`2026-03-02`) as the console writes days: 2026年3月2日. */
  day(path: string): string | undefined {
    const v = this.text(path)
    return v ? chineseDate(v) : undefined
  }
  /** An instant as the console writes instants: 2026年3月2日 09:00 (the viewer's clock). */
  instant(path: string): string | undefined {
    const v = this.text(path)
    return v ? chineseDateTime(v) : undefined
  }
  department(path: string): string | undefined {
    const v = this.text(path)
    return v ? departmentName(v) : undefined
  }
  /** The first field the problem names (`/body/areaId`), from `field` or `errors`. */
  field(): string | undefined {
    const direct = this.text('field')
    if (direct) return direct
    const errors = this.at('errors')
    const first = Array.isArray(errors) ? (errors[0] as { field?: unknown } | undefined) : undefined
    return typeof first?.field === 'string' ? first.field : undefined
  }
  firstFieldMessage(): string | undefined {
    const errors = this.at('errors')
    const first = Array.isArray(errors) ? (errors[0] as { message?: unknown } | undefined) : undefined
    return typeof first?.message === 'string' ? first.message : undefined
  }
}

type Say = (f: Facts) => string
type Text = string | Say

/** `（…）` around a part when there is one, nothing otherwise. */
const paren = (part: string | undefined) => (part ? `（${part}）` : '')
/** A period that has run out (`<period>已于<day>届满`), the day from the member `day` when the problem carries it. */
const lapsed =
  (period: string, day: string, after = '。'): Say =>
  (f) => {
    const on = f.day(day)
    return `${period}已${on ? `于${on}` : ''}届满${after}`
  }
/** A code's name in a table, or undefined for a code the table does not name. */
const named = (table: Readonly<Record<string, string>>, key: string | undefined) =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined

// ─── Shared sentences ─────────────────────────────────────────────────────────────────────────────────────────────

const SIGN_IN_AGAIN = '未能确认您的登录身份，请重新登录后再试。'
const DAMAGED = '该记录已损坏，暂时无法显示，已记录，请联系系统管理员。'
const ONLY_THE_OWNER = '只有该项目的建设单位才能办理此项操作。'
const STATE_CHANGED = '请刷新页面查看最新状态。'
const SEE_FIELDS = '请按下列提示修改后重新提交。'
const TRY_LATER = '请稍后重试。'

const waitSeconds = (f: Facts) => {
  const s = f.problem.retryAfter
  return s !== undefined && s > 0 ? `请 ${s} 秒后再试。` : TRY_LATER
}

const outsideLandList =
  (stage: string): Say =>
  (f) => {
    const plot = f.text('plotCode')
    const published = f.day('listPublishedOn')
    const list = plot ? `宗地 ${plot} 的用地清单${published ? `（${published}公布）` : ''}` : '用地清单'
    return `所提要求不在${list}之内：${stage}不得增加用地清单以外的要求。`
  }

const verifiedAlready: Say = (f) => {
  const on = f.day('verification.on')
  return `该告知承诺事项已${on ? `于${on}` : ''}核查完毕，不能重复核查。`
}

// 审批任务 states as the reviewer's inbox names them.
const taskState = (status: string | undefined) => named(STATE_NAMES, status)

/** A state as a page's table names it (`{ name, tone }` rows), or undefined for one the table does not name. */
const stateName = (table: Readonly<Record<string, { name: string }>>, status: string | undefined) =>
  status !== undefined && Object.hasOwn(table, status) ? table[status]?.name : undefined

/** `（当前为“…”）` when the state is one the table names, nothing otherwise. */
const nowIs = (state: string | undefined) => (state ? `（当前为“${state}”）` : '')

/** 报装 stages (pages/utility/requests.tsx). */
const UTILITY_STAGES: Readonly<Record<string, string>> = {
  survey: '现场勘察',
  plan: '接入方案',
  'outside-line-permits': '外线行政审批',
  construction: '外线施工',
  'awaiting-acceptance': '待联合验收',
  connected: '已接通',
}

/** The six cases of 第二十九条 in which a ticket is not handled again (hotline `rehandlingBar`). */
const REHANDLING_BARS: Readonly<Record<number, string>> = {
  1: '已按规定分类处理',
  2: '三次联系未接通或诉求人拒绝补充信息',
  3: '建议未被采纳',
  4: '调解已达成协议或已终结',
  5: '因自然灾害等不可抗力无法办理',
  6: '重复诉求已按原办理结果答复',
}
const CHINESE_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** The parts of a hotline handling report (办理情况) as the unit's form labels them (pages/hotline/unit.tsx). */
const REPORT_FIELDS: Readonly<Record<string, string>> = {
  basis: '办理依据',
  mediation: '消费调解情况',
  measures: '采取的措施',
  caseFiled: '是否立案',
  adopted: '是否采纳',
  originalTicketId: '原工单编号',
  calls: '三次联系时间',
  replySummary: '答复内容摘要',
}

const ID_NUMBER_PROBLEMS: Readonly<Record<string, string>> = {
  length: '身份证号码应为 18 位。',
  character: '身份证号码应为 17 位数字加 1 位数字或 X。',
  'birth-date': '身份证号码中的出生日期（第 7–14 位）不是有效日期。',
  check: '身份证号码的校验码不正确，请核对。',
}

const NOTICE_TIMES: Readonly<Record<string, string>> = {
  '/body/startedAt': '故障开始时间不能晚于报告时间。',
  '/body/expectedRecoveryAt': '预计恢复时间不能早于故障开始时间。',
  '/body/recoveredAt': '恢复时间须在故障开始之后、当前时间之前。',
}

const ASSIST_NOT_ASSIGNED: Readonly<Record<string, string>> = {
  'no-case': '该项目没有帮办代办案件，补正通知由建设单位自行答复。',
  'case-closed': '该帮办代办案件已结束，补正通知由建设单位自行答复。',
  'another-helper': '该帮办代办案件已指派给其他帮办代办员。',
  'case-closing': '该帮办代办案件正在结束，补正通知由建设单位自行答复。',
}

const dateRange = '查询的截止日期不能早于起始日期，查询范围也不能超过规定天数。'

/**
 * The kinds of stored row a service names when one does not read (`row` of `*_STORED_ROW_UNREADABLE`): every kind a
 * service's `storedState` is given (problem-text.unit reads them from the services' sources), intake's too, although
 * an application's, a project's and a 帮办代办 case's have codes of their own today.
 */
const STORED_ROWS: Readonly<Record<string, string>> = {
  application: '申请',
  'application items': '申请事项',
  'application receipt': '申请回执',
  'application pending acceptance': '待受理申请',
  'application phase': '申请的办理阶段',
  'result delivery': '结果送达记录',
  'result delivery choice': '结果送达方式',
  'project facts': '项目信息',
  'project flow': '项目审批流程',
  'project cap': '项目全流程时限',
  'assisted case': '帮办代办案件',
  task: '审批任务',
  'step clocks': '审批环节计时',
  'step follow-ons': '审批环节的后续事项',
  'flow clock': '全流程计时',
  'supplement notice': '补正通知',
  'drawing review': '施工图联合审查',
  'application land list': '用地清单',
  'project land list': '用地清单',
  rating: '评价',
  'acceptance case': '联合验收案件',
  'approved phase': '施工许可已通过阶段',
  'survey commission': '测绘委托',
  'quality inspection': '质量安全监督检查',
  'quality round': '质量安全监督抽查轮次',
  'utility request': '报装申请',
  'joint survey': '联合踏勘安排',
  'registration case': '不动产登记案件',
  'completion survey': '竣工测绘成果',
  'certificate objection': '证照异议',
  'hotline ticket': '12345 热线工单',
  'hotline ticket requester': '12345 热线工单的诉求人信息',
  'knowledge point': '知识点',
  'knowledge feedback': '知识点反馈',
  'change notice': '变动通报',
  'outage notice': '故障通报',
  message: '消息',
  'intermediary engagement': '中介服务委托',
  'catalogue version': '目录版本',
  'assisted answer grant': '帮办代办答复授权',
}
/** The step a refusal of intake's names, as the project's catalogue names it (`stepName`), in quotes. */
const quotedStep = (f: Facts) => {
  const step = f.text('stepName')
  return step ? `“${step}”` : undefined
}

/** A service's own stored row that does not read, named by its kind where the console knows it. */
const storedRowDamaged: Say = (f) => {
  const kind = named(STORED_ROWS, f.text('row'))
  return `${kind ? `该${kind}的` : '相关的'}存储记录已损坏，暂时无法查看或办理，本次操作未作任何更改；已记录，请联系系统管理员。`
}

// ─── Every registered code ────────────────────────────────────────────────────────────────────────────────────────

/**
 * 整改 followed through refuses alike in the approval stage and joint acceptance (contracts' `rectificationRefusal`:
 * `<STAGE>_RECTIFICATION_<REASON>`), said once with the department that reviews there.
 */
function rectificationTexts(stage: 'APPROVAL' | 'ACCEPTANCE', department: string): Record<string, Text> {
  return {
    [`${stage}_RECTIFICATION_NOT_ORDERED`]: '该核查结论未责令整改，无需报告或确认整改情况。',
    [`${stage}_RECTIFICATION_AWAITING_REVIEW`]: `已报告的整改情况尚待${department}确认，确认前不能再次报告。`,
    [`${stage}_RECTIFICATION_NOT_REPORTED`]: '建设单位尚未报告新的整改情况，暂无可确认的内容。',
    [`${stage}_RECTIFICATION_REPORTS_EXHAUSTED`]: `整改情况报告次数已达上限，请联系${department}。`,
    [`${stage}_RECTIFICATION_DONE`]: (f) => {
      const on = f.day('doneOn')
      return `整改已${on ? `于${on}` : ''}确认完成，无需再次办理。`
    },
    [`${stage}_RECTIFICATION_NOT_OVERDUE`]: (f) => {
      const by = f.day('rectifyBy')
      return `整改期限${by ? `（${by}）` : ''}尚未届满，期限届满仍未确认整改完成的，方可采取进一步措施。`
    },
    [`${stage}_RECTIFICATION_REVIEW_PENDING`]: (f) => {
      const on = f.day('reportedOn')
      return `建设单位${on ? `于${on}` : ''}报告的整改情况尚待确认，请先确认整改情况，认定未完成的，方可采取进一步措施。`
    },
    [`${stage}_RECTIFICATION_ESCALATED`]: `逾期未整改，${department}已采取进一步措施，整改事项已终结。`,
    [`${stage}_RECTIFICATION_INVALID`]: '整改确认填写有误：认定未完成时须说明尚缺的内容。',
  }
}

const TEXTS: Readonly<Record<string, Text>> = {
  // 联合验收、多测合一
  ACCEPTANCE_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  ACCEPTANCE_CASE_ALREADY_OPEN: (f) =>
    `该项目已有联合验收申请${nowIs(stateName(ACCEPTANCE_CASE_STATUS, f.text('caseStatus')))}，不能重复申请。`,
  ACCEPTANCE_CASE_NOT_PASSED: (f) =>
    `该联合验收尚未通过${paren(stateName(ACCEPTANCE_CASE_STATUS, f.text('caseStatus')))}，各部门须待出具联合验收意见书后再录入结果物。`,
  ACCEPTANCE_CASE_DECIDED: (f) =>
    `该联合验收已作出结论${paren(stateName(ACCEPTANCE_CASE_STATUS, f.text('caseStatus')))}，不能再办理此项操作。`,
  ACCEPTANCE_COMMITMENT_BARRED: (f) => {
    const until = f.day('until')
    return `此前有告知承诺未履行，${until ? `${until}前` : '目前'}不得选择告知承诺方式办理联合验收。`
  },
  ACCEPTANCE_COMMITMENT_NOT_ALLOWED: '所选事项中有不适用告知承诺的，见下列各项。',
  ACCEPTANCE_COMMITMENT_VERIFIED: verifiedAlready,
  ACCEPTANCE_DEFECTS_REQUIRED: '验收意见为“需整改”的，须列明需整改的问题。',
  ACCEPTANCE_FAIL_REASONS_REQUIRED: '验收意见为“不通过”的，须写明不通过的理由。',
  ACCEPTANCE_INSPECTION_INVALID: (f) => {
    const missing = f.list('missingDepartments').map(departmentName)
    return `无法按所填内容安排联合验收现场检查${missing.length > 0 ? `，尚有待验收事项的部门未参加：${missing.join('、')}` : ''}。${SEE_FIELDS}`
  },
  ACCEPTANCE_ITEM_NOT_PENDING: (f) => {
    const round = f.num('round')
    const state = nowIs(stateName(ACCEPTANCE_ITEM_STATUS, f.text('itemStatus')))
    return `该事项${state}不在${round ? `第 ${round} 轮` : '本轮'}现场检查的待验收事项之中。`
  },
  ACCEPTANCE_ITEM_UNKNOWN: '所填事项不属于本次联合验收。',
  ACCEPTANCE_NOT_A_PARTICIPANT: (f) => {
    const department = f.department('department')
    return `只有参加本轮联合验收的部门${paren(department)}才能对该事项出具验收意见。`
  },
  ACCEPTANCE_NOT_COMMITTED: (f) =>
    `该事项${nowIs(stateName(ACCEPTANCE_ITEM_STATUS, f.text('itemStatus')))}不是以告知承诺方式通过的，无需核查。`,
  ACCEPTANCE_NOT_CONFIGURED: '本地区事项目录没有为该类项目设置联合验收，暂不能申请。',
  ACCEPTANCE_PASS_REVOKED: (f) => {
    const on = f.day('passRevoked.on')
    return `该联合验收的通过已${on ? `于${on}` : ''}因告知承诺违诺被依法撤销，不再录入结果物。`
  },
  ACCEPTANCE_RESULT_INVALID: `无法按所填内容录入结果物。${SEE_FIELDS}`,
  ACCEPTANCE_RESULT_RECORDED: (f) => {
    const number = f.text('result.number')
    return `该事项的结果物已录入${number ? `（${number}）` : ''}，不能重复录入。`
  },
  ACCEPTANCE_NOT_RECTIFYING: '只有被要求整改的事项才能报告整改完成，见下列各项。',
  ACCEPTANCE_NOT_THE_DEPARTMENT: (f) => {
    const department = f.department('department')
    if (f.text('act') === 'result') {
      return department ? `该事项的结果物只能由${department}录入。` : '该事项的结果物不属于您所在部门录入。'
    }
    return department ? `该告知承诺事项只能由${department}核查。` : '该告知承诺事项不属于您所在部门核查。'
  },
  ACCEPTANCE_NOT_THE_LEAD: (f) => `只有联合验收牵头部门${paren(f.department('lead'))}才能安排现场检查。`,
  ACCEPTANCE_NOT_THE_OWNER: ONLY_THE_OWNER,
  ACCEPTANCE_NOTHING_PENDING: (f) =>
    f.list('waiting').length > 0
      ? '目前没有待现场检查的事项：需整改的事项须待建设单位报告整改完成后再安排检查。'
      : '目前没有待现场检查的事项。',
  ACCEPTANCE_OUTSIDE_LAND_LIST: outsideLandList('联合验收时'),
  ACCEPTANCE_OWNER_ON_DISHONESTY_LIST:
    '建设单位已被列入失信名单，不得选择告知承诺方式办理联合验收，各事项均须现场验收；可不选告知承诺重新申请。',
  ACCEPTANCE_PERMIT_NOT_GRANTED: (f) => {
    // 按照单位工程办理: the buildings that have a permit of their own may each be accepted on their own.
    const parts = f.list('grantedParts')
    return parts.length > 0
      ? `该项目整体尚未取得施工许可（仅${parts.map((p) => `“${p}”`).join('、')}按单位工程取得），不能申请整个项目的联合验收；可按单位工程申请单栋联合验收。`
      : '该项目尚未取得施工许可，不能申请联合验收。'
  },
  ACCEPTANCE_PART_PERMIT_NOT_GRANTED: (f) => {
    const part = f.text('part')
    return `单位工程${part ? `“${part}”` : ''}尚未取得施工许可（该项目整体也未取得），不能申请该单位工程的联合验收。`
  },
  ACCEPTANCE_PERMIT_PHASES_OUTSTANDING: (f) => {
    const number = f.text('phaseNumber')
    const count = f.text('phaseCount')
    const done = number && count ? `目前仅第 ${number} 阶段 / 共 ${count} 阶段审批通过` : '尚有阶段未审批通过'
    return `该项目施工许可分阶段办理，${done}，须最后一个阶段取得施工许可后才能申请联合验收。`
  },
  ACCEPTANCE_STORED_ROW_UNREADABLE: storedRowDamaged,
  ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED: '该阶段已委托测绘：每个阶段只委托一次，测绘成果共享使用（多测合一）。',
  ACCEPTANCE_SURVEY_COMPLETED: '该委托的测绘成果已提交，成果共享使用，不再重复测绘。',
  ACCEPTANCE_SURVEY_PART_ALREADY_COMMISSIONED: (f) => {
    const part = f.text('part')
    return `${part ? `“${part}”` : '该楼栋'}的竣工测绘已委托：每个楼栋只委托一次，测绘成果共享使用（多测合一）。`
  },
  ACCEPTANCE_SURVEY_PART_NOT_COMPLETION: '只有竣工验收阶段的测绘可按楼栋委托；其他阶段测绘整个项目，请将测绘范围留空。',
  ACCEPTANCE_SURVEY_EXEMPT: '该类项目无需委托测绘服务，不适用多测合一。',
  ACCEPTANCE_SURVEY_RESULTS_INVALID: '测绘成果须逐项覆盖该委托合并的全部测绘事项，每项一次，且不含其他事项。',
  // 工程质量安全监督 双随机、一公开 (004:1856).
  ACCEPTANCE_NOT_THE_SUPERVISION_BODY: '只有工程质量安全监督机构（住房城乡建设部门）可以抽取或查看监督检查。',
  ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR: '只有本次双随机抽取的检查人员可以录入该项目的检查结果。',
  ACCEPTANCE_QUALITY_INSPECTION_RECORDED: '该检查结果已录入并公开，不能修改。',
  ACCEPTANCE_QUALITY_NOTHING_TO_DRAW:
    '没有可抽取的项目：尚无取得施工许可的项目，或已通过联合验收（施工已结束），或均在检查中，或为只检查一次的简易低风险、老旧小区改造项目且已检查。',
  // The rule is K + 1, not K (DrawQualityRoundBody's own bound is 1): a pool of exactly K picks its inspectors outright.
  ACCEPTANCE_QUALITY_POOL_INVALID:
    '检查人员名录有误：每人只能列一次，须写明公开的姓名（不能以账号代替），且人数至少比每个项目抽取的检查人员数多一人（人数相等则无从随机选派）。',
  ACCEPTANCE_QUALITY_RESULT_INVALID: '责令整改须列明至少一项整改内容；合格则不填整改内容。',
  // 回避 / 改派: the replacement is drawn from the rest of the round's pool, never named.
  ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID: `无法改派：须指明本次检查的一名检查人员并写明改派理由。${SEE_FIELDS}`,
  ACCEPTANCE_QUALITY_POOL_NOT_KEPT: '该轮抽查的检查人员名录未留存（早于名录留存），无法从中随机改派。',
  ACCEPTANCE_QUALITY_POOL_EXHAUSTED: '该轮检查人员名录中已无可随机改派的人员：其余人员均已在本次检查中或已回避。',
  ACCEPTANCE_QUALITY_SEAT_REASSIGNED: '该检查人员本身是改派抽中的人员：每个检查席位只能改派一次，不能再次改派。',
  ACCEPTANCE_QUALITY_NOT_OWN_SEAT: '本次检查的检查人员只能申请本人回避，不能改派其他检查人员。',
  ACCEPTANCE_VERIFICATION_INVALID: `无法按所填内容记录核查结果。${SEE_FIELDS}`,
  ADMIN_REQUIRED: '只有系统管理员才能查看或重放死信。',

  // 并联审批、补正、告知承诺、好差评、联合审图
  APPROVAL_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  APPROVAL_ALREADY_EXTENDED: (f) => {
    const on = f.day('extended.on')
    return `法定时限已${on ? `于${on}` : ''}延长过一次，依法只能延长一次。`
  },
  APPROVAL_ALREADY_RATED: '该次办理已评价过，不能重复评价。',
  APPROVAL_ALREADY_REVOKED: (f) => {
    const on = f.day('revocation.revokedOn')
    return `该审批任务的许可已${on ? `于${on}` : ''}撤销。`
  },
  APPROVAL_APPLICATION_WITHDRAWN: (f) => {
    const at = f.instant('withdrawnAt')
    return `该申请已${at ? `于${at}` : ''}撤回，不能再办理。`
  },
  APPROVAL_COMMITMENT_VERIFIED: verifiedAlready,
  // 容缺后补 (004:1860): a material made good by its promised day was never overdue, so there is nothing to find.
  APPROVAL_DEFICIENCY_NOT_OVERDUE: '该容缺材料未逾期（已按承诺日补交、尚未到期或并非本事项的容缺材料），无需作出处理。',
  // 整改 followed through (docs/legal-time.md#整改-followed-through): one set of refusals for both stages.
  ...rectificationTexts('APPROVAL', '审批部门'),
  ...rectificationTexts('ACCEPTANCE', '验收部门'),
  APPROVAL_DEFICIENCY_FOUND: (f) => {
    const on = f.day('finding.on')
    return `该容缺材料已${on ? `于${on}` : ''}作出处理，不能重复记录。`
  },
  APPROVAL_COVERED_BY_DRAWING_REPORT: (f) => {
    const version = f.num('reportVersion')
    return `联合审图的审查报告${version ? `（第 ${version} 版）` : ''}已涵盖所需内容，请依据审查报告作出决定，不再要求建设单位补正。`
  },
  APPROVAL_DRAWING_REVIEW_BODY_FIXED: (f) =>
    `重新提交的施工图是同一次审查的新版本，须由原施工图审查机构${paren(f.text('reviewBody.name'))}审查。`,
  APPROVAL_DRAWING_REVIEW_STATE_CONFLICT: (f) => {
    if (!f.text('reviewId')) return '该项目的施工图审查刚刚同时被提交，请重新提交。'
    const state = named(REVIEW_STATUS, f.text('reviewStatus'))
    return `施工图审查${state ? `当前为“${state}”，` : '当前所处的阶段'}不能办理此项操作：审查中的版本须待审查意见出具后再提交新版本，已出具审查报告的不再审查。${STATE_CHANGED}`
  },
  APPROVAL_EXTENSION_NOT_ALLOWED: '该事项没有可依法延长的法定时限。',
  APPROVAL_FOLLOW_ON_FOR_INFORMATION: '该后续事项是向本部门推送的审批信息，只需确认接收，不能作出不予办理的决定。',
  APPROVAL_FOLLOW_ON_NO_APPLICATION: (f) =>
    `该后续事项由前序审批信息推送办理，建设单位无需申请，${
      f.text('action') === 'special-procedure-start' ? '没有可因特别程序暂停的申请时限' : '不能要求建设单位补正材料'
    }。`,
  APPROVAL_HELPER_AUTHORITY_LAPSED: (f) => {
    const until = f.instant('validUntil')
    return `帮办代办员代建设单位答复补正的授权已${until ? `于${until}` : ''}失效，请重新提交答复。`
  },
  APPROVAL_MATERIAL_NOT_IN_GUIDE: (f) => {
    const outside = f.list('outside')
    const guide = f.list('guideMaterials')
    return `${outside.length > 0 ? `${materialNames(outside)}不在` : '所列材料不在'}该事项办事指南所列的材料之内：补正只能要求指南列明的材料${
      guide.length > 0 ? `（${materialNames(guide)}）` : '，该事项的办事指南未列材料'
    }，不得要求指南以外的材料。`
  },
  APPROVAL_NOT_COMMITTED: '该事项不是以告知承诺方式审批的，无需核查。',
  APPROVAL_NOT_THE_LEAD: (f) => {
    const lead = f.department('lead')
    return lead ? `只有本环节的牵头部门（${lead}）才能统一出具补正通知。` : '本环节没有牵头部门，不能统一出具补正通知。'
  },
  APPROVAL_NOT_THE_OWNER: ONLY_THE_OWNER,
  APPROVAL_NOT_YOUR_DEPARTMENT: (f) => {
    const department = f.department('department')
    return department ? `只有${department}的审批人员才能办理该任务。` : '该事项不属于您所在部门办理。'
  },
  APPROVAL_NOT_SUPERVISOR: '只有监督管理人员才能督办审批任务。',
  APPROVAL_NOTICE_INVALID: '补正通知中有的要求没有对应本环节的审批任务，或同一任务重复出现，见下列各项。',
  APPROVAL_NOTICE_NOT_OPEN: (f) =>
    f.text('noticeStatus') === 'withdrawn'
      ? '该补正通知已随申请撤回而终止，无需再提交材料。'
      : '该补正通知已答复，无需再次提交。',
  APPROVAL_OUTSIDE_LAND_LIST: outsideLandList('审批部门'),
  APPROVAL_RATING_NO_FIX: '只有差评才需要整改和反馈。',
  APPROVAL_RATING_NOT_DECIDED: (f) => {
    const status = taskState(f.text('taskStatus'))
    return `部门作出审批决定后才能评价${status ? `（该审批任务当前为“${status}”）` : ''}。`
  },
  APPROVAL_RATING_REPLIED: '该评价已回复过。',
  APPROVAL_RATING_WINDOW_CLOSED: lapsed('评价期限', 'closesOn', '，不能再评价。'),
  APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED: '该事项不适用所选的特别程序，不能因此暂停计时。',
  APPROVAL_STEP_DECIDED: (f) => {
    const at = f.instant('decidedAt')
    return at ? `该环节已于${at}作出审批决定，只有审批中的申请才能撤回。` : '该环节已作出审批决定，时限不再计算。'
  },
  APPROVAL_STEP_EXTENSION_FORBIDDEN: '只有监督管理人员或系统管理员才能登记环节时限的延长。',
  APPROVAL_PROJECT_NOT_FOUND: '审批系统尚未收到该项目的登记信息，请稍后再试。',
  APPROVAL_STEP_NOT_FOUND: '未找到该申请的审批环节。',
  APPROVAL_STORED_ROW_UNREADABLE: storedRowDamaged,
  APPROVAL_SUPERVISION_ANSWERED: '该督办已回复过，不能重复回复。',
  APPROVAL_SUPERVISION_NOT_FOUND: '该审批任务没有这项督办。',
  APPROVAL_SUPERVISION_TASK_DECIDED: (f) => {
    const status = taskState(f.text('taskStatus'))
    return `该审批任务已办结${status ? `（“${status}”）` : ''}，不能再督办。`
  },
  APPROVAL_SUPPLEMENT_INCOMPLETE: '补正材料不全：请按补正通知补齐下列材料后一并提交。',
  APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED: (f) => {
    const rounds = f.num('supplementRounds')
    return `本部门对该任务的补正次数已用完${rounds ? `（最多 ${rounds} 次）` : ''}，不能再要求补正。`
  },
  APPROVAL_TASK_PAUSES_EXHAUSTED: (f) => {
    const most = f.num('most')
    return `该任务已暂停计时${most ? ` ${most} 次` : '多次'}（补正和特别程序），已达上限，不能再暂停。`
  },
  APPROVAL_TASK_STATE_CONFLICT: (f) => {
    const status = taskState(f.text('taskStatus'))
    return `该审批任务${status ? `当前为“${status}”` : '的状态已变化'}，不能办理此项操作。${STATE_CHANGED}`
  },
  APPROVAL_TOO_MANY_SUPERVISIONS: (f) => {
    const most = f.num('most')
    return `该审批任务已督办${most ? ` ${most} 次` : '多次'}，已达上限。`
  },
  APPROVAL_VERIFICATION_INVALID: `无法按所填内容记录核查结果。${SEE_FIELDS}`,
  APPROVAL_WITHDRAWAL_FORBIDDEN: '只有建设单位，或窗口受理人员代建设单位，才能撤回申请。',

  // 运维
  DEAD_LETTER_NOT_FOUND: '未找到该死信，可能已被重放。',
  DEAD_LETTER_REPLAY_REFUSED: '该服务无权重新发布这条死信，须由消息服务管理员重放，请联系运维人员。',

  // 网关
  GATEWAY_AUDIT_RANGE_INVALID: '查询的截止日期不能早于起始日期。',
  GATEWAY_CERTIFICATE_NOT_FOUND: '未找到该证照，请核对证照编号。',
  GATEWAY_EXPORT_NOT_FOUND: '未找到该上报批次，请核对批次编号。',
  GATEWAY_CLOCK_INVALID: `时限参数有误。${SEE_FIELDS}`,
  GATEWAY_FORBIDDEN: '您的账号无权办理此项操作或查看此内容。',
  GATEWAY_KEYS_UNAVAILABLE: (f) => `登录校验服务暂时不可用，${waitSeconds(f)}`,
  GATEWAY_PROJECT_UNREADABLE: DAMAGED,
  GATEWAY_RATE_LIMITED: (f) =>
    f.text('limit') === 'auth-failures' ? `登录失败次数过多，${waitSeconds(f)}` : `操作过于频繁，${waitSeconds(f)}`,
  GATEWAY_RATINGS_RANGE_INVALID: dateRange,
  GATEWAY_SIGNALS_RANGE_INVALID: dateRange,
  GATEWAY_STATS_RANGE_INVALID: dateRange,
  GATEWAY_STREAM_LIMIT: '同时打开的页面过多，实时更新暂不可用，请关闭部分窗口后刷新。',
  GATEWAY_STREAM_POSITION_INVALID: '实时更新的续接位置无效，请刷新页面。',
  GATEWAY_TICKET_CHANNEL_FORBIDDEN: (f) =>
    named(
      {
        window: '窗口工作人员只能登记“办不成事”窗口工单；来电由热线中心座席登记，网上诉求由诉求人自行提交。',
        phone: '座席只能登记来电工单；“办不成事”窗口工单由窗口工作人员登记。',
        online: '您只能在网上提交诉求。',
      },
      f.text('allowed'),
    ) ?? '您不能以该渠道登记工单。',
  GATEWAY_TICKET_REGION_UNKNOWN: '所填行政区划不是本平台服务的地区，请从列表中选择。',
  GATEWAY_TICKET_UNREADABLE: DAMAGED,
  GATEWAY_UNAUTHENTICATED: '登录已失效或尚未登录，请重新登录。',
  GATEWAY_UPSTREAM_BAD_ANSWER: '后台服务返回了无法识别的结果，已记录，请稍后重试；如仍不成功，请联系系统管理员。',
  GATEWAY_UPSTREAM_BEHIND: (f) => `办理系统尚未收到该项目的最新信息，${waitSeconds(f)}`,
  GATEWAY_UPSTREAM_NO_ANSWER: `后台服务没有响应，${TRY_LATER}`,
  GATEWAY_UPSTREAM_UNAVAILABLE: (f) => `后台服务暂时不可用，${waitSeconds(f)}`,

  // 12345 热线工单
  HOTLINE_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  // 第二十一条's rules for the three calls, said for the call the refusal names (`call`, from 1) and the rule it broke
  // (`reason`); without both, all of them at once.
  HOTLINE_CALLS_INVALID: (f) => {
    const n = f.num('call')
    const reason = f.text('reason')
    const call = n !== undefined && Number.isInteger(n) && n >= 1 && n <= 3 ? `第 ${n} 次联系` : undefined
    if (call && reason === 'before-registration')
      return `${call}的时间早于工单登记时间${paren(f.instant('registeredAt'))}：三次联系须在工单登记之后。`
    if (call && reason === 'after-report')
      return `${call}的时间晚于提交办理情况的时间${paren(f.instant('reportedAt'))}：三次联系须在提交办理情况之前。`
    // The first call follows none: an order or a gap is named from the second on.
    const previous = call && n !== undefined && n > 1 ? `第 ${n - 1} 次` : undefined
    if (previous && reason === 'out-of-order') return `${call}早于${previous}：三次联系须按先后顺序填写。`
    if (previous && reason === 'too-close') {
      const m = f.num('minutes')
      const gap = m !== undefined && Number.isInteger(m) && m >= 1 && m < 15 ? `仅隔 ${m} 分钟` : undefined
      return `${call}距${previous}不足 15 分钟${paren(gap)}：每次联系须间隔不少于 15 分钟。`
    }
    return '三次联系的时间须在工单登记之后、提交办理情况之前，按先后顺序填写，且每次间隔不少于 15 分钟。'
  },
  HOTLINE_CONTRIBUTION_DONE: '本单位在本轮办理中已提交过协办意见。',
  HOTLINE_CREDIT_CODE_INVALID: (f) => {
    const expected = f.text('expected')
    return `企业的统一社会信用代码校验码不正确${expected ? `，应为“${expected}”` : ''}，请核对。`
  },
  HOTLINE_DATE_INVALID: (f) => {
    const from = f.day('from')
    const to = f.day('to')
    return from && to
      ? `法定程序终结日期须在列为长期推进事项之日（${from}）至今天（${to}）之间。`
      : '法定程序终结日期须在列为长期推进事项之日至今天之间。'
  },
  HOTLINE_DEPARTMENT_REQUIRED: '同意退回的，须指定改派的承办单位。',
  HOTLINE_DUTY_STATEMENT_LATE: lapsed('履职尽责意见的提交期限', 'due'),
  HOTLINE_EXTENSION_LATE: (f) => {
    const due = f.day('due')
    return `延期须在办理时限届满${paren(due)}前申请，现已逾期。`
  },
  HOTLINE_EXTENSION_TOO_LONG: (f) => {
    const max = f.num('max')
    return `延长的时限不得超过原办理时限${max ? `，即最多 ${max} 个工作日` : ''}。`
  },
  HOTLINE_EXTENSIONS_EXHAUSTED: (f) => {
    const n = f.num('extensions')
    return `该工单的延期次数已达上限${n ? `（已延期 ${n} 次）` : ''}。`
  },
  HOTLINE_FEEDBACK_ANSWERED: '该知识点反馈已答复。',
  HOTLINE_FEEDBACK_NOT_ACTED: '所选处理方式与知识点的实际情况不符：请先按反馈新增、更新或撤回知识点，再答复。',
  HOTLINE_FEEDBACK_NOT_FOUND: '未找到该知识点反馈。',
  HOTLINE_FEEDBACK_TARGET_INVALID: (f) => {
    const department = f.department('pointDepartment')
    return department ? `所选部门不是该知识点的维护部门（${department}）。` : '请指明所反馈的知识点或答复的部门。'
  },
  HOTLINE_ID_NUMBER_INVALID: (f) => named(ID_NUMBER_PROBLEMS, f.text('problem.kind')) ?? '身份证号码不正确，请核对。',
  HOTLINE_KNOWLEDGE_FORBIDDEN: '您的账号无权办理此项知识库操作：知识点由部门维护，知识点反馈由热线中心提出。',
  HOTLINE_KNOWLEDGE_NOT_FOUND: '未找到该知识点。',
  HOTLINE_KNOWLEDGE_NOT_VALID: (f) => {
    const status = f.text('pointStatus')
    // `validTo` is the last day it is valid, so its period ended (届满) on that day: not "expired on" it.
    if (status === 'expired') {
      const to = f.day('validTo')
      return to ? `该知识点的有效期已于${to}届满，不能引用。` : '该知识点已过有效期，不能引用。'
    }
    if (status === 'pending') {
      const from = f.day('validFrom')
      return from ? `该知识点自${from}起生效，现在尚不能引用。` : '该知识点尚未生效，不能引用。'
    }
    if (status === 'retired') return '该知识点已撤回，不能引用。'
    return '该知识点不在有效期内，不能引用。'
  },
  HOTLINE_KNOWLEDGE_RETIRED: '该知识点已撤回。',
  HOTLINE_KNOWLEDGE_VALIDITY_INVALID: `知识点的有效期填写有误。${SEE_FIELDS}`,
  HOTLINE_KNOWLEDGE_VERSION_CONFLICT: (f) => {
    const version = f.num('version')
    return `该知识点已被他人修改${version ? `（现为第 ${version} 版）` : ''}，请刷新后在最新版本上修改。`
  },
  HOTLINE_NO_HANDLING_UNIT: '该工单尚未派给承办单位，不能发整改函。',
  HOTLINE_NOT_BUSINESS_LINE: '只有广西优化营商环境专线的市场主体工单才能发整改函或移交线索。',
  HOTLINE_NOT_LONG_TERM: '该工单不是长期推进事项，或尚未提交解决方案，不能办理此项操作。',
  HOTLINE_NOT_PRAISE: '只有表扬类工单才能阅知后办结。',
  HOTLINE_NOT_REPORT: '只有举报类工单在撤回后才能继续调查。',
  HOTLINE_NOT_YOUR_TICKET: '该工单的此项操作不由您办理。',
  HOTLINE_NOTICE_ACKNOWLEDGED: '该通报已签收。',
  HOTLINE_NOTICE_FORBIDDEN: '您的账号无权办理该通报：通报由部门提交，由热线中心签收。',
  HOTLINE_NOTICE_NOT_FOUND: '未找到该通报。',
  HOTLINE_NOTICE_NOT_IN_ADVANCE: (f) => `变动须提前通报：施行日期应晚于今天${paren(f.day('after'))}。`,
  HOTLINE_NOTICE_RECOVERED: '该故障已恢复，只能补交尚未提供的应答口径。',
  HOTLINE_NOTICE_TIME_INVALID: (f) => named(NOTICE_TIMES, f.field()) ?? '故障通报的时间填写有误，请核对。',
  HOTLINE_NOTICE_UPDATES_FULL: '该故障通报的进展更新已达上限。',
  HOTLINE_ORIGINAL_TICKET_INVALID:
    '所填原工单不符合重复诉求的条件：须为本热线已依法办理完毕的工单，且由同一诉求人提出。',
  HOTLINE_PRAISE_IS_READ: '表扬类工单阅知即可，无需答复。',
  HOTLINE_PROCEDURE_NOT_ENDED: '须先登记法定程序终结，才能提交最终情况。',
  HOTLINE_RATING_LATE: lapsed('评价期限', 'windowEnds', '，逾期视为未评价。'),
  HOTLINE_REAL_NAME_REQUIRED: '该事项须实名登记：姓名、身份证号码和电话号码均须填写，且不得隐匿。',
  HOTLINE_RECTIFICATION_LETTERS_FULL: '该工单的整改函已达记录上限。',
  HOTLINE_RECTIFICATION_LETTER_ANSWERED: (f) => `该整改函已回复整改情况${paren(f.day('repliedOn'))}，不能再次回复。`,
  HOTLINE_RECTIFICATION_LETTER_NOT_FOUND: '该工单没有这份整改函。',
  HOTLINE_REFERRALS_FULL: '该工单的线索移交已达记录上限。',
  HOTLINE_REHANDLED_ONCE: '工单只能发回再次办理一次。',
  HOTLINE_REHANDLING_NO_EXTENSION: '再次办理中的工单不能申请延期。',
  HOTLINE_REHANDLING_NO_RETURN: '再次办理中的工单不能申请退回。',
  HOTLINE_REHANDLING_NOT_ALLOWED: (f) => {
    const bar = f.num('case')
    const reason = bar !== undefined ? REHANDLING_BARS[bar] : undefined
    return bar !== undefined && reason
      ? `该工单属于《广州市政务服务便民热线管理办法》第二十九条第（${CHINESE_NUMERALS[bar]}）项情形（${reason}），不再发回再次办理。`
      : '该工单属于不再发回再次办理的情形。'
  },
  HOTLINE_REPORT_INCOMPLETE: (f) => {
    const word = named(REPORT_FIELDS, f.field()?.replace(/^\/body\//, ''))
    return word ? `办理情况不完整：请填写${word}。` : '办理情况不完整，请补充后再提交。'
  },
  HOTLINE_RETURN_GROUNDS_MISSING: '以“有明确文件依据不属于本单位职责”申请退回的，须写明文件依据。',
  HOTLINE_RETURN_LATE: lapsed('申请退回的期限', 'due'),
  HOTLINE_RETURN_VISIT_DONE: '本次评价的回访已记录。',
  HOTLINE_RETURN_VISIT_FIRST: '须先记录回访情况，才能发回再次办理或结束工单。',
  HOTLINE_SAME_DEPARTMENT: '同意退回的，须改派给申请退回单位以外的其他单位。',
  HOTLINE_STORED_ROW_UNREADABLE: storedRowDamaged,
  HOTLINE_SUPERVISION_NOT_FOUND: '该工单没有这项督办。',
  HOTLINE_SUPPLEMENT_ASKED: '补充信息通知只发一次，应一次性列明所需的全部信息。',
  HOTLINE_SUPPLEMENT_LATE: lapsed('补充信息的期限', 'windowEnds'),
  HOTLINE_SUPPLEMENT_ONLINE_ONLY: '电话来电的诉求人应电话联系（三次）；书面的补充信息通知只用于网上工单。',
  HOTLINE_SUPPLEMENT_PENDING: (f) => {
    const ends = f.day('windowEnds')
    return `工单正在等待诉求人补充信息${ends ? `（期限至${ends}）` : ''}，暂不能派单。`
  },
  HOTLINE_TICKET_LIMIT_REACHED: '该工单的退回或重新计时次数已达记录上限。',
  HOTLINE_TICKET_NOT_FOUND: '未找到该工单。',
  HOTLINE_TICKET_STATE_CONFLICT: (f) => {
    const state = stateName(TICKET_STATUS, f.text('ticketStatus'))
    return `该工单${state ? `当前为“${state}”，` : '当前所处的环节'}不能办理此项操作，可能已被他人办理。${STATE_CHANGED}`
  },
  HOTLINE_TOO_MANY_SUPERVISIONS: '每张工单最多督办 20 次。',

  // 一窗受理、容缺、一次性告知、用地、帮办代办、中介服务、事项目录
  INTAKE_ACTOR_MISSING: SIGN_IN_AGAIN,
  INTAKE_APPLICATION_ALREADY_OPEN: '该环节已有尚未办结的申请，不能重复申请。',
  INTAKE_APPLICATION_CLOSED: '该申请已办结或已撤回，不能再补交材料。',
  INTAKE_APPLICATION_INCOMPLETE: '申请材料不齐全或不符合法定形式，暂不能受理；所有问题已一次性告知，见下列各项。',
  // A read or a command whose answer needed the row: the command's transaction rolled back, so nothing changed.
  INTAKE_APPLICATION_UNREADABLE:
    '该申请的存储记录已损坏，暂时无法查看或办理，本次操作未作任何更改；已记录，请联系系统管理员。',
  INTAKE_AREA_CODE_TAKEN: '该区域编码已发布，请使用其他编码。',
  INTAKE_AREA_INVALID: `无法按所填内容发布区域评估区域。${SEE_FIELDS}`,
  INTAKE_ASSIST_ANSWER_IN_FLIGHT: (f) => {
    const after = f.instant('retryAfter')
    return `帮办代办员对补正通知的答复可能仍在提交途中，请${after ? `于${after}之后` : '稍后'}再结束该帮办代办案件。`
  },
  INTAKE_ASSIST_CASE_CLOSED: (f) => {
    const at = f.instant('closedAt')
    return `该帮办代办案件已${at ? `于${at}` : ''}结束。`
  },
  INTAKE_ASSIST_CASE_EXISTS: '该项目已有帮办代办案件，一个案件覆盖项目的全部阶段。',
  INTAKE_ASSIST_CASE_UNREADABLE:
    '该项目的帮办代办案件记录已损坏，暂时无法代为办理，本次操作未作任何更改；已记录，请联系系统管理员。',
  INTAKE_ASSIST_GRANT_UNREADABLE: '帮办代办的授权记录已损坏，暂时无法结束该案件，已记录，请联系系统管理员。',
  INTAKE_ASSIST_NOT_ASSIGNED: (f) => named(ASSIST_NOT_ASSIGNED, f.text('reason')) ?? '您不是该项目的帮办代办员。',
  INTAKE_ASSIST_NOT_ELIGIBLE: '该项目不符合无偿帮办代办的条件，见下列各项。',
  INTAKE_ASSIST_STAGE_NOT_COVERED: (f) => {
    const stage = named(CATALOGUE_STAGES, f.text('stage'))
    return `帮办代办案件不覆盖该申请所在的${stage ?? '阶段'}，此阶段由建设单位自行办理。`
  },
  INTAKE_ASSIST_STAGE_UNKNOWN: '所选阶段不属于该项目的审批流程，见下列各项。',
  INTAKE_ASSIST_VISIT_LIMIT: '一个帮办代办案件最多记录 100 次跟踪回访。',
  INTAKE_ASSIST_VISIT_RECORDED: '该次回访已记录。',
  INTAKE_CALENDAR_CONFLICT: '该工作日历刚被他人更新，请重新发布。',
  INTAKE_CALENDAR_INVALID: `工作日历内容有误。${SEE_FIELDS}`,
  INTAKE_CATALOGUE_ACTIVE_FROM_PAST: '目录版本的启用日期不能早于今天。',
  INTAKE_CATALOGUE_ALREADY_ACTIVATED: (f) => {
    const from = f.day('activeFrom')
    return `该目录版本已${from ? `自${from}起` : ''}启用。`
  },
  INTAKE_CATALOGUE_DATE_TAKEN: '该日期已有其他目录版本启用，请另选日期。',
  INTAKE_CATALOGUE_INVALID: '目录文件有错误，未保存任何内容；所有问题见下列各项。',
  INTAKE_CATALOGUE_VERSION_TAKEN: '该地区已有同名的目录版本，请更改版本号。',
  INTAKE_CREDIT_CODE_INVALID: '建设单位的统一社会信用代码无效，请核对。',
  INTAKE_INTERMEDIARY_ALREADY_CHOSEN: '该项目已为此项中介服务选定中介机构。',
  INTAKE_INTERMEDIARY_COVERED_BY_AREA: (f) => {
    const area = f.text('areaName')
    const on = f.day('issuedOn')
    return `项目所在区域${paren(area)}的区域评估成果${on ? `（${on}出具）` : ''}已涵盖此项评估，无需另行委托中介服务。`
  },
  INTAKE_INTERMEDIARY_DELIVERED: '该中介服务的成果已提交。',
  INTAKE_INTERMEDIARY_UNKNOWN: '所选的中介服务或中介机构不在名录之中。',
  INTAKE_LAND_ALREADY_LINKED: (f) => {
    // The code of the land it is linked to is in the field's message only (`linked to 441500-A07`).
    const linked = /^linked to (.+)$/.exec(f.firstFieldMessage() ?? '')?.[1]
    const code = linked ? ` ${linked}` : ''
    const field = f.field()
    if (field === '/plotId') return `该项目已关联宗地${code}，不能再关联其他宗地。`
    if (field === '/areaId') return `该项目已确认所在评估区域${code}，不能再关联其他区域或其他区域的宗地。`
    return '该项目已关联评估区域或宗地，不能改为关联其他的。'
  },
  INTAKE_LAND_REGION_MISMATCH: '所选区域或宗地与项目不在同一行政区划。',
  INTAKE_MATERIAL_NOT_OWED: '所交材料不在待补交的容缺材料之中，或重复提交，见下列各项。',
  INTAKE_NOT_YOUR_PROJECT: ONLY_THE_OWNER,
  INTAKE_NOTHING_OWED: '该申请没有待补交的材料。',
  INTAKE_PLOT_CODE_TAKEN: '该宗地编号已发布，请使用其他编号。',
  INTAKE_PLOT_INVALID: `无法按所填内容发布宗地。${SEE_FIELDS}`,
  INTAKE_PROJECT_CODE_TAKEN: '该项目代码已登记。',
  INTAKE_PROJECT_NOT_ELIGIBLE: '项目不符合所选项目类型的适用条件，见下列各项。',
  INTAKE_PROJECT_TYPE_EXEMPT: '该类项目免于审批，无需登记。',
  INTAKE_PROJECT_TYPE_UNKNOWN: '所选项目类型不在本地区的事项目录中。',
  INTAKE_PROJECT_UNREADABLE: '该项目的存储记录已损坏，暂时无法办理，本次操作未作任何更改；已记录，请联系系统管理员。',
  INTAKE_RECEIPT_ALREADY_DECIDED: '该申请已作出处理，只有“已收件”的申请才能受理、不予受理或撤件。',
  INTAKE_RECEIPT_ALREADY_NOTIFIED: '该申请已作出一次性告知，一次性告知只作一次。',
  INTAKE_RECEIPT_NOT_NOTIFIED: '该申请没有待补齐的一次性告知，或已补齐：请窗口作出是否受理的决定。',
  INTAKE_RECEIPT_NOTICE_LATE: (f) => {
    const last = f.day('lastDay')
    return `一次性告知应在收件后 5 个工作日内作出${last ? `（最迟${last}）` : ''}；逾期未告知的，自收到申请材料之日起即为受理（行政许可法第三十二条）。`
  },
  INTAKE_REFUSAL_INVALID:
    '只有以“不属于本机关职权范围”为由不予受理的，才需告知应向哪个机关申请；未经网上预约的申请不填写预约例外情形。',
  // 网上预约 (docs/intake.md#booking-the-window-网上预约).
  INTAKE_BOOKING_DAY_INVALID: '预约日期不是有效的日期。',
  INTAKE_BOOKING_DAY_OUT_OF_RANGE: (f) => {
    const from = f.day('from')
    const to = f.day('to')
    return `只能预约今天起 30 日内的工作日${from && to ? `（${from}至${to}）` : ''}。`
  },
  INTAKE_BOOKING_DAY_NOT_WORKING:
    '所选日期不是工作日（或该年度工作日历尚未发布），政务服务中心不办理预约业务，请另选日期。',
  INTAKE_BOOKING_SLOT_PASSED: '所选时段已过，请另选时段或日期。',
  INTAKE_BOOKING_SLOT_FULL: (f) => {
    const n = f.num('capacity')
    return `所选时段预约已满${n === undefined ? '' : `（每个时段 ${n} 个号）`}，请另选时段或日期。`
  },
  INTAKE_BOOKING_EXISTS: '该环节已有一个有效预约；如需改期，请先取消原预约。',
  INTAKE_BOOKING_CLOSED: '该预约已到场办理、已取消或已记为未到，不能再取消或登记未到。',
  INTAKE_BOOKING_NOT_DUE: '该预约时段尚未结束，申请人仍可能到场，暂不能登记未到。',
  INTAKE_BOOKED_REFUSAL_REASON_REQUIRED:
    '该申请经网上预约办理，预约成功的服务不得拒绝办理：只有申请人主动放弃、无法提供必备资料或不属于本中心受理范围的，才可不予受理，请选择其中一种情形。',
  // 结果送达 (docs/intake.md#result-delivery).
  INTAKE_DELIVERY_CHOICE_INVALID:
    '送达方式填写不完整：寄递送达须填写收件人、收件地址和联系电话，其他方式不填收件地址。',
  INTAKE_DELIVERY_INVALID:
    '送达登记日期有误：日期不得晚于今天，不得早于办结日；签收日期不得早于寄出日，寄出登记只能是当天。',
  INTAKE_DELIVERY_NOT_DUE: '该申请尚未办结，暂无办理结果可以送达。',
  INTAKE_DELIVERY_OUT_OF_ORDER:
    '送达登记顺序不对：现场送达登记已领取；寄递送达先登记已寄出，再登记已签收，且每步只登记一次。',
  INTAKE_DELIVERY_WRONG_MODE:
    '该结果的送达方式不是这一种：已领取用于现场送达，已寄出和已签收用于寄递送达，网上送达无需登记。',
  // 按照单位工程办理施工许可 (docs/intake.md#parts).
  INTAKE_PART_ALREADY_APPROVED: (f) => {
    const part = f.text('part')
    return `单位工程${part ? `“${part}”` : ''}的施工许可已审批通过，无需再次申请。`
  },
  INTAKE_PART_NOT_ALLOWED: (f) =>
    `${quotedStep(f) ?? '该环节'}不是施工许可环节：只有建筑工程施工许可可以按照单位工程办理，请不要填写单位工程。`,
  INTAKE_PART_WITH_PHASE: '单位工程的施工许可整体办理：单位工程和办理阶段只能填写其中一项。',
  INTAKE_PHASE_ALREADY_APPROVED: (f) => {
    const phase = f.text('phaseName')
    return `${quotedStep(f) ?? '该环节'}的${phase ? `“${phase}”阶段` : '该阶段'}已审批通过，无需再次申请。`
  },
  INTAKE_PHASE_OUT_OF_ORDER: (f) => {
    const phase = f.text('phaseName')
    const waiting = f.text('waitingForPhaseName')
    return `${phase ? `“${phase}”阶段` : '该阶段'}须待${waiting ? `上一阶段“${waiting}”` : '上一阶段'}审批通过后才能申请。`
  },
  INTAKE_PHASE_REQUIRED: (f) => {
    const next = f.text('nextPhaseName')
    return `${quotedStep(f) ?? '该环节'}已分阶段办理，请申请${next ? `下一阶段“${next}”` : '下一阶段'}，不能再整体申请。`
  },
  INTAKE_PHASE_UNKNOWN: (f) => `${quotedStep(f) ?? '该环节'}没有所选的办理阶段，请按事项目录列出的阶段申请。`,
  INTAKE_REGION_UNKNOWN: '该行政区划没有事项目录。',
  INTAKE_ROLE_FORBIDDEN: (f) => {
    // Roles as the menu names them (session.tsx); a role it does not name leaves its part of the sentence out.
    const role = named(ROLE_NAMES, f.text('role'))
    const allowed = f.list('allowedRoles').map((r) => named(ROLE_NAMES, r))
    const known = allowed.length > 0 && allowed.every((r) => r !== undefined) ? allowed : []
    const takes = known.length > 1 ? `${known.slice(0, -1).join('、')}或${known.at(-1)}` : known[0]
    return `您的角色${role ? `“${role}”` : ''}不能办理此项操作${takes ? `，此项操作须由${takes}办理` : ''}。`
  },
  INTAKE_STEP_ALREADY_APPROVED: (f) => `${quotedStep(f) ?? '该环节'}已审批通过，无需再次申请。`,
  INTAKE_STEP_EXEMPT: (f) => `该项目在${quotedStep(f) ?? '此环节'}的事项均免于办理，无需申请。`,
  INTAKE_STEP_OUT_OF_ORDER: (f) => {
    const waiting = f.text('waitingForName')
    return `${quotedStep(f) ?? '该环节'}须待${waiting ? `前置环节“${waiting}”` : '其前置环节'}审批通过后才能申请。`
  },
  INTAKE_STEP_SKIPPED: (f) => `该项目无需办理${quotedStep(f) ?? '此环节'}，不必申请。`,
  INTAKE_STEP_NOT_AT_WINDOW: (f) =>
    `${quotedStep(f) ?? '竣工验收阶段的环节'}不在窗口申请：竣工联合验收由建设单位向牵头部门申请，由牵头部门统一受理；不动产首次登记依联合验收结果办理，无需申请。`,
  INTAKE_STORED_ROW_UNREADABLE: storedRowDamaged,

  // 消息通知
  NOTIFICATION_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  NOTIFICATION_NO_PARTY: '只有建设单位、审批部门、监督部门、热线中心和管线单位才有消息通知。',
  NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY: '监督部门、热线中心和不动产登记机构的通知设置由系统管理员设置。',
  NOTIFICATION_PREFERENCES_INVALID: `通知设置有误。${SEE_FIELDS}`,
  NOTIFICATION_PREFERENCES_REGIONAL_CALLER:
    '区域用户不能修改本部门的短信/邮箱地址和通知设置（对本部门所有区域生效），由本部门全辖用户设置。',

  // 不动产首次登记、电子证照
  NOTIFICATION_STORED_ROW_UNREADABLE: storedRowDamaged,
  REGISTRATION_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  REGISTRATION_ACCEPTANCE_REVOKED: (f) => {
    const on = f.day('revokedOn')
    return `该案件所依据的联合验收已${on ? `于${on}` : ''}因告知承诺违诺被依法撤销，不能办结首次登记。`
  },
  REGISTRATION_CASE_NOT_OPEN: (f) =>
    `只有首次登记办理中的案件才能办结${nowIs(stateName(REGISTRATION_CASE_STATUS, f.text('caseStatus')))}。${STATE_CHANGED}`,
  REGISTRATION_CERTIFICATE_DISPUTED: (f) => {
    const numbers = f.list('certificateNumbers')
    const which = numbers.length > 0 ? `证照 ${numbers.join('、')} ` : '证照'
    return `首次登记所依据的本项目${which}有异议正在签发部门核查、尚未答复，暂不能办结登记；签发部门答复后即可办结。`
  },
  REGISTRATION_CERTIFICATE_REVOKED: (f) => {
    const on = f.day('revocation.revokedOn')
    return `该证照已${on ? `于${on}` : ''}注销。`
  },
  REGISTRATION_NOT_A_REGISTRAR: '只有不动产登记机构才能办理此项操作。',
  // 证照异议 (004:1134)
  REGISTRATION_OBJECTION_ANSWERED: '该证照异议已处理完毕，处理结果已告知提出异议的单位。',
  REGISTRATION_OBJECTION_BLANK: `请填写异议理由、证据或核查结论，不能只有空格。${SEE_FIELDS}`,
  REGISTRATION_OBJECTION_ISSUER_UNKNOWN: '事项目录中查不到该证照的签发部门，暂不能提出异议，请联系系统管理员。',
  REGISTRATION_OBJECTION_NOT_A_USER: '只有使用该证照的部门（审批部门、不动产登记机构）才能提出证照异议。',
  REGISTRATION_OBJECTION_NOT_FOUND: '找不到该证照异议。',
  REGISTRATION_OBJECTION_NOT_THE_ISSUER: '只有该证照的签发部门才能核查并答复异议。',
  REGISTRATION_OBJECTION_OPEN: '本部门对该证照已有一项异议在核查中，请等待签发部门答复后再提出。',
  REGISTRATION_OBJECTION_OWN_CERTIFICATE: '该证照由本部门签发：发现有误请自行更正，不必提出异议。',
  REGISTRATION_PRE_SURVEY_NOT_RUNNING: (f) =>
    `该案件的权籍调查不在进行中${nowIs(stateName(REGISTRATION_CASE_STATUS, f.text('caseStatus')))}。${STATE_CHANGED}`,
  REGISTRATION_REVOCATION_DATE: '注销的生效日期须在发证之日至今天之间。',
  REGISTRATION_STORED_ROW_UNREADABLE: storedRowDamaged,
  REGISTRATION_UNIT_CODE_REGION: (f) =>
    `不动产单元代码须以本行政区划代码${f.text('region') ? ` ${f.text('region')} ` : ''}开头。`,

  // 水电气网报装
  UTILITY_ACTOR_REQUIRED: SIGN_IN_AGAIN,
  UTILITY_NOT_YOUR_REQUEST: '只有该报装申请所属市政公用服务单位的人员才能办理。',
  UTILITY_PERMIT_NOT_REQUESTED: '该报装申请没有待办的这项外线行政审批。',
  UTILITY_PERMIT_DECIDED_BY_DEPARTMENT: (f) =>
    `这项外线行政审批由${f.text('departmentName') ?? '审批部门'}在线审批，审批结果会自动推送到报装申请，无需登记。`,
  UTILITY_PERMIT_NOT_YOUR_DEPARTMENT: '这项外线行政审批不是向本部门申请的，本部门不能作出决定。',
  UTILITY_PERMIT_NOT_REFUSED: '只有审批部门不予许可的外线行政审批才能重新申请。',
  UTILITY_PERMIT_DECISION_INVALID: (f) =>
    named(
      {
        '/decidedOn': '决定日期不能晚于今天，也不能早于报装受理之日。',
        '/documentNo': '请填写审批决定的文号。',
        '/department': '所选部门不是本地区审批外线工程的政府部门，请核对。',
        '/reason': '请填写不予许可的理由。',
        '/change': '请说明对接入方案作了哪些调整。',
      },
      f.field(),
    ) ??
    (f.field()?.startsWith('/deficiencies')
      ? '容缺材料的名称不能为空，也不能重复，请核对。'
      : '外线审批决定填写有误，请核对。'),
  UTILITY_PERMIT_ALREADY_ACCEPTED: `这项外线行政审批本轮已容缺受理，不能再次受理。${STATE_CHANGED}`,
  UTILITY_PERMIT_MATERIAL_NOT_OWED: (f) =>
    f.field() === '/kind'
      ? `这项外线行政审批没有待补交的容缺材料。${STATE_CHANGED}`
      : `所选材料不是这项外线行政审批待补交的容缺材料（可能已经补交）。${STATE_CHANGED}`,
  UTILITY_JOINT_SURVEY_ALREADY_SET: (f) => {
    const day = f.day('jointSurvey.day')
    return `本项目的联合踏勘已${day ? `定于${day}` : '约定'}，只有发起的单位才能改期；如需改期，请与其商定。`
  },
  UTILITY_JOINT_SURVEY_INVALID: (f) =>
    named(
      {
        '/day': '踏勘日期不能早于今天。',
        '/time': '请填写踏勘时间。',
        '/place': '请填写踏勘地点。',
        '/contact': '请填写联系人及电话。',
        '/atJointSurvey': '本报装申请没有已到踏勘日的联合踏勘，不能登记为在联合踏勘时踏勘。',
        '/reason': '请填写取消联合踏勘的原因。',
      },
      f.field(),
    ) ?? '联合踏勘填写有误，请核对。',
  UTILITY_JOINT_SURVEY_NOT_PROPOSER: '只有发起联合踏勘的单位才能取消；如需取消，请与其商定。',
  UTILITY_JOINT_SURVEY_NOT_SET: `本项目目前没有约定的联合踏勘。${STATE_CHANGED}`,
  UTILITY_JOINT_SURVEY_TOO_LATE: (f) => {
    const day = f.day('jointSurvey.day')
    return `联合踏勘${day ? `（${day}）` : ''}已到踏勘日或已过，不能再取消或确认。`
  },
  UTILITY_JOINT_SURVEY_CHANGED: (f) => {
    const day = f.day('jointSurvey.day')
    return `联合踏勘已由发起单位改期${day ? `至${day}` : ''}，请按新的时间确认参加。`
  },
  UTILITY_JOINT_SURVEY_OWN_PROPOSAL: '联合踏勘由本单位发起，无需确认参加。',
  UTILITY_WORKS_PLAN_INVALID: (f) =>
    named(
      {
        '/worksPlan':
          '本地区低风险外线工程须填写告知承诺并上传施工方案（推送有关部门）；须办理许可或本地区无须推送的，不填。',
        '/worksPlan/commitment': '请填写告知承诺内容。',
        '/worksPlan/plans': '推送的材料中须有施工方案。',
      },
      f.field(),
    ) ?? '施工方案填写有误，请核对方案编号和内容。',
  UTILITY_RESTORATION_STATE_CONFLICT: `该报装申请当前不能办理此项修复事项（未推送施工方案、修复尚未报完成或已报完成）。${STATE_CHANGED}`,
  UTILITY_RESTORATION_REVIEW_INVALID: '请填写需整改的内容。',
  UTILITY_REQUEST_STATE_CONFLICT: (f) => {
    const stage = named(UTILITY_STAGES, f.text('stage'))
    const expected = named(UTILITY_STAGES, f.text('expected'))
    return stage && expected
      ? `该报装申请当前处于“${stage}”阶段，此项操作须在“${expected}”阶段办理。`
      : `该报装申请当前不能办理此项操作。${STATE_CHANGED}`
  },

  // Every service's own answers (service-kit, Fastify), not in the domain table.
  UTILITY_STORED_ROW_UNREADABLE: storedRowDamaged,
  VALIDATION_FAILED: `提交的内容有误。${SEE_FIELDS}`,
  NOT_FOUND: '请求的地址不存在。',
  INTERNAL_ERROR: '系统内部出错，已记录，请稍后重试；如仍不成功，请联系系统管理员。',
  DEPENDENCY_UNAVAILABLE: (f) => `系统暂时不可用，${waitSeconds(f)}`,
  // The outbox refused an event larger than NATS takes (any service): nothing was saved; the case already holds much.
  MESSAGING_EVENT_TOO_LARGE:
    '本次操作未保存：该办件累计记录的内容已超过系统单条消息的上限。请精简本次填写的内容（如整改意见、说明）后重试；如仍不成功，请联系系统管理员。',
  SHUTTING_DOWN: (f) => `服务正在重启，${waitSeconds(f)}`,
  NOT_READY: (f) => `服务尚未就绪，${waitSeconds(f)}`,
  BAD_REQUEST: '请求格式不正确，请刷新页面后重试。',
  REQUEST_TIMEOUT: '请求超时，请检查网络后重试。',
  HEADERS_TOO_LARGE: '请求过大，请重新登录后重试。',
  FST_ERR_CTP_BODY_TOO_LARGE: '提交的内容过大，请精简后重试。',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '请求格式不正确，请刷新页面后重试。',
}

// ─── `*_NOT_FOUND` and the fallback ───────────────────────────────────────────────────────────────────────────────

/** What a `*_NOT_FOUND` code names, by the words before the suffix (`INTAKE_PROJECT_NOT_FOUND` → PROJECT). */
const NOT_FOUND_THINGS: Readonly<Record<string, string>> = {
  PROJECT: '项目',
  APPLICATION: '申请',
  STEP: '审批环节',
  TASK: '审批任务',
  NOTICE: '通知',
  RATING: '评价',
  DRAWING_REVIEW: '施工图审查',
  CASE: '联合验收案件',
  SURVEY: '测绘委托',
  QUALITY_INSPECTION: '质量安全监督检查',
  CERTIFICATE: '证照',
  TICKET: '工单',
  FEEDBACK: '知识点反馈',
  KNOWLEDGE: '知识点',
  SUPERVISION: '督办',
  AREA: '区域评估区域',
  PLOT: '宗地',
  ASSIST_CASE: '帮办代办案件',
  ASSIST_VISIT: '跟踪回访',
  CATALOGUE_VERSION: '目录版本',
  INTERMEDIARY: '中介服务',
  REQUEST: '报装申请',
  DEAD_LETTER: '死信',
}

const SUFFIX_RULES: ReadonlyArray<{ suffix: string; say: Say }> = [
  {
    suffix: '_NOT_FOUND',
    say: (f) => {
      const words = f.problem.code.replace(/_NOT_FOUND$/, '').split('_')
      // The longest tail of the code's words the table names: ASSIST_CASE before CASE.
      for (let i = 1; i < words.length; i++) {
        const thing = NOT_FOUND_THINGS[words.slice(i).join('_')]
        if (thing) return `未找到该${thing}，可能编号有误或您无权查看。`
      }
      return '未找到所请求的记录，可能编号有误或您无权查看。'
    },
  },
]

/** The sentence for a code no table names, by its status; the English detail is shown beside it. */
function fallback(status: number): string {
  if (status === 400) return '提交的内容有误，未能办理。'
  if (status === 401) return '登录已失效，请重新登录。'
  if (status === 403) return '您的账号无权办理此项操作。'
  if (status === 404) return '未找到所请求的内容。'
  if (status === 409) return `此项操作与当前状态不符，可能已被他人办理。${STATE_CHANGED}`
  if (status === 413) return '提交的内容过大。'
  if (status === 429) return '操作过于频繁，请稍后再试。'
  if (status >= 500) return '系统暂时无法办理，请稍后重试；如仍不成功，请联系系统管理员。'
  return '请求未能办理。'
}

/** The sentence for a problem and whether its code has one of its own (else a generic one, by status). */
export function problemText(problem: ProblemFacts): { text: string; known: boolean } {
  const f = new Facts(problem)
  const own = Object.hasOwn(TEXTS, problem.code) ? TEXTS[problem.code] : undefined
  const say = own ?? SUFFIX_RULES.find((r) => problem.code.endsWith(r.suffix))?.say
  if (say !== undefined) {
    try {
      return { text: typeof say === 'string' ? say : say(f), known: true }
    } catch {
      // Members of a shape no sentence expected: the generic sentence, with the English detail beside it.
      return { text: fallback(problem.status), known: false }
    }
  }
  if (problem.code.startsWith('FST_')) return { text: '请求格式不正确，请刷新页面后重试。', known: true }
  return { text: fallback(problem.status), known: false }
}

/**
 * Whether a code of docs/errors.md has its own sentence: a code by name, a rule (`*_NOT_FOUND`) by its suffix.
 * For the test that holds this file to the registry.
 */
export function hasProblemText(code: string): boolean {
  if (code.startsWith('*')) return SUFFIX_RULES.some((r) => r.suffix === code.slice(1))
  return Object.hasOwn(TEXTS, code) || SUFFIX_RULES.some((r) => code.endsWith(r.suffix))
}

/**
 * A refused request in Chinese, as `must` (api.ts) puts it on its `ApiProblem`: the sentence, and each field's message
 * — the problem's own sentence when the field only repeats the English detail (as the hotline's refusals do), else the
 * message's shape in Chinese.
 */
export function chineseProblem(
  problem: ProblemFacts & { readonly detail: string; readonly errors: readonly FieldProblem[] },
): ProblemChinese {
  const { text, known } = problemText(problem)
  // A field that repeats the detail says the problem's sentence, unless its message has a Chinese shape of its own
  // (无偿帮办代办's county, named with the codes it compared).
  const fields = problem.errors.map((e) => {
    if (typeof e.message !== 'string') return ''
    const own = fieldText(e.message)
    return e.message === problem.detail && own === e.message ? text : own
  })
  return { text, known, fields }
}

// ─── Field messages ───────────────────────────────────────────────────────────────────────────────────────────────

const FORMATS: Readonly<Record<string, string>> = {
  date: '日期，如 2026-03-02',
  'date-time': '时间',
  time: '时刻',
  email: '电子邮箱地址',
  uri: '网址',
  url: '网址',
  uuid: '编号',
  ipv4: 'IP 地址',
}
const TYPES: Readonly<Record<string, string>> = {
  integer: '整数',
  number: '数字',
  string: '文字',
  boolean: '是或否',
  object: '对象',
  array: '列表',
  null: '空值',
}
const COMPARISONS: Readonly<Record<string, string>> = {
  '<=': '不能大于',
  '>=': '不能小于',
  '<': '须小于',
  '>': '须大于',
}

/** The measures a verification's field message names (breach.tsx's COMMITMENT_MEASURE, as the form says them). */
const MEASURE_WORDS: Readonly<Record<string, string>> = { rectify: '责令整改', 'bar-commitment': '禁止选择告知承诺' }
/** A day in a field message (`2026-03-02`) as the console writes days; anything else as it is. */
const dayIn = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? chineseDate(text) : text)
const count = (n: string, unit: string) => `${n} ${unit}`

/** Why 依法撤销许可 cannot be chosen on a task whose permit is not granted (never, or revoked already). */
export const NOT_GRANTED = '本事项尚未作出许可（或已撤销），不能选择依法撤销许可'

/**
 * The shapes of field messages the services send, in Chinese: TypeBox's (and Ajv's, `must NOT …`), service-kit's
 * (`is required`, the input limits, dates) and a few the services write themselves. A message no shape matches is
 * shown as it came.
 */
const FIELD_SHAPES: ReadonlyArray<[RegExp, (...m: string[]) => string]> = [
  [/^is required$/, () => '必填'],
  [/^must have required propert(?:y|ies) '?(.+?)'?$/, (names) => `缺少必填项：${names}`],
  [/^is not allowed \(unknown field\)$/, () => '不是可接受的字段'],
  [/^must not have additional properties$/i, () => '含有不可接受的字段'],
  [/^must not have fewer than 1 characters?$/i, () => '不能为空'],
  [/^must not have more than (\d+) characters?$/i, (n) => `不能超过 ${count(n, '个字符')}`],
  [/^must not have fewer than (\d+) characters?$/i, (n) => `不能少于 ${count(n, '个字符')}`],
  [/^must not have more than (\d+) items?$/i, (n) => `最多 ${count(n, '项')}`],
  [/^must not have fewer than (\d+) items?$/i, (n) => `至少 ${count(n, '项')}`],
  [/^must not have more than (\d+) properties$/i, (n) => `最多 ${count(n, '个字段')}`],
  [/^must not have fewer than (\d+) properties$/i, (n) => `至少 ${count(n, '个字段')}`],
  [/^must not have duplicate items$/i, () => '不能有重复项'],
  [/^must be at most (\d+) characters$/, (n) => `不能超过 ${count(n, '个字符')}`],
  [/^must have at most (\d+) items$/, (n) => `最多 ${count(n, '项')}`],
  [/^must have at most (\d+) keys$/, (n) => `最多 ${count(n, '个字段')}`],
  [/^is nested too deeply \(at most (\d+) levels\)$/, (n) => `嵌套层级过深（最多 ${n} 层）`],
  [/^is not allowed \(reserved name\)$/, () => '使用了保留的名称，不可接受'],
  [/^is not allowed \(a name longer than (\d+) characters\)$/, (n) => `字段名不能超过 ${count(n, '个字符')}`],
  [/^must not contain NUL \(U\+0000\)$/, () => '含有不可接受的空字符'],
  [/^must not contain a lone UTF-16 surrogate$/, () => '含有无效字符'],
  [/^must match format "(.+)"$/, (format) => `格式不正确，应为${FORMATS[format] ?? format}`],
  [/^must match pattern "(.*)"$/, () => '格式不正确'],
  [/^is not a real calendar day \(YYYY-MM-DD\)$/, () => '不是有效的日期（应为 YYYY-MM-DD）'],
  [/^is not a real UTC instant \(ISO-8601 with Z\)$/, () => '不是有效的时间'],
  [
    /^must be within 2000-01-01 and 2099-12-31, written YYYY-MM-DD$/,
    () => '须为 2000 年至 2099 年之间的日期，如 2026-03-02',
  ],
  [/^must be a UTC instant within 2000 and 2099, ISO-8601 with Z$/, () => '须为 2000 年至 2099 年之间的时间'],
  [/^must be (<=|>=|<|>) (-?[\d.]+)$/, (op, n) => `${COMPARISONS[op] ?? '超出范围：'} ${n}`],
  [/^must be (?:an? )?(integer|number|string|boolean|object|array|null)$/, (type) => `须为${TYPES[type] ?? type}`],
  [/^must be either (.+)$/, () => '类型不正确'],
  [/^must be multiple of ([\d.]+)$/, (n) => `须为 ${n} 的倍数`],
  [/^must be equal to one of the allowed values$/, () => '不是可选的值'],
  [/^must be one of: (.+)$/, (values) => `不是可选的值（可选：${values}）`],
  [/^must be equal to constant$/, () => '不是可接受的值'],
  [/^must match (?:a schema in anyOf|exactly one schema in oneOf)$/, () => '内容不符合要求'],
  // Written by the services.
  [/^already (?:published|registered)$/, () => '已存在，不能重复'],
  [/^linked to (.+)$/, (code) => `已关联 ${code}`],
  [/^is before today \((\d{4}-\d{2}-\d{2})\)$/, (day) => `早于今天（${dayIn(day)}）`],
  [/^is before from \((\d{4}-\d{2}-\d{2})\)$/, (day) => `早于起始日期（${dayIn(day)}）`],
  [
    /^is (\d+) days from from \((\d{4}-\d{2}-\d{2})\), both included; at most (\d+)$/,
    (days, from, most) => `自起始日期（${dayIn(from)}）起共 ${days} 天，最多 ${most} 天`,
  ],
  [/^must be (\d{4}-\d{2}-\d{2}) or later$/, (day) => `不能早于${dayIn(day)}`],
  [/^must be after (\d{4}-\d{2}-\d{2})$/, (day) => `须晚于${dayIn(day)}`],
  [/^must be from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/, (from, to) => `须在${dayIn(from)}至${dayIn(to)}之间`],
  [/^is barred until (\d{4}-\d{2}-\d{2})$/, (day) => `${dayIn(day)}前不得选择`],
  [/^outside the land-condition list of plot (.+)$/, (plot) => `不在宗地 ${plot} 的用地清单之内`],
  [/^not in the service guide of (.+)$/, (item) => `不在“${item}”办事指南所列的材料之内`],
  [/^is required when the opinion is rectify$/, () => '验收意见为“需整改”时必填'],
  [/^"(.+)" is not owed$/, (code) => `“${code}”不是待补交的材料`],
  [/^"(.+)" is handed in twice$/, (code) => `“${code}”重复提交`],
  // 告知承诺事后核查 and 容缺后补核查 (vocabulary's verificationErrors; approval's 依法撤销许可 of a permit not standing).
  [/^is not a working day after today \((\d{4}-\d{2}-\d{2})\)$/, (day) => `须为今天（${dayIn(day)}）之后的工作日`],
  [/^is required when the commitment was breached$/, () => '与承诺不符时必填'],
  [/^is required with the (rectify|bar-commitment) measure$/, (m) => `选择${MEASURE_WORDS[m] ?? m}时必填`],
  [/^is only for the (rectify|bar-commitment) measure$/, (m) => `仅在选择${MEASURE_WORDS[m] ?? m}时填写`],
  [/^is only for a breached commitment$/, () => '仅在与承诺不符时填写'],
  [
    /^revoke is for a granted permit; it was revoked on (\d{4}-\d{2}-\d{2})$/,
    (day) => `许可已于${dayIn(day)}撤销，不能再次依法撤销许可`,
  ],
  [/^revoke is for a granted permit; the task is (\S+)$/, () => NOT_GRANTED],
  // 无偿帮办代办's eligibility (intake's domain/assisted-case.ts, 004:1868).
  [/^A county key project names the county that designated it\.$/, () => '县级重点项目须填写认定该项目的县（区）'],
  [
    /^County (\d{6}) is not a county of the project's city \((\d{6})\)\.$/,
    (county, city) => `${county} 不是本项目所在城市（${city}）下辖县（区）的行政区划代码`,
  ],
  [
    /^Project type .+ is not an industrial project .*: it is eligible only as a city or county key project\.$/,
    () => '本项目不属于其他产业项目，只能按市级或县级重点项目申请无偿帮办代办',
  ],
  [/^An industrial project in need says what the need is\.$/, () => '有需要的产业项目须说明具体需要'],
  // 特别程序 the item's law does not provide for (approval's domain/task.ts, 行政许可法第四十五条).
  [/^\S+ is not a special procedure of \S+$/, () => '本事项不适用所选的特别程序'],
  // 公示 on a case whose limit counts it (acceptance's scheduleInspection).
  [/^is not excluded from this case's clock$/, () => '本案件的验收时限不扣除公示时间，无需填写公示期'],
  // 报装 named in the combined form (intake's domain/utilities.ts).
  [/^must be a number from 0 to (\d+)$/, (max) => `须为 0 至 ${max} 之间的数字`],
  [/^must be true or false$/, () => '须为是或否'],
  [/^is not a known field$/, () => '不是可接受的字段'],
  [/^(?:water|power|gas|drainage|telecom) is named more than once$/, () => '同一类报装只能申请一次'],
  [/^must be one of water, power, gas, drainage, telecom$/, () => '不是可申请的报装类别'],
]

/** A field's message in Chinese when it has a known shape, else as the service wrote it. */
export function fieldText(message: string): string {
  for (const [shape, say] of FIELD_SHAPES) {
    const m = shape.exec(message)
    if (m) return say(...m.slice(1).map((x) => x ?? ''))
  }
  return message
}
