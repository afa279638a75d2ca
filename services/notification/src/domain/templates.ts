import {
  APPEAL_RIGHTS,
  BOOKING_SLOT_HOURS,
  type BookingSlot,
  type DeliveryState,
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_MATERIALS_SHOWN,
  NOTIFICATION_TITLE_MAX,
  type NotificationMessageKind,
} from '@onewindow/contracts'

/**
 * The states of a result's delivery (结果送达, 004:1076–1084) the applicant is told of: where the result is for it to
 * take — at the window (现场送达's SMS telling it to collect), online (网上送达's 短信提醒) or in the post (the
 * tracking number, to expect it). Not `collected` or `signed`: the applicant itself signed for the result, at the
 * window or on arrival, so a message would tell it only what it just did (the service tells a party what it must do or
 * could not know, not every turn of a record: a 补正 notice only while open). Not `awaiting-posting` either: nothing
 * is for the applicant to do until it is posted, and `posted` follows with the one fact it needs, the tracking number.
 */
export const TOLD_DELIVERY_STATES = ['awaiting-collection', 'delivered-online', 'posted'] as const
export type ToldDeliveryState = (typeof TOLD_DELIVERY_STATES)[number]
export const isToldDelivery = (state: DeliveryState): state is ToldDeliveryState =>
  (TOLD_DELIVERY_STATES as readonly DeliveryState[]).includes(state)

/** What a message may say: the project always; the rest as the event gives it. Dates are legal dates, YYYY-MM-DD. */
export type TemplateFacts = {
  /** The project, when the message is about one (a 12345 ticket may name none). */
  projectName?: string
  projectCode?: string
  departmentName?: string
  itemName?: string
  /** The day the event happened (assigned, issued, decided). */
  on?: string
  /** The clock's last day (assignment, yellow, red) or the commitment's verify-by day. */
  dueOn?: string
  outcome?: 'approved' | 'rejected'
  /** A step refused: each refusing department by name and its reviewer's reason (absent on an older event). */
  refusals?: readonly { department: string; reason?: string | undefined }[]
  certificateNumber?: string
  certificateTitle?: string
  /** 补正 materials asked for, as the notice lists them; 容缺受理 of an outside-line permit: the materials owed. */
  materials?: readonly string[]
  /** 整改 of a 容缺 finding: the material the finding is about (absent: the 告知承诺's). */
  material?: string
  /** A 12345 ticket: its title and type (咨询, 投诉 …), and whether the department is its lead or a co-handler. */
  ticketTitle?: string
  ticketType?: string
  coHandling?: boolean
  /** A ticket's extension: the unit's reason, as it gave it (延期的理由, 004:1570); a task's 督办: the 督办意见. */
  reason?: string
  /** A task's 督办: the department's answer (督办回复), as it gave it. */
  response?: string
  /** A low-risk outside line's works plan pushed: its utility in words (供水 …) and the plans pushed (施工方案 …). */
  utilityName?: string
  plansPushed?: readonly string[]
  /** 修复完成: the provider's note on its restoration, as it gave it. */
  restorationNote?: string
  /** 修复验收: the department's finding — accepted, or sent back (限期整改) with `reason`. */
  restorationOutcome?: 'accepted' | 'rectify'
  /** Which of a ticket's clocks an alert is about, in words (办理时限, 签收时限 …). */
  clockName?: string
  /** 好差评: the option the owner chose (不满意 / 非常不满意). */
  ratingLabel?: string
  /** 知识点反馈: what the centre found (内容错误 …), the point's question when it names one, 突发事项, the answer. */
  feedbackKind?: string
  question?: string
  urgent?: boolean
  /** 知识点反馈: the working days the department has to answer, as the event gives them (feedback.limit). */
  feedbackLimit?: number
  answerAction?: string
  late?: boolean
  /** A due day a published calendar replaced (知识点反馈's `dueMoved.from`). */
  previousDueOn?: string
  /** 知识点到期提醒: the point's kind in words (政策法规 …); `dueOn` is its last valid day. */
  pointKind?: string
  /** A ticket's running clocks after a published calendar, in words with their days (办理时限至2027年1月12日). */
  clockDues?: readonly string[]
  /** 变动通报: its title, which of the five cases, the day it takes effect and the linked measures, in words. */
  noticeTitle?: string
  noticeKind?: string
  effectiveOn?: string
  measures?: readonly string[]
  /** 故障通报: the website or app that failed. */
  system?: string
  /**
   * 结果送达: where the result is, the step's name, the application's 受理编号, posted, the carrier's number, and the
   * region whose window an on-site result is collected at (as intake names it from the application's catalogue).
   */
  deliveryState?: ToldDeliveryState
  /** 网上预约 未到: the booked half-day (`on` is the booked day, `stepName` the step booked). */
  bookingSlot?: 'am' | 'pm'
  stepName?: string
  receiptNumber?: string
  trackingNumber?: string
  regionName?: string
  /**
   * 联合验收 and 不动产首次登记: the building or construction section accepted or registered on its own (验收范围 /
   * 登记范围); absent for the whole project.
   */
  part?: string
  /** 联合验收: the lead department (牵头部门) by name. */
  leadName?: string
  /** 联合验收: the items told of — each by its name, its department's name, and the defects or reasons given. */
  acceptanceItems?: readonly AcceptanceItemFacts[]
  /** 联合验收's on-site inspection: where, which round (1 the joint inspection, later a re-inspection), who attends. */
  inspectionPlace?: string
  inspectionRound?: number
  participants?: readonly string[]
  /** 联合验收意见书's number, and whether the case's region counts it as the completion-acceptance filing. */
  opinionNumber?: string
  opinionIsFiling?: boolean
  /** 竣工验收备案表's number. */
  filingNumber?: string
  /** 报装: the step the provider finished (现场踏勘 …) and what follows it, in words. */
  stepFinished?: string
  stepNext?: string
  /** A property certificate (不动产权证书): its issue ends the first registration; `issuer` the registration office. */
  firstRegistration?: boolean
  issuer?: string
  /** 不动产首次登记: the case's time limit in words (20个工作日), and the acceptance results it holds, each in words. */
  limitWords?: string
  resultsNamed?: readonly string[]
  /** 证照异议 raised by the certificate's holder (an owner on its 不动产权证书), not by a department using it. */
  objectionByHolder?: boolean
  /**
   * 证照异议 raised by the registration office (不动产登记机构) on a permit it uses when it registers: a 使用部门 in
   * 004:1134's sense, but the issuer reads who it was and whom to tell.
   */
  objectionByRegistrationOffice?: boolean
  /** 证照异议 answered: upheld (异议成立) or rejected (异议不成立), and the issuer's 核查结论 as it wrote it. */
  objectionOutcome?: 'upheld' | 'rejected'
  finding?: string
  /**
   * A later stage's clock an alert is about (`stage-clock-yellow`/`-red`): joint acceptance's case clock, the first
   * registration's, the permits' issuing clock (发证时限) or the outside-line permits' — the words follow it.
   */
  stageClock?: StageClock
  /** The day that clock started (`clock.start`; the issuing clock's is the decision day). */
  clockStart?: string
  /**
   * 外线工程审批: the permits not yet granted, each in words (占用挖掘道路许可 …), one awaiting a department on the
   * platform with it (…（佛山市城管执法局审批中）).
   */
  permitsPending?: readonly string[]
  /** 外线工程审批's clock: some permit awaits its department's decision on the platform (并联审批). */
  permitsBeforeDepartments?: boolean
  /** 并联审批: the permits applied for to the department told, each in words. */
  permitsApplied?: readonly string[]
  /** 容缺受理: the outside-line permit accepted with materials missing, in words (占用挖掘道路许可). */
  permitAccepted?: string
  /** 并联审批: a permit applied for again after its department refused it — what changed, and the refusal. */
  reapplication?: { change: string; refusedOn?: string }
}

/** The later stages' clocks a `stage-clock-*` message may be about. */
export type StageClock = 'acceptance' | 'registration' | 'issue' | 'utility-permits'

/** One item of a joint acceptance as a message names it. */
export type AcceptanceItemFacts = { itemName?: string; departmentName?: string; defects?: readonly string[] }

export type Rendered = { title: string; body: string }

/** `2026-03-02` → `2026年3月2日`, the form every message gives a date in. */
export function chineseDate(legalDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(legalDate)
  if (!m) throw new Error(`not a legal date: ${legalDate}`)
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

const project = (f: TemplateFacts) =>
  f.projectName ? `项目“${f.projectName}”（项目代码 ${f.projectCode ?? '—'}）` : '项目'
const ticket = (f: TemplateFacts) =>
  `12345 ${f.ticketType ?? ''}工单“${f.ticketTitle ?? ''}”${f.projectName ? `（关于${project(f)}）` : ''}`
const dept = (f: TemplateFacts) => f.departmentName ?? '审批部门'
/** A department supervising a pushed outside line, by name; one whose name is not known is still no 审批部门 here. */
const supervisingDept = (f: TemplateFacts) => f.departmentName ?? '监管部门'
/** A hookup's provider by its utility: 供水单位 (市政公用服务单位 when the utility is not known). */
const provider = (f: TemplateFacts) => (f.utilityName ? `${f.utilityName}单位` : '市政公用服务单位')
/** The most characters of the project's name a permit application quotes: the change and the limit must fit after it. */
const APPLIED_PROJECT_NAME_SHOWN = 100
/** A hookup's outside-line works by its utility: 供水外线接入工程. */
const utilityWorks = (f: TemplateFacts) => `${f.utilityName ?? '市政公用'}外线接入工程`
/** The most characters of a knowledge point's question a message quotes: a long one would push the due day out. */
const QUESTION_SHOWN = 60
/** An extension's reason as a message quotes it: the ticket's title and the days must still fit beside it. */
const REASON_SHOWN = 200
/** A 督办's opinion or answer as a message quotes it (either may be thousands of characters; the rest is on the task). */
const SUPERVISION_TEXT_SHOWN = 200
/** A material's catalogue code, as a 整改 message names it. */
const MATERIAL_SHOWN = 40
/** A restoration's note or a send-back's reason as a message quotes it (the whole is on the request). */
const RESTORATION_TEXT_SHOWN = 200
/** A re-application's change as its department's message quotes it: the limit and its due day must fit after it. */
const REAPPLIED_CHANGE_SHOWN = 150
/** The most characters of each material owed at 容缺受理 a message names: ten of 100 would not fit the body. */
const ACCEPTED_MATERIAL_SHOWN = 30
/** The knowledge point feedback is about, by its question; or the new point the centre asks for. */
const point = (f: TemplateFacts) => (f.question ? `就知识点“${clip(f.question, QUESTION_SHOWN)}”` : '就需新增的知识点')
const item = (f: TemplateFacts) => (f.itemName ? `“${f.itemName}”` : '审批事项')
const onDay = (f: TemplateFacts) => (f.on ? `于${chineseDate(f.on)}` : '')
const dueDay = (f: TemplateFacts, words: string) => (f.dueOn ? `，${words}${chineseDate(f.dueOn)}` : '')
/**
 * A refusal told as 行政许可法第三十八条第二款 has it: each department's reason (its first 200 characters; the whole is
 * on the 不予许可决定书 the owner prints from its progress page) and the right to 行政复议 or 行政诉讼 (004:3235,
 * contracts' `APPEAL_RIGHTS`, the console papers' words).
 */
/**
 * The most characters of the project's name a refusal quotes: a name may run to 500, and the reasons and the right to
 * appeal must fit after it (the project code names the project whole).
 */
const REFUSED_PROJECT_NAME_SHOWN = 100
const refusalWords = (f: TemplateFacts, before: string) => {
  const reasons = (f.refusals ?? [])
    .map(
      (r) =>
        `${r.department}不予许可的理由：${r.reason ? `“${clip(r.reason, REASON_SHOWN)}”` : '详见不予许可决定书'}。`,
    )
    .join('')
  // The right to appeal is said whole however many departments refused: their reasons give way to it.
  return `${clip(reasons, Math.max(1, NOTIFICATION_BODY_MAX - [...before].length - [...APPEAL_RIGHTS].length))}${APPEAL_RIGHTS}`
}

/** The most characters of a step's name a delivery message quotes: the 受理编号 and the tracking number must fit after it. */
const STEP_NAME_SHOWN = 60
/**
 * Where an on-site result is collected: the region's comprehensive window (工程建设项目审批综合服务窗口, as the seeds
 * name it at city and district level, 004:1868), by the region's name as the delivery gives it (汕尾市…) — the region
 * of the catalogue the application was accepted under, the office its receipt papers name. A delivery without one (due
 * before intake named it, or under the national catalogue alone) names the window only: a place made up here would
 * send the applicant to the wrong counter.
 */
const serviceWindow = (f: TemplateFacts) => `${f.regionName ?? ''}工程建设项目审批综合服务窗口`
/** The step's result: `《施工许可》办理结果`, or plain 办理结果 when the delivery names no step. */
const stepResult = (f: TemplateFacts) => `${f.stepName ? `《${clip(f.stepName, STEP_NAME_SHOWN)}》` : ''}办理结果`
/** The window's half-day slots as intake books them (Shanghai time, an hour without its leading zero: 上午（9:00–12:00）). */
const hour = (hhmm: string) => hhmm.replace(/^0/, '')
const slotWords = (slot: BookingSlot) =>
  `${slot === 'am' ? '上午' : '下午'}（${hour(BOOKING_SLOT_HOURS[slot].from)}–${hour(BOOKING_SLOT_HOURS[slot].to)}）`
const receipt = (f: TemplateFacts) => (f.receiptNumber ? `（受理编号 ${f.receiptNumber}）` : '')

/** The most characters of a building's name (验收范围) a message quotes: the rest of the message must fit after it. */
const PART_SHOWN = 60
/** The most items a joint-acceptance message names; a case may hold many, the rest are counted. */
const ITEMS_SHOWN = 10
/** An item's defects or reasons as a message quotes them (the whole is on the case and its opinion letter). */
const DEFECTS_SHOWN = 120
/** The joint acceptance of the project, or of the building accepted on its own: 项目“…”（…）（3号厂房）的联合验收. */
const acceptance = (f: TemplateFacts) => `${project(f)}${f.part ? `（${clip(f.part, PART_SHOWN)}）` : ''}的联合验收`
/** The project, or the building registered on its own: 项目“…”（…）（3号厂房）. */
const registered = (f: TemplateFacts) => `${project(f)}${f.part ? `（${clip(f.part, PART_SHOWN)}）` : ''}`
/** A revocation's reason as a message quotes it (the whole is on the revocation list). */
const REVOCATION_REASON_SHOWN = 200
/** An objection's reason and an answer's finding as a message quotes them (the whole is on the 证照异议 list). */
const OBJECTION_TEXT_SHOWN = 200
/** A certificate as an objection's message names it: 项目“…”的《…》（编号 …）. */
const disputed = (f: TemplateFacts) =>
  `${project(f)}的${f.certificateTitle ? `《${f.certificateTitle}》` : '证照'}${
    f.certificateNumber ? `（编号 ${f.certificateNumber}）` : ''
  }`
const itemNamed = (i: AcceptanceItemFacts) => `${i.itemName ?? '验收事项'}（${i.departmentName ?? '验收部门'}）`
/** The first few of a list and a count of all when some are left out: `A、B等12项`. */
const counted = (shown: readonly string[], all: number, sep: string) =>
  `${shown.join(sep)}${all > shown.length ? `等${all}项` : ''}`
const itemsNamed = (f: TemplateFacts) => {
  const items = f.acceptanceItems ?? []
  return counted(items.slice(0, ITEMS_SHOWN).map(itemNamed), items.length, '、')
}
/** Each item with what its department said of it: `规划条件核实（市自然资源局）：“…”`. */
const itemsWithDefects = (f: TemplateFacts, none: string) => {
  const items = f.acceptanceItems ?? []
  const shown = items
    .slice(0, ITEMS_SHOWN)
    .map((i) => `${itemNamed(i)}：${i.defects?.length ? `“${clip(i.defects.join('；'), DEFECTS_SHOWN)}”` : none}`)
  return counted(shown, items.length, '；')
}

/** A clock's limit and start as a message gives them: （8个工作日，自2026年5月11日起算）. */
const limitFrom = (f: TemplateFacts) =>
  f.limitWords ? `（${f.limitWords}${f.clockStart ? `，自${chineseDate(f.clockStart)}起算` : ''}）` : ''

/**
 * A later stage's clock in words: the stage the title names, what the clock times (the case, the issue, the permits)
 * with its limit, and what is still undone once it ran out. The due day is the producer's (its region's calendar
 * makes it) and comes with the alert (`dueOn`, {@link stageClockDue}); an alert published before it was carried says
 * the limit and start alone.
 */
const stageClockWords = (f: TemplateFacts): { stage: string; subject: string; undone: string } => {
  switch (f.stageClock) {
    case 'acceptance':
      return {
        stage: '联合验收',
        subject: `${acceptance(f)}${f.leadName ? `（牵头部门：${f.leadName}）` : ''}的办理时限${limitFrom(f)}`,
        undone: '联合验收仍未办结',
      }
    case 'registration':
      return {
        stage: '不动产首次登记',
        subject: `${registered(f)}的不动产首次登记案件${receipt(f)}的办理时限${limitFrom(f)}`,
        undone: '登记仍未办结',
      }
    case 'issue':
      // 行政许可法第四十四条: the permits are issued within 10 working days of the decision to grant them.
      return {
        stage: '发证',
        subject: `${project(f)}${f.clockStart ? `于${chineseDate(f.clockStart)}` : ''}准予许可的证照颁发时限${
          f.limitWords ? `（自决定之日起${f.limitWords}，行政许可法第四十四条）` : '（行政许可法第四十四条）'
        }`,
        undone: '证照仍未颁发',
      }
    case 'utility-permits':
      return {
        stage: '外线工程审批',
        subject: `${project(f)}的${utilityWorks(f)}外线行政审批时限${limitFrom(f)}`,
        undone: '外线行政审批仍未全部办结',
      }
    default:
      return { stage: '办理', subject: `${project(f)}的办理时限${limitFrom(f)}`, undone: '仍未办结' }
  }
}

/** The clock's legal due day, the one thing the reader of a 预警 or 超时 must know, where the alert carries it. */
const stageClockDue = (f: TemplateFacts) => (f.dueOn ? `，截止日期为${chineseDate(f.dueOn)}` : '')

/** What the clock still waits on: the joint acceptance's items without an opinion, the permits not yet granted. */
const stageClockPending = (f: TemplateFacts) => {
  if (f.stageClock === 'acceptance' && (f.acceptanceItems ?? []).length > 0) {
    return `，尚待出具验收意见的事项：${itemsNamed(f)}`
  }
  const permits = f.permitsPending ?? []
  if (f.stageClock === 'utility-permits' && permits.length > 0) return `，尚未准予的许可：${permits.join('、')}`
  return ''
}

/**
 * What a yellow clock asks, naming whose clock it is (the owner reads the same words): the lead to have the opinions
 * given, the office to complete, the provider to follow its permits up. The issuing clock asks nothing in words: the
 * permits go out by themselves once the certificate is released.
 */
const stageClockAsk = (f: TemplateFacts) => {
  switch (f.stageClock) {
    case 'acceptance':
      return '请牵头部门组织各验收部门在时限内出具验收意见。'
    case 'registration':
      return '请登记机构在时限内核验验收结果并办结登记。'
    case 'utility-permits':
      return f.permitsBeforeDepartments
        ? '请审批部门在外线审批中及时作出决定，市政公用服务单位跟进相关部门的审批。'
        : '请市政公用服务单位跟进相关部门的审批。'
    default:
      return ''
  }
}

/** The first few materials and a count of the rest: a notice may ask for hundreds, a message names what fits. */
const materialsList = (materials: readonly string[]) => {
  const shown = materials.slice(0, NOTIFICATION_MATERIALS_SHOWN).join('、')
  const more = materials.length - NOTIFICATION_MATERIALS_SHOWN
  return more > 0 ? `${shown}等${materials.length}项（详见补正告知书）` : shown
}

/** At most `max` characters (code points, so a character outside the BMP is never halved), `…` marking a cut. */
export function clip(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** One template per kind of message; every word a person reads is Chinese. */
const templates: Record<NotificationMessageKind, (f: TemplateFacts) => Rendered> = {
  'task-assigned': (f) => ({
    title: '审批任务已分派',
    body: `${project(f)}的${item(f)}已${onDay(f)}分派至${dept(f)}办理${dueDay(f, '办理时限至')}。`,
  }),
  'supplement-notice': (f) => ({
    title: '补正告知',
    body: `${project(f)}收到${dept(f)}${onDay(f)}发出的补正告知${
      f.materials && f.materials.length > 0 ? `，需补正：${materialsList(f.materials)}` : ''
    }。补正期间审批时限暂停计算。`,
  }),
  // 督办 (docs/legal-time.md#督办): the department is urged with a reply-by day; the office is told of the answer.
  'task-supervised': (f) => ({
    title: '督办通知',
    body: `监督部门${onDay(f)}对${project(f)}的${item(f)}（${dept(f)}办理）发出督办，督办意见：“${clip(
      f.reason ?? '',
      SUPERVISION_TEXT_SHOWN,
    )}”${f.dueOn ? `，请于${chineseDate(f.dueOn)}前回复` : ''}。`,
  }),
  'task-supervision-answered': (f) => ({
    title: f.late ? '督办已回复（逾期）' : '督办已回复',
    body: `${dept(f)}已${onDay(f)}回复对${project(f)}的${item(f)}的督办${
      f.late && f.dueOn ? `（逾期回复，回复期限为${chineseDate(f.dueOn)}）` : ''
    }：“${clip(f.response ?? '', SUPERVISION_TEXT_SHOWN)}”。`,
  }),
  // 督办逾期未回复: the office, as of an answer, is told its 督办 passed its reply-by day unanswered.
  'task-supervision-overdue': (f) => ({
    title: '督办逾期未回复',
    body: `${dept(f)}未在${f.dueOn ? chineseDate(f.dueOn) : '回复期限'}前回复对${project(f)}的${item(f)}的督办${
      f.reason ? `（督办意见：“${clip(f.reason, SUPERVISION_TEXT_SHOWN)}”）` : ''
    }，已逾期。`,
  }),
  // 整改 followed through: the finding's department is told the owner reported it done (to confirm or find not done)…
  'rectification-reported': (f) => ({
    title: '建设单位报告整改完成',
    body: `${project(f)}的${item(f)}${f.material ? `（容缺材料 ${clip(f.material, MATERIAL_SHOWN)}）` : ''}已${onDay(f)}报告整改完成${
      f.reason ? `：“${clip(f.reason, SUPERVISION_TEXT_SHOWN)}”` : ''
    }，请核实后确认整改完成或认定未完成。`,
  }),
  // …and that its day passed with none confirmed (逾期未整改), when it may take the further measure.
  'rectification-overdue': (f) => ({
    title: '逾期未整改',
    body: `${project(f)}的${item(f)}${f.material ? `（容缺材料 ${clip(f.material, MATERIAL_SHOWN)}）` : ''}责令整改的期限${
      f.dueOn ? chineseDate(f.dueOn) : ''
    }已过，整改尚未确认完成。可依法撤销许可或禁止其选择告知承诺，并纳入信用监管。`,
  }),
  // 告知承诺免审批 (Shanwei 004:1852): each department the plans went to supervises the works and their restoration.
  'works-plan-pushed': (f) => ({
    title: '外线工程施工方案推送',
    body: `${project(f)}的${utilityWorks(f)}实行告知承诺免审批，${
      f.plansPushed && f.plansPushed.length > 0 ? f.plansPushed.join('、') : '施工方案'
    }已${onDay(f)}推送至本部门。请从审查工作方案、施工现场管理、修复质量验收等方面加强事中事后监管。`,
  }),
  // 修复完成: any of the departments the plans went to may review the restoration (修复质量验收, docs/utility.md).
  'restoration-declared': (f) => ({
    title: '外线工程修复完成待验收',
    body: `${project(f)}的${utilityWorks(f)}已${onDay(f)}申报修复完成（道路、绿化按不低于原貌标准恢复）${
      f.restorationNote ? `，说明：“${clip(f.restorationNote, RESTORATION_TEXT_SHOWN)}”` : ''
    }。请进行修复质量验收：验收通过，或责令限期整改并说明理由。`,
  }),
  // 修复验收: the provider learns the finding and, when sent back, what to put right before declaring again.
  'restoration-reviewed': (f) =>
    f.restorationOutcome === 'rectify'
      ? {
          title: '外线工程修复需整改',
          body: `${supervisingDept(f)}已${onDay(f)}对${project(f)}的${utilityWorks(f)}修复情况作出验收意见：责令限期整改，理由：“${clip(
            f.reason ?? '未说明',
            RESTORATION_TEXT_SHOWN,
          )}”。请整改后重新申报修复完成。`,
        }
      : {
          title: '外线工程修复验收通过',
          body: `${supervisingDept(f)}已${onDay(f)}对${project(f)}的${utilityWorks(f)}修复情况验收通过。`,
        },
  'clock-yellow': (f) => ({
    title: '审批时限预警',
    body: `${project(f)}的${item(f)}在${dept(f)}的办理时限即将届满${dueDay(f, '届满日为')}。`,
  }),
  'clock-red': (f) => ({
    title: '审批已超时',
    body: `${project(f)}的${item(f)}在${dept(f)}已超过办理时限${dueDay(f, '时限届满日为')}。`,
  }),
  // A step's outcome covers all its items, and every step that goes to approval holds a licence: a filing's words
  // would misstate the rest, so the step keeps a licence's (packages/catalogue/test/filing.unit.test.ts).
  'step-decided': (f) => {
    if (f.outcome !== 'rejected') {
      return { title: '审批阶段已办结', body: `${project(f)}的审批阶段已${onDay(f)}办结，结果：准予许可。` }
    }
    const named = f.projectName ? { ...f, projectName: clip(f.projectName, REFUSED_PROJECT_NAME_SHOWN) } : f
    const decided = `${project(named)}的审批阶段已${onDay(f)}办结，结果：不予许可。`
    return { title: '审批阶段未予通过', body: `${decided}${refusalWords(f, decided)}` }
  },
  // A property certificate is issued only when a first registration completes: its message is that stage's end.
  'certificate-issued': (f) =>
    f.firstRegistration
      ? {
          title: '不动产首次登记已办结',
          body: `${project(f)}${f.part ? `（${clip(f.part, PART_SHOWN)}）` : ''}的不动产首次登记已${onDay(f)}办结，${
            f.issuer ? `${f.issuer}颁发的` : ''
          }《${f.certificateTitle ?? '不动产权证书'}》${f.certificateNumber ? `（编号 ${f.certificateNumber}）` : ''}已签发。`,
        }
      : {
          title: '证照已签发',
          body: `${project(f)}的${f.certificateTitle ? `《${f.certificateTitle}》` : '证照'}${
            f.certificateNumber ? `（编号 ${f.certificateNumber}）` : ''
          }已${onDay(f)}签发。`,
        },
  // 一口受理 (docs/notifications.md#later-stages): each department with an item prepares for the inspection.
  'acceptance-started': (f) => ({
    title: '联合验收已受理',
    body: `${acceptance(f)}申请已${onDay(f)}由${f.leadName ?? '牵头部门'}受理，验收事项：${itemsNamed(
      f,
    )}。请做好本部门事项的验收准备，按牵头部门的安排参加现场联合验收。`,
  }),
  'acceptance-inspection-scheduled': (f) => {
    const again = (f.inspectionRound ?? 1) > 1
    return {
      title: again ? '联合验收复验安排' : '联合验收现场验收安排',
      body: `${acceptance(f)}${again ? `复验（第${f.inspectionRound}轮，仅验整改事项）` : '现场验收'}定于${
        f.on ? chineseDate(f.on) : '约定日期'
      }在“${clip(f.inspectionPlace ?? '', PART_SHOWN)}”进行${
        f.participants && f.participants.length > 0
          ? `，参加部门：${counted(f.participants.slice(0, ITEMS_SHOWN), f.participants.length, '、')}`
          : ''
      }。建设单位请做好现场准备，参加部门请按时到场。`,
    }
  },
  // 整改: the owner puts right what each department named, then reports it; only those items are inspected again.
  'acceptance-rectify': (f) => ({
    title: '联合验收需整改',
    body: `${acceptance(f)}${onDay(f)}提出整改意见，需整改的事项：${itemsWithDefects(
      f,
      '详见联合验收意见',
    )}。请整改完成后报告整改情况，牵头部门将对上述事项安排复验。`,
  }),
  'acceptance-passed': (f) => ({
    title: '联合验收已通过',
    body: `${acceptance(f)}已${onDay(f)}通过${f.opinionNumber ? `，联合验收意见书编号 ${f.opinionNumber}` : ''}${
      f.opinionIsFiling ? '，该意见书视为完成竣工验收备案' : ''
    }。请各验收部门出具本部门事项的结果物。`,
  }),
  'acceptance-failed': (f) => ({
    title: '联合验收未通过',
    body: `${acceptance(f)}已${onDay(f)}办结，结果：未通过。${
      (f.acceptanceItems ?? []).length > 0 ? `未通过的事项：${itemsWithDefects(f, '详见联合验收意见')}。` : ''
    }请按意见处理后重新申请联合验收。`,
  }),
  'acceptance-filing-issued': (f) => ({
    title: '竣工验收备案表已出具',
    body: `${acceptance(f)}各事项结果物均已出具，竣工验收备案表${
      f.filingNumber ? `（编号 ${f.filingNumber}）` : ''
    }已${onDay(f)}出具。`,
  }),
  // 撤销 (004:1860): a commitment found untrue after the pass takes the pass, its letter and its form with it.
  'acceptance-pass-revoked': (f) => {
    const item = f.acceptanceItems?.[0]
    return {
      title: '联合验收通过已撤销',
      body: `${item?.departmentName ?? '验收部门'}核查发现${item?.itemName ? `“${item.itemName}”` : '验收事项'}的告知承诺与实际不符，已${onDay(
        f,
      )}依法撤销，${acceptance(f)}通过不再有效${
        f.opinionNumber ? `，联合验收意见书（编号 ${f.opinionNumber}）` : '，联合验收意见书'
      }${f.filingNumber ? `及竣工验收备案表（编号 ${f.filingNumber}）` : ''}一并撤回。请重新申请联合验收。`,
    }
  },
  // 不动产首次登记, told to the registration office (docs/notifications.md#later-stages).
  'registration-case-opened': (f) => ({
    title: '不动产首次登记案件已受理',
    body: `${registered(f)}的联合验收已通过${
      f.opinionNumber ? `（联合验收意见书编号 ${f.opinionNumber}）` : ''
    }，不动产首次登记案件${receipt(f)}已${onDay(f)}自动受理（验登合一）${
      f.limitWords ? `，办理时限${f.limitWords}` : ''
    }。请核验在线获取的验收结果后办结登记。`,
  }),
  'registration-results-updated': (f) => {
    const results = f.resultsNamed ?? []
    return {
      title: '登记所依据的验收结果已更新',
      body: `${registered(f)}的不动产首次登记案件${receipt(f)}所依据的联合验收结果已${onDay(f)}更新${
        results.length > 0 ? `，已出具的结果物：${counted(results.slice(0, ITEMS_SHOWN), results.length, '、')}` : ''
      }${f.filingNumber ? `，竣工验收备案表（编号 ${f.filingNumber}）已出具` : ''}。`,
    }
  },
  // 撤销 of the pass a registration rests on: registration refuses to complete on it (REGISTRATION_ACCEPTANCE_REVOKED).
  'registration-acceptance-revoked': (f) => {
    const item = f.acceptanceItems?.[0]
    return {
      title: '登记所依据的联合验收通过已撤销',
      body: `${item?.departmentName ?? '验收部门'}核查发现${item?.itemName ? `“${item.itemName}”` : '验收事项'}的告知承诺与实际不符，已${onDay(
        f,
      )}依法撤销，${acceptance(f)}通过不再有效${
        f.opinionNumber ? `，联合验收意见书（编号 ${f.opinionNumber}）` : '，联合验收意见书'
      }${f.filingNumber ? `及竣工验收备案表（编号 ${f.filingNumber}）` : ''}一并撤回。依据该验收的不动产首次登记不得办结，其办理时限不再预警。`,
    }
  },
  // A later stage's clock (docs/notifications.md#later-stages): yellow when its warning share is used, red once past.
  'stage-clock-yellow': (f) => {
    const { stage, subject } = stageClockWords(f)
    return {
      title: `${stage}时限预警`,
      body: `${subject}即将届满${stageClockDue(f)}${stageClockPending(f)}。${stageClockAsk(f)}`,
    }
  },
  'stage-clock-red': (f) => {
    const { stage, subject, undone } = stageClockWords(f)
    return {
      title: `${stage}已超时`,
      body: `${subject}已届满${stageClockDue(f)}，${f.on ? `截至${chineseDate(f.on)}` : ''}${undone}${stageClockPending(f)}。`,
    }
  },
  // 注销: the holder is told which certificate, from which day it is no longer valid, and the registrar's reason.
  'certificate-revoked': (f) => ({
    title: '证照已注销',
    body: `${project(f)}的${f.certificateTitle ? `《${f.certificateTitle}》` : '证照'}${
      f.certificateNumber ? `（编号 ${f.certificateNumber}）` : ''
    }已注销，自${f.on ? chineseDate(f.on) : '注销之日'}起不再有效，核验结果为“已注销”。注销原因：“${clip(
      f.reason ?? '未说明',
      REVOCATION_REASON_SHOWN,
    )}”。`,
  }),
  // 证照异议 (004:1134): the issuer is told an objection to check, the raising department the answer.
  'certificate-objection-raised': (f) => {
    // Who raised it, as the issuer is to tell the result: the holder (权利人), the registration office, or a 使用部门.
    const raiser = f.objectionByHolder ? '权利人' : f.objectionByRegistrationOffice ? '不动产登记机构' : '使用部门'
    return {
      title: '证照异议待核查',
      body: `${f.departmentName ?? raiser}${onDay(f)}对${disputed(f)}提出证照异议，异议理由：“${clip(
        f.reason ?? '未说明',
        OBJECTION_TEXT_SHOWN,
      )}”。请核查后将处理结果告知${raiser}。`,
    }
  },
  'certificate-objection-answered': (f) => {
    const words = f.objectionOutcome === 'upheld' ? '异议成立' : '异议不成立'
    return {
      title: `证照异议已处理：${words}`,
      body: `${f.departmentName ?? '签发部门'}已${onDay(f)}核查本单位对${disputed(f)}提出的证照异议，结论：${words}。核查结论：“${clip(
        f.finding ?? '未说明',
        OBJECTION_TEXT_SHOWN,
      )}”。`,
    }
  },
  // 报装: the owner follows its hookup step by step, as the provider finishes each.
  'utility-step-finished': (f) => ({
    title: `${f.utilityName ?? '市政公用'}报装进展`,
    body: `${project(f)}的${f.utilityName ?? '市政公用'}报装已${onDay(f)}完成${f.stepFinished ?? '一个环节'}，${
      f.stepNext ?? '进入下一环节'
    }。`,
  }),
  // 并联审批 (docs/utility.md#who-decides-a-permit): the department a permit was applied to decides it in 外线审批.
  'outside-line-permit-applied': (f) => {
    const named = f.projectName ? { ...f, projectName: clip(f.projectName, APPLIED_PROJECT_NAME_SHOWN) } : f
    const permits = (f.permitsApplied ?? []).join('、') || '外线工程行政许可'
    const again = f.reapplication
    // The permits clock runs for the permits together from `plan-done` on, a re-application's too, its days with the
    // provider after a refusal not counted (docs/utility.md): the due day the request carries (`dueOn`) is what a
    // reader cannot count from the start; an older event without it says only that those days are left out.
    const limit = f.limitWords
      ? `外线工程审批时限为${f.limitWords}（自${f.clockStart ? chineseDate(f.clockStart) : '申请之日'}起算${
          again ? '，申请人修改方案的时间不计入' : ''
        }）${f.dueOn ? `，审批时限至${chineseDate(f.dueOn)}` : ''}。`
      : ''
    const to = `向${f.departmentName ?? '本部门'}`
    return again
      ? {
          title: '外线工程审批重新申请',
          body: `${project(named)}的${utilityWorks(f)}，${provider(f)}${
            again.refusedOn ? `就${chineseDate(again.refusedOn)}不予许可的` : '就不予许可的'
          }${permits}调整方案后，已${onDay(f)}${to}重新申请，调整内容：“${clip(again.change, REAPPLIED_CHANGE_SHOWN)}”。${limit}请在外线审批中作出准予许可或不予许可的决定。`,
        }
      : {
          title: '外线工程审批申请',
          body: `${project(named)}的${utilityWorks(f)}，${provider(f)}已${onDay(f)}${to}申请${permits}（并联审批）。${limit}请在外线审批中作出准予许可或不予许可的决定。`,
        }
  },
  // 容缺受理 (docs/utility.md): the department goes on deciding; the provider supplies what it owes (容缺后补). No seed
  // sets a time to supply them (004:1860 says only 在规定时间内), so none is said.
  'outside-line-permit-accepted': (f) => {
    const named = f.projectName ? { ...f, projectName: clip(f.projectName, APPLIED_PROJECT_NAME_SHOWN) } : f
    const owed = (f.materials ?? []).map((m) => clip(m, ACCEPTED_MATERIAL_SHOWN))
    return {
      title: '外线工程审批容缺受理',
      body: `${project(named)}的${utilityWorks(f)}，${dept(f)}已${onDay(f)}容缺受理${
        f.permitAccepted ?? '外线工程行政许可'
      }，审批继续进行。请在报装申请中补交容缺材料${owed.length > 0 ? `：${owed.join('、')}` : ''}。`,
    }
  },
  'utility-connected': (f) => ({
    title: `${f.utilityName ?? '市政公用'}已接入`,
    body: `${project(f)}的${f.utilityName ?? '市政公用'}报装已${onDay(f)}完成接入。`,
  }),
  'ticket-dispatched': (f) => ({
    title: f.coHandling ? '12345 工单协办' : '12345 工单已派发',
    body: f.coHandling
      ? `${ticket(f)}已${onDay(f)}派发，由${dept(f)}牵头办理，本单位为协办单位，请在办理期限内向牵头单位提交协办意见${dueDay(f, '办理期限至')}。`
      : `${ticket(f)}已${onDay(f)}派发至本单位办理，请于 2 个工作日内签收或申请退回${dueDay(f, '办理期限至')}。`,
  }),
  'ticket-yellow': (f) => ({
    title: '12345 工单时限预警',
    body: `${ticket(f)}的${f.clockName ?? '办理时限'}即将届满${dueDay(f, '届满日为')}。`,
  }),
  'ticket-red': (f) => ({
    title: '12345 工单已超时',
    body: `${ticket(f)}已超过${f.clockName ?? '办理时限'}${dueDay(f, '时限届满日为')}。`,
  }),
  'ticket-replied': (f) => ({
    title: '12345 工单已答复',
    body: `您提交的${ticket(f)}已由${dept(f)}${onDay(f)}答复，热线中心审核后将请您评价办理情况。`,
  }),
  // 第二十七条 (三) (004:1636): the 5 natural days run from this notice; `dueOn` is their last day.
  'ticket-rating-asked': (f) => ({
    title: '请评价 12345 工单办理情况',
    body: `您提交的${ticket(f)}已办理完毕并经热线中心${onDay(f)}审核通过，请围绕依法依规解决合理诉求、回复情况、办理结果对${dept(
      f,
    )}的办理情况作出满意度评价${dueDay(f, '评价截止日为')}；逾期未评价视为未评价。`,
  }),
  // 第十九条 (004:1570): 告知诉求人延期的理由和办理期限. The reason is the unit's own words, clipped to fit.
  'ticket-extended': (f) => ({
    title: '12345 工单办理期限延长',
    body: `您提交的${ticket(f)}由${dept(f)}${onDay(f)}办理延期${dueDay(f, '办理期限延至')}。延期理由：${clip(
      f.reason ?? '未说明',
      REASON_SHOWN,
    )}`,
  }),
  'rating-fix-due': (f) => ({
    title: '差评整改',
    body: `${project(f)}的${item(f)}在${dept(f)}的办理${onDay(f)}被评为“${f.ratingLabel ?? '不满意'}”，请整改并反馈${dueDay(f, '整改反馈期限至')}。`,
  }),
  'rating-replied': (f) => ({
    title: '差评整改已反馈',
    body: `您对${project(f)}的${item(f)}作出的“${f.ratingLabel ?? '不满意'}”评价，${dept(f)}已${onDay(f)}整改并反馈，请查看反馈内容，可在 5 日内再次评价。`,
  }),
  'rating-fix-overdue': (f) => ({
    title: '差评整改逾期',
    body: `${project(f)}的${item(f)}被评为“${f.ratingLabel ?? '不满意'}”，${dept(f)}未在期限内整改反馈${dueDay(f, '整改反馈期限为')}，请督办。`,
  }),
  'knowledge-feedback-raised': (f) => ({
    title: f.urgent ? '突发事项知识点反馈' : '知识点反馈',
    body: `热线中心${onDay(f)}${point(f)}提出反馈（${f.feedbackKind ?? '问题'}），请${
      f.feedbackLimit ? `于 ${f.feedbackLimit} 个工作日内` : ''
    }增补、修改、审核或下架并答复${dueDay(f, '答复期限至')}。`,
  }),
  'knowledge-feedback-answered': (f) => ({
    title: '知识点反馈已答复',
    body: `${dept(f)}已${onDay(f)}答复热线中心${point(f)}提出的反馈（${f.feedbackKind ?? '问题'}）：${
      f.answerAction ?? '已处理'
    }${f.late ? '（逾期答复）' : ''}。`,
  }),
  'knowledge-feedback-overdue': (f) => ({
    title: '知识点反馈答复逾期',
    body: `热线中心${point(f)}提出的反馈（${f.feedbackKind ?? '问题'}），${dept(f)}未在期限内答复${dueDay(
      f,
      '答复期限为',
    )}。`,
  }),
  'knowledge-feedback-due-moved': (f) => ({
    title: '知识点反馈答复期限调整',
    body: `节假日安排公布，热线中心${point(f)}提出的反馈（${f.feedbackKind ?? '问题'}）答复期限${
      f.previousDueOn ? `由${chineseDate(f.previousDueOn)}` : ''
    }调整为${f.dueOn ? chineseDate(f.dueOn) : '新的期限'}。`,
  }),
  'knowledge-point-expiring': (f) => ({
    title: '知识点即将到期',
    body: `本部门${f.pointKind ? `${f.pointKind}类` : ''}知识点“${clip(f.question ?? '', QUESTION_SHOWN)}”有效期${
      f.dueOn ? `至${chineseDate(f.dueOn)}` : '即将届满'
    }，请在到期前确认其有效性：修改或审核以延续有效期，或予以下架。`,
  }),
  // Lists the clocks running after the recount, not only the moved ones: the event says some day moved, not which.
  'ticket-due-moved': (f) => ({
    title: '热线工单到期日调整',
    body: f.coHandling
      ? `${ticket(f)}的期限已按新的节假日安排重新计算${dueDay(f, '当前办理期限至')}。本单位为协办单位，请在办理期限内向牵头单位${f.departmentName ?? ''}提交协办意见。`
      : `${ticket(f)}的期限已按新的节假日安排重新计算，当前期限：${(f.clockDues ?? []).join('；')}。`,
  }),
  'change-notice-filed': (f) => ({
    title: '重要业务变动通报',
    body: `${dept(f)}${onDay(f)}通报：“${f.noticeTitle ?? ''}”（${f.noticeKind ?? '重要业务变动'}）${
      f.effectiveOn ? `，自${chineseDate(f.effectiveOn)}起施行` : ''
    }${f.measures && f.measures.length > 0 ? `；联动措施：${f.measures.join('、')}` : ''}。请签收并做好应答准备。`,
  }),
  'outage-reported': (f) => ({
    title: '故障通报',
    body: `${dept(f)}${onDay(f)}通报${f.system ? `“${f.system}”` : '政务服务网站或应用'}发生故障，可能引起集中诉求${dueDay(
      f,
      '应答口径期限至',
    )}。`,
  }),
  'outage-overdue': (f) => ({
    title: '故障通报逾期',
    body: `${dept(f)}通报的${f.system ? `“${f.system}”` : ''}故障，${f.clockName ?? '应答口径'}未在期限内提供${dueDay(
      f,
      '期限为',
    )}。`,
  }),
  // 结果送达 (004:1076–1084), one kind whose words follow where the result is (`isToldDelivery` says which states).
  'result-delivery': (f) => {
    switch (f.deliveryState) {
      case 'awaiting-collection':
        return {
          title: '办理结果待领取',
          body: `${project(f)}的审批已办结，请携带受理回执到${serviceWindow(f)}领取${stepResult(f)}${receipt(f)}。`,
        }
      case 'delivered-online':
        return {
          title: '办理结果已网上送达',
          body: `${project(f)}的${stepResult(f)}${receipt(f)}已${onDay(f)}通过网上办事平台送达，请登录查看。`,
        }
      case 'posted':
        return {
          title: '办理结果已寄出',
          body: `${project(f)}的${stepResult(f)}${receipt(f)}已${onDay(f)}寄出${
            f.trackingNumber ? `，快递单号 ${f.trackingNumber}` : ''
          }，请注意签收。`,
        }
      // No state: the consumer always gives one; a record of every kind still needs words that print no `undefined`.
      default:
        return { title: '办理结果送达', body: `${project(f)}的${stepResult(f)}${receipt(f)}送达情况已更新。` }
    }
  },
  // 网上预约 未到: the owner missed its booked slot; the booking no longer binds the window, and it may book again.
  'booking-missed': (f) => ({
    title: '网上预约未到',
    body: `${project(f)}预约${onDay(f)}${f.bookingSlot ? slotWords(f.bookingSlot) : ''}到窗口办理${
      f.stepName ? `《${clip(f.stepName, STEP_NAME_SHOWN)}》` : ''
    }，预约时段结束时未到，已登记为预约未到。如仍需办理，请重新预约或直接到窗口办理。`,
  }),
  'commitment-due': (f) => ({
    title: '告知承诺核查到期',
    body: `${project(f)}以告知承诺方式办理的${item(f)}核查期限已届满${dueDay(f, '核查期限为')}，${dept(f)}尚未完成核查。`,
  }),
}

/**
 * A kind's message within the contract's bounds (NotificationMessage): the names in it come from events whose text is
 * not all bounded, so the last guard is a cut here, where the message is made, rather than a list that cannot answer.
 */
export const render = (kind: NotificationMessageKind, facts: TemplateFacts): Rendered => {
  const { title, body } = templates[kind](facts)
  return { title: clip(title, NOTIFICATION_TITLE_MAX), body: clip(body, NOTIFICATION_BODY_MAX) }
}
