import type {
  Actor,
  RectificationLetterBody,
  RectificationReplyBody,
  ReferTicketBody,
  TicketActionBody,
  TicketView,
} from '@onewindow/contracts'
// 知识库 — the knowledge base's commands (the block at the end of this file).
// 变动通报 and 故障通报 — the units' notices (the block at the end of this file).
import {
  ChangeNoticeAcknowledgedV1,
  type ChangeNoticeBody,
  ChangeNoticeFiledV1,
  type KnowledgeConsultationBody,
  type KnowledgeCreateBody,
  type KnowledgeFeedbackAnswerBody,
  KnowledgeFeedbackAnsweredV1,
  type KnowledgeFeedbackBody,
  KnowledgeFeedbackDueMovedV1,
  type KnowledgeFeedbackListQuery,
  type KnowledgeFeedbackListResponse,
  KnowledgeFeedbackOverdueV1,
  KnowledgeFeedbackRaisedV1,
  type KnowledgeFeedbackView,
  type KnowledgeListQuery,
  type KnowledgeListResponse,
  KnowledgePointCreatedV1,
  KnowledgePointExpiryRemindedV1,
  KnowledgePointRetiredV1,
  KnowledgePointRevisedV1,
  type KnowledgePointView,
  type KnowledgeReviseBody,
  NOTICE_LIST_MAX,
  type NoticeListQuery,
  type NoticeListResponse,
  type OutageActionBody,
  type OutageNoticeBody,
  OutageNoticeOverdueV1,
  OutageNoticeRecoveredV1,
  OutageNoticeReportedV1,
  OutageNoticeUpdatedV1,
  type OutageNoticeView,
  regionCovers,
  withoutReferrals,
} from '@onewindow/contracts'
import { isInstantKey, type UnreadableStoredRow } from '@onewindow/db'
import type { PendingEvent } from '@onewindow/messaging'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  countedOrLeftOut,
  leftOut,
  type Outbox,
  sweep,
  type TransactionRunner,
  toldOrLeftOut,
} from '@onewindow/messaging'
import { validationFailed } from '@onewindow/service-kit'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { addDays, legalDateOf } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { feedbackRepository } from './db/feedback.js'
import { knowledgeRepository } from './db/knowledge.js'
import { type Kind, type NoticeKey, type NoticePage, noticeRepository } from './db/notices.js'
import { type StoredTicket, type Tx, ticketRepository } from './db/tickets.js'
import { clockViews, lookOn, recount, timerDecisions } from './domain/clocks.js'
import {
  decideAnswer,
  decideDueMoved,
  decideOverdue,
  decideRaise,
  type Feedback,
  type FeedbackEvent,
  isOverdue,
} from './domain/feedback.js'
import {
  answeredFrom,
  citable,
  decideCreate,
  decideReminder,
  decideRetire,
  decideRevise,
  type KnowledgeEvent,
  type KnowledgePoint,
  managingDepartment,
  statusOn,
} from './domain/knowledge.js'
import {
  type ChangeEvent,
  type ChangeNotice,
  decideAcknowledge,
  decideFileChange,
  decideOverdue as decideOutageOverdue,
  decideRecover,
  decideReport,
  decideUpdate,
  filingDepartment,
  noticeNotFound,
  type OutageEvent,
  type OutageNotice,
  overdueOn as outageOverdueOn,
} from './domain/notices.js'
import {
  answerRectificationLetter,
  type Context,
  channelOf,
  type Decision,
  decide,
  issueRectificationLetter,
  mayAct,
  maySee,
  type Registration,
  type Requester,
  referTicket,
  register,
  type Ticket,
  withinRegion,
} from './domain/ticket.js'
import { alertRow, dueMovedRow, ticketRow } from './events.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  /** The working-day calendar as published (the bundled years plus intake's publications). */
  calendar: CalendarSource
  /** Share of a limit used that turns a clock yellow. */
  yellowAt: number
}

/** Taken inside the command's transaction: its calendar is then the one the BEGIN found stored (calendarGuard). */
const contextOf = (deps: CommandDeps): Context => {
  const now = deps.clock.now()
  return { at: now.toISOString(), today: legalDateOf(now), calendar: deps.calendar.current() }
}

/** A ticket nobody may see answers as one that does not exist: existence does not leak. */
const notFound = (ticketId: string): Result<never> => ({
  ok: false,
  error: { code: 'HOTLINE_TICKET_NOT_FOUND', message: `No ticket ${ticketId}.`, details: { ticketId } },
})

/**
 * Whether the caller's region reaches the ticket (a regional reviewer or lead: only tickets about its region,
 * docs/security.md "Regional authority"), by contracts' one rule. One outside it answers as unknown, so an id tells
 * another region's unit nothing — not even that its department handles it.
 */
const reaches = (ticket: Ticket, actor: Actor): boolean => withinRegion(ticket, actor, regionCovers)

/** Whether the caller may read the ticket: within its region, and one it may see there (`maySee`). */
const readable = (ticket: Ticket, actor: Actor): boolean => reaches(ticket, actor) && maySee(ticket, actor)

const notYours = (action: string): Result<never> => ({
  ok: false,
  error: {
    code: 'HOTLINE_NOT_YOUR_TICKET',
    message: `"${action}" is not yours to do on this ticket.`,
    details: { action },
  },
})

/**
 * What a caller sees of the requester (第四十三条, 004:1716: kept confidential): the centre and the handling units
 * see what was not hidden; the owner sees its own; nobody else sees any of it.
 */
export function viewOf(stored: StoredTicket, actor: Actor, ctx: Context, yellowAt: number): TicketView {
  const sees = actor.role !== 'supervisor'
  return {
    ticket: withoutReferrals(stored.ticket, actor.role),
    requester: sees ? stored.requester : {},
    clocks: clockViews(stored.ticket, ctx.calendar, ctx.today, yellowAt),
  }
}

/**
 * 登记: the agent for a caller, the owner online, or a clerk at the 办不成事 window for the applicant before her; one
 * ticket per responsible unit, in one transaction.
 */
export async function registerTickets(
  deps: CommandDeps,
  actor: Actor,
  body: Registration,
): Promise<Result<TicketView[]>> {
  const groupId = uuidv7()
  const command = { actor, action: 'hotline.ticket.register', object: `ticket-group:${groupId}` }
  return deps.audited(command, async (tx): Promise<Result<TicketView[]>> => {
    const ctx = contextOf(deps)
    if (channelOf(actor) === undefined) return notYours('register')
    const ticketIds = (body.departments ?? [undefined]).map(() => uuidv7())
    const decided = register(body, actor, { groupId, ticketIds }, ctx)
    if (!decided.ok) return decided
    await ticketRepository(tx).insert(decided.value, lookOn)
    await deps.outbox.add(
      tx,
      decided.value.map((r) => ticketRow('registered', r.ticket, actor.sub)),
    )
    return { ok: true, value: decided.value.map((r) => viewOf(r, actor, ctx, deps.yellowAt)) }
  })
}

/**
 * One act on a ticket, in one transaction: the ticket row, its outbox row and the audit entry together; a refused
 * act writes its audit entry only.
 */
export async function actOnTicket(
  deps: CommandDeps,
  ticketId: string,
  actor: Actor,
  body: TicketActionBody,
): Promise<Result<TicketView>> {
  const command = { actor, action: `hotline.ticket.${body.action}`, object: `ticket:${ticketId}` }
  return deps.audited(command, async (tx): Promise<Result<TicketView>> => {
    const ctx = contextOf(deps)
    const repo = ticketRepository(tx)
    const stored = await repo.find(ticketId, true)
    if (
      !stored ||
      !reaches(stored.ticket, actor) ||
      !(maySee(stored.ticket, actor) || mayAct(stored.ticket, actor, body.action))
    )
      return notFound(ticketId)
    if (!mayAct(stored.ticket, actor, body.action)) return notYours(body.action)
    // 第二十四条: a repeat is judged against the earlier ticket it names, read (unlocked) in the same transaction.
    const original =
      body.action === 'reply' && body.mode === 'repeat' && body.originalTicketId && body.originalTicketId !== ticketId
        ? body.originalTicketId
        : undefined
    const decision = decide(stored.ticket, body, ctx, {
      ...(body.action === 'supervise' ? { supervisionId: uuidv7() } : {}),
      ...(body.action === 'contribute' && actor.department ? { coHandler: actor.department } : {}),
      ...(original
        ? { repeat: { original: await originalOf(repo, original, actor), requester: stored.requester } }
        : {}),
    })
    if (!decision.ok) return decision
    const { ticket, event, note } = decision.value
    await repo.save(ticket, lookOn(ticket))
    await deps.outbox.add(tx, ticketRow(event, ticket, actor.sub, note))
    return { ok: true, value: viewOf({ ticket, requester: stored.requester }, actor, ctx, deps.yellowAt) }
  })
}

/**
 * The earlier ticket a repeat names, as the caller may read it: one it may not see (another region's, another unit's)
 * is no ticket, so the refusal tells nothing of a ticket the caller could not open — its status nor its requester.
 */
async function originalOf(repo: ReturnType<typeof ticketRepository>, id: string, actor: Actor) {
  const original = await repo.find(id)
  return original && readable(original.ticket, actor) ? original : undefined
}

/**
 * 整改函 (002:340): the centre's letter to the ticket's handling unit, in one transaction with its outbox row and
 * audit entry. The centre's alone: anyone else who may see the ticket is told it is not theirs, others get the 404.
 */
export async function sendRectificationLetter(
  deps: CommandDeps,
  ticketId: string,
  actor: Actor,
  body: RectificationLetterBody,
): Promise<Result<TicketView>> {
  return actOnTicketPart(deps, ticketId, actor, 'rectification-letter', (ticket, ctx) =>
    actor.role === 'agent' ? issueRectificationLetter(ticket, body, ctx, uuidv7()) : notYours('rectification-letter'),
  )
}

/** 整改情况 (002:340): the letter's unit answers it once; the decision checks it is that unit's. */
export async function replyToRectificationLetter(
  deps: CommandDeps,
  ticketId: string,
  letterId: string,
  actor: Actor,
  body: RectificationReplyBody,
): Promise<Result<TicketView>> {
  return actOnTicketPart(deps, ticketId, actor, 'rectification-reply', (ticket, ctx) =>
    answerRectificationLetter(ticket, letterId, body, actor, ctx),
  )
}

/** 线索移交 (002:340): the centre's record of a case handed on; a business-line ticket only. */
export async function referCase(
  deps: CommandDeps,
  ticketId: string,
  actor: Actor,
  body: ReferTicketBody,
): Promise<Result<TicketView>> {
  return actOnTicketPart(deps, ticketId, actor, 'referral', (ticket, ctx) =>
    actor.role === 'agent' ? referTicket(ticket, body, ctx, uuidv7()) : notYours('referral'),
  )
}

/**
 * An act of its own route on a ticket (the 整改函, its answer, a referral), in one transaction with its outbox row and
 * audit entry (`hotline.ticket.<name>`). A ticket the caller may not see is the 404; `decide` refuses the rest.
 */
async function actOnTicketPart(
  deps: CommandDeps,
  ticketId: string,
  actor: Actor,
  name: string,
  decidePart: (ticket: Ticket, ctx: Context) => Result<Decision>,
): Promise<Result<TicketView>> {
  const command = { actor, action: `hotline.ticket.${name}`, object: `ticket:${ticketId}` }
  return deps.audited(command, async (tx): Promise<Result<TicketView>> => {
    const ctx = contextOf(deps)
    const repo = ticketRepository(tx)
    const stored = await repo.find(ticketId, true)
    if (!stored || !readable(stored.ticket, actor)) return notFound(ticketId)
    const decision = decidePart(stored.ticket, ctx)
    if (!decision.ok) return decision
    const { ticket, event } = decision.value
    await repo.save(ticket, lookOn(ticket))
    await deps.outbox.add(tx, ticketRow(event, ticket, actor.sub))
    return { ok: true, value: viewOf({ ticket, requester: stored.requester }, actor, ctx, deps.yellowAt) }
  })
}

export async function getTicket(deps: CommandDeps, ticketId: string, actor: Actor): Promise<Result<TicketView>> {
  return deps.transaction(async (tx): Promise<Result<TicketView>> => {
    const ctx = contextOf(deps)
    const stored = await ticketRepository(tx).find(ticketId)
    if (!stored || !readable(stored.ticket, actor)) return notFound(ticketId)
    return { ok: true, value: viewOf(stored, actor, ctx, deps.yellowAt) }
  })
}

/**
 * One pass of the tickets' timer (a `sweep`): a ticket with something due is taken `FOR UPDATE SKIP LOCKED` and
 * written with its events in one transaction — yellow and overdue alerts once per clock, a lapsed rating window
 * (未评价, closed), a lapsed duty statement (closed) — which is what keeps each to once across passes and replicas.
 */
export async function scanTicketsOnce(
  deps: CommandDeps,
  options: { yellowAt: number },
  skipped: (ticketId: string, error: unknown) => void,
): Promise<number> {
  const ctx = contextOf(deps)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => ticketRepository(tx).due(ctx.today, after, limit),
    read: (tx, id, lock) =>
      lock
        ? ticketRepository(tx).lockIfFree(id)
        : ticketRepository(tx)
            .find(id)
            .then((s) => s?.ticket),
    decide: (ticket: Ticket) => {
      // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
      const { alerts, lapse } = timerDecisions(ticket, { ...ctx, calendar: deps.calendar.current() }, options.yellowAt)
      const rows = [
        ...alerts.map(alertRow),
        ...(lapse ? [ticketRow(lapse.event, lapse.ticket, undefined, lapse.note)] : []),
      ]
      // A ticket whose events would fail their schema (a bad stored date) is skipped like one that cannot be evaluated.
      assertPublishable(rows)
      const last = lapse?.ticket ?? alerts.at(-1)?.ticket
      // Nothing due: the look day moves on when it was set too early, without an event.
      if (!last) return lookOn(ticket) === null ? { ticket, rows } : undefined
      return { ticket: last, rows }
    },
    write: async (tx, { ticket, rows }) => {
      await ticketRepository(tx).save(ticket, lookOn(ticket))
      if (rows.length > 0) await deps.outbox.add(tx, rows)
      return rows.length
    },
  })
}

/**
 * A published calendar, in the calendar consumer's transaction: every open ticket's running due dates are counted
 * again; a ticket whose dates moved is saved and told with one `ticket.due-moved`.
 */
export async function reprojectTickets(
  tx: Tx,
  change: CalendarChange,
  outbox: Outbox,
  yellowAt: number,
): Promise<void> {
  const repo = ticketRepository(tx)
  let after: string | undefined
  for (;;) {
    const ids = await repo.open(after, 500)
    for (const id of ids) {
      // A ticket that does not read is left as it was and named (`change.unreadable`); the others are counted again.
      const stored = await repo.find(id, true).catch((err) => leftOut(change, err))
      if (!stored) continue
      // So is one whose clocks cannot be counted (a start edited to the last days of 2099).
      const moved = countedOrLeftOut(change, 'hotline ticket', id, () => recount(stored.ticket, change.after, yellowAt))
      if (moved === undefined || moved === stored.ticket) continue
      const ticket = { ...moved, version: moved.version + 1, updatedAt: change.at.toISOString() }
      // And so is one whose event the outbox would refuse (the whole ticket, within a few KB of NATS's limit, grown
      // past it): `add`'s throw would end this transaction and the calendar with it, on every redelivery.
      const row = dueMovedRow(ticket, change.publication.notice)
      if (!toldOrLeftOut(change, 'hotline ticket', id, () => outbox.assertPublishable([row]))) continue
      await repo.save(ticket, lookOn(ticket))
      await outbox.add(tx, row)
    }
    if (ids.length < 500) return
    after = ids.at(-1)
  }
}

export type { Requester }

// ─── 知识库 — the knowledge base (docs/hotline.md#knowledge-base) ──────────────────────────────────────────────────

const knowledgeNotFound = (id: string): Result<never> => ({
  ok: false,
  error: { code: 'HOTLINE_KNOWLEDGE_NOT_FOUND', message: `No knowledge point ${id}.`, details: { id } },
})

const knowledgeView = (point: KnowledgePoint, today: string): KnowledgePointView => ({
  ...point,
  status: statusOn(point, today),
})

const knowledgeRow = (event: KnowledgeEvent, actor?: string): PendingEvent => {
  if (event.type === 'expiry-reminded')
    return {
      event: KnowledgePointExpiryRemindedV1,
      aggregateId: event.point.id,
      body: {
        point: event.point,
        department: event.point.department,
        remindOn: event.remindOn,
        expiresAfter: event.point.validTo,
      },
    }
  const definition = {
    created: KnowledgePointCreatedV1,
    revised: KnowledgePointRevisedV1,
    retired: KnowledgePointRetiredV1,
  }[event.type]
  return { event: definition, aggregateId: event.point.id, body: { point: event.point, ...(actor ? { actor } : {}) } }
}

/** Who reads the knowledge base, and which points: the agent and the supervisor the valid ones, a department its own. */
const knowledgeReader = (actor: Actor): Result<{ department?: string; validOnly: boolean }> => {
  if (actor.role === 'agent' || actor.role === 'supervisor') return { ok: true, value: { validOnly: true } }
  const department = managingDepartment(actor)
  return department.ok ? { ok: true, value: { department: department.value, validOnly: false } } : department
}

export async function listKnowledgePoints(
  deps: CommandDeps,
  actor: Actor,
  query: KnowledgeListQuery,
): Promise<Result<KnowledgeListResponse & { unreadable: UnreadableStoredRow[] }>> {
  const reader = knowledgeReader(actor)
  if (!reader.ok) return reader
  const today = legalDateOf(deps.clock.now())
  // A point that does not read as one is left out and named, as the feedback and notices lists do.
  const { rows, unreadable } = await deps.transaction((tx) =>
    knowledgeRepository(tx).list({
      department: reader.value.department ?? query.department,
      validOn: reader.value.validOnly ? today : undefined,
      kind: query.kind,
      text: query.q,
      limit: query.limit ?? 50,
    }),
  )
  return { ok: true, value: { today, points: rows.map((p) => knowledgeView(p, today)), unreadable } }
}

export async function getKnowledgePoint(
  deps: CommandDeps,
  actor: Actor,
  id: string,
): Promise<Result<KnowledgePointView>> {
  const reader = knowledgeReader(actor)
  if (!reader.ok) return reader
  const today = legalDateOf(deps.clock.now())
  const point = await deps.transaction((tx) => knowledgeRepository(tx).find(id))
  // A point the caller may not read answers as missing: an expired one is not offered to the agent.
  if (!point) return knowledgeNotFound(id)
  if (reader.value.department !== undefined && point.department !== reader.value.department)
    return knowledgeNotFound(id)
  if (reader.value.validOnly && statusOn(point, today) !== 'valid') return knowledgeNotFound(id)
  return { ok: true, value: knowledgeView(point, today) }
}

/** 新增 — one transaction: the row, its event and the audit entry. */
export async function createKnowledgePoint(
  deps: CommandDeps,
  actor: Actor,
  body: KnowledgeCreateBody,
): Promise<Result<KnowledgePointView>> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  const id = uuidv7()
  return deps.audited(
    { actor, action: 'hotline.knowledge.create', object: `knowledge-point:${id}` },
    async (tx): Promise<Result<KnowledgePointView>> => {
      const decision = decideCreate(actor, body, { id }, now, today)
      if (!decision.ok) return decision
      await knowledgeRepository(tx).insert(decision.value.point)
      await deps.outbox.add(tx, knowledgeRow(decision.value, actor.sub))
      return { ok: true, value: knowledgeView(decision.value.point, today) }
    },
  )
}

/** 修改 — the owning department's new content, at the version it read. */
export async function reviseKnowledgePoint(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  body: KnowledgeReviseBody,
): Promise<Result<KnowledgePointView>> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  const { version, ...content } = body
  return deps.audited(
    { actor, action: 'hotline.knowledge.revise', object: `knowledge-point:${id}` },
    async (tx): Promise<Result<KnowledgePointView>> => {
      const repo = knowledgeRepository(tx)
      const point = await repo.lock(id)
      if (!point) return knowledgeNotFound(id)
      const decision = decideRevise(actor, point, content, version, now, today)
      if (!decision.ok) return decision
      await repo.update(decision.value.point)
      await deps.outbox.add(tx, knowledgeRow(decision.value, actor.sub))
      return { ok: true, value: knowledgeView(decision.value.point, today) }
    },
  )
}

/** 下架 — the owning department withdraws its point. */
export async function retireKnowledgePoint(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  version: number,
): Promise<Result<KnowledgePointView>> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return deps.audited(
    { actor, action: 'hotline.knowledge.retire', object: `knowledge-point:${id}` },
    async (tx): Promise<Result<KnowledgePointView>> => {
      const repo = knowledgeRepository(tx)
      const point = await repo.lock(id)
      if (!point) return knowledgeNotFound(id)
      const decision = decideRetire(actor, point, version, now)
      if (!decision.ok) return decision
      await repo.update(decision.value.point)
      await deps.outbox.add(tx, knowledgeRow(decision.value, actor.sub))
      return { ok: true, value: knowledgeView(decision.value.point, today) }
    },
  )
}

/**
 * One pass of the expiry reminders: a point whose reminder day has come is taken `FOR UPDATE SKIP LOCKED` and
 * marked reminded for its `validTo` in the same transaction as its event — once across passes, restarts and replicas.
 * A point that does not read (its row off the schema) or whose event would fail its schema is skipped and told to
 * `skipped`: the pass goes on, and the timers chained behind it still run.
 */
export async function scanKnowledgeOnce(
  deps: CommandDeps,
  skipped: (id: string, error: unknown) => void,
): Promise<number> {
  const today = legalDateOf(deps.clock.now())
  // The reminder day is never more than a few weeks before the validity's end (the longest run of rest days is a
  // holiday week); 60 days ahead takes every point that may be due, and the calendar decides each.
  const horizon = addDays(today, 60)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => knowledgeRepository(tx).reminderCandidates(horizon, after, limit),
    read: (tx, id, lock) => (lock ? knowledgeRepository(tx).lockIfFree(id) : knowledgeRepository(tx).find(id)),
    // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
    decide: (point) => {
      const reminder = decideReminder(point, today, deps.calendar.current())
      if (!reminder) return undefined
      const row = knowledgeRow(reminder)
      // Checked before the write, where a failed check would fail the whole pass: this point is skipped instead.
      assertPublishable([row])
      return { point: reminder.point, row }
    },
    write: async (tx, { point, row }) => {
      await knowledgeRepository(tx).update(point)
      await deps.outbox.add(tx, row)
      return 1
    },
  })
}

/**
 * The point a consultation is answered from, in the registering transaction: locked so that a withdrawal cannot
 * slip between the check and the ticket's closure. Missing, another's view aside, or not valid today: refused.
 */
export async function citeKnowledgePoint(tx: Tx, id: string, today: string): Promise<Result<KnowledgePoint>> {
  const point = await knowledgeRepository(tx).lock(id)
  if (!point)
    return {
      ok: false,
      error: {
        code: 'HOTLINE_KNOWLEDGE_NOT_FOUND',
        message: `No knowledge point ${id}.`,
        details: { id, field: '/params/id' },
      },
    }
  return citable(point, today)
}

/**
 * 直接答复 — a consultation answered from a knowledge point (第十三条 (一), 004:1527), by the agent, in one
 * transaction: the point locked and checked valid today, the consultation registered exactly as `registerTickets`
 * registers one, and closed at once citing the point. `ticket.registered` and `ticket.closed` go out together; a point
 * that is not valid leaves nothing written but the audit entry.
 */
export async function answerFromKnowledge(
  deps: CommandDeps,
  actor: Actor,
  pointId: string,
  body: KnowledgeConsultationBody,
): Promise<Result<TicketView>> {
  const groupId = uuidv7()
  const ticketId = uuidv7()
  const command = { actor, action: 'hotline.knowledge.answer', object: `knowledge-point:${pointId}` }
  return deps.audited(command, async (tx): Promise<Result<TicketView>> => {
    const ctx = contextOf(deps)
    if (actor.role !== 'agent')
      return {
        ok: false,
        error: { code: 'HOTLINE_KNOWLEDGE_FORBIDDEN', message: 'Only the hotline agent answers a consultation.' },
      }
    const cited = await citeKnowledgePoint(tx, pointId, ctx.today)
    if (!cited.ok) return cited
    const decided = register({ ...body, type: 'consultation' }, actor, { groupId, ticketIds: [ticketId] }, ctx)
    if (!decided.ok) return decided
    const [registered] = decided.value
    if (!registered) throw new Error('registration gave no ticket')
    const closed = answeredFrom(registered.ticket, cited.value, ctx.at, ctx.today)
    await ticketRepository(tx).insert([{ ticket: closed, requester: registered.requester }], lookOn)
    await deps.outbox.add(tx, [
      ticketRow('registered', registered.ticket, actor.sub),
      ticketRow('closed', closed, actor.sub, 'answered from the knowledge base'),
    ])
    return { ok: true, value: viewOf({ ticket: closed, requester: registered.requester }, actor, ctx, deps.yellowAt) }
  })
}

// ─── 知识点反馈 — the centre's feedback on knowledge points (seeds 004:1680–1682) ──────────────────────────────────

const feedbackNotFound = (id: string): Result<never> => ({
  ok: false,
  error: { code: 'HOTLINE_FEEDBACK_NOT_FOUND', message: `No knowledge-point feedback ${id}.`, details: { id } },
})

const feedbackView = (feedback: Feedback, today: string): KnowledgeFeedbackView => ({
  ...feedback,
  overdue: isOverdue(feedback, today),
})

const feedbackRow = (event: FeedbackEvent, actor?: string): PendingEvent => ({
  event: {
    raised: KnowledgeFeedbackRaisedV1,
    answered: KnowledgeFeedbackAnsweredV1,
    overdue: KnowledgeFeedbackOverdueV1,
    'due-moved': KnowledgeFeedbackDueMovedV1,
  }[event.type],
  aggregateId: event.feedback.id,
  body: { feedback: event.feedback, ...(actor ? { actor } : {}) },
})

const feedbackContext = (deps: CommandDeps) => {
  const now = deps.clock.now()
  return { at: now.toISOString(), today: legalDateOf(now), calendar: deps.calendar.current() }
}

/** 发起知识点反馈 — the agent, in one transaction: the row, its event and the audit entry. */
export async function raiseKnowledgeFeedback(
  deps: CommandDeps,
  actor: Actor,
  body: KnowledgeFeedbackBody,
): Promise<Result<KnowledgeFeedbackView>> {
  const id = uuidv7()
  return deps.audited(
    { actor, action: 'hotline.knowledge.feedback', object: `knowledge-feedback:${id}` },
    async (tx): Promise<Result<KnowledgeFeedbackView>> => {
      const ctx = feedbackContext(deps)
      const point = body.pointId === undefined ? undefined : await knowledgeRepository(tx).find(body.pointId)
      const decision = decideRaise(actor, body, point, { id }, ctx)
      if (!decision.ok) return decision
      await feedbackRepository(tx).insert(decision.value.feedback)
      await deps.outbox.add(tx, feedbackRow(decision.value, actor.sub))
      return { ok: true, value: feedbackView(decision.value.feedback, ctx.today) }
    },
  )
}

/** The department's answer: the feedback locked, the point it names read in the same transaction. */
export async function answerKnowledgeFeedback(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  body: KnowledgeFeedbackAnswerBody,
): Promise<Result<KnowledgeFeedbackView>> {
  const ctx = feedbackContext(deps)
  return deps.audited(
    { actor, action: 'hotline.knowledge.feedback-answer', object: `knowledge-feedback:${id}` },
    async (tx): Promise<Result<KnowledgeFeedbackView>> => {
      const repo = feedbackRepository(tx)
      const feedback = await repo.find(id, true)
      if (!feedback) return feedbackNotFound(id)
      const pointId = body.action === 'added' ? body.pointId : feedback.point?.id
      const point = pointId === undefined ? undefined : await knowledgeRepository(tx).find(pointId)
      const decision = decideAnswer(actor, feedback, body, point, ctx)
      if (!decision.ok) return decision
      await repo.update(decision.value.feedback)
      await deps.outbox.add(tx, feedbackRow(decision.value, actor.sub))
      return { ok: true, value: feedbackView(decision.value.feedback, ctx.today) }
    },
  )
}

/** The agent and the supervisor read every department's feedback; a reviewer or lead its own. */
export async function listKnowledgeFeedback(
  deps: CommandDeps,
  actor: Actor,
  query: KnowledgeFeedbackListQuery,
): Promise<Result<KnowledgeFeedbackListResponse & { unreadable: UnreadableStoredRow[] }>> {
  const reader = knowledgeReader(actor)
  if (!reader.ok) return reader
  const today = legalDateOf(deps.clock.now())
  const { rows, unreadable } = await deps.transaction((tx) =>
    feedbackRepository(tx).list({
      department: reader.value.department,
      status: query.status,
      limit: query.limit ?? 50,
    }),
  )
  return { ok: true, value: { today, feedback: rows.map((f) => feedbackView(f, today)), unreadable } }
}

/**
 * One pass of the feedback timer: an open feedback past its due day is taken `FOR UPDATE SKIP LOCKED` and recorded
 * overdue in the same transaction as its event — once across passes, restarts and replicas.
 */
export async function scanFeedbackOnce(
  deps: CommandDeps,
  skipped: (id: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = feedbackContext(deps)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => feedbackRepository(tx).overdueCandidates(today, after, limit),
    read: (tx, id, lock) => (lock ? feedbackRepository(tx).lockIfFree(id) : feedbackRepository(tx).find(id)),
    decide: (feedback) => decideOverdue(feedback, today, at),
    write: async (tx, event) => {
      await feedbackRepository(tx).update(event.feedback)
      await deps.outbox.add(tx, feedbackRow(event))
      return 1
    },
  })
}

/**
 * A published calendar, in the calendar consumer's transaction: an open feedback whose due day it moves is saved and
 * told with one `knowledge-feedback.due-moved` (the notifier tells the department its new day) — each row locked and
 * recounted as `reprojectTickets` does, so an answer given meanwhile is never written over.
 */
export async function reprojectFeedback(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = feedbackRepository(tx)
  let after: string | undefined
  for (;;) {
    const ids = await repo.openIds(after, 500)
    for (const id of ids) {
      const feedback = await repo.find(id, true).catch((err) => leftOut(change, err))
      if (feedback === undefined) continue
      const moved = countedOrLeftOut(change, 'knowledge feedback', id, () =>
        decideDueMoved(feedback, change.after, { at: change.at.toISOString(), notice: change.publication.notice }),
      )
      if (!moved) continue
      await repo.update(moved.feedback)
      await outbox.add(tx, feedbackRow(moved))
    }
    if (ids.length < 500) return
    after = ids.at(-1)
  }
}

// ─── 变动通报 and 故障通报 — the units' notices to the centre (seeds 004:1684–1694) ───────────────────────────────

const changeRow = (event: ChangeEvent, actor: string): PendingEvent => ({
  event: event.type === 'filed' ? ChangeNoticeFiledV1 : ChangeNoticeAcknowledgedV1,
  aggregateId: event.notice.id,
  body: { notice: event.notice, actor },
})

const outageRow = (event: OutageEvent, actor?: string): PendingEvent =>
  event.type === 'overdue'
    ? { event: OutageNoticeOverdueV1, aggregateId: event.notice.id, body: { notice: event.notice, clock: event.clock } }
    : {
        event: { reported: OutageNoticeReportedV1, updated: OutageNoticeUpdatedV1, recovered: OutageNoticeRecoveredV1 }[
          event.type
        ],
        aggregateId: event.notice.id,
        body: { notice: event.notice, ...(actor ? { actor } : {}) },
      }

const outageView = (notice: OutageNotice, today: string): OutageNoticeView => ({
  ...notice,
  overdue: outageOverdueOn(notice, today),
})

const noticeContext = (deps: CommandDeps) => {
  const now = deps.clock.now()
  return { at: now.toISOString(), today: legalDateOf(now) }
}

/** 变动通报 — a department's reviewer or lead, in one transaction: the row, its event and the audit entry. */
export async function fileChangeNotice(
  deps: CommandDeps,
  actor: Actor,
  body: ChangeNoticeBody,
): Promise<Result<ChangeNotice>> {
  const ctx = noticeContext(deps)
  const id = uuidv7()
  return deps.audited(
    { actor, action: 'hotline.notice.change', object: `change-notice:${id}` },
    async (tx): Promise<Result<ChangeNotice>> => {
      const decision = decideFileChange(actor, body, { id }, ctx)
      if (!decision.ok) return decision
      await noticeRepository(tx).saveChange(decision.value.notice)
      await deps.outbox.add(tx, changeRow(decision.value, actor.sub))
      return { ok: true, value: decision.value.notice }
    },
  )
}

/** The centre acknowledges a change notice. */
export async function acknowledgeChangeNotice(
  deps: CommandDeps,
  actor: Actor,
  id: string,
): Promise<Result<ChangeNotice>> {
  const ctx = noticeContext(deps)
  return deps.audited(
    { actor, action: 'hotline.notice.acknowledge', object: `change-notice:${id}` },
    async (tx): Promise<Result<ChangeNotice>> => {
      const repo = noticeRepository(tx)
      const notice = await repo.findChange(id, true)
      if (!notice) return noticeNotFound(id)
      const decision = decideAcknowledge(actor, notice, ctx)
      if (!decision.ok) return decision
      await repo.saveChange(decision.value.notice)
      await deps.outbox.add(tx, changeRow(decision.value, actor.sub))
      return { ok: true, value: decision.value.notice }
    },
  )
}

/** 故障通报 — a department's reviewer or lead reports an outage; its script clock starts. */
export async function reportOutage(
  deps: CommandDeps,
  actor: Actor,
  body: OutageNoticeBody,
): Promise<Result<OutageNoticeView>> {
  const ctx = noticeContext(deps)
  const id = uuidv7()
  return deps.audited(
    { actor, action: 'hotline.notice.outage', object: `outage-notice:${id}` },
    async (tx): Promise<Result<OutageNoticeView>> => {
      const decision = decideReport(actor, body, { id }, ctx)
      if (!decision.ok) return decision
      await noticeRepository(tx).saveOutage(decision.value.notice)
      await deps.outbox.add(tx, outageRow(decision.value, actor.sub))
      return { ok: true, value: outageView(decision.value.notice, ctx.today) }
    },
  )
}

/** The reporting department's script, progress note or recovery, on its own outage. */
export async function actOnOutage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  body: OutageActionBody,
): Promise<Result<OutageNoticeView>> {
  const ctx = noticeContext(deps)
  return deps.audited(
    { actor, action: `hotline.notice.outage-${body.action}`, object: `outage-notice:${id}` },
    async (tx): Promise<Result<OutageNoticeView>> => {
      const repo = noticeRepository(tx)
      const notice = await repo.findOutage(id, true)
      if (!notice) return noticeNotFound(id)
      const decision =
        body.action === 'recover'
          ? decideRecover(actor, notice, body.recoveredAt, ctx)
          : decideUpdate(actor, notice, { kind: body.action, text: body.text }, ctx)
      if (!decision.ok) return decision
      await repo.saveOutage(decision.value.notice)
      await deps.outbox.add(tx, outageRow(decision.value, actor.sub))
      return { ok: true, value: outageView(decision.value.notice, ctx.today) }
    },
  )
}

/** The agent reads every department's notices, a reviewer or lead its own; anyone else is refused. */
export async function listNotices(
  deps: CommandDeps,
  actor: Actor,
  query: NoticeListQuery,
): Promise<Result<NoticeListResponse & { unreadable: UnreadableStoredRow[] }>> {
  let department: string | undefined
  if (actor.role !== 'agent') {
    const own = filingDepartment(actor)
    if (!own.ok) return own
    department = own.value
  }
  const { today } = noticeContext(deps)
  const limit = query.limit ?? NOTICE_LIST_MAX
  const from = query.cursor === undefined ? undefined : noticeCursorKey(query.cursor)
  const wants = (kind: Kind) => from === undefined || from.kind === kind
  return deps.transaction(async (tx): Promise<Result<NoticeListResponse & { unreadable: UnreadableStoredRow[] }>> => {
    const repo = noticeRepository(tx)
    const none = { rows: [], unreadable: [], more: false, last: undefined }
    const changes = wants('change') ? await repo.changes(department, from?.key, limit) : none
    const outages = wants('outage') ? await repo.outages(department, from?.key, limit) : none
    const next = (kind: Kind, page: NoticePage<unknown>) =>
      page.more && page.last ? noticeCursor(kind, page.last) : undefined
    const nextChanges = next('change', changes)
    const nextOutages = next('outage', outages)
    return {
      ok: true,
      value: {
        today,
        changes: changes.rows,
        outages: outages.rows.map((n) => outageView(n, today)),
        next: { ...(nextChanges ? { changes: nextChanges } : {}), ...(nextOutages ? { outages: nextOutages } : {}) },
        unreadable: [...changes.unreadable, ...outages.unreadable],
      },
    }
  })
}

/** Where a page of one kind of notice ends, as the next page's cursor (`NoticeCursor`). */
const noticeCursor = (kind: Kind, key: NoticeKey) => `${kind}~${key.open ? 1 : 0}~${key.createdAt}~${key.id}`

/**
 * The kind and keyset a cursor names. The schema checks its shape only: a key text of that shape for no instant the
 * column holds (month 13, 30 February, past 294276) would fail its cast in SQL, a 500: it is refused here, the 400
 * a malformed query field gets.
 */
function noticeCursorKey(cursor: string): { kind: Kind; key: NoticeKey } {
  const [kind, open, createdAt = '', id = ''] = cursor.split('~')
  if (!isInstantKey(createdAt)) {
    throw validationFailed('querystring', [
      { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass next as it came)' },
    ])
  }
  return { kind: kind === 'outage' ? 'outage' : 'change', key: { open: open === '1', createdAt, id } }
}

/**
 * One pass of the outage timer (a `sweep`): an outage whose look day has come is taken `FOR UPDATE SKIP LOCKED` and
 * each clock past its due day unmet is recorded overdue in the same transaction as its event — once across passes,
 * restarts and replicas. Nothing due: the look day is moved on without an event.
 */
export async function scanOutagesOnce(
  deps: CommandDeps,
  skipped: (id: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = noticeContext(deps)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => noticeRepository(tx).due(today, after, limit),
    read: (tx, id, lock) => (lock ? noticeRepository(tx).lockIfFree(id) : noticeRepository(tx).findOutage(id)),
    decide: (notice) => {
      const events = decideOutageOverdue(notice, today, at)
      return { notice: events.at(-1)?.notice ?? notice, rows: events.map((e) => outageRow(e)) }
    },
    write: async (tx, { notice, rows }) => {
      await noticeRepository(tx).saveOutage(notice)
      if (rows.length > 0) await deps.outbox.add(tx, rows)
      return rows.length
    },
  })
}
