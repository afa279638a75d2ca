import {
  type AcceptanceCaseSnapshot,
  type Actor,
  type CommitmentRectificationEscalationBody,
  type CommitmentRectificationReportBody,
  type CommitmentRectificationReviewBody,
  failsAcceptance,
  orderedFinding,
  PERMIT_ITEM,
  type RecordOpinionBody,
  type RecordResultBody,
  type RectificationChange,
  type RectificationRefusal,
  rectificationAfter,
  rectificationDueOverdue,
  rectificationEscalation,
  rectificationRefusal,
  rectificationReport,
  rectificationReview,
  type ScheduleInspectionBody,
  type StepPhase,
  type SubmitRectificationBody,
  type VerifyCommitmentBody,
} from '@onewindow/contracts'
import {
  type DomainDetails,
  isVerificationOverdue,
  type Limit,
  ok,
  type Refusal,
  type Result,
  summaryNote,
  verificationErrors,
  verifyCommitment as verifyCommitmentOf,
} from '@onewindow/vocabulary'
import { alertsDue, type Calendar, evaluateClock, legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { defectsOf, type ProjectLandList, refuseDefectsOutsideList } from './land-list.js'

// 联合验收 — joint completion acceptance: one application to the lead department, one joint inspection by every
// department concerned, re-inspection of only what failed, one opinion letter. Pure: no I/O, no clock reads.

export type Case = Static<typeof AcceptanceCaseSnapshot>
export type CaseItem = Case['items'][number]

/** What a change did, in the order it happened; each becomes one event carrying the case after it. */
export type CaseEvent =
  | { type: 'started' }
  | { type: 'inspection-scheduled' }
  | { type: 'opinion-recorded'; note?: string }
  | { type: 'rectification-submitted'; note?: string }
  | { type: 'passed' }
  | { type: 'failed'; note?: string }
  | { type: 'commitment-kept'; item: string }
  | { type: 'commitment-breached'; item: string; note: string }
  | { type: 'commitment-overdue'; item: string }
  | { type: 'clock-warned'; note: string; dueOn: string }
  | { type: 'clock-overdue'; note: string; dueOn: string }
  | { type: 'result-recorded'; item: string }
  | { type: 'filing-issued' }
  | { type: 'pass-revoked'; item: string; note: string }
  | { type: 'commitment-rectification-reported'; item: string; note: string }
  | { type: 'commitment-rectification-reviewed'; item: string; note?: string }
  | { type: 'commitment-rectification-overdue'; item: string; note: string }
  | { type: 'commitment-rectification-escalated'; item: string; note: string }

/**
 * 联合验收意见书 — the letter a pass issues, numbered in its region's year (the year of the day it passed, in China).
 * The number is the next of that scope's sequence, so it is not the domain's to give: the caller takes it in the
 * transaction that stores the pass ({@link numberLetter}), and only for a change that carries a letter.
 */
export type Letter = { region: string; year: string }

/**
 * `letter` is set when the change passed the case: the passed case and its event still lack `opinionNumber`.
 * `filing` likewise when it issued the 竣工验收备案表: the case and its `filing-issued` event still lack `filingForm`.
 */
export type Changed = {
  case: Case
  events: Array<{ event: CaseEvent; case: Case }>
  letter?: Letter
  filing?: Letter & { issuedOn: string }
}
export type Decision = Result<Changed>

const refuse = (code: string, message: string, details?: DomainDetails): Refusal => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
})

const fieldErrors = (errors: Array<{ field: string; message: string }>) => ({ errors })

const isDecided = (c: Case) => c.status === 'passed' || c.status === 'failed'

/** An item the current inspection round is to give an opinion on. */
export const inCurrentRound = (c: Case, item: CaseItem): boolean =>
  item.status === 'pending' && c.inspection !== undefined && item.round === c.inspection.round

/**
 * The case status its items imply: an item that fails it ({@link failsAcceptance}) fails it, all passed passes it, else
 * it waits on an inspection or the owner.
 */
export function statusOf(c: Case): Case['status'] {
  if (c.items.some(failsAcceptance)) return 'failed'
  if (c.items.every((i) => i.status === 'passed' || i.status === 'committed')) return 'passed'
  if (c.inspection === undefined) return 'open'
  if (c.items.some((i) => inCurrentRound(c, i))) return 'scheduled'
  return 'rectifying'
}

/** One change: version +1, the time of it, the event that says so. */
function change(events: Changed['events'], before: Case, patch: Partial<Case>, event: CaseEvent, at: string): Case {
  const after: Case = { ...before, ...patch, version: before.version + 1, updatedAt: at }
  events.push({ event, case: after })
  return after
}

/**
 * The passed or failed decision that follows an opinion, at most once (a decided case takes no opinions). A pass
 * issues the opinion letter, its number left to the caller ({@link Letter}); nothing else does.
 */
function conclude(events: Changed['events'], c: Case, ctx: Ctx, note?: string): Changed {
  const status = statusOf(c)
  if (status === 'passed') {
    const after = change(events, c, { status, decidedAt: ctx.at }, { type: 'passed' }, ctx.at)
    return { case: after, events, letter: { region: c.region, year: ctx.today.slice(0, 4) } }
  }
  if (status === 'failed') {
    const after = change(
      events,
      c,
      { status, decidedAt: ctx.at },
      { type: 'failed', ...(note ? { note } : {}) },
      ctx.at,
    )
    return { case: after, events }
  }
  return { case: c.status === status ? c : { ...c, status }, events }
}

/** 联合验收意见书 number: region, year and the region's running number of the year, e.g. LHYS-440600-2026-000123. */
export const opinionNumberOf = (letter: Letter, seq: number): string =>
  `LHYS-${letter.region}-${letter.year}-${String(seq).padStart(6, '0')}`

/** The change with its letter numbered `seq`: the passed case and the `passed` event's case carry the number. */
export function numberLetter(d: Changed, seq: number): Changed {
  const { letter, ...rest } = d
  if (!letter) return rest
  const opinionNumber = opinionNumberOf(letter, seq)
  const numbered = (c: Case): Case => (c.status === 'passed' ? { ...c, opinionNumber } : c)
  return { ...rest, case: numbered(rest.case), events: rest.events.map((e) => ({ ...e, case: numbered(e.case) })) }
}

/** 竣工验收备案表 number: region, year and the region's running number of the year, e.g. JGBA-440600-2026-000123. */
export const filingNumberOf = (filing: Letter, seq: number): string =>
  `JGBA-${filing.region}-${filing.year}-${String(seq).padStart(6, '0')}`

/** The change with its filing form numbered `seq`: the case and every event's case from `filing-issued` on carry it. */
export function numberFiling(d: Changed, seq: number): Changed {
  const { filing, ...rest } = d
  if (!filing) return rest
  const filingForm = { number: filingNumberOf(filing, seq), issuedOn: filing.issuedOn }
  let issued = false
  const events = rest.events.map((e) => {
    issued ||= e.event.type === 'filing-issued'
    return issued ? { ...e, case: { ...e.case, filingForm } } : e
  })
  return { ...rest, case: { ...rest.case, filingForm }, events }
}

export type CatalogueItem = {
  item: string
  department: string
  /** The department as the region's catalogue names it. */
  departmentName?: string
  itemName?: string
  commitmentAllowed: boolean
}

export type OpenInput = {
  caseId: string
  actor: Actor
  project: {
    projectId: string
    projectType: string
    region: string
    owner: { name: string; creditCode: string }
  }
  /** The type's acceptance block and joint-acceptance step; undefined when the catalogue has none. */
  configured?: {
    lead: string
    leadName?: string
    registrationWithAcceptance: boolean
    /** The region's catalogue says the opinion letter is the completion-acceptance filing (Foshan, 004:2279). */
    opinionIsFiling?: boolean
    items: CatalogueItem[]
    limit?: Limit
    /** What the step's clock does not count (Shanwei: `public-notice`, 004:1816 不含公示时间). */
    clockExclusions?: Case['clockExclusions']
  }
  /** Items of the project's approved steps. */
  approvedItems: readonly string[]
  /** 分阶段办理: the latest phase before the last of the construction permit approved (still there after the last). */
  permitPhase?: StepPhase
  /**
   * 按照单位工程办理施工许可: the unit works (单位工程) whose construction permit was granted on their own. A case for
   * one of them may open without the whole project's permit; a case for the whole project may not.
   */
  permitParts?: readonly string[]
  /** The owner's bar from 告知承诺, when one runs today (a breached commitment's `bar-commitment` measure). */
  barred?: { caseId: string; item: string; until: string }
  /** 失信: the owner is on intake's dishonesty list as this service last heard it (004:2235: no 告知承诺). */
  ownerDishonest?: boolean
  /** A case for the same part is open or passed already. */
  liveCase?: { caseId: string; status: Case['status'] }
  part?: string
  commitments?: readonly string[]
  /** 多测合一 — the completion survey's results, when its commission completed: the case uses them, not a new survey. */
  survey?: Case['survey']
  today: string
  at: string
  /** today + 20 W: when an item passed on commitment is verified. */
  verifyBy: string
  /** The clock `verifyBy` is the due date of, kept on each committed item so a published calendar re-projects it. */
  verifyClock?: CaseItem['verifyClock']
}

/**
 * The construction permit is not granted: applied for in phases (分阶段办理), the refusal names the latest phase
 * approved. The one check of the permit is the caller's; the phase, recorded whatever else was granted, decides only
 * which refusal.
 */
function permitRefusal(
  projectId: string,
  phase: StepPhase | undefined,
  part: string | undefined,
  grantedParts: readonly string[],
): Decision {
  if (part !== undefined) {
    return refuse(
      'ACCEPTANCE_PART_PERMIT_NOT_GRANTED',
      `Neither the whole project nor unit work ${part} has its construction permit granted: the joint acceptance of ${part} waits for one.`,
      { projectId, part },
    )
  }
  if (!phase) {
    const only = grantedParts.length > 0 ? ` (only unit works ${grantedParts.join(', ')} have their own)` : ''
    return refuse(
      'ACCEPTANCE_PERMIT_NOT_GRANTED',
      `No approved step of the project granted the construction permit of the whole project${only}.`,
      { projectId, ...(grantedParts.length > 0 ? { grantedParts: [...grantedParts] } : {}) },
    )
  }
  const { code, name, number, count } = phase
  return refuse(
    'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING',
    `The construction permit is granted in phases and only phase ${number} of ${count} (${name}) is approved: joint acceptance waits for the last.`,
    { projectId, phase: code, phaseName: name, phaseNumber: number, phaseCount: count },
  )
}

/**
 * The works the case is for have their construction permit: the whole project's (the permit item approved), or — a
 * case for one unit work (单位工程) — that building's own (按照单位工程办理施工许可, seeds/000_5ff03a50698aa736.txt:125).
 * A case for the whole project needs the whole project's permit: acceptance knows the buildings only as the
 * applications name them, not how many the planning permit covers, so "every building has its own" cannot be told.
 */
const permitGranted = (input: OpenInput): boolean =>
  input.approvedItems.includes(PERMIT_ITEM) ||
  (input.part !== undefined && (input.permitParts ?? []).includes(input.part))

/** 一口受理 — the lead alone takes the owner's application; every item of the joint-acceptance step waits for it. */
export function openCase(input: OpenInput): Decision {
  const { actor, project, configured } = input
  if (actor.role !== 'owner' || actor.creditCode !== project.owner.creditCode) {
    return refuse('ACCEPTANCE_NOT_THE_OWNER', 'Only the owner of the project may apply for its joint acceptance.')
  }
  if (!configured || configured.items.length === 0) {
    return refuse(
      'ACCEPTANCE_NOT_CONFIGURED',
      `Project type ${project.projectType} has no joint acceptance in the ${project.region} catalogue.`,
      { projectType: project.projectType, region: project.region },
    )
  }
  if (!permitGranted(input)) {
    return permitRefusal(project.projectId, input.permitPhase, input.part, input.permitParts ?? [])
  }
  if (input.liveCase) {
    return refuse(
      'ACCEPTANCE_CASE_ALREADY_OPEN',
      `${input.part ? `Part ${input.part}` : 'The project'} already has a joint acceptance case (${input.liveCase.status}).`,
      { caseId: input.liveCase.caseId, caseStatus: input.liveCase.status },
    )
  }
  const commitments = input.commitments ?? []
  if (commitments.length > 0 && input.ownerDishonest) {
    return refuse(
      'ACCEPTANCE_OWNER_ON_DISHONESTY_LIST',
      'The owner is on the dishonesty list (失信): no item may be passed on commitment (告知承诺), each is inspected.',
      fieldErrors([{ field: '/body/commitments', message: 'may not be chosen by an owner on the dishonesty list' }]),
    )
  }
  if (commitments.length > 0 && input.barred) {
    const { caseId, item, until } = input.barred
    return refuse(
      'ACCEPTANCE_COMMITMENT_BARRED',
      `The owner may not choose 告知承诺 until ${until}: a commitment on ${item} was not kept.`,
      { ...fieldErrors([{ field: '/body/commitments', message: `is barred until ${until}` }]), caseId, item, until },
    )
  }
  const byCode = new Map(configured.items.map((i) => [i.item, i]))
  const bad = commitments.flatMap((code, i) => {
    const item = byCode.get(code)
    if (!item) return [{ field: `/body/commitments/${i}`, message: `${code} is not an item of this joint acceptance` }]
    if (!item.commitmentAllowed) {
      return [{ field: `/body/commitments/${i}`, message: `${code} may not be passed on commitment (告知承诺)` }]
    }
    return []
  })
  if (bad.length > 0) {
    return refuse('ACCEPTANCE_COMMITMENT_NOT_ALLOWED', 'Some items may not be passed on commitment.', fieldErrors(bad))
  }
  const committed = new Set(commitments)
  const items: CaseItem[] = configured.items.map((i) => ({
    item: i.item,
    department: i.department,
    ...(i.departmentName ? { departmentName: i.departmentName } : {}),
    ...(i.itemName ? { itemName: i.itemName } : {}),
    ...(committed.has(i.item)
      ? {
          status: 'committed' as const,
          round: 0,
          verifyBy: input.verifyBy,
          ...(input.verifyClock ? { verifyClock: input.verifyClock } : {}),
        }
      : { status: 'pending' as const, round: 0 }),
  }))
  const opened: Case = {
    caseId: input.caseId,
    projectId: project.projectId,
    projectType: project.projectType,
    region: project.region,
    owner: project.owner,
    ...(input.part ? { part: input.part } : {}),
    lead: configured.lead,
    ...(configured.leadName ? { leadName: configured.leadName } : {}),
    status: 'open',
    items,
    ...(configured.limit
      ? { clock: { limit: configured.limit, start: input.today, region: project.region, suspensions: [] } }
      : {}),
    ...(configured.limit && configured.clockExclusions?.length
      ? { clockExclusions: [...configured.clockExclusions] }
      : {}),
    registrationWithAcceptance: configured.registrationWithAcceptance,
    ...(configured.opinionIsFiling ? { opinionIsFiling: true } : {}),
    ...(input.survey ? { survey: input.survey } : {}),
    openedAt: input.at,
    version: 1,
    updatedAt: input.at,
  }
  // Everything passed on commitment at once is still one application: it is started, then passed.
  const events: Changed['events'] = [{ event: { type: 'started' }, case: opened }]
  return ok(conclude(events, opened, input))
}

export type Ctx = { at: string; today: string }

/**
 * The lead schedules the joint inspection (round 1) or the re-inspection (next round) of the items still pending:
 * every department of a pending item must take part. A public-notice period, when given, stops the case clock.
 */
export function scheduleInspection(c: Case, actor: Actor, body: ScheduleInspectionBody, ctx: Ctx): Decision {
  if (actor.role !== 'lead' || actor.department !== c.lead) {
    return refuse('ACCEPTANCE_NOT_THE_LEAD', `Only the lead department (${c.lead}) schedules the joint inspection.`, {
      lead: c.lead,
    })
  }
  if (isDecided(c)) return refuse('ACCEPTANCE_CASE_DECIDED', `The case is ${c.status}.`, { caseStatus: c.status })
  const pending = c.items.filter((i) => i.status === 'pending')
  if (pending.length === 0) {
    return refuse('ACCEPTANCE_NOTHING_PENDING', 'No item is waiting for an inspection.', {
      waiting: c.items.filter((i) => i.status === 'rectify').map((i) => i.item),
    })
  }
  const errors: Array<{ field: string; message: string }> = []
  if (body.date < ctx.today) errors.push({ field: '/body/date', message: `is before today (${ctx.today})` })
  const missing = [...new Set(pending.map((i) => i.department))].filter((d) => !body.participants.includes(d))
  for (const d of missing) errors.push({ field: '/body/participants', message: `must include ${d}` })
  if (body.publicNotice && body.publicNotice.to < body.publicNotice.from) {
    errors.push({ field: '/body/publicNotice/to', message: 'is before from' })
  }
  // 公示 (public notice) stops the clock only where the region's limit does not count it (Shanwei 004:1816 不含公示时间);
  // elsewhere (Foshan's 8 W, 004:2169) taking it would move the legal due day. A case opened before its exclusions
  // were kept has none, so it takes no notice either.
  if (body.publicNotice && !c.clockExclusions?.includes('public-notice')) {
    errors.push({ field: '/body/publicNotice', message: "is not excluded from this case's clock" })
  }
  if (errors.length > 0) {
    return refuse('ACCEPTANCE_INSPECTION_INVALID', 'The inspection cannot be scheduled as given.', {
      ...fieldErrors(errors),
      ...(missing.length > 0 ? { missingDepartments: missing } : {}),
    })
  }
  const round = (c.inspection?.round ?? 0) + 1
  const clock =
    c.clock && body.publicNotice
      ? {
          ...c.clock,
          suspensions: [
            ...c.clock.suspensions,
            { kind: 'public-notice' as const, from: body.publicNotice.from, to: body.publicNotice.to },
          ],
        }
      : c.clock
  const scheduled: Case = {
    ...c,
    items: c.items.map((i) => (i.status === 'pending' ? { ...i, round } : i)),
    inspection: { date: body.date, place: body.place, participants: [...body.participants], round },
    ...(clock ? { clock } : {}),
  }
  const events: Changed['events'] = []
  const after = change(events, scheduled, { status: statusOf(scheduled) }, { type: 'inspection-scheduled' }, ctx.at)
  return ok({ case: after, events })
}

/**
 * 不通过 — a fail ends the whole case (the owner must apply again), so the department says why: the reasons are what
 * the owner is told and what a new application must answer. A refusal of a licence states its reasons (行政许可法第三十八条
 * 不予行政许可的书面决定应当说明理由; the article is not in the excerpt of packages/catalogue/data/law, nor in the seeds),
 * as approval's reject carries its reason. A rectify names its defects ({@link recordOpinion}); a pass needs none.
 */
export function refuseFailWithoutReasons(body: Pick<RecordOpinionBody, 'opinion' | 'defects'>): Result<void> {
  if (body.opinion !== 'fail' || (body.defects?.length ?? 0) > 0) return ok(undefined)
  return refuse('ACCEPTANCE_FAIL_REASONS_REQUIRED', 'A fail opinion states its reasons (defects).', {
    ...fieldErrors([{ field: '/body/defects', message: 'is required when the opinion is fail' }]),
  })
}

/**
 * One participating department's opinion on its own item of the current round. The last pass issues the opinion
 * letter (passed); any fail fails the case; rectify waits for the owner.
 */
export function recordOpinion(
  c: Case,
  actor: Actor,
  body: RecordOpinionBody,
  ctx: Ctx,
  landList?: ProjectLandList,
): Decision {
  if (actor.role !== 'reviewer' && actor.role !== 'lead') {
    return refuse('ACCEPTANCE_NOT_A_PARTICIPANT', 'Only a participating department records an opinion.')
  }
  const item = c.items.find((i) => i.item === body.item)
  if (!item) {
    return refuse('ACCEPTANCE_ITEM_UNKNOWN', `${body.item} is not an item of this case.`, {
      ...fieldErrors([{ field: '/body/item', message: `${body.item} is not an item of this case` }]),
    })
  }
  if (
    !actor.department ||
    !c.inspection?.participants.includes(actor.department) ||
    item.department !== actor.department
  ) {
    return refuse(
      'ACCEPTANCE_NOT_A_PARTICIPANT',
      `Only ${item.department}, taking part in the current inspection, gives the opinion on ${item.item}.`,
      { item: item.item, department: item.department },
    )
  }
  if (isDecided(c)) return refuse('ACCEPTANCE_CASE_DECIDED', `The case is ${c.status}.`, { caseStatus: c.status })
  if (!inCurrentRound(c, item)) {
    return refuse(
      'ACCEPTANCE_ITEM_NOT_PENDING',
      `${item.item} is not pending in inspection round ${c.inspection.round}.`,
      {
        item: item.item,
        itemStatus: item.status,
        round: c.inspection.round,
      },
    )
  }
  if (body.opinion === 'rectify' && !body.defects?.length) {
    return refuse('ACCEPTANCE_DEFECTS_REQUIRED', 'A rectify opinion names the defects.', {
      ...fieldErrors([{ field: '/body/defects', message: 'is required when the opinion is rectify' }]),
    })
  }
  const unreasoned = refuseFailWithoutReasons(body)
  if (!unreasoned.ok) return unreasoned
  const listed = refuseDefectsOutsideList(landList, body.defects ?? [])
  if (!listed.ok) return listed
  const status = body.opinion === 'pass' ? 'passed' : body.opinion === 'fail' ? 'failed' : 'rectify'
  const defects = defectsOf(body.defects ?? [], landList)
  const note = defects.texts.join('; ')
  const withOpinion: Case = {
    ...c,
    items: c.items.map((i) => {
      if (i.item !== item.item) return i
      const { defects: _previous, defectRequirements: _before, ...rest } = i
      return {
        ...rest,
        status,
        ...(defects.texts.length ? { defects: defects.texts } : {}),
        ...(defects.requirements.length ? { defectRequirements: defects.requirements } : {}),
      }
    }),
  }
  const events: Changed['events'] = []
  const implied = statusOf(withOpinion)
  const recorded = change(
    events,
    withOpinion,
    // The opinion leaves a deciding status to the passed/failed event that follows it.
    { status: implied === 'failed' || implied === 'passed' ? c.status : implied },
    { type: 'opinion-recorded', ...(note ? { note: summaryNote(`${item.item}: ${body.opinion}: ${note}`) } : {}) },
    ctx.at,
  )
  return ok(conclude(events, recorded, ctx, note && `${item.item}: ${note}`))
}

/** The owner reports these items put right: they wait for the next round, and only they are inspected again. */
export function submitRectification(c: Case, actor: Actor, body: SubmitRectificationBody, ctx: Ctx): Decision {
  if (actor.role !== 'owner' || actor.creditCode !== c.owner.creditCode) {
    return refuse('ACCEPTANCE_NOT_THE_OWNER', 'Only the owner of the project reports a rectification.')
  }
  if (isDecided(c)) return refuse('ACCEPTANCE_CASE_DECIDED', `The case is ${c.status}.`, { caseStatus: c.status })
  const bad = body.items.flatMap((code, i) => {
    const item = c.items.find((x) => x.item === code)
    if (item?.status === 'rectify') return []
    return [
      {
        field: `/body/items/${i}`,
        message: item ? `${code} is ${item.status}, not asked to rectify` : `${code} is not an item of this case`,
      },
    ]
  })
  if (bad.length > 0) {
    return refuse(
      'ACCEPTANCE_NOT_RECTIFYING',
      'Only items asked to rectify can be reported rectified.',
      fieldErrors(bad),
    )
  }
  const nextRound = (c.inspection?.round ?? 0) + 1
  const asked = new Set(body.items)
  // A pending item's round is the round that inspects it: these wait for the next one, not the current.
  const rectified: Case = {
    ...c,
    items: c.items.map((i) => (asked.has(i.item) ? { ...i, status: 'pending' as const, round: nextRound } : i)),
  }
  const events: Changed['events'] = []
  const after = change(
    events,
    rectified,
    { status: statusOf(rectified) },
    { type: 'rectification-submitted', ...(body.note ? { note: body.note } : {}) },
    ctx.at,
  )
  return ok({ case: after, events })
}

/**
 * 告知承诺 — the later verification (事后核查) of an item passed on commitment, by that item's department. Kept closes
 * it; breached records what was found and the measures taken (seeds 004:1860): rectify by a day, revoke, or bar the
 * owner from choosing 告知承诺 until a day. A breach found after the pass with the `revoke` measure (依法撤销许可)
 * revokes the item's pass, and the case's with it ({@link revokesThePass}): the letter — where `opinionIsFiling`, the
 * completion-acceptance filing (004:2279) — and the 竣工验收备案表 stood on every item passing, so they are withdrawn
 * (`pass-revoked`). Found before the pass, the revoked item fails the case (`failed`, {@link statusOf}): the owner
 * applies for acceptance again. Rectify and bar leave the pass standing: the owner puts it right, or is barred.
 */
export function verifyCommitment(
  c: Case,
  actor: Actor,
  body: VerifyCommitmentBody,
  ctx: Ctx,
  calendar: Calendar,
): Decision {
  const item = c.items.find((i) => i.item === body.item)
  if (!item) {
    return refuse('ACCEPTANCE_ITEM_UNKNOWN', `${body.item} is not an item of this case.`, {
      ...fieldErrors([{ field: '/body/item', message: `${body.item} is not an item of this case` }]),
    })
  }
  if ((actor.role !== 'reviewer' && actor.role !== 'lead') || actor.department !== item.department) {
    return refuse('ACCEPTANCE_NOT_THE_DEPARTMENT', `Only ${item.department} verifies the commitment on ${item.item}.`, {
      item: item.item,
      department: item.department,
    })
  }
  if (c.status === 'failed') return refuse('ACCEPTANCE_CASE_DECIDED', 'The case failed.', { caseStatus: c.status })
  if (item.status !== 'committed') {
    return refuse('ACCEPTANCE_NOT_COMMITTED', `${item.item} was not passed on commitment.`, {
      item: item.item,
      itemStatus: item.status,
    })
  }
  // `rectifyBy` is a working day after today on the case's region's calendar: the rule approval's breaches keep.
  const outcome = verifyCommitmentOf(
    item,
    item.item,
    { department: item.department, by: actor.sub },
    body,
    ctx.today,
    (day) => calendar.isWorkingDay(day, c.region),
  )
  if (!outcome.ok && outcome.reason === 'verified') {
    return refuse('ACCEPTANCE_COMMITMENT_VERIFIED', `${item.item} was verified on ${outcome.on}.`, {
      item: item.item,
      verification: item.verification,
    })
  }
  if (!outcome.ok) {
    return refuse(
      'ACCEPTANCE_VERIFICATION_INVALID',
      'The verification cannot be recorded as given.',
      fieldErrors(outcome.reason === 'invalid' ? outcome.errors : []),
    )
  }
  const { verification, note } = outcome
  const verified: Case = { ...c, items: c.items.map((i) => (i === item ? { ...i, verification } : i)) }
  const event: CaseEvent =
    body.result === 'kept'
      ? { type: 'commitment-kept', item: item.item }
      : { type: 'commitment-breached', item: item.item, note: note ?? item.item }
  const events: Changed['events'] = []
  const after = change(events, verified, {}, event, ctx.at)
  return ok(revokedAfter(events, after, item, verification, actor, ctx))
}

/**
 * What 依法撤销 of a committed item does once its change is recorded (`after`): before the pass, the item fails the
 * undecided case at once (no later opinion may pass it on this item, {@link statusOf}); after it, the pass is revoked
 * ({@link revokesThePass}); else nothing more. The one path for a breach's `revoke` and 逾期未整改's further measure.
 */
function revokedAfter(
  events: Changed['events'],
  after: Case,
  item: CaseItem,
  measured: { measures?: readonly string[] | undefined },
  actor: Actor,
  ctx: Ctx,
): Changed {
  if (after.status !== 'passed' && statusOf(after) === 'failed') {
    return conclude(events, after, ctx, summaryNote(`${item.item}: 依法撤销 — the commitment's pass is revoked`))
  }
  if (!revokesThePass(after, measured)) return { case: after, events }
  const passRevoked = { item: item.item, department: item.department, on: ctx.today, by: actor.sub }
  const revoked = change(
    events,
    after,
    { passRevoked },
    { type: 'pass-revoked', item: item.item, note: summaryNote(`${item.item}: 依法撤销 — the pass no longer stands`) },
    ctx.at,
  )
  return { case: revoked, events }
}

// ── 整改 of a 告知承诺 breach followed through (004:1860 责令限期整改; docs/legal-time.md#整改-followed-through) ────────
// The rules are contracts' (rectificationReport, rectificationReview, rectificationEscalation, rectificationState),
// the approval stage's too; here: who acts, which item, and what the further measure does to the case.

type OrderedItem = { item: CaseItem; finding: NonNullable<CaseItem['verification']> & { rectifyBy: string } }

const unknownItem = (code: string) =>
  refuse('ACCEPTANCE_ITEM_UNKNOWN', `${code} is not an item of this case.`, {
    ...fieldErrors([{ field: '/body/item', message: `${code} is not an item of this case` }]),
  })

/**
 * The item's 告知承诺 breach that ordered 整改 (`rectify` by `rectifyBy`), or why there is none to act on: no such item,
 * no breach ordering 整改, or a case that failed otherwise (the owner applies again; its 整改 went with it). A case
 * failed by this item's own further measure answers as the measure taken (contracts' refusal `escalated`). A
 * department's act finds the item first ({@link itemOf}) and checks it is the item's department before this, so
 * another department learns nothing of an item not its own.
 */
function orderedItem(c: Case, code: string): OrderedItem | Refusal {
  const item = c.items.find((i) => i.item === code)
  return item ? orderedFor(c, item) : unknownItem(code)
}

const itemOf = (c: Case, code: string): CaseItem | Refusal => c.items.find((i) => i.item === code) ?? unknownItem(code)

function orderedFor(c: Case, item: CaseItem): OrderedItem | Refusal {
  const code = item.item
  const finding = item.status === 'committed' ? orderedFinding(item.verification) : undefined
  if (!finding) {
    return refuse('ACCEPTANCE_RECTIFICATION_NOT_ORDERED', `No breach of the 告知承诺 on ${code} ordered 整改.`, {
      item: code,
      ...fieldErrors([{ field: '/body/item', message: 'no breach ordering 整改' }]),
    })
  }
  if (!rectificationRuns(c) && item.rectification?.escalation === undefined) {
    if (c.passRevoked) {
      const { item: revokedItem, on } = c.passRevoked
      return refuse(
        'ACCEPTANCE_PASS_REVOKED',
        `The case's pass was revoked on ${on} (依法撤销, ${revokedItem}): its 整改 went with it.`,
        { item: code, passRevoked: { item: revokedItem, on } },
      )
    }
    return refuse('ACCEPTANCE_CASE_DECIDED', 'The case failed: the owner applies for joint acceptance again.', {
      caseStatus: c.status,
    })
  }
  return { item, finding }
}

/**
 * The case's 整改 still runs: it did not fail, and its pass was not revoked (依法撤销, `passRevoked`) — either way the
 * owner applies again and the 整改 went with it, so nothing is reported, reviewed, marked 逾期未整改 or escalated on it.
 * The timer's candidates (`casesWithOverdueRectifications`) mirror it in SQL.
 */
export const rectificationRuns = (c: Case): boolean => c.status !== 'failed' && c.passRevoked === undefined

const isRefusal = <T extends object>(o: T | Refusal): o is Refusal => 'ok' in o

const rectificationRefused = (c: Case, item: CaseItem, refusal: RectificationRefusal): Refusal => {
  const { code, message, details } = rectificationRefusal('ACCEPTANCE', refusal, { caseId: c.caseId, item: item.item })
  return refuse(code, message, details as DomainDetails)
}

const notTheDepartment = (item: CaseItem, act: string) =>
  refuse('ACCEPTANCE_NOT_THE_DEPARTMENT', `Only ${item.department} acts on the 整改 of ${item.item}.`, {
    item: item.item,
    department: item.department,
    act,
  })

const mayActFor = (actor: Actor, item: CaseItem) =>
  (actor.role === 'reviewer' || actor.role === 'lead') && actor.department === item.department

/** The item's 整改 changed by one act: the case with it and the act's event. */
function rectified(
  c: Case,
  item: CaseItem,
  act: RectificationChange,
  event: CaseEvent,
  ctx: Ctx,
  events: Changed['events'],
) {
  const items = c.items.map((i) =>
    i.item === item.item ? { ...i, rectification: rectificationAfter(i.rectification, act) } : i,
  )
  return change(events, { ...c, items }, {}, event, ctx.at)
}

/** 整改 reported by the case's owner alone, on an item whose breach ordered it and is still open. */
export function reportCommitmentRectification(
  c: Case,
  actor: Actor,
  body: CommitmentRectificationReportBody,
  ctx: Ctx,
): Decision {
  if (actor.role !== 'owner' || actor.creditCode !== c.owner.creditCode) {
    return refuse('ACCEPTANCE_NOT_THE_OWNER', "Only the project's owner reports its 整改.")
  }
  const o = orderedItem(c, body.item)
  if (isRefusal(o)) return o
  const r = rectificationReport(o.finding, o.item.rectification ?? { reports: [] }, body, { ...ctx, by: actor.sub })
  if (!r.ok) return rectificationRefused(c, o.item, r.refusal)
  const events: Changed['events'] = []
  const note = summaryNote(`${o.item.item}: ${body.statement}`)
  const after = rectified(
    c,
    o.item,
    { type: 'reported', report: r.value },
    { type: 'commitment-rectification-reported', item: o.item.item, note },
    ctx,
    events,
  )
  return ok({ case: after, events })
}

/** The item's department reviews the last report: 整改完成, or not done with what is missing (`note`). */
export function reviewCommitmentRectification(
  c: Case,
  actor: Actor,
  body: CommitmentRectificationReviewBody,
  ctx: Ctx,
): Decision {
  const found = itemOf(c, body.item)
  if (isRefusal(found)) return found
  if (!mayActFor(actor, found)) return notTheDepartment(found, 'rectification-review')
  const o = orderedFor(c, found)
  if (isRefusal(o)) return o
  const r = rectificationReview(o.finding, o.item.rectification ?? { reports: [] }, body, {
    today: ctx.today,
    by: actor.sub,
  })
  if (!r.ok) return rectificationRefused(c, o.item, r.refusal)
  const events: Changed['events'] = []
  const note = r.value.note ?? (r.value.result === 'done' ? '整改完成' : undefined)
  const after = rectified(
    c,
    o.item,
    { type: 'reviewed', review: r.value },
    {
      type: 'commitment-rectification-reviewed',
      item: o.item.item,
      ...(note ? { note: summaryNote(`${o.item.item}: ${note}`) } : {}),
    },
    ctx,
    events,
  )
  return ok({ case: after, events })
}

/**
 * `revoke` on a pass revoked already (依法撤销, by this item's breach or another's) has nothing left to revoke: refused
 * at the measures, as approval refuses it on a permit revoked before (`withMeasures`). Before the pass it fails the
 * case ({@link revokedAfter}), so only a revoked pass refuses it.
 */
const revokedPassErrors = (c: Case, measures: readonly string[]) =>
  c.passRevoked && measures.includes('revoke')
    ? [{ field: '/body/measures', message: `revoke is for a pass that stands; it was revoked on ${c.passRevoked.on}` }]
    : []

/**
 * 逾期未整改's further measure (004:1860 依法撤销许可、禁止选择告知承诺), once, by the item's department: the escalation
 * recorded, then `revoke` takes the breach's own path ({@link revokedAfter}: the pass revoked after it, the case failed
 * before it); `bar-commitment` through `barredUntil` (the breach's rule for it, `verificationErrors`) is written by the
 * command as a breach's bar is.
 */
export function escalateCommitmentRectification(
  c: Case,
  actor: Actor,
  body: CommitmentRectificationEscalationBody,
  ctx: Ctx,
  calendar: Calendar,
): Decision {
  const found = itemOf(c, body.item)
  if (isRefusal(found)) return found
  if (!mayActFor(actor, found)) return notTheDepartment(found, 'rectification-escalation')
  const revoked = revokedPassErrors(c, body.measures)
  if (revoked.length > 0) {
    return refuse('ACCEPTANCE_VERIFICATION_INVALID', 'The further measure cannot be taken as given.', {
      ...fieldErrors(revoked),
    })
  }
  const o = orderedFor(c, found)
  if (isRefusal(o)) return o
  const r = rectificationEscalation(o.finding, o.item.rectification ?? { reports: [] }, body, {
    today: ctx.today,
    by: actor.sub,
  })
  if (!r.ok) return rectificationRefused(c, o.item, r.refusal)
  const errors = verificationErrors(
    { result: 'breached', findings: [], measures: body.measures, barredUntil: body.barredUntil },
    ctx.today,
    (day) => calendar.isWorkingDay(day, c.region),
  )
  if (errors.length > 0) {
    return refuse(
      'ACCEPTANCE_VERIFICATION_INVALID',
      'The further measure cannot be taken as given.',
      fieldErrors(errors),
    )
  }
  const events: Changed['events'] = []
  const after = rectified(
    c,
    o.item,
    { type: 'escalated', escalation: r.value },
    {
      type: 'commitment-rectification-escalated',
      item: o.item.item,
      note: summaryNote(`${o.item.item}: 逾期未整改（整改期限 ${o.finding.rectifyBy}）：${body.measures.join(', ')}`),
    },
    ctx,
    events,
  )
  const item = after.items.find((i) => i.item === o.item.item) ?? o.item
  return ok(revokedAfter(events, after, item, { measures: body.measures }, actor, ctx))
}

/**
 * 逾期未整改: each item whose ordered 整改 passed its `rectifyBy` with none confirmed, not held off by a timely report
 * awaiting review (contracts' `rectificationDueOverdue`), marked `rectification.overdueOn` today with one event per
 * item; a failed case, or one whose pass was revoked, has none ({@link rectificationRuns}). Nothing to do is not a change.
 */
export function reportOverdueRectifications(c: Case, ctx: Ctx): Changed | undefined {
  if (!rectificationRuns(c)) return undefined
  const due = c.items.flatMap((i) => {
    const finding = i.status === 'committed' ? orderedFinding(i.verification) : undefined
    return finding && rectificationDueOverdue(finding, i.rectification, ctx.today) ? [{ i, finding }] : []
  })
  if (due.length === 0) return undefined
  const events: Changed['events'] = []
  let after = c
  for (const { i, finding } of due) {
    after = rectified(
      after,
      i,
      { type: 'overdue', on: ctx.today },
      {
        type: 'commitment-rectification-overdue',
        item: i.item,
        note: `${i.item}: 逾期未整改 — not confirmed by ${finding.rectifyBy}`,
      },
      ctx,
      events,
    )
  }
  return { case: after, events }
}

/**
 * The breach revokes the case's pass: the case passed (its letter issued), not revoked already, and the department
 * took the `revoke` measure. Before the pass there is no letter to withdraw, and a second revoked item changes nothing.
 */
export const revokesThePass = (c: Case, verification: { measures?: readonly string[] | undefined }): boolean =>
  passStands(c) && verification.measures?.includes('revoke') === true

/**
 * The case passed and its pass was not revoked since (依法撤销, `passRevoked`): what the letter and the 竣工验收备案表
 * rest on. A revoked pass keeps its status for the record; it takes no result ({@link recordResult}) and issues no form.
 */
export const passStands = (c: Case): boolean => c.status === 'passed' && c.passRevoked === undefined

/** Items passed on commitment whose verify-by day is behind `today` with no verification yet and none reported. */
export const commitmentsOverdueOn = (c: Case, today: string): CaseItem[] =>
  c.status === 'failed' ? [] : c.items.filter((i) => i.status === 'committed' && isVerificationOverdue(i, today))

/** Marks each overdue commitment reported today, one event per item; nothing to do is not a change. */
export function reportOverdueCommitments(c: Case, ctx: Ctx): Changed | undefined {
  const overdue = new Set(commitmentsOverdueOn(c, ctx.today).map((i) => i.item))
  if (overdue.size === 0) return undefined
  const events: Changed['events'] = []
  let after = c
  for (const code of overdue) {
    const items = after.items.map((i) => (i.item === code ? { ...i, verificationOverdueOn: ctx.today } : i))
    after = change(events, { ...after, items }, {}, { type: 'commitment-overdue', item: code }, ctx.at)
  }
  return { case: after, events }
}

/**
 * 预警 / 超时 — the case clock's alerts due on `ctx.today` and not yet raised, each recorded on the case with its own
 * event: yellow at `yellowAt` of the limit, overdue the day after the due date. A decided case raises none. Each
 * event carries the clock's due day as the calendar makes it today (`dueOn`), which its reader tells.
 */
export function raiseClockAlerts(
  c: Case,
  ctx: Ctx,
  clocks: { calendar: Calendar; yellowAt: number },
): Changed | undefined {
  if (isDecided(c) || !c.clock) return undefined
  const state = evaluateClock(clocks.calendar, c.clock, ctx.today, { yellowAt: clocks.yellowAt })
  const kinds = alertsDue(state, c.clockAlerts)
  if (kinds.length === 0) return undefined
  const note = `due ${state.due}, ${state.used} of ${c.clock.limit.value} ${c.clock.limit.unit} used`
  const events: Changed['events'] = []
  let after = c
  for (const kind of kinds) {
    const raised = kind === 'warned' ? { warnedOn: ctx.today } : { overdueOn: ctx.today }
    after = change(
      events,
      { ...after, clockAlerts: { ...after.clockAlerts, ...raised } },
      {},
      { type: `clock-${kind}`, note, dueOn: state.due },
      ctx.at,
    )
  }
  return { case: after, events }
}

/**
 * 结果物 — the item's department records the result document it issued for its item after the on-site pass, once per
 * item, issued between the day the case passed and today. Where the case's `opinionIsFiling` (Foshan, 004:2279
 * 现场出具竣工联合验收意见书即视为完成竣工验收备案，待各部门出具结果物后，同时出具竣工验收备案表), the last result issues the
 * 竣工验收备案表 once ({@link Changed}'s `filing`; its number is the caller's, as the letter's). An item passed on
 * commitment (告知承诺) has its result too: the commitment is verified apart, and the filing waits on results alone.
 * A case whose pass was revoked (`passRevoked`) takes none: the pass they would follow no longer stands.
 */
export function recordResult(c: Case, actor: Actor, body: RecordResultBody, ctx: Ctx): Decision {
  const item = c.items.find((i) => i.item === body.item)
  if (!item) {
    return refuse('ACCEPTANCE_ITEM_UNKNOWN', `${body.item} is not an item of this case.`, {
      ...fieldErrors([{ field: '/body/item', message: `${body.item} is not an item of this case` }]),
    })
  }
  if ((actor.role !== 'reviewer' && actor.role !== 'lead') || actor.department !== item.department) {
    // `act` tells this refusal from the commitment check's, which shares the code.
    return refuse('ACCEPTANCE_NOT_THE_DEPARTMENT', `Only ${item.department} records the result of ${item.item}.`, {
      item: item.item,
      department: item.department,
      act: 'result',
    })
  }
  if (c.status !== 'passed') {
    return refuse('ACCEPTANCE_CASE_NOT_PASSED', `The case is ${c.status}: results follow the pass.`, {
      caseStatus: c.status,
    })
  }
  // 撤销: the pass the results follow no longer stands, so there is nothing to record them on and no form to issue.
  if (c.passRevoked) {
    const { item: revokedItem, on } = c.passRevoked
    return refuse(
      'ACCEPTANCE_PASS_REVOKED',
      `The case's pass was revoked on ${on} (依法撤销, ${revokedItem}): it takes no more results.`,
      { item: item.item, passRevoked: { item: revokedItem, on } },
    )
  }
  if (item.result) {
    return refuse('ACCEPTANCE_RESULT_RECORDED', `The result of ${item.item} was recorded (${item.result.number}).`, {
      item: item.item,
      result: item.result,
    })
  }
  const passedOn = c.decidedAt ? legalDateOf(c.decidedAt) : undefined
  const errors: Array<{ field: string; message: string }> = []
  if (body.issuedOn > ctx.today) errors.push({ field: '/body/issuedOn', message: `is after today (${ctx.today})` })
  if (passedOn && body.issuedOn < passedOn) {
    errors.push({ field: '/body/issuedOn', message: `is before the day the case passed (${passedOn})` })
  }
  if (errors.length > 0) {
    return refuse('ACCEPTANCE_RESULT_INVALID', 'The result cannot be recorded as given.', fieldErrors(errors))
  }
  const result = { name: body.name, number: body.number, issuedOn: body.issuedOn, recordedBy: actor.sub }
  const events: Changed['events'] = []
  const recorded = change(
    events,
    { ...c, items: c.items.map((i) => (i === item ? { ...i, result } : i)) },
    {},
    { type: 'result-recorded', item: item.item },
    ctx.at,
  )
  if (!filingDue(recorded)) return ok({ case: recorded, events })
  const issued = change(events, recorded, {}, { type: 'filing-issued' }, ctx.at)
  return ok({
    case: issued,
    events,
    filing: { region: c.region, year: ctx.today.slice(0, 4), issuedOn: ctx.today },
  })
}

/**
 * The 竣工验收备案表 is due: the letter is the filing here, the case passed and its pass stands, every item has its
 * result, none issued.
 */
export const filingDue = (c: Case): boolean =>
  c.opinionIsFiling === true &&
  passStands(c) &&
  c.filingForm === undefined &&
  c.items.every((i) => i.result !== undefined)
