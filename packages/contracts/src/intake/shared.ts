import { Type } from 'typebox'
import { LegalDate, LimitValue } from '../primitives.js'

/** A limit as the clocks count it: `W` 工作日 or `N` 自然日. */
export const ClockLimit = Type.Object({
  value: LimitValue,
  unit: Type.Union([Type.Literal('W'), Type.Literal('N')]),
})

export const SuspensionKindCode = Type.Union([
  Type.Literal('supplement'),
  Type.Literal('expert-review'),
  Type.Literal('hearing'),
  Type.Literal('public-notice'),
  Type.Literal('inspection-testing'),
  Type.Literal('site-survey'),
  Type.Literal('other'),
])

/** A 特别程序 the item allows, with its own limit when the catalogue gives one. */
export const SpecialProcedureLimit = Type.Object({ kind: SuspensionKindCode, limit: Type.Optional(ClockLimit) })

/** A clock as data: limit, start and suspension ledger. Anyone can evaluate it with `@onewindow/workdays`. */
export const ClockSpec = Type.Object({
  limit: ClockLimit,
  start: LegalDate,
  region: Type.Optional(Type.String()),
  suspensions: Type.Array(
    Type.Object({
      id: Type.Optional(Type.String()),
      kind: SuspensionKindCode,
      from: LegalDate,
      to: Type.Optional(LegalDate),
      limit: Type.Optional(ClockLimit),
      legalBasis: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
})

/** The alerts a case clock raised, each once and on the day it was found: yellow (预警), then overdue (超时). */
export const ClockAlerts = Type.Object({ warnedOn: Type.Optional(LegalDate), overdueOn: Type.Optional(LegalDate) })
