import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ProjectOwner } from '../intake/project-registered.js'
import { ApplicationContact, ClockAlertDue, ClockAlerts, ClockSpec } from '../intake/shared.js'
import {
  Count,
  DepartmentCode,
  Instant,
  LegalDate,
  MAX_NAME,
  MAX_REFERENCE,
  MAX_TEXT,
  ProjectTypeCode,
  Uuid,
} from '../primitives.js'

export const UtilityProvider = Type.Union([
  Type.Literal('water'),
  Type.Literal('power'),
  Type.Literal('gas'),
  Type.Literal('drainage'),
  Type.Literal('telecom'),
])

/**
 * A provider's utility as a person names it (通信, not 通讯: the seeds' word for the hookups, 004:1786, 2139, 2193):
 * the notifier's messages and the gateway's figures name providers by it. The console keeps its own copy, as it
 * imports no runtime code from here (apps/console/src/departments.ts `providerName`).
 */
export const UTILITY_PROVIDER_NAMES: Readonly<Record<Static<typeof UtilityProvider>, string>> = {
  water: '供水',
  power: '供电',
  gas: '供气',
  drainage: '排水',
  telecom: '通信',
}

/**
 * The largest value of each measure of an outside line, well above any real one: 1,000 km of line, a 100 m pipe,
 * 100 km² of green space (a site's bound), 1,100 kV (the highest voltage in service). Intake reads the form against them.
 */
export const UTILITY_LINE_MAXIMA = {
  lengthM: 1_000_000,
  diameterMm: 100_000,
  greenSpaceM2: 100_000_000,
  voltageKv: 1100,
  newChannelLengthM: 1_000_000,
} as const

/** An outside line (外线) as the owner's combined form describes it: what the region's low-risk test reads. */
export const UtilityLine = Type.Object({
  /** Length of the outside line, metres. */
  lengthM: Type.Number({ minimum: 0, maximum: UTILITY_LINE_MAXIMA.lengthM }),
  /** Pipe diameter (DN), millimetres: water, gas, drainage. */
  diameterMm: Type.Optional(Type.Number({ minimum: 0, maximum: UTILITY_LINE_MAXIMA.diameterMm })),
  /** Green space the works occupy for a time (临时占绿), m². */
  greenSpaceM2: Type.Optional(Type.Number({ minimum: 0, maximum: UTILITY_LINE_MAXIMA.greenSpaceM2 })),
  /** Power: the supply voltage, kV (0.38 for 380 V). */
  voltageKv: Type.Optional(Type.Number({ minimum: 0, maximum: UTILITY_LINE_MAXIMA.voltageKv })),
  /** Power: a new cable channel is built. */
  newChannel: Type.Optional(Type.Boolean()),
  /** Power: the new channel's length, metres. */
  newChannelLengthM: Type.Optional(Type.Number({ minimum: 0, maximum: UTILITY_LINE_MAXIMA.newChannelLengthM })),
  /** The works touch a city main road (城市主干道). */
  onMainRoad: Type.Optional(Type.Boolean()),
  /**
   * 用地清单: the connection point and its requirement from the plot's land-condition list (004:2263), filled in by
   * intake when the project's land is linked — never asked of the owner.
   */
  connectionPoint: Type.Optional(
    Type.Object({
      plotCode: Type.String({ maxLength: 50 }),
      point: Type.String({ maxLength: 200 }),
      requirement: Type.String({ maxLength: 500 }),
    }),
  ),
})

export const UtilityStage = Type.Union([
  Type.Literal('survey'),
  Type.Literal('plan'),
  Type.Literal('outside-line-permits'),
  Type.Literal('construction'),
  Type.Literal('awaiting-acceptance'),
  Type.Literal('connected'),
])

/** 文号 — the number of a department's written decision, e.g. 佛城管许〔2026〕12号: at most 50 characters. */
export const MAX_DOCUMENT_NO = 50

/** What a provider changed in its plan when it applies again for a refused permit: at most 500 characters. */
export const MAX_REAPPLICATION_CHANGE = 500

/** A non-key material named at 容缺受理, as the department names it (管线平面图): at most 100 characters. */
export const MAX_PERMIT_MATERIAL_NAME = 100
/** The most materials one permit is accepted without (容缺受理 is of non-key materials, a few at most). */
export const MAX_PERMIT_DEFICIENCIES = 10

/**
 * 容缺受理 — acceptance with non-key materials missing (004:1846): a material the department accepted the permit's
 * application without, and the day the provider supplied it (容缺后补; absent while it is still owed). No seed sets a
 * time to supply it (004:1860 says only 在规定时间内), so none is carried.
 */
export const PermitDeficiency = Type.Object({
  name: Type.String({ minLength: 1, maxLength: MAX_PERMIT_MATERIAL_NAME }),
  suppliedOn: Type.Optional(LegalDate),
})

/**
 * An outside-line works permit (占掘路 / 绿化 / 涉路 / 占道施工交通组织方案审核), or its filing (报备) when the line is
 * under the low-risk thresholds. The provider applies; the department concerned decides (004:2195): a decision carries that department,
 * its 文号 and its day, a refusal (不予许可) its reason. Every field but `kind` and `status` is optional, so a permit
 * recorded before them (granted with no 文号) still reads.
 */
export const OutsideLinePermit = Type.Object({
  kind: Type.Union([
    Type.Literal('road-excavation'),
    Type.Literal('green-space'),
    Type.Literal('road-related'),
    Type.Literal('traffic-organisation'),
  ]),
  status: Type.Union([
    Type.Literal('filed'),
    Type.Literal('requested'),
    Type.Literal('granted'),
    Type.Literal('refused'),
  ]),
  /** The department that decided, by its catalogue code. */
  department: Type.Optional(DepartmentCode),
  /** Its name as the project's catalogue gives it (佛山市城管执法局), kept so a reader needs no catalogue. */
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  documentNo: Type.Optional(Type.String({ maxLength: MAX_DOCUMENT_NO })),
  /** The day of the department's decision (China). */
  decidedOn: Type.Optional(LegalDate),
  /** 不予许可: the department's reason. */
  reason: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
  /** 报备: the day the low-risk works plan was filed through the system (004:2199). */
  filedOn: Type.Optional(LegalDate),
  /**
   * 并联审批: the day the permit was applied for, on the platform, to the department its catalogue item names
   * (`department`, `departmentName`): that department decides it in its inbox, the provider records nothing. Absent
   * where no catalogue names the department, and on permits applied for before: the provider records the decision.
   */
  appliedOn: Type.Optional(LegalDate),
  /**
   * The request's version at the permit's application on the platform (`plan-done`, or its latest re-application):
   * the round its department's decision belongs to, read off any later snapshot without the event that applied it
   * (the data-sharing export's 审批事项实例, docs/spgl.md). Absent when `appliedOn` is, and on permits applied for
   * before it was carried.
   */
  appliedAtVersion: Type.Optional(Count(1)),
  /**
   * 容缺受理: the day its department accepted the application with non-key materials missing (`deficiencies`), in
   * this round; absent when it was accepted whole, or on permits applied for before.
   */
  acceptedOn: Type.Optional(LegalDate),
  deficiencies: Type.Optional(Type.Array(PermitDeficiency, { minItems: 1, maxItems: MAX_PERMIT_DEFICIENCIES })),
  /** 办结（容缺通过）: granted while a material of `deficiencies` was still owed (national BLZT 12). */
  grantedWithDeficiencies: Type.Optional(Type.Literal(true)),
  /** A permit applied for again after its department refused it: what the provider changed, and the refusal. */
  reapplication: Type.Optional(
    Type.Object({
      change: Type.String({ maxLength: MAX_REAPPLICATION_CHANGE }),
      refusedOn: Type.Optional(LegalDate),
      refusalReason: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    }),
  ),
})

/**
 * The national catalogue's item of each outside-line permit kind (packages/catalogue/data/000000.yaml), by its code
 * and its name there: the one fixed link between a request's words and the catalogue's. Utility finds the deciding
 * department through it (the region's catalogue names the item's department); the gateway's data-sharing export
 * writes the item (审批事项编码/名称) of a permit a department decides on the platform.
 */
export const OUTSIDE_LINE_PERMIT_ITEMS: Readonly<
  Record<Static<typeof OutsideLinePermit>['kind'], { code: string; name: string }>
> = {
  'road-excavation': { code: 'city-road-occupation-excavation', name: '占用、挖掘城市道路审批' },
  'green-space': { code: 'green-space-temporary-occupation', name: '临时占用城市绿地审批' },
  'road-related': { code: 'highway-works-approval', name: '公路审批（涉路施工许可）' },
  'traffic-organisation': { code: 'traffic-organisation-plan', name: '占道施工交通组织方案审核' },
}

/** 非禁免批 of a project type: its type as the project's catalogue names it, and where the region says so. */
export const PermitsExemption = Type.Object({
  projectType: ProjectTypeCode,
  /** The type's Chinese name (社会投资简易低风险工程建设项目), kept so a reader needs no catalogue. */
  projectTypeName: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  /** The catalogue's source of the exemption: seeds/<file>:<line>. */
  source: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
})

/** A joint survey's time of day as people write it (9:00-11:00, 上午): at most 50 characters. */
export const MAX_SURVEY_TIME = 50
/** Where the providers meet on site (the site's gate, an address): at most 200 characters. */
export const MAX_SURVEY_PLACE = 200
/** Whom to call on the day, a name and a number: at most 100 characters. */
export const MAX_SURVEY_CONTACT = 100

/** Why a joint survey was cancelled (the site is not ready, the day suits nobody): at most 500 characters. */
export const MAX_SURVEY_CANCEL_REASON = 500
/** The most requests a project has at survey at once: five providers on each of a few applications, well above. */
export const MAX_REQUESTS_AT_SURVEY = 50

/**
 * Another provider's word that it will attend the joint survey, given through one of its requests at survey: each
 * request is confirmed once, and a reschedule clears every confirmation (the new time is confirmed afresh).
 */
export const JointSurveyConfirmation = Type.Object({
  requestId: Uuid,
  provider: UtilityProvider,
  confirmedAt: Instant,
})

/**
 * 联合踏勘 (joint site survey) — water, power, gas and telecom survey the site in one visit (004:2303: 一次联合踏勘).
 * One appointment per project, proposed by one provider, applying to every request of the project at survey,
 * whichever provider's; each provider still records its own survey done.
 */
export const JointSurvey = Type.Object({
  /** The day of the visit (China). */
  day: LegalDate,
  /** The time of day, as written: 9:00-11:00. */
  time: Type.String({ minLength: 1, maxLength: MAX_SURVEY_TIME }),
  /** Where to meet. */
  place: Type.String({ minLength: 1, maxLength: MAX_SURVEY_PLACE }),
  /** Whom to call: the proposer's person on the day. */
  contact: Type.String({ minLength: 1, maxLength: MAX_SURVEY_CONTACT }),
  /** The provider that proposed it: the only one that may reschedule it before its day. */
  proposedBy: UtilityProvider,
  proposedAt: Instant,
  /** The other providers' requests confirmed as attending, in the order confirmed; absent until the first. */
  confirmations: Type.Optional(Type.Array(JointSurveyConfirmation, { maxItems: MAX_REQUESTS_AT_SURVEY })),
})

/** A plan's reference as the provider files it (its number or file name): at most 100 characters. */
export const MAX_PLAN_REFERENCE = 100
/** What a pushed plan covers, in a sentence or a paragraph: at most 500 characters. */
export const MAX_PLAN_DESCRIPTION = 500
/** 告知承诺 — the provider's written commitment: at most 1,000 characters. */
export const MAX_COMMITMENT = 1000
/** The most plans one push carries, and the most departments it goes to. */
export const MAX_PUSHED_PLANS = 5
export const MAX_PUSHED_DEPARTMENTS = 10
/** The most restoration reviews one request keeps: a send-back and a new declaration are each a row, well above. */
export const MAX_RESTORATION_REVIEWS = 50

/** 施工方案 (works plan) or 交通疏解方案 (traffic plan), as the provider pushes it: its reference and what it covers. */
export const PushedPlan = Type.Object({
  kind: Type.Union([Type.Literal('works-plan'), Type.Literal('traffic-plan')]),
  reference: Type.String({ minLength: 1, maxLength: MAX_PLAN_REFERENCE }),
  description: Type.String({ minLength: 1, maxLength: MAX_PLAN_DESCRIPTION }),
})

/** A department a push went to, by its catalogue code, with its name there (汕尾市交通运输局). */
export const PushedDepartment = Type.Object({
  code: DepartmentCode,
  name: Type.Optional(Type.String({ maxLength: MAX_NAME })),
})

/**
 * 告知承诺免审批 of a low-risk outside line (Shanwei 004:1852): the provider's commitment and the plans it pushed through
 * the platform, the departments they went to (the catalogue's `worksPlanPush`), when, and where the region says so.
 */
export const WorksPlanPush = Type.Object({
  commitment: Type.String({ minLength: 1, maxLength: MAX_COMMITMENT }),
  plans: Type.Array(PushedPlan, { minItems: 1, maxItems: MAX_PUSHED_PLANS }),
  departments: Type.Array(PushedDepartment, { minItems: 1, maxItems: MAX_PUSHED_DEPARTMENTS }),
  pushedOn: LegalDate,
  pushedAt: Instant,
  source: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
})

/** 修复验收 — one department's acceptance of the restoration, or its send-back with the reason (限期整改). */
export const RestorationReview = Type.Object({
  department: DepartmentCode,
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  outcome: Type.Union([Type.Literal('accepted'), Type.Literal('rectify')]),
  reason: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
  reviewedAt: Instant,
  reviewedBy: Type.String({ maxLength: MAX_REFERENCE }),
})

/**
 * 修复 — the provider's restoration of roads and green space to at least their former standard (按不低于原貌标准恢复),
 * declared done (修复完成) after construction and reviewed by the departments pushed to: `declared` awaits a review,
 * `accepted` a department accepted it, `rectify` one sent it back and the provider declares again.
 */
export const Restoration = Type.Object({
  status: Type.Union([Type.Literal('declared'), Type.Literal('accepted'), Type.Literal('rectify')]),
  declaredAt: Instant,
  note: Type.Optional(Type.String({ maxLength: MAX_PLAN_DESCRIPTION })),
  reviews: Type.Array(RestorationReview, { maxItems: MAX_RESTORATION_REVIEWS }),
})

/** A hookup request (报装) of one provider as it stands after the event, carried whole with a version. */
export const UtilityRequestSnapshot = Type.Object({
  requestId: Uuid,
  projectId: Uuid,
  applicationId: Uuid,
  provider: UtilityProvider,
  stage: UtilityStage,
  /**
   * The line needs no outside-line permit, only the filing of its works plan: under the region's low-risk thresholds
   * (catalogue type `utility-outside-line-low-risk`), or whatever its measures when the project's type exempts its
   * outside lines (`permitsExemption` then says so).
   */
  lowRisk: Type.Boolean(),
  /**
   * Why no permit whatever the line's length or diameter: the project's type exempts this utility's outside lines
   * (非禁免批, the catalogue's `outsideLinePermitsExempt` — Foshan's simple low-risk projects, 004:2159). Absent when
   * the region's thresholds decide, and on requests opened before it.
   */
  permitsExemption: Type.Optional(PermitsExemption),
  /**
   * A low-risk line files its plan by pushing its commitment and works plan to the departments its region names
   * (告知承诺免审批, Shanwei 004:1852: `plan-done` then asks `worksPlan`); false where its region names none. Set when
   * the request opens, from its region's catalogue, so a screen offers the one way its plan is filed; absent on a line
   * that needs its permits, and on requests opened before it (the region's catalogue then decides at `plan-done`).
   */
  pushesWorksPlan: Type.Optional(Type.Boolean()),
  /** The line as the owner's form gave it (the hookup need without its provider). */
  line: UtilityLine,
  /**
   * 建设单位 with its 统一社会信用代码, from the project's registration: whom the provider serves. Absent on requests
   * opened before it was kept, and for projects the service copied before it kept their owner.
   */
  owner: Type.Optional(ProjectOwner),
  /**
   * 申请联系人/联系电话 of the application that opened the request, as the window desk recorded them: whom the provider
   * calls to arrange the survey and the connection. Personal data, read by the request's provider only (the gateway
   * leaves it out of the project status). Absent when the desk recorded neither, and on requests opened before it.
   */
  applicationContact: Type.Optional(ApplicationContact),
  permits: Type.Array(OutsideLinePermit, { maxItems: 10 }),
  clock: Type.Optional(ClockSpec),
  /**
   * The outside-line permits' clock, run in parallel within the region's limit (Qinzhou, Shanwei 3 W); absent where
   * the region's catalogue sets none (Foshan), so there is no due day and no 预警 or 超时.
   */
  permitsClock: Type.Optional(ClockSpec),
  /**
   * The permits clock's due day as the service's calendar made it when the clock last changed (applied for, resumed
   * at a re-application): the order of a department's 外线审批 list. Absent with no clock, while the clock is
   * suspended (every permit left is refused and with the provider), and on requests written before it was carried; a
   * screen evaluates the clock itself (a published calendar may move the day since).
   */
  permitsDueOn: Type.Optional(LegalDate),
  /** When the last outside-line permit was granted: the permits clock stopped then. */
  permitsDoneAt: Type.Optional(Instant),
  /** The permits clock's yellow and overdue alerts, each raised once while the permits are pending. */
  permitsClockAlerts: Type.Optional(ClockAlerts),
  /**
   * The project's joint survey as this request reads it: set on every request at survey when a provider proposes it
   * (and on one opened at survey later), kept once the survey is done. Absent on requests written before it.
   */
  jointSurvey: Type.Optional(JointSurvey),
  /** 告知承诺: the plans of a low-risk line pushed to the departments that supervise it; absent where none was. */
  worksPlanPush: Type.Optional(WorksPlanPush),
  /** 修复: the restoration declared done after construction and the departments' reviews; absent until declared. */
  restoration: Type.Optional(Restoration),
  openedAt: Instant,
  connectedAt: Type.Optional(Instant),
  version: Count(1),
  updatedAt: Instant,
})

const RequestEventSchema = Type.Object({
  request: UtilityRequestSnapshot,
  actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
})

const requestEvent = <const S extends `permit.utility.request.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: RequestEventSchema })

/** The permits clock's alert: a request event with the clock's due day (`dueOn`, {@link ClockAlertDue}). */
const permitsClockAlertEvent = <const S extends `permit.utility.request.${string}.v1`>(
  subject: S,
  description: string,
) => defineEvent({ subject, description, schema: Type.Object({ ...RequestEventSchema.properties, ...ClockAlertDue }) })

export const UtilityRequestOpenedV1 = requestEvent(
  'permit.utility.request.opened.v1',
  '报装 opened by itself from the combined application at the construction-engineering permit step; the owner files nothing again.',
)
/**
 * 并联审批: the permits this `advanced` applied for to their departments on the platform (each with `appliedOn` and
 * `department` in the snapshot) — at `plan-done` every permit whose catalogue names its department, at
 * `permit-reapplied` the one applied for again. Absent on every other move, and on events published before it: what a
 * department is told of a permit applied to it reads this, not a guess from the snapshot (a permit still awaiting its
 * decision looks the same in every later event of the request).
 */
export const PermitsApplied = Type.Array(OutsideLinePermit.properties.kind, {
  minItems: 1,
  maxItems: 4,
  uniqueItems: true,
})

/**
 * 并联审批: the permit this `advanced` is its department's decision on (准予许可 or 不予许可, made on the platform) —
 * the snapshot shows it decided. Empty on every other move (a decided permit stays decided in every later snapshot
 * of the request) and on a decision the provider records from paper; absent only on events published before it, so
 * a reader tells those apart from a move that decides nothing. What reads a department's decision reads this, not the
 * snapshot.
 */
export const PermitsDecided = Type.Array(OutsideLinePermit.properties.kind, {
  minItems: 0,
  maxItems: 4,
  uniqueItems: true,
})

/**
 * 容缺受理: the `advanced` is a department's acceptance of one permit with materials missing (`accepted`) or its
 * provider's supply of them (`supplied`, 容缺后补). It moves no step and decides nothing, whatever stage its snapshot
 * shows (a supply may come at construction or later): a reader that tells of finished steps leaves it out.
 */
export const PermitDeficiencyAct = Type.Object({
  kind: OutsideLinePermit.properties.kind,
  act: Type.Union([Type.Literal('accepted'), Type.Literal('supplied')]),
})

export const UtilityRequestAdvancedV1 = defineEvent({
  subject: 'permit.utility.request.advanced.v1',
  description:
    'The provider moved its request on: survey → connection plan → outside-line permits (or filing) → construction → awaiting acceptance; a permit decided, or applied for again (`permitsApplied` names the permits applied to their departments, `permitsDecided` the permit its department decided on the platform); or a permit accepted with materials missing (容缺受理) or those supplied (`permitDeficiency`), which moves no step.',
  schema: Type.Object({
    ...RequestEventSchema.properties,
    permitsApplied: Type.Optional(PermitsApplied),
    permitsDecided: Type.Optional(PermitsDecided),
    permitDeficiency: Type.Optional(PermitDeficiencyAct),
  }),
})
export type UtilityRequestAdvancedBody = EventBody<typeof UtilityRequestAdvancedV1>
export const UtilityConnectedV1 = requestEvent(
  'permit.utility.request.connected.v1',
  'Connected: the provider finished and joint acceptance has passed.',
)
export const UtilityPermitsClockWarnedV1 = permitsClockAlertEvent(
  'permit.utility.request.permits-clock-warned.v1',
  '预警 — the outside-line permits clock reached the warning share of its limit (yellow) with permits still pending; raised once.',
)
export const UtilityPermitsClockOverdueV1 = permitsClockAlertEvent(
  'permit.utility.request.permits-clock-overdue.v1',
  '超时 — the outside-line permits clock passed its due date with permits still pending; raised once, the day after.',
)
export const UtilityWorksPlanPushedV1 = requestEvent(
  'permit.utility.request.works-plan-pushed.v1',
  '告知承诺免审批 — a low-risk line’s works plan and traffic plan were filed and pushed to the departments that supervise it (`request.worksPlanPush`); the request moves to construction.',
)
export const UtilityRestorationDeclaredV1 = requestEvent(
  'permit.utility.request.restoration-declared.v1',
  '修复完成 — the provider declared roads and green space restored to at least their former standard, for the pushed departments to review.',
)
export const UtilityRestorationReviewedV1 = requestEvent(
  'permit.utility.request.restoration-reviewed.v1',
  '修复验收 — a pushed department accepted the restoration or sent it back with a reason (the last of `request.restoration.reviews`).',
)
export type UtilityRequestEventBody = EventBody<typeof UtilityRequestOpenedV1>

/**
 * What every joint-survey event carries: the project, the appointment, and the requests the event rewrote, each as it
 * stands after with its own new version (what the gateway projects, and whose providers the live stream tells).
 */
const jointSurveyChange = {
  projectId: Uuid,
  jointSurvey: JointSurvey,
  requests: Type.Array(UtilityRequestSnapshot, { maxItems: MAX_REQUESTS_AT_SURVEY }),
  actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
}

export const UtilityJointSurveyProposedV1 = defineEvent({
  subject: 'permit.utility.joint-survey.proposed.v1',
  description:
    '联合踏勘 — a provider proposed (or rescheduled) the one joint site survey of a project; every request of the project at survey now carries it, each as it stands after.',
  schema: Type.Object(jointSurveyChange),
})
export type UtilityJointSurveyProposedBody = EventBody<typeof UtilityJointSurveyProposedV1>

export const UtilityJointSurveyCancelledV1 = defineEvent({
  subject: 'permit.utility.joint-survey.cancelled.v1',
  description:
    '联合踏勘 cancelled by its proposer before its day, with the reason; `jointSurvey` is the appointment cancelled, and every request that carried it now carries none, each as it stands after.',
  schema: Type.Object({
    ...jointSurveyChange,
    reason: Type.String({ minLength: 1, maxLength: MAX_SURVEY_CANCEL_REASON }),
    cancelledAt: Instant,
  }),
})
export type UtilityJointSurveyCancelledBody = EventBody<typeof UtilityJointSurveyCancelledV1>

export const UtilityJointSurveyConfirmedV1 = defineEvent({
  subject: 'permit.utility.joint-survey.confirmed.v1',
  description:
    '联合踏勘 — another provider confirmed it will attend, through one of its requests at survey; every request carrying the appointment now carries the confirmation, each as it stands after.',
  schema: Type.Object({ ...jointSurveyChange, confirmation: JointSurveyConfirmation }),
})
export type UtilityJointSurveyConfirmedBody = EventBody<typeof UtilityJointSurveyConfirmedV1>

export const utilityEvents = [
  UtilityRequestOpenedV1,
  UtilityRequestAdvancedV1,
  UtilityConnectedV1,
  UtilityPermitsClockWarnedV1,
  UtilityPermitsClockOverdueV1,
  UtilityJointSurveyProposedV1,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityWorksPlanPushedV1,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
] as const
