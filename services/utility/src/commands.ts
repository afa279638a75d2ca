import {
  type Actor,
  type CancelJointSurveyBody,
  type ConfirmJointSurveyBody,
  type DepartmentPermitDecisionBody,
  type ProposeJointSurveyBody,
  type RestorationReviewBody,
  type UtilityActionBody,
  UtilityDueMovedV1,
} from '@onewindow/contracts'
import type { StoredRows } from '@onewindow/db'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  type Outbox,
  reprojectOpenClocks,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { legalDateOf } from '@onewindow/workdays'
import {
  type CatalogueFor,
  governmentDepartmentOf,
  permitDepartmentOf,
  permitsLimitOf,
  permitsListedOf,
  pushTargetOf,
} from './catalogue.js'
import { requestRepository, type Tx } from './db/requests.js'
import {
  cancelJointSurvey,
  confirmJointSurvey,
  type DecidingReviewer,
  decide,
  decideAsDepartment,
  type JointSurveyCancellation,
  type JointSurveyConfirmed,
  type JointSurveyProposal,
  proposeJointSurvey,
  raisePermitsClockAlerts,
  reviewRestoration,
  type UtilityRequest,
} from './domain/request.js'
import {
  advancedRow,
  connectedRow,
  jointSurveyCancelledRow,
  jointSurveyConfirmedRow,
  jointSurveyRow,
  permitsClockRow,
  restorationDeclaredRow,
  restorationReviewedRow,
  worksPlanPushedRow,
} from './events.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  catalogueFor: CatalogueFor
  /** The calendar the permits clock's due day is computed with when the clock changes (`permitsDueOn`). */
  calendar: CalendarSource
}

const notFound = (requestId: string): Result<never> => ({
  ok: false,
  error: { code: 'UTILITY_REQUEST_NOT_FOUND', message: `No utility request ${requestId}.`, details: { requestId } },
})

/** Only the provider's own staff act on its request; anyone else is told no more than that. */
const notYours = (): Result<never> => ({
  ok: false,
  error: { code: 'UTILITY_NOT_YOUR_REQUEST', message: 'Only staff of the request’s provider may act on it.' },
})

/**
 * The request under its project's lock, re-read locked, and the caller as `admit` admits it on what the unlocked read
 * shows (the provider's own staff, or a department's reviewer, narrowed to what the command needs of it): the one way
 * every command on one request takes it.
 */
async function lockedRequest<A>(
  repo: ReturnType<typeof requestRepository>,
  requestId: string,
  admit: (peek: UtilityRequest) => A | undefined,
): Promise<Result<{ request: UtilityRequest; as: A }>> {
  const peek = await repo.find(requestId)
  if (!peek) return notFound(requestId)
  const as = admit(peek)
  if (as === undefined) return notYours()
  await repo.lockProject(peek.projectId)
  const request = await repo.find(requestId, true)
  return request ? { ok: true, value: { request, as } } : notFound(requestId)
}

/** A provider's staff act on its own requests only. */
const providerOf = (actor: Actor) => (r: UtilityRequest) =>
  actor.role === 'utility' && actor.provider === r.provider ? actor : undefined
/** A department's reviewer, with its department; which of the request's permits or reviews is its own the domain decides. */
const departmentReviewer = (actor: Actor) => (): DecidingReviewer | undefined =>
  actor.role === 'reviewer' && actor.department ? { sub: actor.sub, department: actor.department } : undefined

/** What every save of a request counts its permits clock's due day with: the service's today and calendar. */
const clockOf = (deps: CommandDeps, now: Date) => ({ today: legalDateOf(now), calendar: deps.calendar.current() })

/**
 * One provider action, in one transaction: request row, outbox rows and its audit entry together; a refused action
 * writes its audit entry only.
 */
export async function actOnRequest(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: UtilityActionBody,
): Promise<Result<UtilityRequest>> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const today = legalDateOf(now)
  const command = { actor, action: `utility.request.${body.action}`, object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<UtilityRequest>> => {
    const repo = requestRepository(tx)
    const locked = await lockedRequest(repo, requestId, providerOf(actor))
    if (!locked.ok) return locked
    const { request } = locked.value
    const project = await repo.findProject(request.projectId)
    const catalogue = project ? await deps.catalogueFor(tx, project.region, project.catalogueVersion) : undefined
    const permits = permitsLimitOf(catalogue)
    const pushTo = pushTargetOf(catalogue)
    const calendar = deps.calendar.current()
    const decision = decide(request, body, {
      at,
      today,
      acceptancePassed: await repo.acceptancePassed(request.projectId),
      ...(permits ? { permitsLimit: permits.limit, permitsLimitSource: permits.source } : {}),
      ...(catalogue ? { departmentOf: governmentDepartmentOf(catalogue) } : {}),
      ...(pushTo ? { pushTo } : {}),
      ...(catalogue
        ? { permitDepartmentOf: permitDepartmentOf(catalogue), permitsListed: permitsListedOf(catalogue) }
        : {}),
      calendar,
    })
    if (!decision.ok) return decision
    const { connected, note, event, permitsApplied } = decision.value
    const [next = decision.value.request] = await repo.save([decision.value.request], { today, calendar })
    const told = connected
      ? connectedRow(next, actor.sub, note)
      : event === 'works-plan-pushed'
        ? worksPlanPushedRow(next, actor.sub, note)
        : event === 'restoration-declared'
          ? restorationDeclaredRow(next, actor.sub, note)
          : advancedRow(next, actor.sub, note, {
              applied: permitsApplied,
              // 容缺后补 moves no step: the event says so, whatever stage the request is at.
              deficiency:
                body.action === 'permit-materials-supplied' ? { kind: body.kind, act: 'supplied' } : undefined,
            })
    await deps.outbox.add(tx, told)
    return { ok: true, value: next }
  })
}

/**
 * 并联审批 — a reviewer of the department a permit was applied to grants or refuses it, in one transaction: the
 * request row, its `advanced` event (the same event a provider's recording publishes: one decision, one event, so the
 * provider's list, the owner's status and the notifier read it as they read any) and the audit entry; a refusal
 * writes its audit entry only. A caller who is no department's reviewer is told the request is not theirs.
 */
export async function decidePermitOf(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: DepartmentPermitDecisionBody,
): Promise<Result<UtilityRequest>> {
  const now = deps.clock.now()
  const ctx = { at: now.toISOString(), today: legalDateOf(now) }
  const command = { actor, action: `utility.permit.${body.outcome}`, object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<UtilityRequest>> => {
    const repo = requestRepository(tx)
    const locked = await lockedRequest(repo, requestId, departmentReviewer(actor))
    if (!locked.ok) return locked
    const { request, as: reviewer } = locked.value
    const project = await repo.findProject(request.projectId)
    const catalogue = project ? await deps.catalogueFor(tx, project.region, project.catalogueVersion) : undefined
    const permitsLimitSource = permitsLimitOf(catalogue)?.source
    const calendar = deps.calendar.current()
    const decided = decideAsDepartment(request, body, reviewer, {
      ...ctx,
      calendar,
      ...(permitsLimitSource ? { permitsLimitSource } : {}),
    })
    if (!decided.ok) return decided
    const [saved = decided.value] = await repo.save([decided.value], { today: ctx.today, calendar })
    const permit = saved.permits.find((p) => p.kind === body.kind)
    const by = permit?.departmentName ?? reviewer.department
    if (body.outcome === 'accepted') {
      // 容缺受理 decides nothing yet: the permit stays with its department, so the event names no permit decided.
      const missing = permit?.deficiencies?.map((d) => d.name).join('、')
      const note = `${body.kind} permit accepted by ${by} with materials missing (容缺受理): ${missing}`
      await deps.outbox.add(
        tx,
        advancedRow(saved, actor.sub, note, { decided: [], deficiency: { kind: body.kind, act: 'accepted' } }),
      )
      return { ok: true, value: saved }
    }
    const note = `${body.kind} permit ${body.outcome} by ${by}`
    // `permitsDecided`: this event is the decision's own — every later one of the request shows the permit decided too.
    await deps.outbox.add(tx, advancedRow(saved, actor.sub, note, { decided: [body.kind] }))
    return { ok: true, value: saved }
  })
}

/**
 * 修复验收 — a reviewer of a department the request's plans were pushed to accepts the declared restoration or sends
 * it back, in one transaction: the request row, its event and the audit entry (a refusal writes its audit entry only).
 * Anyone else — another department, a provider, the owner — is told the request is not theirs.
 */
export async function reviewRestorationOf(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: RestorationReviewBody,
): Promise<Result<UtilityRequest>> {
  const now = deps.clock.now()
  const command = { actor, action: 'utility.restoration.reviewed', object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<UtilityRequest>> => {
    const repo = requestRepository(tx)
    const locked = await lockedRequest(repo, requestId, departmentReviewer(actor))
    if (!locked.ok) return locked
    const { request, as: reviewer } = locked.value
    const pushed = request.worksPlanPush?.departments.find((d) => d.code === reviewer.department)
    const reviewed = reviewRestoration(
      request,
      body,
      { ...reviewer, ...(pushed?.name ? { departmentName: pushed.name } : {}) },
      now.toISOString(),
    )
    if (!reviewed.ok) return reviewed
    const [saved = reviewed.value] = await repo.save([reviewed.value], clockOf(deps, now))
    await deps.outbox.add(tx, restorationReviewedRow(saved, actor.sub))
    return { ok: true, value: saved }
  })
}

/**
 * 联合踏勘 — the provider of `requestId` proposes its project's one joint site survey, in one transaction: the
 * appointment, every request of the project at survey carrying it, one event and the audit entry. The project's lock
 * keeps two proposals, or a proposal and requests opening, from passing each other.
 */
export async function proposeJointSurveyOf(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: ProposeJointSurveyBody,
): Promise<Result<JointSurveyProposal>> {
  const now = deps.clock.now()
  const ctx = { at: now.toISOString(), today: legalDateOf(now) }
  const command = { actor, action: 'utility.joint-survey.proposed', object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<JointSurveyProposal>> => {
    const repo = requestRepository(tx)
    const own = await ownRequestAtSurvey(repo, requestId, actor)
    if (!own.ok) return own
    const { request, atSurvey } = own.value
    const proposal = proposeJointSurvey(request, atSurvey, await repo.findJointSurvey(request.projectId), body, ctx)
    if (!proposal.ok) return proposal
    await repo.saveJointSurvey(request.projectId, proposal.value.jointSurvey, ctx.at)
    const value = { ...proposal.value, requests: await repo.save(proposal.value.requests, clockOf(deps, now)) }
    await deps.outbox.add(tx, jointSurveyRow(request.projectId, value, actor.sub))
    return { ok: true, value }
  })
}

/**
 * Its proposer cancels the project's joint survey, in one transaction: the appointment gone, every request that
 * carried it without it, one event and the audit entry (a refusal writes its audit entry only), under the project's
 * lock as a proposal is.
 */
export async function cancelJointSurveyOf(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: CancelJointSurveyBody,
): Promise<Result<JointSurveyCancellation>> {
  const now = deps.clock.now()
  const ctx = { at: now.toISOString(), today: legalDateOf(now) }
  const command = { actor, action: 'utility.joint-survey.cancelled', object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<JointSurveyCancellation>> => {
    const repo = requestRepository(tx)
    const own = await ownRequestAtSurvey(repo, requestId, actor)
    if (!own.ok) return own
    const { request, atSurvey } = own.value
    const cancelled = cancelJointSurvey(request, atSurvey, await repo.findJointSurvey(request.projectId), body, ctx)
    if (!cancelled.ok) return cancelled
    await repo.deleteJointSurvey(request.projectId)
    const value = { ...cancelled.value, requests: await repo.save(cancelled.value.requests, clockOf(deps, now)) }
    await deps.outbox.add(tx, jointSurveyCancelledRow(request.projectId, value, actor.sub, ctx.at))
    return { ok: true, value }
  })
}

/**
 * Another provider confirms it will attend, in one transaction: the appointment with the confirmation, every request
 * carrying it, one event and the audit entry; a confirmation given already writes nothing but its audit entry.
 */
export async function confirmJointSurveyOf(
  deps: CommandDeps,
  requestId: string,
  actor: Actor,
  body: ConfirmJointSurveyBody,
): Promise<Result<JointSurveyConfirmed>> {
  const now = deps.clock.now()
  const ctx = { at: now.toISOString(), today: legalDateOf(now) }
  const command = { actor, action: 'utility.joint-survey.confirmed', object: `utility-request:${requestId}` }
  return deps.audited(command, async (tx): Promise<Result<JointSurveyConfirmed>> => {
    const repo = requestRepository(tx)
    const own = await ownRequestAtSurvey(repo, requestId, actor)
    if (!own.ok) return own
    const { request, atSurvey } = own.value
    const confirmed = confirmJointSurvey(request, atSurvey, await repo.findJointSurvey(request.projectId), body, ctx)
    if (!confirmed.ok || !confirmed.value.confirmation) return confirmed
    await repo.saveJointSurvey(request.projectId, confirmed.value.jointSurvey, ctx.at)
    const value = { ...confirmed.value, requests: await repo.save(confirmed.value.requests, clockOf(deps, now)) }
    await deps.outbox.add(tx, jointSurveyConfirmedRow(request.projectId, value, actor.sub))
    return { ok: true, value }
  })
}

/**
 * The caller's own request and its project's requests at survey, under the project's lock and each row's: what every
 * joint-survey command decides on. Another provider's request is refused as for any action on it.
 */
async function ownRequestAtSurvey(
  repo: ReturnType<typeof requestRepository>,
  requestId: string,
  actor: Actor,
): Promise<Result<{ request: UtilityRequest; atSurvey: UtilityRequest[] }>> {
  const peek = await repo.find(requestId)
  if (!peek) return notFound(requestId)
  if (!providerOf(actor)(peek)) return notYours()
  await repo.lockProject(peek.projectId)
  const atSurvey = await repo.lockAtStage(peek.projectId, 'survey')
  const request = atSurvey.find((r) => r.requestId === requestId) ?? (await repo.find(requestId))
  if (!request) return notFound(requestId)
  return { ok: true, value: { request, atSurvey } }
}

/**
 * One pass of the permits-clock alerts: a request waiting on its permits with an alert due is taken `FOR UPDATE SKIP LOCKED` and
 * marked in the same transaction as its events, which is what keeps each alert to once across passes, restarts and
 * replicas.
 */
export async function scanRequestsOnce(
  deps: CommandDeps,
  clocks: { calendar: CalendarSource; yellowAt: number },
  skipped: (requestId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const ctx = { at: now.toISOString(), today: legalDateOf(now) }
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => requestRepository(tx).awaitingPermits(after, limit),
    read: (tx, id, lock) => (lock ? requestRepository(tx).lockIfFree(id) : requestRepository(tx).find(id)),
    decide: (request) => {
      // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
      const calendar = clocks.calendar.current()
      const alerts = raisePermitsClockAlerts(request, ctx, { calendar, yellowAt: clocks.yellowAt })
      // A request whose events would fail their schema (a bad stored date) is skipped like one that cannot be evaluated.
      assertPublishable(alerts.map(permitsClockRow))
      return alerts.length > 0 ? { alerts, calendar } : undefined
    },
    write: async (tx, { alerts, calendar }) => {
      const repo = requestRepository(tx)
      // Each alert is a version of its own (预警 and 超时 found on one pass, one after the other): each is saved as it
      // is published, so every snapshot an event carries is one the service stored, with its due day.
      const told = []
      for (const a of alerts) {
        const [saved = a.request] = await repo.save([a.request], { today: ctx.today, calendar })
        told.push(permitsClockRow({ ...a, request: saved }))
      }
      await deps.outbox.add(tx, told)
      return alerts.length
    },
  })
}

export async function getRequest(deps: CommandDeps, requestId: string): Promise<Result<UtilityRequest>> {
  return deps.transaction(async (tx): Promise<Result<UtilityRequest>> => {
    const request = await requestRepository(tx).find(requestId)
    return request ? { ok: true, value: request } : notFound(requestId)
  })
}

export async function listRequests(
  deps: CommandDeps,
  filter: { provider?: string | undefined; projectId?: string | undefined },
): Promise<StoredRows<UtilityRequest>> {
  return deps.transaction((tx) => requestRepository(tx).list(filter))
}

/**
 * A published calendar, in the calendar consumer's transaction: every request still waiting on its outside-line
 * permits has its permits clock re-projected; each moved due date is one `clock.due-moved` for the project's timeline,
 * and the request keeps its new `permitsDueOn` (the order of a department's 外线审批 list) in its state, with no new
 * version, as approval keeps a task's moved due day: the gateway sets the same day on its row from the `due-moved`
 * event, and the request's next snapshot carries it too.
 */
export async function reprojectRequests(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = requestRepository(tx)
  // Read without a row lock, and saved whole below: this runs in the transaction that stored the publication, which
  // holds the calendar lock alone (`storeCalendarEntry`), and every command of this service begins by taking it
  // shared (`calendarGuard`) — so no command's write can commit between this read and the save.
  const read = new Map<string, UtilityRequest>()
  const moved = await reprojectOpenClocks(tx, change, outbox, {
    event: UtilityDueMovedV1,
    ids: (after, limit) => repo.awaitingPermits(after, limit),
    read: async (id) => {
      const r = await repo.find(id)
      if (r) read.set(r.requestId, r)
      return r
    },
    clocksOf: (r: UtilityRequest) =>
      r.permitsClock && r.permitsDoneAt === undefined
        ? [
            {
              projectId: r.projectId,
              subject: `utility-request:${r.requestId}`,
              clock: 'permits',
              // The gateway sets the moved day on its row only if it holds no newer version of the request.
              subjectVersion: r.version,
              spec: r.permitsClock,
            },
          ]
        : [],
  })
  // Saved with the new calendar, which gives each its moved `permitsDueOn` (a suspended clock's stays absent).
  const kept = moved.flatMap((m) => read.get(m.open.subject.slice('utility-request:'.length)) ?? [])
  await repo.save(kept, { today: change.today, calendar: change.after })
}
