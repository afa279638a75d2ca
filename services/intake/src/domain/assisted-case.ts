import type {
  Actor,
  ApplicationReceipt,
  AssistedCaseSnapshot,
  CloseAssistedCaseBody,
  OnBehalfOf,
  OpenAssistedCaseBody,
  RecordVisitBody,
  ScheduleVisitBody,
} from '@onewindow/contracts'
import { isRealInstant, ok, type Result, refuse } from '@onewindow/vocabulary'
import { type Calendar, dueDate } from '@onewindow/workdays'
import { isIndustrial } from '../assisted-catalogue.js'
import { refusal } from './problems.js'

/** 帮办代办 — the case as intake keeps it: exactly its snapshot. */
export type AssistedCase = AssistedCaseSnapshot

/** `at` is the instant, `today` its legal date, `by` who acted (for the record). */
export type Moment = { at: string; today: string; by: string }

/** What the case decisions know of the project: its owner, region, kind and the stages of its flow. */
export type ProjectFacts = {
  projectId: string
  ownerCreditCode: string
  ownerName: string
  region: string
  projectType: string
  facts: Record<string, unknown>
  /** The stages of the project's flow, in order. */
  stages: readonly string[]
}

const notEligible = (field: string, message: string) =>
  refuse(refusal('INTAKE_ASSIST_NOT_ELIGIBLE', message, [{ field, code: 'not-eligible', message }]))

/**
 * The service centre opens the project's one case (004:1868): only for one of the three eligible kinds, each shown
 * by what makes it so; only over stages of the project's own flow; free (无偿) by construction.
 */
export function openCase(
  existing: AssistedCase | undefined,
  input: { caseId: string; project: ProjectFacts; body: OpenAssistedCaseBody },
  moment: Moment,
): Result<AssistedCase> {
  const { project, body } = input
  if (existing) {
    return refuse({
      code: 'INTAKE_ASSIST_CASE_EXISTS',
      message: 'The project has its assisted-service case already; one case covers all of its stages.',
      details: { caseId: existing.caseId },
    })
  }
  const { eligibility } = body
  if (eligibility.basis === 'county-key-project') {
    const county = eligibility.county
    if (county === undefined) {
      return notEligible('/body/eligibility/county', 'A county key project names the county that designated it.')
    }
    // A county-level code (not the city's own xx00) inside the project's city.
    if (county.slice(0, 4) !== project.region.slice(0, 4) || county.endsWith('00')) {
      return notEligible(
        '/body/eligibility/county',
        `County ${county} is not a county of the project's city (${project.region.slice(0, 4)}00).`,
      )
    }
  }
  if (eligibility.basis === 'industrial-project-in-need') {
    if (!isIndustrial(project)) {
      return notEligible(
        '/body/eligibility/basis',
        `Project type ${project.projectType} is not an industrial project (其他产业项目, 004:1868): it is eligible only as a city or county key project.`,
      )
    }
    if (eligibility.need === undefined) {
      return notEligible('/body/eligibility/need', 'An industrial project in need says what the need is.')
    }
  }
  const unknown = body.stages.flatMap((stage, i) =>
    project.stages.includes(stage)
      ? []
      : [
          {
            field: `/body/stages/${i}`,
            code: 'unknown-stage',
            message: `Stage ${stage} is not in the project's flow.`,
          },
        ],
  )
  if (unknown.length > 0) {
    return refuse(refusal('INTAKE_ASSIST_STAGE_UNKNOWN', "A case covers stages of the project's flow.", unknown))
  }
  return ok({
    caseId: input.caseId,
    projectId: project.projectId,
    ownerCreditCode: project.ownerCreditCode,
    ownerName: project.ownerName,
    eligibility,
    mode: body.mode,
    stages: project.stages.filter((s) => body.stages.includes(s)),
    helper: body.helper,
    freeOfCharge: true,
    status: 'open',
    openedAt: moment.at,
    openedOn: moment.today,
    openedBy: moment.by,
    acts: [],
    visits: [],
    revision: 1,
    updatedAt: moment.at,
  })
}

/** Whether the actor is the helper the case names. */
export const isCaseHelper = (c: AssistedCase, actor: Actor): boolean =>
  actor.role === 'helper' && c.status === 'open' && c.helper.sub === actor.sub

const notFound = (what: string): Result<never> =>
  refuse({ code: 'INTAKE_APPLICATION_NOT_FOUND', message: `No application ${what}.` })

/**
 * May this helper act for the owner on this application? Only under an open case of the application's project that
 * names it, for a stage the case covers. Anything else answers as an unknown application, so a helper learns nothing
 * of projects that are not its own.
 */
export function actingFor(
  c: AssistedCase | undefined,
  actor: Actor,
  application: { applicationId: string; stage: string | undefined },
): Result<OnBehalfOf> {
  if (!c || !isCaseHelper(c, actor)) return notFound(application.applicationId)
  if (application.stage === undefined || !c.stages.includes(application.stage)) {
    return refuse({
      code: 'INTAKE_ASSIST_STAGE_NOT_COVERED',
      message: `The case covers ${c.stages.join(', ')}; this application's stage (${application.stage ?? 'unknown'}) is the owner's to act on.`,
      details: { caseId: c.caseId, stages: c.stages, stage: application.stage },
    })
  }
  return ok({ caseId: c.caseId, helper: actor.sub, helperName: c.helper.name, ownerCreditCode: c.ownerCreditCode })
}

const notAssigned = (
  reason: 'no-case' | 'case-closed' | 'case-closing' | 'another-helper',
  message: string,
  caseId?: string,
) =>
  refuse({
    code: 'INTAKE_ASSIST_NOT_ASSIGNED',
    message,
    details: { reason, ...(caseId === undefined ? {} : { caseId }) },
  })

/**
 * May this helper answer a department's 补正 notice for the owner (004:1868, Guangxi §2.5)? The same authority as
 * `actingFor`, but the answer is approval's and the gateway asks first, so a refusal says why with 403
 * `INTAKE_ASSIST_NOT_ASSIGNED` (no case, a closed case, another helper's case) rather than hiding the application:
 * the helper is answering a notice the department sent to the owner, not discovering the project.
 */
export function answeringFor(
  c: AssistedCase | undefined,
  actor: Actor,
  application: { applicationId: string; stage: string | undefined },
): Result<OnBehalfOf> {
  if (!c) return notAssigned('no-case', 'The project has no assisted-service case: the owner answers its 补正 notice.')
  if (c.status !== 'open') {
    return notAssigned('case-closed', `Case ${c.caseId} is closed: the owner answers its 补正 notice.`, c.caseId)
  }
  if (actor.role !== 'helper' || c.helper.sub !== actor.sub) {
    return notAssigned('another-helper', `Case ${c.caseId} is assigned to another helper.`, c.caseId)
  }
  // A close held back by grants waits only for those: a new grant would hold it again, so none is given.
  if (c.closeRequested !== undefined) {
    return notAssigned(
      'case-closing',
      `Case ${c.caseId} is being closed (${c.closeRequested.reason}): the owner answers its 补正 notice.`,
      c.caseId,
    )
  }
  return actingFor(c, actor, application)
}

/**
 * How long a helper's authority to answer one 补正 lasts once intake has granted it: the gateway forwards the answer
 * to approval at once (its forward timeout is 30 s), and approval refuses it after `validUntil`.
 */
export const ANSWER_GRANT_SECONDS = 30
/**
 * How long after a grant lapses a close still waits: approval reads its clock when the answer's transaction starts, so
 * the answer commits a little after; this covers that and the services' clocks disagreeing by a few seconds.
 */
export const ANSWER_GRANT_MARGIN_SECONDS = 30

/** The authority `answeringFor` found, as a grant: the answer must land before `validUntil`. */
export const answerGrant = (
  onBehalfOf: OnBehalfOf,
  grantId: string,
  at: string,
): OnBehalfOf & { grantId: string; validUntil: string } => ({
  ...onBehalfOf,
  grantId,
  validUntil: new Date(Date.parse(at) + ANSWER_GRANT_SECONDS * 1000).toISOString(),
})

/**
 * A grant not yet seen answered: the instant it lapses, or the stored text of a lapse that is no instant (a row
 * hand-edited to 'infinity'), kept as it reads so the close can name it.
 */
export type OutstandingGrant = { grantId: string; validUntil: string }

/**
 * The shortest time a grant is kept after it lapsed (`ANSWER_GRANT_KEEP_MS` may not be less). Approval refuses an
 * answer whose grant lapsed by its clock, so past `validUntil` no answer can present it; the one reader that still
 * decides on a lapsed grant is the close (`closeCase`), which waits for an unused grant until
 * `ANSWER_GRANT_MARGIN_SECONDS` after it lapsed — an answer whose clock was read in time may still be committing.
 * Deleted sooner, the grant would let a close through while that answer can still land. Twice the margin: retention
 * may run on one replica of intake and the close on another, and their clocks may disagree by a few seconds too.
 */
export const ANSWER_GRANT_KEEP_MIN_MS = 2 * ANSWER_GRANT_MARGIN_SECONDS * 1000
/** A day by default: long enough to read back why a close was held, far past the close's own margin. */
export const ANSWER_GRANT_KEEP_DEFAULT_MS = 86_400_000
/** The longest keep `ANSWER_GRANT_KEEP_MS` may set: 90 days. */
export const ANSWER_GRANT_KEEP_MAX_MS = 90 * 86_400_000

/** Why a keep is not allowed (not a whole number of ms, under the minimum or over the maximum), or undefined. */
export const answerGrantKeepRefusal = (ms: number): string | undefined =>
  Number.isInteger(ms) && ms >= ANSWER_GRANT_KEEP_MIN_MS && ms <= ANSWER_GRANT_KEEP_MAX_MS
    ? undefined
    : `ANSWER_GRANT_KEEP_MS must be a whole number from ${ANSWER_GRANT_KEEP_MIN_MS} to ${ANSWER_GRANT_KEEP_MAX_MS} ms, got ${ms}`

/** A stored grant as retention reads it. */
export type StoredGrant = { grantId: string; validUntil: string }

/**
 * Retention's decision on one grant (the `intake-retention` job): the grant to delete once it lapsed more than
 * `keepMs` before `now`, else undefined. Used or not: once lapsed past the close's margin it holds nothing back, and
 * an answer landing later only marks it used (an update that then finds no row).
 */
export const grantPastKeeping = (g: StoredGrant, now: string, keepMs: number): string | undefined =>
  Date.parse(g.validUntil) + keepMs < Date.parse(now) ? g.grantId : undefined

/** What a close decides: the closed case, or a refusal — with the case to keep when the close is held back. */
export type CloseDecision = { decision: Result<AssistedCase>; requested?: AssistedCase }

/** The later of two instants, so a case's `updatedAt` never moves backwards (an act's instant may be older). */
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b)

/**
 * The service centre (the window's `clerk`, which opened it: 004:1868 市、区政务服务中心统筹) closes the case with a
 * reason: its helper acts for the owner no more, and the follow-up visits not recorded end (they no longer fall due).
 * A 补正 answer the helper was granted and that may still land at approval holds the close back (409
 * `INTAKE_ASSIST_ANSWER_IN_FLIGHT`, with the instant to try again): the answer is approval's transaction, not this
 * one, so the close waits for it rather than let it land on a closed case. The held close is kept on the case
 * (`requested`, `closeRequested`): `answeringFor` grants nothing more under it, so the grants holding it back are the
 * last, and a retry after `retryAfter` closes — a helper cannot keep the case open by asking again and again.
 * A grant whose stored lapse is no instant ('infinity') holds the close back too, and is kept requested the same way,
 * but no retry would ever outlast it: the close is refused naming it (`INTAKE_ASSIST_GRANT_UNREADABLE`, a 500 — the
 * row is damaged, not the request) until the row is repaired.
 */
export function closeCase(
  c: AssistedCase,
  input: { body: CloseAssistedCaseBody; outstanding: readonly OutstandingGrant[] },
  moment: Moment,
): CloseDecision {
  if (c.status !== 'open') {
    return {
      decision: refuse({
        code: 'INTAKE_ASSIST_CASE_CLOSED',
        message: `Case ${c.caseId} is closed already.`,
        details: { caseId: c.caseId, closedAt: c.closed?.at },
      }),
    }
  }
  const now = Date.parse(moment.at)
  // Date.parse of a lapse that is no instant is NaN, which compares as lapsed: such a grant must be held apart, or
  // the close would go through while its answer may still land.
  const unreadable = input.outstanding.filter((g) => !isRealInstant(g.validUntil))
  const holding = input.outstanding
    .filter((g) => isRealInstant(g.validUntil))
    .map((g) => Date.parse(g.validUntil) + ANSWER_GRANT_MARGIN_SECONDS * 1000)
    .filter((until) => until > now)
  const requested: AssistedCase = {
    ...c,
    closeRequested: { at: moment.at, by: moment.by, reason: input.body.reason },
    revision: c.revision + 1,
    updatedAt: later(c.updatedAt, moment.at),
  }
  if (unreadable.length > 0) {
    const named = unreadable.map((g) => `${g.grantId} (valid until ${g.validUntil})`).join(', ')
    return {
      decision: refuse({
        code: 'INTAKE_ASSIST_GRANT_UNREADABLE',
        message: `Case ${c.caseId} cannot be closed: the helper's 补正 answer grant ${named} lapses at no instant, so its answer may still land; the stored grant must be repaired first.`,
        details: {
          caseId: c.caseId,
          grants: unreadable.map((g) => ({ grantId: g.grantId, validUntil: g.validUntil })),
        },
      }),
      requested,
    }
  }
  if (holding.length > 0) {
    const retryAfter = new Date(Math.max(...holding)).toISOString()
    return {
      decision: refuse({
        code: 'INTAKE_ASSIST_ANSWER_IN_FLIGHT',
        message: `The helper's answer to a 补正 notice may still land under case ${c.caseId}; close it after ${retryAfter}.`,
        details: { caseId: c.caseId, retryAfter },
      }),
      requested,
    }
  }
  const visits = c.visits.map((v) =>
    v.status === 'recorded' ? v : { ...v, status: 'ended' as const, endedAt: moment.at },
  )
  return {
    decision: ok({
      ...c,
      status: 'closed',
      visits,
      closed: { at: moment.at, on: moment.today, by: moment.by, reason: input.body.reason },
      revision: c.revision + 1,
      updatedAt: moment.at,
    }),
  }
}

/**
 * The case as its helper may read the owner's open 补正 notices through it: the helper it names, while it is open.
 * Another helper (or none) is told there is no such case, as for every act on a case; the helper of a closed case is
 * told why (403 `INTAKE_ASSIST_NOT_ASSIGNED`, `case-closed`), as when it answers.
 */
export function readingFor(c: AssistedCase | undefined, actor: Actor, caseId: string): Result<AssistedCase> {
  if (!c || actor.role !== 'helper' || c.helper.sub !== actor.sub) {
    return refuse({ code: 'INTAKE_ASSIST_CASE_NOT_FOUND', message: `No case ${caseId}.` })
  }
  if (c.status !== 'open') {
    return notAssigned('case-closed', `Case ${c.caseId} is closed: the owner answers its 补正 notices.`, c.caseId)
  }
  return ok(c)
}

/** The act recorded on the case (acts beyond the schema's 500 keep the latest 500). */
export function recordAct(
  c: AssistedCase,
  act: { act: string; applicationId: string; step: string; helper: string },
  moment: Moment,
): AssistedCase {
  const acts = [...c.acts, { at: moment.at, on: moment.today, ...act }].slice(-500)
  return { ...c, acts, revision: c.revision + 1, updatedAt: later(c.updatedAt, moment.at) }
}

/**
 * 跟踪回访 scheduled by the case's helper, `workingDays` ahead on the working-day calendar (the seeds give no
 * interval, 004:51: the helper sets it). At most 100 visits per case (the snapshot's bound).
 */
export function scheduleVisit(
  c: AssistedCase,
  actor: Actor,
  input: { visitId: string; body: ScheduleVisitBody; region: string; calendar: Calendar },
  moment: Moment,
): Result<AssistedCase> {
  if (!isCaseHelper(c, actor)) return refuse({ code: 'INTAKE_ASSIST_CASE_NOT_FOUND', message: `No case ${c.caseId}.` })
  if (c.visits.length >= 100) {
    return refuse({ code: 'INTAKE_ASSIST_VISIT_LIMIT', message: 'A case keeps at most 100 follow-up visits.' })
  }
  const { body } = input
  const dueOn = dueDate(input.calendar, {
    start: moment.today,
    limit: { value: body.workingDays, unit: 'W' },
    region: input.region,
  })
  const visit = {
    visitId: input.visitId,
    purpose: body.purpose,
    channel: body.channel,
    scheduledAt: moment.at,
    workingDays: body.workingDays,
    scheduledOn: moment.today,
    dueOn,
    status: 'scheduled' as const,
  }
  return ok({ ...c, visits: [...c.visits, visit], revision: c.revision + 1, updatedAt: moment.at })
}

/** The visits that fall due today or before and were not yet found due: marked once, or undefined when none. */
export function visitsFallingDue(c: AssistedCase, today: string, at: string): AssistedCase | undefined {
  if (!c.visits.some((v) => v.status === 'scheduled' && v.dueOn <= today)) return undefined
  const visits = c.visits.map((v) =>
    v.status === 'scheduled' && v.dueOn <= today ? { ...v, status: 'due' as const, fellDueAt: at } : v,
  )
  return { ...c, visits, revision: c.revision + 1, updatedAt: at }
}

/** The earliest day a scheduled visit falls due: what the sweep looks for. */
export const nextVisitDue = (c: AssistedCase): string | undefined =>
  c.visits
    .filter((v) => v.status === 'scheduled')
    .map((v) => v.dueOn)
    .sort()[0]

/** The helper records a visit it made: once, whether or not it had fallen due yet. */
export function recordVisit(
  c: AssistedCase,
  actor: Actor,
  input: { visitId: string; body: RecordVisitBody },
  moment: Moment,
): Result<AssistedCase> {
  if (!isCaseHelper(c, actor)) return refuse({ code: 'INTAKE_ASSIST_CASE_NOT_FOUND', message: `No case ${c.caseId}.` })
  const visit = c.visits.find((v) => v.visitId === input.visitId)
  if (!visit) return refuse({ code: 'INTAKE_ASSIST_VISIT_NOT_FOUND', message: `No visit ${input.visitId}.` })
  if (visit.status === 'recorded') {
    return refuse({
      code: 'INTAKE_ASSIST_VISIT_RECORDED',
      message: 'The visit is recorded already.',
      details: { visitId: visit.visitId },
    })
  }
  const visits = c.visits.map((v) =>
    v.visitId === input.visitId
      ? {
          ...v,
          status: 'recorded' as const,
          recordedAt: moment.at,
          recordedOn: moment.today,
          outcome: input.body.outcome,
        }
      : v,
  )
  return ok({ ...c, visits, revision: c.revision + 1, updatedAt: moment.at })
}

/**
 * What the owner still owes on an application, as its case's helper may hand it in: the 一次性告知's materials while
 * that notice is unanswered (one answer, all at once, 行政许可法第三十二条), else the 容缺 materials not yet handed in.
 * A withdrawn, refused or rejected application owes nothing; an approved one still owes the 容缺 materials not yet
 * handed in (only the 一次性告知 is confined to an open, received application).
 */
export function owedOn(a: {
  status: string
  receipt: Pick<ApplicationReceipt, 'nationalCode' | 'notice'> | null
  owedDeficiencies: readonly string[]
}): { kind: 'receipt-notice' | 'deficiencies' | 'none'; materials: string[]; reason?: string } {
  const notice = a.receipt?.notice
  if (a.status === 'open' && a.receipt?.nationalCode === 1 && notice && notice.answeredAt === undefined) {
    return { kind: 'receipt-notice', materials: [...notice.materials], reason: notice.reason }
  }
  const closed = a.status === 'withdrawn' || a.status === 'refused' || a.status === 'rejected'
  if (closed || a.owedDeficiencies.length === 0) return { kind: 'none', materials: [] }
  return { kind: 'deficiencies', materials: [...a.owedDeficiencies] }
}
