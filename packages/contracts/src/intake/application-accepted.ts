import { type Static, Type } from 'typebox'
import { WorksPart } from '../acceptance/part.js'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  DepartmentCode,
  Instant,
  ItemCode,
  LegalDate,
  MAX_GUIDE_MATERIALS,
  MAX_LIST,
  MAX_NAME,
  MAX_REFERENCE,
  MaterialCode,
  ProjectCode,
  StageCode,
  StepCode,
  Uuid,
} from '../primitives.js'
import { ApplicationLandList, CoveredAssessment, DeliveredReport } from '../shared-results/land.js'
import { UtilityLine, UtilityProvider } from '../utility/events.js'
import { ApplicationReceipt, ReceivedMaterials } from './receipt.js'
import { ApplicationContact, ClockLimit, SpecialProcedureLimit, StepPhase } from './shared.js'

/**
 * One hookup (报装) the owner names once in the combined form at the utility-hookup step; the provider's request
 * opens from it, so the owner files nothing again (零材料、零跑动).
 */
export const UtilityHookupNeed = Type.Object({ provider: UtilityProvider, ...UtilityLine.properties })

/** One item of an accepted application, with the limits pinned from the catalogue version it was accepted under. */
export const AcceptedItem = Type.Object({
  item: ItemCode,
  department: DepartmentCode,
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** 法定时限, when the catalogue gives one. */
  statutoryLimit: Type.Optional(ClockLimit),
  /** The one extension of the statutory limit the law allows (行政许可法第四十二条: 10 W). */
  statutoryExtension: Type.Optional(ClockLimit),
  /** 承诺时限; the step's limit when the item has none of its own (the step's items run in parallel within it). */
  committedLimit: Type.Optional(ClockLimit),
  specialProcedures: Type.Optional(Type.Array(SpecialProcedureLimit, { maxItems: MAX_LIST })),
  /** 告知承诺: approved on the owner's written commitment, verified later. */
  onCommitment: Type.Optional(Type.Boolean()),
  /**
   * 办事指南: the materials the item's service guide lists (the catalogue version's `materials` of the item); a 补正
   * may ask for no other (指南之外无材料, 004:1050, 004:2317). Absent from events written before it was pinned.
   */
  materials: Type.Optional(Type.Array(MaterialCode, { maxItems: MAX_GUIDE_MATERIALS })),
})

/** The most follow-ons an acceptance pins (`MAX_FOLLOW_ONS` of @onewindow/catalogue: a project type's bound). */
export const MAX_FOLLOW_ONS = 20

/**
 * 后续事项, pinned from the catalogue: when the step approves `after`, approval opens `item` for `department` on the
 * same project, with no application and no materials (e.g. 004:1814, the planning permit's data to public security for
 * the house number). Its limits are the item's, when the catalogue gives any.
 */
export const FollowOnItem = Type.Object({
  after: ItemCode,
  /** The approved item's name, which the follow-on's task is named after (后续事项 of 建设工程规划许可). */
  afterName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  item: ItemCode,
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  department: DepartmentCode,
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  statutoryLimit: Type.Optional(ClockLimit),
  committedLimit: Type.Optional(ClockLimit),
  /** The catalogue's source line of the rule (`seeds/<file>:<line>`). */
  source: Type.Optional(Type.String({ maxLength: 200 })),
  /** 信息推送: the department is told (it records receipt, refuses nothing); absent, it decides (核准 or not). */
  forInformation: Type.Optional(Type.Literal(true)),
})
export type FollowOnItem = Static<typeof FollowOnItem>

/** The most rules a follow-on's condition names (`MAX_FOLLOW_ON_CONDITIONS` of @onewindow/catalogue). */
export const MAX_FOLLOW_ON_CONDITIONS = 10

/**
 * 后续事项 the acceptance did not pin: the catalogue opens it only on facts the owner states in the application
 * (`onlyIf`, e.g. 004:1814's 建筑物门口朝向已确定 and 所朝向的街路巷名称已命名), and one did not hold. Nothing is shared
 * with its department; the owner applies to it separately, and is told why (`unmet`).
 */
const { after, afterName, item, itemName, department, departmentName, source } = FollowOnItem.properties
export const WithheldFollowOn = Type.Object({
  // What it would have been, as a pinned follow-on names it.
  after,
  afterName,
  item,
  itemName,
  department,
  departmentName,
  source,
  /** Each rule that did not hold: its code, its words, and whether the application stated its facts at all. */
  unmet: Type.Array(
    Type.Object({
      rule: Type.String({ minLength: 1, maxLength: 100 }),
      condition: Type.String({ maxLength: MAX_NAME }),
      /** False: a fact it reads was not stated; true: stated, and not as the rule needs (e.g. the street not named). */
      stated: Type.Boolean(),
      /**
       * The answer the rule's one fact needs (`== true`: true, `== false`: false; the catalogue holds each rule to one
       * fact). Absent on events written before it was said, whose rules were all `== true`.
       */
      required: Type.Optional(Type.Boolean()),
    }),
    { minItems: 1, maxItems: MAX_FOLLOW_ON_CONDITIONS },
  ),
  /**
   * Every rule of the follow-on's `onlyIf`, in the catalogue's order, held or not: with `unmet`, what the application
   * stated of each (a rule not unmet held, so its facts were stated as `required`), and the seed's route in its own
   * words (若…且…的). Absent from events written before it was carried.
   */
  onlyIf: Type.Optional(
    Type.Array(
      Type.Object({
        rule: Type.String({ minLength: 1, maxLength: 100 }),
        condition: Type.String({ maxLength: MAX_NAME }),
        /** The answer the rule's one fact needs (`== true`: true, `== false`: false): on every rule intake writes. */
        required: Type.Optional(Type.Boolean()),
      }),
      { minItems: 1, maxItems: MAX_FOLLOW_ON_CONDITIONS },
    ),
  ),
})
export type WithheldFollowOn = Static<typeof WithheldFollowOn>

export const ApplicationAcceptedV1 = defineEvent({
  subject: 'permit.intake.application.accepted.v1',
  description:
    '受理 — the window accepted one combined application (一窗受理), at once or after its 接件 (`receipt`), or the law did five working days after the receipt (行政许可法第三十二条; `acceptedOn` is then the receipt day). Every department clock for its items starts on `acceptedOn`.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    projectCode: ProjectCode,
    stage: StageCode,
    catalogueVersion: Type.String({ minLength: 1, maxLength: 300 }),
    acceptedAt: Instant,
    acceptedOn: LegalDate,
    withDeficiencies: Type.Boolean({ description: '容缺受理: accepted while materials are still owed' }),
    items: Type.Array(AcceptedItem, { minItems: 1, maxItems: MAX_LIST }),
    step: Type.Optional(StepCode),
    stepName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
    /** 分阶段办理: the phase of the step applied for; absent, the whole step at once. */
    phase: Type.Optional(StepPhase),
    /** 按照单位工程办理 — the unit work (单位工程, a building) whose construction permit this is; absent, the whole project. */
    part: Type.Optional(WorksPart),
    stepLimit: Type.Optional(ClockLimit),
    /** 牵头部门 of the step, pinned from the catalogue: it sees every task of the step and issues its one 补正 notice. */
    stepLead: Type.Optional(DepartmentCode),
    /** The region's setting, pinned: the lead's consolidated notice stops every clock of the step, or the requesting departments'. */
    consolidatedNoticeStops: Type.Optional(Type.Union([Type.Literal('requesting'), Type.Literal('step')])),
    /** The step's statutory limit when its items are handled jointly (行政许可法第四十二条、第二十六条: 45 W), and its one extension (15 W). */
    stepStatutoryLimit: Type.Optional(ClockLimit),
    stepStatutoryExtension: Type.Optional(ClockLimit),
    /**
     * The project type's whole-flow cap (全流程行政审批时间), pinned from the catalogue version the project was registered
     * under, with its source line: approval runs it as the flow's clock over the steps it approves.
     */
    projectCap: Type.Optional(
      Type.Object({ ...ClockLimit.properties, source: Type.Optional(Type.String({ maxLength: 200 })) }),
    ),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    ownerCreditCode: Type.Optional(Type.String({ maxLength: 18 })),
    receiptNumber: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    deficiencies: Type.Optional(
      Type.Array(
        Type.Object({
          material: MaterialCode,
          name: Type.String({ maxLength: MAX_NAME }),
          promisedOn: LegalDate,
        }),
        { maxItems: MAX_LIST },
      ),
    ),
    /**
     * 告知承诺 items: verified by `verifyBy`, counted `limit` (the item's committed limit, else 20 W) from `acceptedOn`
     * in `region` — kept so that a published calendar re-projects the day. `limit` is absent on events written before.
     */
    commitments: Type.Optional(
      Type.Array(Type.Object({ item: ItemCode, verifyBy: LegalDate, limit: Type.Optional(ClockLimit) }), {
        maxItems: 100,
      }),
    ),
    /** The hookups named in the form (`form.utilities`), when the owner named any. */
    utilities: Type.Optional(Type.Array(UtilityHookupNeed, { maxItems: 5 })),
    /**
     * 申请联系人/联系电话 as the desk recorded them (`form.contact`, `form.phone`), for the providers of `utilities`:
     * only with `utilities`, and only when the desk recorded either; absent from events written before it was carried.
     */
    contact: Type.Optional(ApplicationContact),
    /** 接件 and 受理 (national codes 1 and 3): on the same moment when accepted at once; absent from older events. */
    receipt: Type.Optional(ApplicationReceipt),
    /** 收件清单: the materials handed in at the window; absent from events written before it was kept. */
    materials: Type.Optional(ReceivedMaterials),
    /** 区域评估: the assessments the project's area covers, not asked of the owner, each with the area's result. */
    coveredAssessments: Type.Optional(Type.Array(CoveredAssessment, { maxItems: 11 })),
    /** 中介服务: the assessment reports the project's intermediaries delivered, taken from them, not from the owner. */
    deliveredReports: Type.Optional(Type.Array(DeliveredReport, { maxItems: 11 })),
    /** 用地清单: the project's land-condition list; a department's 补正 may not ask beyond it. */
    landList: Type.Optional(ApplicationLandList),
    /** 后续事项 of the step's items; absent when the project type has none (and on events written before). */
    followOns: Type.Optional(Type.Array(FollowOnItem, { minItems: 1, maxItems: MAX_FOLLOW_ONS })),
    /**
     * 后续事项 of the step's items left out because a condition on the facts stated in the application failed (and so
     * absent from `followOns`); absent when none was (and on events written before conditions were modelled).
     */
    withheldFollowOns: Type.Optional(Type.Array(WithheldFollowOn, { minItems: 1, maxItems: MAX_FOLLOW_ONS })),
  }),
})
export type ApplicationAcceptedV1 = EventBody<typeof ApplicationAcceptedV1>
