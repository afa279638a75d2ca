import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { Instant, LegalDate, MAX_REFERENCE, StepCode, Uuid } from '../primitives.js'
import { PhoneNumber } from './shared.js'

/**
 * 结果送达 (004:1076–1084): how the result of an application reaches the applicant — 现场送达 `on-site` (told by SMS to
 * collect it at the hall's window, signed for there), 寄递送达 `post` (posted to the recipient and address the
 * applicant named, signed for on arrival) or 网上送达 `online` (pushed through the online platform, with an SMS).
 */
export const DeliveryMode = Type.Union([Type.Literal('on-site'), Type.Literal('post'), Type.Literal('online')], {
  description: 'on-site: collected at the window (现场送达); post: posted (寄递送达); online: pushed online (网上送达)',
})
export type DeliveryMode = Static<typeof DeliveryMode>

const Person = Type.String({ minLength: 1, maxLength: 100 })
const Address = Type.String({ minLength: 1, maxLength: 500 })
/** The recipient's phone: the desk's one {@link PhoneNumber}, as the application's 联系电话. */
const Phone = PhoneNumber
const TrackingNumber = Type.String({
  pattern: '^[A-Za-z0-9-]{4,40}$',
  maxLength: 40,
  description: "the carrier's tracking number",
})

/** The applicant's choice, made at the window when the application is opened. Post needs recipient, address, phone. */
export const ResultDeliveryChoice = Type.Object(
  {
    mode: DeliveryMode,
    recipient: Type.Optional({ ...Person, description: 'post: 收件人' }),
    address: Type.Optional({ ...Address, description: 'post: 收件地址' }),
    phone: Type.Optional({ ...Phone, description: 'post: the recipient’s phone; on-site: where the SMS goes' }),
  },
  { additionalProperties: false },
)
export type ResultDeliveryChoice = Static<typeof ResultDeliveryChoice>

/**
 * Where a due delivery stands. `delivered-online` ends at once; on-site waits for collection (`awaiting-collection` →
 * `collected`); post waits to be posted, then to be signed for (`awaiting-posting` → `posted` → `signed`).
 */
export const DeliveryState = Type.Union([
  Type.Literal('delivered-online'),
  Type.Literal('awaiting-collection'),
  Type.Literal('collected'),
  Type.Literal('awaiting-posting'),
  Type.Literal('posted'),
  Type.Literal('signed'),
])
export type DeliveryState = Static<typeof DeliveryState>

/**
 * The states that leave nothing for the window to do: the clerk's `done` list. The gateway's read model generates its
 * `done` column from these (migration 20261228041500_result_delivery_done_derived; a test holds the two together).
 */
export const DELIVERY_DONE_STATES: readonly DeliveryState[] = ['delivered-online', 'collected', 'signed']

/** A delivery as intake keeps and publishes it: whole, so a reader keeps the newest `version`. */
export const ResultDelivery = Type.Object({
  applicationId: Uuid,
  projectId: Uuid,
  step: StepCode,
  stepName: Type.Optional(Type.String({ maxLength: 200 })),
  receiptNumber: Type.Optional(Type.String({ maxLength: 60 })),
  ownerCreditCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  /**
   * The region whose catalogue the application was accepted under, by name (汕尾市): an on-site result is collected
   * at its 工程建设项目审批综合服务窗口, the office the receipt papers name by the same region. Absent when only the
   * national catalogue covers the project (no window is the whole country's), and from deliveries due before it.
   */
  regionName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** The result delivered: the step's decision. */
  outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
  mode: DeliveryMode,
  /** False when the applicant chose nothing (an application opened before the choice): online, the e-certificate. */
  chosen: Type.Boolean(),
  recipient: Type.Optional(Person),
  address: Type.Optional(Address),
  phone: Type.Optional(Phone),
  state: DeliveryState,
  /** When the delivery fell due: the step's decision. */
  dueAt: Instant,
  dueOn: LegalDate,
  /** 已领取 (on-site): the person who signed for it (签收人) and the day. */
  signer: Type.Optional(Person),
  collectedOn: Type.Optional(LegalDate),
  /** 已寄出 (post). */
  trackingNumber: Type.Optional(TrackingNumber),
  postedOn: Type.Optional(LegalDate),
  /** 已签收 (post). */
  signedOn: Type.Optional(LegalDate),
  version: Type.Integer({ minimum: 1, maximum: 100 }),
  updatedAt: Instant,
  /** Who moved it last: the clerk, or `intake` when the decision made it due. */
  by: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
})
export type ResultDelivery = Static<typeof ResultDelivery>

export const ApplicationResultDeliveryV1 = defineEvent({
  subject: 'permit.intake.application.result-delivery.v1',
  description:
    '结果送达 — the delivery of a decided application’s result changed: due (online delivered at once, on-site awaiting collection, post awaiting posting), collected, posted or signed for. The snapshot whole.',
  schema: Type.Object({ delivery: ResultDelivery }),
})
export type ApplicationResultDeliveryV1 = EventBody<typeof ApplicationResultDeliveryV1>

export const resultDeliveryEvents = [ApplicationResultDeliveryV1] as const

const strict = { additionalProperties: false } as const

/**
 * POST /applications/:id/delivery — the clerk records a step of the delivery, chosen by `step`; each step takes only
 * its own fields: 已领取 `collected` (on-site: 签收人 and the day), 已寄出 `posted` (post: the tracking number; posted
 * today) or 已签收 `signed` (post: the day). Whether the step can be taken now, and the day's bounds (not after today,
 * not before the decision or the posting), are intake's to decide.
 */
export const RecordDeliveryBody = Type.Union(
  [
    Type.Object(
      {
        step: Type.Literal('collected', { description: '现场送达 已领取' }),
        signer: { ...Person, description: '签收人' },
        on: { ...LegalDate, description: 'the day it was collected; not after today' },
      },
      strict,
    ),
    Type.Object(
      {
        step: Type.Literal('posted', { description: '寄递送达 已寄出' }),
        trackingNumber: TrackingNumber,
        on: Type.Optional({ ...LegalDate, description: 'today, if given: the day it is recorded is the day it left' }),
      },
      strict,
    ),
    Type.Object(
      {
        step: Type.Literal('signed', { description: '寄递送达 已签收' }),
        on: { ...LegalDate, description: 'the day it was signed for; not after today' },
      },
      strict,
    ),
  ],
  // OpenAPI's note that `step` picks the variant; service-kit validates the variant it names.
  { discriminator: { propertyName: 'step' } },
)
export type RecordDeliveryBody = Static<typeof RecordDeliveryBody>
