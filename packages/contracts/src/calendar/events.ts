import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody, type Producer } from '../define-event.js'
import { Count, Instant, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

// The working-day calendar as data (docs/legal-time.md): a State Council year schedule (国务院办公厅关于…部分节假日
// 安排的通知) or a regional overlay, published by an administrator through intake, which owns calendars, and
// consumed by every service that runs clocks. `@onewindow/workdays`' `validateCalendarEntry` decides whether one is
// valid; these schemas bound its size only.

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const Source = Type.Object(
  {
    title: Text(200),
    number: Type.Optional(Text(100)),
    issued: Type.Optional(LegalDate),
    url: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
)
const Period = Type.Object(
  { name: Text(50), nameEn: Type.Optional(Text(100)), from: LegalDate, to: LegalDate },
  { additionalProperties: false },
)
const Workday = Type.Object({ date: LegalDate, for: Text(50) }, { additionalProperties: false })

/** `POST /admin/calendars` — a year's schedule (`year`) or a regional overlay (`region`), exactly as the CLI imports it. */
export const CalendarEntryBody = Type.Union([
  Type.Object(
    {
      year: Type.Integer({ minimum: 2000, maximum: 2099 }),
      source: Source,
      holidays: Type.Array(Period, { maxItems: 50 }),
      workdays: Type.Array(Workday, { maxItems: 50 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      region: Type.String({ pattern: '^\\d{6}$', maxLength: 6 }),
      name: Text(100),
      source: Source,
      restDays: Type.Array(Period, { maxItems: 50 }),
      workdays: Type.Optional(Type.Array(Workday, { maxItems: 50 })),
    },
    { additionalProperties: false },
  ),
])
export type CalendarEntryBody = Static<typeof CalendarEntryBody>

/** What the publish route answers, and what the event carries besides the entry. */
export const CalendarPublication = Type.Object({
  /** `year-2027` or `region-450000`: a later publication of the same key replaces the earlier one. */
  key: Type.String({ maxLength: 20 }),
  kind: Type.Union([Type.Literal('year'), Type.Literal('overlay')]),
  /** 1 for the first publication of the key, then one more per correction. */
  version: Count(1),
  /** The notice as one line, e.g. `国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕…号`. */
  notice: Type.String({ maxLength: 400 }),
  publishedAt: Instant,
  publishedBy: Type.String({ maxLength: MAX_REFERENCE }),
})
export type CalendarPublication = Static<typeof CalendarPublication>

export const CalendarPublishedV1 = defineEvent({
  subject: 'permit.intake.calendar.published.v1',
  description:
    "A year's State Council schedule or a regional overlay was published (or corrected): every service that runs clocks stores it, builds its calendar from it and re-projects its open clocks.",
  // The entry exactly as the publish route admitted it (the value `validateCalendarEntry` passed is its input).
  schema: Type.Object({ ...CalendarPublication.properties, entry: CalendarEntryBody }),
})
export type CalendarPublishedV1 = EventBody<typeof CalendarPublishedV1>

const dueMovedSchema = Type.Object({
  projectId: Uuid,
  /** What the clock belongs to, as `<kind>:<id>`: `task:…`, `acceptance-case:…`, `commitment:…`. */
  subject: Type.String({ maxLength: 200 }),
  /** Which clock of it: `statutory`, `committed`, `permits`, `verify-by`, … */
  clock: Type.String({ maxLength: 50 }),
  /** The department a task clock is of, so a reviewer's timeline shows its own. */
  department: Type.Optional(Type.String({ maxLength: 100 })),
  from: LegalDate,
  to: LegalDate,
  /** The subject's due date as it now stands where it keeps one (a task's `dueOn`: committed, else statutory). */
  subjectDueOn: Type.Optional(LegalDate),
  /**
   * The subject's version the move was computed on, where the subject has one (approval's task — its due date, 督办
   * reply-by and 告知承诺 verify-by days — and rating; acceptance's and registration's case; utility's request; a step,
   * a project's whole-flow clock or an issuing clock has none). The move gives it no new version, so a reader keeping
   * the day on a versioned snapshot sets it on no newer one, and at that version only from the day it holds (two
   * publications between two changes name the same version): an older change never overwrites a newer one. Absent on
   * events published before it, and where the subject has no version.
   */
  subjectVersion: Type.Optional(Count(1)),
  provisionalBefore: Type.Boolean(),
  provisionalAfter: Type.Boolean(),
  /** The publication that moved it (`key`, `version`, `notice`), and the days it changed. */
  calendar: Type.Object({
    key: CalendarPublication.properties.key,
    version: CalendarPublication.properties.version,
    notice: CalendarPublication.properties.notice,
  }),
  changes: Type.String({ maxLength: 2000 }),
  movedAt: Instant,
})
export type ClockDueMovedV1 = Static<typeof dueMovedSchema>

const dueMoved = <const P extends Exclude<Producer, 'gateway'>>(producer: P) =>
  defineEvent({
    subject: `permit.${producer}.clock.due-moved.v1`,
    description: `A due date ${producer} keeps moved because a calendar was published: one event per moved date, for the project's timeline.`,
    schema: dueMovedSchema,
  })

export const IntakeDueMovedV1 = dueMoved('intake')
export const ApprovalDueMovedV1 = dueMoved('approval')
export const AcceptanceDueMovedV1 = dueMoved('acceptance')
export const UtilityDueMovedV1 = dueMoved('utility')
export const RegistrationDueMovedV1 = dueMoved('registration')

export const calendarEvents = [
  CalendarPublishedV1,
  IntakeDueMovedV1,
  ApprovalDueMovedV1,
  AcceptanceDueMovedV1,
  UtilityDueMovedV1,
  RegistrationDueMovedV1,
] as const
