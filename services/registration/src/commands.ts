import type { PinnedCatalogues } from '@onewindow/catalogue'
import {
  type AcceptanceCaseSnapshot,
  type Actor,
  type AnswerObjectionBody,
  certificateDigest,
  IssueClockOverdueV1,
  IssueClockStartedV1,
  IssueClockStoppedV1,
  IssueClockWarnedV1,
  OBJECTION_LIST_MAX,
  type RaiseObjectionBody,
  type RegistrationActionBody,
  RegistrationDueMovedV1,
  type RevokeCertificateBody,
  regionCovers,
  type StepDecidedV1,
  type StepPhase,
  type VerifyCertificateResponse,
} from '@onewindow/contracts'
import { isInstantKey } from '@onewindow/db'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  type Outbox,
  type PendingEvent,
  reprojectOpenClocks,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import { validationFailed } from '@onewindow/service-kit'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { firstRegistrationLimit, flowOf, permitOf, registrationOfficeOf } from './catalogue.js'
import { signCertificate } from './certificate-signer.js'
import {
  type FlowStep,
  type ObjectionKey,
  type ProjectRow,
  registrationRepository,
  type Tx,
} from './db/registration.js'
import {
  acceptancePassed,
  acceptanceResultsReceived,
  type Case,
  type CompletionSurvey,
  type Ctx,
  complete,
  completionSurveyed,
  type Decision,
  type Numbering,
  numberCase,
  numberCertificate,
  opinionOf,
  passPreSurvey,
  raiseClockAlerts,
  startPreSurvey,
} from './domain/case.js'
import {
  type CertificateKeys,
  type CertificateSigner,
  type SignedCertificateValue,
  verifyCertificate,
} from './domain/certificate.js'
import {
  buildingOnParcel,
  certificateFacts,
  isPermitItem,
  parcelOf,
  permitCertificateBody,
  permitItemsOf,
  permitNumber,
  propertyCertificateBody,
  propertyNumber,
  unitCodeOf,
} from './domain/issue.js'
import { type IssueClock, issueClockAlerts, startIssueClock, stopIssueClock, withAlerts } from './domain/issue-clock.js'
import {
  answer as answerObjectionDecision,
  mayRead,
  type Objection,
  partyOf,
  REGISTRATION_OFFICE_PARTY,
  raise as raiseObjectionDecision,
  withinRegion,
} from './domain/objection.js'
import { decisionRevokedReason, type Revocation, revoke, revokeOnDecision } from './domain/revocation.js'
import { caseEventRow, certificateIssuedRow, certificateRevokedRow, objectionRow } from './events.js'

type AcceptanceCase = Static<typeof AcceptanceCaseSnapshot>

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  /** The catalogue a project's pin names: a stored version, else the region's bundled one (`pinnedCatalogues`). */
  catalogue: PinnedCatalogues<Tx>
  /** Signs every certificate issued now (Ed25519 and SM2). */
  signer: CertificateSigner
  /** Every key a certificate may have been signed with: the signer's first, then older ones still honoured. */
  keys: CertificateKeys
}

export const ctxOf = (now: Date): Ctx => ({ at: now.toISOString(), today: legalDateOf(now), certificateId: uuidv7() })

const notFound = (what: 'CASE' | 'CERTIFICATE' | 'OBJECTION', id: string): Result<never> => ({
  ok: false,
  error: {
    code: `REGISTRATION_${what}_NOT_FOUND`,
    message: `No ${{ CASE: 'registration case', CERTIFICATE: 'certificate', OBJECTION: 'certificate objection' }[what]} ${id}.`,
    details: { id },
  },
})

/** Signs, stores and announces one certificate, in the caller's transaction. */
async function issue(
  deps: CommandDeps,
  tx: Tx,
  signed: SignedCertificateValue,
  sourceKey: string,
  at: string,
  aggregateId: string,
): Promise<void> {
  await registrationRepository(tx).insertCertificate(signed, sourceKey, at)
  await deps.outbox.add(tx, certificateIssuedRow(signed, at, aggregateId))
}

/** The property certificate of a case that just completed: numbered, with its unit code, signed. */
async function issueProperty(
  deps: CommandDeps,
  tx: Tx,
  c: Case,
  ctx: Ctx,
  event: { unitCode?: string; parcel?: string; floorAreaM2?: number },
) {
  const repo = registrationRepository(tx)
  if (!c.certificateNumber) throw new Error(`case ${c.caseId} completed without its certificate's number`)
  // 竣工一幢、登记一幢: the project's buildings are numbered in the order they are registered, on one parcel — the
  // first takes a new parcel number, a later one the parcel of the project's earlier unit code. A unit code the
  // registrar gives still takes its building's number, so a later building never repeats it.
  const building = await repo.nextNumber(`building/${c.projectId}`)
  const parcel = building > 1 ? parcelOf(await repo.earlierUnitCode(c.projectId)) : undefined
  const unitCode =
    event.unitCode ??
    (parcel
      ? buildingOnParcel(parcel, building)
      : unitCodeOf(c.region, await repo.nextNumber(`parcel/${c.region}`), building))
  const project = await repo.findProject(c.projectId)
  const body = propertyCertificateBody({
    certificateId: ctx.certificateId,
    number: c.certificateNumber,
    project: certificateFacts(c, project, event.floorAreaM2),
    part: c.part,
    unitCode,
    ...(event.parcel ? { parcel: event.parcel } : {}),
    issuer: registrationOfficeOf(await deps.catalogue(tx, c.region, project?.catalogueVersion)),
    issuedOn: ctx.today,
  })
  await issue(deps, tx, signCertificate(body, deps.signer), `property/${c.caseId}`, ctx.at, c.caseId)
}

/** The next property certificate's number, of the year of the day it is issued. */
async function propertyNumberOf(repo: ReturnType<typeof registrationRepository>, region: string, today: string) {
  const year = today.slice(0, 4)
  return propertyNumber(region, year, await repo.nextNumber(`property/${year}`))
}

/** The sequence a case's number is the next of: the region's year. */
const caseScope = (numbering: Numbering) => `case/${numbering.region}/${numbering.year}`

/**
 * Writes a decision's case, one outbox row per event and, for a completion, the property certificate — all in the
 * caller's transaction, so the certificate goes out with the event that completes the case or not at all. A case
 * being created takes its number here, in the same transaction: a change to a case already there takes none, and a
 * rolled-back creation (the consumer that lost the race to insert the case) gives its number back.
 */
async function commit(
  deps: CommandDeps,
  tx: Tx,
  d: Decision,
  ctx: Ctx,
  actor: string | undefined,
  insert: boolean,
): Promise<Result<Case>> {
  if (!d.ok) return d
  const repo = registrationRepository(tx)
  const { numbering } = d.value
  const numbered = numbering ? numberCase(d.value, await repo.nextNumber(caseScope(numbering))) : d.value
  const changed = numbered.events.some((e) => e.event.type === 'completed')
    ? numberCertificate(numbered, await propertyNumberOf(repo, numbered.case.region, ctx.today))
    : numbered
  if (insert) {
    if (!(await repo.insertCase(changed.case)))
      throw new Error(
        `a registration case for ${changed.case.acceptanceCaseId} exists, or its number ${changed.case.caseNumber} is another's`,
      )
  } else {
    await repo.saveCase(changed.case)
  }
  for (const { event, case: after } of changed.events) {
    await deps.outbox.add(tx, caseEventRow(event, after, actor))
    if (event.type === 'completed') await issueProperty(deps, tx, after, ctx, event)
  }
  return { ok: true, value: changed.case }
}

/**
 * An acceptance event reached us: the case of its acceptance case is created (pre-survey) if it is not there yet,
 * and a pass is recorded on it. Start and pass may arrive in either order; the row lock orders them. A case created
 * here uses the completion survey of what it registers (多测合一), whichever brought it: the acceptance case, which
 * carries one that completed before it opened, or registration's own record of every completion survey it heard of
 * (`onCompletionSurvey`), which holds one that completed later — the project's survey lock orders the two.
 */
export async function onAcceptance(
  deps: CommandDeps,
  tx: Tx,
  acceptance: AcceptanceCase,
  passed: boolean,
  now: Date,
): Promise<void> {
  const ctx = ctxOf(now)
  const repo = registrationRepository(tx)
  await repo.lockSurveysOfProject(acceptance.projectId)
  const existing = await repo.findCaseByAcceptance(acceptance.caseId)
  if (!existing) {
    // The limit of the catalogue version the project was registered under (its copy here carries the pin).
    const pin = (await repo.findProject(acceptance.projectId))?.catalogueVersion
    const limit = firstRegistrationLimit(await deps.catalogue(tx, acceptance.region, pin), acceptance.projectType)
    const kept = await repo.completionSurveysOf(acceptance.projectId)
    const started = startPreSurvey(
      {
        caseId: uuidv7(),
        acceptance,
        ...(limit ? { limit } : {}),
        ...(passed ? { passed } : {}),
        surveys: acceptance.survey ? [acceptance.survey, ...kept] : kept,
      },
      ctx,
    )
    await commit(deps, tx, started, ctx, undefined, true)
    return
  }
  if (passed) await commit(deps, tx, acceptancePassed(existing, ctx, opinionOf(acceptance, ctx)), ctx, undefined, false)
}

/**
 * 在线获取验收结果 — an acceptance event carrying the 结果物, the 竣工验收备案表 or the pass's revocation reached us.
 * They follow the pass, so the case is created when no acceptance event created it yet, keeps them, and then takes
 * in the pass the event's case carries — in that order, so a revoked pass is known before the pass could open it.
 */
export async function onAcceptanceResults(
  deps: CommandDeps,
  tx: Tx,
  acceptance: AcceptanceCase,
  now: Date,
): Promise<void> {
  await onAcceptance(deps, tx, acceptance, false, now)
  const c = await registrationRepository(tx).findCaseByAcceptance(acceptance.caseId)
  if (!c) throw new Error(`no registration case for acceptance case ${acceptance.caseId} after creating it`)
  const ctx = ctxOf(now)
  const kept = acceptanceResultsReceived(c, acceptance, ctx)
  if (!kept.ok) return
  const passed = acceptancePassed(kept.value.case, ctx, opinionOf(acceptance, ctx))
  const decision: Decision = passed.ok
    ? { ok: true, value: { case: passed.value.case, events: [...kept.value.events, ...passed.value.events] } }
    : passed
  await commit(deps, tx, decision, ctx, undefined, false)
}

/** The registrar's action on one case, under its row lock; a refused action writes its audit entry only. */
export async function act(
  deps: CommandDeps,
  caseId: string,
  actor: Actor,
  body: RegistrationActionBody,
): Promise<Result<Case>> {
  const ctx = ctxOf(deps.clock.now())
  const command = { actor, action: `registration.case.${body.action}`, object: `registration-case:${caseId}` }
  return deps.audited(command, async (tx): Promise<Result<Case>> => {
    const repo = registrationRepository(tx)
    const c = await repo.findCase(caseId, true)
    if (!c) return notFound('CASE', caseId)
    const decision =
      body.action === 'pass-pre-survey'
        ? passPreSurvey(c, actor, ctx)
        : complete(
            c,
            actor,
            {
              ...(body.unitCode ? { unitCode: body.unitCode } : {}),
              ...(body.parcel ? { parcel: body.parcel } : {}),
              ...(body.floorAreaM2 === undefined ? {} : { floorAreaM2: body.floorAreaM2 }),
            },
            ctx,
            // The project's permits it relies on, any open objection to them (证照异议, 004:1134).
            await repo.openObjectionsOnPermitsOf(c.projectId),
          )
    return commit(deps, tx, decision, ctx, actor.sub, false)
  })
}

/**
 * One pass of the first-registration clock alerts: an open case with an alert due is taken `FOR UPDATE SKIP LOCKED`
 * and marked in the same transaction as its events, which is what keeps each alert to once across passes, restarts and replicas.
 */
export async function scanCasesOnce(
  deps: CommandDeps,
  clocks: { calendar: CalendarSource; yellowAt: number },
  skipped: (caseId: string, error: unknown) => void,
): Promise<number> {
  const ctx = ctxOf(deps.clock.now())
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => registrationRepository(tx).openCasesWithClock(after, limit),
    read: (tx, id, lock) =>
      lock ? registrationRepository(tx).lockCaseIfFree(id) : registrationRepository(tx).findCase(id),
    // A case whose events would fail their schema (a bad stored date) is skipped like one that cannot be evaluated.
    decide: (c) => {
      // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
      const d = raiseClockAlerts(c, ctx, { calendar: clocks.calendar.current(), yellowAt: clocks.yellowAt })
      if (d) assertPublishable(d.events.map(({ event, case: after }) => caseEventRow(event, after, undefined)))
      return d
    },
    write: async (tx, d) => {
      await commit(deps, tx, { ok: true, value: d }, ctx, undefined, false)
      return d.events.length
    },
  })
}

export class ProjectUnknownError extends Error {
  constructor(projectId: string) {
    super(`project ${projectId} is not known yet; its ProjectRegisteredV1 has not arrived`)
  }
}

/** The one key a permit certificate is issued, found and revoked by: one per (application, item). */
const permitSourceKey = (applicationId: string, item: string) => `permit/${applicationId}/${item}`

/**
 * A step's certificate was released: one permit per permit item of the step, each issued once per application.
 * A project not known yet throws, so the message is redelivered after its registration arrives.
 */
export async function issuePermits(
  deps: CommandDeps,
  tx: Tx,
  released: {
    applicationId: string
    projectId: string
    step: string
    phase?: StepPhase | undefined
    part?: string | undefined
  },
  now: Date,
): Promise<void> {
  const repo = registrationRepository(tx)
  const project = await repo.findProject(released.projectId)
  if (!project) throw new ProjectUnknownError(released.projectId)
  const catalogue = await deps.catalogue(tx, project.region, project.catalogueVersion)
  const flow: FlowStep[] = project.flow ?? flowOf(catalogue, project.projectType)
  const { at, today } = ctxOf(now)
  const year = today.slice(0, 4)
  for (const item of permitItemsOf(flow, released.step)) {
    const sourceKey = permitSourceKey(released.applicationId, item)
    // A decision revoked before its certificate was issued (withheld for 容缺, then 依法撤销) is never issued.
    if ((await repo.hasCertificate(sourceKey)) || (await repo.isDecisionRevoked(sourceKey))) continue
    const body = permitCertificateBody({
      certificateId: uuidv7(),
      number: permitNumber(project.region, year, await repo.nextNumber(`permit/${year}`)),
      project: { projectId: project.projectId, owner: project.owner },
      item,
      ...permitOf(catalogue, item),
      phase: released.phase,
      part: released.part,
      issuedOn: today,
    })
    await issue(deps, tx, signCertificate(body, deps.signer), sourceKey, at, project.projectId)
  }
  // 行政许可法第四十四条: the step's permits are issued today, so its issuing clock stops.
  if (permitItemsOf(flow, released.step).length > 0) {
    const ids = { applicationId: released.applicationId, projectId: released.projectId, step: released.step }
    const stopped = stopIssueClock(await repo.findIssueClock(released.applicationId, 'lock'), ids, today)
    if (stopped) {
      await repo.saveIssueClock(stopped)
      await deps.outbox.add(tx, issueClockRow(IssueClockStoppedV1, stopped, at))
    }
  }
}

/** `dueOn` only on an alert: the clock's due day the alert tells. */
const issueClockRow = (
  event: PendingEvent['event'],
  issueClock: IssueClock,
  at: string,
  dueOn?: string,
): PendingEvent => ({
  event,
  aggregateId: issueClock.applicationId,
  body: { issueClock, at, ...(dueOn ? { dueOn } : {}) },
})

/**
 * 行政许可法第四十四条 — approval decided a step, in the consumer's transaction: an approved step with permit items
 * starts its issuing clock on the decision day, with the catalogue's `statutory.issue` limit (none there: no clock).
 * A project not known yet throws, so the message is redelivered after its registration arrives.
 */
export async function startIssueClockOnDecision(
  deps: CommandDeps,
  tx: Tx,
  decided: StepDecidedV1,
  now: Date,
): Promise<void> {
  if (decided.outcome !== 'approved' || decided.step === undefined) return
  const repo = registrationRepository(tx)
  const project = await repo.findProject(decided.projectId)
  if (!project) throw new ProjectUnknownError(decided.projectId)
  const catalogue = await deps.catalogue(tx, project.region, project.catalogueVersion)
  const flow: FlowStep[] = project.flow ?? flowOf(catalogue, project.projectType)
  const limit = catalogue?.data.statutory?.issue
  if (!limit || permitItemsOf(flow, decided.step).length === 0) return
  const started = startIssueClock(
    await repo.findIssueClock(decided.applicationId, 'lock'),
    {
      applicationId: decided.applicationId,
      projectId: decided.projectId,
      step: decided.step,
      decidedOn: decided.decidedOn,
    },
    { value: limit.value, unit: limit.unit },
    project.region,
  )
  if (!started) return
  await repo.saveIssueClock(started)
  await deps.outbox.add(tx, issueClockRow(IssueClockStartedV1, started, now.toISOString()))
}

/**
 * One pass of the issuing clocks' alerts, through `sweep`: a running clock with an alert due is taken `FOR UPDATE
 * SKIP LOCKED`, and the day of each alert is written in the transaction of its event — once across passes,
 * restarts and replicas.
 */
export async function scanIssueClocksOnce(
  deps: CommandDeps,
  clocks: { calendar: CalendarSource; yellowAt: number },
  skipped: (applicationId: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = ctxOf(deps.clock.now())
  return sweep<Tx, IssueClock, { clock: IssueClock; events: PendingEvent[] }>({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => registrationRepository(tx).runningIssueClocks(after, limit),
    read: (tx, id, lock) => registrationRepository(tx).findIssueClock(id, lock ? 'skipLocked' : 'none'),
    // A clock whose events would fail their schema (a stored date out of range, a step name too long) is skipped like
    // one that cannot be evaluated: named once by `skipped`, while the pass goes on to the clocks after it.
    decide: (c) => {
      // The calendar at each decision: the one under the row's lock counts with what its BEGIN found stored.
      const { alerts, dueOn } = issueClockAlerts(c, today, clocks.calendar.current(), clocks.yellowAt)
      if (alerts.length === 0) return undefined
      const clock = withAlerts(c, alerts, today)
      const events = alerts.map((a) =>
        issueClockRow(a === 'warned' ? IssueClockWarnedV1 : IssueClockOverdueV1, clock, at, dueOn),
      )
      assertPublishable(events)
      return { clock, events }
    },
    write: async (tx, { clock, events }) => {
      await registrationRepository(tx).saveIssueClock(clock)
      await deps.outbox.add(tx, events)
      return events.length
    },
  })
}

/**
 * 告知承诺 in the approval stage: a permit item approved at once on the owner's commitment is issued at once, under the
 * same source key as its step's release, so the release later issues the step's other permits and not this one again.
 * The permit stands while its later verification runs; a breach's `revoke` is the department's act (then 注销 here).
 */
export async function issueCommittedPermit(
  deps: CommandDeps,
  tx: Tx,
  task: {
    applicationId: string
    projectId: string
    item: string
    itemName?: string | undefined
    departmentName?: string | undefined
  },
  now: Date,
): Promise<void> {
  if (!isPermitItem(task.item)) return
  const repo = registrationRepository(tx)
  const sourceKey = permitSourceKey(task.applicationId, task.item)
  if (await repo.hasCertificate(sourceKey)) return
  const project = await repo.findProject(task.projectId)
  if (!project) throw new ProjectUnknownError(task.projectId)
  const { at, today } = ctxOf(now)
  const year = today.slice(0, 4)
  const body = permitCertificateBody({
    certificateId: uuidv7(),
    number: permitNumber(project.region, year, await repo.nextNumber(`permit/${year}`)),
    project: { projectId: project.projectId, owner: project.owner },
    item: task.item,
    ...permitOf(await deps.catalogue(tx, project.region, project.catalogueVersion), task.item, task),
    issuedOn: today,
  })
  await issue(deps, tx, signCertificate(body, deps.signer), sourceKey, at, project.projectId)
}

/**
 * 撤销 of a granted permit (approval's TaskRevokedV1), in the consumer's transaction: the permit's certificate, when
 * one was issued for the task's item, is marked revoked under its row lock and CertificateRevokedV1 announces it, so
 * verification answers revoked. A certificate revoked already keeps its first revocation; an item without a
 * certificate (not a permit item, or not issued yet) has nothing to mark.
 */
export async function revokePermitOnDecision(
  tx: Tx,
  outbox: Outbox,
  task: {
    applicationId: string
    item: string
    revocation?: { reason: string; legalBasis: string; revokedOn: string; revokedBy?: string | undefined } | undefined
  },
  revokedBy: string,
  now: Date,
): Promise<void> {
  if (!task.revocation) return
  const repo = registrationRepository(tx)
  const sourceKey = permitSourceKey(task.applicationId, task.item)
  const certificate = await repo.lockCertificateBySource(sourceKey)
  if (!certificate) {
    // Not issued yet (withheld while 容缺 materials were owed): the release that a late cure sends must issue nothing.
    const decision = task.revocation
    await repo.recordRevokedDecision(
      sourceKey,
      { revokedOn: decision.revokedOn, reason: decisionRevokedReason(decision), revokedAt: now.toISOString() },
      revokedBy,
    )
    return
  }
  const revocation = revokeOnDecision({
    certificate: certificate.body,
    existing: await repo.findRevocation(certificate.body.certificateId),
    decision: task.revocation,
    at: now.toISOString(),
  })
  if (!revocation) return
  await repo.insertRevocation(revocation, revokedBy)
  await outbox.add(tx, certificateRevokedRow(revocation, certificate.body.projectId, revokedBy))
}

export async function getCase(deps: CommandDeps, caseId: string): Promise<Result<Case>> {
  return deps.transaction(async (tx): Promise<Result<Case>> => {
    const c = await registrationRepository(tx).findCase(caseId)
    return c ? { ok: true, value: c } : notFound('CASE', caseId)
  })
}

export async function getCertificate(
  deps: CommandDeps,
  certificateId: string,
): Promise<Result<SignedCertificateValue>> {
  return deps.transaction(async (tx): Promise<Result<SignedCertificateValue>> => {
    const c = await registrationRepository(tx).findCertificate(certificateId)
    return c ? { ok: true, value: c } : notFound('CERTIFICATE', certificateId)
  })
}

/**
 * 注销: records the revocation and announces it in one transaction, under the certificate's row lock; a refused
 * revocation writes its audit entry only.
 */
export async function revokeCertificate(
  deps: CommandDeps,
  certificateId: string,
  actor: Actor,
  command: RevokeCertificateBody,
): Promise<Result<Revocation>> {
  const { at, today } = ctxOf(deps.clock.now())
  const audited = { actor, action: 'registration.certificate.revoke', object: `certificate:${certificateId}` }
  return deps.audited(audited, async (tx): Promise<Result<Revocation>> => {
    const repo = registrationRepository(tx)
    const certificate = await repo.lockCertificate(certificateId)
    if (!certificate) return notFound('CERTIFICATE', certificateId)
    const decided = revoke({
      certificate: certificate.body,
      existing: await repo.findRevocation(certificateId),
      actor,
      reason: command.reason,
      ...(command.revokedOn ? { revokedOn: command.revokedOn } : {}),
      today,
      at,
    })
    if (!decided.ok) return decided
    await repo.insertRevocation(decided.value, actor.sub)
    await deps.outbox.add(tx, certificateRevokedRow(decided.value, certificate.body.projectId, actor.sub))
    return decided
  })
}

/** The catalogue a certificate's project pinned; undefined for a project not known here. */
async function catalogueOfProject(deps: CommandDeps, tx: Tx, project: ProjectRow | undefined) {
  return project ? deps.catalogue(tx, project.region, project.catalogueVersion) : undefined
}

type ProjectCatalogue = Awaited<ReturnType<typeof catalogueOfProject>>

/**
 * The issuing department of a certificate, as an objection names it: a property certificate's is the registration
 * office; a permit's the department the project's catalogue gives its item (the 发证机关 its body prints by name).
 */
function issuerOf(body: SignedCertificateValue['body'], catalogue: ProjectCatalogue): string | undefined {
  if (body.kind === 'property') return REGISTRATION_OFFICE_PARTY
  if (body.item === undefined) return undefined
  return catalogue?.item(body.item)?.department
}

/**
 * An objection party by the name the project's catalogue gives it for the region (佛山市住房和城乡建设局), the
 * registration office by its own: the issuer's message names the using department by it, where the notifier may never
 * have seen that department on a task. Undefined for a department the catalogue does not name.
 */
function partyNameOf(party: string | undefined, catalogue: ProjectCatalogue): string | undefined {
  if (party === undefined) return undefined
  if (party === REGISTRATION_OFFICE_PARTY) return registrationOfficeOf(catalogue)
  return catalogue?.department(party)?.name.zh
}

/**
 * 证照异议 (004:1134): a using department objects to a certificate; recorded and announced in one transaction under
 * the certificate's row lock, so two objections of one department cannot both be open.
 */
export async function raiseObjection(
  deps: CommandDeps,
  certificateId: string,
  actor: Actor,
  command: RaiseObjectionBody,
): Promise<Result<Objection>> {
  const { at } = ctxOf(deps.clock.now())
  const audited = { actor, action: 'registration.objection.raise', object: `certificate:${certificateId}` }
  return deps.audited(audited, async (tx): Promise<Result<Objection>> => {
    const repo = registrationRepository(tx)
    const certificate = await repo.lockCertificate(certificateId)
    const project = certificate && (await repo.findProject(certificate.body.projectId))
    // Another region's certificate is unknown to a regional user, as the gateway's rows make it (row-level security).
    if (!certificate || !withinRegion(actor, project?.region, regionCovers))
      return notFound('CERTIFICATE', certificateId)
    const catalogue = await catalogueOfProject(deps, tx, project)
    const issuer = issuerOf(certificate.body, catalogue)
    if (issuer === undefined) {
      return {
        ok: false,
        error: {
          code: 'REGISTRATION_OBJECTION_ISSUER_UNKNOWN',
          message: `The department that issued certificate ${certificate.body.number} is not in the project's catalogue.`,
          details: { certificateId, item: certificate.body.item },
        },
      }
    }
    const decided = raiseObjectionDecision({
      objectionId: uuidv7(),
      certificate: certificate.body,
      issuer,
      // An owner by its name as the certificate prints it (权利人).
      raisedByName: actor.role === 'owner' ? certificate.body.owner.name : partyNameOf(partyOf(actor), catalogue),
      revoked: await repo.findRevocation(certificateId),
      open: await repo.openObjectionsOf(certificateId),
      actor,
      command,
      at,
    })
    if (!decided.ok) return decided
    await repo.insertObjection(decided.value)
    await deps.outbox.add(tx, objectionRow(decided.value))
    return decided
  })
}

/** The issuing department's answer to an objection, under the objection's row lock: once. */
export async function answerObjection(
  deps: CommandDeps,
  objectionId: string,
  actor: Actor,
  command: AnswerObjectionBody,
): Promise<Result<Objection>> {
  const { at } = ctxOf(deps.clock.now())
  const audited = { actor, action: 'registration.objection.answer', object: `objection:${objectionId}` }
  return deps.audited(audited, async (tx): Promise<Result<Objection>> => {
    const repo = registrationRepository(tx)
    const objection = await repo.findObjection(objectionId, true)
    // Neither party's, or a party's in another region: answered as an unknown one, so an id tells a stranger nothing.
    if (!objection || !mayRead(objection, actor)) return notFound('OBJECTION', objectionId)
    const project = await repo.findProject(objection.projectId)
    if (!withinRegion(actor, project?.region, regionCovers)) return notFound('OBJECTION', objectionId)
    const decided = answerObjectionDecision(objection, actor, command, at)
    if (!decided.ok) return decided
    await repo.saveObjection(decided.value, at)
    await deps.outbox.add(tx, objectionRow(decided.value))
    return decided
  })
}

/**
 * A page of the objections the caller's department raised or is to answer, newest first, after `cursor`; `next` when
 * more follow — an issuer's oldest open objections, the ones it must still answer, are on its last pages. None for a
 * caller that is no department.
 */
export async function listObjections(
  deps: CommandDeps,
  actor: Actor,
  query: { status?: 'open' | 'answered'; cursor?: string },
): Promise<{ objections: Objection[]; next?: string }> {
  const after = query.cursor === undefined ? undefined : objectionCursorKey(query.cursor)
  const party = partyOf(actor)
  if (party === undefined) return { objections: [] }
  const page = await deps.transaction(async (tx) => {
    const repo = registrationRepository(tx)
    // A regional user's: only those of projects within its region — the regions of the party's objections the rule
    // keeps, so the page is cut in SQL and stays full.
    const regions =
      actor.region === undefined
        ? undefined
        : (await repo.objectionRegionsOf(party)).filter((r) => withinRegion(actor, r, regionCovers))
    return repo.objectionsOf(party, query.status, after, OBJECTION_LIST_MAX, regions)
  })
  return {
    objections: page.objections,
    ...(page.more && page.last ? { next: `${page.last.raisedAt}~${page.last.id}` } : {}),
  }
}

/**
 * The keyset an objections cursor (`ObjectionCursor`) names. The schema checks its shape only: a key of that shape
 * that PostgreSQL would not have written (month 13, 30 February) would be a failed cast, a 500 — the 400 instead.
 */
function objectionCursorKey(cursor: string): ObjectionKey {
  const [raisedAt = '', id = ''] = cursor.split('~')
  if (!isInstantKey(raisedAt)) {
    throw validationFailed('querystring', [
      { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass next as it came)' },
    ])
  }
  return { raisedAt, id }
}

type VerifyAnswer = Static<typeof VerifyCertificateResponse>

/**
 * The verdict on a certificate shown: invalid unless its signatures hold (decided by the signatures alone, so a
 * forged certificate costs no read); then revoked when this registry recorded its revocation, else valid.
 */
export async function verifyShown(deps: CommandDeps, certificate: SignedCertificateValue): Promise<VerifyAnswer> {
  const verdict = verifyCertificate(certificate, deps.keys)
  if (!verdict.genuine) return { status: 'invalid', genuine: false, reason: verdict.reason }
  const revocation = await deps.transaction((tx) =>
    registrationRepository(tx).findRevocation(certificate.body.certificateId),
  )
  return revocation
    ? { status: 'revoked', genuine: true, checked: verdict.checked, revocation }
    : { status: 'valid', genuine: true, checked: verdict.checked }
}

/**
 * The QR form: the registry's own copy of the certificate with that id, when its digest is the one printed. An
 * unknown id and a wrong digest answer alike, so the route tells nothing to someone who has not seen the certificate.
 */
export async function verifyByDigest(deps: CommandDeps, certificateId: string, digest: string): Promise<VerifyAnswer> {
  const certificate = await deps.transaction((tx) => registrationRepository(tx).findCertificate(certificateId))
  if (!certificate || certificateDigest(certificate.body) !== digest) {
    return { status: 'invalid', genuine: false, reason: 'no certificate with this id and digest was issued here' }
  }
  const answer = await verifyShown(deps, certificate)
  return answer.status === 'invalid' ? answer : { ...answer, certificate }
}

/**
 * A published calendar, in the calendar consumer's transaction: every open case's clock (首次登记 limit) is
 * re-projected; each moved due date is one `clock.due-moved` for the project's timeline.
 */
export async function reprojectCases(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = registrationRepository(tx)
  await reprojectOpenClocks(tx, change, outbox, {
    event: RegistrationDueMovedV1,
    ids: (after, limit) => repo.openCasesWithClock(after, limit),
    read: (id) => repo.findCase(id),
    clocksOf: (c: Case) =>
      c.clock
        ? [
            {
              projectId: c.projectId,
              subject: `registration-case:${c.caseId}`,
              clock: 'case',
              // The case's version the move is computed on (its due day is evaluated from the clock wherever shown).
              subjectVersion: c.version,
              spec: c.clock,
            },
          ]
        : [],
  })
  // The issuing clocks still running (行政许可法第四十四条): their due dates are evaluated wherever shown.
  await reprojectOpenClocks(tx, change, outbox, {
    event: RegistrationDueMovedV1,
    ids: (after, limit) => repo.runningIssueClocks(after, limit, false),
    read: (id) => repo.findIssueClock(id),
    clocksOf: (c: IssueClock) =>
      c.clock
        ? [{ projectId: c.projectId, subject: `issue-clock:${c.applicationId}`, clock: 'issue', spec: c.clock }]
        : [],
  })
}

/**
 * 多测合一 — a completion survey's results arrived: kept, and the project's case of the building it measured (the
 * whole project's, for a survey of the whole) still in pre-survey uses them and passes (domain/case.ts
 * `completionSurveyed`). No such case yet: the case created later finds the kept survey (`onAcceptance`), so it does
 * not matter whether the survey completed before or after the acceptance case opened, nor which event arrives first.
 * A redelivery keeps nothing new and finds the case past its pre-survey.
 */
export async function onCompletionSurvey(
  deps: CommandDeps,
  tx: Tx,
  projectId: string,
  survey: CompletionSurvey,
  now: Date,
): Promise<void> {
  const ctx = ctxOf(now)
  const repo = registrationRepository(tx)
  await repo.lockSurveysOfProject(projectId)
  await repo.keepCompletionSurvey(projectId, survey, ctx.at)
  const c = await repo.findPreSurveyCaseOfProject(projectId, survey.part)
  if (c) await commit(deps, tx, completionSurveyed(c, survey, ctx), ctx, undefined, false)
}
