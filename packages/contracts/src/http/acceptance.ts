import { type Static, Type } from 'typebox'
import { AcceptanceCaseSnapshot } from '../acceptance/events.js'
import { DepartmentCode, ItemCode, LegalDate } from '../primitives.js'

// HTTP bodies of services/acceptance's internal routes, shared with the gateway.

const strict = { additionalProperties: false } as const

/** POST /projects/:id/acceptance — the owner's one joint-acceptance application (一口受理). */
export const OpenAcceptanceBody = Type.Object(
  {
    /** 单位工程 / 施工段 accepted on its own; absent for the whole project. */
    part: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Items the owner passes on commitment (告知承诺); each must allow it in the catalogue. */
    commitments: Type.Optional(Type.Array(ItemCode, { uniqueItems: true })),
  },
  strict,
)
export type OpenAcceptanceBody = Static<typeof OpenAcceptanceBody>

/** POST /acceptance/:id/inspection — the lead schedules the joint inspection, or the re-inspection of what is pending. */
export const ScheduleInspectionBody = Type.Object(
  {
    date: LegalDate,
    place: Type.String({ minLength: 1, maxLength: 500 }),
    participants: Type.Array(DepartmentCode, { minItems: 1, uniqueItems: true }),
    /** 公示 period the case clock does not count (days `from`..`to` inclusive). */
    publicNotice: Type.Optional(Type.Object({ from: LegalDate, to: LegalDate }, strict)),
  },
  strict,
)
export type ScheduleInspectionBody = Static<typeof ScheduleInspectionBody>

/** POST /acceptance/:id/opinions — one participating department's opinion on its item. */
export const RecordOpinionBody = Type.Object(
  {
    item: ItemCode,
    opinion: Type.Union([Type.Literal('pass'), Type.Literal('rectify'), Type.Literal('fail')]),
    /** Required for `rectify`: what the owner must put right. */
    defects: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1 })),
  },
  strict,
)
export type RecordOpinionBody = Static<typeof RecordOpinionBody>

/** POST /acceptance/:id/rectifications — the owner reports the defects of these items put right. */
export const SubmitRectificationBody = Type.Object(
  {
    items: Type.Array(ItemCode, { minItems: 1, uniqueItems: true }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  strict,
)
export type SubmitRectificationBody = Static<typeof SubmitRectificationBody>

export const AcceptanceCaseResponse = Type.Object({ case: AcceptanceCaseSnapshot })
export type AcceptanceCaseResponse = Static<typeof AcceptanceCaseResponse>
