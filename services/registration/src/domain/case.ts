import type {
  AcceptanceCaseSnapshot,
  Actor,
  CertificateObjectionSnapshot,
  RegistrationCaseSnapshot,
} from '@onewindow/contracts'
import { type DomainDetails, type Limit, ok, type Result } from '@onewindow/vocabulary'
import { alertsDue, type Calendar, evaluateClock, legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'

type Snapshot = Static<typeof RegistrationCaseSnapshot>
type AcceptanceCase = Static<typeof AcceptanceCaseSnapshot>

/**
 * A first-registration case (不动产首次登记) as the service keeps it: the snapshot the events carry, plus what
 * deciding needs — the owner, the type's region, 验收即发证, the step's limit and the day joint acceptance passed.
 */
export type Case = Snapshot & {
  projectType: string
  region: string
  owner: { name: string; creditCode: string }
  registrationWithAcceptance: boolean
  /** The first-registration step's limit from the catalogue; absent when the catalogue gives none. */
  limit?: Limit
  acceptancePassedOn?: string
  /** The version of the acceptance case `acceptanceResults` were taken from: an older event's results change nothing. */
  acceptanceVersion?: number
}

export type CaseEvent =
  | { type: 'pre-survey-started' }
  | { type: 'pre-survey-passed' }
  | { type: 'opened' }
  | { type: 'completed'; unitCode?: string; parcel?: string; floorAreaM2?: number }
  | { type: 'acceptance-results-updated' }
  | { type: 'clock-warned'; note: string; dueOn: string }
  | { type: 'clock-overdue'; note: string; dueOn: string }

/** `at` is the instant, `today` its legal date; `certificateId` is used only when the case completes. */
export type Ctx = { at: string; today: string; certificateId: string }

/**
 * 受理编号 — the number a person reads out for a case, given when the case is created and kept for its whole life,
 * numbered in its region's year (the year of the day it was created, in China). The number is the next of that
 * scope's sequence, so it is not the domain's to give: the caller takes it in the transaction that creates the case
 * ({@link numberCase}), and only for a change that carries its numbering.
 */
export type Numbering = { region: string; year: string }

/**
 * What a change did: the case after it, and each event with the case it left. `numbering` is set when the change
 * created the case: the case and every event's case still lack `caseNumber`.
 */
export type Changed = { case: Case; events: Array<{ event: CaseEvent; case: Case }>; numbering?: Numbering }
export type Decision = Result<Changed>

const reject = (code: string, message: string, details: DomainDetails = {}): Decision => ({
  ok: false,
  error: { code, message, details },
})

/** The snapshot as the contract carries it: the service's own fields stay home. */
export function snapshotOf(c: Case): Snapshot {
  const {
    projectType: _t,
    region: _r,
    owner: _o,
    registrationWithAcceptance: _w,
    limit: _l,
    acceptancePassedOn: _p,
    acceptanceVersion: _v,
    ...snapshot
  } = c
  return snapshot
}

export function evolve(c: Case, event: CaseEvent, ctx: Ctx): Case {
  const next = { ...c, version: c.version + 1, updatedAt: ctx.at }
  switch (event.type) {
    case 'pre-survey-started':
      return { ...next, status: 'pre-survey' }
    case 'pre-survey-passed':
      return { ...next, status: 'pre-survey-passed' }
    case 'opened':
      return {
        ...next,
        status: 'open',
        ...(c.limit ? { clock: { limit: c.limit, start: ctx.today, region: c.region, suspensions: [] } } : {}),
      }
    case 'completed':
      return { ...next, status: 'completed', certificateId: ctx.certificateId, completedAt: ctx.at }
    case 'acceptance-results-updated':
      return next
    case 'clock-warned':
      return { ...next, clockAlerts: { ...c.clockAlerts, warnedOn: ctx.today } }
    case 'clock-overdue':
      return { ...next, clockAlerts: { ...c.clockAlerts, overdueOn: ctx.today } }
  }
}

/** Applies events one by one, keeping each intermediate case for its event's snapshot. */
function apply(c: Case, events: CaseEvent[], ctx: Ctx, prior: Changed['events'] = []): Changed {
  const out = [...prior]
  let state = c
  for (const event of events) {
    state = evolve(state, event, ctx)
    out.push({ event, case: state })
  }
  return { case: state, events: out }
}

/**
 * 验登合一 — once the pre-survey passed and joint acceptance passed, the case opens by itself; where the type has
 * 验收即发证 it completes in the same breath, so the certificate goes out with the pass.
 */
function followOn(c: Case): CaseEvent[] {
  if (c.status !== 'pre-survey-passed' || c.acceptancePassedOn === undefined) return []
  // A pass revoked (撤销) is no pass to open on, whichever of the two arrived first.
  if (c.acceptanceResults?.passRevoked) return []
  return c.registrationWithAcceptance ? [{ type: 'opened' }, { type: 'completed' }] : [{ type: 'opened' }]
}

/**
 * 多测合一 — the completion survey's results as the pre-survey uses them, with the surveying unit that did it and
 * when it recorded them: the registrar names the survey it relies on by who made it, not by a commission's id.
 */
export type CompletionSurvey = {
  commissionId: string
  /** The building the survey measured; absent for the whole project. */
  part?: string
  results: ReadonlyArray<{ item: string; areaM2?: number }>
  surveyor?: { name: string }
  completedAt?: string
}

const preSurveyByOf = (s: CompletionSurvey): NonNullable<Case['preSurveyBy']> => {
  const area = s.results.find((r) => r.item === 'floor-area-survey')?.areaM2
  return {
    commissionId: s.commissionId,
    ...(s.part ? { part: s.part } : {}),
    ...(s.surveyor ? { surveyor: s.surveyor.name } : {}),
    ...(s.completedAt ? { surveyedAt: s.completedAt } : {}),
    ...(area === undefined ? {} : { floorAreaM2: area }),
  }
}

/** The survey measured what the case registers: the same building, or the whole project for a case of the whole. */
const measuredTheSamePart = (c: Pick<Case, 'part'>, survey: { part?: string | undefined }): boolean =>
  (survey.part || undefined) === (c.part || undefined)

/**
 * 多测合一 — the completion survey's results reached a case in pre-survey: the pre-survey uses them (成果共享) and
 * passes without a second survey; the case opens if joint acceptance passed. A case past its pre-survey, or of
 * another building than the survey measured (竣工一幢、验收一幢、登记一幢), is unchanged.
 */
export function completionSurveyed(c: Case, survey: CompletionSurvey, ctx: Ctx): Decision {
  if (c.status !== 'pre-survey' || !measuredTheSamePart(c, survey)) return ok({ case: c, events: [] })
  const used = { ...c, preSurveyBy: preSurveyByOf(survey) }
  const passed = evolve(used, { type: 'pre-survey-passed' }, ctx)
  return ok(apply(passed, followOn(passed), ctx, [{ event: { type: 'pre-survey-passed' }, case: passed }]))
}

export type StartInput = {
  /**
   * The completion surveys that may be the case's, in the order they are preferred: the one the acceptance case
   * carries (its commission had completed when the case opened) and those registration kept for the project (one that
   * completed after the acceptance case opened and before this case was created is in no acceptance event). The first
   * that measured the case's building (or, for the whole project, the whole) is used; the others are not the case's.
   */
  surveys?: ReadonlyArray<CompletionSurvey>
  caseId: string
  acceptance: AcceptanceCase
  limit?: Limit
  /** The acceptance already passed (its pass arrived before its start). */
  passed?: boolean
}

/**
 * 权籍调查 starts from the shared project data when joint acceptance starts: the owner files nothing. The case is
 * created whichever acceptance event comes first; the version starts at 1 with the pre-survey, which passes at once
 * on a completion survey of what the case registers, whichever of `surveys` brought it.
 */
export function startPreSurvey(input: StartInput, ctx: Ctx): Decision {
  const a = input.acceptance
  const created: Case = {
    caseId: input.caseId,
    projectId: a.projectId,
    acceptanceCaseId: a.caseId,
    // 竣工一幢、验收一幢、登记一幢: the building acceptance accepted is the one registered, named on the case and its
    // certificate; an empty name is no name, so such a case is of the whole project as one without.
    ...(a.part ? { part: a.part } : {}),
    status: 'pre-survey',
    openedAt: ctx.at,
    version: 0,
    updatedAt: ctx.at,
    projectType: a.projectType,
    region: a.region,
    owner: a.owner,
    registrationWithAcceptance: a.registrationWithAcceptance,
    ...(input.limit ? { limit: input.limit } : {}),
    ...(input.passed ? { acceptancePassedOn: ctx.today, acceptanceOpinion: opinionOf(a, ctx) } : {}),
  }
  const numbering = { region: a.region, year: ctx.today.slice(0, 4) }
  const started = apply(created, [{ type: 'pre-survey-started' }], ctx)
  const survey = input.surveys?.find((s) => measuredTheSamePart(created, s))
  if (!survey) return ok({ ...started, numbering })
  const d = completionSurveyed(started.case, survey, ctx)
  return d.ok ? ok({ case: d.value.case, events: [...started.events, ...d.value.events], numbering }) : d
}

/**
 * The case's number: region, year and the region's running number of the year, e.g. DJ-440600-2026-000123. DJ is 登记
 * (DēngJì) as LHYS is 联合验收: ASCII, so it survives any file or export, and a prefix of its own, so a registration
 * case is never mistaken for a joint-acceptance letter or for the property certificate's number it leads to.
 */
export const caseNumberOf = (numbering: Numbering, seq: number): string =>
  `DJ-${numbering.region}-${numbering.year}-${String(seq).padStart(6, '0')}`

/** The change with its case numbered `seq`: the case and every event's case carry the number. */
export function numberCase(d: Changed, seq: number): Changed {
  const { numbering, ...rest } = d
  if (!numbering) return rest
  const caseNumber = caseNumberOf(numbering, seq)
  return {
    case: { ...rest.case, caseNumber },
    events: rest.events.map((e) => ({ ...e, case: { ...e.case, caseNumber } })),
  }
}

/**
 * 证照编号 — the property certificate's number, given when the case completes. Like the case's own number it is the
 * next of a sequence, so the caller takes it in the transaction that completes the case — only for a change that
 * completes it — and the case and every event's case from the completion on carry it.
 */
export function numberCertificate(d: Changed, certificateNumber: string): Changed {
  const at = d.events.findIndex((e) => e.event.type === 'completed')
  if (at < 0) return d
  return {
    ...d,
    case: { ...d.case, certificateNumber },
    events: d.events.map((e, i) => (i < at ? e : { ...e, case: { ...e.case, certificateNumber } })),
  }
}

/**
 * The 联合验收意见书 a pass carries, as the case keeps it: the registrar names what the registration rests on. The pass
 * day is the acceptance's own decision day in China (`decidedAt`), else the day registration took the pass in.
 */
export function opinionOf(acceptance: AcceptanceCase, ctx: Ctx): NonNullable<Case['acceptanceOpinion']> {
  return {
    ...(acceptance.opinionNumber ? { number: acceptance.opinionNumber } : {}),
    passedOn: acceptance.decidedAt ? legalDateOf(acceptance.decidedAt) : ctx.today,
  }
}

/**
 * Joint acceptance passed: remembered on the case with its opinion letter (no event of its own: the next event
 * carries it), and the case opens if it can. `opinion` is absent only where a caller has none to give.
 */
export function acceptancePassed(c: Case, ctx: Ctx, opinion?: Case['acceptanceOpinion']): Decision {
  if (c.acceptancePassedOn !== undefined) return ok({ case: c, events: [] })
  const marked = { ...c, acceptancePassedOn: ctx.today, ...(opinion ? { acceptanceOpinion: opinion } : {}) }
  return ok(apply(marked, followOn(marked), ctx))
}

/** The 结果物 and 竣工验收备案表 a joint acceptance case carries, as the registration case keeps them. */
export function acceptanceResultsOf(acceptance: AcceptanceCase): NonNullable<Case['acceptanceResults']> {
  const results = acceptance.items.flatMap((i) =>
    i.result
      ? [
          {
            item: i.item,
            ...(i.itemName ? { itemName: i.itemName } : {}),
            department: i.department,
            ...(i.departmentName ? { departmentName: i.departmentName } : {}),
            name: i.result.name,
            number: i.result.number,
            issuedOn: i.result.issuedOn,
          },
        ]
      : [],
  )
  const revoked = acceptance.passRevoked
  return {
    results,
    ...(acceptance.filingForm ? { filingForm: acceptance.filingForm } : {}),
    ...(revoked ? { passRevoked: { item: revoked.item, on: revoked.on } } : {}),
  }
}

/**
 * 在线获取验收结果 (004:2279) — an acceptance event carrying results reached the case: the case keeps them as that
 * acceptance version carried them, whatever its status (a completed case's registrar still reads what it rested on).
 * Each event carries the whole acceptance case and the consumers of its events run apart, so they may arrive in any
 * order: one no newer than the version kept changes nothing.
 */
export function acceptanceResultsReceived(c: Case, acceptance: AcceptanceCase, ctx: Ctx): Decision {
  if (c.acceptanceVersion !== undefined && acceptance.version <= c.acceptanceVersion) return ok({ case: c, events: [] })
  const kept: Case = { ...c, acceptanceVersion: acceptance.version, acceptanceResults: acceptanceResultsOf(acceptance) }
  return ok(apply(kept, [{ type: 'acceptance-results-updated' }], ctx))
}

const isRegistrar = (actor: Actor) => actor.role === 'registrar' || actor.role === 'admin'

export function passPreSurvey(c: Case, actor: Actor, ctx: Ctx): Decision {
  if (!isRegistrar(actor)) {
    return reject('REGISTRATION_NOT_A_REGISTRAR', 'Only the registration office acts on a registration case.', {
      role: actor.role,
    })
  }
  if (c.status !== 'pre-survey') {
    return reject('REGISTRATION_PRE_SURVEY_NOT_RUNNING', `The pre-survey is not running: the case is ${c.status}.`, {
      caseStatus: c.status,
    })
  }
  const passed = evolve(c, { type: 'pre-survey-passed' }, ctx)
  return ok(apply(passed, followOn(passed), ctx, [{ event: { type: 'pre-survey-passed' }, case: passed }]))
}

/** What the registrar records on completing: the unit code, the parcel, and the floor area of what the case registers. */
export type CompleteInput = { unitCode?: string; parcel?: string; floorAreaM2?: number }

/** An open objection (raised, not answered) to a permit the case's project holds, as completing weighs it. */
export type DisputedPermit = Pick<
  CertificateObjectionSnapshot,
  'objectionId' | 'certificateId' | 'certificateNumber' | 'certificateTitle' | 'issuer' | 'raisedBy'
>

/**
 * The registrar completes an open case; the unit code, when given, must lie in the case's region. `disputed` are the
 * open objections to the permits of the case's project — what the first registration uses and verifies instead of paper
 * (004:1128, 004:1130). While one is open the completion is refused, not held: a using department doubts the permit's
 * accuracy and its issuer has not yet checked it (004:1134), and the property certificate issued on it could then
 * only be revoked, not corrected (同步签发、同步更新、同步废止, 004:1122; 登记错误, 004:3757). Refused rather than the
 * clock stopped: the wait is between the issuing department and its users, not the applicant's to bear, and no seed
 * line suspends the registration's time limit for it — the issuer's answer lets the registrar complete again.
 */
export function complete(
  c: Case,
  actor: Actor,
  input: CompleteInput,
  ctx: Ctx,
  disputed: readonly DisputedPermit[],
): Decision {
  if (!isRegistrar(actor)) {
    return reject('REGISTRATION_NOT_A_REGISTRAR', 'Only the registration office acts on a registration case.', {
      role: actor.role,
    })
  }
  if (c.status !== 'open') {
    return reject('REGISTRATION_CASE_NOT_OPEN', `Only an open case completes: the case is ${c.status}.`, {
      caseStatus: c.status,
    })
  }
  const revoked = c.acceptanceResults?.passRevoked
  if (revoked) {
    return reject(
      'REGISTRATION_ACCEPTANCE_REVOKED',
      `The joint acceptance the case rests on had its pass revoked on ${revoked.on} (${revoked.item}): no first registration completes on it.`,
      { item: revoked.item, revokedOn: revoked.on },
    )
  }
  if (disputed.length > 0) {
    const numbers = [...new Set(disputed.map((d) => d.certificateNumber))]
    return reject(
      'REGISTRATION_CERTIFICATE_DISPUTED',
      `The first registration relies on ${numbers.join(', ')}, under an objection its issuer has not answered: it completes once the issuer answers.`,
      {
        certificateNumbers: numbers,
        objections: disputed.map((d) => ({
          objectionId: d.objectionId,
          certificateId: d.certificateId,
          certificateNumber: d.certificateNumber,
          certificateTitle: d.certificateTitle,
          issuer: d.issuer,
          raisedBy: d.raisedBy,
        })),
      },
    )
  }
  if (input.unitCode !== undefined && !input.unitCode.startsWith(c.region)) {
    return reject('REGISTRATION_UNIT_CODE_REGION', `The unit code must start with the region code ${c.region}.`, {
      region: c.region,
      errors: [{ field: '/body/unitCode', message: `must start with the region code ${c.region}` }],
    })
  }
  return ok(apply(c, [{ type: 'completed', ...input }], ctx))
}

/**
 * 预警 / 超时 — the open case's clock alerts due on `ctx.today` and not yet raised, each recorded on the case by its
 * own event: yellow at `yellowAt` of the limit, overdue the day after the due date. The clock runs only while the
 * case is open, so a completed case (or one not open yet) raises none; nor does an open case whose joint acceptance
 * had its pass revoked (撤销): it completes no first registration, so there is no time limit left to watch. Each
 * event carries the clock's due day as the calendar makes it today (`dueOn`), which its reader tells.
 */
export function raiseClockAlerts(
  c: Case,
  ctx: Ctx,
  clocks: { calendar: Calendar; yellowAt: number },
): Changed | undefined {
  if (c.status !== 'open' || !c.clock || c.acceptanceResults?.passRevoked) return undefined
  const state = evaluateClock(clocks.calendar, c.clock, ctx.today, { yellowAt: clocks.yellowAt })
  const kinds = alertsDue(state, c.clockAlerts)
  if (kinds.length === 0) return undefined
  const note = `due ${state.due}, ${state.used} of ${c.clock.limit.value} ${c.clock.limit.unit} used`
  return apply(
    c,
    kinds.map((kind): CaseEvent => ({ type: `clock-${kind}`, note, dueOn: state.due })),
    ctx,
  )
}
