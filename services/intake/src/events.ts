import type { CatalogueData, FlowStep, ResolvedFollowOn } from '@onewindow/catalogue'
import {
  ApplicationAcceptedV1,
  type ApplicationLandList,
  type ApplicationReceipt,
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
  ApplicationResultDeliveryV1,
  AreaPublishedV1,
  type AssessedAreaSnapshot,
  type AssistedCaseSnapshot,
  type assistedCaseEvents,
  BookingAttendedV1,
  BookingBookedV1,
  BookingCancelledV1,
  BookingMissedV1,
  type BookingView,
  CatalogueActivatedV1,
  CertificateReleasedV1,
  DeficiencyCuredV1,
  DeficiencyOverdueV1,
  DishonestOwnerDelistedV1,
  DishonestOwnerListedV1,
  type EventBody,
  type FollowOnItem,
  type IntermediaryEngagementSnapshot,
  type intermediaryEvents,
  type LandPlotSnapshot,
  type OnBehalfOf,
  PlotPublishedV1,
  ProjectAreaLinkedV1,
  ProjectPlotLinkedV1,
  ProjectRegisteredV1,
  type RegisterProjectBody,
  type StepPhase,
  type WithheldFollowOn,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { LegalDate } from '@onewindow/workdays'
import type { AcceptedApplication } from './domain/application.js'
import type { ProjectRegistration } from './domain/project.js'

export const projectRegisteredRow = (
  projectId: string,
  body: RegisterProjectBody,
  registration: ProjectRegistration,
  at: Date,
): PendingEvent<typeof ProjectRegisteredV1> => ({
  event: ProjectRegisteredV1,
  aggregateId: projectId,
  body: {
    projectId,
    projectCode: body.projectCode,
    name: body.name,
    projectType: body.projectType,
    region: body.region,
    owner: body.owner,
    investmentFen: body.investmentFen,
    registeredAt: at.toISOString(),
    catalogueVersion: registration.catalogueVersion,
    siteAreaM2: body.siteAreaM2,
    floorAreaM2: body.floorAreaM2,
    heightM: body.heightM,
    location: body.location,
    flow: registration.flow,
    ...(registration.cap ? { cap: registration.cap } : {}),
  },
})

/** 后续事项 as the acceptance pins it: approval opens it from this when the step approves `after` (it reads no catalogue). */
const followOnPinned = (f: ResolvedFollowOn): FollowOnItem => ({
  after: f.after.code,
  afterName: f.after.name.zh,
  item: f.item.code,
  itemName: f.item.name.zh,
  department: f.department.code,
  departmentName: f.department.name.zh,
  ...(f.item.statutoryLimit
    ? { statutoryLimit: { value: f.item.statutoryLimit.value, unit: f.item.statutoryLimit.unit } }
    : {}),
  ...(f.item.committedLimit
    ? { committedLimit: { value: f.item.committedLimit.value, unit: f.item.committedLimit.unit } }
    : {}),
  source: f.source,
  ...(f.forInformation ? { forInformation: true as const } : {}),
})

/** A follow-on left out by its `onlyIf`, as the acceptance says so: what was not shared, with whom, and why. */
export const followOnWithheld = (w: AcceptedApplication['followOns']['withheld'][number]): WithheldFollowOn => {
  // Nothing is opened, so no clock: its limits and how its department would handle it are not said.
  const { statutoryLimit, committedLimit, forInformation, ...said } = followOnPinned(w.followOn)
  return { ...said, unmet: w.unmet, onlyIf: w.onlyIf }
}

export const applicationAcceptedRow = (a: {
  applicationId: string
  project: { id: string; projectCode: string; region: string; ownerCreditCode: string }
  step: FlowStep
  /** 分阶段办理: the phase applied for; absent for the whole step. */
  phase?: StepPhase | undefined
  /** 按照单位工程办理: the building whose construction permit is applied for; absent for the whole project. */
  part?: string | undefined
  catalogueVersion: string
  receiptNumber: string
  accepted: AcceptedApplication
  /** The region's setting for the lead's consolidated 补正 notice, pinned with the rest of the catalogue. */
  noticeStops: 'requesting' | 'step'
  /** The project type's whole-flow cap, pinned on every accepted application for approval's flow clock. */
  cap?: { value: number; unit: 'W' | 'N'; source?: string }
  at: Date
  today: LegalDate
  /** 接件 (and 受理 when at once): every acceptance event carries it. */
  receipt: ApplicationReceipt
  /** 用地清单: the project's land-condition list as approval enforces it on this application. */
  landList?: ApplicationLandList
  /** 收件清单: the materials handed in at the window, carried so a paper printed later lists them. */
  materials: readonly { code: string; documentRef: string }[]
}): PendingEvent<typeof ApplicationAcceptedV1> => ({
  event: ApplicationAcceptedV1,
  aggregateId: a.applicationId,
  body: {
    applicationId: a.applicationId,
    projectId: a.project.id,
    projectCode: a.project.projectCode,
    stage: a.step.stage.code,
    catalogueVersion: a.catalogueVersion,
    acceptedAt: a.at.toISOString(),
    acceptedOn: a.today,
    withDeficiencies: a.accepted.deficiencies.length > 0,
    items: a.accepted.items,
    step: a.step.step.code,
    stepName: a.step.step.name.zh,
    ...(a.phase ? { phase: a.phase } : {}),
    ...(a.part === undefined ? {} : { part: a.part }),
    ...(a.step.limit ? { stepLimit: { value: a.step.limit.value, unit: a.step.limit.unit } } : {}),
    ...(a.step.step.lead ? { stepLead: a.step.step.lead.department, consolidatedNoticeStops: a.noticeStops } : {}),
    ...(a.step.statutoryLimit
      ? { stepStatutoryLimit: { value: a.step.statutoryLimit.value, unit: a.step.statutoryLimit.unit } }
      : {}),
    ...(a.step.statutoryExtension
      ? { stepStatutoryExtension: { value: a.step.statutoryExtension.value, unit: a.step.statutoryExtension.unit } }
      : {}),
    ...(a.cap
      ? {
          projectCap: {
            value: a.cap.value,
            unit: a.cap.unit,
            ...(a.cap.source === undefined ? {} : { source: a.cap.source }),
          },
        }
      : {}),
    region: a.project.region,
    ownerCreditCode: a.project.ownerCreditCode,
    receiptNumber: a.receiptNumber,
    deficiencies: a.accepted.deficiencies,
    commitments: a.accepted.commitments,
    ...(a.accepted.utilities.length > 0 ? { utilities: a.accepted.utilities } : {}),
    ...(a.accepted.utilities.length > 0 && a.accepted.contact ? { contact: a.accepted.contact } : {}),
    ...(a.accepted.coveredAssessments.length > 0 ? { coveredAssessments: a.accepted.coveredAssessments } : {}),
    ...(a.accepted.deliveredReports.length > 0 ? { deliveredReports: a.accepted.deliveredReports } : {}),
    ...(a.landList ? { landList: a.landList } : {}),
    ...(a.accepted.followOns.pinned.length > 0 ? { followOns: a.accepted.followOns.pinned.map(followOnPinned) } : {}),
    ...(a.accepted.followOns.withheld.length > 0
      ? { withheldFollowOns: a.accepted.followOns.withheld.map(followOnWithheld) }
      : {}),
    materials: a.materials.map((m) => ({ code: m.code, documentRef: m.documentRef })),
    receipt: a.receipt,
  },
})

/** 受理 of a receipt, by the clerk or by law: the body built at receipt, with its acceptance's moment and day. */
export const receiptAcceptedRow = (
  pending: Omit<ApplicationAcceptedV1, 'receipt'>,
  accepted: { at: Date; on: LegalDate; receipt: ApplicationReceipt },
): PendingEvent<typeof ApplicationAcceptedV1> => ({
  event: ApplicationAcceptedV1,
  aggregateId: pending.applicationId,
  body: { ...pending, acceptedAt: accepted.at.toISOString(), acceptedOn: accepted.on, receipt: accepted.receipt },
})

/** 接件 alone (national code 1): what the owner's status shows of an application not yet accepted. */
export const applicationReceivedRow = (
  pending: Omit<ApplicationAcceptedV1, 'receipt'>,
  receipt: ApplicationReceipt,
  /** What the acceptance event leaves optional (older events lack it) and a receipt always has. */
  known: { step: string; receiptNumber: string; ownerCreditCode: string },
): PendingEvent<typeof ApplicationReceivedV1> => ({
  event: ApplicationReceivedV1,
  aggregateId: pending.applicationId,
  body: {
    applicationId: pending.applicationId,
    projectId: pending.projectId,
    projectCode: pending.projectCode,
    stage: pending.stage,
    step: known.step,
    ...(pending.stepName === undefined ? {} : { stepName: pending.stepName }),
    ...(pending.phase === undefined ? {} : { phase: pending.phase }),
    ...(pending.part === undefined ? {} : { part: pending.part }),
    receiptNumber: known.receiptNumber,
    ownerCreditCode: known.ownerCreditCode,
    ...(pending.region === undefined ? {} : { region: pending.region }),
    ...(pending.materials === undefined ? {} : { materials: pending.materials }),
    // 容缺: kept for the acceptance as its deficiencies, and told now, so a reader of the receipt knows which materials
    // are owed and by when (not missing) before the acceptance brings them.
    ...(pending.deficiencies === undefined
      ? {}
      : { owedMaterials: pending.deficiencies.map((d) => ({ code: d.material, promisedOn: d.promisedOn })) }),
    receipt,
  },
})

/** The receipt's one notice (一次性告知), or the owner's answer to it. */
export const receiptNoticeRow = (
  app: { applicationId: string; projectId: string; step: string },
  receipt: ApplicationReceipt,
  onBehalfOf?: OnBehalfOf,
): PendingEvent<typeof ApplicationReceiptNoticedV1> | PendingEvent<typeof ApplicationReceiptAnsweredV1> =>
  receipt.notice?.answeredOn === undefined
    ? { event: ApplicationReceiptNoticedV1, aggregateId: app.applicationId, body: receiptBody(app, receipt) }
    : {
        event: ApplicationReceiptAnsweredV1,
        aggregateId: app.applicationId,
        body: { ...receiptBody(app, receipt), ...(onBehalfOf ? { onBehalfOf } : {}) },
      }

/** 撤件 (2) or 不受理 / 不予受理 (4 / 5) of a receipt. */
export const receiptClosedRow = (
  app: { applicationId: string; projectId: string; step: string },
  receipt: ApplicationReceipt,
  onBehalfOf?: OnBehalfOf,
): PendingEvent<typeof ApplicationReceiptWithdrawnV1> | PendingEvent<typeof ApplicationRefusedV1> =>
  receipt.nationalCode === 2
    ? {
        event: ApplicationReceiptWithdrawnV1,
        aggregateId: app.applicationId,
        body: { ...receiptBody(app, receipt), ...(onBehalfOf ? { onBehalfOf } : {}) },
      }
    : { event: ApplicationRefusedV1, aggregateId: app.applicationId, body: receiptBody(app, receipt) }

/** A receipt event's body: the application named, and its receipt whole (never the rest of the row it came from). */
const receiptBody = (app: { applicationId: string; projectId: string; step: string }, receipt: ApplicationReceipt) => ({
  applicationId: app.applicationId,
  projectId: app.projectId,
  step: app.step,
  receipt,
})

/** One row per cured material, each telling how many are still owed after it. */
export const deficiencyCuredRows = (
  app: { applicationId: string; projectId: string; owed: number },
  cured: readonly string[],
  at: Date,
  on: LegalDate,
  onBehalfOf?: OnBehalfOf,
): Array<PendingEvent<typeof DeficiencyCuredV1>> =>
  cured.map((material, i) => ({
    event: DeficiencyCuredV1,
    aggregateId: app.applicationId,
    body: {
      applicationId: app.applicationId,
      projectId: app.projectId,
      material,
      curedAt: at.toISOString(),
      curedOn: on,
      remaining: app.owed - (i + 1),
      ...(onBehalfOf ? { onBehalfOf } : {}),
    },
  }))

export const certificateReleasedRow = (
  app: {
    applicationId: string
    projectId: string
    step: string
    phase?: StepPhase | undefined
    part?: string | undefined
  },
  at: Date,
): PendingEvent<typeof CertificateReleasedV1> => ({
  event: CertificateReleasedV1,
  aggregateId: app.applicationId,
  body: {
    applicationId: app.applicationId,
    projectId: app.projectId,
    step: app.step,
    ...(app.phase ? { phase: app.phase } : {}),
    ...(app.part === undefined ? {} : { part: app.part }),
    releasedAt: at.toISOString(),
  },
})

export const deficiencyOverdueRow = (
  app: { applicationId: string; projectId: string },
  d: { material: string; promisedOn: LegalDate },
  at: Date,
): PendingEvent<typeof DeficiencyOverdueV1> => ({
  event: DeficiencyOverdueV1,
  aggregateId: app.applicationId,
  body: {
    applicationId: app.applicationId,
    projectId: app.projectId,
    material: d.material,
    promisedOn: d.promisedOn,
    detectedAt: at.toISOString(),
  },
})

/** 目录启用: the activated version with its resolved data, for every service that resolves catalogue data to store. */
export const catalogueActivatedRow = (
  v: { region: string; version: string; pin: string; activeFrom: string },
  data: CatalogueData,
  at: Date,
): PendingEvent<typeof CatalogueActivatedV1> => ({
  event: CatalogueActivatedV1,
  aggregateId: v.pin,
  body: {
    region: v.region,
    version: v.version,
    pin: v.pin,
    activeFrom: v.activeFrom,
    activatedAt: at.toISOString(),
    data: data as unknown as Record<string, unknown>,
  },
})

/** 帮办代办: a case event, carrying the whole case. */
export const assistedCaseRow = <E extends (typeof assistedCaseEvents)[number]>(
  event: E,
  c: AssistedCaseSnapshot,
  actor: string,
): PendingEvent<E> => ({ event, aggregateId: c.caseId, body: { case: c, actor } as EventBody<E> })

/** 中介服务: an engagement event, carrying the whole engagement. */
export const engagementRow = <E extends (typeof intermediaryEvents)[number]>(
  event: E,
  e: IntermediaryEngagementSnapshot,
  actor?: string,
): PendingEvent<E> => ({
  event,
  aggregateId: e.engagementId,
  body: { engagement: e, ...(actor === undefined ? {} : { actor }) } as EventBody<E>,
})

/** 区域评估 and 用地清单: each event carries the area or plot whole, as published. */
export const areaPublishedRow = (area: AssessedAreaSnapshot): PendingEvent<typeof AreaPublishedV1> => ({
  event: AreaPublishedV1,
  aggregateId: area.areaId,
  body: { area },
})

export const plotPublishedRow = (plot: LandPlotSnapshot): PendingEvent<typeof PlotPublishedV1> => ({
  event: PlotPublishedV1,
  aggregateId: plot.plotId,
  body: { plot },
})

export const areaLinkedRow = (
  projectId: string,
  area: AssessedAreaSnapshot,
  at: Date,
): PendingEvent<typeof ProjectAreaLinkedV1> => ({
  event: ProjectAreaLinkedV1,
  aggregateId: projectId,
  body: { projectId, area, linkedAt: at.toISOString() },
})

export const plotLinkedRow = (
  projectId: string,
  plot: LandPlotSnapshot,
  at: Date,
): PendingEvent<typeof ProjectPlotLinkedV1> => ({
  event: ProjectPlotLinkedV1,
  aggregateId: projectId,
  body: { projectId, plot, linkedAt: at.toISOString() },
})

/** 结果送达: the delivery as it now stands, whole (a reader keeps the newest `version`). */
export const resultDeliveryRow = (
  delivery: EventBody<typeof ApplicationResultDeliveryV1>['delivery'],
): PendingEvent<typeof ApplicationResultDeliveryV1> => ({
  event: ApplicationResultDeliveryV1,
  aggregateId: delivery.applicationId,
  body: { delivery },
})

/** 失信: an owner newly listed, with its listing's version (one aggregate per owner: its changes stay in order). */
export const dishonestOwnerListedRow = (
  listing: { creditCode: string; reason: string | null; listedAt: string; listedBy: string },
  version: number,
): PendingEvent<typeof DishonestOwnerListedV1> => ({
  event: DishonestOwnerListedV1,
  aggregateId: `owner:${listing.creditCode}`,
  body: {
    creditCode: listing.creditCode,
    version,
    ...(listing.reason ? { reason: listing.reason } : {}),
    listedAt: listing.listedAt,
    listedBy: listing.listedBy,
  },
})

/** 失信 ended: an owner that was listed, taken off, with the version after its listing's. */
export const dishonestOwnerDelistedRow = (
  creditCode: string,
  version: number,
  at: Date,
  by: string,
): PendingEvent<typeof DishonestOwnerDelistedV1> => ({
  event: DishonestOwnerDelistedV1,
  aggregateId: `owner:${creditCode}`,
  body: { creditCode, version, delistedAt: at.toISOString(), delistedBy: by },
})

const BOOKING_EVENTS = {
  booked: BookingBookedV1,
  cancelled: BookingCancelledV1,
  attended: BookingAttendedV1,
  missed: BookingMissedV1,
} as const

/**
 * 网上预约: the booking as it now stands, the event of the state it came into — its facts only (no owner's credit code,
 * no cancellation reason: contracts' `BookingFact`). `by` is who moved it (the clerk who received an attended one).
 */
export const bookingRow = (
  booking: BookingView,
  by: string,
): PendingEvent<(typeof BOOKING_EVENTS)[BookingView['state']]> => ({
  event: BOOKING_EVENTS[booking.state],
  aggregateId: booking.bookingId,
  body: {
    booking: {
      bookingId: booking.bookingId,
      projectId: booking.projectId,
      region: booking.region,
      step: booking.step,
      ...(booking.stepName === undefined ? {} : { stepName: booking.stepName }),
      day: booking.day,
      slot: booking.slot,
      state: booking.state,
      at: booking.closedAt ?? booking.bookedAt,
      by,
      ...(booking.applicationId === undefined ? {} : { applicationId: booking.applicationId }),
    },
  },
})
