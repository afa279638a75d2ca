// HTTP bodies of services/hotline's internal routes, shared with the gateway (docs/hotline.md).
import { type Static, Type } from 'typebox'
import {
  HardTicketKind,
  HiddenField,
  ReplyMethod,
  ReturnDisputeKind,
  SatisfactionOption,
  SupervisionKind,
  TicketClockName,
  TicketEnterprise,
  TicketRegion,
  TicketSnapshot,
  TicketType,
} from '../hotline/events.js'
import { DepartmentCode, Instant, LegalDate, Uuid } from '../primitives.js'

const strict = { additionalProperties: false } as const
const discriminated = { discriminator: { propertyName: 'action' } } as const
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })

/** 居民身份证号码: 17 digits and a check character (GB 11643). */
export const IdNumber = Type.String({ pattern: '^\\d{17}[\\dX]$', description: '居民身份证号码, 18 characters' })

/** Why a matter needs the requester's real name (第十条 (一)–(三)); with one, no field may be hidden. */
export const RealNameReason = Type.Union([
  Type.Literal('own-information'),
  Type.Literal('dispute'),
  Type.Literal('law'),
])

/** POST /tickets — a call or an online request registered; one ticket per responsible unit (第十一条第二款). */
export const RegisterTicketBody = Type.Object(
  {
    type: TicketType,
    title: Text(200),
    content: Text(4000),
    requester: Type.Object(
      {
        name: Type.Optional(Text(100)),
        idNumber: Type.Optional(IdNumber),
        phone: Type.Optional(Type.String({ pattern: '^[0-9+\\-]{5,20}$' })),
        /** The enterprise a caller or a window applicant speaks for; an owner online is its own organisation. */
        enterprise: Type.Optional(TicketEnterprise),
      },
      strict,
    ),
    /** Personal data the requester asked to hide, agreed field by field (第九条第二款). */
    hidden: Type.Optional(Type.Array(HiddenField, { maxItems: 3, uniqueItems: true })),
    realNameReason: Type.Optional(RealNameReason),
    /** The responsible units: two or more split the request into one ticket each. */
    departments: Type.Optional(Type.Array(DepartmentCode, { minItems: 1, maxItems: 10, uniqueItems: true })),
    projectId: Type.Optional(Uuid),
    applicationId: Type.Optional(Uuid),
    taskId: Type.Optional(Uuid),
    region: Type.Optional({
      ...TicketRegion,
      description:
        "行政区划代码 of the region the ticket is about, one the platform's catalogues cover (the gateway checks it); its rule sets the handling limit (广西 450000: a market entity's 求助 3 working days). Absent on an owner's ticket naming its project: the project's",
    }),
  },
  strict,
)
export type RegisterTicketBody = Static<typeof RegisterTicketBody>

/** The requester's personal data, shown only to the parties who handle the ticket, never the hidden fields. */
export const TicketRequesterView = Type.Object({
  name: Type.Optional(Type.String()),
  idNumber: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  enterprise: Type.Optional(TicketEnterprise),
})

/**
 * GET /api/v1/hotline/tickets/:id/requester — the requester's personal data as the caller may read it, beside what
 * was hidden: the read model never holds it (events do not carry it), so the gateway asks the hotline for it.
 */
export const TicketRequesterResponse = Type.Object({
  requester: TicketRequesterView,
  /** The fields the requester asked to hide (第九条第二款): never stored, so nobody reads them. */
  hidden: Type.Array(HiddenField, { maxItems: 3 }),
  realName: Type.Boolean(),
})
export type TicketRequesterResponse = Static<typeof TicketRequesterResponse>

/** One running clock of the ticket as of today, explained as approval's clocks are (`@onewindow/workdays`). */
export const TicketClockView = Type.Object({
  clock: TicketClockName,
  limit: Type.Integer(),
  start: LegalDate,
  due: LegalDate,
  used: Type.Integer(),
  remaining: Type.Integer(),
  level: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
  overdue: Type.Boolean(),
  provisional: Type.Boolean(),
  /** The due date explained in one text (holidays, 调休). */
  explanation: Type.String(),
})

export const TicketView = Type.Object({
  ticket: TicketSnapshot,
  requester: TicketRequesterView,
  /** The running clocks as of the answer's day. */
  clocks: Type.Array(TicketClockView, { maxItems: 50 }),
})
export type TicketView = Static<typeof TicketView>

export const TicketResponse = TicketView
export const TicketsResponse = Type.Object({ tickets: Type.Array(TicketView, { maxItems: 10 }) })

const Report = {
  process: Text(4000),
  result: Text(4000),
  replyMethod: ReplyMethod,
  replyOn: Type.Optional(LegalDate),
  replySummary: Type.Optional(Text(2000)),
  basis: Type.Optional(Text(2000)),
  mediation: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('agreed'), Type.Literal('not-agreed'), Type.Literal('terminated')]),
  ),
  measures: Type.Optional(Text(2000)),
  caseFiled: Type.Optional(Type.Boolean()),
  adopted: Type.Optional(Type.Boolean()),
  originalTicketId: Type.Optional(Uuid),
  /** the 3 unanswered calls, at least 15 minutes apart, when the requester could not be reached (第二十一条) */
  calls: Type.Optional(Type.Array(Instant, { minItems: 3, maxItems: 3 })),
}

/** POST /tickets/:id/actions — one act on a ticket, chosen by `action`; who may do it is in docs/hotline.md. */
export const TicketActionBody = Type.Union(
  [
    // The centre (agent).
    Type.Object(
      {
        action: Type.Literal('dispatch'),
        department: DepartmentCode,
        coHandlers: Type.Optional(Type.Array(DepartmentCode, { maxItems: 10, uniqueItems: true })),
      },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('decide-return'),
        approve: Type.Boolean(),
        note: Type.Optional(Text(2000)),
        /** approved: the unit it goes to next, with co-handlers for joint handling */
        department: Type.Optional(DepartmentCode),
        coHandlers: Type.Optional(Type.Array(DepartmentCode, { maxItems: 10, uniqueItems: true })),
        /** approved as the third different unit's return: the dispute's kind for the coordination */
        hardKind: Type.Optional(HardTicketKind),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('hard-opinion'), opinion: Text(4000), department: DepartmentCode }, strict),
    Type.Object({ action: Type.Literal('review'), approve: Type.Boolean(), note: Type.Optional(Text(2000)) }, strict),
    Type.Object(
      {
        action: Type.Literal('return-visit'),
        note: Text(2000),
        forceMajeure: Type.Optional(Type.Boolean()),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('rehandle'), note: Type.Optional(Text(2000)) }, strict),
    Type.Object({ action: Type.Literal('close'), note: Type.Optional(Text(2000)) }, strict),
    Type.Object({ action: Type.Literal('information-missing'), note: Text(2000) }, strict),
    Type.Object({ action: Type.Literal('request-supplement'), note: Text(2000) }, strict),
    Type.Object({ action: Type.Literal('supervise'), kind: SupervisionKind, note: Text(2000) }, strict),
    Type.Object({ action: Type.Literal('long-term'), note: Type.Optional(Text(2000)) }, strict),
    // The handling unit (reviewer or lead of the department).
    Type.Object({ action: Type.Literal('accept') }, strict),
    Type.Object(
      {
        action: Type.Literal('request-return'),
        kind: ReturnDisputeKind,
        grounds: Text(4000),
        basis: Type.Optional(Text(1000)),
        suggestedDepartment: Type.Optional(DepartmentCode),
      },
      strict,
    ),
    Type.Object(
      { action: Type.Literal('extend'), days: Type.Integer({ minimum: 1, maximum: 10 }), reason: Text(2000) },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('reply'),
        mode: Type.Optional(
          Type.Union([
            Type.Literal('handled'),
            Type.Literal('classified'),
            Type.Literal('unreachable'),
            Type.Literal('repeat'),
          ]),
        ),
        ...Report,
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('read') }, strict),
    Type.Object({ action: Type.Literal('duty-statement'), text: Text(4000) }, strict),
    Type.Object({ action: Type.Literal('respond-supervision'), supervisionId: Uuid, response: Text(4000) }, strict),
    Type.Object({ action: Type.Literal('plan'), plan: Text(4000) }, strict),
    // A co-handling unit (reviewer or lead of a co-handler department): its part, to the lead unit.
    Type.Object({ action: Type.Literal('contribute'), opinion: Text(4000) }, strict),
    Type.Object({ action: Type.Literal('progress'), note: Text(2000) }, strict),
    Type.Object(
      { action: Type.Literal('procedure-ended'), procedureEndedOn: LegalDate, note: Type.Optional(Text(2000)) },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('final-report'),
        guidanceDepartment: DepartmentCode,
        guidance: Text(4000),
        result: Text(4000),
      },
      strict,
    ),
    // The requester (the owner online, or the agent for a caller), and the unit for what the requester told it.
    Type.Object({ action: Type.Literal('add-information'), note: Text(2000), affectsHandling: Type.Boolean() }, strict),
    Type.Object(
      {
        action: Type.Literal('rate'),
        value: SatisfactionOption,
        /** 解决情况: whether the matter is resolved, as the requester says; false owes a business-line call-back */
        resolved: Type.Optional(Type.Boolean()),
      },
      strict,
    ),
    /** the centre's reception service (受理服务), any time within its window */
    Type.Object({ action: Type.Literal('rate-reception'), value: SatisfactionOption }, strict),
    Type.Object({ action: Type.Literal('withdraw'), continueInvestigation: Type.Optional(Type.Boolean()) }, strict),
  ],
  discriminated,
)
export type TicketActionBody = Static<typeof TicketActionBody>

export const TicketParams = Type.Object({ id: Uuid }, strict)
/** A 整改函 of a ticket: the ticket and the letter's id. */
export const RectificationLetterParams = Type.Object({ id: Uuid, letterId: Uuid }, strict)
