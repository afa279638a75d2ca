import {
  activeVersionOn,
  bundledDocuments,
  type Catalogue,
  coveringRegions,
  lastDayToDecide,
  type PinnedCatalogues,
  recordedVersions,
} from '@onewindow/catalogue'
import {
  type Actor,
  type ApplicationReceipt,
  type ApplicationWithdrawnV1,
  ASSISTED_CASE_PAGE_MAX,
  type AssessedAreaSnapshot,
  AssistedCaseActedV1,
  AssistedCaseClosedV1,
  type AssistedCaseListQuery,
  AssistedCaseOpenedV1,
  AssistedVisitDueV1,
  AssistedVisitRecordedV1,
  AssistedVisitScheduledV1,
  BOOKINGS_LIST_MAX,
  type BookingsQuery,
  type BookingView,
  type BookWindowBody,
  type CalendarEntryBody,
  type CalendarPublication,
  CalendarPublishedV1,
  type CancelBookingBody,
  type CaseApplicationsResponse,
  type ChecklistResponse,
  type ChooseIntermediaryBody,
  type CloseAssistedCaseBody,
  type DeliverIntermediaryResultBody,
  IntermediaryDeliveredV1,
  IntermediaryEngagedV1,
  IntermediaryOverdueV1,
  type IntermediaryService,
  type LandPlotSnapshot,
  type OnBehalfOf,
  type OpenApplicationBody,
  type OpenAssistedCaseBody,
  type ProjectTitle,
  type PublishAreaBody,
  type PublishPlotBody,
  type ReceiptNoticeBody,
  type RecordDeliveryBody,
  type RecordVisitBody,
  type RefuseApplicationBody,
  type RegisterProjectBody,
  type ResultDelivery,
  type ScheduleVisitBody,
  type StepDecidedV1,
  type SupplementNoticeIssuedV1,
  type WithdrawReceiptBody,
  type WithheldFollowOn,
} from '@onewindow/contracts'
import { isInstantKey, type StoredRows, UnreadableStoredRow } from '@onewindow/db'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  movedDues,
  type Outbox,
  projectTitles,
  storeCalendarEntry,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import { validationFailed } from '@onewindow/service-kit'
import { ok, type Result, refuse, type TimeSource } from '@onewindow/vocabulary'
import { calendarEntryKey, describeProblems, legalDateOf, validateCalendarEntry } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { INTERMEDIARY_SERVICES } from './assisted-catalogue.js'
import {
  type ApplicationView,
  applicationView,
  findApplication,
  insertApplication,
  keepPendingAcceptance,
  lockApplicationState,
  lockOpenCommitments,
  lockReceipt,
  markOverdue,
  moveVerifyBy,
  overdueCandidates,
  type ReceiptRow,
  recordCure,
  recordReceipt,
  recordReceiptAccepted,
  recordReceiptClosed,
  recordStepOutcome,
  releaseCertificate,
  undecidedReceipts,
  unreportedDeficiencies,
} from './db/applications.js'
import {
  applicationsWithStages,
  assistedCases,
  engagements,
  namingActSteps,
  stageOfApplication,
} from './db/assisted.js'
import {
  type BookingKey,
  bookingIfFree,
  dayBookings,
  insertBooking,
  lockBooking,
  lockSlotLoad,
  missedCandidates,
  projectBookings,
  stepBookings,
  storeBookingState,
} from './db/bookings.js'
import {
  type CatalogueVersionView,
  findVersion,
  insertVersion,
  listVersions,
  lockRegionVersions,
  markActivated,
  startedVersions,
} from './db/catalogue.js'
import type { Tx } from './db/client.js'
import { findArea, findPlot, insertArea, insertPlot, landOf, linkLand, listAreas, listPlots } from './db/land.js'
import {
  type DishonestListing,
  delistDishonestOwner,
  dishonestOwners,
  findProject,
  insertProject,
  listDishonestOwner,
  lockProjectForOpening,
  nextDishonestVersion,
  type ProjectView,
  projectView,
} from './db/projects.js'
import {
  deliveredApplication,
  findDelivery,
  keepDeliveryChoice,
  lockDelivery,
  storeDelivery,
} from './db/result-delivery.js'
import {
  type ApplicationState,
  decideCure,
  decideOpening,
  evolveOnStepDecided,
  evolveOnWithdrawn,
  overdueMaterials,
  stepMaterials,
} from './domain/application.js'
import {
  ANSWER_GRANT_MARGIN_SECONDS,
  type AssistedCase,
  actingFor,
  answerGrant,
  answeringFor,
  closeCase,
  grantPastKeeping,
  isCaseHelper,
  openCase,
  owedOn,
  readingFor,
  recordAct,
  recordVisit,
  scheduleVisit,
  visitsFallingDue,
} from './domain/assisted-case.js'
import {
  attendedBy,
  BOOKING_SCAN,
  BOOKING_SLOT_CAPACITY_DEFAULT,
  bindingBooking,
  decideBookedRefusal,
  decideBooking,
  decideCancellation,
  decideMissed,
  missedByScan,
} from './domain/booking.js'
import { decideActivation, decideUpload } from './domain/catalogue.js'
import { statedFactsAsked } from './domain/follow-ons.js'
import {
  chooseIntermediary,
  deliver,
  deliveredReports,
  type Engagement,
  isEngaged,
  overdue,
} from './domain/intermediary.js'
import {
  applicationLandList,
  assessmentOf,
  decideAreaPublication,
  decideLink,
  decidePlotPublication,
  isAssessedStep,
  stepAssessments,
  withConnectionPoints,
  withPlotAsks,
} from './domain/land.js'
import { decideRegistration } from './domain/project.js'
import {
  BY_LAW,
  commitmentsFrom,
  decideAcceptance,
  decideReceiptAnswer,
  decideReceiptNotice,
  decideReceiptWithdrawal,
  decideRefusal,
  deemedAcceptance,
  receivedNow,
} from './domain/receipt.js'
import { collectionRegion, decideDeliveryStep, deliveryDue } from './domain/result-delivery.js'
import { decidePart, decidePhase, decideStepOrder, decideWindowStep, standingOf } from './domain/step-order.js'
import {
  applicationAcceptedRow,
  applicationReceivedRow,
  areaLinkedRow,
  areaPublishedRow,
  assistedCaseRow,
  bookingRow,
  catalogueActivatedRow,
  certificateReleasedRow,
  deficiencyCuredRows,
  deficiencyOverdueRow,
  dishonestOwnerDelistedRow,
  dishonestOwnerListedRow,
  engagementRow,
  followOnWithheld,
  plotLinkedRow,
  plotPublishedRow,
  projectRegisteredRow,
  receiptAcceptedRow,
  receiptClosedRow,
  receiptNoticeRow,
  resultDeliveryRow,
} from './events.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  /** The working-day calendar: bundled years plus the published ones (`calendar_entry`), swapped on publication. */
  calendar: CalendarSource
  /** The catalogue of a region, or undefined when no catalogue covers it. */
  catalogueFor(region: string): Catalogue | undefined
  /**
   * The catalogue a pin names: a stored version (uploaded and activated), else the region's `catalogueFor` — the
   * bundled baseline a project registered before any upload is pinned to (`pinnedCatalogues`).
   */
  pinned: PinnedCatalogues<Tx>
  /** 网上预约: bookings one slot of one region's centre takes (`BOOKING_SLOT_CAPACITY_DEFAULT` when not told). */
  bookingSlotCapacity?: number
}

/** Stored rows a command read and left out (they do not read): answered beside its result, for its route to log. */
type LeftOut = { unreadable: UnreadableStoredRow[] }

/**
 * The catalogue a project registered in `region` on `today` takes: the version activated for the nearest region
 * covering it that has started by today (`activeVersionOn`), else the bundled one. A stored version whose start is no
 * legal day (a '-infinity' is before every day) did not start: it is left out of the choice and named.
 */
async function catalogueOn(
  deps: CommandDeps,
  tx: Tx,
  region: string,
  today: string,
): Promise<{ catalogue: Catalogue | undefined } & LeftOut> {
  const bundled = deps.catalogueFor(region)
  const started = await startedVersions(tx, coveringRegions(region), today)
  const active = activeVersionOn(region, today, started.rows, bundled?.region.code)
  return { catalogue: active ? await deps.pinned(tx, region, active.pin) : bundled, unreadable: started.unreadable }
}

/** Who acted, for audit columns and events. */
const actorLabel = (a: Actor) => `${a.role}:${a.sub}`

const projectNotFound = (id: string): Result<never> =>
  refuse({ code: 'INTAKE_PROJECT_NOT_FOUND', message: `No project ${id}.` })

const applicationNotFound = (id: string): Result<never> =>
  refuse({ code: 'INTAKE_APPLICATION_NOT_FOUND', message: `No application ${id}.` })

/**
 * 项目登记: the project row, ProjectRegisteredV1 and the audit entry in one transaction; a refusal (unknown region,
 * ineligible, taken project code) writes its audit entry only. The entry names the id the project has or would have had.
 */
export async function registerProject(
  deps: CommandDeps,
  actor: Actor,
  body: RegisterProjectBody,
): Promise<Result<ProjectView> & LeftOut> {
  const id = uuidv7()
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.project.register', object: `project:${id}` }, async (tx) => {
    // The version active on the day of intake is pinned on the project; its later applications keep it. The versions
    // left out of that choice are named whether the registration is done or refused.
    const { catalogue, unreadable } = await catalogueOn(deps, tx, body.region, legalDateOf(now))
    return { ...(await registerOn(deps, tx, { id, now, actor, body, catalogue })), unreadable }
  })
}

/** 项目登记 on the catalogue the project takes (`catalogueOn`), in the command's transaction. */
async function registerOn(
  deps: CommandDeps,
  tx: Tx,
  r: { id: string; now: Date; actor: Actor; body: RegisterProjectBody; catalogue: Catalogue | undefined },
): Promise<Result<ProjectView>> {
  const { id, now, actor, body, catalogue } = r
  if (!catalogue) {
    return refuse({
      code: 'INTAKE_REGION_UNKNOWN',
      message: `No catalogue covers region ${body.region}.`,
      details: {
        errors: [{ field: '/region', code: 'INTAKE_REGION_UNKNOWN', message: `no catalogue for ${body.region}` }],
      },
    })
  }
  const decision = decideRegistration(body, catalogue)
  if (!decision.ok) return decision
  const registration = decision.value
  const row = await insertProject(tx, { id, body, registration, at: now, by: actorLabel(actor) })
  if (!row) {
    return refuse({
      code: 'INTAKE_PROJECT_CODE_TAKEN',
      message: `Project code ${body.projectCode} is already registered.`,
      details: {
        errors: [{ field: '/projectCode', code: 'INTAKE_PROJECT_CODE_TAKEN', message: 'already registered' }],
      },
    })
  }
  await deps.outbox.add(tx, projectRegisteredRow(row.id, body, registration, now))
  return ok(projectView(row))
}

export async function getProject(deps: CommandDeps, id: string): Promise<Result<ProjectView>> {
  const project = await deps.transaction((tx) => findProject(tx, id))
  return project ? ok(projectView(project)) : projectNotFound(id)
}

/**
 * 一窗受理: one combined application for a step of the project's flow, accepted (with its 容缺 and 告知承诺) or
 * refused with one complete notice. The project row is locked first, so two clerks cannot both open the same step.
 * With `acceptance: "later"` it is received only (接件, national code 1): what acceptance will publish is decided and
 * kept now, and published when the clerk accepts it or the law does (`acceptReceipt`, `scanDeemedAcceptancesOnce`).
 */
/** The 201 of an opening: the application as a read answers it, and the follow-ons its acceptance withheld. */
type OpenedApplication = { application: ApplicationView; withheldFollowOns?: WithheldFollowOn[] }

export async function openApplication(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  body: OpenApplicationBody,
): Promise<Result<OpenedApplication>> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  const command = { actor, action: 'intake.application.open', object: `project:${projectId}` }
  return deps.audited(command, async (tx): Promise<Result<OpenedApplication>> => {
    // The project locked, then the step's open application, the owner's 失信 listing and its land: two statements.
    const opening = await lockProjectForOpening(tx, projectId, body.step, body.part)
    if (!opening) return projectNotFound(projectId)
    const { project, open } = opening
    // The project's pinned version, whatever is active today: the flow it was registered under goes on.
    const catalogue = await deps.pinned(tx, project.region, project.catalogueVersion)
    const flow = catalogue?.projectType(project.projectType)
      ? catalogue.flow(project.projectType, project.facts)
      : undefined
    const step = flow?.steps.find((s) => s.step.code === body.step)
    if (!catalogue || !step) {
      return refuse({
        code: 'INTAKE_STEP_NOT_FOUND',
        message: `Step "${body.step}" is not in the flow of this project.`,
        details: {
          errors: [{ field: '/step', code: 'INTAKE_STEP_NOT_FOUND', message: `not a step of ${project.projectType}` }],
        },
      })
    }
    const atWindow = decideWindowStep(project.flow, step.step.code)
    if (!atWindow.ok) return atWindow
    const standing = standingOf(project.flow, opening.standing)
    const order = decideStepOrder(project.flow, step.step.code, standing.steps)
    if (!order.ok) return order
    // 按照单位工程办理: a building's construction permit on its own; none, the whole project.
    const parted = decidePart(project.flow, step.step.code, body.part, body.phase, standing.parts)
    if (!parted.ok) return parted
    const part = parted.value
    // 分阶段办理: the phase named, in its order; none, the whole step at once.
    const phased = decidePhase(project.flow, step.step.code, body.phase, standing.phases)
    if (!phased.ok) return phased
    const phase = phased.value
    if (open) {
      const of = open.part === undefined ? '' : ` (unit work ${open.part})`
      return refuse({
        code: 'INTAKE_APPLICATION_ALREADY_OPEN',
        message: `Application ${open.receiptNumber} for step ${body.step}${of} is still open.`,
        details: { applicationId: open.id, ...(open.part === undefined ? {} : { part: open.part }) },
      })
    }
    // 区域评估 and 用地清单: the area spares the assessments it covers; the plot's list bounds what departments ask.
    // 中介服务: a report the project's intermediary delivered is taken from it, not asked of the owner.
    const { land } = opening
    const decision = decideOpening(body, {
      catalogue,
      step,
      region: project.region,
      today,
      calendar: deps.calendar.current(),
      ownerDishonest: opening.ownerDishonest,
      ...(opening.commitmentBar ? { commitmentBar: opening.commitmentBar } : {}),
      assessments: stepAssessments(step.step.code, land.area, await reportsFor(tx, project.id, step.step.code)),
    })
    if (!decision.ok) return decision
    const accepted = { ...decision.value, utilities: withConnectionPoints(decision.value.utilities, land.plot) }
    const applicationId = uuidv7()
    const acceptNow = body.acceptance !== 'later'
    const receipt = receivedNow({ at: now, today, by: actorLabel(actor) }, acceptNow)
    // Its receipt number is drawn by the insert: the event is built after it, then kept or published.
    const application = await insertApplication(tx, {
      id: applicationId,
      projectId: project.id,
      region: project.region,
      step: step.step.code,
      stepName: step.step.name.zh,
      phase,
      part,
      catalogueVersion: catalogue.pin,
      form: body.form,
      accepted,
      materials: body.materials.map((m) => ({ id: uuidv7(), ...m })),
      at: now,
      today,
      by: actorLabel(actor),
      receipt,
      acceptNow,
    })
    if (body.delivery) await keepDeliveryChoice(tx, applicationId, body.delivery, now)
    // 网上预约: the owner came on its booked day — the booking is attended and binds this application's refusal. The
    // step's live bookings came with the project's row (no round trip of their own on the opening's path).
    // Its event goes with it, so the project's timeline shows the booking attended.
    for (const booking of opening.bookings) {
      const attended = attendedBy(booking, applicationId, now)
      if (attended) await storeBookingChange(deps, tx, attended, actorLabel(actor))
    }
    const row = applicationAcceptedRow({
      applicationId,
      project,
      step,
      phase,
      part,
      catalogueVersion: catalogue.pin,
      receiptNumber: application.receiptNumber,
      accepted: land.plot ? { ...accepted, items: withPlotAsks(accepted.items, land.plot) } : accepted,
      noticeStops: catalogue.consolidatedNoticeStops(),
      ...(flow?.cap ? { cap: flow.cap.limit } : {}),
      at: now,
      today,
      receipt,
      ...(land.plot ? { landList: applicationLandList(land.plot, accepted.checklist) } : {}),
      materials: body.materials,
    })
    if (acceptNow) {
      await deps.outbox.add(tx, row)
    } else {
      const { receipt: _, ...pending } = row.body
      await keepPendingAcceptance(tx, applicationId, pending)
      await deps.outbox.add(
        tx,
        applicationReceivedRow(pending, receipt, {
          step: step.step.code,
          receiptNumber: application.receiptNumber,
          ownerCreditCode: project.ownerCreditCode,
        }),
      )
    }
    // 后续事项 withheld on what the form stated (004:1814): said beside the application (whose view stays what a read
    // of it answers), so the desk tells the applicant now which follow-on to apply for separately.
    const withheld = accepted.followOns.withheld.map(followOnWithheld)
    return ok({
      application: applicationView(application),
      ...(withheld.length > 0 ? { withheldFollowOns: withheld } : {}),
    })
  })
}

export async function getApplication(deps: CommandDeps, id: string): Promise<Result<ApplicationView>> {
  const application = await deps.transaction((tx) => findApplication(tx, id))
  return application ? ok(applicationView(application)) : applicationNotFound(id)
}

export type CureAnswer = { cured: string[]; remaining: string[]; certificate: ApplicationState['certificate'] }

/**
 * 容缺 cured: the owner hands in owed materials, under the application's row lock; the last one after approval
 * releases the certificate. A refused cure writes nothing. For a receipt not yet accepted, the materials are the one
 * answer to its notice (一次性告知, 行政许可法第三十二条): answered with the application.
 */
export async function cureDeficiencies(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
  materials: ReadonlyArray<{ code: string; documentRef: string }>,
): Promise<Result<CureAnswer | { application: ApplicationView }>> {
  const now = deps.clock.now()
  const command = { actor, action: 'intake.application.cure', object: `application:${applicationId}` }
  return deps.audited(command, async (tx): Promise<Result<CureAnswer | { application: ApplicationView }>> => {
    const helping = await helperActing(tx, actor, applicationId)
    if (!helping.ok) return helping
    const onBehalfOf = helping.value?.onBehalfOf
    const receipt = await lockReceipt(tx, applicationId, 'wait')
    if (receipt && receipt.status === 'open' && !receipt.accepted) {
      if (actor.creditCode !== undefined && actor.creditCode !== receipt.ownerCreditCode) {
        return refuse({ code: 'INTAKE_NOT_YOUR_PROJECT', message: 'Only the project owner may hand in its materials.' })
      }
      const decision = decideReceiptAnswer(
        receipt,
        materials.map((m) => m.code),
        { at: now, today: legalDateOf(now), by: actorLabel(actor) },
      )
      if (!decision.ok) return decision
      await recordReceipt(tx, applicationId, decision.value.receipt, {
        materials: materials.map((m) => ({ id: uuidv7(), ...m })),
        at: now,
        by: actorLabel(actor),
      })
      await deps.outbox.add(tx, receiptNoticeRow(receipt, decision.value.receipt, onBehalfOf))
      await recordHelperAct(deps, tx, helping.value, { act: 'receipt-answered', ...receipt }, now)
      const answered = await findApplication(tx, applicationId)
      if (!answered) throw new Error(`application ${applicationId} vanished under its lock`)
      return ok({ application: applicationView(answered) })
    }
    const state = await lockApplicationState(tx, applicationId)
    if (!state) return applicationNotFound(applicationId)
    if (actor.creditCode !== undefined) {
      const project = await findProject(tx, state.projectId)
      if (project && project.ownerCreditCode !== actor.creditCode) {
        return refuse({ code: 'INTAKE_NOT_YOUR_PROJECT', message: 'Only the project owner may hand in its materials.' })
      }
    }
    const decision = decideCure(
      state,
      materials.map((m) => m.code),
    )
    if (!decision.ok) return decision
    const { cured, remaining, release } = decision.value
    await recordCure(tx, {
      applicationId,
      cured,
      materials: materials.map((m) => ({ id: uuidv7(), code: m.code, documentRef: m.documentRef })),
      at: now,
      by: actorLabel(actor),
    })
    const app = { applicationId, projectId: state.projectId, step: state.step, phase: state.phase, part: state.part }
    await deps.outbox.add(
      tx,
      deficiencyCuredRows({ ...app, owed: state.owed.length }, cured, now, legalDateOf(now), onBehalfOf),
    )
    await recordHelperAct(deps, tx, helping.value, { act: 'deficiency-cured', ...app }, now)
    if (release) {
      await releaseCertificate(tx, applicationId, now)
      await deps.outbox.add(tx, certificateReleasedRow(app, now))
    }
    return ok({ cured, remaining, certificate: release ? 'released' : state.certificate })
  })
}

/** 失信: an administrator lists an owner; listed owners may use neither 容缺 nor 告知承诺 (004:2235). */
export async function listOwnerAsDishonest(
  deps: CommandDeps,
  creditCode: string,
  reason: string,
  actor: Actor,
): Promise<Result<DishonestListing>> {
  const at = deps.clock.now()
  return deps.audited({ actor, action: 'intake.dishonest-owner.list', object: `owner:${creditCode}` }, async (tx) => {
    const { listing, added } = await listDishonestOwner(tx, { creditCode, reason, at, by: actorLabel(actor) })
    // Only a change is published: the services that refuse a listed owner (acceptance) keep their own copy of it.
    if (added) await deps.outbox.add(tx, dishonestOwnerListedRow(listing, await nextDishonestVersion(tx, creditCode)))
    return ok(listing)
  })
}

/** 失信: the list as an administrator or supervisor reads it (newest listing first). */
export async function dishonestOwnerList(
  deps: CommandDeps,
  filter: { creditCode?: string; limit: number },
): Promise<DishonestListing[]> {
  return deps.transaction((tx) => dishonestOwners(tx, filter))
}

/** 失信: an administrator delists an owner; its next application may use 容缺 and 告知承诺 again. */
export async function delistOwner(deps: CommandDeps, creditCode: string, actor: Actor): Promise<Result<boolean>> {
  const at = deps.clock.now()
  return deps.audited({ actor, action: 'intake.dishonest-owner.delist', object: `owner:${creditCode}` }, async (tx) => {
    const delisted = await delistDishonestOwner(tx, creditCode)
    if (delisted) {
      const version = await nextDishonestVersion(tx, creditCode)
      await deps.outbox.add(tx, dishonestOwnerDelistedRow(creditCode, version, at, actorLabel(actor)))
    }
    return ok(delisted)
  })
}

/**
 * Approval decided the step, in the consumer's transaction: approved with nothing owed releases the certificate;
 * approved while a 容缺 material is owed withholds it until the last cure; rejected closes the application.
 */
export async function recordStepDecision(deps: CommandDeps, tx: Tx, event: StepDecidedV1, now: Date): Promise<void> {
  const state = await lockApplicationState(tx, event.applicationId)
  // Not ours, or decided already: the event is a fact, and there is nothing left to record.
  if (!state) return
  const next = evolveOnStepDecided(state, event.outcome)
  if (!next) return
  await recordStepOutcome(tx, event.applicationId, next, {
    at: new Date(event.decidedAt),
    on: event.decidedOn,
    releasedAt: now,
  })
  if (next.release) {
    await deps.outbox.add(
      tx,
      certificateReleasedRow(
        {
          applicationId: event.applicationId,
          projectId: state.projectId,
          step: state.step,
          phase: state.phase,
          part: state.part,
        },
        now,
      ),
    )
  }
  // 结果送达: either decision is a result to deliver, the way the applicant chose at the window.
  const kept = await lockDelivery(tx, event.applicationId)
  if (kept?.delivery) return
  const found = await deliveredApplication(tx, event.applicationId)
  if (!found) throw new Error(`application ${event.applicationId} vanished under its lock`)
  // Named once here, from the application's pinned catalogue: the notifier keeps no catalogue and no region of its own.
  const catalogue = await deps.pinned(tx, found.region, found.pin)
  const delivery = deliveryDue({ ...found.application, ...collectionRegion(catalogue) }, kept?.choice, {
    outcome: event.outcome,
    at: new Date(event.decidedAt),
    on: event.decidedOn,
  })
  await storeDelivery(tx, delivery, now)
  await deps.outbox.add(tx, resultDeliveryRow(delivery))
}

/** The application's delivery, as intake keeps it: undefined while its step is undecided. */
export async function getDelivery(
  deps: CommandDeps,
  applicationId: string,
): Promise<Result<ResultDelivery | undefined>> {
  return deps.transaction(async (tx) => {
    const application = await findApplication(tx, applicationId)
    if (!application) return applicationNotFound(applicationId)
    return ok(await findDelivery(tx, applicationId))
  })
}

/** Each step of a delivery audited under its own action, as the audit log names it. */
const DELIVERY_ACTIONS = {
  collected: 'intake.application.delivery-collected',
  posted: 'intake.application.delivery-posted',
  signed: 'intake.application.delivery-signed',
} as const satisfies Record<RecordDeliveryBody['step'], string>

/**
 * 结果送达 recorded by the clerk: 已领取 (on-site), 已寄出 then 已签收 (post), under the application's lock; published
 * whole (ApplicationResultDeliveryV1) and audited. A step out of order or of the other mode writes its audit entry only.
 */
export async function recordDeliveryStep(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
  body: RecordDeliveryBody,
): Promise<Result<ResultDelivery>> {
  const at = deps.clock.now()
  const moment = { at, today: legalDateOf(at), by: actorLabel(actor) }
  const command = { actor, action: DELIVERY_ACTIONS[body.step], object: `application:${applicationId}` }
  return deps.audited(command, async (tx): Promise<Result<ResultDelivery>> => {
    const state = await lockApplicationState(tx, applicationId)
    if (!state) return applicationNotFound(applicationId)
    const kept = await lockDelivery(tx, applicationId)
    const decision = decideDeliveryStep(kept?.delivery, body, moment)
    if (!decision.ok) return decision
    await storeDelivery(tx, decision.value, at)
    await deps.outbox.add(tx, resultDeliveryRow(decision.value))
    return ok(decision.value)
  })
}

/**
 * 撤回, in the consumer's transaction: the application approval closed at the applicant's request ends `withdrawn`
 * here too, so its owed materials are no longer chased and its step may be applied for again.
 */
export async function recordWithdrawal(tx: Tx, event: ApplicationWithdrawnV1): Promise<void> {
  const state = await lockApplicationState(tx, event.applicationId)
  if (!state) return
  const next = evolveOnWithdrawn(state)
  if (!next) return
  await recordStepOutcome(tx, event.applicationId, next, {
    at: new Date(event.withdrawnAt),
    on: event.withdrawnOn,
    releasedAt: new Date(event.withdrawnAt),
  })
}

/**
 * One pass of the 容缺 overdue timer: an application owing a material past its promised day is taken
 * `FOR UPDATE SKIP LOCKED` and its materials are marked in the same transaction as their DeficiencyOverdueV1, which
 * is what keeps each report to once across passes, restarts and replicas. Resolves to how many were reported.
 */
export async function scanOverdueDeficienciesOnce(
  deps: CommandDeps,
  skipped: (applicationId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => overdueCandidates(tx, today, after, limit),
    read: unreportedDeficiencies,
    decide: (app) => {
      const overdue = overdueMaterials(app, today)
      if (overdue.length === 0) return undefined
      const rows = overdue.map((d) => deficiencyOverdueRow(app, d, now))
      // A row whose event would fail its schema is skipped like one that cannot be evaluated, not left to fail the pass.
      assertPublishable(rows)
      return { applicationId: app.applicationId, materials: overdue.map((d) => d.material), rows }
    },
    write: async (tx, due) => {
      await markOverdue(tx, due.applicationId, due.materials, now)
      await deps.outbox.add(tx, due.rows)
      return due.rows.length
    },
  })
}

/**
 * 目录上传: checks a region's catalogue document over the bundled parents (every problem at once, nothing stored when
 * there is an error) and stores it, not yet active. The same content uploaded again answers the stored version.
 */
export async function uploadCatalogueVersion(
  deps: CommandDeps,
  actor: Actor,
  document: unknown,
): Promise<Result<{ version: CatalogueVersionView; created: boolean }>> {
  const at = deps.clock.now()
  const named = document as { region?: { code?: unknown }; version?: unknown }
  const region = typeof named.region?.code === 'string' ? named.region.code : '?'
  const name = typeof named.version === 'string' ? named.version : '?'
  const command = { actor, action: 'intake.catalogue.upload', object: `catalogue:${region}@${name}` }
  return deps.audited(command, async (tx) => {
    const taken = await findVersion(tx, region, name)
    const decision = decideUpload(document, {
      parents: bundledDocuments(),
      bundled: recordedVersions(),
      ...(taken ? { taken } : {}),
    })
    if (!decision.ok) return decision
    if (taken) return ok({ version: taken, created: false })
    const stored = await insertVersion(tx, { ...decision.value, document, at, by: actorLabel(actor) })
    // Another upload of the name committed between the read and the insert: answered as the read would have been.
    const again = stored ?? (await findVersion(tx, region, name))
    if (!again) throw new Error(`catalogue version ${decision.value.pin} neither stored nor found`)
    if (!stored && again.hash !== decision.value.hash) {
      return refuse({
        code: 'INTAKE_CATALOGUE_VERSION_TAKEN',
        message: `Version ${name} of ${region} was just stored with other content.`,
      })
    }
    return ok({ version: again, created: stored !== undefined })
  })
}

/** 目录启用: from `activeFrom` on, new projects of the region take the version; every service is told to store it. */
export async function activateCatalogueVersion(
  deps: CommandDeps,
  actor: Actor,
  request: { region: string; version: string; activeFrom: string },
): Promise<Result<CatalogueVersionView> & LeftOut> {
  const at = deps.clock.now()
  const command = {
    actor,
    action: 'intake.catalogue.activate',
    object: `catalogue:${request.region}@${request.version}`,
  }
  return deps.audited(command, async (tx) => {
    // Another version whose stored start is no legal day cannot start on the legal day asked for: it is left out of
    // the decision and named. The version activated must read itself (its damage fails the command, with the row).
    const { version, rows: others, unreadable } = await lockRegionVersions(tx, request.region, request.version)
    const decision = decideActivation(version, { ...request, today: legalDateOf(at) }, others)
    if (!decision.ok) return { ...decision, unreadable }
    const { view, data } = await markActivated(tx, decision.value.pin, {
      activeFrom: request.activeFrom,
      at,
      by: actorLabel(actor),
    })
    await deps.outbox.add(tx, catalogueActivatedRow(decision.value, data, at))
    return { ...ok(view), unreadable }
  })
}

/** The stored versions (of one region): those whose row does not read are left out and named. */
export async function catalogueVersions(deps: CommandDeps, region?: string): Promise<StoredRows<CatalogueVersionView>> {
  return deps.transaction((tx) => listVersions(tx, region))
}

/**
 * The catalogue a project registered in `region` today would take (the version active today, else the bundled one),
 * for the window's desk to offer its project types, steps and materials; refused when no catalogue covers the region.
 */
export async function catalogueInEffect(
  deps: CommandDeps,
  region: string,
): Promise<Result<{ pin: string; catalogue: Catalogue['data'] }> & LeftOut> {
  const today = legalDateOf(deps.clock.now())
  const { catalogue, unreadable } = await deps.transaction((tx) => catalogueOn(deps, tx, region, today))
  if (!catalogue) {
    const refused = refuse({
      code: 'INTAKE_REGION_UNKNOWN',
      message: `No catalogue covers region ${region}.`,
      details: {
        errors: [{ field: '/region', code: 'INTAKE_REGION_UNKNOWN', message: `no catalogue for ${region}` }],
      },
    })
    return { ...refused, unreadable }
  }
  return { ...ok({ pin: catalogue.pin, catalogue: catalogue.data }), unreadable }
}

/** The notice a publication names on every timeline entry it causes: its title and document number (文号). */
const noticeOf = (body: CalendarEntryBody) =>
  [body.source.title, body.source.number].filter((part) => part !== undefined).join(' ')

const newerStored = (key: string) => ({
  code: 'INTAKE_CALENDAR_CONFLICT' as const,
  message: `A newer version of the calendar ${key} was stored meanwhile; publish again.`,
})

/**
 * An administrator publishes a year's State Council schedule (国务院办公厅关于…部分节假日安排的通知) or a regional
 * overlay: validated exactly as `onewindow calendar import` validates it, stored as the next version of its key, and
 * published as `calendar.published` for every service that runs clocks. Intake owns calendars (docs/architecture.md).
 */
export async function publishCalendar(
  deps: CommandDeps,
  actor: Actor,
  body: CalendarEntryBody,
): Promise<Result<{ publication: CalendarPublication; unreadable: UnreadableStoredRow[] }>> {
  const checked = validateCalendarEntry(body)
  const key = checked.ok
    ? calendarEntryKey(checked.value)
    : 'year' in body
      ? `year-${body.year}`
      : `region-${body.region}`
  const now = deps.clock.now()
  const command = { actor, action: 'intake.calendar.publish', object: `calendar:${key}` }
  const done = await deps.audited(command, async (tx) => {
    if (!checked.ok) {
      return refuse({
        code: 'INTAKE_CALENDAR_INVALID',
        message: `The calendar ${key} is not valid: ${describeProblems(checked.problems)}`,
        details: {
          errors: checked.problems.map(({ field, message }) => ({ field, code: 'INTAKE_CALENDAR_INVALID', message })),
        },
      })
    }
    const entry = checked.value
    // The key's row locked, so two publications of one year get two versions, not one twice.
    const [stored] = await tx.$queryRaw<{ version: number }[]>`
      SELECT version FROM calendar_entry WHERE key = ${key} FOR UPDATE`
    const publication: CalendarPublication = {
      key,
      kind: entry.kind,
      version: (stored?.version ?? 0) + 1,
      notice: noticeOf(body),
      publishedAt: now.toISOString(),
      publishedBy: actorLabel(actor),
    }
    const change = await storeCalendarEntry(tx, publication, entry, now)
    // Publications take turns on the calendar lock (storeCalendarEntry; two at once deadlock and the runner runs one
    // again after the other), so the version read above is the next one. Should a newer one be stored all the same,
    // this one is refused rather than stored under it.
    if (!change) {
      return refuse(newerStored(key))
    }
    await reprojectCommitments(tx, change)
    await deps.outbox.add(tx, {
      event: CalendarPublishedV1,
      body: { ...publication, entry: entry.value },
      aggregateId: `calendar:${key}`,
    })
    return ok({ publication, change })
  })
  if (!done.ok) return done
  // After the commit: intake's own clocks (告知承诺 verify-by days) count with it from the next command on.
  deps.calendar.replace(done.value.change.after, done.value.change.stamp)
  // Commitments whose stored rows could not be counted again were left as they were: the route names them.
  return ok({ publication: done.value.publication, unreadable: done.value.change.unreadable })
}

/** What a receipt decision answers: the application as it now stands. */
async function receiptDecision(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
  action: 'accept' | 'refuse' | 'withdraw-receipt' | 'receipt-notice',
  decide: (
    row: ReceiptRow,
    moment: { at: Date; today: string; by: string },
    tx: Tx,
    onBehalfOf?: OnBehalfOf,
  ) => Promise<Result<undefined>>,
): Promise<Result<ApplicationView>> {
  const at = deps.clock.now()
  const moment = { at, today: legalDateOf(at), by: actorLabel(actor) }
  const command = { actor, action: `intake.application.${action}`, object: `application:${applicationId}` }
  return deps.audited(command, async (tx): Promise<Result<ApplicationView>> => {
    const helping = await helperActing(tx, actor, applicationId)
    if (!helping.ok) return helping
    const row = await lockReceipt(tx, applicationId, 'wait')
    if (!row) return applicationNotFound(applicationId)
    if (actor.role === 'owner' && actor.creditCode !== row.ownerCreditCode) {
      return refuse({ code: 'INTAKE_NOT_YOUR_PROJECT', message: 'Only the project owner may withdraw its receipt.' })
    }
    const done = await decide(row, moment, tx, helping.value?.onBehalfOf)
    if (!done.ok) return done
    await recordHelperAct(deps, tx, helping.value, { act: action, ...row }, at)
    const application = await findApplication(tx, applicationId)
    if (!application) throw new Error(`application ${applicationId} vanished under its lock`)
    return ok(applicationView(application))
  })
}

/**
 * 受理 by the clerk of a received application: its acceptance is published now, every clock starting today — or, past
 * the fifth working day with no notice given, from the receipt day, as the law accepted it (counted with the live
 * calendar, as the notice's last day is).
 */
export function acceptReceipt(deps: CommandDeps, applicationId: string, actor: Actor) {
  return receiptDecision(deps, applicationId, actor, 'accept', async (row, moment, tx) => {
    const lastDay = lastDayToDecide(deps.calendar.current(), row.receipt.receivedOn, row.region)
    const decision = decideAcceptance(row, moment, lastDay)
    if (!decision.ok) return decision
    await publishAcceptance(deps, tx, row, {
      ...moment,
      on: decision.value.acceptedOn,
      receipt: decision.value.receipt,
    })
    return ok(undefined)
  })
}

/** 不受理 (4) or 不予受理 (5) of a received application, by its ground (行政许可法第三十二条). */
export function refuseReceipt(deps: CommandDeps, applicationId: string, actor: Actor, body: RefuseApplicationBody) {
  return receiptDecision(deps, applicationId, actor, 'refuse', async (row, moment, tx) => {
    const decision = decideRefusal(row, body, moment)
    if (!decision.ok) return decision
    // 网上预约 (004:1044): a booked application is refused on one of the seed's three exceptions alone.
    const binding = bindingBooking(await stepBookings(tx, row.projectId, row.step), row.applicationId)
    const booked = decideBookedRefusal(binding, body.bookedReason)
    if (!booked.ok) return booked
    await recordReceiptClosed(tx, row.applicationId, decision.value.receipt)
    await deps.outbox.add(tx, receiptClosedRow(row, decision.value.receipt))
    return ok(undefined)
  })
}

/**
 * 一次性告知 of a received application within five working days of its receipt day (行政许可法第三十二条第一款第四项),
 * counted with the live calendar: it is then no longer accepted by law; the owner answers it with its materials.
 */
export function noticeReceipt(deps: CommandDeps, applicationId: string, actor: Actor, body: ReceiptNoticeBody) {
  return receiptDecision(deps, applicationId, actor, 'receipt-notice', async (row, moment, tx) => {
    const lastDay = lastDayToDecide(deps.calendar.current(), row.receipt.receivedOn, row.region)
    const decision = decideReceiptNotice(row, body, moment, lastDay)
    if (!decision.ok) return decision
    await recordReceipt(tx, row.applicationId, decision.value.receipt)
    await deps.outbox.add(tx, receiptNoticeRow(row, decision.value.receipt))
    return ok(undefined)
  })
}

/** 撤件 (2): the owner, or the clerk on its behalf, withdraws a received application before it is accepted. */
export function withdrawReceipt(deps: CommandDeps, applicationId: string, actor: Actor, body: WithdrawReceiptBody) {
  return receiptDecision(deps, applicationId, actor, 'withdraw-receipt', async (row, moment, tx, onBehalfOf) => {
    const decision = decideReceiptWithdrawal(row, body, moment)
    if (!decision.ok) return decision
    await recordReceiptClosed(tx, row.applicationId, decision.value.receipt)
    await deps.outbox.add(tx, receiptClosedRow(row, decision.value.receipt, onBehalfOf))
    return ok(undefined)
  })
}

/** The kept acceptance published with its moment and legal day; the row records both. */
async function publishAcceptance(
  deps: CommandDeps,
  tx: Tx,
  row: ReceiptRow,
  accepted: { at: Date; on: string; by: string; receipt: ApplicationReceipt },
): Promise<void> {
  const pending = row.pendingAcceptance
  if (!pending) throw new Error(`application ${row.applicationId} was received without its acceptance`)
  await recordReceiptAccepted(tx, row.applicationId, accepted)
  // 告知承诺 days count from the acceptance day: the kept body counted them from the receipt day.
  const commitments = commitmentsFrom(pending.commitments ?? [], accepted.on, deps.calendar.current(), row.region)
  for (const c of commitments) await moveVerifyBy(tx, row.applicationId, c.item, c.verifyBy)
  const body = pending.commitments === undefined ? pending : { ...pending, commitments }
  await deps.outbox.add(tx, receiptAcceptedRow(body, accepted))
}

/**
 * One pass of the deemed-acceptance timer (行政许可法第三十二条): a receipt left undecided past its fifth working day is
 * accepted by law as of its receipt day, its row taken `FOR UPDATE SKIP LOCKED` and written with its
 * ApplicationAcceptedV1 in one transaction, so each is accepted once across passes, restarts and replicas.
 * Resolves to how many were accepted.
 */
export async function scanDeemedAcceptancesOnce(
  deps: CommandDeps,
  skipped: (applicationId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => undecidedReceipts(tx, today, after, limit),
    read: (tx, id, lock) => lockReceipt(tx, id, lock ? 'skip-locked' : 'none'),
    decide: (row) => {
      // A row without its kept acceptance is skipped and logged here, not thrown from `write`, where it would stop
      // every later receipt of the pass, pass after pass.
      if (!row.pendingAcceptance)
        throw new Error(`application ${row.applicationId} was received without its acceptance`)
      // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
      const deemed = deemedAcceptance(row, today, deps.calendar.current(), row.region)
      return deemed ? { row, deemed } : undefined
    },
    write: async (tx, { row, deemed }) => {
      await publishAcceptance(deps, tx, row, { at: now, on: deemed.acceptedOn, by: BY_LAW, receipt: deemed.receipt })
      return 1
    },
  })
}

/**
 * Intake's own clocks on a publication, in its transaction: each open 告知承诺 commitment's verify-by day (its kept
 * limit from the acceptance day) is re-projected and stored. No event: the commitment runs in approval, as the task
 * approved on it, whose re-projection of the same day is the one `clock.due-moved` and timeline entry
 * (docs/legal-time.md#publishing-a-calendar); this keeps intake's application view saying the same day.
 */
async function reprojectCommitments(tx: Tx, change: CalendarChange): Promise<void> {
  const open = await lockOpenCommitments(tx, change.today)
  const clocks = open.map((c) => ({
    commitment: c,
    projectId: c.projectId,
    subject: `commitment:${c.applicationId}/${c.item}`,
    clock: 'verify-by',
    spec: {
      limit: c.limit,
      start: c.start,
      suspensions: [],
      ...(/^\d{6}$/.test(c.region) ? { region: c.region } : {}),
    },
  }))
  for (const m of movedDues(change, clocks)) {
    if (m.moved) await moveVerifyBy(tx, m.open.commitment.applicationId, m.open.commitment.item, m.to)
  }
}

// ——— 帮办代办 — assisted-service cases (docs/assisted-service.md) ———

type HelperActing = { onBehalfOf: OnBehalfOf; case: AssistedCase }

/**
 * A helper acting on an application: its project's case, locked for this transaction, must name it and cover the
 * application's stage (`actingFor`); undefined for any other caller, who acts for itself.
 */
async function helperActing(tx: Tx, actor: Actor, applicationId: string): Promise<Result<HelperActing | undefined>> {
  if (actor.role !== 'helper') return ok(undefined)
  const application = await stageOfApplication(tx, applicationId)
  if (!application) return applicationNotFound(applicationId)
  const c = await assistedCases(tx).ofProject(application.projectId, true)
  const acting = actingFor(c, actor, { applicationId, stage: application.stage })
  if (!acting.ok || !c) return acting.ok ? applicationNotFound(applicationId) : acting
  return ok({ onBehalfOf: acting.value, case: c })
}

/**
 * 帮办代办 for a 补正 answer (approval's act): whether this helper may answer the application's notice for the owner,
 * and on whose behalf — granted for `ANSWER_GRANT_SECONDS`. The gateway asks before it forwards the answer to approval,
 * which refuses it once the grant lapsed; the grant is written under the case's lock, so a close either comes first
 * (and this refuses, the case closed) or sees the grant and waits for it (`closeCase`).
 */
export async function helperAuthority(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
): Promise<Result<{ onBehalfOf: OnBehalfOf }>> {
  const at = deps.clock.now().toISOString()
  const command = { actor, action: 'intake.assisted-case.grant', object: `application:${applicationId}` }
  return deps.audited(command, async (tx): Promise<Result<{ onBehalfOf: OnBehalfOf }>> => {
    const application = await stageOfApplication(tx, applicationId)
    if (!application) return applicationNotFound(applicationId)
    const c = await assistedCases(tx).ofProject(application.projectId, true)
    const answering = answeringFor(c, actor, { applicationId, stage: application.stage })
    if (!answering.ok) return answering
    const onBehalfOf = answerGrant(answering.value, uuidv7(), at)
    await assistedCases(tx).grant(onBehalfOf.caseId, applicationId, onBehalfOf.grantId, onBehalfOf.validUntil)
    return ok({ onBehalfOf })
  })
}

/**
 * Approval's answered 补正 notice that carries `onBehalfOf`: its grant used, and the act kept on the case it names,
 * under the case's lock (the consumer's inbox makes it once). A case that is not the one named has nothing to keep.
 * An application intake does not know is refused (`INTAKE_ANSWERED_APPLICATION_UNKNOWN`), nothing written: every
 * application approval holds was accepted here first, so it is a broken stream, and the act is not kept with a
 * made-up step (the consumer throws the refusal: the message is retried, then parked as a dead letter with its code).
 */
export async function recordHelperAnswer(
  deps: CommandDeps,
  tx: Tx,
  event: SupplementNoticeIssuedV1,
): Promise<Result<undefined>> {
  const { onBehalfOf } = event
  if (event.status !== 'answered' || onBehalfOf === undefined) return ok(undefined)
  const c = await assistedCases(tx).ofProject(event.projectId, true)
  if (!c || c.caseId !== onBehalfOf.caseId) return ok(undefined)
  const application = await findApplication(tx, event.applicationId)
  if (!application) {
    return refuse({
      code: 'INTAKE_ANSWERED_APPLICATION_UNKNOWN',
      message: `Answered 补正 ${event.noticeId}: application ${event.applicationId} is unknown to intake.`,
    })
  }
  const at = new Date(event.answeredAt ?? event.issuedAt)
  if (onBehalfOf.grantId !== undefined) await assistedCases(tx).grantUsed(onBehalfOf.grantId, at)
  await recordHelperAct(
    deps,
    tx,
    { onBehalfOf, case: c },
    { act: 'supplement-answered', applicationId: event.applicationId, step: application.step },
    at,
  )
  return ok(undefined)
}

/** The helper's act kept on its case, and said by AssistedCaseActedV1, in the act's own transaction. */
async function recordHelperAct(
  deps: CommandDeps,
  tx: Tx,
  helping: HelperActing | undefined,
  act: { act: string; applicationId: string; step: string },
  at: Date,
): Promise<void> {
  if (!helping) return
  const moment = { at: at.toISOString(), today: legalDateOf(at), by: `helper:${helping.onBehalfOf.helper}` }
  const next = recordAct(
    helping.case,
    { act: act.act, applicationId: act.applicationId, step: act.step, helper: helping.onBehalfOf.helper },
    moment,
  )
  await assistedCases(tx).save(next)
  await deps.outbox.add(tx, assistedCaseRow(AssistedCaseActedV1, next, moment.by))
}

const caseNotFound = (id: string): Result<never> =>
  refuse({ code: 'INTAKE_ASSIST_CASE_NOT_FOUND', message: `No assisted-service case ${id}.` })

/** The service centre opens a project's free case and assigns its helper (004:1868). */
export async function openAssistedCase(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  body: OpenAssistedCaseBody,
): Promise<Result<AssistedCase>> {
  const now = deps.clock.now()
  const moment = { at: now.toISOString(), today: legalDateOf(now), by: actorLabel(actor) }
  const command = { actor, action: 'intake.assisted-case.open', object: `project:${projectId}` }
  return deps.audited(command, async (tx): Promise<Result<AssistedCase>> => {
    const project = await findProject(tx, projectId)
    if (!project) return projectNotFound(projectId)
    const flow = project.flow
    const stages = [...new Set(flow.map((s) => s.stage))]
    const existing = await assistedCases(tx).ofProject(projectId)
    const decision = openCase(
      existing,
      {
        caseId: uuidv7(),
        project: {
          projectId,
          ownerCreditCode: project.ownerCreditCode,
          ownerName: project.ownerName,
          region: project.region,
          projectType: project.projectType,
          facts: project.facts,
          stages,
        },
        body,
      },
      moment,
    )
    if (!decision.ok) return decision
    if (!(await assistedCases(tx).insert(decision.value))) {
      return refuse({
        code: 'INTAKE_ASSIST_CASE_EXISTS',
        message: 'The project has its assisted-service case already.',
      })
    }
    await deps.outbox.add(tx, assistedCaseRow(AssistedCaseOpenedV1, decision.value, moment.by))
    return ok(decision.value)
  })
}

/**
 * The project's case, for its owner and the service centre; a helper only its own (else as unknown). A flow that does
 * not read leaves its acts named by code and is named in `unreadable`, for the route to log as the list's are.
 */
export async function projectAssistedCase(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
): Promise<Result<{ case: AssistedCase; unreadable: UnreadableStoredRow[] }>> {
  const found = await deps.transaction(async (tx) => {
    const stored = await assistedCases(tx).ofProject(projectId)
    return stored && (await namingActSteps(tx, [stored]))
  })
  const c = found?.cases[0]
  if (!found || !c) return caseNotFound(projectId)
  if (actor.role === 'helper' && c.helper.sub !== actor.sub) return caseNotFound(projectId)
  if (actor.role === 'owner' && c.ownerCreditCode !== actor.creditCode) return caseNotFound(projectId)
  return ok({ case: c, unreadable: found.unreadable })
}

/**
 * 帮办代办: the applications of an open case's project whose steps are in a stage it covers, each with its receipt and
 * what the owner still owes on it (`owedOn`) — what the helper works on (the desk's 代为提交 and 撤件), and what the
 * gateway reads the open 补正 notices of (`readingFor` says who may).
 */
export async function caseApplications(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
): Promise<Result<CaseApplicationsResponse & { unreadable: UnreadableStoredRow[] }>> {
  return deps.transaction(async (tx) => {
    const reading = readingFor(await assistedCases(tx).find(caseId), actor, caseId)
    if (!reading.ok) return reading
    const c = reading.value
    const { rows, unreadable } = await applicationsWithStages(tx, c.projectId)
    const applications = rows.flatMap((a) =>
      a.stage !== undefined && c.stages.includes(a.stage)
        ? [
            {
              applicationId: a.applicationId,
              step: a.step,
              stage: a.stage,
              stepName: a.stepName,
              receiptNumber: a.receiptNumber,
              nationalCode: a.nationalCode,
              status: a.status,
              receivedOn: a.receivedOn,
              owed: owedOn(a),
            },
          ]
        : [],
    )
    return ok({ caseId, projectId: c.projectId, ownerCreditCode: c.ownerCreditCode, applications, unreadable })
  })
}

/** Where a page of cases ends, as the next page's cursor (`AssistedCaseCursor`). */
const caseCursor = (c: { updatedAt: string; caseId: string }) => `${c.updatedAt}~${c.caseId}`

/**
 * The keyset a cursor names. The schema checks its shape only: a key of that shape that PostgreSQL would not have
 * written (month 13, 30 February) would be a failed cast, a 500 — so the 400 a malformed query field gets instead,
 * naming the field.
 */
function caseCursorKey(cursor: string): { updatedAt: string; caseId: string } {
  const [updatedAt = '', caseId = ''] = cursor.split('~')
  if (!isInstantKey(updatedAt)) {
    throw validationFailed('querystring', [
      { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass next as it came)' },
    ])
  }
  return { updatedAt, caseId }
}

/**
 * A page of cases, newest change first: a helper's desk, the cases naming it (whatever `helper` it passes); the
 * service centre's (clerk, supervisor, admin), every case, or one helper's, or one state's.
 */
export async function listAssistedCases(
  deps: CommandDeps,
  actor: Actor,
  query: AssistedCaseListQuery = {},
): Promise<{ cases: AssistedCase[]; next?: string; unreadable: UnreadableStoredRow[] }> {
  const limit = query.limit ?? ASSISTED_CASE_PAGE_MAX
  const after = query.cursor === undefined ? undefined : caseCursorKey(query.cursor)
  const helperSub = actor.role === 'helper' ? actor.sub : query.helper
  const page = await deps.transaction(async (tx) => {
    const found = await assistedCases(tx).list({ helperSub, status: query.status }, after, limit)
    const named = await namingActSteps(tx, found.rows)
    return { ...found, rows: named.cases, unreadable: [...found.unreadable, ...named.unreadable] }
  })
  return { cases: page.rows, unreadable: page.unreadable, ...(page.next ? { next: caseCursor(page.next) } : {}) }
}

/**
 * The service centre closes a case with its reason (the role that opened it, 004:1868), under the case's row lock: a
 * 补正 answer granted to the helper that may still land at approval holds it back (`closeCase`).
 */
export async function closeAssistedCase(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: CloseAssistedCaseBody,
): Promise<Result<AssistedCase>> {
  const now = deps.clock.now()
  const moment = { at: now.toISOString(), today: legalDateOf(now), by: actorLabel(actor) }
  const command = { actor, action: 'intake.assisted-case.close', object: `assisted-case:${caseId}` }
  return deps.audited(command, async (tx): Promise<Result<AssistedCase>> => {
    const c = await assistedCases(tx).find(caseId, 'wait')
    if (!c) return caseNotFound(caseId)
    const since = new Date(now.getTime() - ANSWER_GRANT_MARGIN_SECONDS * 1000)
    const outstanding = await assistedCases(tx).outstandingGrants(caseId, since)
    const { decision: next, requested } = closeCase(c, { body, outstanding }, moment)
    // A close held back by grants is kept on the case although the answer is a refusal: deps.audited commits a
    // refusal's transaction (for its audit entry), so this save commits with it, and no new grant is given after it.
    if (requested) await assistedCases(tx).save(requested)
    if (!next.ok) return next
    await assistedCases(tx).save(next.value)
    await deps.outbox.add(tx, assistedCaseRow(AssistedCaseClosedV1, next.value, moment.by))
    return next
  })
}

/** A change to one case by its helper, under the case's row lock. */
async function changeCase(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  action: string,
  change: (c: AssistedCase, moment: { at: string; today: string; by: string }, region: string) => Result<AssistedCase>,
  event: typeof AssistedVisitScheduledV1 | typeof AssistedVisitRecordedV1,
): Promise<Result<AssistedCase>> {
  const now = deps.clock.now()
  const moment = { at: now.toISOString(), today: legalDateOf(now), by: actorLabel(actor) }
  return deps.audited({ actor, action, object: `assisted-case:${caseId}` }, async (tx) => {
    const c = await assistedCases(tx).find(caseId, 'wait')
    if (!c || !isCaseHelper(c, actor)) return caseNotFound(caseId)
    const project = await findProject(tx, c.projectId)
    const next = change(c, moment, project?.region ?? '')
    if (!next.ok) return next
    await assistedCases(tx).save(next.value)
    await deps.outbox.add(tx, assistedCaseRow(event, next.value, moment.by))
    return next
  })
}

/** 跟踪回访 scheduled `workingDays` ahead (working days, the project's region's calendar). */
export function scheduleFollowUpVisit(deps: CommandDeps, caseId: string, actor: Actor, body: ScheduleVisitBody) {
  return changeCase(
    deps,
    caseId,
    actor,
    'intake.assisted-case.schedule-visit',
    (c, moment, region) =>
      scheduleVisit(c, actor, { visitId: uuidv7(), body, region, calendar: deps.calendar.current() }, moment),
    AssistedVisitScheduledV1,
  )
}

/** The helper records a follow-up visit's outcome. */
export function recordFollowUpVisit(
  deps: CommandDeps,
  caseId: string,
  visitId: string,
  actor: Actor,
  body: RecordVisitBody,
) {
  return changeCase(
    deps,
    caseId,
    actor,
    'intake.assisted-case.record-visit',
    (c, moment) => recordVisit(c, actor, { visitId, body }, moment),
    AssistedVisitRecordedV1,
  )
}

/**
 * One pass of the follow-up visit timer (DESIGN §6): a case with a scheduled visit due today or before is taken
 * `FOR UPDATE SKIP LOCKED`; its visits falling due are marked and AssistedVisitDueV1 is written in the same
 * transaction, which keeps each to once across passes, restarts and replicas.
 */
export async function scanVisitsDueOnce(
  deps: CommandDeps,
  skipped: (caseId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => assistedCases(tx).visitsDue(today, after, limit),
    read: (tx, id, lock) => assistedCases(tx).find(id, lock ? 'skip-locked' : 'none'),
    decide: (c) => visitsFallingDue(c, today, now.toISOString()),
    write: async (tx, next) => {
      await assistedCases(tx).save(next)
      await deps.outbox.add(tx, assistedCaseRow(AssistedVisitDueV1, next, 'intake:visit-sweep'))
      return 1
    },
  })
}

/**
 * Retention of 补正 answer grants (docs/assisted-service.md#retention-of-answer-grants), a pass of the
 * `intake-retention` job: every grant that lapsed more than `keepMs` before `now` is deleted, a `sweep` batch (100)
 * per transaction, each row under `FOR UPDATE SKIP LOCKED` (a consumer marking it used meanwhile keeps it for the next
 * pass). Its audit entry stays: the chain never names a grant row. Resolves to how many were deleted.
 */
export async function pruneAnswerGrantsOnce(
  deps: Pick<CommandDeps, 'transaction'>,
  now: Date,
  keepMs: number,
  skipped: (grantId: string, error: unknown) => void,
): Promise<number> {
  const at = now.toISOString()
  const before = new Date(now.getTime() - keepMs)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => assistedCases(tx).lapsedGrants(before, after, limit),
    readAll: (tx, ids) => assistedCases(tx).grantsById(ids),
    read: async (tx, id, lock) => {
      if (lock) return assistedCases(tx).lockGrant(id)
      const grant = (await assistedCases(tx).grantsById([id])).get(id)
      if (grant instanceof UnreadableStoredRow) throw grant
      return grant
    },
    decide: (g) => grantPastKeeping(g, at, keepMs),
    write: (tx, grantId) => assistedCases(tx).deleteGrant(grantId),
  })
}

// ——— 中介服务 — intermediary services (docs/assisted-service.md) ———

/** The published list of mandatory intermediary services, with each intermediary's offer and credit grade. */
export const intermediaryList = (): readonly IntermediaryService[] => INTERMEDIARY_SERVICES

const engagementNotFound = (id: string): Result<never> =>
  refuse({ code: 'INTAKE_INTERMEDIARY_NOT_FOUND', message: `No intermediary engagement ${id}.` })

/** The owner chooses one listed intermediary for one service of its project; its clock starts today. */
export async function engageIntermediary(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  body: ChooseIntermediaryBody,
): Promise<Result<Engagement>> {
  const now = deps.clock.now()
  const moment = { at: now.toISOString(), today: legalDateOf(now), by: actorLabel(actor) }
  const command = { actor, action: 'intake.intermediary.engage', object: `project:${projectId}` }
  return deps.audited(command, async (tx): Promise<Result<Engagement>> => {
    const project = await findProject(tx, projectId)
    if (!project) return projectNotFound(projectId)
    // 区域评估: a service whose report the project's area has a result for is not engaged (domain/intermediary.ts).
    const { area } = await landOf(tx, projectId)
    // The items that decide on a report are looked up in the catalogue the project is pinned to.
    const catalogue = await deps.pinned(tx, project.region, project.catalogueVersion)
    const decision = chooseIntermediary(
      await engagements(tx).ofService(projectId, body.service),
      {
        engagementId: uuidv7(),
        project: { projectId, ownerCreditCode: project.ownerCreditCode, region: project.region },
        actor,
        body,
        list: INTERMEDIARY_SERVICES,
        catalogueHas: (item) => catalogue?.item(item) !== undefined,
        calendar: deps.calendar.current(),
        ...(area ? { area } : {}),
      },
      moment,
    )
    if (!decision.ok) return decision
    if (!(await engagements(tx).insert(decision.value))) {
      return refuse({
        code: 'INTAKE_INTERMEDIARY_ALREADY_CHOSEN',
        message: 'The project has chosen an intermediary for this service already.',
      })
    }
    await deps.outbox.add(tx, engagementRow(IntermediaryEngagedV1, decision.value, moment.by))
    return ok(decision.value)
  })
}

/**
 * The project's chosen intermediaries with their clocks (the owner's own only). A damaged stored row is left out and
 * named in `unreadable`, for the route to log: the other engagements still answer.
 */
export async function projectEngagements(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
): Promise<StoredRows<Engagement>> {
  const list = await deps.transaction((tx) => engagements(tx).ofProject(projectId))
  if (actor.role !== 'owner') return list
  return { ...list, rows: list.rows.filter((e) => e.ownerCreditCode === actor.creditCode) }
}

/**
 * An intermediary's own engagements, newest change first, with the titles of their projects (it reads no project
 * otherwise); a damaged stored row as {@link projectEngagements}.
 */
export async function intermediaryEngagements(
  deps: CommandDeps,
  actor: Actor,
): Promise<StoredRows<Engagement> & { projects: ProjectTitle[] }> {
  if (actor.role !== 'intermediary' || !actor.creditCode) return { rows: [], unreadable: [], projects: [] }
  const code = actor.creditCode
  return deps.transaction(async (tx) => {
    const list = await engagements(tx).ofIntermediary(code, 200)
    return {
      ...list,
      projects: await projectTitles(
        tx,
        list.rows.map((e) => e.projectId),
      ),
    }
  })
}

/** The chosen intermediary delivers its result; any other caller is told the engagement does not exist. */
export async function deliverIntermediaryResult(
  deps: CommandDeps,
  engagementId: string,
  actor: Actor,
  body: DeliverIntermediaryResultBody,
): Promise<Result<Engagement>> {
  const now = deps.clock.now()
  const moment = { at: now.toISOString(), today: legalDateOf(now), by: actorLabel(actor) }
  const command = { actor, action: 'intake.intermediary.deliver', object: `intermediary-engagement:${engagementId}` }
  return deps.audited(command, async (tx): Promise<Result<Engagement>> => {
    const e = await engagements(tx).find(engagementId, 'wait')
    if (!e || !isEngaged(e, actor)) return engagementNotFound(engagementId)
    const next = deliver(e, actor, body, moment)
    if (!next.ok) return next
    await engagements(tx).save(next.value)
    await deps.outbox.add(tx, engagementRow(IntermediaryDeliveredV1, next.value, moment.by))
    return next
  })
}

/** One pass of the intermediary clock: an engagement past its due day with nothing delivered is raised once. */
export async function scanIntermediariesOnce(
  deps: CommandDeps,
  skipped: (engagementId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => engagements(tx).overdueCandidates(today, after, limit),
    read: (tx, id, lock) => engagements(tx).find(id, lock ? 'skip-locked' : 'none'),
    decide: (e) => overdue(e, today, now.toISOString()),
    write: async (tx, next) => {
      await engagements(tx).save(next)
      await deps.outbox.add(tx, engagementRow(IntermediaryOverdueV1, next, 'intake:intermediary-sweep'))
      return 1
    },
  })
}

// 区域评估 and 用地清单 (docs/shared-results.md): the city publishes areas and plots, the window links a project's land,
// and the project's checklist and its applications follow from them.

const areaNotFound = (id: string): Result<never> => refuse({ code: 'INTAKE_AREA_NOT_FOUND', message: `No area ${id}.` })
const plotNotFound = (id: string): Result<never> => refuse({ code: 'INTAKE_PLOT_NOT_FOUND', message: `No plot ${id}.` })

/** 区域评估: an area's results and exception list published, once per area code. */
export async function publishArea(
  deps: CommandDeps,
  actor: Actor,
  body: PublishAreaBody,
): Promise<Result<AssessedAreaSnapshot>> {
  const id = uuidv7()
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.area.publish', object: `area:${id}` }, async (tx) => {
    const decision = decideAreaPublication(body, {
      id,
      at: now.toISOString(),
      today: legalDateOf(now),
      by: actorLabel(actor),
    })
    if (!decision.ok) return decision
    if (!(await insertArea(tx, decision.value))) {
      return refuse({
        code: 'INTAKE_AREA_CODE_TAKEN',
        message: `Area ${body.code} is already published.`,
        details: { errors: [{ field: '/code', message: 'already published' }] },
      })
    }
    await deps.outbox.add(tx, areaPublishedRow(decision.value))
    return ok(decision.value)
  })
}

/** 用地清单: a plot's land-condition list published with its sale, once per plot code. */
export async function publishPlot(
  deps: CommandDeps,
  actor: Actor,
  body: PublishPlotBody,
): Promise<Result<LandPlotSnapshot>> {
  const id = uuidv7()
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.plot.publish', object: `plot:${id}` }, async (tx) => {
    const area = body.areaId ? await findArea(tx, body.areaId) : undefined
    const decision = decidePlotPublication(body, area, {
      id,
      at: now.toISOString(),
      today: legalDateOf(now),
      by: actorLabel(actor),
    })
    if (!decision.ok) return decision
    if (!(await insertPlot(tx, decision.value))) {
      return refuse({
        code: 'INTAKE_PLOT_CODE_TAKEN',
        message: `Plot ${body.plotCode} is already published.`,
        details: { errors: [{ field: '/plotCode', message: 'already published' }] },
      })
    }
    await deps.outbox.add(tx, plotPublishedRow(decision.value))
    return ok(decision.value)
  })
}

export const areasOf = (deps: CommandDeps, region?: string) => deps.transaction((tx) => listAreas(tx, region))
export const plotsOf = (deps: CommandDeps, region?: string) => deps.transaction((tx) => listPlots(tx, region))

export type ProjectLandView = { projectId: string; area?: AssessedAreaSnapshot; plot?: LandPlotSnapshot }

export async function projectLand(deps: CommandDeps, projectId: string): Promise<Result<ProjectLandView>> {
  return deps.transaction(async (tx) => {
    if (!(await findProject(tx, projectId))) return projectNotFound(projectId)
    return ok({ projectId, ...(await landOf(tx, projectId)) })
  })
}

const alreadyLinked = (kind: 'area' | 'plot', code: string): Result<never> =>
  refuse({
    code: 'INTAKE_LAND_ALREADY_LINKED',
    message: `The project is already linked to ${kind} ${code}.`,
    details: { errors: [{ field: kind === 'area' ? '/areaId' : '/plotId', message: `linked to ${code}` }] },
  })

/**
 * The project is located in an assessed area. A project stands in one area: another is 409; the same one again
 * changes nothing.
 */
export async function linkArea(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  areaId: string,
): Promise<Result<ProjectLandView>> {
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.project.link-area', object: `project:${projectId}` }, async (tx) => {
    const project = await findProject(tx, projectId)
    if (!project) return projectNotFound(projectId)
    const area = await findArea(tx, areaId)
    if (!area) return areaNotFound(areaId)
    const fits = decideLink(project, { region: area.region, kind: 'area', code: area.code })
    if (!fits.ok) return fits
    const land = await landOf(tx, projectId)
    if (land.area && land.area.areaId !== areaId) return alreadyLinked('area', land.area.code)
    if (!land.area) {
      await linkLand(tx, projectId, { areaId }, now)
      await deps.outbox.add(tx, areaLinkedRow(projectId, area, now))
    }
    return ok({ projectId, ...land, area })
  })
}

/**
 * The project's land is linked: the plot's list is attached to it, and a plot inside an assessed area locates the
 * project in that area too. One plot per project.
 */
export async function linkPlot(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  plotId: string,
): Promise<Result<ProjectLandView>> {
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.project.link-plot', object: `project:${projectId}` }, async (tx) => {
    const project = await findProject(tx, projectId)
    if (!project) return projectNotFound(projectId)
    const plot = await findPlot(tx, plotId)
    if (!plot) return plotNotFound(plotId)
    const fits = decideLink(project, { region: plot.region, kind: 'plot', code: plot.plotCode })
    if (!fits.ok) return fits
    const land = await landOf(tx, projectId)
    if (land.plot && land.plot.plotId !== plotId) return alreadyLinked('plot', land.plot.plotCode)
    if (land.plot) return ok({ projectId, ...land })
    const plotArea = plot.areaId ? await findArea(tx, plot.areaId) : undefined
    if (plotArea && land.area && land.area.areaId !== plotArea.areaId) return alreadyLinked('area', land.area.code)
    const newArea = plotArea && !land.area ? plotArea : undefined
    await linkLand(tx, projectId, { plotId, ...(newArea ? { areaId: newArea.areaId } : {}) }, now)
    await deps.outbox.add(tx, [
      plotLinkedRow(projectId, plot, now),
      ...(newArea ? [areaLinkedRow(projectId, newArea, now)] : []),
    ])
    return ok({ projectId, ...land, ...(newArea ? { area: newArea } : {}), plot })
  })
}

/**
 * The step's material checklist for this project, as the window will ask it: the catalogue's materials and the
 * assessment reports, less those the project's area covers (each cited).
 */
export async function checklist(
  deps: CommandDeps,
  projectId: string,
  stepCode: string,
): Promise<Result<ChecklistResponse>> {
  return deps.transaction(async (tx) => {
    const project = await findProject(tx, projectId)
    if (!project) return projectNotFound(projectId)
    const catalogue = await deps.pinned(tx, project.region, project.catalogueVersion)
    const flow = catalogue?.projectType(project.projectType)
      ? catalogue.flow(project.projectType, project.facts)
      : undefined
    const step = flow?.steps.find((s) => s.step.code === stepCode)
    if (!step) {
      return refuse({
        code: 'INTAKE_STEP_NOT_FOUND',
        message: `Step "${stepCode}" is not in the flow of this project.`,
        details: { errors: [{ field: '/step', message: `not a step of ${project.projectType}` }] },
      })
    }
    const { area } = await landOf(tx, projectId)
    const { asked, covered, delivered } = stepAssessments(stepCode, area, await reportsFor(tx, projectId, stepCode))
    const materials = [...stepMaterials(step), ...asked].map((m) => {
      const subject = assessmentOf(m.code)
      return { ...m, ...(subject ? { assessment: subject } : {}) }
    })
    return ok({
      projectId,
      step: stepCode,
      materials,
      covered,
      delivered,
      statedFacts: statedFactsAsked(step.followOns ?? []),
    })
  })
}

/**
 * The reports the project's intermediaries delivered, read only for a step that asks for assessment reports. A damaged
 * engagement row counts as no report delivered: its material stays asked for, which the clerk sees and the owner can
 * answer, rather than the project's opening failing on one row (the engagement list's route logs the row).
 */
async function reportsFor(tx: Tx, projectId: string, step: string) {
  if (!isAssessedStep(step)) return []
  return deliveredReports((await engagements(tx).ofProject(projectId)).rows, INTERMEDIARY_SERVICES)
}

/**
 * 网上预约 (004:1044): the owner books the window for a step of its project — the project locked (as an opening
 * locks it), the step one the window takes now (in the flow, at the window, its order kept, none open), then the day
 * and the slot (domain/booking.ts `decideBooking`) under the slot's own lock, so its capacity holds.
 */
export async function bookWindow(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  body: BookWindowBody,
): Promise<Result<BookingView>> {
  const now = deps.clock.now()
  const bookingId = uuidv7()
  const command = { actor, action: 'intake.booking.book', object: `project:${projectId}` }
  return deps.audited(command, async (tx): Promise<Result<BookingView>> => {
    const opening = await lockProjectForOpening(tx, projectId, body.step, undefined)
    // Another owner's project answers as one that does not exist (the gateway's rule too).
    if (!opening || (actor.role === 'owner' && actor.creditCode !== opening.project.ownerCreditCode)) {
      return projectNotFound(projectId)
    }
    const { project } = opening
    const flowStep = project.flow.find((s) => s.step === body.step)
    if (!flowStep) {
      return refuse({
        code: 'INTAKE_STEP_NOT_FOUND',
        message: `Step "${body.step}" is not in the flow of this project.`,
        details: { errors: [{ field: '/step', code: 'INTAKE_STEP_NOT_FOUND', message: 'not a step of the project' }] },
      })
    }
    const atWindow = decideWindowStep(project.flow, body.step)
    if (!atWindow.ok) return atWindow
    const order = decideStepOrder(project.flow, body.step, standingOf(project.flow, opening.standing).steps)
    if (!order.ok) return order
    if (opening.open) {
      return refuse({
        code: 'INTAKE_APPLICATION_ALREADY_OPEN',
        message: `Application ${opening.open.receiptNumber} for step ${body.step} is already open: nothing to book.`,
        details: { applicationId: opening.open.id },
      })
    }
    const live = opening.bookings.find((b) => b.state === 'booked')
    const taken = await lockSlotLoad(tx, project.region, body.day, body.slot)
    const decision = decideBooking(body, {
      now,
      calendar: deps.calendar.current(),
      region: project.region,
      taken,
      capacity: deps.bookingSlotCapacity ?? BOOKING_SLOT_CAPACITY_DEFAULT,
      ...(live ? { existing: { bookingId: live.bookingId, day: live.day, slot: live.slot } } : {}),
    })
    if (!decision.ok) return decision
    const booking: BookingView = {
      bookingId,
      projectId,
      projectName: project.name,
      projectCode: project.projectCode,
      ownerCreditCode: project.ownerCreditCode,
      region: project.region,
      step: body.step,
      stepName: flowStep.name,
      day: body.day,
      slot: body.slot,
      state: 'booked',
      bookedAt: now.toISOString(),
      bookedBy: actorLabel(actor),
    }
    await insertBooking(tx, booking)
    await deps.outbox.add(tx, bookingRow(booking, booking.bookedBy))
    return ok(booking)
  })
}

/**
 * A booking's new state (attended, cancelled or missed) and its event, in the caller's transaction: the timeline and
 * the notifier learn of it exactly when it is stored, moved `by` whom.
 */
async function storeBookingChange(deps: CommandDeps, tx: Tx, booking: BookingView, by: string): Promise<void> {
  await storeBookingState(tx, booking)
  await deps.outbox.add(tx, bookingRow(booking, by))
}

/** A booking the caller may act on: an owner's own only (another's answers as unknown). */
async function ownBooking(tx: Tx, id: string, actor: Actor): Promise<Result<BookingView>> {
  const booking = await lockBooking(tx, id)
  if (!booking || (actor.role === 'owner' && actor.creditCode !== booking.ownerCreditCode)) {
    return refuse({ code: 'INTAKE_BOOKING_NOT_FOUND', message: `No booking ${id}.` })
  }
  return ok(booking)
}

/** 主动放弃: the owner cancels its booking while still booked; the slot's place is free again. */
export async function cancelBooking(
  deps: CommandDeps,
  id: string,
  actor: Actor,
  body: CancelBookingBody,
): Promise<Result<BookingView>> {
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.booking.cancel', object: `booking:${id}` }, async (tx) => {
    const found = await ownBooking(tx, id, actor)
    if (!found.ok) return found
    const by = actorLabel(actor)
    const decision = decideCancellation(found.value, now, by, body.reason)
    if (decision.ok) await storeBookingChange(deps, tx, decision.value, by)
    return decision
  })
}

/** 未到: the window marks a booking missed once its slot ended with no application received. */
export async function markBookingMissed(deps: CommandDeps, id: string, actor: Actor): Promise<Result<BookingView>> {
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.booking.missed', object: `booking:${id}` }, async (tx) => {
    const found = await ownBooking(tx, id, actor)
    if (!found.ok) return found
    const by = actorLabel(actor)
    const decision = decideMissed(found.value, now, by)
    if (decision.ok) await storeBookingChange(deps, tx, decision.value, by)
    return decision
  })
}

/**
 * One pass of the booking scan (未到 by itself): a booking still booked whose slot has ended is taken
 * `FOR UPDATE SKIP LOCKED` and marked missed by `intake-booking-scan` (`missedByScan`, the window's rule), which is
 * what keeps each to once across passes, restarts and replicas. Resolves to how many were marked.
 */
export async function scanMissedBookingsOnce(
  deps: CommandDeps,
  skipped: (bookingId: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => missedCandidates(tx, today, after, limit),
    read: bookingIfFree,
    decide: (booking) => missedByScan(booking, now),
    // Found by day and only then ordered by id: the first pass over many days' bookings sorts them once, not per batch.
    ahead: 10,
    write: async (tx, missed) => {
      await storeBookingChange(deps, tx, missed, BOOKING_SCAN)
      return 1
    },
  })
}

/** A project's bookings, newest first: its owner's own (another's answers as unknown), the window's any. */
export async function listProjectBookings(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
): Promise<Result<BookingView[]>> {
  return deps.transaction(async (tx) => {
    const project = await findProject(tx, projectId)
    if (!project || (actor.role === 'owner' && actor.creditCode !== project.ownerCreditCode)) {
      return projectNotFound(projectId)
    }
    return ok(await projectBookings(tx, projectId))
  })
}

/**
 * A page of the window's bookings of one day (today by the service's clock unless named), of one region or all, after
 * `cursor`; `next` when more follow. A day of every region may hold more bookings than a page: the window pages on
 * rather than lose the rest, whose owners would otherwise be neither received nor marked 未到.
 */
export async function listDayBookings(
  deps: CommandDeps,
  query: BookingsQuery,
): Promise<{ bookings: BookingView[]; next?: string }> {
  const day = query.day ?? legalDateOf(deps.clock.now())
  const after = query.cursor === undefined ? undefined : bookingCursorKey(query.cursor)
  const page = await deps.transaction((tx) => dayBookings(tx, day, query.region, after, BOOKINGS_LIST_MAX))
  return {
    bookings: page.bookings,
    ...(page.more && page.last ? { next: `${page.last.slot}~${page.last.bookedAt}~${page.last.id}` } : {}),
  }
}

/**
 * The keyset a bookings cursor (`BookingCursor`) names. The schema checks its shape only: a key of that shape that
 * PostgreSQL would not have written (month 13, 30 February) would be a failed cast, a 500 — the 400 instead.
 */
function bookingCursorKey(cursor: string): BookingKey {
  const [slot = '', bookedAt = '', id = ''] = cursor.split('~')
  if (!isInstantKey(bookedAt)) {
    throw validationFailed('querystring', [
      { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass next as it came)' },
    ])
  }
  return { slot, bookedAt, id }
}
