import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody, type EventDefinition } from '../define-event.js'
import { ClockAlerts, ClockSpec } from '../intake/shared.js'
import { Count, CreditCode, DepartmentCode, Instant, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

// 12345 热线工单 — the city hotline's tickets (广州市政务服务便民热线管理办法实施细则, seeds/004_33317a5f04b53a73.txt
// :1417–1742; docs/hotline.md maps each rule to its line). Every event carries the ticket whole as it stands after
// the change, with a version, like the utility requests: a reader keeps the newest version it saw.

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })

/** The six kinds of 热线事项 (第八条, 第四十五条): 咨询, 求助, 投诉, 举报, 意见建议, 表扬. */
export const TicketType = Type.Union([
  Type.Literal('consultation'),
  Type.Literal('help'),
  Type.Literal('complaint'),
  Type.Literal('report'),
  Type.Literal('suggestion'),
  Type.Literal('praise'),
])

/**
 * Where the requester reached the hotline: by phone through an agent, online on its own, or at a service centre's
 * 办不成事 window (the window for things that could not get done, seeds/000_5ff03a50698aa736.txt:344, 004:1337), where a
 * clerk registers what the applicant could not get done on its behalf, for the same closed loop of accept, assign,
 * resolve, supervise and rate (000:345). Appended last: every stored event with `phone` or `online` still reads.
 */
export const TicketChannel = Type.Union([Type.Literal('phone'), Type.Literal('online'), Type.Literal('window')])

/** What of the requester's personal data is hidden (第九条第二款): agreed with the requester, field by field. */
export const HiddenField = Type.Union([Type.Literal('name'), Type.Literal('idNumber'), Type.Literal('phone')])

/** 退回 grounds by kind of dispute (第十七条 (一)–(四)). */
export const ReturnDisputeKind = Type.Union([
  /** 部门职责权限争议 */
  Type.Literal('competence'),
  /** 设施管养职责争议 */
  Type.Literal('facility'),
  /** 行政区域管辖权限争议 */
  Type.Literal('jurisdiction'),
  /** 有明确文件依据不属于本单位职责 */
  Type.Literal('document'),
])

/** 疑难工单 coordination by kind of dispute (第十八条 (一)–(三)): whose opinion is asked, in how many working days. */
export const HardTicketKind = Type.Union([
  /** 市辖区之间部门争议: the city's business-guidance department, 2 WD */
  Type.Literal('district'),
  /** 部门职责分工争议: the staffing office (市机构编制部门), 5 WD */
  Type.Literal('duty'),
  /** 法律法规适用争议: the justice bureau (市司法行政部门), 5 WD */
  Type.Literal('law'),
])

/** 满意度 — the five options (第二十七条 (三)). */
export const SatisfactionOption = Type.Union([
  Type.Literal('very-satisfied'),
  Type.Literal('satisfied'),
  Type.Literal('basically-satisfied'),
  Type.Literal('dissatisfied'),
  Type.Literal('very-dissatisfied'),
])

/** 督办 kinds (第二十五条 (一)–(四)). */
export const SupervisionKind = Type.Union([
  /** overdue without a good reason: handling report and an explanation in 2 WD */
  Type.Literal('overdue'),
  /** feedback not as required: a conforming report in 5 WD */
  Type.Literal('feedback'),
  /** long-term: effective measures, no day limit */
  Type.Literal('long-term'),
  /** an objection to the duty-performed opinion: a check in 5 WD */
  Type.Literal('duty-objection'),
])

export const TicketStatus = Type.Union([
  /** registered, waiting for dispatch (1 WD) */
  Type.Literal('registered'),
  /** dispatched to a unit, which checks it within 2 WD */
  Type.Literal('dispatched'),
  /** the unit accepted it as its own and handles it */
  Type.Literal('handling'),
  /** the unit asked to return it; the centre decides */
  Type.Literal('return-requested'),
  /** 疑难工单: returned by 3 different units, waiting for the opinion and the centre's decision */
  Type.Literal('hard'),
  /** handling report and reply submitted; the centre reviews them */
  Type.Literal('replied'),
  /** review passed: the requester is asked to rate within 5 natural days */
  Type.Literal('rating'),
  /** rated dissatisfied: the centre makes the return visit */
  Type.Literal('return-visit'),
  /** 再次办理: once, with the original limit */
  Type.Literal('rehandling'),
  /** second rating dissatisfied: the unit may file its 履职尽责意见 within 5 WD */
  Type.Literal('duty-statement'),
  Type.Literal('closed'),
])

export const TicketClosure = Type.Union([
  /** rated very satisfied, satisfied or basically satisfied */
  Type.Literal('rated'),
  /** not rated within the window */
  Type.Literal('unrated'),
  /** dissatisfied, and not sent back (or no longer sendable) */
  Type.Literal('dissatisfied'),
  /** the unit's duty-performed statement filed, or its 5 WD passed */
  Type.Literal('duty-statement'),
  /** 表扬 read by the unit (第二十三条 (一)) */
  Type.Literal('praise-read'),
  /** the requester withdrew (第二十三条 (二)) */
  Type.Literal('withdrawn'),
  /** answered at once from the knowledge base (第十三条 (一)) */
  Type.Literal('answered'),
  /** information missing and not supplemented (第十二条) */
  Type.Literal('information-missing'),
])

/** Which kind of handling the report records: the modes that bar a re-handling are named (第二十九条). */
export const HandlingMode = Type.Union([
  Type.Literal('handled'),
  /** 分类处理 under 办法第十一条第二款第二项至第五项 (第十六条 (二)) */
  Type.Literal('classified'),
  /** the requester could not be reached in 3 calls or refused to supplement (第十二条第三款) */
  Type.Literal('unreachable'),
  /** a repeat with no new facts, answered with the original result and a written statement (第二十四条) */
  Type.Literal('repeat'),
])

export const ReplyMethod = Type.Union([
  Type.Literal('phone'),
  Type.Literal('sms'),
  Type.Literal('written'),
  /** the requester said no reply is needed */
  Type.Literal('not-wanted'),
  /** 3 calls at least 15 minutes apart went unanswered */
  Type.Literal('unreachable'),
])

/** A clock the ticket runs besides its handling clock, as data: limit, start, due date, alerts raised. */
export const TicketDeadline = Type.Object({
  spec: ClockSpec,
  due: LegalDate,
  /** The day the act was done; absent while it is due. */
  doneOn: Type.Optional(LegalDate),
  alerts: Type.Optional(ClockAlerts),
})

export const TicketReturn = Type.Object({
  department: DepartmentCode,
  kind: ReturnDisputeKind,
  /** 退回理由 and 依据: the unit's powers, maintenance range, area or document, as the kind asks. */
  grounds: Text(4000),
  basis: Type.Optional(Text(1000)),
  suggestedDepartment: Type.Optional(DepartmentCode),
  requestedOn: LegalDate,
  decision: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected')])),
  decidedOn: Type.Optional(LegalDate),
  decisionNote: Type.Optional(Text(2000)),
})

export const TicketExtension = Type.Object({
  /** Working days added, at most the limit of the first dispatch (第十九条). */
  days: Type.Integer({ minimum: 1, maximum: 10 }),
  reason: Text(2000),
  requestedOn: LegalDate,
  dueBefore: LegalDate,
  dueAfter: LegalDate,
})

export const TicketRestart = Type.Object({
  /** The day the new information came; the handling limit counts again from it (第二十条 (一)). */
  on: LegalDate,
  note: Text(2000),
  dueBefore: LegalDate,
  dueAfter: LegalDate,
})

/**
 * 协办 — a co-handling unit's part in joint handling (第十七条第三款, seeds/004_33317a5f04b53a73.txt:1556): its opinion
 * and what it did, submitted to the lead unit within the ticket's handling limit; the lead's report cites it.
 */
export const TicketContribution = Type.Object({
  department: DepartmentCode,
  opinion: Text(4000),
  /** 1 for the first handling, 2 for the re-handling: each round takes one part per co-handler */
  round: Type.Union([Type.Literal(1), Type.Literal(2)]),
  submittedOn: LegalDate,
  submittedAt: Instant,
  /** submitted after the handling due date (第十五条: 逾期办理) */
  late: Type.Boolean(),
})

/** The unit's handling report with what its type requires (第二十一条, 第二十二条). */
export const TicketReport = Type.Object({
  mode: HandlingMode,
  process: Text(4000),
  result: Text(4000),
  reply: Type.Object({
    method: ReplyMethod,
    on: Type.Optional(LegalDate),
    summary: Type.Optional(Text(2000)),
  }),
  /** consultation: the basis of the answer */
  basis: Type.Optional(Text(2000)),
  /** complaint: a mediation's outcome */
  mediation: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('agreed'), Type.Literal('not-agreed'), Type.Literal('terminated')]),
  ),
  /** report: the administrative measures taken; whether a case was filed */
  measures: Type.Optional(Text(2000)),
  caseFiled: Type.Optional(Type.Boolean()),
  /** suggestion: adopted (with the plan) or not (with the reason) */
  adopted: Type.Optional(Type.Boolean()),
  /** repeat: the earlier ticket whose result was told again */
  originalTicketId: Type.Optional(Uuid),
  /** reply method unreachable: the 3 unanswered calls, each at least 15 minutes after the one before (第二十一条) */
  calls: Type.Optional(Type.Array(Instant, { minItems: 3, maxItems: 3 })),
  submittedOn: LegalDate,
  submittedAt: Instant,
  /** handed in after the handling due date (第十五条: 逾期办理) */
  late: Type.Boolean(),
  /** joint handling: the co-handlers' parts the lead's report cites, and the co-handlers that sent none */
  contributions: Type.Optional(Type.Array(TicketContribution, { maxItems: 10 })),
  missingContributions: Type.Optional(Type.Array(DepartmentCode, { maxItems: 10 })),
})

export const TicketRating = Type.Object({
  round: Type.Union([Type.Literal(1), Type.Literal(2)]),
  /** the day the rating notice went out; the window is 5 natural days from it */
  notifiedOn: LegalDate,
  windowEnds: LegalDate,
  value: Type.Optional(SatisfactionOption),
  ratedOn: Type.Optional(LegalDate),
  /** 解决情况 as the requester gave it with the rating; absent when not said */
  resolved: Type.Optional(Type.Boolean()),
  /** not rated in time: counts as unrated (未评价) */
  lapsed: Type.Optional(Type.Boolean()),
})

/**
 * 受理服务满意度 (第二十七条 (一), 004:1630–1632): the requester rates the centre's reception of its call or online
 * request — attitude, wording, understanding, the answer's accuracy — besides the unit's handling. The same five
 * options and the same 5 natural days from the notice (第二十七条 (三), 004:1636); the notice goes out when the
 * reception ends, at registration. Not rated in the window is 未评价: nothing follows from it, so no timer records it.
 */
export const TicketReceptionRating = Type.Object({
  notifiedOn: LegalDate,
  windowEnds: LegalDate,
  value: Type.Optional(SatisfactionOption),
  ratedOn: Type.Optional(LegalDate),
})

export const TicketReturnVisit = Type.Object({
  round: Type.Union([Type.Literal(1), Type.Literal(2)]),
  on: LegalDate,
  note: Text(2000),
  /** the dissatisfaction came from a natural disaster or other force majeure (第二十九条 (五)) */
  forceMajeure: Type.Optional(Type.Boolean()),
})

export const TicketSupervision = Type.Object({
  id: Uuid,
  kind: SupervisionKind,
  note: Text(2000),
  openedOn: LegalDate,
  /** the response limit; absent for long-term items */
  deadline: Type.Optional(TicketDeadline),
  response: Type.Optional(Text(4000)),
})

/**
 * The final report of a long-term item (第二十六条第三款, 004:1626): due 3 working days after the legal procedure ended,
 * with the superior guidance department's opinion, to the requester and the centre.
 */
export const TicketLongTermFinal = Type.Object({
  /** 法定程序终结之日, as the unit records it */
  procedureEndedOn: LegalDate,
  deadline: TicketDeadline,
  /** 上级业务指导部门 and its 指导意见 */
  guidanceDepartment: Type.Optional(DepartmentCode),
  guidance: Type.Optional(Text(4000)),
  result: Type.Optional(Text(4000)),
  reportedOn: Type.Optional(LegalDate),
  /** reported after the 3 working days */
  late: Type.Optional(Type.Boolean()),
})

/** 需要长期推进的复杂事项 (第二十六条): plan in 10 WD, progress told at most a month apart, final report in 3 WD. */
export const TicketLongTerm = Type.Object({
  markedOn: LegalDate,
  plan: TicketDeadline,
  planText: Type.Optional(Text(4000)),
  lastUpdateOn: Type.Optional(LegalDate),
  nextUpdateDue: Type.Optional(LegalDate),
  /** the day the missed update was found overdue (once per missed update) */
  updateOverdueOn: Type.Optional(LegalDate),
  updates: Count(),
  final: Type.Optional(TicketLongTermFinal),
})

export const TicketHard = Type.Object({
  kind: HardTicketKind,
  openedOn: LegalDate,
  /** the opinion's limit by kind (第十八条) */
  opinion: TicketDeadline,
  opinionText: Type.Optional(Text(4000)),
})

/**
 * The region a ticket is about, as its 6-digit 行政区划代码 (e.g. 450700 钦州市): whose rule sets its handling limit
 * (Guangxi's 优化营商环境专线, 002:340). The gateway checks it is a region the platform knows.
 */
export const TicketRegion = Type.String({ minLength: 6, maxLength: 6, pattern: '^\\d{6}$' })

/** Why 12345 issues a 整改函 (002:340, 003:291): the handling unit's failing in the seed's words. */
export const RectificationGround = Type.Union([
  /** 未依法履行职能 — did not perform its duty as the law requires */
  Type.Literal('duty-not-performed'),
  /** 敷衍塞责 — went through the motions */
  Type.Literal('perfunctory'),
])

/** The most 整改函 one ticket records (the snapshot's bound). */
export const MAX_RECTIFICATION_LETTERS = 10

/**
 * 整改函 (rectification letter, 002:340): the centre's letter urging the handling unit of a ticket to put right how it
 * handled it. Recorded on the ticket for the unit and the supervisor; it does not change the ticket's status.
 */
export const TicketRectificationLetter = Type.Object({
  id: Uuid,
  /** the handling unit it was sent to: the ticket's unit on the day */
  department: DepartmentCode,
  ground: RectificationGround,
  reason: Text(2000),
  issuedOn: LegalDate,
  issuedAt: Instant,
  /** 整改情况: the unit's answer, once — what it put right; absent until it answers */
  reply: Type.Optional(Type.Object({ rectification: Text(4000), repliedOn: LegalDate, repliedAt: Instant })),
})

/** POST /tickets/:id/rectification-letters — the centre's 整改函 to the ticket's handling unit. */
export const RectificationLetterBody = Type.Object(
  { ground: RectificationGround, reason: Text(2000) },
  { additionalProperties: false },
)
export type RectificationLetterBody = Static<typeof RectificationLetterBody>

/** POST /tickets/:id/rectification-letters/:letterId/reply — the unit's 整改情况, once. */
export const RectificationReplyBody = Type.Object({ rectification: Text(4000) }, { additionalProperties: false })
export type RectificationReplyBody = Static<typeof RectificationReplyBody>

/**
 * 线索移交 (002:340): where 12345 hands a serious case on — 情况恶劣、造成不良影响的 — to be dealt with under the rules,
 * discipline and law; the three bodies the seed names.
 */
export const ReferralRecipient = Type.Union([
  /** 营商环境管理部门 — the business-environment authority */
  Type.Literal('business-environment'),
  /** 督查部门 — the government's inspection office */
  Type.Literal('inspection'),
  /** 纪检监察机关 — the discipline inspection and supervision organs */
  Type.Literal('discipline'),
])

/** The most referrals one ticket records (the snapshot's bound): each body at most a few times. */
export const MAX_REFERRALS = 10

export const TicketReferral = Type.Object({
  id: Uuid,
  to: ReferralRecipient,
  note: Text(2000),
  referredOn: LegalDate,
  referredAt: Instant,
})

/**
 * Who reads a ticket's referrals: the centre (agent), the supervisor and the admin. A clue handed to the discipline
 * organs concerns the unit's people, so neither the unit nor the requester is told of it (docs/hotline.md).
 */
export const readsReferrals = (role: string): boolean => role === 'agent' || role === 'supervisor' || role === 'admin'

/** The ticket as a reader of `role` may see it: without its referrals unless `readsReferrals`. */
export function withoutReferrals<T extends { referrals?: unknown }>(ticket: T, role: string): T {
  if (readsReferrals(role) || ticket.referrals === undefined) return ticket
  const { referrals: _hidden, ...rest } = ticket
  return rest as T
}

/** POST /tickets/:id/referrals — the centre records a case handed on. */
export const ReferTicketBody = Type.Object({ to: ReferralRecipient, note: Text(2000) }, { additionalProperties: false })
export type ReferTicketBody = Static<typeof ReferTicketBody>

/**
 * 100% 人工回访 of the 优化营商环境专线 (002:340): a market entity's ticket in a region with that line, rated 不满意 or
 * not resolved, is owed a call-back until the centre records one (`return-visit`).
 */
export const TicketCallBack = Type.Object({
  /** what made it owed: a dissatisfied rating, or one saying the matter is not resolved */
  reason: Type.Union([Type.Literal('dissatisfied'), Type.Literal('unresolved')]),
  owedSince: LegalDate,
  /** the day the return visit was recorded; absent while owed */
  visitedOn: Type.Optional(LegalDate),
})

/**
 * The enterprise (市场主体, market entity) a caller or a window applicant speaks for: its name and its 统一社会信用代码
 * (unified social credit code, GB 32100: the body's pattern checks the shape, the hotline the check character). Part of
 * the requester, so it is kept and shown as the requester's personal data is: 第四十三条 (004:1716) keeps every piece
 * of 诉求人信息 (the requester's information) confidential, not only a person's — and an enterprise named in a
 * complaint against a department is exactly who that protects. Never in events; the ticket says only `marketEntity`.
 */
export const TicketEnterprise = Type.Object(
  { name: Text(200), creditCode: CreditCode },
  { additionalProperties: false, description: 'the enterprise (市场主体) the requester speaks for' },
)
export type TicketEnterprise = Static<typeof TicketEnterprise>

/** One 12345 ticket as it stands after the event. Personal data of the requester never travels in events. */
export const TicketSnapshot = Type.Object({
  ticketId: Uuid,
  /** Tickets split from one call (第十一条第二款) share it. */
  groupId: Uuid,
  type: TicketType,
  channel: TicketChannel,
  status: TicketStatus,
  title: Text(200),
  content: Text(4000),
  /** 实名: the requester gave name, ID number and phone, none hidden. */
  realName: Type.Boolean(),
  hidden: Type.Array(HiddenField, { maxItems: 3 }),
  /** The owner organisation that filed it online (its own tickets), when it did. */
  ownerCreditCode: Type.Optional(CreditCode),
  /**
   * A caller or window applicant that named the enterprise it speaks for (`TicketEnterprise`, kept with the requester):
   * the ticket is a market entity's, whose region's rule may set its limit (002:340). Absent: a person, or an owner
   * online (its `ownerCreditCode` says it), or a ticket from before enterprises could be named.
   */
  marketEntity: Type.Optional(Type.Boolean()),
  /** The clerk (her `sub`) who registered it at the 办不成事 window: she follows its progress. Window tickets only. */
  windowClerk: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  projectId: Type.Optional(Uuid),
  applicationId: Type.Optional(Uuid),
  taskId: Type.Optional(Uuid),
  /** The region the ticket is about; absent on tickets from before regions (they keep Guangzhou's limits). */
  region: Type.Optional(TicketRegion),
  /** The unit the call named; dispatch may choose another. */
  intendedDepartment: Type.Optional(DepartmentCode),
  /** 承办单位 (the lead one in joint handling) and 协办单位. */
  department: Type.Optional(DepartmentCode),
  coHandlers: Type.Array(DepartmentCode, { maxItems: 10 }),
  /**
   * 补充信息 of an online ticket (第十二条第二款, 004:1517): the notice sent once, the 3 natural days from it, the day the
   * requester supplied it; lapsed unsupplied, the ticket is ended.
   */
  supplement: Type.Optional(
    Type.Object({
      note: Text(2000),
      requestedOn: LegalDate,
      windowEnds: LegalDate,
      suppliedOn: Type.Optional(LegalDate),
    }),
  ),
  /** the co-handlers' parts of the current dispatch (absent on tickets from before co-handlers acted) */
  contributions: Type.Optional(Type.Array(TicketContribution, { maxItems: 20 })),
  registeredAt: Instant,
  registeredOn: LegalDate,
  /** dispatch within 1 WD of registration (第十三条) */
  dispatch: TicketDeadline,
  dispatches: Count(),
  lastDispatchedOn: Type.Optional(LegalDate),
  /** the unit's check within 2 WD of receipt (第十六条) */
  check: Type.Optional(TicketDeadline),
  /** the lead's notice to the co-handlers within 2 WD (第十七条第三款) */
  coordination: Type.Optional(TicketDeadline),
  /**
   * 2 WD consultation, 10 WD otherwise, from the working day after the last dispatch (第十四条, 第十五条); a Guangxi
   * market entity's 求助 3 WD (002:340)
   */
  handling: Type.Optional(TicketDeadline),
  /** the limit of the first dispatch: what each extension may add at most and what a re-handling gets */
  originalLimit: Type.Integer({ minimum: 0, maximum: 10 }),
  extensions: Type.Array(TicketExtension, { maxItems: 2 }),
  restarts: Type.Array(TicketRestart, { maxItems: 50 }),
  returns: Type.Array(TicketReturn, { maxItems: 50 }),
  hard: Type.Optional(TicketHard),
  report: Type.Optional(TicketReport),
  /** the report of the first handling, kept when the re-handling's replaces it */
  firstReport: Type.Optional(TicketReport),
  ratings: Type.Array(TicketRating, { maxItems: 2 }),
  /** the reception service's rating; absent on tickets registered before it was modelled */
  reception: Type.Optional(TicketReceptionRating),
  returnVisits: Type.Array(TicketReturnVisit, { maxItems: 2 }),
  rehandled: Type.Boolean(),
  /** 履职尽责意见: 5 WD after the second dissatisfied rating (第三十条第三款) */
  dutyStatement: Type.Optional(Type.Object({ deadline: TicketDeadline, text: Type.Optional(Text(4000)) })),
  supervisions: Type.Array(TicketSupervision, { maxItems: 20 }),
  /** 整改函 the centre sent the handling unit (002:340); absent until the first */
  rectificationLetters: Type.Optional(Type.Array(TicketRectificationLetter, { maxItems: MAX_RECTIFICATION_LETTERS })),
  /** 线索移交: the bodies the centre handed the case to (002:340); absent until the first. The centre's and supervisor's */
  referrals: Type.Optional(Type.Array(TicketReferral, { maxItems: MAX_REFERRALS })),
  /** the 优化营商环境专线's call-back (002:340), while owed and once made; absent on any other ticket */
  callBack: Type.Optional(TicketCallBack),
  longTerm: Type.Optional(TicketLongTerm),
  /** withdrawn by the requester; a report may still be investigated (第二十三条 (二)) */
  withdrawnOn: Type.Optional(LegalDate),
  closure: Type.Optional(TicketClosure),
  closedAt: Type.Optional(Instant),
  /** closure `answered`: the knowledge point (知识点) the consultation was answered from, at the version cited */
  knowledgePoint: Type.Optional(
    Type.Object({
      id: Uuid,
      version: Count(1),
      department: DepartmentCode,
      question: Text(500),
    }),
  ),
  version: Count(1),
  updatedAt: Instant,
})

/** The ticket's clocks, named in warned/overdue events. */
export const TicketClockName = Type.Union([
  Type.Literal('dispatch'),
  Type.Literal('check'),
  Type.Literal('coordination'),
  Type.Literal('handling'),
  Type.Literal('hard-opinion'),
  Type.Literal('duty-statement'),
  Type.Literal('long-term-plan'),
  Type.Literal('long-term-update'),
  Type.Literal('long-term-final'),
  Type.Literal('supervision'),
  Type.Literal('rating'),
])

const ticketEvent = <const S extends `permit.hotline.ticket.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      ticket: TicketSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      /** warned/overdue: which clock */
      clock: Type.Optional(TicketClockName),
    }),
  })

export const TicketRegisteredV1 = ticketEvent(
  'permit.hotline.ticket.registered.v1',
  '12345 ticket registered by an agent, by the owner online or by a clerk at the 办不成事 window; dispatch is due within 1 working day.',
)
export const TicketDispatchedV1 = ticketEvent(
  'permit.hotline.ticket.dispatched.v1',
  'Ticket dispatched to a handling unit (with co-handlers in joint handling); its handling clock starts.',
)
export const TicketAcceptedV1 = ticketEvent(
  'permit.hotline.ticket.accepted.v1',
  'The unit checked the ticket and took it as its own.',
)
export const TicketReturnedV1 = ticketEvent(
  'permit.hotline.ticket.returned.v1',
  '退回 requested by the unit with its grounds by kind of dispute; the centre decides.',
)
export const TicketReturnDecidedV1 = ticketEvent(
  'permit.hotline.ticket.return-decided.v1',
  'The centre approved (re-dispatch, clock restarts) or rejected (back to the unit, clock unchanged) a return.',
)
export const TicketHardV1 = ticketEvent(
  'permit.hotline.ticket.hard.v1',
  '疑难工单: returned by 3 different units; an opinion is asked for within its limit by kind of dispute.',
)
export const TicketExtendedV1 = ticketEvent(
  'permit.hotline.ticket.extended.v1',
  '延期: the handling limit extended (at most 2 times, each at most the original limit), told to the requester.',
)
export const TicketRestartedV1 = ticketEvent(
  'permit.hotline.ticket.restarted.v1',
  'New information affecting the handling: the handling limit counts again from the day it came.',
)
export const TicketInformationAddedV1 = ticketEvent(
  'permit.hotline.ticket.information-added.v1',
  'The requester added information that does not affect the handling; recorded, the clock runs on.',
)
export const TicketSupplementRequestedV1 = ticketEvent(
  'permit.hotline.ticket.supplement-requested.v1',
  '补充信息: the centre told an online requester, once, what to supply within 3 natural days; unsupplied, the ticket ends.',
)
export const TicketContributedV1 = ticketEvent(
  'permit.hotline.ticket.contributed.v1',
  '协办: a co-handling unit submitted its part (opinion and what it did) to the lead unit of a joint handling.',
)
export const TicketRepliedV1 = ticketEvent(
  'permit.hotline.ticket.replied.v1',
  'Handling report and reply to the requester submitted by the unit; the centre reviews them.',
)
export const TicketReviewedV1 = ticketEvent(
  'permit.hotline.ticket.reviewed.v1',
  'The centre reviewed the handling report: passed (rating requested) or sent back to the unit.',
)
export const TicketRatedV1 = ticketEvent(
  'permit.hotline.ticket.rated.v1',
  '满意度 rating given (or lapsed after 5 natural days, counting as unrated).',
)
export const TicketReceptionRatedV1 = ticketEvent(
  'permit.hotline.ticket.reception-rated.v1',
  '受理服务满意度: the requester rated the hotline centre’s reception of its request (within 5 natural days of registration).',
)
export const TicketReturnVisitedV1 = ticketEvent(
  'permit.hotline.ticket.return-visited.v1',
  '回访 after a dissatisfied rating, recorded.',
)
export const TicketRehandlingOpenedV1 = ticketEvent(
  'permit.hotline.ticket.rehandling-opened.v1',
  '再次办理: sent back to the unit once, with the original limit and no return or extension.',
)
export const TicketDutyStatementV1 = ticketEvent(
  'permit.hotline.ticket.duty-statement.v1',
  '履职尽责意见 filed by the unit after a second dissatisfied rating.',
)
export const TicketSupervisedV1 = ticketEvent(
  'permit.hotline.ticket.supervised.v1',
  '督办 opened by the centre with its response limit, or answered by the unit.',
)
export const TicketRectificationLetterIssuedV1 = ticketEvent(
  'permit.hotline.ticket.rectification-letter-issued.v1',
  '整改函: the centre sent the handling unit a rectification letter (未依法履行职能 or 敷衍塞责); the status is unchanged.',
)
export const TicketRectificationLetterAnsweredV1 = ticketEvent(
  'permit.hotline.ticket.rectification-letter-answered.v1',
  '整改情况: the handling unit named on a 整改函 answered it, once, with what it put right; the status is unchanged.',
)
export const TicketReferredV1 = ticketEvent(
  'permit.hotline.ticket.referred.v1',
  '线索移交: the centre handed the case on to the business-environment authority, the inspection office or the discipline organs; the status is unchanged.',
)
export const TicketLongTermV1 = ticketEvent(
  'permit.hotline.ticket.long-term.v1',
  'Long-term complex item: marked (plan due in 10 working days), plan filed, a monthly progress update, the legal procedure ended (final report due in 3 working days), or the final report.',
)
export const TicketWithdrawnV1 = ticketEvent(
  'permit.hotline.ticket.withdrawn.v1',
  'The requester withdrew; a report may still be investigated by the unit.',
)
export const TicketClosedV1 = ticketEvent('permit.hotline.ticket.closed.v1', 'Ticket closed, with its closure reason.')
export const TicketWarnedV1 = ticketEvent(
  'permit.hotline.ticket.warned.v1',
  '预警 — one of the ticket’s clocks reached its warning share (yellow); raised once per clock.',
)
export const TicketOverdueV1 = ticketEvent(
  'permit.hotline.ticket.overdue.v1',
  '超时 — one of the ticket’s clocks passed its due date with the act not done; raised once per clock, the day after.',
)

export const TicketDueMovedV1 = ticketEvent(
  'permit.hotline.ticket.due-moved.v1',
  'A published working-day calendar moved one of the open ticket’s due dates; the ticket carries the new ones.',
)

export type TicketEventBody = EventBody<typeof TicketRegisteredV1>

/** Annotated: the inferred tuple of twenty-eight snapshot schemas is too long for the compiler to write out. */
export const hotlineEvents: readonly EventDefinition[] = [
  TicketRegisteredV1,
  TicketDispatchedV1,
  TicketAcceptedV1,
  TicketReturnedV1,
  TicketReturnDecidedV1,
  TicketHardV1,
  TicketExtendedV1,
  TicketRestartedV1,
  TicketInformationAddedV1,
  TicketSupplementRequestedV1,
  TicketContributedV1,
  TicketRepliedV1,
  TicketReviewedV1,
  TicketRatedV1,
  TicketReceptionRatedV1,
  TicketReturnVisitedV1,
  TicketRehandlingOpenedV1,
  TicketDutyStatementV1,
  TicketSupervisedV1,
  TicketRectificationLetterIssuedV1,
  TicketRectificationLetterAnsweredV1,
  TicketReferredV1,
  TicketLongTermV1,
  TicketWithdrawnV1,
  TicketClosedV1,
  TicketWarnedV1,
  TicketOverdueV1,
  TicketDueMovedV1,
]
