import {
  type Actor,
  HANDLING_STATUSES,
  type HardTicketKind,
  handlingRound,
  MAX_RECTIFICATION_LETTERS,
  MAX_REFERRALS,
  type RectificationLetterBody,
  type RectificationReplyBody,
  type ReferTicketBody,
  RegisterTicketBody,
  type ReturnDisputeKind,
  type SupervisionKind,
  type TicketActionBody,
  type TicketClockName,
  type TicketDeadline,
  type TicketSnapshot,
  ticketSupplementPending,
} from '@onewindow/contracts'
import { creditCodeCheckCharacter, type Result, residentIdProblem } from '@onewindow/vocabulary'
import { addDays, type Calendar, dueDate, type LegalDate } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { fieldRefused, refusal } from './refusal.js'

// The rules of 广州市政务服务便民热线管理办法实施细则 (seeds/004_33317a5f04b53a73.txt:1417–1742), as pure decisions over
// one ticket: no I/O, no clock — `today` and the calendar come in. Each rule cites its seed line once, here;
// docs/hotline.md maps them all.

/** 12345 热线工单 — one ticket, exactly as its events carry it. */
export type Ticket = Static<typeof TicketSnapshot>
export type Deadline = Static<typeof TicketDeadline>
export type ClockName = Static<typeof TicketClockName>
/**
 * The requester as registered: its personal data and, for a caller or a window applicant, the enterprise it speaks
 * for (`TicketEnterprise`) — kept in its own column, never in events, and read by whoever reads the personal data.
 */
export const TicketRequester = RegisterTicketBody.properties.requester
export type Requester = Static<typeof TicketRequester>
export type Action = TicketActionBody['action']

/** The time a decision is made at: the instant, its legal date, and the working-day calendar. */
export type Context = { at: string; today: LegalDate; calendar: Calendar }

/** What a decision produced: the ticket after it and the event that tells it. */
export type Decision = { ticket: Ticket; event: TicketEventKind; note?: string }

export type TicketEventKind =
  | 'registered'
  | 'dispatched'
  | 'accepted'
  | 'returned'
  | 'return-decided'
  | 'hard'
  | 'extended'
  | 'restarted'
  | 'information-added'
  | 'contributed'
  | 'supplement-requested'
  | 'replied'
  | 'reviewed'
  | 'rated'
  | 'reception-rated'
  | 'return-visited'
  | 'rehandling-opened'
  | 'duty-statement'
  | 'supervised'
  | 'rectification-letter-issued'
  | 'rectification-letter-answered'
  | 'referred'
  | 'long-term'
  | 'withdrawn'
  | 'closed'

// ── Limits (each with its seed line) ──────────────────────────────────────────────────────────────────────────────

/** 第十二条第二款: an online requester supplies what it is asked within 3 natural days of the notice (004:1517). */
export const SUPPLEMENT_WINDOW_N = 3

/** 第十三条: a ticket not answered from the knowledge base is dispatched within 1 working day of registration (004:1527, 004:1529). */
export const DISPATCH_LIMIT_W = 1
/** 第十六条: the unit checks within 2 working days of receipt, and asks to return within the same 2 (004:1541, 004:1545). */
export const CHECK_LIMIT_W = 2
/** 第十四条: 2 working days for a consultation, 10 for every other type (004:1535, 004:1536). */
export const HANDLING_LIMIT_W = { consultation: 2, other: 10 } as const
/** 第十七条第三款: the lead unit names its co-handlers and their parts within 2 working days (004:1556). */
export const COORDINATION_LIMIT_W = 2
/** 第十八条: returned 3 times (以上 includes the number) by different units, the ticket is a hard ticket (004:1558). */
export const HARD_AFTER_RETURNS = 3
/** 第十八条 (一)–(三): the opinion limits by kind of dispute (004:1562, 004:1564, 004:1566). */
export const HARD_OPINION_LIMIT_W: Record<Static<typeof HardTicketKind>, number> = { district: 2, duty: 5, law: 5 }
/** 第十九条: at most 2 extensions, each at most the limit of the first dispatch (004:1570). */
export const MAX_EXTENSIONS = 2
/** 第二十七条 (三): 5 natural days from the rating notice (004:1636). */
export const RATING_WINDOW_N = 5
/** 第三十条第三款: the duty-performed statement within 5 working days of the second dissatisfied rating (004:1664). */
export const DUTY_STATEMENT_LIMIT_W = 5
/** 第二十五条 (一)/(二)/(四): supervision response limits; (三) has none (004:1614, 004:1616, 004:1618, 004:1620). */
export const SUPERVISION_LIMIT_W: Record<Static<typeof SupervisionKind>, number | undefined> = {
  overdue: 2,
  feedback: 5,
  'long-term': undefined,
  'duty-objection': 5,
}
/** 第二十六条: a plan within 10 working days; progress told at most a month apart (004:1624). */
export const LONG_TERM_PLAN_LIMIT_W = 10
/** 第二十六条第三款: the final report within 3 working days of the end of the legal procedure (004:1626). */
export const LONG_TERM_FINAL_LIMIT_W = 3

/** The most returns and restarts one ticket records (its event schema's bound). */
export const MAX_RECORDED = 50

/**
 * Regions whose own rule replaces 第十四条's limits for a market entity's (市场主体, an enterprise's) ticket, by the
 * region code's prefix. 广西 (450000, every region under it: 45xxxx) takes them through its 12345 优化营商环境专线
 * (business-environment line): 求助 closed and answered within 3 working days, 投诉 and 举报 within 10; the other types
 * are not named there, so they keep 第十四条's.
 */
export const MARKET_ENTITY_HANDLING_LIMIT_W: Readonly<Record<string, Partial<Record<Ticket['type'], number>>>> = {
  '45': {
    help: 3, // 002:340 (003:291)
    complaint: 10, // 002:340 (003:291)
    report: 10, // 002:340 (003:291)
  },
}

/** What the handling limit depends on besides the type: the region the ticket is about and who raised it. */
export type LimitFacts = { region?: string | undefined; marketEntity: boolean }

/**
 * A market entity's ticket: one an owner filed online as its organisation, under its 统一社会信用代码 (credit code), or
 * one whose caller or window applicant named the enterprise it speaks for (`marketEntity`). A requester known by name,
 * ID number and phone only is a person, so Guangzhou's limits.
 */
export const isMarketEntity = (ticket: Pick<Ticket, 'ownerCreditCode' | 'marketEntity'>): boolean =>
  ticket.ownerCreditCode !== undefined || ticket.marketEntity === true

/**
 * The handling limit of a ticket, in working days: its region's rule for a market entity's type when the region has
 * one (the longest matching prefix), else 第十四条's by type (2 for a consultation, 10 for any other). A ticket with
 * no region — every ticket from before regions — reads as before.
 */
export function handlingLimitOf(type: Ticket['type'], facts: LimitFacts = { marketEntity: false }): number {
  const { region, marketEntity } = facts
  const rule = marketEntity ? businessLineRule(region)?.[type] : undefined
  return rule ?? (type === 'consultation' ? HANDLING_LIMIT_W.consultation : HANDLING_LIMIT_W.other)
}

/** The region's own rule for market entities (the longest prefix of `MARKET_ENTITY_HANDLING_LIMIT_W`), if it has one. */
function businessLineRule(region: string | undefined): Partial<Record<Ticket['type'], number>> | undefined {
  if (region === undefined) return undefined
  return Object.entries(MARKET_ENTITY_HANDLING_LIMIT_W)
    .filter(([prefix]) => region.startsWith(prefix))
    .sort(([a], [b]) => b.length - a.length)[0]?.[1]
}

/**
 * A ticket of a 优化营商环境专线 (business-environment line, 002:340): a market entity's, in a region whose rule sets
 * its limit — the same rule `handlingLimitOf` reads. Its 100% call-back and its referrals follow from this.
 */
export const isBusinessLine = (ticket: Pick<Ticket, 'ownerCreditCode' | 'marketEntity' | 'region'>): boolean =>
  isMarketEntity(ticket) && businessLineRule(ticket.region) !== undefined

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A working-day deadline counted from `start` (not counted, 工作日 from the next day's 00:00) with the calendar. */
export function deadline(calendar: Calendar, start: LegalDate, days: number): Deadline {
  const limit = { value: days, unit: 'W' as const }
  return { spec: { limit, start, suspensions: [] }, due: dueDate(calendar, { start, limit }) }
}

/** The same deadline with its limit changed, counted again from its start. */
const withLimit = (calendar: Calendar, d: Deadline, days: number): Deadline => ({
  ...deadline(calendar, d.spec.start, days),
  ...(d.alerts ? { alerts: d.alerts } : {}),
})

const done = (d: Deadline | undefined, today: LegalDate): Deadline | undefined =>
  d && d.doneOn === undefined ? { ...d, doneOn: today } : d

const next = (ticket: Ticket, ctx: Context, change: Partial<Ticket>): Ticket => ({
  ...ticket,
  ...change,
  version: ticket.version + 1,
  updatedAt: ctx.at,
})

const statusIs = (ticket: Ticket, action: string, ...statuses: Ticket['status'][]): Result<true> =>
  statuses.includes(ticket.status)
    ? { ok: true, value: true }
    : refusal('HOTLINE_TICKET_STATE_CONFLICT', `A ticket that is ${ticket.status} cannot take "${action}".`, {
        ticketStatus: ticket.status,
        action,
      })

// ── Registration (第九条–第十一条) ─────────────────────────────────────────────────────────────────────────────────

export type Registered = { ticket: Ticket; requester: Requester }

/** The registration's body (its `region` checked by the gateway against the regions the catalogues cover). */
export type Registration = RegisterTicketBody

/**
 * 第二十四条 (004:1608): what the command read for a reply that answers a repeat — the earlier ticket it names
 * (absent: none such) and the requester of the ticket replied to.
 */
export type RepeatFacts = { original: Registered | undefined; requester: Requester }

/**
 * 登记: one ticket per responsible unit (第十一条第二款, 004:1511), each with its dispatch due in 1 working day. The
 * requester may hide fields, agreed one by one (第九条第二款, 004:1493); a matter that needs the real name (第十条,
 * 004:1497–1507) is not registered when any of name, ID number and phone is missing or hidden. Its handling limit is
 * its region's rule for who raised it (`handlingLimitOf`: a 广西 enterprise's 求助 3 working days, 002:340).
 */
export function register(
  body: Registration,
  actor: Actor,
  ids: { groupId: string; ticketIds: readonly string[] },
  ctx: Context,
): Result<Registered[]> {
  const hidden = body.hidden ?? []
  const given = body.requester
  // 第十条 (004:1497) asks for the 身份证号码 itself: a number with a wrong check character or birth date is no real
  // name, so it is refused on its field rather than stored (the body's pattern checks only its shape); a birth date
  // after today is none either.
  const idProblem = given.idNumber === undefined ? undefined : residentIdProblem(given.idNumber, ctx.today)
  if (idProblem) {
    const field = '/body/requester/idNumber'
    const message = {
      length: 'must be 18 characters',
      character: 'must be 17 digits and a digit or X',
      'birth-date': 'holds no real birth date (characters 7–14, YYYYMMDD)',
      check: 'has the wrong check character (GB 11643)',
    }[idProblem.kind]
    return refusal('HOTLINE_ID_NUMBER_INVALID', `The ID number ${message}.`, {
      field,
      problem: idProblem,
      errors: [{ field, message }],
    })
  }
  const realName = Boolean(given.name && given.idNumber && given.phone) && hidden.length === 0
  if (body.realNameReason && !realName)
    return refusal(
      'HOTLINE_REAL_NAME_REQUIRED',
      'This matter is registered only under the real name: name, ID number and phone, none of them hidden.',
      {
        realNameReason: body.realNameReason,
        hidden,
        missing: ['name', 'idNumber', 'phone'].filter((f) => !given[f as keyof typeof given]),
      },
    )
  if (actor.role === 'owner' && !actor.creditCode)
    return refusal('HOTLINE_NOT_YOUR_TICKET', 'An owner registers online as its organisation.')
  const enterprise = given.enterprise
  if (enterprise && actor.role === 'owner') {
    // The owner online is the enterprise itself, under the code it signed in with: it speaks for no other.
    const field = '/body/requester/enterprise'
    return refusal(
      'HOTLINE_NOT_YOUR_TICKET',
      'An owner registers online as its own organisation: only a caller or a window applicant names an enterprise.',
      fieldRefused(field, 'is named by a caller or a window applicant only'),
    )
  }
  if (enterprise) {
    // The body's pattern checks the shape; a code whose check character does not follow from the other 17 names no
    // enterprise, and would make a person's ticket a market entity's, so it is refused on its field as the ID number is.
    const expected = creditCodeCheckCharacter(enterprise.creditCode.slice(0, 17))
    const checkCharacter = enterprise.creditCode.charAt(17)
    if (expected === undefined || checkCharacter !== expected) {
      const field = '/body/requester/enterprise/creditCode'
      return refusal(
        'HOTLINE_CREDIT_CODE_INVALID',
        `The 统一社会信用代码 has the wrong check character (GB 32100): "${checkCharacter}", expected "${expected ?? '?'}".`,
        {
          ...fieldRefused(field, 'has the wrong check character (GB 32100)'),
          ...(expected ? { expected } : {}),
        },
      )
    }
  }
  // A caller or applicant that named its enterprise makes the ticket a market entity's; which one stays with it.
  const speaksForEnterprise = enterprise ? { marketEntity: true } : {}
  const requester: Requester = {
    ...(given.name && !hidden.includes('name') ? { name: given.name } : {}),
    ...(given.idNumber && !hidden.includes('idNumber') ? { idNumber: given.idNumber } : {}),
    ...(given.phone && !hidden.includes('phone') ? { phone: given.phone } : {}),
    ...(enterprise ? { enterprise: { name: enterprise.name, creditCode: enterprise.creditCode } } : {}),
  }
  const channel = channelOf(actor)
  if (!channel)
    return refusal('HOTLINE_NOT_YOUR_TICKET', "The centre's agent, an owner or a window clerk registers a ticket.")
  const ownerCreditCode = actor.role === 'owner' ? actor.creditCode : undefined
  const units: (string | undefined)[] = body.departments ?? [undefined]
  const out: Registered[] = []
  for (const [i, unit] of units.entries()) {
    const ticketId = ids.ticketIds[i]
    if (!ticketId) throw new Error(`no id for ticket ${i}`)
    out.push({
      requester,
      ticket: {
        ticketId,
        groupId: ids.groupId,
        type: body.type,
        channel,
        status: 'registered',
        title: body.title,
        content: body.content,
        realName,
        hidden: [...hidden],
        ...(ownerCreditCode ? { ownerCreditCode } : {}),
        ...speaksForEnterprise,
        ...(channel === 'window' ? { windowClerk: actor.sub } : {}),
        ...(body.projectId ? { projectId: body.projectId } : {}),
        ...(body.applicationId ? { applicationId: body.applicationId } : {}),
        ...(body.taskId ? { taskId: body.taskId } : {}),
        ...(body.region ? { region: body.region } : {}),
        ...(unit ? { intendedDepartment: unit } : {}),
        coHandlers: [],
        registeredAt: ctx.at,
        registeredOn: ctx.today,
        dispatch: deadline(ctx.calendar, ctx.today, DISPATCH_LIMIT_W),
        dispatches: 0,
        originalLimit: handlingLimitOf(body.type, {
          region: body.region,
          marketEntity: isMarketEntity({ ownerCreditCode, ...speaksForEnterprise }),
        }),
        extensions: [],
        restarts: [],
        returns: [],
        ratings: [],
        // The reception ends with the registration: its rating notice goes out with it (004:1632, 004:1636).
        reception: { notifiedOn: ctx.today, windowEnds: addDays(ctx.today, RATING_WINDOW_N) },
        returnVisits: [],
        rehandled: false,
        supervisions: [],
        version: 1,
        updatedAt: ctx.at,
      },
    })
  }
  return { ok: true, value: out }
}

/**
 * The one channel each registering role has: the centre's agent takes calls (phone), an owner files online, a service
 * centre's clerk registers at the 办不成事 window (000:344) — for an applicant who is at the counter, not on the line. No
 * role registers on another's channel, so the channel tells who took the request; undefined: the role registers none.
 */
export function channelOf(actor: Actor): Ticket['channel'] | undefined {
  if (actor.role === 'agent') return 'phone'
  if (actor.role === 'owner') return 'online'
  if (actor.role === 'clerk') return 'window'
  return undefined
}

// ── Who may act ───────────────────────────────────────────────────────────────────────────────────────────────────

const CENTRE: readonly Action[] = [
  'dispatch',
  'decide-return',
  'hard-opinion',
  'review',
  'return-visit',
  'rehandle',
  'close',
  'information-missing',
  'request-supplement',
  'supervise',
  'long-term',
]
const UNIT: readonly Action[] = [
  'accept',
  'request-return',
  'extend',
  'reply',
  'read',
  'duty-statement',
  'respond-supervision',
  'plan',
  'progress',
  'procedure-ended',
  'final-report',
]
const REQUESTER: readonly Action[] = ['add-information', 'rate', 'rate-reception', 'withdraw']
const CO_HANDLER: readonly Action[] = ['contribute']

/** Whether the actor is the ticket's handling unit: a reviewer or lead of its department (the lead unit in joint handling). */
export const isHandlingUnit = (ticket: Ticket, actor: Actor): boolean =>
  (actor.role === 'reviewer' || actor.role === 'lead') &&
  actor.department !== undefined &&
  actor.department === ticket.department

/** Whether the actor is one of the ticket's co-handling units (协办单位): a reviewer or lead of a co-handler department. */
export const isCoHandler = (ticket: Ticket, actor: Actor): boolean =>
  (actor.role === 'reviewer' || actor.role === 'lead') &&
  actor.department !== undefined &&
  ticket.coHandlers.includes(actor.department)

/**
 * Whether one region (行政区划代码) covers another: the rule of a department user's regional authority
 * (docs/security.md "Regional authority"), passed in so this domain stays free of where the rule lives (contracts'
 * `regionCovers`).
 */
export type RegionCovers = (scope: string, region: string) => boolean

/**
 * Whether `actor`'s region reaches the ticket: a department user whose token carries a region (a reviewer, a lead)
 * only tickets about a region within it — a 佛山 housing reviewer neither reads nor acts on 汕尾's tickets of its
 * department, which carry the requester's personal data; anyone without a region every ticket, as before. A ticket's
 * region is the one recorded at registration (`region`: the region it is about — the project's it names unless it
 * names another, whoever registers it: the gateway fills it in); a ticket with none (one from before regions, or a call
 * that named neither) is within no region.
 */
export const withinRegion = (ticket: Pick<Ticket, 'region'>, actor: Actor, covers: RegionCovers): boolean =>
  actor.region === undefined || (ticket.region !== undefined && covers(actor.region, ticket.region))

/**
 * Whether the actor may see the ticket: the centre, a supervisor, its units (lead and co-handlers), its owner, the
 * window clerk who registered it (she follows what she took in; she acts on none of it).
 */
export function maySee(ticket: Ticket, actor: Actor): boolean {
  if (actor.role === 'agent' || actor.role === 'supervisor') return true
  if (actor.role === 'owner') return actor.creditCode !== undefined && actor.creditCode === ticket.ownerCreditCode
  if (actor.role === 'clerk') return ticket.windowClerk !== undefined && ticket.windowClerk === actor.sub
  if ((actor.role === 'reviewer' || actor.role === 'lead') && actor.department)
    return actor.department === ticket.department || ticket.coHandlers.includes(actor.department)
  return false
}

/**
 * The centre (agent) acts for the hotline; the handling unit for its department; the requester is the owner for its
 * own online ticket, or the agent for a caller (the phone is the agent's). 表扬 read, returns and replies are the
 * lead unit's alone; a co-handler submits its part and nothing else. The unit also records information the requester told it directly.
 */
export function mayAct(ticket: Ticket, actor: Actor, action: Action): boolean {
  if (CENTRE.includes(action)) return actor.role === 'agent'
  if (UNIT.includes(action)) return isHandlingUnit(ticket, actor)
  if (CO_HANDLER.includes(action)) return isCoHandler(ticket, actor)
  if (REQUESTER.includes(action)) {
    if (actor.role === 'agent') return true
    if (actor.role === 'owner') return maySee(ticket, actor)
    return action === 'add-information' && isHandlingUnit(ticket, actor)
  }
  return false
}

// ── Decisions ─────────────────────────────────────────────────────────────────────────────────────────────────────

type Body<A extends Action> = Extract<TicketActionBody, { action: A }>

/** One act on a ticket: refused with a stable code, or the ticket after it with the event that tells it. */
export function decide(
  ticket: Ticket,
  body: TicketActionBody,
  ctx: Context,
  ids: { supervisionId?: string; coHandler?: string; repeat?: RepeatFacts } = {},
): Result<Decision> {
  switch (body.action) {
    case 'dispatch':
      return dispatch(ticket, body, ctx)
    case 'accept':
      return accept(ticket, ctx)
    case 'request-return':
      return requestReturn(ticket, body, ctx)
    case 'decide-return':
      return decideReturn(ticket, body, ctx)
    case 'hard-opinion':
      return hardOpinion(ticket, body, ctx)
    case 'extend':
      return extend(ticket, body, ctx)
    case 'add-information':
      return addInformation(ticket, body, ctx)
    case 'contribute':
      return contribute(ticket, body, ctx, ids.coHandler)
    case 'reply':
      return reply(ticket, body, ctx, ids.repeat)
    case 'read':
      return read(ticket, ctx)
    case 'review':
      return review(ticket, body, ctx)
    case 'rate':
      return rate(ticket, body, ctx)
    case 'rate-reception':
      return rateReception(ticket, body, ctx)
    case 'return-visit':
      return returnVisit(ticket, body, ctx)
    case 'rehandle':
      return rehandle(ticket, ctx)
    case 'close':
      return closeAfterVisit(ticket, body, ctx)
    case 'duty-statement':
      return dutyStatement(ticket, body, ctx)
    case 'information-missing':
      return informationMissing(ticket, body, ctx)
    case 'request-supplement':
      return requestSupplement(ticket, body, ctx)
    case 'withdraw':
      return withdraw(ticket, body, ctx)
    case 'supervise':
      return supervise(ticket, body, ctx, ids.supervisionId)
    case 'respond-supervision':
      return respondSupervision(ticket, body, ctx)
    case 'long-term':
      return markLongTerm(ticket, body, ctx)
    case 'plan':
      return plan(ticket, body, ctx)
    case 'progress':
      return progress(ticket, body, ctx)
    case 'procedure-ended':
      return procedureEnded(ticket, body, ctx)
    case 'final-report':
      return finalReport(ticket, body, ctx)
  }
}

/**
 * 转派: to a unit (with co-handlers: joint handling, 第十七条第三款, 004:1556). The handling clock counts from the
 * working day after the last dispatch (第十五条, 004:1539): its start is the dispatch day, not counted. The unit's check
 * is due in 2 working days of receipt (第十六条, 004:1541).
 */
function dispatch(ticket: Ticket, body: Body<'dispatch'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'dispatch', 'registered')
  if (!ok.ok) return ok
  if (ticketSupplementPending(ticket))
    return refusal('HOTLINE_SUPPLEMENT_PENDING', 'The ticket waits for the information the requester was asked for.', {
      windowEnds: ticket.supplement?.windowEnds,
    })
  return {
    ok: true,
    value: { ticket: dispatched(ticket, body.department, body.coHandlers ?? [], ctx), event: 'dispatched' },
  }
}

function dispatched(ticket: Ticket, department: string, coHandlers: readonly string[], ctx: Context): Ticket {
  const co = coHandlers.filter((d) => d !== department)
  // A previous unit's co-handlers and their notice go with the previous dispatch.
  const { coordination: _previous, ...rest } = ticket
  return next(rest, ctx, {
    status: 'dispatched',
    department,
    coHandlers: co,
    contributions: [],
    dispatch: done(ticket.dispatch, ctx.today) as Deadline,
    dispatches: ticket.dispatches + 1,
    lastDispatchedOn: ctx.today,
    check: deadline(ctx.calendar, ctx.today, CHECK_LIMIT_W),
    handling: deadline(ctx.calendar, ctx.today, ticket.originalLimit),
    extensions: [],
    ...(co.length > 0 ? { coordination: deadline(ctx.calendar, ctx.today, COORDINATION_LIMIT_W) } : {}),
  })
}

/** 核查: the unit takes the ticket as its own (第十六条 (一), 004:1543); the check is done. */
function accept(ticket: Ticket, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'accept', 'dispatched')
  if (!ok.ok) return ok
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        status: 'handling',
        ...(ticket.check ? { check: done(ticket.check, ctx.today) as Deadline } : {}),
        ...(ticket.coordination ? { coordination: done(ticket.coordination, ctx.today) as Deadline } : {}),
      }),
      event: 'accepted',
    },
  }
}

/** What each kind of dispute must state (第十七条 (一)–(四), 004:1549–1552): the basis is required for a document. */
const RETURN_GROUNDS: Record<Static<typeof ReturnDisputeKind>, string> = {
  competence: 'the unit’s powers and what of the ticket is outside them',
  facility: 'the unit’s maintenance range or the hand-over document',
  jurisdiction: 'the area the unit has jurisdiction over',
  document: 'the document that puts the matter outside the unit’s duties',
}

/**
 * 退回: only a ticket outside the unit's duties, asked within 2 working days of receipt (第十六条 (三), 004:1545),
 * with the grounds its kind of dispute requires (第十七条, 004:1549–1552). Never in a re-handling (第二十九条, 004:1642).
 */
function requestReturn(ticket: Ticket, body: Body<'request-return'>, ctx: Context): Result<Decision> {
  if (ticket.status === 'rehandling')
    return refusal('HOTLINE_REHANDLING_NO_RETURN', 'A re-handled ticket may not be returned.')
  const ok = statusIs(ticket, 'request-return', 'dispatched', 'handling')
  if (!ok.ok) return ok
  if (ticket.returns.length >= MAX_RECORDED)
    return refusal('HOTLINE_TICKET_LIMIT_REACHED', `A ticket records at most ${MAX_RECORDED} returns.`)
  if (ticket.check && ctx.today > ticket.check.due)
    return refusal('HOTLINE_RETURN_LATE', `A return is asked within ${CHECK_LIMIT_W} working days of receipt.`, {
      due: ticket.check.due,
    })
  if (body.kind === 'document' && !body.basis)
    return refusal('HOTLINE_RETURN_GROUNDS_MISSING', `A return of kind "document" names ${RETURN_GROUNDS.document}.`, {
      field: '/body/basis',
    })
  const department = ticket.department as string
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        status: 'return-requested',
        ...(ticket.check ? { check: done(ticket.check, ctx.today) as Deadline } : {}),
        returns: [
          ...ticket.returns,
          {
            department,
            kind: body.kind,
            grounds: body.grounds,
            ...(body.basis ? { basis: body.basis } : {}),
            ...(body.suggestedDepartment ? { suggestedDepartment: body.suggestedDepartment } : {}),
            requestedOn: ctx.today,
          },
        ],
      }),
      event: 'returned',
    },
  }
}

/** The dispute kind of a hard ticket when the centre names none: from the kind of the last return. */
const hardKindOf = (kind: Static<typeof ReturnDisputeKind>): Static<typeof HardTicketKind> =>
  kind === 'jurisdiction' ? 'district' : kind === 'document' ? 'law' : 'duty'

/** The distinct units whose returns the centre approved. */
export const approvedReturnUnits = (ticket: Ticket): number =>
  new Set(ticket.returns.filter((r) => r.decision === 'approved').map((r) => r.department)).size

/**
 * The centre's decision on a return (第十七条第二款, 004:1554): approved, the ticket is dispatched again and its limit
 * counts again from the new unit's receipt; rejected, it goes back to the unit and its limit runs on. Approved as the
 * third different unit's return, it becomes a hard ticket (第十八条, 004:1558) and waits for the opinion.
 */
function decideReturn(ticket: Ticket, body: Body<'decide-return'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'decide-return', 'return-requested')
  if (!ok.ok) return ok
  const last = ticket.returns.at(-1)
  if (!last) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'No return is pending.')
  const decided = {
    ...last,
    decision: body.approve ? ('approved' as const) : ('rejected' as const),
    decidedOn: ctx.today,
    ...(body.note ? { decisionNote: body.note } : {}),
  }
  const returns = [...ticket.returns.slice(0, -1), decided]
  if (!body.approve)
    return {
      ok: true,
      value: { ticket: next(ticket, ctx, { status: 'handling', returns }), event: 'return-decided', note: 'rejected' },
    }
  const withReturns = { ...ticket, returns }
  if (approvedReturnUnits(withReturns) >= HARD_AFTER_RETURNS) {
    const kind = body.hardKind ?? hardKindOf(last.kind)
    return {
      ok: true,
      value: {
        ticket: next(withReturns, ctx, {
          status: 'hard',
          hard: { kind, openedOn: ctx.today, opinion: deadline(ctx.calendar, ctx.today, HARD_OPINION_LIMIT_W[kind]) },
        }),
        event: 'hard',
      },
    }
  }
  if (!body.department)
    return refusal('HOTLINE_DEPARTMENT_REQUIRED', 'An approved return names the unit the ticket goes to.', {
      field: '/body/department',
    })
  if (body.department === last.department)
    return refusal(
      'HOTLINE_SAME_DEPARTMENT',
      'An approved return goes to another unit than the one that returned it.',
      {
        field: '/body/department',
      },
    )
  return {
    ok: true,
    value: {
      ticket: dispatched(withReturns, body.department, body.coHandlers ?? [], ctx),
      event: 'return-decided',
      note: 'approved',
    },
  }
}

/**
 * The opinion on a hard ticket came; the data administration decides the unit (第十八条, 004:1562–1566), and the
 * ticket is dispatched to it, its limit counted from this dispatch.
 */
function hardOpinion(ticket: Ticket, body: Body<'hard-opinion'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'hard-opinion', 'hard')
  if (!ok.ok || !ticket.hard) return ok.ok ? refusal('HOTLINE_TICKET_STATE_CONFLICT', 'Not a hard ticket.') : ok
  const hard = { ...ticket.hard, opinion: done(ticket.hard.opinion, ctx.today) as Deadline, opinionText: body.opinion }
  return {
    ok: true,
    value: {
      ticket: dispatched({ ...ticket, hard }, body.department, [], ctx),
      event: 'dispatched',
      note: 'hard-opinion',
    },
  }
}

/**
 * 延期 (第十九条, 004:1570): before the limit ends, at most twice, each at most the limit of the first dispatch, told to
 * the requester; the new limit counts from the end of the current one. Never in a re-handling (第二十九条, 004:1642).
 */
function extend(ticket: Ticket, body: Body<'extend'>, ctx: Context): Result<Decision> {
  if (ticket.status === 'rehandling')
    return refusal('HOTLINE_REHANDLING_NO_EXTENSION', 'A re-handled ticket may not be extended.')
  const ok = statusIs(ticket, 'extend', 'dispatched', 'handling')
  if (!ok.ok) return ok
  const handling = ticket.handling as Deadline
  if (ticket.extensions.length >= MAX_EXTENSIONS)
    return refusal('HOTLINE_EXTENSIONS_EXHAUSTED', `A ticket is extended at most ${MAX_EXTENSIONS} times.`, {
      extensions: ticket.extensions.length,
    })
  if (ctx.today > handling.due)
    return refusal('HOTLINE_EXTENSION_LATE', 'An extension is asked before the handling limit ends.', {
      due: handling.due,
    })
  if (body.days > ticket.originalLimit)
    return refusal(
      'HOTLINE_EXTENSION_TOO_LONG',
      `An extension is at most the first limit, ${ticket.originalLimit} working days.`,
      {
        field: '/body/days',
        max: ticket.originalLimit,
      },
    )
  // Counting `days` working days on from the due date (a working day) is the same as adding them to the limit.
  const after = withLimit(ctx.calendar, handling, handling.spec.limit.value + body.days)
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        handling: after,
        extensions: [
          ...ticket.extensions,
          {
            days: body.days,
            reason: body.reason,
            requestedOn: ctx.today,
            dueBefore: handling.due,
            dueAfter: after.due,
          },
        ],
      }),
      event: 'extended',
    },
  }
}

/**
 * 追加反映 before the report (第二十条, 004:1572–1576): information that affects the handling restarts the limit from
 * the day it came (the limit as it stands, extensions kept); other information is recorded and the clock runs on.
 */
function addInformation(ticket: Ticket, body: Body<'add-information'>, ctx: Context): Result<Decision> {
  const ok = statusIs(
    ticket,
    'add-information',
    'registered',
    'dispatched',
    'handling',
    'rehandling',
    'return-requested',
  )
  if (!ok.ok) return ok
  if (ticketSupplementPending(ticket)) return supplied(ticket, body, ctx)
  if (
    !body.affectsHandling ||
    !ticket.handling ||
    ticket.status === 'registered' ||
    ticket.status === 'return-requested'
  )
    return { ok: true, value: { ticket: next(ticket, ctx, {}), event: 'information-added', note: body.note } }
  if (ticket.restarts.length >= MAX_RECORDED)
    return refusal('HOTLINE_TICKET_LIMIT_REACHED', `A ticket records at most ${MAX_RECORDED} restarts.`)
  const before = ticket.handling
  const after = { ...deadline(ctx.calendar, ctx.today, before.spec.limit.value) }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        handling: after,
        restarts: [...ticket.restarts, { on: ctx.today, note: body.note, dueBefore: before.due, dueAfter: after.due }],
      }),
      event: 'restarted',
      note: body.note,
    },
  }
}

/**
 * 协办 (第十七条第三款, 004:1556): in joint handling the co-handlers 配合办理 — each submits its part to the lead unit,
 * once a handling round, while the lead handles the ticket and so within its handling limit (第十五条, 004:1539): a
 * part after the due date is taken and marked late, as a late report is. The lead's report then cites the parts.
 */
function contribute(
  ticket: Ticket,
  body: Body<'contribute'>,
  ctx: Context,
  department: string | undefined,
): Result<Decision> {
  if (!department || !ticket.coHandlers.includes(department))
    return refusal('HOTLINE_NOT_YOUR_TICKET', 'Only a co-handling unit of the ticket submits a part.')
  const ok = statusIs(ticket, 'contribute', ...HANDLING_STATUSES)
  if (!ok.ok) return ok
  const contributions = ticket.contributions ?? []
  if (contributions.some((c) => c.department === department && c.round === handlingRound(ticket)))
    return refusal('HOTLINE_CONTRIBUTION_DONE', 'A co-handling unit submits its part once a handling round.', {
      department,
    })
  const handling = ticket.handling as Deadline
  const part = {
    department,
    opinion: body.opinion,
    round: handlingRound(ticket),
    submittedOn: ctx.today,
    submittedAt: ctx.at,
    late: ctx.today > handling.due,
  }
  return {
    ok: true,
    value: { ticket: next(ticket, ctx, { contributions: [...contributions, part] }), event: 'contributed' },
  }
}

/** The closures of a ticket handled to the end (已依法办理完毕): not withdrawn, read, or ended for missing information. */
const HANDLED_TO_END: ReadonlyArray<Ticket['closure']> = [
  'rated',
  'unrated',
  'dissatisfied',
  'duty-statement',
  'answered',
]

/**
 * 第二十四条 (004:1608): a repeat answers only a ticket handled to the end (已依法办理完毕) and raised by the same
 * requester (同一诉求人) — the same organisation online, or on the phone the same ID number or phone number as given
 * (a requester who hid both cannot be shown to be the same). Why not, or undefined.
 */
export function repeatProblem(ticket: Ticket, { original, requester }: RepeatFacts): string | undefined {
  if (!original) return 'is not a ticket of the hotline'
  const o = original.ticket
  if (o.status !== 'closed' || !HANDLED_TO_END.includes(o.closure))
    return `was not handled to the end (已依法办理完毕): it is ${o.status}${o.closure ? ` (${o.closure})` : ''}`
  const same =
    ticket.ownerCreditCode !== undefined || o.ownerCreditCode !== undefined
      ? ticket.ownerCreditCode === o.ownerCreditCode
      : (requester.idNumber !== undefined && requester.idNumber === original.requester.idNumber) ||
        (requester.phone !== undefined && requester.phone === original.requester.phone)
  return same ? undefined : 'was raised by another requester (同一诉求人 is required)'
}

/**
 * 办理情况 and 回复 (第二十一条, 第二十二条, 004:1578–1600): the process, the reply (or why there was none), and what
 * the type requires — the basis of an answer, a complaint's mediation outcome, a report's measures and whether a case
 * was filed, a help request's measures, a suggestion adopted (with the plan) or not (with the reason). Handed in after
 * the due date it is 逾期办理 (第十五条, 004:1539).
 */
function reply(ticket: Ticket, body: Body<'reply'>, ctx: Context, repeat: RepeatFacts | undefined): Result<Decision> {
  const ok = statusIs(ticket, 'reply', 'handling', 'rehandling', 'dispatched')
  if (!ok.ok) return ok
  if (ticket.type === 'praise') return refusal('HOTLINE_PRAISE_IS_READ', 'A praise is read, not replied to.')
  const mode = body.mode ?? 'handled'
  const missing = (field: string, why: string) => {
    const message = `The handling report of a ${ticket.type} ${why}.`
    return refusal('HOTLINE_REPORT_INCOMPLETE', message, fieldRefused(`/body/${field}`, message))
  }
  if (mode === 'handled') {
    if (ticket.type === 'consultation' && !body.basis) return missing('basis', 'states the basis of the answer')
    if (ticket.type === 'complaint' && body.mediation === undefined)
      return missing('mediation', 'states whether a mediation was held and its outcome (none if none)')
    if (ticket.type === 'report' && (!body.measures || body.caseFiled === undefined))
      return missing(body.measures ? 'caseFiled' : 'measures', 'lists the measures taken and whether a case was filed')
    if (ticket.type === 'help' && !body.measures) return missing('measures', 'states the measures taken')
    if (ticket.type === 'suggestion' && body.adopted === undefined)
      return missing('adopted', 'says whether it was adopted (with the plan) or not (with the reason)')
  }
  // 第二十四条 (004:1608): the requester is told the original ticket's result and its basis (办理依据).
  if (mode === 'repeat') {
    if (!body.originalTicketId || body.originalTicketId === ticket.ticketId)
      return missing('originalTicketId', 'names the earlier ticket whose result was told again')
    if (!body.basis) return missing('basis', 'states the basis of the original result told again')
    if (!repeat) throw new Error('reply: a repeat is judged with the original ticket read (RepeatFacts)')
    const problem = repeatProblem(ticket, repeat)
    if (problem) {
      const message = `The original ticket ${body.originalTicketId} ${problem}.`
      return refusal('HOTLINE_ORIGINAL_TICKET_INVALID', message, fieldRefused('/body/originalTicketId', message))
    }
  }
  // 第二十一条 (004:1578, 004:1582): not reached in 3 calls, each at least 15 minutes after the one before.
  if (body.replyMethod === 'unreachable') {
    if (!body.calls) return missing('calls', 'lists the 3 unanswered calls')
    const bad = badCalls(body.calls, ticket.registeredAt, ctx.at)
    if (bad) {
      const message = CALLS_MESSAGES[bad.reason]
      // The one call that breaks the rule, as a form names its input (`call` counts from 1, the pointer from 0).
      return refusal('HOTLINE_CALLS_INVALID', message, {
        ...fieldRefused(`/body/calls/${bad.call - 1}`, message),
        ...bad,
      })
    }
  }
  if (
    (body.replyMethod === 'phone' || body.replyMethod === 'sms' || body.replyMethod === 'written') &&
    !body.replySummary
  )
    return missing('replySummary', 'gives the reply’s main content')
  const handling = ticket.handling as Deadline
  const report = {
    mode,
    process: body.process,
    result: body.result,
    reply: {
      method: body.replyMethod,
      ...(body.replyOn ? { on: body.replyOn } : {}),
      ...(body.replySummary ? { summary: body.replySummary } : {}),
    },
    ...(body.basis ? { basis: body.basis } : {}),
    ...(body.mediation ? { mediation: body.mediation } : {}),
    ...(body.measures ? { measures: body.measures } : {}),
    ...(body.caseFiled === undefined ? {} : { caseFiled: body.caseFiled }),
    ...(body.adopted === undefined ? {} : { adopted: body.adopted }),
    ...(body.originalTicketId ? { originalTicketId: body.originalTicketId } : {}),
    ...(body.replyMethod === 'unreachable' && body.calls ? { calls: body.calls } : {}),
    submittedOn: ctx.today,
    submittedAt: ctx.at,
    late: ctx.today > handling.due,
    ...cited(ticket),
  }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        status: 'replied',
        handling: done(handling, ctx.today) as Deadline,
        ...(ticket.check ? { check: done(ticket.check, ctx.today) as Deadline } : {}),
        report,
      }),
      event: 'replied',
    },
  }
}

/** 第二十一条: the least time between two unanswered calls (每次至少间隔 15 分钟). */
export const CALL_INTERVAL_MIN = 15

/**
 * Which call of an unreachable reply breaks which rule of 第二十一条, as data a refusal carries beside its message:
 * `call` counts from 1 as the report lists them, and the instants (or the whole `minutes` between the call and the one
 * before) show the rule broken. A client names the call and the rule from these, not from the English.
 */
export type CallsProblem =
  /** The calls are the unit's about this ticket: none before it was registered. */
  | { reason: 'before-registration'; call: number; callAt: string; registeredAt: string }
  /** Nor after the report: a call the report lists has been made by the time it is submitted. */
  | { reason: 'after-report'; call: number; callAt: string; reportedAt: string }
  /** Listed in the order they were made. */
  | { reason: 'out-of-order'; call: number; callAt: string; previousAt: string }
  /** Each at least {@link CALL_INTERVAL_MIN} minutes after the one before. */
  | { reason: 'too-close'; call: number; callAt: string; previousAt: string; minutes: number }

const IN_ORDER = `Each call is made at least ${CALL_INTERVAL_MIN} minutes after the one before, in order.`
const CALLS_MESSAGES: Record<CallsProblem['reason'], string> = {
  'before-registration': 'A call is recorded before the ticket was registered.',
  'after-report': 'A call is recorded after the report.',
  'out-of-order': IN_ORDER,
  'too-close': IN_ORDER,
}

/** The first rule of 第二十一条 the calls break, in the order above, at the first call breaking it; undefined when none. */
function badCalls(calls: readonly string[], registeredAt: string, now: string): CallsProblem | undefined {
  const times = calls.map((c) => Date.parse(c))
  const at = (i: number) => ({ call: i + 1, callAt: calls[i] as string })
  const early = times.findIndex((t) => t < Date.parse(registeredAt))
  if (early >= 0) return { reason: 'before-registration', ...at(early), registeredAt }
  const late = times.findIndex((t) => t > Date.parse(now))
  if (late >= 0) return { reason: 'after-report', ...at(late), reportedAt: now }
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number)
    const previousAt = calls[i - 1] as string
    if (gap < 0) return { reason: 'out-of-order', ...at(i), previousAt }
    if (gap < CALL_INTERVAL_MIN * 60_000)
      return { reason: 'too-close', ...at(i), previousAt, minutes: Math.floor(gap / 60_000) }
  }
  return undefined
}

/** The co-handlers' parts of this round a joint handling's report cites, and the co-handlers that sent none (004:1556). */
function cited(ticket: Ticket): { contributions?: Ticket['contributions']; missingContributions?: string[] } {
  if (ticket.coHandlers.length === 0) return {}
  const parts = (ticket.contributions ?? []).filter((c) => c.round === handlingRound(ticket))
  const missing = ticket.coHandlers.filter((d) => !parts.some((c) => c.department === d))
  return { contributions: parts, ...(missing.length > 0 ? { missingContributions: missing } : {}) }
}

/** 表扬 is closed once the unit has read it (第二十三条 (一), 004:1604). */
function read(ticket: Ticket, ctx: Context): Result<Decision> {
  if (ticket.type !== 'praise') return refusal('HOTLINE_NOT_PRAISE', 'Only a praise is closed by reading it.')
  const ok = statusIs(ticket, 'read', 'dispatched', 'handling')
  if (!ok.ok) return ok
  return close(ticket, ctx, 'praise-read')
}

const close = (
  ticket: Ticket,
  ctx: Context,
  closure: NonNullable<Ticket['closure']>,
  note?: string,
): Result<Decision> => ({
  ok: true,
  value: {
    ticket: next(ticket, ctx, {
      status: 'closed',
      closure,
      closedAt: ctx.at,
      ...(ticket.handling ? { handling: done(ticket.handling, ctx.today) as Deadline } : {}),
      ...(ticket.dispatch.doneOn ? {} : { dispatch: done(ticket.dispatch, ctx.today) as Deadline }),
    }),
    event: 'closed',
    ...(note ? { note } : {}),
  },
})

/**
 * The centre reviews the report (第三十条, 004:1660). Passed, the requester is asked to rate within 24 hours
 * (第二十七条 (二), 004:1634 — at once, here) and has 5 natural days from the notice (004:1636); a withdrawn ticket is
 * not rated and closes. Not passed, the unit goes on handling.
 */
function review(ticket: Ticket, body: Body<'review'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'review', 'replied')
  if (!ok.ok) return ok
  if (!body.approve)
    return {
      ok: true,
      value: {
        ticket: next(ticket, ctx, { status: ticket.rehandled ? 'rehandling' : 'handling' }),
        event: 'reviewed',
        note: body.note ?? 'sent back',
      },
    }
  if (ticket.withdrawnOn) return close(ticket, ctx, 'withdrawn')
  const notice = {
    round: handlingRound(ticket),
    notifiedOn: ctx.today,
    windowEnds: addDays(ctx.today, RATING_WINDOW_N),
  }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, { status: 'rating', ratings: [...ticket.ratings, notice] }),
      event: 'reviewed',
      note: 'passed',
    },
  }
}

const DISSATISFIED = new Set(['dissatisfied', 'very-dissatisfied'])

/**
 * 满意度评价 (第二十七条 (三), 004:1636): one of five options within the window. Satisfied (any of the first three)
 * closes the ticket (第二十八条, 004:1638); dissatisfied leads to the return visit.
 */
function rate(ticket: Ticket, body: Body<'rate'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'rate', 'rating')
  if (!ok.ok) return ok
  const pending = ticket.ratings.at(-1)
  if (!pending || pending.value !== undefined)
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'No rating is asked for.')
  if (ctx.today > pending.windowEnds)
    return refusal('HOTLINE_RATING_LATE', `A rating is given within ${RATING_WINDOW_N} natural days of the notice.`, {
      windowEnds: pending.windowEnds,
    })
  const rated = {
    ...pending,
    value: body.value,
    ratedOn: ctx.today,
    ...(body.resolved === undefined ? {} : { resolved: body.resolved }),
  }
  const ratings = [...ticket.ratings.slice(0, -1), rated]
  const callBack = callBackOwed(ticket, rated, ctx)
  if (!DISSATISFIED.has(body.value) && !callBack) {
    const closed = close({ ...ticket, ratings }, ctx, 'rated')
    return closed.ok ? { ok: true, value: { ...closed.value, event: 'rated' } } : closed
  }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, { status: 'return-visit', ratings, ...(callBack ? { callBack } : {}) }),
      event: 'rated',
    },
  }
}

/**
 * 对未解决或不满意工单进行100%人工回访 (002:340): a business-line ticket rated dissatisfied, or whose requester says the
 * matter is not resolved, is owed the centre's call-back — the return visit (回访) Guangzhou's rules already record
 * after a dissatisfied rating (004:1638). So an unresolved one is not closed by a satisfied rating: it waits for the
 * visit as a dissatisfied one does. Any other ticket keeps Guangzhou's rule.
 */
function callBackOwed(
  ticket: Ticket,
  rating: { value: string; resolved?: boolean },
  ctx: Context,
): Ticket['callBack'] | undefined {
  if (!isBusinessLine(ticket)) return undefined
  if (DISSATISFIED.has(rating.value)) return { reason: 'dissatisfied', owedSince: ctx.today }
  if (rating.resolved === false) return { reason: 'unresolved', owedSince: ctx.today }
  return undefined
}

/**
 * 受理服务满意度 (第二十七条 (一), 004:1630–1632): the reception rated once, with the five options, within 5 natural
 * days of its notice (004:1636). It stands apart from the handling: any status, a withdrawn ticket too — the
 * withdrawal bars only the handling's rating (004:1634) — and nothing opens or closes by it.
 */
function rateReception(ticket: Ticket, body: Body<'rate-reception'>, ctx: Context): Result<Decision> {
  const notice = ticket.reception
  if (!notice) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'No rating of the reception is asked for.')
  if (notice.value !== undefined)
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The reception is rated already.', { ratedOn: notice.ratedOn })
  if (ctx.today > notice.windowEnds)
    return refusal('HOTLINE_RATING_LATE', `A rating is given within ${RATING_WINDOW_N} natural days of the notice.`, {
      windowEnds: notice.windowEnds,
    })
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, { reception: { ...notice, value: body.value, ratedOn: ctx.today } }),
      event: 'reception-rated',
    },
  }
}

/**
 * A rating window that passed without a rating (第二十七条 (三), 004:1636): 未评价, which closes the ticket like a
 * satisfied one (第二十八条, 004:1638; 第三十条, 004:1662). The timer decides it.
 */
export function lapseRating(ticket: Ticket, ctx: Context): Decision | undefined {
  const pending = ticket.ratings.at(-1)
  if (ticket.status !== 'rating' || !pending || pending.value !== undefined || ctx.today <= pending.windowEnds)
    return undefined
  const ratings = [...ticket.ratings.slice(0, -1), { ...pending, lapsed: true }]
  const closed = close({ ...ticket, ratings }, ctx, 'unrated')
  return closed.ok ? { ...closed.value, event: 'rated', note: 'unrated' } : undefined
}

/**
 * 回访 (第二十八条, 004:1638; second round 第三十条, 004:1662): recorded. After the second dissatisfied rating the unit
 * may file its 履职尽责意见 within 5 working days (004:1664).
 */
function returnVisit(ticket: Ticket, body: Body<'return-visit'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'return-visit', 'return-visit')
  if (!ok.ok) return ok
  if (ticket.returnVisits.length >= handlingRound(ticket))
    return refusal('HOTLINE_RETURN_VISIT_DONE', 'The return visit of this rating is recorded already.')
  const visit = {
    round: handlingRound(ticket),
    on: ctx.today,
    note: body.note,
    ...(body.forceMajeure ? { forceMajeure: true } : {}),
  }
  const returnVisits = [...ticket.returnVisits, visit]
  // The business line's call-back owed (002:340) is this visit: made, it leaves the centre's call-back list.
  const visited =
    ticket.callBack && ticket.callBack.visitedOn === undefined
      ? { returnVisits, callBack: { ...ticket.callBack, visitedOn: ctx.today } }
      : { returnVisits }
  // A ticket owed its visit for an unresolved matter, not for dissatisfaction, is not one 第三十条 speaks of.
  if (ticket.rehandled && ratedDissatisfied(ticket))
    return {
      ok: true,
      value: {
        ticket: next(ticket, ctx, {
          status: 'duty-statement',
          ...visited,
          dutyStatement: { deadline: deadline(ctx.calendar, ctx.today, DUTY_STATEMENT_LIMIT_W) },
        }),
        event: 'return-visited',
      },
    }
  return { ok: true, value: { ticket: next(ticket, ctx, visited), event: 'return-visited' } }
}

/**
 * 第二十九条 (004:1644–1658): the six cases in which a dissatisfied ticket does not go back for re-handling; the number
 * of the case, or undefined when none applies.
 */
export function rehandlingBar(ticket: Ticket): 1 | 2 | 3 | 4 | 5 | 6 | undefined {
  const report = ticket.report
  // (一) 分类处理 under 办法第十一条第二款第二项至第五项
  if (report?.mode === 'classified') return 1
  // (二) the requester could not be reached in 3 calls or refused to supplement
  if (report?.mode === 'unreachable') return 2
  // (三) a suggestion not adopted
  if (ticket.type === 'suggestion' && report?.adopted === false) return 3
  // (四) the mediation is concluded or ended
  if (report?.mediation === 'agreed' || report?.mediation === 'not-agreed' || report?.mediation === 'terminated')
    return 4
  // (五) a natural disaster or other force majeure, as the return visit found
  if (ticket.returnVisits.some((v) => v.forceMajeure)) return 5
  // (六) handled already, a repeat answered with the original result and a written statement (第二十四条)
  if (report?.mode === 'repeat') return 6
  return undefined
}

/**
 * 再次办理 (第二十九条, 004:1640–1642): only after the first dissatisfied rating and its return visit, once, with the
 * original limit, and without return or extension; not in the six cases.
 */
function rehandle(ticket: Ticket, ctx: Context): Result<Decision> {
  if (ticket.rehandled) return refusal('HOTLINE_REHANDLED_ONCE', 'A ticket is handled again once only.')
  const ok = statusIs(ticket, 'rehandle', 'return-visit')
  if (!ok.ok) return ok
  if (!ratedDissatisfied(ticket))
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'Only a dissatisfied rating sends a ticket back.', {
      ticketStatus: ticket.status,
      action: 'rehandle',
    })
  if (ticket.returnVisits.length < 1)
    return refusal('HOTLINE_RETURN_VISIT_FIRST', 'The return visit is recorded before the ticket goes back.')
  const bar = rehandlingBar(ticket)
  if (bar !== undefined)
    return refusal('HOTLINE_REHANDLING_NOT_ALLOWED', `A ticket of case (${bar}) of 第二十九条 is not handled again.`, {
      case: bar,
    })
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        status: 'rehandling',
        rehandled: true,
        handling: deadline(ctx.calendar, ctx.today, ticket.originalLimit),
        ...(ticket.report ? { firstReport: ticket.report } : {}),
      }),
      event: 'rehandling-opened',
    },
  }
}

/** After the first return visit the centre may close instead of sending it back: a dissatisfied closure. */
function closeAfterVisit(ticket: Ticket, body: Body<'close'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'close', 'return-visit')
  if (!ok.ok) return ok
  if (ticket.returnVisits.length < handlingRound(ticket))
    return refusal('HOTLINE_RETURN_VISIT_FIRST', 'The return visit is recorded before the ticket is closed.')
  // A business-line ticket rated satisfied but unresolved was kept open for its call-back only: it closes as rated.
  return close(ticket, ctx, ratedDissatisfied(ticket) ? 'dissatisfied' : 'rated', body.note)
}

/** Whether the latest rating given is dissatisfied (a return visit may also follow an unresolved one, 002:340). */
const ratedDissatisfied = (ticket: Ticket): boolean => DISSATISFIED.has(ticket.ratings.at(-1)?.value ?? '')

/** 履职尽责意见 (第三十条第三款, 004:1664): filed within 5 working days; filed, the ticket closes. */
function dutyStatement(ticket: Ticket, body: Body<'duty-statement'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'duty-statement', 'duty-statement')
  if (!ok.ok || !ticket.dutyStatement)
    return ok.ok ? refusal('HOTLINE_TICKET_STATE_CONFLICT', 'No statement is due.') : ok
  if (ctx.today > ticket.dutyStatement.deadline.due)
    return refusal(
      'HOTLINE_DUTY_STATEMENT_LATE',
      `The statement is filed within ${DUTY_STATEMENT_LIMIT_W} working days.`,
      {
        due: ticket.dutyStatement.deadline.due,
      },
    )
  const statement = { deadline: done(ticket.dutyStatement.deadline, ctx.today) as Deadline, text: body.text }
  const closed = close({ ...ticket, dutyStatement: statement }, ctx, 'duty-statement')
  return closed.ok ? { ok: true, value: { ...closed.value, event: 'duty-statement' } } : closed
}

/** The statement's 5 working days passed without one: 超期未提交, the hotline closes the ticket (004:1664). */
export function lapseDutyStatement(ticket: Ticket, ctx: Context): Decision | undefined {
  if (ticket.status !== 'duty-statement' || !ticket.dutyStatement || ctx.today <= ticket.dutyStatement.deadline.due)
    return undefined
  const closed = close(ticket, ctx, 'duty-statement', 'not filed in time')
  return closed.ok ? closed.value : undefined
}

/**
 * 补充信息通知 (第十二条第二款, 004:1517): on an online ticket the centre tells the requester, once, everything it must
 * supply; the requester has 3 natural days from the notice (the notice day not counted, as 5 natural days of a rating
 * are). A phone ticket is asked by calls instead (第十二条第一款, 004:1515): `information-missing` after 3 calls.
 * While it waits the dispatch clock does not run: the ticket cannot be handled yet (004:1515 "方可处理").
 */
function requestSupplement(ticket: Ticket, body: Body<'request-supplement'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'request-supplement', 'registered')
  if (!ok.ok) return ok
  if (ticket.channel !== 'online')
    return refusal(
      'HOTLINE_SUPPLEMENT_ONLINE_ONLY',
      'A phone requester is called (3 calls); the written notice is for online tickets.',
      { channel: ticket.channel },
    )
  if (ticket.supplement)
    return refusal('HOTLINE_SUPPLEMENT_ASKED', 'The supplement notice is sent once, with everything that is needed.')
  const supplement = { note: body.note, requestedOn: ctx.today, windowEnds: addDays(ctx.today, SUPPLEMENT_WINDOW_N) }
  return { ok: true, value: { ticket: next(ticket, ctx, { supplement }), event: 'supplement-requested' } }
}

/**
 * The requester supplied it within the window: recorded, and the ticket is dispatched within 1 working day from that
 * day (第十三条, 004:1529) — the day it could first be handled. After the window it is refused: the timer ends the
 * ticket (逾期未补充, 004:1517). Supplied but still not enough, the centre ends it with `information-missing`.
 */
function supplied(ticket: Ticket, body: Body<'add-information'>, ctx: Context): Result<Decision> {
  const s = ticket.supplement as NonNullable<Ticket['supplement']>
  if (ctx.today > s.windowEnds)
    return refusal('HOTLINE_SUPPLEMENT_LATE', `Information is supplied within ${SUPPLEMENT_WINDOW_N} natural days.`, {
      windowEnds: s.windowEnds,
    })
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        supplement: { ...s, suppliedOn: ctx.today },
        dispatch: deadline(ctx.calendar, ctx.today, DISPATCH_LIMIT_W),
      }),
      event: 'information-added',
      note: body.note,
    },
  }
}

/** The 3 natural days passed without the information (逾期未补充, 004:1517): the ticket is ended. The timer decides it. */
export function lapseSupplement(ticket: Ticket, ctx: Context): Decision | undefined {
  if (!ticketSupplementPending(ticket) || !ticket.supplement || ctx.today <= ticket.supplement.windowEnds)
    return undefined
  const closed = close(ticket, ctx, 'information-missing', 'not supplied within 3 natural days')
  return closed.ok ? closed.value : undefined
}

/** 第十二条 (004:1515–1519): information needed, not supplemented after the calls or within 3 natural days: closed. */
function informationMissing(ticket: Ticket, body: Body<'information-missing'>, ctx: Context): Result<Decision> {
  const ok = statusIs(ticket, 'information-missing', 'registered')
  if (!ok.ok) return ok
  return close(ticket, ctx, 'information-missing', body.note)
}

/**
 * 撤回 (第二十三条 (二), 004:1606): the ticket closes, unrated (第二十七条 (二), 004:1634); a report may go on being
 * investigated when the unit so decides, and then closes after its review without a rating.
 */
function withdraw(ticket: Ticket, body: Body<'withdraw'>, ctx: Context): Result<Decision> {
  if (ticket.status === 'closed' || ticket.withdrawnOn)
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The ticket is closed or withdrawn already.', {
      ticketStatus: ticket.status,
    })
  if (body.continueInvestigation) {
    if (ticket.type !== 'report')
      return refusal('HOTLINE_NOT_REPORT', 'Only a report goes on being investigated after it is withdrawn.', {
        field: '/body/continueInvestigation',
      })
    if (!HANDLING_STATUSES.includes(ticket.status))
      return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'A report is investigated on only while the unit handles it.', {
        ticketStatus: ticket.status,
      })
    return { ok: true, value: { ticket: next(ticket, ctx, { withdrawnOn: ctx.today }), event: 'withdrawn' } }
  }
  const closed = close({ ...ticket, withdrawnOn: ctx.today }, ctx, 'withdrawn')
  return closed.ok ? { ok: true, value: { ...closed.value, event: 'withdrawn' } } : closed
}

/** 督办 (第二十五条, 004:1610–1620): its kind sets the response limit from the day the unit gets it. */
function supervise(ticket: Ticket, body: Body<'supervise'>, ctx: Context, id: string | undefined): Result<Decision> {
  if (ticket.status === 'registered' || ticket.status === 'closed' || !ticket.department)
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'Only a dispatched, open ticket is supervised.', {
      ticketStatus: ticket.status,
    })
  if (!id) throw new Error('supervise: no id')
  if (ticket.supervisions.length >= 20)
    return refusal('HOTLINE_TOO_MANY_SUPERVISIONS', 'At most 20 supervisions a ticket.')
  const limit = SUPERVISION_LIMIT_W[body.kind]
  const supervision = {
    id,
    kind: body.kind,
    note: body.note,
    openedOn: ctx.today,
    ...(limit === undefined ? {} : { deadline: deadline(ctx.calendar, ctx.today, limit) }),
  }
  return {
    ok: true,
    value: { ticket: next(ticket, ctx, { supervisions: [...ticket.supervisions, supervision] }), event: 'supervised' },
  }
}

/**
 * 整改函 (002:340): the centre sends the ticket's handling unit a letter urging it to put right a failing in the
 * seed's words — 未依法履行职能 or 敷衍塞责. Business-line tickets only, as the referral: the sentence ("工单处置中出现
 * 未依法履行职能、敷衍塞责等情况的，由12345热线发“整改函”督促承办单位整改", seeds/002_1df199ac40b74a39.txt:340, and
 * 003:291 alike) speaks of the tickets of the paragraph it stands in, 涉及市场主体诉求 on the 优化营商环境专线; Guangzhou's
 * rules (004:1417–1742) have no such letter. It needs a unit to go to, so a ticket not yet dispatched is refused; it
 * is recorded for the unit and the supervisor to see and changes nothing of the handling: status and clocks stay.
 */
export function issueRectificationLetter(
  ticket: Ticket,
  body: RectificationLetterBody,
  ctx: Context,
  id: string,
): Result<Decision> {
  const offLine = notBusinessLine(ticket, 'A rectification letter')
  if (offLine) return offLine
  if (!ticket.department)
    return refusal(
      'HOTLINE_NO_HANDLING_UNIT',
      'A rectification letter goes to the handling unit: none has the ticket yet.',
      {
        ticketStatus: ticket.status,
      },
    )
  const letters = ticket.rectificationLetters ?? []
  if (letters.length >= MAX_RECTIFICATION_LETTERS)
    return refusal(
      'HOTLINE_RECTIFICATION_LETTERS_FULL',
      `A ticket records at most ${MAX_RECTIFICATION_LETTERS} rectification letters.`,
    )
  const letter = {
    id,
    department: ticket.department,
    ground: body.ground,
    reason: body.reason,
    issuedOn: ctx.today,
    issuedAt: ctx.at,
  }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, { rectificationLetters: [...letters, letter] }),
      event: 'rectification-letter-issued',
    },
  }
}

/**
 * 整改情况: the handling unit the 整改函 was sent to answers it, once, with what it put right (the letter's follow-up,
 * 督促承办单位整改, 002:340). The letter's unit — a reviewer or lead of its department — answers; status and clocks stay.
 */
export function answerRectificationLetter(
  ticket: Ticket,
  letterId: string,
  body: RectificationReplyBody,
  actor: Actor,
  ctx: Context,
): Result<Decision> {
  const letters = ticket.rectificationLetters ?? []
  const letter = letters.find((l) => l.id === letterId)
  if (!letter)
    return refusal('HOTLINE_RECTIFICATION_LETTER_NOT_FOUND', `The ticket has no rectification letter ${letterId}.`, {
      letterId,
    })
  if ((actor.role !== 'reviewer' && actor.role !== 'lead') || actor.department !== letter.department)
    return refusal('HOTLINE_NOT_YOUR_TICKET', 'The unit the letter was sent to answers it.', {
      action: 'rectification-reply',
    })
  if (letter.reply)
    return refusal('HOTLINE_RECTIFICATION_LETTER_ANSWERED', 'The letter is answered already.', {
      repliedOn: letter.reply.repliedOn,
    })
  const reply = { rectification: body.rectification, repliedOn: ctx.today, repliedAt: ctx.at }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        rectificationLetters: letters.map((l) => (l.id === letterId ? { ...l, reply } : l)),
      }),
      event: 'rectification-letter-answered',
    },
  }
}

/** The refusal of an act of the 优化营商环境专线 (the 整改函, the referral) on a ticket not of it; none for one of it. */
function notBusinessLine(ticket: Ticket, act: string): Result<Decision> | undefined {
  if (isBusinessLine(ticket)) return undefined
  return refusal(
    'HOTLINE_NOT_BUSINESS_LINE',
    `${act} is for a market entity’s ticket of a region with a business-environment line only.`,
    { ...(ticket.region ? { region: ticket.region } : {}), marketEntity: isMarketEntity(ticket) },
  )
}

/**
 * 线索移交 (002:340): where a case is serious — 情况恶劣、造成不良影响 — 12345 hands the clue on to the
 * business-environment authority, the inspection office or the discipline organs. The sentence closes the 优化营商环境专线's
 * paragraph, whose tickets are market entities' (市场主体诉求), so only a business-line ticket is handed on; Guangzhou's
 * rules (004) name no such step. Recorded for the centre and the supervisor; status and clocks stay.
 */
export function referTicket(ticket: Ticket, body: ReferTicketBody, ctx: Context, id: string): Result<Decision> {
  const offLine = notBusinessLine(ticket, 'A referral')
  if (offLine) return offLine
  const referrals = ticket.referrals ?? []
  if (referrals.length >= MAX_REFERRALS)
    return refusal('HOTLINE_REFERRALS_FULL', `A ticket records at most ${MAX_REFERRALS} referrals.`)
  const referral = { id, to: body.to, note: body.note, referredOn: ctx.today, referredAt: ctx.at }
  return {
    ok: true,
    value: { ticket: next(ticket, ctx, { referrals: [...referrals, referral] }), event: 'referred' },
  }
}

function respondSupervision(ticket: Ticket, body: Body<'respond-supervision'>, ctx: Context): Result<Decision> {
  const s = ticket.supervisions.find((x) => x.id === body.supervisionId)
  if (!s)
    return refusal('HOTLINE_SUPERVISION_NOT_FOUND', 'No such supervision on this ticket.', {
      field: '/body/supervisionId',
    })
  if (s.response) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The supervision is answered already.')
  const answered = {
    ...s,
    response: body.response,
    ...(s.deadline ? { deadline: done(s.deadline, ctx.today) as Deadline } : {}),
  }
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, { supervisions: ticket.supervisions.map((x) => (x.id === s.id ? answered : x)) }),
      event: 'supervised',
      note: 'answered',
    },
  }
}

/**
 * 需要长期推进的复杂事项 (第二十六条, 004:1622–1626): the unit makes a plan within 10 working days and tells the
 * requester how it goes at most a month apart.
 */
function markLongTerm(ticket: Ticket, body: Body<'long-term'>, ctx: Context): Result<Decision> {
  if (ticket.longTerm) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The ticket is a long-term item already.')
  const ok = statusIs(ticket, 'long-term', 'dispatched', 'handling', 'rehandling')
  if (!ok.ok) return ok
  return {
    ok: true,
    value: {
      ticket: next(ticket, ctx, {
        longTerm: { markedOn: ctx.today, plan: deadline(ctx.calendar, ctx.today, LONG_TERM_PLAN_LIMIT_W), updates: 0 },
      }),
      event: 'long-term',
      ...(body.note ? { note: body.note } : {}),
    },
  }
}

/** One calendar month on (the last day of a shorter month when the day does not exist). */
export function monthAfter(date: LegalDate): LegalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const ny = m === 12 ? y + 1 : y
  const nm = m === 12 ? 1 : m + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

function plan(ticket: Ticket, body: Body<'plan'>, ctx: Context): Result<Decision> {
  if (!ticket.longTerm) return refusal('HOTLINE_NOT_LONG_TERM', 'Only a long-term item takes a plan.')
  if (ticket.longTerm.planText) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The plan is filed already.')
  const longTerm = {
    ...ticket.longTerm,
    plan: done(ticket.longTerm.plan, ctx.today) as Deadline,
    planText: body.plan,
    nextUpdateDue: monthAfter(ctx.today),
  }
  return { ok: true, value: { ticket: next(ticket, ctx, { longTerm }), event: 'long-term', note: 'plan' } }
}

function progress(ticket: Ticket, body: Body<'progress'>, ctx: Context): Result<Decision> {
  if (!ticket.longTerm?.planText)
    return refusal('HOTLINE_NOT_LONG_TERM', 'Progress is told on a long-term item with its plan.')
  // Once the procedure ended the final report is what is owed, not a monthly update.
  if (ticket.longTerm.final)
    return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The legal procedure of the long-term item has ended.')
  const { updateOverdueOn: _missed, ...kept } = ticket.longTerm
  const longTerm = {
    ...kept,
    lastUpdateOn: ctx.today,
    nextUpdateDue: monthAfter(ctx.today),
    updates: ticket.longTerm.updates + 1,
  }
  return { ok: true, value: { ticket: next(ticket, ctx, { longTerm }), event: 'long-term', note: body.note } }
}

/**
 * 法定程序终结 (第二十六条第三款, 004:1626): the unit records the day the legal procedure ended — not before the item was
 * marked, not after today — and the final report is due 3 working days after it (the day itself not counted, as
 * every limit). The monthly updates stop being owed: what is owed now is the final report.
 */
function procedureEnded(ticket: Ticket, body: Body<'procedure-ended'>, ctx: Context): Result<Decision> {
  const lt = ticket.longTerm
  if (!lt?.planText) return refusal('HOTLINE_NOT_LONG_TERM', 'Only a long-term item with its plan has a final report.')
  if (lt.final) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The end of the procedure is recorded already.')
  const ok = statusIs(ticket, 'procedure-ended', ...HANDLING_STATUSES)
  if (!ok.ok) return ok
  if (body.procedureEndedOn > ctx.today || body.procedureEndedOn < lt.markedOn)
    return refusal(
      'HOTLINE_DATE_INVALID',
      'The procedure ended on a day from the item’s marking as long-term to today.',
      { field: '/body/procedureEndedOn', from: lt.markedOn, to: ctx.today },
    )
  const { nextUpdateDue: _owed, updateOverdueOn: _missed, ...kept } = lt
  const longTerm = {
    ...kept,
    final: {
      procedureEndedOn: body.procedureEndedOn,
      deadline: deadline(ctx.calendar, body.procedureEndedOn, LONG_TERM_FINAL_LIMIT_W),
    },
  }
  return {
    ok: true,
    value: { ticket: next(ticket, ctx, { longTerm }), event: 'long-term', note: body.note ?? 'procedure ended' },
  }
}

/**
 * 最终情况 (第二十六条第三款, 004:1626): reported with the superior guidance department's opinion (上级业务指导部门出具
 * 指导意见), to the requester and the centre; after the 3 working days it is still taken and marked late. The ticket
 * then goes on to the unit's handling report and reply, as any ticket.
 */
function finalReport(ticket: Ticket, body: Body<'final-report'>, ctx: Context): Result<Decision> {
  const lt = ticket.longTerm
  if (!lt?.final)
    return refusal('HOTLINE_PROCEDURE_NOT_ENDED', 'The final report follows the recorded end of the legal procedure.')
  if (lt.final.reportedOn) return refusal('HOTLINE_TICKET_STATE_CONFLICT', 'The final report is filed already.')
  const ok = statusIs(ticket, 'final-report', ...HANDLING_STATUSES)
  if (!ok.ok) return ok
  const final = {
    ...lt.final,
    deadline: done(lt.final.deadline, ctx.today) as Deadline,
    guidanceDepartment: body.guidanceDepartment,
    guidance: body.guidance,
    result: body.result,
    reportedOn: ctx.today,
    late: ctx.today > lt.final.deadline.due,
  }
  return {
    ok: true,
    value: { ticket: next(ticket, ctx, { longTerm: { ...lt, final } }), event: 'long-term', note: 'final report' },
  }
}
