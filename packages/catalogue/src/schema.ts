import { type Static, Type } from 'typebox'

// Patterns, as in packages/contracts (whose one format, `date`, checks the calendar; this schema holds no dates).

/**
 * Where a fact comes from: `seeds/<file>:<line>` (or `:<first>-<last>`), or, for the law the seeds do not hold,
 * `law/<file>:<line>` in this package's `data/law/` (one paragraph a line). Every number carries one.
 */
export const Source = Type.String({
  pattern: '^(seeds/\\d{3}_[0-9a-f]+|law/[a-z-]+)\\.txt:\\d+(-\\d+)?$',
  // An exemption's source goes on project.registered, which holds it to 100 characters: a longer one would pass
  // upload and then refuse every registration it exempts.
  maxLength: 100,
  description: 'seed or law file and line, e.g. seeds/004_33317a5f04b53a73.txt:2169, law/xingzheng-xuke-fa.txt:3',
})

/** At most 100 characters: what a request may name (`CatalogueCode` of @onewindow/contracts) and an event carries. */
export const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100, description: 'kebab-case code' })

/** A name in Chinese (the legal name) and English, each at most 200 characters (an event carries the name of a step in at most 200). */
export const Name = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)

export const Unit = Type.Union([Type.Literal('W'), Type.Literal('N')], { description: 'W = 工作日, N = 自然日' })

/**
 * The longest limit a catalogue may give: 3,650 days, as `MAX_LIMIT_DAYS` of @onewindow/contracts, which every event
 * and request carrying a limit is held to (a longer one would validate here and be refused downstream).
 */
export const MAX_LIMIT_DAYS = 3650

/** A time limit (`Limit` of @onewindow/vocabulary) with its legal source. A value of 0 means 当场办理 / 即办件. */
export const SourcedLimit = Type.Object(
  {
    value: Type.Integer({ minimum: 0, maximum: MAX_LIMIT_DAYS }),
    unit: Unit,
    source: Source,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

/** The clock-stopping procedures of packages/workdays, by the same codes. */
export const SuspensionKind = Type.Union([
  Type.Literal('supplement'),
  Type.Literal('expert-review'),
  Type.Literal('hearing'),
  Type.Literal('public-notice'),
  Type.Literal('inspection-testing'),
  Type.Literal('site-survey'),
  Type.Literal('tender'),
  Type.Literal('auction'),
  Type.Literal('quarantine'),
  Type.Literal('appraisal'),
  Type.Literal('other'),
])

/** 阶段 — one of the four national stages. */
export const Stage = Type.Object(
  { code: Code, order: Type.Integer({ minimum: 1 }), name: Name, source: Source },
  { additionalProperties: false, description: '阶段 (stage)' },
)

/** 部门 — a department, or a utility company, that approves items. */
export const Department = Type.Object(
  {
    code: Code,
    name: Name,
    kind: Type.Union([Type.Literal('government'), Type.Literal('utility'), Type.Literal('service-centre')]),
    source: Type.Optional(Source),
  },
  { additionalProperties: false, description: '部门 (department)' },
)

/** 申请材料 — `deficiencyAllowed` is 容缺: the application may be accepted while this material is owed. */
export const Material = Type.Object(
  {
    code: Code,
    name: Name,
    required: Type.Boolean(),
    deficiencyAllowed: Type.Boolean({ description: '容缺 allowed' }),
    source: Type.Optional(Source),
  },
  { additionalProperties: false },
)

/** A 特别程序 that may stop an item's clock, with its own limit when the source gives one. */
export const SpecialProcedure = Type.Object(
  {
    kind: SuspensionKind,
    limit: Type.Optional(SourcedLimit),
    /** True when the time is not counted in the item's limit (e.g. 不含批前公示时间). */
    excludedFromLimit: Type.Boolean(),
    source: Type.Optional(Source),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** One test on a project fact: `fact op value`, or `fact in values`. */
export const Condition = Type.Object(
  {
    fact: Type.String({ minLength: 1 }),
    op: Type.Union([
      Type.Literal('<='),
      Type.Literal('<'),
      Type.Literal('>='),
      Type.Literal('>'),
      Type.Literal('=='),
      Type.Literal('!='),
      Type.Literal('in'),
    ]),
    value: Type.Optional(Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
    values: Type.Optional(Type.Array(Type.Union([Type.Number(), Type.String()]), { minItems: 1 })),
  },
  { additionalProperties: false },
)

/**
 * A named rule. It holds when every condition of `all` holds, and (when `any` is given) every condition of at
 * least one group of `any` holds: e.g. "water/gas/drainage ≤ 500 m …" or "power ≤ 380 V" or "10/20 kV …".
 */
export const Rule = Type.Object(
  {
    code: Code,
    description: Name,
    all: Type.Optional(Type.Array(Condition)),
    any: Type.Optional(Type.Array(Type.Array(Condition, { minItems: 1 }), { minItems: 1 })),
    source: Source,
  },
  { additionalProperties: false },
)

/** A situation that excludes a project from every fast track (hazardous goods, heritage zones…). */
export const Exclusion = Type.Object({ code: Code, name: Name, source: Source }, { additionalProperties: false })

/**
 * The most materials an item's service guide (办事指南) may list. The task pins the guide with the step's assessment
 * reports and the plot's land-condition list beside it, all within `MAX_GUIDE_MATERIALS` (200) of
 * @onewindow/contracts: intake's tests hold the three bounds to that sum.
 */
export const MAX_ITEM_MATERIALS = 100

/** 事项 — one approval a department gives. */
export const Item = Type.Object(
  {
    code: Code,
    name: Name,
    department: Code,
    stage: Code,
    /** 法定时限 — the limit in law, when the seeds give it. */
    statutoryLimit: Type.Optional(SourcedLimit),
    /** The one extension of the statutory limit the law allows (行政许可法第四十二条: 10 W, by the agency head). */
    statutoryExtension: Type.Optional(SourcedLimit),
    /** 承诺时限 — the limit the city promises. */
    committedLimit: Type.Optional(SourcedLimit),
    materials: Type.Array(Material, { maxItems: MAX_ITEM_MATERIALS }),
    /** 告知承诺 — may be approved on the applicant's written commitment. */
    commitmentAllowed: Type.Boolean(),
    specialProcedures: Type.Array(SpecialProcedure),
    /** The item is not needed when any of these rules holds (e.g. drawing review for small factories). */
    exemptIf: Type.Optional(Type.Array(Rule)),
    source: Source,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: '事项 (item)' },
)

/**
 * The most phases a step may declare: `MAX_PHASES` of @onewindow/contracts, which every event carrying a phase is
 * held to.
 */
export const MAX_STEP_PHASES = 10

/** 阶段 of 分阶段办理 — one phase of a step the owner may apply for on its own, in the order the step declares them. */
export const Phase = Type.Object(
  { code: Code, name: Name, source: Type.Optional(Source) },
  { additionalProperties: false },
)

/** One step of a flow: items handled together (in parallel when `parallel`), with the step's limit. */
export const Step = Type.Object(
  {
    code: Code,
    name: Name,
    /** The stage the step belongs to; a step that bundles items of several stages belongs to the latest. */
    stage: Code,
    items: Type.Array(Code),
    parallel: Type.Boolean(),
    limit: Type.Optional(SourcedLimit),
    /** Steps that must finish first; the default is the previous step. */
    after: Type.Optional(Type.Array(Code)),
    /** Procedures whose time the step's clock does not count (e.g. 批前公示). */
    clockExclusions: Type.Optional(Type.Array(SuspensionKind)),
    /** The step is skipped when any of these rules holds. */
    skipIf: Type.Optional(Type.Array(Rule)),
    /**
     * 牵头部门 of a parallel step: it sees every task of the step, issues the one consolidated 补正 notice on the
     * departments' behalf and is alerted when a department's clock turns yellow.
     */
    lead: Type.Optional(Type.Object({ department: Code, source: Source }, { additionalProperties: false })),
    /**
     * 分阶段办理: the step may be applied for phase by phase, each once the one before it is approved; the step is done
     * when its last phase is. An application that names no phase is for the whole step at once.
     */
    phases: Type.Optional(Type.Array(Phase, { minItems: 2, maxItems: MAX_STEP_PHASES })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** The whole-flow cap, and the events that start and stop its clock. */
export const Cap = Type.Object(
  { limit: SourcedLimit, startEvent: Type.String({ minLength: 1 }), stopEvent: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
)

/** A utility whose hookup the owner's combined form may name (报装): contracts' `UtilityProvider`. */
export const Utility = Type.Union([
  Type.Literal('water'),
  Type.Literal('power'),
  Type.Literal('gas'),
  Type.Literal('drainage'),
  Type.Literal('telecom'),
])

/**
 * 非禁免批 (for a project type) — the outside lines (外线工程) of these utilities of a project of the type need no
 * administrative permit (planning, construction, road occupation or excavation, green space), whatever their length
 * or diameter: the provider files its works plan and builds. Foshan's simple low-risk projects, water, drainage, power
 * and gas (004:2159); telecom is not named there and stays under the region's low-risk thresholds.
 */
export const OutsideLinePermitsExempt = Type.Object(
  { utilities: Type.Array(Utility, { minItems: 1, maxItems: 5 }), source: Source },
  { additionalProperties: false },
)

/**
 * 告知承诺免审批 of a low-risk outside line: the utility pushes its works plan and traffic plan through the platform to
 * these departments (004:1852), restores roads and green space to at least their former standard, and these departments
 * supervise afterwards, restoration acceptance (修复质量验收) included.
 */
export const WorksPlanPush = Type.Object(
  { departments: Type.Array(Code, { minItems: 1, maxItems: 10 }), source: Source },
  { additionalProperties: false },
)

/**
 * 后续事项 — a follow-on item: when the type's item `after` is approved, the department of `item` handles `item` on
 * the data that approval shares with it, with no application from the owner and no materials asked (e.g. Shanwei:
 * the engineering planning permit's data goes to public security, which issues the house number, 004:1814).
 * The department is the item's own; its limit is the item's (`statutoryLimit`, `committedLimit`) when a source gives one.
 */
/** The most rules a follow-on's `onlyIf` may name: `MAX_FOLLOW_ON_CONDITIONS` of @onewindow/contracts, an event's bound. */
export const MAX_FOLLOW_ON_CONDITIONS = 10

/**
 * A fact the owner states in an application's form, as a follow-on's `onlyIf` names it: a form field of at most 100
 * characters, camelCase (`facingStreetNamed`), read as a boolean.
 */
export const STATED_FACT = /^[a-z][A-Za-z0-9]{0,99}$/

/**
 * The application form's fields intake already reads as something else (申请联系人 `contact`, 联系电话 `phone`, the
 * hookups `utilities`, the desk's `remarks`): never a stated fact, so a condition can not read a phone number as 是/否
 * or make the desk send the field twice.
 */
export const RESERVED_FORM_FIELDS: readonly string[] = ['contact', 'phone', 'remarks', 'utilities']

/**
 * The most stated facts one step's conditioned follow-ons may read, each follow-on's facts counted once
 * (`MAX_STATED_FACTS` of @onewindow/contracts, the checklist's bound). Validation holds each rule of a new document's
 * `onlyIf` to one fact, so a step reads at most `MAX_FOLLOW_ONS` × `MAX_FOLLOW_ON_CONDITIONS` (20 × 10); a stored version
 * uploaded before that is held to it by the step's count (validate.ts): never more than the desk asks.
 */
export const MAX_STATED_FACTS = 200

export const FollowOn = Type.Object(
  {
    /** The item whose approval starts the follow-on (an item of one of the type's steps). */
    after: Code,
    /** The follow-on item: applied for in no step of the type, and asking no materials. */
    item: Code,
    source: Source,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /**
     * 信息推送: the department is sent the approved item's data for its information (the drainage authority told of
     * the construction permit instead of issuing a 临时排水许可, 004:1806); it records receipt and refuses nothing.
     * Absent, the department decides the follow-on (核准 or 不予核准: public security's 门牌, 004:1814).
     */
    forInformation: Type.Optional(Type.Literal(true)),
    /**
     * The follow-on opens only when every one of these rules holds on the facts the owner states in the application
     * for the step of `after` (its `form`): e.g. 004:1814's 若建筑物门口朝向已确定，且…所朝向的街路巷名称已命名的. Each
     * rule reads one stated fact, `all: [<fact> == true|false]` (`STATED_FACT`; no `any`), so the desk asks each fact
     * in its rule's own words; a fact not stated fails its rule. Absent,
     * the follow-on opens on every approval of `after`.
     */
    onlyIf: Type.Optional(Type.Array(Rule, { minItems: 1, maxItems: MAX_FOLLOW_ON_CONDITIONS })),
  },
  { additionalProperties: false },
)

/** At most this many follow-ons per project type (`MAX_FOLLOW_ONS` of @onewindow/contracts, an event's bound). */
export const MAX_FOLLOW_ONS = 20

/** A project type: who may use it, its flow, and how acceptance, hookups and registration work for it. */
export const ProjectType = Type.Object(
  {
    code: Code,
    name: Name,
    /** Exempt from administrative approval (免审批): no approval flow, at most a filing. */
    exempt: Type.Boolean(),
    eligibility: Type.Object(
      { rules: Type.Array(Rule), exclusions: Type.Array(Code) },
      { additionalProperties: false },
    ),
    cap: Type.Optional(Cap),
    steps: Type.Array(Step),
    /** The step whose acceptance pushes hookup requests to water, power, gas and telecom. */
    utilityHookup: Type.Optional(Type.Object({ step: Code, source: Source }, { additionalProperties: false })),
    /** Its outside lines need no permit (非禁免批): which utilities', and where the region says so. */
    outsideLinePermitsExempt: Type.Optional(OutsideLinePermitsExempt),
    /** A low-risk outside line's works plan is pushed to these departments, which supervise its restoration. */
    worksPlanPush: Type.Optional(WorksPlanPush),
    /** 后续事项: items that follow an approved item for their department without an application. */
    followOns: Type.Optional(Type.Array(FollowOn, { maxItems: MAX_FOLLOW_ONS })),
    acceptance: Type.Optional(
      Type.Object(
        {
          /** 牵头部门 of joint acceptance: it alone takes the application. */
          lead: Code,
          /** 验收即发证: the property certificate is issued when joint acceptance passes. */
          registrationWithAcceptance: Type.Boolean(),
          /**
           * 意见书即备案: the joint-acceptance opinion letter counts as the completion-acceptance filing (竣工验收备案), where
           * the region's document says so (Foshan, 004:2279 …即视为完成竣工验收备案); absent, the letter is not the filing.
           */
          opinionIsFiling: Type.Optional(Type.Object({ source: Source }, { additionalProperties: false })),
          source: Source,
        },
        { additionalProperties: false },
      ),
    ),
    source: Source,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** Whether the lead's consolidated 补正 notice stops every clock of its step or only the requesting departments'. */
export const NoticeStops = Type.Union([Type.Literal('requesting'), Type.Literal('step')])

/** A region's settings: how its rules run where the seeds leave a choice. Each names its source when it has one. */
export const Settings = Type.Object(
  {
    consolidatedNotice: Type.Optional(
      Type.Object(
        { stops: NoticeStops, source: Type.Optional(Source), note: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

/** Where the seeds say nothing to the contrary, a consolidated notice stops only the requesting departments' clocks. */
export const DEFAULT_NOTICE_STOPS = 'requesting' as const

/**
 * 法定时限 of 中华人民共和国行政许可法 (the Administrative Licensing Law), each with its article's line in
 * `data/law/`: an item decided within `decision` of acceptance, extendable once by `decisionExtension` (Art. 42);
 * a step handled jointly or in parallel (统一办理、联合办理, Art. 26) within `joint`, extendable once by
 * `jointExtension` (Art. 42); a granted permit issued within `issue` of the decision (Art. 44); the procedures
 * whose time is not counted (Art. 45); periods in working days, statutory holidays excluded (Art. 82).
 */
export const StatutoryLimits = Type.Object(
  {
    decision: SourcedLimit,
    decisionExtension: SourcedLimit,
    joint: SourcedLimit,
    jointExtension: SourcedLimit,
    issue: SourcedLimit,
    notCounted: Type.Object(
      { kinds: Type.Array(SuspensionKind, { minItems: 1 }), source: Source },
      { additionalProperties: false },
    ),
    workingDays: Source,
  },
  { additionalProperties: false, description: '法定时限 (statutory limits)' },
)

export const Region = Type.Object(
  {
    code: Type.String({ pattern: '^\\d{6}$', description: 'administrative division code (GB/T 2260)' }),
    name: Name,
    /** The region this one inherits from; absent for the national root. */
    parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
)

const entries = { code: Code }
/** An entry in a regional document: a full entry, or a patch of the parent's entry with the same code. */
const Patch = Type.Object(entries, { additionalProperties: true })

/**
 * One catalogue file (`data/<region>.yaml`): what a region adds to, or changes in, its parent's catalogue.
 * An entry whose code exists in the parent replaces the fields it names; a new code adds an entry.
 */
export const CatalogueDocument = Type.Object(
  {
    region: Region,
    version: Type.String({ minLength: 1 }),
    /** The law's limits; the root states them, a region may replace the fields it names. */
    statutory: Type.Optional(Type.Partial(StatutoryLimits)),
    /** Replaces the parent's settings field by field. */
    settings: Type.Optional(Settings),
    stages: Type.Optional(Type.Array(Patch)),
    departments: Type.Optional(Type.Array(Patch)),
    exclusions: Type.Optional(Type.Array(Patch)),
    items: Type.Optional(Type.Array(Patch)),
    projectTypes: Type.Optional(Type.Array(Patch)),
  },
  { additionalProperties: false },
)

/** A region's resolved catalogue: its documents merged from the national root down. */
export const CatalogueData = Type.Object(
  {
    region: Region,
    /** Regions merged, from the root down to this one. */
    lineage: Type.Array(Type.String()),
    version: Type.String({ minLength: 1 }),
    /** Absent when no document of the lineage sets any (the defaults then hold). */
    settings: Type.Optional(Settings),
    statutory: Type.Optional(StatutoryLimits),
    stages: Type.Array(Stage),
    departments: Type.Array(Department),
    exclusions: Type.Array(Exclusion),
    items: Type.Array(Item),
    projectTypes: Type.Array(ProjectType),
  },
  { additionalProperties: false },
)

export type Source = Static<typeof Source>
export type SourcedLimit = Static<typeof SourcedLimit>
export type Stage = Static<typeof Stage>
export type Department = Static<typeof Department>
export type Material = Static<typeof Material>
export type SpecialProcedure = Static<typeof SpecialProcedure>
export type Condition = Static<typeof Condition>
export type Rule = Static<typeof Rule>
export type Exclusion = Static<typeof Exclusion>
export type Item = Static<typeof Item>
export type StatutoryLimits = Static<typeof StatutoryLimits>
export type Step = Static<typeof Step>
export type Phase = Static<typeof Phase>
export type FollowOn = Static<typeof FollowOn>
export type Cap = Static<typeof Cap>
export type ProjectType = Static<typeof ProjectType>
export type Utility = Static<typeof Utility>
export type OutsideLinePermitsExempt = Static<typeof OutsideLinePermitsExempt>
export type WorksPlanPush = Static<typeof WorksPlanPush>
export type Region = Static<typeof Region>
export type Settings = Static<typeof Settings>
export type NoticeStops = Static<typeof NoticeStops>
export type CatalogueDocument = Static<typeof CatalogueDocument>
export type CatalogueData = Static<typeof CatalogueData>

/** The schemas as plain JSON Schema documents (for editors, other languages, and docs). */
export function catalogueJsonSchemas(): Record<string, unknown> {
  const all = {
    CatalogueDocument,
    CatalogueData,
    Department,
    Item,
    Stage,
    ProjectType,
    OutsideLinePermitsExempt,
    Step,
    Phase,
    FollowOn,
    Rule,
    Region,
    StatutoryLimits,
    Limit: SourcedLimit,
  }
  return JSON.parse(JSON.stringify(all)) as Record<string, unknown>
}
