import { type Static, Type } from 'typebox'
import { WorksPart } from '../acceptance/part.js'
import { OnBehalfOf } from '../assisted/assisted-service.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { Instant, LegalDate, MAX_REFERENCE, MaterialCode, ProjectCode, StageCode, Uuid } from '../primitives.js'
import { BookedRefusalReason } from './booking.js'
import { StepPhase } from './shared.js'

/**
 * Why a receipt is refused (行政许可法第三十二条第一款): `licence-not-required` — the matter needs no licence, told at
 * once as 不受理 (national code 4, item 一); `outside-competence` — it is not within this agency's powers, a decision
 * of 不予受理 (code 5, item 二) telling the applicant which agency to apply to (`referTo`). docs/legal-time.md.
 */
export const ReceiptRefusalGround = Type.Union([
  Type.Literal('licence-not-required'),
  Type.Literal('outside-competence'),
])

/**
 * 接件 and what became of it — one object, carried whole by every receipt event, so a reader never merges parts.
 * `nationalCode` is the application's 办理状态: 1 已接件 (received, not yet decided), 2 已撤件 (receipt withdrawn),
 * 3 已受理 (accepted: by the clerk, or by law after five working days, 行政许可法第三十二条), 4 不受理, 5 不予受理.
 */
export const ApplicationReceipt = Type.Object({
  nationalCode: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)]),
  receivedAt: Instant,
  receivedOn: LegalDate,
  receivedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /** Set once accepted: `clerk` (受理 by the window) or `law` (deemed accepted as of `receivedOn`, Art. 32). */
  acceptedBy: Type.Optional(Type.Union([Type.Literal('clerk'), Type.Literal('law')])),
  /** Set once withdrawn or refused: when, on which legal day, by whom and why. */
  closedAt: Type.Optional(Instant),
  closedOn: Type.Optional(LegalDate),
  closedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  ground: Type.Optional(ReceiptRefusalGround),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  referTo: Type.Optional(Type.String({ maxLength: 200 })),
  /** 网上预约: a booked application's refusal names which of the seed's three exceptions it rests on (004:1044). */
  bookedReason: Type.Optional(BookedRefusalReason),
  /**
   * 一次性告知 of a received application (Art. 32 item 4): the materials to supplement, told once within five working
   * days of the receipt day; the law's deemed acceptance no longer applies. `answeredOn` once the owner handed them in.
   */
  notice: Type.Optional(
    Type.Object({
      at: Instant,
      on: LegalDate,
      by: Type.String({ maxLength: MAX_REFERENCE }),
      materials: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 200 }),
      reason: Type.String({ maxLength: 2000 }),
      answeredAt: Type.Optional(Instant),
      answeredOn: Type.Optional(LegalDate),
    }),
  ),
})
export type ApplicationReceipt = Static<typeof ApplicationReceipt>

/**
 * 收件清单 (行政许可法第三十二条第二款): one material the window received with the application, as the request named
 * it, so a paper printed later or elsewhere lists what was handed in. Absent from events written before it was kept.
 */
export const ReceivedMaterial = Type.Object({
  code: MaterialCode,
  documentRef: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
})
export type ReceivedMaterial = Static<typeof ReceivedMaterial>
/** The request's own bound (POST /projects/:id/applications `materials`, maxItems 200). */
export const ReceivedMaterials = Type.Array(ReceivedMaterial, { maxItems: 200 })

/**
 * 容缺 at 接件: a material of the checklist the window accepted as owed, to be handed in by `promisedOn` (the day the
 * applicant promised), as the request named it (`deficiencies`). It becomes a deficiency of `application.accepted`
 * once the receipt is accepted; until then only the receipt's event tells a reader it is owed, not missing.
 */
export const OwedMaterial = Type.Object({ code: MaterialCode, promisedOn: LegalDate })
export type OwedMaterial = Static<typeof OwedMaterial>
/** The request's own bound (POST /projects/:id/applications `deficiencies`, maxItems 200). */
export const OwedMaterials = Type.Array(OwedMaterial, { maxItems: 200 })

const receiptEvent = {
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.String({ minLength: 1, maxLength: 100 }),
  receipt: ApplicationReceipt,
  /** 帮办代办: set when a case's helper acted for the owner (docs/assisted-service.md). */
  onBehalfOf: Type.Optional(OnBehalfOf),
}

export const ApplicationReceivedV1 = defineEvent({
  subject: 'permit.intake.application.received.v1',
  description:
    '接件 (national code 1) — the window received one combined application without accepting it yet; it is accepted, refused (4 不受理 / 5 不予受理) or withdrawn (2), or accepted by law as of `receipt.receivedOn` once five working days pass (行政许可法第三十二条).',
  schema: Type.Object({
    ...receiptEvent,
    projectCode: ProjectCode,
    stage: StageCode,
    stepName: Type.Optional(Type.String({ maxLength: 200 })),
    /** 分阶段办理: the phase applied for, told at receipt as at acceptance; absent, the whole step at once. */
    phase: Type.Optional(StepPhase),
    /** 按照单位工程办理 — the unit work (单位工程, a building) whose construction permit this is; absent, the whole project. */
    part: Type.Optional(WorksPart),
    receiptNumber: Type.String({ minLength: 1, maxLength: 60 }),
    ownerCreditCode: Type.String({ minLength: 1, maxLength: 60 }),
    region: Type.Optional(Type.String({ pattern: '^\\d{6}$', maxLength: 6 })),
    /** 收件清单: the materials handed in at the window; absent from events written before it was kept. */
    materials: Type.Optional(ReceivedMaterials),
    /** 容缺: the materials accepted as owed, each with its promised day; absent from events written before it was kept. */
    owedMaterials: Type.Optional(OwedMaterials),
  }),
})
export type ApplicationReceivedV1 = EventBody<typeof ApplicationReceivedV1>

export const ApplicationReceiptWithdrawnV1 = defineEvent({
  subject: 'permit.intake.application.receipt-withdrawn.v1',
  description:
    '已撤件 (national code 2) — the owner or the clerk withdrew a received application before it was accepted.',
  schema: Type.Object(receiptEvent),
})
export type ApplicationReceiptWithdrawnV1 = EventBody<typeof ApplicationReceiptWithdrawnV1>

export const ApplicationReceiptNoticedV1 = defineEvent({
  subject: 'permit.intake.application.receipt-noticed.v1',
  description:
    '一次性告知 of a received application (行政许可法第三十二条第一款第四项): the materials to supplement, told once within five working days of the receipt day (`receipt.notice`); it is no longer accepted by law.',
  schema: Type.Object(receiptEvent),
})
export type ApplicationReceiptNoticedV1 = EventBody<typeof ApplicationReceiptNoticedV1>

export const ApplicationReceiptAnsweredV1 = defineEvent({
  subject: 'permit.intake.application.receipt-answered.v1',
  description:
    'The owner handed in the materials the receipt’s one notice asked for (`receipt.notice.answeredOn`); the clerk accepts (Art. 32 item 5) or refuses it.',
  schema: Type.Object(receiptEvent),
})
export type ApplicationReceiptAnsweredV1 = EventBody<typeof ApplicationReceiptAnsweredV1>

export const ApplicationRefusedV1 = defineEvent({
  subject: 'permit.intake.application.refused.v1',
  description:
    'The window refused to accept a received application: 不受理 (national code 4, the matter needs no licence) or 不予受理 (code 5, not within the agency’s powers), by `receipt.ground` (行政许可法第三十二条第一款).',
  schema: Type.Object(receiptEvent),
})
export type ApplicationRefusedV1 = EventBody<typeof ApplicationRefusedV1>
