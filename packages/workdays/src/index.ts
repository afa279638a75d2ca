/**
 * Legal time for Chinese permitting: the working-day calendar (State Council schedules with 调休 make-up
 * workdays, regional overlays, provisional years) and clocks that count 工作日 (W) or 自然日 (N), stop for
 * 补正 and 特别程序, warn, and explain their due date. No I/O, no clock reads: `today` is always a parameter.
 */
export {
  ancestorsOf,
  type Calendar,
  CalendarDataError,
  type CalendarProblem,
  createCalendar,
  type DayInfo,
  type DayKind,
  describeProblems,
  type HolidayPeriod,
  type MakeUpWorkday,
  type RegionalOverlay,
  type ScheduleSource,
  type Validation,
  validateRegionalOverlay,
  validateYearSchedule,
  type YearSchedule,
} from './calendar.js'
export { type CalendarEntry, calendarEntryKey, calendarOf, validateCalendarEntry } from './calendar-entry.js'
export {
  type AlertKind,
  alertsDue,
  ClockInvalidError,
  type ClockOptions,
  type ClockState,
  evaluateClock,
  evaluateClocks,
  type Level,
  type SuspensionState,
  validateClock,
} from './clock.js'
export type { Clock } from './clock-spec.js'
export { bundledSchedules, defaultCalendar } from './default-calendar.js'
export {
  type DayRange,
  type DayTreatment,
  dueDate,
  type Walk,
  type WalkedDay,
  walk,
} from './due-date.js'
export { type ExplanationEntry, explanationText } from './explain.js'
export {
  addDays,
  countableRange,
  daysBetween,
  isLegalDate,
  isoWeekday,
  isWeekend,
  type LegalDate,
  LegalDateError,
  type LegalDateErrorCode,
  legalDateOf,
  legalDateRange,
  parseLegalDate,
  shanghaiTimeOf,
  yearOf,
} from './legal-date.js'
export { type DayChange, diffDays, type Reprojection, reproject } from './reproject.js'
export { type Suspension, type SuspensionKind, suspensionKinds } from './suspension.js'
