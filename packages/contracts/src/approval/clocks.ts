import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockLimit, ClockSpec } from '../intake/shared.js'
import { DaysCounted, Instant, LegalDate, Uuid } from '../primitives.js'
import { StepClocks } from './task.js'

/**
 * Why a step's or the whole flow's clock changed: it opened (an application accepted), a 补正 notice stopped or
 * restarted it, the law's extension was granted, or the step was decided (the view is then read on the decision day).
 */
export const ClockChangeReason = Type.Union([
  Type.Literal('opened'),
  Type.Literal('paused'),
  Type.Literal('resumed'),
  Type.Literal('extended'),
  Type.Literal('decided'),
])

export const StepClocksChangedV1 = defineEvent({
  subject: 'permit.approval.step.clocks-changed.v1',
  description:
    "A step's own clocks as they now stand (statutory: 行政许可法第四十二条、第二十六条, 45 W + 15 W; committed: the catalogue's step limit), published on every change so the status shows them as clock views.",
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: Type.Optional(Type.String({ maxLength: 100 })),
    clocks: StepClocks,
    /** The earliest due date of the step's clocks, as approval stores it. */
    dueOn: Type.Optional(LegalDate),
    /** The day the step was decided: its clocks are read on that day from then on. */
    decidedOn: Type.Optional(LegalDate),
    reason: ClockChangeReason,
    changedAt: Instant,
  }),
})
export type StepClocksChangedV1 = EventBody<typeof StepClocksChangedV1>

/**
 * One step the whole-flow cap clock counts (全流程行政审批时间): an approval step from its application's acceptance to
 * its decision, a joint-acceptance case from its opening to its decision, a first-registration case from its opening to
 * its completion. `id` is the application's or the case's.
 */
export const FlowClockSpan = Type.Object({
  kind: Type.Union([Type.Literal('application'), Type.Literal('acceptance'), Type.Literal('registration')]),
  id: Uuid,
  step: Type.Optional(Type.String({ maxLength: 100 })),
  from: LegalDate,
  to: Type.Optional(LegalDate),
})

/**
 * The project type's whole-flow cap as a running clock (e.g. Foshan's 12 W, seeds/004_33317a5f04b53a73.txt:2125):
 * the cap pinned from the catalogue, the steps it counted so far and the clock they make.
 */
export const FlowClockState = Type.Object({
  projectId: Uuid,
  cap: Type.Object({ ...ClockLimit.properties, source: Type.Optional(Type.String({ maxLength: 200 })) }),
  steps: Type.Array(FlowClockSpan, { maxItems: 100 }),
  clock: ClockSpec,
  dueOn: LegalDate,
})

export const FlowClockChangedV1 = defineEvent({
  subject: 'permit.approval.flow.clock-changed.v1',
  description:
    "The project's whole-flow cap clock as it now stands: it runs while a step is being approved and stops between steps and during 补正 (the cap counts 全流程行政审批时间, the government's approval time).",
  schema: Type.Object({
    ...FlowClockState.properties,
    reason: ClockChangeReason,
    changedAt: Instant,
  }),
})
export type FlowClockChangedV1 = EventBody<typeof FlowClockChangedV1>

export const FlowClockAlertSchema = Type.Object({
  projectId: Uuid,
  dueOn: LegalDate,
  detectedOn: LegalDate,
  detectedAt: Instant,
  /** Net days counted, gross days on the calendar since the first step's start (pauses included), and the cap. */
  used: DaysCounted,
  gross: DaysCounted,
  limit: DaysCounted,
})

export const FlowClockWarnedV1 = defineEvent({
  subject: 'permit.approval.flow.clock-warned.v1',
  description: "Yellow — the whole-flow cap clock used its warning share (80%) of the project type's cap. Once.",
  schema: FlowClockAlertSchema,
})
export const FlowClockOverdueV1 = defineEvent({
  subject: 'permit.approval.flow.clock-overdue.v1',
  description: 'Red — the whole-flow cap clock passed its due date. Once.',
  schema: FlowClockAlertSchema,
})
export type FlowClockAlertV1 = EventBody<typeof FlowClockWarnedV1>

export const approvalClockEvents = [
  StepClocksChangedV1,
  FlowClockChangedV1,
  FlowClockWarnedV1,
  FlowClockOverdueV1,
] as const
