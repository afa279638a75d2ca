import type { ProjectType } from '@onewindow/catalogue'
import type {
  CancelJointSurveyBody,
  ConfirmJointSurveyBody,
  DepartmentPermitDecisionBody,
  JointSurveyConfirmation as JointSurveyConfirmationSchema,
  JointSurvey as JointSurveySchema,
  ProposeJointSurveyBody,
  RestorationReviewBody,
  UtilityActionBody,
  UtilityHookupNeed,
  UtilityRequestSnapshot,
} from '@onewindow/contracts'
import { MAX_RESTORATION_REVIEWS } from '@onewindow/contracts'
import { type DomainDetails, type Limit, type Result, refuse } from '@onewindow/vocabulary'
import { type AlertKind, addDays, alertsDue, type Calendar, evaluateClock, legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { isLowRisk, type Line, type Provider, permitsExemptionOf } from './low-risk.js'

/** 报装 — one provider's hookup request, exactly as its events carry it. */
export type UtilityRequest = Static<typeof UtilityRequestSnapshot>
export type Stage = UtilityRequest['stage']
export type Permit = UtilityRequest['permits'][number]
export type PermitKind = Permit['kind']
/** 联合踏勘 — the project's one joint site survey appointment. */
export type JointSurvey = Static<typeof JointSurveySchema>
/** Another provider's word, through one of its requests, that it will attend the joint survey. */
export type JointSurveyConfirmation = Static<typeof JointSurveyConfirmationSchema>
export type WorksPlanPush = NonNullable<UtilityRequest['worksPlanPush']>
export type Restoration = NonNullable<UtilityRequest['restoration']>

/** The department a permit is applied to (并联审批), by its catalogue code and its name there. */
export type PermitDepartment = { code: string; name: string }

/** Where a low-risk line's plans go: the departments the region's catalogue names, with their names, and its source. */
export type PushTarget = Pick<WorksPlanPush, 'departments' | 'source'>

/**
 * By default an outside line digs up a road; it needs the green-space permit only when it occupies green space, and
 * 占道施工交通组织方案审核 (公安's review of the traffic plan for works on a road, 004:1846) where the region's
 * outside-line permits step lists that review (`reviewed`, from its catalogue: Foshan and Shanwei do, Qinzhou does
 * not) — with no catalogue, none.
 */
export function permitsNeeded(line: Line, reviewed: ReadonlyArray<PermitKind> = []): PermitKind[] {
  return [
    'road-excavation',
    ...((line.greenSpaceM2 ?? 0) > 0 ? (['green-space'] as const) : []),
    ...(reviewed.includes('traffic-organisation') ? (['traffic-organisation'] as const) : []),
  ]
}

export type OpenInput = {
  applicationId: string
  projectId: string
  utilities: ReadonlyArray<Static<typeof UtilityHookupNeed>>
  /** The region's low-risk outside-line type (`LOW_RISK_TYPE`); none, no exemption. */
  lowRisk?: ProjectType
  /** The project's own type in its catalogue: its `outsideLinePermitsExempt` frees lines of any measure. */
  projectType?: ProjectType
  /** The region's catalogue names departments a low-risk line's works plan is pushed to (`worksPlanPush`). */
  pushesWorksPlan?: boolean
  /** The project's joint survey, if one was proposed: a request opened at survey before its day joins it. */
  jointSurvey?: JointSurvey
  /** 建设单位, as the project's registration named it. */
  owner?: UtilityRequest['owner']
  /** 申请联系人/联系电话 of the application, as the window desk recorded them. */
  applicationContact?: UtilityRequest['applicationContact']
}

/**
 * 主动服务 — one request per provider named in the form, opened by the platform itself at survey; the owner files
 * nothing. A provider named twice opens one request (its first line). A line needs no permit (`lowRisk`) when the
 * project's type exempts its utility's outside lines (`permitsExemption`, whatever its measures) or it is under the
 * region's low-risk thresholds.
 */
export function openRequests(input: OpenInput, ids: readonly string[], at: string): UtilityRequest[] {
  const seen = new Set<Provider>()
  const requests: UtilityRequest[] = []
  // A survey whose day has passed is over: a request opened after it waits for the next proposal.
  const jointSurvey = input.jointSurvey && input.jointSurvey.day >= legalDateOf(at) ? input.jointSurvey : undefined
  for (const [i, { provider, ...line }] of input.utilities.entries()) {
    if (seen.has(provider)) continue
    seen.add(provider)
    const requestId = ids[i]
    if (!requestId) throw new Error(`no id for utility ${i}`)
    const permitsExemption = permitsExemptionOf(input.projectType, provider)
    const lowRisk = permitsExemption !== undefined || isLowRisk(input.lowRisk, provider, line)
    requests.push({
      requestId,
      projectId: input.projectId,
      applicationId: input.applicationId,
      provider,
      stage: 'survey',
      lowRisk,
      // The record says why, so every screen can: the type's 非禁免批, not the line's size.
      ...(permitsExemption ? { permitsExemption } : {}),
      // How its plan will be filed, as `plan-done` will ask it (worksPlanPushOf reads the same catalogue rule).
      ...(lowRisk ? { pushesWorksPlan: input.pushesWorksPlan === true } : {}),
      line,
      // Whom to serve and whom to call come with the request, so the provider asks the owner for nothing again.
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.applicationContact ? { applicationContact: input.applicationContact } : {}),
      permits: [],
      ...(jointSurvey ? { jointSurvey } : {}),
      openedAt: at,
      version: 1,
      updatedAt: at,
    })
  }
  return requests
}

export type ActionContext = {
  at: string
  today: string
  /** Joint acceptance of the project has passed already. */
  acceptancePassed: boolean
  /**
   * The region's limit for the outside-line permits (`permitsLimitOf`); absent where its catalogue gives none
   * (Foshan, 004:2197): the permits then run with no clock.
   */
  permitsLimit?: Limit
  /**
   * Where the region's catalogue takes that limit from (the `outside-line-permits` step's limit `source`, a seed line
   * such as seeds/004_33317a5f04b53a73.txt:1774): the legal basis the permits clock's pause names.
   */
  permitsLimitSource?: string
  /**
   * The Chinese name of a government department of the project's catalogue, by code, or undefined for a code it does
   * not name; absent when no catalogue covers the project's region, so a department is then taken as given.
   */
  departmentOf?: (code: string) => string | undefined
  /**
   * 告知承诺免审批 (Shanwei 004:1852): the departments a low-risk line's works and traffic plans are pushed to, from the
   * region's catalogue (`worksPlanPush` of its low-risk outside-line type); absent where the region names none.
   */
  pushTo?: PushTarget
  /**
   * 并联审批: the department the region's catalogue names for a permit kind (`permitDepartmentOf`); the permit is
   * applied to it at `plan-done` and it decides in its inbox. Absent, or undefined for a kind, the provider records
   * the decision.
   */
  permitDepartmentOf?: (kind: PermitKind) => PermitDepartment | undefined
  /**
   * The permit kinds the region's outside-line permits step lists (`permitsListedOf`): a line sent for its permits
   * with none named needs the traffic-organisation review only where it is listed (`permitsNeeded`). Absent, the
   * defaults with no catalogue.
   */
  permitsListed?: ReadonlyArray<PermitKind>
  /**
   * The service's calendar: the permits clock's due day is computed with it whenever the clock changes
   * (`permitsDueOn`); absent, no due day is carried.
   */
  calendar?: Calendar
}

/**
 * The request after an action; `note`, what its event says beside it (surveyed at the joint survey); `event`, the
 * event it is told by when it is not a plain move on (`advanced`, or `connected`).
 */
export type Change = {
  request: UtilityRequest
  connected: boolean
  note?: string
  event?: 'works-plan-pushed' | 'restoration-declared'
  /**
   * 并联审批: the permits this change applied for to their departments on the platform (`plan-done`'s, a
   * re-application's), which its `advanced` event names so that each department is told of its own once.
   */
  permitsApplied?: PermitKind[]
}

/** A refusal with its stable code, and what the caller needs to act on it (`refuse` of the shared vocabulary). */
const refused = (code: string, message: string, details?: DomainDetails): Result<never> =>
  refuse({ code, message, ...(details ? { details } : {}) })

const conflict = (r: UtilityRequest, action: string, expected: Stage): Result<never> =>
  refused('UTILITY_REQUEST_STATE_CONFLICT', `"${action}" needs the request at ${expected}; it is at ${r.stage}.`, {
    stage: r.stage,
    expected,
    requestId: r.requestId,
  })

const SURVEY_INVALID = 'UTILITY_JOINT_SURVEY_INVALID'
const WORKS_PLAN_INVALID = 'UTILITY_WORKS_PLAN_INVALID'
const RESTORATION_CONFLICT = 'UTILITY_RESTORATION_STATE_CONFLICT'

const next = (r: UtilityRequest, at: string, patch: Partial<UtilityRequest>): UtilityRequest => ({
  ...r,
  ...patch,
  version: r.version + 1,
  updatedAt: at,
})

/**
 * The provider's stage machine: survey → plan → outside-line permits (or, under the low-risk thresholds, the
 * permits only filed and straight on) → construction → awaiting acceptance, or connected at once when joint
 * acceptance has already passed.
 */
export function decide(r: UtilityRequest, body: UtilityActionBody, ctx: ActionContext): Result<Change> {
  const { at } = ctx
  switch (body.action) {
    case 'survey-done': {
      if (r.stage !== 'survey') return conflict(r, body.action, 'survey')
      const surveyed = next(r, at, { stage: 'plan' })
      if (!body.atJointSurvey) return ok(surveyed)
      // Only a joint survey this request carries, on its day or after, can be the one it was surveyed at.
      const joint = r.jointSurvey
      if (!joint || joint.day > ctx.today) {
        const message = joint ? `the joint survey is on ${joint.day}, after today` : 'no joint survey on this request'
        return refused(SURVEY_INVALID, 'The survey cannot be recorded as done at the joint survey.', {
          errors: [{ field: '/atJointSurvey', code: SURVEY_INVALID, message }],
        })
      }
      return {
        ok: true,
        value: { request: surveyed, connected: false, note: `surveyed at the joint survey (联合踏勘) of ${joint.day}` },
      }
    }
    case 'plan-done': {
      if (r.stage !== 'plan') return conflict(r, body.action, 'plan')
      const push = worksPlanPushOf(r, body.worksPlan, ctx)
      if (!push.ok) return push
      if (r.lowRisk) {
        // 非禁免批: filed through the system, works may start with no approval or reply (004:2199). Its traffic plan
        // (交通疏解方案) goes to 公安 with the works plan where the region pushes it (004:1852), not as a filed review.
        const kinds = body.permits ?? permitsNeeded(r.line)
        const filed = next(r, at, {
          stage: 'construction',
          permits: kinds.map((kind) => ({ kind, status: 'filed', filedOn: ctx.today })),
          ...(push.value ? { worksPlanPush: push.value } : {}),
        })
        if (!push.value) return ok(filed)
        return { ok: true, value: { request: filed, connected: false, event: 'works-plan-pushed' } }
      }
      // No limit, no clock: a due day counted from a limit the region never set would be an invented deadline.
      const permitsClock = ctx.permitsLimit
        ? { limit: { ...ctx.permitsLimit }, start: ctx.today, suspensions: [] }
        : undefined
      const kinds = body.permits ?? permitsNeeded(r.line, ctx.permitsListed)
      // Applied at the version this change gives the request (`next`): the round a department's decision belongs to.
      const permits = kinds.map((kind) => applyFor(kind, ctx, r.version + 1))
      const applied = permits.filter((p) => p.appliedOn).map((p) => p.kind)
      const sent = withPermitsDue(
        next(r, at, { stage: 'outside-line-permits', permits, ...(permitsClock ? { permitsClock } : {}) }),
        ctx,
      )
      if (applied.length === 0) return ok(sent)
      return { ok: true, value: { request: sent, connected: false, permitsApplied: applied } }
    }
    case 'permit-granted':
    case 'permit-refused':
      return decidePermit(r, body, ctx)
    case 'permit-reapplied':
      return reapply(r, body, ctx)
    case 'permit-materials-supplied':
      return supplyMaterials(r, body, ctx)
    case 'construction-done':
      if (r.stage !== 'construction') return conflict(r, body.action, 'construction')
      if (ctx.acceptancePassed) return { ok: true, value: { request: connect(r, at), connected: true } }
      return ok(next(r, at, { stage: 'awaiting-acceptance' }))
    case 'restoration-done':
      return declareRestoration(r, body, ctx)
  }
}

/**
 * 告知承诺 — what a low-risk line's `plan-done` pushes where the region names departments (`ctx.pushTo`): the
 * provider's commitment and plans, required there; refused where nothing is pushed (a line sent for its permits, or a
 * region that names no department), since the departments would never see it.
 */
function worksPlanPushOf(
  r: UtilityRequest,
  input: Extract<UtilityActionBody, { action: 'plan-done' }>['worksPlan'],
  ctx: ActionContext,
): Result<WorksPlanPush | undefined> {
  const target = r.lowRisk ? ctx.pushTo : undefined
  const invalid = (errors: FieldError[]) =>
    refused(WORKS_PLAN_INVALID, 'The works plan cannot be filed as given.', { errors })
  if (!target) {
    if (!input) return { ok: true, value: undefined }
    const message = r.lowRisk
      ? "the project's region names no department to push a works plan to"
      : 'the line needs its permits: a works plan is pushed only for a low-risk line (告知承诺免审批)'
    return invalid([{ field: '/worksPlan', code: WORKS_PLAN_INVALID, message }])
  }
  if (!input) {
    const names = target.departments.map((d) => d.name ?? d.code).join('、')
    return invalid([
      {
        field: '/worksPlan',
        code: WORKS_PLAN_INVALID,
        message: `a low-risk line files its commitment and works plan, pushed to ${names} (${target.source})`,
      },
    ])
  }
  const errors: FieldError[] = []
  if (input.commitment.trim() === '') {
    errors.push({ field: '/worksPlan/commitment', code: WORKS_PLAN_INVALID, message: 'blank commitment' })
  }
  for (const [i, plan] of input.plans.entries()) {
    for (const field of ['reference', 'description'] as const) {
      if (plan[field].trim() === '') {
        errors.push({ field: `/worksPlan/plans/${i}/${field}`, code: WORKS_PLAN_INVALID, message: `blank ${field}` })
      }
    }
  }
  if (!input.plans.some((p) => p.kind === 'works-plan')) {
    errors.push({ field: '/worksPlan/plans', code: WORKS_PLAN_INVALID, message: 'no works plan (施工方案) among them' })
  }
  if (errors.length > 0) return invalid(errors)
  return {
    ok: true,
    value: {
      commitment: input.commitment.trim(),
      plans: input.plans.map((p) => ({
        kind: p.kind,
        reference: p.reference.trim(),
        description: p.description.trim(),
      })),
      departments: target.departments.map((d) => ({ ...d })),
      pushedOn: ctx.today,
      pushedAt: ctx.at,
      source: target.source,
    },
  }
}

/** The stages after construction: the works are done, so the road and green space can have been restored. */
const BUILT: readonly Stage[] = ['awaiting-acceptance', 'connected']

/**
 * 修复完成 — the provider declares roads and green space restored (按不低于原貌标准恢复, 004:1852), after its
 * construction, on a request whose plans were pushed; again after a department sent it back. Connection does not
 * wait on it: the departments' acceptance is after-the-fact supervision (事中事后监管).
 */
function declareRestoration(
  r: UtilityRequest,
  body: Extract<UtilityActionBody, { action: 'restoration-done' }>,
  ctx: ActionContext,
): Result<Change> {
  if (!r.worksPlanPush) {
    return refused(
      RESTORATION_CONFLICT,
      'No works plan of this request was pushed: there is no restoration to declare.',
      {
        requestId: r.requestId,
      },
    )
  }
  if (!BUILT.includes(r.stage)) return conflict(r, body.action, 'awaiting-acceptance')
  if (r.restoration && r.restoration.status !== 'rectify') {
    return refused(RESTORATION_CONFLICT, `The restoration is ${r.restoration.status} already.`, {
      requestId: r.requestId,
      restoration: r.restoration,
    })
  }
  const note = body.note?.trim()
  const restoration: Restoration = {
    status: 'declared',
    declaredAt: ctx.at,
    ...(note ? { note } : {}),
    reviews: r.restoration?.reviews ?? [],
  }
  return {
    ok: true,
    value: { request: next(r, ctx.at, { restoration }), connected: false, event: 'restoration-declared' },
  }
}

/** Who reviews a restoration: a reviewer's department, with its name in the project's catalogue. */
export type Reviewer = { sub: string; department: string; departmentName?: string }

/**
 * 修复验收 — a department the plans were pushed to accepts the declared restoration or sends it back with the reason
 * (004:1852 names the five for 修复质量验收 together, so any of them may). After one accepted, another may still send
 * it back (each supervises its own ground: roads, green space, traffic); a request sent back waits for the provider
 * to declare again. A department the plans did not go to is refused as a stranger to the request.
 */
export function reviewRestoration(
  r: UtilityRequest,
  body: RestorationReviewBody,
  reviewer: Reviewer,
  at: string,
): Result<UtilityRequest> {
  if (!r.worksPlanPush?.departments.some((d) => d.code === reviewer.department)) {
    return refused('UTILITY_NOT_YOUR_REQUEST', `The request's plans were not pushed to ${reviewer.department}.`)
  }
  const current = r.restoration
  if (!current || current.status === 'rectify') {
    const message = current
      ? 'The restoration was sent back: the provider has not declared it again.'
      : 'The provider has not declared the restoration done.'
    return refused(RESTORATION_CONFLICT, message, {
      requestId: r.requestId,
      ...(current ? { restoration: current } : {}),
    })
  }
  const reason = body.outcome === 'rectify' ? body.reason.trim() : undefined
  if (reason === '') {
    return refused('UTILITY_RESTORATION_REVIEW_INVALID', 'The restoration cannot be sent back without a reason.', {
      errors: [{ field: '/reason', code: 'UTILITY_RESTORATION_REVIEW_INVALID', message: 'blank reason' }],
    })
  }
  if (current.reviews.length >= MAX_RESTORATION_REVIEWS) {
    return refused(RESTORATION_CONFLICT, `The restoration has ${current.reviews.length} reviews, the most kept.`, {
      requestId: r.requestId,
    })
  }
  const review = {
    department: reviewer.department,
    ...(reviewer.departmentName ? { departmentName: reviewer.departmentName } : {}),
    outcome: body.outcome,
    ...(reason ? { reason } : {}),
    reviewedAt: at,
    reviewedBy: reviewer.sub,
  }
  return {
    ok: true,
    value: next(r, at, { restoration: { ...current, status: body.outcome, reviews: [...current.reviews, review] } }),
  }
}

type PermitDecisionBody = Extract<UtilityActionBody, { action: 'permit-granted' | 'permit-refused' }>
type FieldError = { field: string; code: string; message: string }

const INVALID = 'UTILITY_PERMIT_DECISION_INVALID'

/**
 * What in a recorded decision cannot be the department's: a day not yet come or before the request, a blank 文号 or
 * reason, a department the region does not have.
 */
function decisionErrors(r: UtilityRequest, body: PermitDecisionBody, ctx: ActionContext): FieldError[] {
  const errors: FieldError[] = []
  if (body.decidedOn > ctx.today) {
    errors.push({ field: '/decidedOn', code: INVALID, message: `${body.decidedOn} is after today, ${ctx.today}` })
  } else if (body.decidedOn < legalDateOf(r.openedAt)) {
    errors.push({ field: '/decidedOn', code: INVALID, message: `${body.decidedOn} is before the request was opened` })
  }
  if (body.documentNo.trim() === '') errors.push({ field: '/documentNo', code: INVALID, message: 'blank 文号' })
  if (body.action === 'permit-refused' && body.reason.trim() === '') {
    errors.push({ field: '/reason', code: INVALID, message: 'blank reason' })
  }
  if (ctx.departmentOf && ctx.departmentOf(body.department) === undefined) {
    errors.push({
      field: '/department',
      code: INVALID,
      message: `${body.department} is no government department of the project's catalogue`,
    })
  }
  return errors
}

/**
 * A department's decision on one outside-line permit, recorded by the provider from the written decision (the provider
 * applies, the department decides: 004:2195). A refused permit may be decided again — the provider applies anew with
 * a changed plan — and the request moves on to construction only when every permit is granted.
 */
function decidePermit(r: UtilityRequest, body: PermitDecisionBody, ctx: ActionContext): Result<Change> {
  if (r.stage !== 'outside-line-permits') return conflict(r, body.action, 'outside-line-permits')
  const permit = r.permits.find((p) => p.kind === body.kind)
  if (permit?.status !== 'requested' && permit?.status !== 'refused') {
    return {
      ok: false,
      error: {
        code: 'UTILITY_PERMIT_NOT_REQUESTED',
        message: `No ${body.kind} permit is waiting on this request.`,
        details: {
          stage: r.stage,
          permits: r.permits,
          errors: [{ field: '/kind', code: 'UTILITY_PERMIT_NOT_REQUESTED', message: `${body.kind} is not pending` }],
        },
      },
    }
  }
  if (permit.appliedOn && permit.department) {
    const name = permit.departmentName ?? permit.department
    return refused(
      DECIDED_BY_DEPARTMENT,
      `${name} decides the ${body.kind} permit on the platform: its decision reaches this request by itself.`,
      { department: permit.department, ...(permit.departmentName ? { departmentName: permit.departmentName } : {}) },
    )
  }
  const errors = decisionErrors(r, body, ctx)
  if (errors.length > 0) {
    return {
      ok: false,
      error: { code: INVALID, message: 'The permit decision cannot be recorded.', details: { errors } },
    }
  }
  const departmentName = ctx.departmentOf?.(body.department)
  const decided: Permit = {
    kind: body.kind,
    status: body.action === 'permit-granted' ? 'granted' : 'refused',
    department: body.department,
    ...(departmentName ? { departmentName } : {}),
    documentNo: body.documentNo.trim(),
    decidedOn: body.decidedOn,
    ...(body.action === 'permit-refused' ? { reason: body.reason.trim() } : {}),
  }
  return ok(withDecision(r, decided, ctx))
}

/** The request with one permit decided; the last one granted moves it to construction. */
function withDecision(r: UtilityRequest, decided: Permit, ctx: ClockContext): UtilityRequest {
  const permits = r.permits.map((p) => (p.kind === decided.kind ? decided : p))
  const all = permits.every((p) => p.status === 'granted')
  // The permits clock stops with the last permit granted: the day is kept so it is never read as still running.
  if (all) return next(r, ctx.at, { permits, stage: 'construction', permitsDoneAt: ctx.at })
  return withPermitsClock(next(r, ctx.at, { permits }), ctx)
}

/** What the permits clock's bookkeeping reads: the day, the calendar its due day is computed with, its limit's source. */
type ClockContext = Pick<ActionContext, 'at' | 'today' | 'calendar' | 'permitsLimitSource'>

/**
 * The pause's `legalBasis`: the seed line the region's limit comes from, and the project's reading of it — the limit
 * is the departments' 行政审批时间, so the days the applicant changes its plan are not counted (the seeds say nothing
 * of a refused permit; the whole-flow cap reads the same words the same way, docs/legal-time.md).
 */
export const withProviderBasis = (source: string | undefined): string =>
  `外线工程审批时限${source ? `（${source}）` : ''}计行政审批时间：不予许可后至申请人修改方案重新申请期间为申请人的时间，不计入（本平台对审批时间的理解）`

/**
 * The permits clock's own pause (审批时限暂停计算, below) is named by its `id`, so it is never taken for another
 * suspension the clock may carry (none is opened today): the console finds its words by it too
 * (`permitsPausedFrom`). A pause written before it carried the id is the id-less `supplement` — the only pause this
 * service opened then.
 */
export const PERMITS_PAUSE = 'permits-with-provider'
export const isPermitsPause = (s: { id?: string | undefined; kind: string }): boolean =>
  s.id === PERMITS_PAUSE || (s.id === undefined && s.kind === 'supplement')

/**
 * The permits clock counts the departments' time (the region's limit for the permits, 行政审批时间): while no permit
 * is with a department — every one left was refused on the platform and waits for the provider to change its plan and
 * apply again — it is suspended, counted as the whole-flow cap counts the days between steps
 * (services/approval/src/domain/flow-clock.ts): the day of the decision that left none with a department is the
 * department's, the pause runs from the day after through the day one is applied for again (a start day, not counted,
 * as an acceptance day is); applied for again on or before the day of that decision, no day is left out. Kind
 * `supplement` (the applicant's time), labelled by its basis where it is shown. One limit for the permits still, not
 * one per attempt. A refusal the provider records from paper leaves the clock running: the platform never sees when
 * it applied again off the platform, so it cannot tell the provider's days from the department's.
 */
function withPermitsClock(r: UtilityRequest, ctx: ClockContext): UtilityRequest {
  const clock = r.permitsClock
  if (!clock) return r
  // Its own pause only: another open suspension is another's to end.
  const open = clock.suspensions.findIndex((s) => s.to === undefined && isPermitsPause(s))
  const withProvider = r.permits.every(
    (p) => p.status === 'granted' || (p.status === 'refused' && p.appliedOn !== undefined),
  )
  if (withProvider && open < 0) {
    const suspension = {
      id: PERMITS_PAUSE,
      kind: 'supplement' as const,
      from: addDays(ctx.today, 1),
      legalBasis: withProviderBasis(ctx.permitsLimitSource),
    }
    const { permitsDueOn: _, ...rest } = r
    return { ...rest, permitsClock: { ...clock, suspensions: [...clock.suspensions, suspension] } }
  }
  if (!withProvider && open >= 0) {
    const pause = clock.suspensions[open] as (typeof clock.suspensions)[number]
    // Applied for again before the pause began: it never left a day out (and never ends before it starts).
    const suspensions =
      ctx.today < pause.from
        ? clock.suspensions.filter((_, i) => i !== open)
        : clock.suspensions.map((s, i) => (i === open ? { ...s, to: ctx.today } : s))
    return withPermitsDue({ ...r, permitsClock: { ...clock, suspensions } }, ctx)
  }
  return r
}

/**
 * The request with its permits clock's due day as the calendar makes it today (`permitsDueOn`, the order of a
 * department's list); none without a clock or a calendar, or while the clock is suspended (its due day moves each day).
 */
function withPermitsDue(r: UtilityRequest, ctx: Pick<ClockContext, 'today' | 'calendar'>): UtilityRequest {
  const { permitsDueOn: _, ...rest } = r
  const clock = r.permitsClock
  if (!clock || !ctx.calendar || clock.suspensions.some((s) => s.to === undefined)) return rest
  return { ...rest, permitsDueOn: evaluateClock(ctx.calendar, clock, ctx.today).due }
}

/**
 * The request as it is saved while its permits clock runs (`requestRepository.save`, the one save of every request:
 * an action, a department's decision, an alert, a published calendar): `permitsDueOn` as the calendar makes it today,
 * so no path leaves a day another change or calendar moved. A request past its permits, or with no clock, is left as
 * it is; the version is the caller's (this is bookkeeping of the change it saves, not a change of its own).
 */
export function permitsDueToday(r: UtilityRequest, ctx: Pick<ClockContext, 'today' | 'calendar'>): UtilityRequest {
  if (r.stage !== 'outside-line-permits' || !r.permitsClock || r.permitsDoneAt !== undefined) return r
  return withPermitsDue(r, ctx)
}

const DECIDED_BY_DEPARTMENT = 'UTILITY_PERMIT_DECIDED_BY_DEPARTMENT'
const NOT_YOUR_DEPARTMENT = 'UTILITY_PERMIT_NOT_YOUR_DEPARTMENT'

/**
 * 并联审批 — a permit as `plan-done` applies for it: to the department the region's catalogue names for its kind,
 * today, at the request's version `version` (`appliedAtVersion`, its round), so that department decides it in its
 * inbox; with no such department, requested as before (the provider records the decision from the department's paper).
 */
function applyFor(kind: PermitKind, ctx: ActionContext, version: number): Permit {
  const department = ctx.permitDepartmentOf?.(kind)
  if (!department) return { kind, status: 'requested' }
  return {
    kind,
    status: 'requested',
    department: department.code,
    departmentName: department.name,
    appliedOn: ctx.today,
    appliedAtVersion: version,
  }
}

/** Who decides a permit in its inbox: a reviewer of the department it was applied to. */
export type DecidingReviewer = { sub: string; department: string }

/**
 * 准予许可 / 不予许可 — the department a permit was applied to decides it on the platform, today by the service's
 * clock: the same decision the provider records from paper where no department decides here (one decision, one
 * event), with the department the reviewer's own. Another department's reviewer, or a permit the provider records, is
 * refused (UTILITY_PERMIT_NOT_YOUR_DEPARTMENT); a permit not awaiting a decision — granted, or refused and not applied
 * for again — is UTILITY_PERMIT_NOT_REQUESTED.
 */
export function decideAsDepartment(
  r: UtilityRequest,
  body: DepartmentPermitDecisionBody,
  reviewer: DecidingReviewer,
  ctx: ClockContext,
): Result<UtilityRequest> {
  if (r.stage !== 'outside-line-permits') return conflict(r, `permit-${body.outcome}`, 'outside-line-permits')
  const permit = r.permits.find((p) => p.kind === body.kind)
  if (!permit?.appliedOn || permit.department !== reviewer.department) {
    const whose = permit?.appliedOn ? `was applied to ${permit.department}` : 'is decided off the platform'
    return refused(
      NOT_YOUR_DEPARTMENT,
      `The ${body.kind} permit of this request ${whose}, not to ${reviewer.department}.`,
      {
        requestId: r.requestId,
        kind: body.kind,
      },
    )
  }
  if (permit.status !== 'requested') {
    return refused(
      'UTILITY_PERMIT_NOT_REQUESTED',
      `The ${body.kind} permit is ${permit.status}: nothing awaits a decision.`,
      {
        stage: r.stage,
        permits: r.permits,
        errors: [{ field: '/kind', code: 'UTILITY_PERMIT_NOT_REQUESTED', message: `${body.kind} is ${permit.status}` }],
      },
    )
  }
  if (body.outcome === 'accepted') return acceptWithDeficiencies(r, permit, body, ctx)
  const errors: FieldError[] = []
  const documentNo = body.documentNo?.trim()
  if (documentNo === '') errors.push({ field: '/documentNo', code: INVALID, message: 'blank 文号' })
  const reason = body.outcome === 'refused' ? body.reason.trim() : undefined
  if (reason === '') errors.push({ field: '/reason', code: INVALID, message: 'blank reason' })
  if (errors.length > 0) return refused(INVALID, 'The permit decision cannot be recorded.', { errors })
  const decided: Permit = {
    ...permit,
    status: body.outcome,
    ...(documentNo ? { documentNo } : {}),
    decidedOn: ctx.today,
    ...(reason ? { reason } : {}),
    // 办结（容缺通过）: granted while the provider still owes a material it was accepted without.
    ...(body.outcome === 'granted' && owed(permit).length > 0 ? { grantedWithDeficiencies: true as const } : {}),
  }
  return { ok: true, value: withDecision(r, decided, ctx) }
}

const MATERIAL_NOT_OWED = 'UTILITY_PERMIT_MATERIAL_NOT_OWED'

/** The materials a permit was accepted without and the provider has not supplied yet. */
export const owed = (p: Permit): string[] =>
  (p.deficiencies ?? []).filter((d) => d.suppliedOn === undefined).map((d) => d.name)

/**
 * 容缺受理 — acceptance with non-key materials missing (004:1846: 相关审批部门实行容缺受理、并联审批): the department
 * accepts the permit's application without the materials it names, once in a round, and decides it as any other; the
 * provider supplies them afterwards (容缺后补, 004:1860). Neither the permits clock nor the inbox changes: the permit
 * stays with its department, which may grant it while a material is still owed (`grantedWithDeficiencies`). No seed
 * sets a time to supply them, so none is set.
 */
function acceptWithDeficiencies(
  r: UtilityRequest,
  permit: Permit,
  body: Extract<DepartmentPermitDecisionBody, { outcome: 'accepted' }>,
  ctx: ClockContext,
): Result<UtilityRequest> {
  if (permit.acceptedOn !== undefined) {
    return refused('UTILITY_PERMIT_ALREADY_ACCEPTED', `The ${body.kind} permit was accepted on ${permit.acceptedOn}.`, {
      permits: r.permits,
      errors: [
        { field: '/kind', code: 'UTILITY_PERMIT_ALREADY_ACCEPTED', message: `accepted on ${permit.acceptedOn}` },
      ],
    })
  }
  const names = body.deficiencies.map((d) => d.name.trim())
  const errors: FieldError[] = []
  for (const [i, name] of names.entries()) {
    const field = `/deficiencies/${i}/name`
    if (name === '') errors.push({ field, code: INVALID, message: 'blank material' })
    else if (names.indexOf(name) < i) errors.push({ field, code: INVALID, message: `${name} is named twice` })
  }
  if (errors.length > 0)
    return refused(INVALID, 'The permit cannot be accepted with these materials missing.', { errors })
  const accepted: Permit = { ...permit, acceptedOn: ctx.today, deficiencies: names.map((name) => ({ name })) }
  return { ok: true, value: next(r, ctx.at, { permits: r.permits.map((p) => (p.kind === body.kind ? accepted : p)) }) }
}

/**
 * 容缺后补 — the provider supplies materials its permit was accepted without, each named as the department named it,
 * while the permit is with its department or after it was granted (a refusal ends the round: a re-application is
 * accepted afresh). A material not owed — never named, supplied already, named twice — is refused naming it.
 */
function supplyMaterials(
  r: UtilityRequest,
  body: Extract<UtilityActionBody, { action: 'permit-materials-supplied' }>,
  ctx: ActionContext,
): Result<Change> {
  const permit = r.permits.find((p) => p.kind === body.kind)
  const owing = permit && permit.status !== 'refused' ? owed(permit) : []
  if (!permit || owing.length === 0) {
    const state = permit ? (permit.status === 'refused' ? 'refused' : 'owes no material') : 'absent'
    return refused(MATERIAL_NOT_OWED, `The ${body.kind} permit ${state}: nothing is owed on it.`, {
      permits: r.permits,
      errors: [{ field: '/kind', code: MATERIAL_NOT_OWED, message: `${body.kind} ${state}` }],
    })
  }
  const names = body.materials.map((m) => m.name.trim())
  const errors: FieldError[] = []
  for (const [i, name] of names.entries()) {
    if (!owing.includes(name) || names.indexOf(name) < i) {
      errors.push({ field: `/materials/${i}/name`, code: MATERIAL_NOT_OWED, message: `${name} is not owed` })
    }
  }
  if (errors.length > 0) {
    return refused(MATERIAL_NOT_OWED, 'These materials are not owed on the permit.', { owed: owing, errors })
  }
  const supplied: Permit = {
    ...permit,
    deficiencies: (permit.deficiencies ?? []).map((d) =>
      d.suppliedOn === undefined && names.includes(d.name) ? { ...d, suppliedOn: ctx.today } : d,
    ),
  }
  const request = next(r, ctx.at, { permits: r.permits.map((p) => (p.kind === body.kind ? supplied : p)) })
  return { ok: true, value: { request, connected: false, note: `${body.kind} permit: supplied ${names.join('、')}` } }
}

/**
 * A refused permit's way back (并联审批: its department decides it again): the provider changes its plan and applies
 * again, saying what it changed; the permit is requested of the same department anew, today, and is back in its inbox,
 * the refusal kept beside it (a new round: no 容缺受理 carried over, accepted afresh if its department wishes). The permits clock runs on from its start — the region's limit is for the permits, not for each attempt —
 * resuming if it was suspended while every permit left was with the provider (`withPermitsClock`).
 * Only a permit its department refused on the platform is applied for again; one the provider records is decided
 * again directly, as before.
 */
function reapply(
  r: UtilityRequest,
  body: Extract<UtilityActionBody, { action: 'permit-reapplied' }>,
  ctx: ActionContext,
): Result<Change> {
  if (r.stage !== 'outside-line-permits') return conflict(r, body.action, 'outside-line-permits')
  const permit = r.permits.find((p) => p.kind === body.kind)
  if (permit?.status !== 'refused' || !permit.appliedOn || !permit.department) {
    const state = permit ? (permit.appliedOn ? permit.status : `${permit.status}, decided off the platform`) : 'absent'
    return refused(
      'UTILITY_PERMIT_NOT_REFUSED',
      `Only a permit its department refused is applied for again; ${body.kind} is ${state}.`,
      {
        permits: r.permits,
        errors: [{ field: '/kind', code: 'UTILITY_PERMIT_NOT_REFUSED', message: `${body.kind} is ${state}` }],
      },
    )
  }
  const change = body.change.trim()
  if (change === '') {
    return refused(INVALID, 'The permit cannot be applied for again.', {
      errors: [{ field: '/change', code: INVALID, message: 'blank change' }],
    })
  }
  const again: Permit = {
    kind: permit.kind,
    status: 'requested',
    department: permit.department,
    ...(permit.departmentName ? { departmentName: permit.departmentName } : {}),
    appliedOn: ctx.today,
    // A new round: the version this change gives the request (`next`).
    appliedAtVersion: r.version + 1,
    reapplication: {
      change,
      ...(permit.decidedOn ? { refusedOn: permit.decidedOn } : {}),
      ...(permit.reason ? { refusalReason: permit.reason } : {}),
    },
  }
  const request = withPermitsClock(
    next(r, ctx.at, { permits: r.permits.map((p) => (p.kind === body.kind ? again : p)) }),
    ctx,
  )
  return { ok: true, value: { request, connected: false, permitsApplied: [permit.kind] } }
}

/** The joint survey as set, and the project's requests at survey each carrying it with a version of its own. */
export type JointSurveyProposal = { jointSurvey: JointSurvey; requests: UtilityRequest[] }

/**
 * 联合踏勘 — the provider of `own` (a request at survey) proposes the project's one joint site survey, for every
 * request of the project at survey (`atSurvey`, `own` among them), whichever provider's: the owner hosts one visit,
 * not one per provider (004:2303). A day before today is refused. While a proposal's day has not passed, it is the
 * appointment the others have planned around: only its own provider may reschedule it, anyone else is refused with
 * UTILITY_JOINT_SURVEY_ALREADY_SET (they agree the change with that provider, who records it). Once its day has passed
 * the survey is over, and any provider with a request still at survey may propose the next.
 */
export function proposeJointSurvey(
  own: UtilityRequest,
  atSurvey: readonly UtilityRequest[],
  current: JointSurvey | undefined,
  body: ProposeJointSurveyBody,
  ctx: Pick<ActionContext, 'at' | 'today'>,
): Result<JointSurveyProposal> {
  if (own.stage !== 'survey') return conflict(own, 'joint-survey', 'survey')
  const errors: FieldError[] = []
  if (body.day < ctx.today) {
    errors.push({ field: '/day', code: SURVEY_INVALID, message: `${body.day} is before today, ${ctx.today}` })
  }
  for (const field of ['time', 'place', 'contact'] as const) {
    if (body[field].trim() === '') errors.push({ field: `/${field}`, code: SURVEY_INVALID, message: `blank ${field}` })
  }
  if (errors.length > 0) return refused(SURVEY_INVALID, 'The joint survey cannot be proposed.', { errors })
  if (current && current.day >= ctx.today && current.proposedBy !== own.provider) {
    return refused(
      'UTILITY_JOINT_SURVEY_ALREADY_SET',
      `The project's joint survey is set for ${current.day} by ${current.proposedBy}; only it may reschedule.`,
      { jointSurvey: current },
    )
  }
  const jointSurvey: JointSurvey = {
    day: body.day,
    time: body.time.trim(),
    place: body.place.trim(),
    contact: body.contact.trim(),
    proposedBy: own.provider,
    proposedAt: ctx.at,
  }
  const requests = atSurvey.filter((r) => r.stage === 'survey').map((r) => next(r, ctx.at, { jointSurvey }))
  return { ok: true, value: { jointSurvey, requests } }
}

/** The project's appointment and a request's copy are the same one: the same proposal (a reschedule is another). */
const sameAppointment = (a: JointSurvey | undefined, b: JointSurvey) =>
  a !== undefined && a.proposedAt === b.proposedAt && a.proposedBy === b.proposedBy

/** The project's requests still at survey whose copy is `current`: what a cancellation or a confirmation rewrites. */
const carrying = (atSurvey: readonly UtilityRequest[], current: JointSurvey) =>
  atSurvey.filter((r) => r.stage === 'survey' && sameAppointment(r.jointSurvey, current))

const notSet = (projectId: string) =>
  refused('UTILITY_JOINT_SURVEY_NOT_SET', `No joint survey is set for project ${projectId}.`, { projectId })

/** The appointment cancelled, and the requests that carried it, each without it. */
export type JointSurveyCancellation = JointSurveyProposal & { reason: string }

/**
 * Its proposer cancels the project's joint survey — the site is not ready, the day suits nobody — before its day,
 * saying why: every request at survey that carried it carries none after, and any provider with a request at survey
 * may then propose the next. Another provider is refused (UTILITY_JOINT_SURVEY_NOT_PROPOSER: it agrees the change with
 * the proposer, as for a reschedule); on its day or after the visit is under way or over, and stands as it happened
 * (UTILITY_JOINT_SURVEY_TOO_LATE). A request of the proposer past survey may still cancel it for the others.
 */
export function cancelJointSurvey(
  own: UtilityRequest,
  atSurvey: readonly UtilityRequest[],
  current: JointSurvey | undefined,
  body: CancelJointSurveyBody,
  ctx: Pick<ActionContext, 'at' | 'today'>,
): Result<JointSurveyCancellation> {
  const reason = body.reason.trim()
  if (reason === '') {
    return refused(SURVEY_INVALID, 'The joint survey cannot be cancelled.', {
      errors: [{ field: '/reason', code: SURVEY_INVALID, message: 'blank reason' }],
    })
  }
  if (!current) return notSet(own.projectId)
  if (current.proposedBy !== own.provider) {
    return refused(
      'UTILITY_JOINT_SURVEY_NOT_PROPOSER',
      `The project's joint survey was proposed by ${current.proposedBy}; only it may cancel it.`,
      { jointSurvey: current },
    )
  }
  if (current.day <= ctx.today) {
    return refused('UTILITY_JOINT_SURVEY_TOO_LATE', `The joint survey of ${current.day} can no longer be cancelled.`, {
      jointSurvey: current,
      today: ctx.today,
    })
  }
  const requests = carrying(atSurvey, current).map(({ jointSurvey: _, ...r }) => next(r, ctx.at, {}))
  return { ok: true, value: { jointSurvey: current, requests, reason } }
}

/**
 * The appointment with the confirmation, the requests carrying it; no `confirmation` when the request had given it.
 * A union, so checking `confirmation` narrows the whole value, which the event's row then takes as it is.
 */
export type JointSurveyConfirmed = JointSurveyProposal &
  ({ confirmation: JointSurveyConfirmation } | { confirmation?: undefined })

/**
 * Another provider confirms, through its own request at survey, that it will attend the appointment the request
 * carries — named by its `proposedAt`, so a confirmation read before a reschedule is refused
 * (UTILITY_JOINT_SURVEY_CHANGED) rather than put on a time nobody confirmed. The confirmation is kept on the
 * appointment, so every request carrying it, and so every provider's list, shows who will come; a reschedule clears
 * them. Its proposer has nothing to confirm (UTILITY_JOINT_SURVEY_OWN_PROPOSAL); after its day there is nothing to
 * attend (UTILITY_JOINT_SURVEY_TOO_LATE); a request confirmed already is answered as it stands, nothing written.
 */
export function confirmJointSurvey(
  own: UtilityRequest,
  atSurvey: readonly UtilityRequest[],
  current: JointSurvey | undefined,
  body: ConfirmJointSurveyBody,
  ctx: Pick<ActionContext, 'at' | 'today'>,
): Result<JointSurveyConfirmed> {
  if (own.stage !== 'survey') return conflict(own, 'joint-survey-confirmation', 'survey')
  if (!current || !sameAppointment(own.jointSurvey, current)) return notSet(own.projectId)
  if (current.proposedAt !== body.proposedAt) {
    return refused(
      'UTILITY_JOINT_SURVEY_CHANGED',
      `The joint survey was rescheduled at ${current.proposedAt}; confirm the new time.`,
      { jointSurvey: current },
    )
  }
  if (current.proposedBy === own.provider) {
    return refused('UTILITY_JOINT_SURVEY_OWN_PROPOSAL', `${own.provider} proposed the joint survey: it attends.`, {
      jointSurvey: current,
    })
  }
  if (current.day < ctx.today) {
    return refused('UTILITY_JOINT_SURVEY_TOO_LATE', `The joint survey of ${current.day} is over.`, {
      jointSurvey: current,
      today: ctx.today,
    })
  }
  if ((current.confirmations ?? []).some((c) => c.requestId === own.requestId)) {
    return { ok: true, value: { jointSurvey: current, requests: [own] } }
  }
  const confirmation = { requestId: own.requestId, provider: own.provider, confirmedAt: ctx.at }
  const jointSurvey: JointSurvey = { ...current, confirmations: [...(current.confirmations ?? []), confirmation] }
  const requests = carrying(atSurvey, current).map((r) => next(r, ctx.at, { jointSurvey }))
  return { ok: true, value: { jointSurvey, requests, confirmation } }
}

const ok = (request: UtilityRequest): Result<Change> => ({ ok: true, value: { request, connected: false } })

const connect = (r: UtilityRequest, at: string): UtilityRequest => next(r, at, { stage: 'connected', connectedAt: at })

/** 一并接入 — joint acceptance passed: a request awaiting it connects; any other stage waits for its construction. */
export function connectOnAcceptance(r: UtilityRequest, at: string): UtilityRequest | undefined {
  return r.stage === 'awaiting-acceptance' ? connect(r, at) : undefined
}

/**
 * One permits-clock alert: the request as it stands after it (a version of its own), what to say, and the clock's
 * due day as the calendar makes it on the alert's day (`dueOn`).
 */
export type PermitsClockAlert = { kind: AlertKind; request: UtilityRequest; note: string; dueOn: string }

/**
 * 预警 / 超时 — the outside-line permits clock's alerts due on `ctx.today` and not yet raised, each recorded on the
 * request with its own version: yellow at `yellowAt` of the limit, overdue the day after the due date. The clock
 * runs only while the permits are pending, so a request whose last permit was granted (or never needing one)
 * raises none; nor does one of a region that sets no limit, which has no clock, nor one whose clock is suspended
 * while every permit left is with the provider (`withPermitsClock`).
 */
export function raisePermitsClockAlerts(
  r: UtilityRequest,
  ctx: Pick<ActionContext, 'at' | 'today'>,
  clocks: { calendar: Calendar; yellowAt: number },
): PermitsClockAlert[] {
  if (r.stage !== 'outside-line-permits' || !r.permitsClock || r.permitsDoneAt !== undefined) return []
  const state = evaluateClock(clocks.calendar, r.permitsClock, ctx.today, { yellowAt: clocks.yellowAt })
  // Suspended, nothing is with a department: no 预警 or 超时 to anyone until one is applied for again.
  if (state.suspended) return []
  const limit = r.permitsClock.limit
  const note = `due ${state.due}, ${state.used} of ${limit.value} ${limit.unit} used`
  const alerts: PermitsClockAlert[] = []
  let after = r
  for (const kind of alertsDue(state, r.permitsClockAlerts)) {
    const raised = kind === 'warned' ? { warnedOn: ctx.today } : { overdueOn: ctx.today }
    after = next(after, ctx.at, { permitsClockAlerts: { ...after.permitsClockAlerts, ...raised } })
    alerts.push({ kind, request: after, note, dueOn: state.due })
  }
  return alerts
}
