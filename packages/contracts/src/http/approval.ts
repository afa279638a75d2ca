import { type Static, Type } from 'typebox'
import { SuspensionKindCode } from '../intake/shared.js'

const strict = { additionalProperties: false } as const

/** POST /tasks/:id/actions — one reviewer action, chosen by `action`. */
export const TaskActionBody = Type.Union([
  Type.Object({ action: Type.Literal('claim') }, strict),
  Type.Object(
    {
      action: Type.Literal('supplement'),
      materials: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
    },
    strict,
  ),
  Type.Object(
    {
      action: Type.Literal('special-procedure-start'),
      kind: Type.Exclude(SuspensionKindCode, Type.Literal('supplement')),
      legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      /** 特别程序时限 — the procedure's own limit as the department sets it; else the catalogue's, when it has one. */
      limit: Type.Optional(
        Type.Object(
          { value: Type.Integer({ minimum: 1 }), unit: Type.Union([Type.Literal('W'), Type.Literal('N')]) },
          strict,
        ),
      ),
    },
    strict,
  ),
  Type.Object({ action: Type.Literal('special-procedure-end') }, strict),
  Type.Object(
    { action: Type.Literal('approve'), conditions: Type.Optional(Type.Array(Type.String({ minLength: 1 }))) },
    strict,
  ),
  Type.Object({ action: Type.Literal('reject'), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
])
export type TaskActionBody = Static<typeof TaskActionBody>

/** POST /applications/:id/supplement-answers — the owner's one answer to a consolidated 补正 notice. */
export const SupplementAnswerBody = Type.Object(
  {
    noticeId: Type.String({ format: 'uuid' }),
    materials: Type.Array(
      Type.Object({ code: Type.String({ minLength: 1 }), documentRef: Type.String({ minLength: 1 }) }, strict),
      { minItems: 1 },
    ),
  },
  strict,
)
export type SupplementAnswerBody = Static<typeof SupplementAnswerBody>
