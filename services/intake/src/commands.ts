import {
  activeVersionOn,
  bundledDocuments,
  type Catalogue,
  coveringRegions,
  type PinnedCatalogues,
  type ProjectFacts,
} from '@onewindow/catalogue'
import {
  type Actor,
  type ApplicationReceipt,
  type ApplicationWithdrawnV1,
  type CalendarEntryBody,
  type CalendarPublication,
  CalendarPublishedV1,
  type OpenApplicationBody,
  type ReceiptNoticeBody,
  type RefuseApplicationBody,
  type RegisterProjectBody,
  type StepDecidedV1,
  type WithdrawReceiptBody,
} from '@onewindow/contracts'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  movedDues,
  type Outbox,
  storeCalendarEntry,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import { ok, type Result, refuse, type TimeSource } from '@onewindow/vocabulary'
import { calendarEntryKey, describeProblems, legalDateOf, validateCalendarEntry } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
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
  type CatalogueVersionView,
  findVersion,
  insertVersion,
  listVersions,
  lockRegionVersions,
  markActivated,
  startedVersions,
} from './db/catalogue.js'
import type { Tx } from './db/client.js'
import {
  delistDishonestOwner,
  findProject,
  insertProject,
  listDishonestOwner,
  lockProjectForOpening,
  type ProjectView,
  projectView,
} from './db/projects.js'
import {
  type ApplicationState,
  decideCure,
  decideOpening,
  evolveOnStepDecided,
  evolveOnWithdrawn,
  overdueMaterials,
} from './domain/application.js'
import { decideActivation, decideUpload } from './domain/catalogue.js'
import { decideRegistration, type FlowStepSnapshot } from './domain/project.js'
import {
  BY_LAW,
  commitmentsFrom,
  decideAcceptance,
  decideReceiptAnswer,
  decideReceiptNotice,
  decideReceiptWithdrawal,
  decideRefusal,
  deemedAcceptance,
  lastDayToDecide,
  receivedNow,
} from './domain/receipt.js'
import { decideStepOrder } from './domain/step-order.js'
import {
  applicationAcceptedRow,
  applicationReceivedRow,
  catalogueActivatedRow,
  certificateReleasedRow,
  deficiencyCuredRows,
  deficiencyOverdueRow,
  projectRegisteredRow,
  receiptAcceptedRow,
  receiptClosedRow,
  receiptNoticeRow,
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
}

/**
 * The catalogue a project registered in `region` on `today` takes: the version activated for the nearest region
 * covering it that has started by today (`activeVersionOn`), else the bundled one.
 */
async function catalogueOn(deps: CommandDeps, tx: Tx, region: string, today: string): Promise<Catalogue | undefined> {
  const bundled = deps.catalogueFor(region)
  const started = await startedVersions(tx, coveringRegions(region), today)
  const active = activeVersionOn(region, today, started, bundled?.region.code)
  return active ? deps.pinned(tx, region, active.pin) : bundled
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
): Promise<Result<ProjectView>> {
  const id = uuidv7()
  const now = deps.clock.now()
  return deps.audited({ actor, action: 'intake.project.register', object: `project:${id}` }, async (tx) => {
    // The version active on the day of intake is pinned on the project; its later applications keep it.
    const catalogue = await catalogueOn(deps, tx, body.region, legalDateOf(now))
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
  })
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
export async function openApplication(
  deps: CommandDeps,
  projectId: string,
  actor: Actor,
  body: OpenApplicationBody,
): Promise<Result<ApplicationView>> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  const command = { actor, action: 'intake.application.open', object: `project:${projectId}` }
  return deps.audited(command, async (tx): Promise<Result<ApplicationView>> => {
    // The project locked, then the step's open application and the owner's 失信 listing: two statements.
    const opening = await lockProjectForOpening(tx, projectId, body.step)
    if (!opening) return projectNotFound(projectId)
    const { project, open } = opening
    // The project's pinned version, whatever is active today: the flow it was registered under goes on.
    const catalogue = await deps.pinned(tx, project.region, project.catalogueVersion)
    const flow = catalogue?.projectType(project.projectType)
      ? catalogue.flow(project.projectType, project.facts as ProjectFacts)
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
    const order = decideStepOrder(project.flow as FlowStepSnapshot[], step.step.code, opening.standing)
    if (!order.ok) return order
    if (open) {
      return refuse({
        code: 'INTAKE_APPLICATION_ALREADY_OPEN',
        message: `Application ${open.receiptNumber} for step ${body.step} is still open.`,
        details: { applicationId: open.id },
      })
    }
    const decision = decideOpening(body, {
      catalogue,
      step,
      region: project.region,
      today,
      calendar: deps.calendar.current(),
      ownerDishonest: opening.ownerDishonest,
    })
    if (!decision.ok) return decision
    const accepted = decision.value
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
    const row = applicationAcceptedRow({
      applicationId,
      project,
      step,
      catalogueVersion: catalogue.pin,
      receiptNumber: application.receiptNumber,
      accepted,
      noticeStops: catalogue.consolidatedNoticeStops(),
      ...(flow?.cap ? { cap: flow.cap.limit } : {}),
      at: now,
      today,
      receipt,
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
    return ok(applicationView(application))
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
      await deps.outbox.add(tx, receiptNoticeRow(receipt, decision.value.receipt))
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
    const app = { applicationId, projectId: state.projectId, step: state.step }
    await deps.outbox.add(tx, deficiencyCuredRows({ ...app, owed: state.owed.length }, cured, now, legalDateOf(now)))
    if (release) {
      await releaseCertificate(tx, applicationId, now)
      await deps.outbox.add(tx, certificateReleasedRow(app, now))
    }
    return ok({ cured, remaining, certificate: release ? 'released' : state.certificate })
  })
}

/** 失信: an administrator lists an owner; listed owners may not be accepted with deficiencies. */
export async function listOwnerAsDishonest(deps: CommandDeps, creditCode: string, actor: Actor): Promise<void> {
  const at = deps.clock.now()
  await deps.audited({ actor, action: 'intake.dishonest-owner.list', object: `owner:${creditCode}` }, async (tx) => {
    await listDishonestOwner(tx, { creditCode, at, by: actorLabel(actor) })
    return ok(undefined)
  })
}

export async function delistOwner(deps: CommandDeps, creditCode: string, actor: Actor): Promise<void> {
  await deps.audited({ actor, action: 'intake.dishonest-owner.delist', object: `owner:${creditCode}` }, async (tx) => {
    await delistDishonestOwner(tx, creditCode)
    return ok(undefined)
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
      certificateReleasedRow({ applicationId: event.applicationId, projectId: state.projectId, step: state.step }, now),
    )
  }
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
    const decision = decideUpload(document, { parents: bundledDocuments(), ...(taken ? { taken } : {}) })
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
): Promise<Result<CatalogueVersionView>> {
  const at = deps.clock.now()
  const command = {
    actor,
    action: 'intake.catalogue.activate',
    object: `catalogue:${request.region}@${request.version}`,
  }
  return deps.audited(command, async (tx) => {
    const versions = await lockRegionVersions(tx, request.region)
    const version = versions.find((v) => v.version === request.version)
    const decision = decideActivation(version, { ...request, today: legalDateOf(at) }, versions)
    if (!decision.ok) return decision
    const { view, data } = await markActivated(tx, decision.value.pin, {
      activeFrom: request.activeFrom,
      at,
      by: actorLabel(actor),
    })
    await deps.outbox.add(tx, catalogueActivatedRow(decision.value, data, at))
    return ok(view)
  })
}

export async function catalogueVersions(deps: CommandDeps, region?: string): Promise<CatalogueVersionView[]> {
  return deps.transaction((tx) => listVersions(tx, region))
}

/** The notice a publication names on every timeline entry it causes: its title and document number (文号). */
const noticeOf = (body: CalendarEntryBody) =>
  [body.source.title, body.source.number].filter((part) => part !== undefined).join(' ')

/**
 * An administrator publishes a year's State Council schedule (国务院办公厅关于…部分节假日安排的通知) or a regional
 * overlay: validated exactly as `onewindow calendar import` validates it, stored as the next version of its key, and
 * published as `calendar.published` for every service that runs clocks. Intake owns calendars (docs/architecture.md).
 */
export async function publishCalendar(
  deps: CommandDeps,
  actor: Actor,
  body: CalendarEntryBody,
): Promise<Result<CalendarPublication>> {
  const checked = validateCalendarEntry(body)
  const key = checked.ok
    ? calendarEntryKey(checked.value)
    : 'year' in body
      ? `year-${body.year}`
      : `region-${body.region}`
  const now = deps.clock.now()
  const done = await deps.audited(
    { actor, action: 'intake.calendar.publish', object: `calendar:${key}` },
    async (tx) => {
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
      // Two first publications of one key at once: no row to lock, so the later insert finds the earlier's version.
      if (!change) {
        return refuse({
          code: 'INTAKE_CALENDAR_CONFLICT',
          message: `The calendar ${key} was published by another request at the same moment; publish again.`,
        })
      }
      await reprojectCommitments(tx, change)
      await deps.outbox.add(tx, {
        event: CalendarPublishedV1,
        body: { ...publication, entry: entry.value },
        aggregateId: `calendar:${key}`,
      })
      return ok({ publication, change })
    },
  )
  if (!done.ok) return done
  // After the commit: intake's own clocks (告知承诺 verify-by days) count with it from the next command on.
  deps.calendar.replace(done.value.change.after)
  return ok(done.value.publication)
}

/** What a receipt decision answers: the application as it now stands. */
async function receiptDecision(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
  action: 'accept' | 'refuse' | 'withdraw-receipt' | 'receipt-notice',
  decide: (row: ReceiptRow, moment: { at: Date; today: string; by: string }, tx: Tx) => Promise<Result<undefined>>,
): Promise<Result<ApplicationView>> {
  const at = deps.clock.now()
  const moment = { at, today: legalDateOf(at), by: actorLabel(actor) }
  const command = { actor, action: `intake.application.${action}`, object: `application:${applicationId}` }
  return deps.audited(command, async (tx): Promise<Result<ApplicationView>> => {
    const row = await lockReceipt(tx, applicationId, 'wait')
    if (!row) return applicationNotFound(applicationId)
    if (actor.role === 'owner' && actor.creditCode !== row.ownerCreditCode) {
      return refuse({ code: 'INTAKE_NOT_YOUR_PROJECT', message: 'Only the project owner may withdraw its receipt.' })
    }
    const done = await decide(row, moment, tx)
    if (!done.ok) return done
    const application = await findApplication(tx, applicationId)
    if (!application) throw new Error(`application ${applicationId} vanished under its lock`)
    return ok(applicationView(application))
  })
}

/** 受理 by the clerk of a received application: its acceptance is published now, every clock starting today. */
export function acceptReceipt(deps: CommandDeps, applicationId: string, actor: Actor) {
  return receiptDecision(deps, applicationId, actor, 'accept', async (row, moment, tx) => {
    const decision = decideAcceptance(row, moment)
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
  return receiptDecision(deps, applicationId, actor, 'withdraw-receipt', async (row, moment, tx) => {
    const decision = decideReceiptWithdrawal(row, body, moment)
    if (!decision.ok) return decision
    await recordReceiptClosed(tx, row.applicationId, decision.value.receipt)
    await deps.outbox.add(tx, receiptClosedRow(row, decision.value.receipt))
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
  const calendar = deps.calendar.current()
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
      const deemed = deemedAcceptance(row, today, calendar, row.region)
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
