import { type Static, Type } from 'typebox'
import { CatalogueCode, LegalDate, LimitValue, MAX_LIST, MAX_NAME, MAX_REFERENCE, MAX_TEXT } from '../primitives.js'

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
  Type.Literal('tender'),
  Type.Literal('auction'),
  Type.Literal('quarantine'),
  Type.Literal('appraisal'),
  Type.Literal('other'),
])

/** 申请联系人 as the window desk records it in the combined form (`form.contact`): at most 100 characters. */
export const MAX_CONTACT_NAME = 100
/**
 * The most the events and the stored requests carry as a 联系电话 (`ApplicationContact.phone`): 40 characters of text,
 * as the desk took it before it asked for a {@link PhoneNumber} — events and requests from then still read. What the
 * desk takes now is a {@link PhoneNumber}, 25 at most.
 */
export const MAX_CONTACT_PHONE = 40

/**
 * A phone number as the window desk takes one: digits, spaces and hyphens, a leading `+` — a landline with its area
 * code (0660-3388123) or a mobile. The one definition for the result-delivery recipient's (结果送达, `ResultDelivery`)
 * and the application's 联系电话 (`form.phone`, read by intake where the form names hookups).
 */
export const MAX_PHONE_NUMBER = 25
export const PhoneNumber = Type.String({
  pattern: '^\\+?[0-9][0-9 -]{4,24}$',
  maxLength: MAX_PHONE_NUMBER,
  description: 'digits, spaces, hyphens',
})

/**
 * 申请联系人 and 联系电话 of an application, as the window desk recorded them in the combined form (`form.contact`,
 * `form.phone`). Personal data: carried only where the application names hookups, for their providers, who arrange
 * the survey and the connection with the applicant (docs/utility.md#whom-the-provider-calls). The phone is bounded
 * text, not a {@link PhoneNumber}: the event and the utility request that keeps it read what the desk took before it
 * asked for one, so no consumer dead-letters an older event nor leaves out an older request.
 */
export const ApplicationContact = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CONTACT_NAME })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CONTACT_PHONE })),
})
export type ApplicationContact = Static<typeof ApplicationContact>

/** The most phases a catalogue step may declare (packages/catalogue `Step.phases`). */
export const MAX_PHASES = 10

/** One phase of a phased step as the catalogue declares it: its code and its name in Chinese. */
export const DeclaredPhase = Type.Object({
  code: CatalogueCode('phase code from the catalogue'),
  name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
})

/**
 * 分阶段办理 — the phase an application of a phased step is for, with its place among the step's phases (`number` of
 * `count`, from 1), so every reader knows whether it is the last without a catalogue. Absent: the whole step at once.
 */
export const StepPhase = Type.Object({
  ...DeclaredPhase.properties,
  number: Type.Integer({ minimum: 1, maximum: MAX_PHASES }),
  count: Type.Integer({ minimum: 2, maximum: MAX_PHASES }),
})
export type DeclaredPhase = Static<typeof DeclaredPhase>
export type StepPhase = Static<typeof StepPhase>

/** A 特别程序 the item allows, with its own limit when the catalogue gives one. */
export const SpecialProcedureLimit = Type.Object({ kind: SuspensionKindCode, limit: Type.Optional(ClockLimit) })

/**
 * The one extension a statutory clock had (延长, 行政许可法第四十二条): the days added to `limit`, who asked, who
 * approved (the agency head; for a joint step the people's government's head) and the reason told to the applicant.
 */
export const ClockExtension = Type.Object({
  value: LimitValue,
  unit: Type.Union([Type.Literal('W'), Type.Literal('N')]),
  on: LegalDate,
  by: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  approvedBy: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  reason: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
  /** The due date before and after, as the extension moved it. */
  dueBefore: LegalDate,
  dueAfter: LegalDate,
})

/** A clock as data: limit, start and suspension ledger. Anyone can evaluate it with `@onewindow/workdays`. */
export const ClockSpec = Type.Object({
  /** The limit counted: the law's or the city's, plus the extension once granted. */
  limit: ClockLimit,
  start: LegalDate,
  /** The one extension the law allows on this clock, pinned from the catalogue; absent when none is allowed. */
  extensionAllowed: Type.Optional(ClockLimit),
  extended: Type.Optional(ClockExtension),
  region: Type.Optional(Type.String({ maxLength: 100 })),
  suspensions: Type.Array(
    Type.Object({
      id: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
      kind: SuspensionKindCode,
      from: LegalDate,
      to: Type.Optional(LegalDate),
      limit: Type.Optional(ClockLimit),
      legalBasis: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
      note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    }),
    { maxItems: MAX_LIST },
  ),
})

/** The alerts a case clock raised, each once and on the day it was found: yellow (预警), then overdue (超时). */
export const ClockAlerts = Type.Object({ warnedOn: Type.Optional(LegalDate), overdueOn: Type.Optional(LegalDate) })

/**
 * A later stage's clock alert (预警 / 超时): the clock's legal due day, as its producer's calendar made it on the day
 * the alert was raised (what `explainDue` of the clock the event carries gives that day) — the date approval's task
 * and flow alerts carry as `dueOn`. Optional within v1 (a tolerant reader's added field): alerts published before it
 * was carried lack it, and a reader says what it has without it.
 */
export const ClockAlertDue = { dueOn: Type.Optional(LegalDate) }
