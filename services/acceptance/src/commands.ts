import { randomInt } from 'node:crypto'
import type { PinnedCatalogues } from '@onewindow/catalogue'
import {
  AcceptanceDueMovedV1,
  type AcceptanceLandListResponse,
  type AcceptancePermitCopy,
  type AcceptanceProjectCopy,
  type Actor,
  type CommitmentRectificationEscalationBody,
  type CommitmentRectificationReportBody,
  type CommitmentRectificationReviewBody,
  type DrawQualityRoundBody,
  type ForwardedCommissionSurveyBody,
  type ForwardedOpenAcceptanceBody,
  PERMIT_ITEM,
  type ProjectTitle,
  type PublishedQualityInspection,
  QualityInspectionAssignedV1,
  QualityInspectionReassignedV1,
  QualityInspectionRecordedV1,
  type ReassignQualityInspectionBody,
  type RecordOpinionBody,
  type RecordQualityResultBody,
  type RecordResultBody,
  type ScheduleInspectionBody,
  type SubmitRectificationBody,
  type SurveyResultsBody,
  type VerifyCommitmentBody,
} from '@onewindow/contracts'
import type { StoredRows } from '@onewindow/db'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  leftOut,
  movedDues,
  type OpenClock,
  type Outbox,
  projectTitles,
  reprojectOpenClocks,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { dueDate, legalDateOf } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { acceptanceConfig } from './catalogue.js'
import { acceptanceRepository, type Tx } from './db/cases.js'
import { landListRepository } from './db/land-lists.js'
import { qualityInspectionRepository } from './db/quality-inspections.js'
import { surveyRepository } from './db/surveys.js'
import {
  type Case,
  type Changed,
  type Ctx,
  type Decision,
  escalateCommitmentRectification,
  type Letter,
  numberFiling,
  numberLetter,
  openCase,
  raiseClockAlerts,
  recordOpinion,
  recordResult,
  reportCommitmentRectification,
  reportOverdueCommitments,
  reportOverdueRectifications,
  reviewCommitmentRectification,
  scheduleInspection,
  submitRectification,
  verifyCommitment,
} from './domain/case.js'
import { caseLandList } from './domain/land-list.js'
import { caseNotFound } from './domain/not-found.js'
import {
  drawRound,
  type Inspection,
  inAccountOrder,
  mayReadInspections,
  notTheBody,
  publishedOf,
  reassignInspection,
  recordInspection,
  seededRandom,
} from './domain/quality-inspection.js'
import { type Commission, commissionSurvey, completionSurveyOf, isSurveyorOf, recordResults } from './domain/survey.js'
import { caseEventRow, surveyEventRow } from './events.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  /** The catalogue a project's pin names: a stored version, else the region's bundled one (`pinnedCatalogues`). */
  catalogue: PinnedCatalogues<Tx>
  /** The working-day calendar: bundled years plus the published ones (`calendar_entry`), swapped on publication. */
  calendar: CalendarSource
  /** The seed of a 双随机 round; absent: a random one (`node:crypto`). Tests give a fixed one. */
  seed?: () => number
}

/** 告知承诺 — an item passed on commitment is verified within this many working days. */
export const COMMITMENT_VERIFY_WITHIN = { value: 20, unit: 'W' } as const

/** The verify-by clock of a commitment made on `start`: 20 W in the project's region (a six-digit code, else national). */
const commitmentClock = (start: string, region: string) => ({
  limit: { ...COMMITMENT_VERIFY_WITHIN },
  start,
  suspensions: [],
  ...(/^\d{6}$/.test(region) ? { region } : {}),
})

const ctxOf = (clock: TimeSource): Ctx => {
  const now = clock.now()
  return { at: now.toISOString(), today: legalDateOf(now) }
}

/** The sequence a letter's number is the next of: the region's year. */
const letterScope = (letter: Letter) => `opinion/${letter.region}/${letter.year}`

/** The 竣工验收备案表's own sequence, beside the letters': the region's year it was issued in. */
const filingScope = (filing: Letter) => `filing/${filing.region}/${filing.year}`

/**
 * Writes a decision's case and one outbox row per event, in the caller's transaction. A pass's opinion letter takes
 * its number here, in the same transaction: a refusal or a change that does not pass takes none, and a rolled-back
 * pass gives its number back.
 */
async function commit(
  deps: CommandDeps,
  tx: Tx,
  d: Decision,
  actor: Actor | undefined,
  insert: boolean,
): Promise<Result<Case>> {
  if (!d.ok) return d
  const repo = acceptanceRepository(tx)
  const { letter, filing } = d.value
  const lettered = letter ? numberLetter(d.value, await repo.nextNumber(letterScope(letter))) : d.value
  const changed = filing ? numberFiling(lettered, await repo.nextNumber(filingScope(filing))) : lettered
  if (insert) await repo.insertCase(changed.case)
  else await repo.saveCase(changed.case)
  await deps.outbox.add(
    tx,
    changed.events.map((e) => caseEventRow(e.event, e.case, actor?.sub)),
  )
  return { ok: true, value: changed.case }
}

/**
 * The project row, locked, for a command on it. The gateway sends the project as its read model holds it: acceptance
 * keeps that as its copy when it has none — a registration older than the stream's retention it never heard, and
 * never will (docs/architecture.md, "A project a service never heard of"); a copy it has is left as it is.
 */
async function lockedProject(tx: Tx, projectId: string, copy: AcceptanceProjectCopy | undefined) {
  const repo = acceptanceRepository(tx)
  if (copy) await repo.insertProject({ projectId, ...copy })
  return repo.lockProject(projectId)
}

/**
 * The construction permit's decision as the gateway's read model holds it, recorded as if acceptance had heard its
 * `step.decided` (`recordApproval`: a phase before the last, else the approved item) — only when
 * acceptance holds no record of the permit at all. A decision older than the stream's retention it never heard would
 * otherwise refuse the case for a permit that was granted (docs/architecture.md, "A project a service never heard
 * of"); the permit approved whole, when it holds that, always wins; a phase it holds yields only to a later one. The
 * domain then checks the permit as ever.
 */
async function heardPermit(tx: Tx, projectId: string, copy: AcceptancePermitCopy | undefined) {
  if (!copy) return
  const repo = acceptanceRepository(tx)
  if ((await repo.approvedItems(projectId)).includes(PERMIT_ITEM)) return
  // 按照单位工程办理: a building's own permit it does not hold is a decision it missed; one it holds adds nothing
  // (`insertApprovedPart` keeps the first decision of a building).
  if (copy.part !== undefined) {
    await repo.recordApproval(projectId, copy.applicationId, [PERMIT_ITEM], { part: copy.part }, copy.decidedAt)
    return
  }
  // A phase it holds is how far it heard the step come: a copy of that phase or an earlier one adds nothing, a later
  // one (or the whole step) is a decision it missed, recorded as the event would have been.
  const held = await repo.approvedPhase(projectId, PERMIT_ITEM)
  if (held && copy.phase && copy.phase.number <= held.number) return
  await repo.recordApproval(projectId, copy.applicationId, [PERMIT_ITEM], { phase: copy.phase }, copy.decidedAt)
}

/** 一口受理 — the owner's one application, taken by the lead: the case and AcceptanceStartedV1 in one transaction. */
export async function openAcceptance(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  forwarded: ForwardedOpenAcceptanceBody,
): Promise<Result<Case>> {
  const { at, today } = ctxOf(deps.clock)
  const command = { actor, action: 'acceptance.case.open', object: `project:${projectId}` }
  const { project: copy, permit, ...body } = forwarded
  return deps.audited(command, async (tx): Promise<Result<Case>> => {
    const repo = acceptanceRepository(tx)
    const project = await lockedProject(tx, projectId, copy)
    if (!project) {
      return {
        ok: false,
        error: { code: 'ACCEPTANCE_PROJECT_NOT_FOUND', message: `No project ${projectId}.`, details: { projectId } },
      }
    }
    // Under the project's lock, as two openings queue on it: the record is read back below as if always there.
    await heardPermit(tx, projectId, permit)
    const catalogue = await deps.catalogue(tx, project.region, project.catalogueVersion)
    const configured = catalogue ? acceptanceConfig(catalogue, project.projectType) : undefined
    const live = await repo.findLiveCase(projectId, body.part)
    const barred = body.commitments?.length ? await repo.activeBar(project.owner.creditCode, today) : undefined
    const ownerDishonest = body.commitments?.length ? await repo.ownerDishonest(project.owner.creditCode) : false
    const verifyClock = commitmentClock(today, project.region)
    const survey = completionSurveyOf(await surveyRepository(tx).ofProject(projectId), body.part)
    const approvedItems = await repo.approvedItems(projectId)
    const permitPhase = await repo.approvedPhase(projectId, PERMIT_ITEM)
    const permitParts = await repo.approvedParts(projectId, PERMIT_ITEM)
    const decision = openCase({
      ...(survey ? { survey } : {}),
      caseId: uuidv7(),
      actor,
      project,
      ...(configured ? { configured } : {}),
      approvedItems,
      ...(permitPhase ? { permitPhase } : {}),
      permitParts,
      ...(live ? { liveCase: { caseId: live.caseId, status: live.status } } : {}),
      ...(barred ? { barred } : {}),
      ...(ownerDishonest ? { ownerDishonest } : {}),
      ...(body.part ? { part: body.part } : {}),
      ...(body.commitments ? { commitments: body.commitments } : {}),
      today,
      at,
      verifyBy: dueDate(deps.calendar.current(), verifyClock),
      verifyClock,
    })
    return commit(deps, tx, decision, actor, true)
  })
}

/** One command on one case, under its row lock: what makes "passed exactly once" hold under racing opinions. */
async function onCase(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  action: string,
  decide: (c: Case, ctx: Ctx) => Decision,
): Promise<Result<Case>> {
  const ctx = ctxOf(deps.clock)
  return deps.audited({ actor, action, object: `acceptance-case:${caseId}` }, async (tx): Promise<Result<Case>> => {
    const c = await acceptanceRepository(tx).findCase(caseId, true)
    if (!c) return caseNotFound(caseId)
    return commit(deps, tx, decide(c, ctx), actor, false)
  })
}

export const scheduleCaseInspection = (deps: CommandDeps, caseId: string, actor: Actor, body: ScheduleInspectionBody) =>
  onCase(deps, caseId, actor, 'acceptance.case.schedule-inspection', (c, ctx) =>
    scheduleInspection(c, actor, body, ctx),
  )

/** An opinion, its referenced defects checked against the project's land-condition list read under the case's lock. */
export function recordCaseOpinion(deps: CommandDeps, caseId: string, actor: Actor, body: RecordOpinionBody) {
  const ctx = ctxOf(deps.clock)
  return deps.audited(
    { actor, action: 'acceptance.case.record-opinion', object: `acceptance-case:${caseId}` },
    async (tx): Promise<Result<Case>> => {
      const c = await acceptanceRepository(tx).findCase(caseId, true)
      if (!c) return caseNotFound(caseId)
      const landList = await landListRepository(tx).of(c.projectId)
      return commit(deps, tx, recordOpinion(c, actor, body, ctx, landList), actor, false)
    },
  )
}

export const submitCaseRectification = (
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: SubmitRectificationBody,
) =>
  onCase(deps, caseId, actor, 'acceptance.case.submit-rectification', (c, ctx) =>
    submitRectification(c, actor, body, ctx),
  )

/**
 * A decision whose measures may name 禁止选择告知承诺: the bar on the case's owner is written in the same transaction as
 * the case (a breach's `bar-commitment`, 逾期未整改's further measure alike).
 */
async function decideWithBar(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  action: string,
  bar: { item: string; measures?: readonly string[] | undefined; barredUntil?: string | undefined },
  decide: (c: Case, ctx: Ctx) => Decision,
): Promise<Result<Case>> {
  const ctx = ctxOf(deps.clock)
  const command = { actor, action, object: `acceptance-case:${caseId}` }
  return deps.audited(command, async (tx): Promise<Result<Case>> => {
    const repo = acceptanceRepository(tx)
    const c = await repo.findCase(caseId, true)
    if (!c) return caseNotFound(caseId)
    const decision = decide(c, ctx)
    if (decision.ok && bar.measures?.includes('bar-commitment') && bar.barredUntil) {
      await repo.insertBar({
        creditCode: c.owner.creditCode,
        caseId,
        item: bar.item,
        barredOn: ctx.today,
        until: bar.barredUntil,
      })
    }
    return commit(deps, tx, decision, actor, false)
  })
}

/** 告知承诺 verification; a breach that bars the owner writes the bar in the same transaction as the case. */
export const verifyCaseCommitment = (deps: CommandDeps, caseId: string, actor: Actor, body: VerifyCommitmentBody) =>
  decideWithBar(deps, caseId, actor, 'acceptance.case.verify-commitment', body, (c, ctx) =>
    verifyCommitment(c, actor, body, ctx, deps.calendar.current()),
  )

/** 整改 reported (责令限期整改, 004:1860): the case's owner says what it put right of an item's breach. */
export const reportCaseRectification = (
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: CommitmentRectificationReportBody,
) =>
  onCase(deps, caseId, actor, 'acceptance.rectification.report', (c, ctx) =>
    reportCommitmentRectification(c, actor, body, ctx),
  )

/** The item's department confirms the owner's 整改 (整改完成) or finds it not done. */
export const reviewCaseRectification = (
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: CommitmentRectificationReviewBody,
) =>
  onCase(deps, caseId, actor, `acceptance.rectification.${body.result}`, (c, ctx) =>
    reviewCommitmentRectification(c, actor, body, ctx),
  )

/**
 * 逾期未整改's further measure: 依法撤销 (the pass revoked, or the undecided case failed, in the same change) and/or
 * 禁止选择告知承诺 — the bar written in the same transaction as the case, as a breach's `bar-commitment` is.
 */
export const escalateCaseRectification = (
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: CommitmentRectificationEscalationBody,
) =>
  decideWithBar(deps, caseId, actor, 'acceptance.rectification.escalate', body, (c, ctx) =>
    escalateCommitmentRectification(c, actor, body, ctx, deps.calendar.current()),
  )

/** 结果物: the item's department records its result document; the last one may issue the 竣工验收备案表. */
export const recordCaseResult = (deps: CommandDeps, caseId: string, actor: Actor, body: RecordResultBody) =>
  onCase(deps, caseId, actor, 'acceptance.case.record-result', (c, ctx) => recordResult(c, actor, body, ctx))

/**
 * One pass of the acceptance timers: commitments not verified by their verify-by day, 整改 not confirmed by its
 * `rectifyBy` (逾期未整改), then case clocks gone yellow or overdue. A case with something due is taken `FOR UPDATE SKIP LOCKED` and marked in the same transaction as its
 * events, which is what keeps each report to once across passes, restarts and replicas.
 */
export async function scanCasesOnce(
  deps: CommandDeps,
  clocks: { yellowAt: number },
  skipped: (caseId: string, error: unknown) => void,
): Promise<number> {
  const ctx = ctxOf(deps.clock)
  // A stored case with a bad date (kept from before dates were checked) may evaluate, yet make events that fail their
  // schema in the outbox — failing the whole pass. Checked here, in `decide`, such a case is skipped like one that
  // cannot be evaluated at all.
  const publishable = (d: Changed | undefined): Changed | undefined => {
    assertPublishable((d?.events ?? []).map((e) => caseEventRow(e.event, e.case)))
    return d
  }
  const onCases = (decide: (c: Case) => Changed | undefined) => ({
    transaction: deps.transaction,
    skipped,
    read: (tx: Tx, id: string, lock: boolean) =>
      lock ? acceptanceRepository(tx).lockCaseIfFree(id) : acceptanceRepository(tx).findCase(id),
    decide,
    write: async (tx: Tx, d: Changed) => {
      await commit(deps, tx, { ok: true, value: d }, undefined, false)
      return d.events.length
    },
  })
  const commitments = await sweep({
    ...onCases((c) => publishable(reportOverdueCommitments(c, ctx))),
    candidates: (tx, after, limit) => acceptanceRepository(tx).casesWithOverdueCommitments(ctx.today, after, limit),
  })
  const rectifications = await sweep({
    ...onCases((c) => publishable(reportOverdueRectifications(c, ctx))),
    candidates: (tx, after, limit) => acceptanceRepository(tx).casesWithOverdueRectifications(ctx.today, after, limit),
  })
  const alerts = await sweep({
    // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
    ...onCases((c) =>
      publishable(raiseClockAlerts(c, ctx, { calendar: deps.calendar.current(), yellowAt: clocks.yellowAt })),
    ),
    candidates: (tx, after, limit) => acceptanceRepository(tx).undecidedCasesWithClock(after, limit),
  })
  return commitments + rectifications + alerts
}

/** 用地清单: the list the case is bound by, for a department on the case (`caseLandList` says who). */
export async function getCaseLandList(deps: CommandDeps, caseId: string, actor: Actor) {
  return deps.transaction(async (tx): Promise<Result<AcceptanceLandListResponse>> => {
    const c = await acceptanceRepository(tx).findCase(caseId)
    if (!c) return caseNotFound(caseId)
    return caseLandList(c, actor, await landListRepository(tx).of(c.projectId))
  })
}

export async function getCase(deps: CommandDeps, caseId: string): Promise<Result<Case>> {
  return deps.transaction(async (tx): Promise<Result<Case>> => {
    const c = await acceptanceRepository(tx).findCase(caseId)
    return c ? { ok: true, value: c } : caseNotFound(caseId)
  })
}

/**
 * A published calendar, in the calendar consumer's transaction: every undecided case's clock (联合验收 limit) is
 * re-projected; each moved due date is one `clock.due-moved` for the project's timeline. The case keeps its clock
 * spec, and its due date is evaluated from it wherever it is shown, so nothing stored changes.
 */
export async function reprojectCases(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = acceptanceRepository(tx)
  const unread = await reprojectCommitments(tx, change, outbox)
  await reprojectOpenClocks(tx, change, outbox, {
    event: AcceptanceDueMovedV1,
    ids: (after, limit) => repo.undecidedCasesWithClock(after, limit),
    // A case the commitments' pass could not read is named there, once: its case clock is left out unread.
    read: async (id) => (unread.has(id) ? undefined : repo.findCase(id)),
    clocksOf: (c: Case) =>
      c.clock
        ? [
            {
              projectId: c.projectId,
              subject: `acceptance-case:${c.caseId}`,
              clock: 'case',
              // The case's version the move is computed on (its due day is evaluated from the clock wherever shown).
              subjectVersion: c.version,
              spec: c.clock,
            },
          ]
        : [],
  })
}

/**
 * 告知承诺 on a publication: each committed item not verified, not reported overdue and whose verify-by day has not
 * passed is re-projected from its clock (kept on the item; for items passed before it was kept, the 20 W from the
 * case's opening day it was counted with). A moved day is stored in the case (no new version: nothing happened to the
 * case) and is one `clock.due-moved`, subject `acceptance-case:<id>/<item>`, clock `verify-by`. Answers the ids of the
 * cases that did not read (named in `change.unreadable`).
 */
async function reprojectCommitments(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<Set<string>> {
  const repo = acceptanceRepository(tx)
  const clocks: Array<OpenClock & { c: Case; item: string }> = []
  const unread = new Set<string>()
  for (const id of await repo.lockCasesWithOpenCommitments(change.today)) {
    const c = await repo.findCase(id).catch((err) => {
      leftOut(change, err)
      unread.add(id)
      return undefined
    })
    if (!c) continue
    for (const i of c.items) {
      if (i.status !== 'committed' || i.verifyBy === undefined || i.verification || i.verificationOverdueOn) continue
      if (i.verifyBy < change.today) continue
      clocks.push({
        c,
        item: i.item,
        projectId: c.projectId,
        subject: `acceptance-case:${c.caseId}/${i.item}`,
        clock: 'verify-by',
        department: i.department,
        // The case's version the move is computed on: the gateway sets the moved day on no newer snapshot of it.
        subjectVersion: c.version,
        spec: i.verifyClock ?? commitmentClock(legalDateOf(new Date(c.openedAt)), c.region),
      })
    }
  }
  const moved = movedDues(change, clocks).filter((m) => m.moved)
  const cases = new Map<string, Case>()
  for (const m of moved) {
    const c = cases.get(m.open.c.caseId) ?? m.open.c
    cases.set(c.caseId, {
      ...c,
      items: c.items.map((i) => (i.item === m.open.item ? { ...i, verifyBy: m.to } : i)),
    })
  }
  for (const c of cases.values()) await repo.saveCase(c)
  if (moved.length > 0) {
    await outbox.add(
      tx,
      moved.map((m) => ({ event: AcceptanceDueMovedV1, aggregateId: m.open.c.caseId, body: m.body })),
    )
  }
  return unread
}

// ── 多测合一 — one survey commission per stage, per building at completion (docs/shared-results.md) ─────────────────────────────────────────────

const commissionNotFound = (what: string): Result<never> => ({
  ok: false,
  error: { code: 'ACCEPTANCE_SURVEY_NOT_FOUND', message: `No survey commission ${what}.`, details: { what } },
})

/** The owner commissions one surveying unit for one stage of its project. */
export async function commissionProjectSurvey(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  forwarded: ForwardedCommissionSurveyBody,
): Promise<Result<Commission>> {
  const { at, today } = ctxOf(deps.clock)
  const command = { actor, action: 'acceptance.survey.commission', object: `project:${projectId}` }
  const { project: copy, ...body } = forwarded
  return deps.audited(command, async (tx): Promise<Result<Commission>> => {
    const project = await lockedProject(tx, projectId, copy)
    if (!project) {
      return {
        ok: false,
        error: { code: 'ACCEPTANCE_PROJECT_NOT_FOUND', message: `No project ${projectId}.`, details: { projectId } },
      }
    }
    const surveys = surveyRepository(tx)
    const d = commissionSurvey({
      commissionId: uuidv7(),
      project: { ...project, projectId },
      commissions: await surveys.ofProject(projectId),
      actor,
      body,
      at,
      today,
    })
    if (!d.ok) return d
    // The project row is locked, so the unique key cannot be lost to a concurrent commission here.
    if (!(await surveys.insert(d.value.commission)))
      throw new Error(`survey ${projectId}/${body.stage}/${body.part ?? ''} exists`)
    await deps.outbox.add(tx, [surveyEventRow(d.value, actor.sub)])
    return { ok: true, value: d.value.commission }
  })
}

/** The named surveying unit records the commission's results, once; anyone else is told it does not exist. */
export async function recordSurveyResults(
  deps: CommandDeps,
  commissionId: string,
  actor: Actor,
  body: SurveyResultsBody,
): Promise<Result<Commission>> {
  const { at } = ctxOf(deps.clock)
  const command = { actor, action: 'acceptance.survey.results', object: `survey-commission:${commissionId}` }
  return deps.audited(command, async (tx): Promise<Result<Commission>> => {
    const surveys = surveyRepository(tx)
    const c = await surveys.find(commissionId, true)
    if (!c || !isSurveyorOf(c, actor)) return commissionNotFound(commissionId)
    const d = recordResults(c, body, at)
    if (!d.ok) return d
    await surveys.save(d.value.commission)
    await deps.outbox.add(tx, [surveyEventRow(d.value, actor.sub)])
    return { ok: true, value: d.value.commission }
  })
}

/** A project's commissions, stage by stage (the gateway authorised the caller for the project). */
export async function projectSurveys(deps: CommandDeps, projectId: string): Promise<StoredRows<Commission>> {
  return deps.transaction((tx) => surveyRepository(tx).listOfProject(projectId))
}

/** The commissions a surveying unit was given (its worklist). */
export async function surveyorCommissions(
  deps: CommandDeps,
  actor: Actor,
): Promise<StoredRows<Commission> & { projects: ProjectTitle[] }> {
  if (actor.role !== 'surveyor' || !actor.creditCode) return { rows: [], unreadable: [], projects: [] }
  const creditCode = actor.creditCode
  return deps.transaction(async (tx) => {
    const list = await surveyRepository(tx).ofSurveyor(creditCode, 200)
    const projects = await projectTitles(
      tx,
      list.rows.map((c) => c.projectId),
    )
    return { ...list, projects }
  })
}

// ── 工程质量安全监督 "双随机、一公开" (004:1856, docs/quality-supervision.md) ────────────────────────────────────────────

const inspectionNotFound = (inspectionId: string): Result<never> => ({
  ok: false,
  error: {
    code: 'ACCEPTANCE_QUALITY_INSPECTION_NOT_FOUND',
    message: `No quality inspection ${inspectionId}.`,
    details: { inspectionId },
  },
})

/** The seed of a round: drawn here, never by the caller, so no officer picks a favourable draw (`CommandDeps.seed`). */
const systemSeed = () => randomInt(0, 2 ** 32)

/**
 * 抽查 — the supervision body draws a round: projects from those under supervision, inspectors from its pool, one
 * outbox row per drawn project. Rounds queue on one lock, so a once-only project is never drawn by two at once.
 */
export async function drawQualityRound(
  deps: CommandDeps,
  actor: Actor,
  body: DrawQualityRoundBody,
): Promise<Result<{ roundId: string; seed: number; inspections: Inspection[] }>> {
  const { at, today } = ctxOf(deps.clock)
  const roundId = uuidv7()
  const seed = (deps.seed ?? systemSeed)()
  const command = { actor, action: 'acceptance.quality.draw-round', object: `quality-round:${roundId}` }
  return deps.audited(command, async (tx) => {
    const repo = qualityInspectionRepository(tx)
    await repo.lockRounds()
    const d = drawRound({
      roundId,
      seed,
      random: seededRandom(seed),
      newId: uuidv7,
      actor,
      body,
      // A regional reviewer draws within its region only (docs/security.md "Regional authority").
      supervised: await repo.supervised(actor.region),
      at,
      today,
    })
    if (!d.ok) return d
    // The pool is kept with the round: 回避 / 改派 draws a replacement from the rest of it.
    await repo.insertRound({ roundId, seed, pool: inAccountOrder(body.pool), drawnBy: actor.sub, drawnAt: at })
    await repo.insertAll(d.value)
    await deps.outbox.add(
      tx,
      d.value.map((inspection) => ({
        event: QualityInspectionAssignedV1,
        aggregateId: inspection.inspectionId,
        body: { inspection, actor: actor.sub },
      })),
    )
    return { ok: true, value: { roundId, seed, inspections: d.value } }
  })
}

/** An assigned inspector records the inspection's result, once; it is public from then on (一公开). */
export async function recordQualityResult(
  deps: CommandDeps,
  inspectionId: string,
  actor: Actor,
  body: RecordQualityResultBody,
): Promise<Result<Inspection>> {
  const ctx = ctxOf(deps.clock)
  const command = { actor, action: 'acceptance.quality.record-result', object: `quality-inspection:${inspectionId}` }
  return deps.audited(command, async (tx): Promise<Result<Inspection>> => {
    const repo = qualityInspectionRepository(tx)
    const i = await repo.find(inspectionId, true)
    if (!i) return inspectionNotFound(inspectionId)
    const d = recordInspection(i, actor, body, ctx)
    if (!d.ok) return d
    await repo.save(d.value)
    await deps.outbox.add(tx, [
      {
        event: QualityInspectionRecordedV1,
        aggregateId: inspectionId,
        body: { inspection: d.value, actor: actor.sub },
      },
    ])
    return { ok: true, value: d.value }
  })
}

/**
 * 回避 / 改派 — the supervision body replaces one inspector of an inspection waiting for its result with one drawn
 * from the rest of the round's pool, with a seed of its own drawn here (as a round's), recorded on the reassignment.
 */
export async function reassignQualityInspection(
  deps: CommandDeps,
  inspectionId: string,
  actor: Actor,
  body: ReassignQualityInspectionBody,
): Promise<Result<Inspection>> {
  const { at, today } = ctxOf(deps.clock)
  const seed = (deps.seed ?? systemSeed)()
  const command = { actor, action: 'acceptance.quality.reassign', object: `quality-inspection:${inspectionId}` }
  return deps.audited(command, async (tx): Promise<Result<Inspection>> => {
    if (!mayReadInspections(actor)) return notTheBody()
    const repo = qualityInspectionRepository(tx)
    // A regional reviewer reassigns within its region only: another region's inspection is not found, as in its list.
    const i = await repo.find(inspectionId, true, actor.region)
    if (!i) return inspectionNotFound(inspectionId)
    const d = reassignInspection(i, {
      actor,
      body,
      pool: await repo.roundPool(i.roundId),
      seed,
      random: seededRandom(seed),
      at,
      today,
    })
    if (!d.ok) return d
    await repo.save(d.value)
    await deps.outbox.add(tx, [
      {
        event: QualityInspectionReassignedV1,
        aggregateId: inspectionId,
        body: { inspection: d.value, actor: actor.sub },
      },
    ])
    return { ok: true, value: d.value }
  })
}

/**
 * The supervision body's inspections, newest draw first: its worklist and what it recorded; a regional reviewer's,
 * those of the projects within its region.
 */
export async function qualityInspections(deps: CommandDeps, actor: Actor): Promise<Result<StoredRows<Inspection>>> {
  if (!mayReadInspections(actor)) return notTheBody()
  return { ok: true, value: await deps.transaction((tx) => qualityInspectionRepository(tx).recent(200, actor.region)) }
}

/** The published results (一公开), newest first: anyone's, so no inspector's account, only names. */
export async function publishedQualityInspections(deps: CommandDeps): Promise<StoredRows<PublishedQualityInspection>> {
  const list = await deps.transaction((tx) => qualityInspectionRepository(tx).published(200))
  return { ...list, rows: list.rows.flatMap((i) => publishedOf(i) ?? []) }
}

/** A project's recorded inspections, for its owner (the gateway authorised the caller for the project). */
export async function projectQualityInspections(
  deps: CommandDeps,
  projectId: string,
): Promise<StoredRows<PublishedQualityInspection>> {
  const list = await deps.transaction((tx) => qualityInspectionRepository(tx).recordedOfProject(projectId))
  return { ...list, rows: list.rows.flatMap((i) => publishedOf(i) ?? []) }
}
