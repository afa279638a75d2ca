import type { FieldError } from '@onewindow/service-kit'
import type { DomainError } from '@onewindow/vocabulary'
import { type Calendar, type Clock, evaluateClock } from '@onewindow/workdays'
import type { ClockPreviewBody } from '../http/schemas.js'

export type Preview = {
  due: string
  provisional: boolean
  explanation: string
  entries: Array<{ kind: string; text: string }>
}

/**
 * The due date a limit would have from a start day, with the given pauses. The schema has checked every date (a
 * real day, in range); what is left is what one field cannot say — a pause ending before it starts — named by field.
 */
export function previewClock(calendar: Calendar, body: ClockPreviewBody): Preview | DomainError {
  const errors: FieldError[] = []
  ;(body.suspensions ?? []).forEach((s, i) => {
    const at = `/body/suspensions/${i}`
    if (s.to !== undefined && s.to < s.from)
      errors.push({ field: `${at}/to`, message: `ends before it starts (${s.from})` })
  })
  if (errors.length > 0) return invalid(errors)
  const clock: Clock = {
    start: body.start,
    limit: body.limit,
    suspensions: body.suspensions ?? [],
    ...(body.region === undefined ? {} : { region: body.region }),
  }
  let state: ReturnType<typeof evaluateClock>
  try {
    state = evaluateClock(calendar, clock, body.start)
  } catch (err) {
    // The schema keeps the start within 2000–2099 and the limit within what the calendar counts (through 2199);
    // what can still run past it is decades of pauses. That is the caller's input, not our fault.
    if (!(err instanceof RangeError)) throw err
    const field = (body.suspensions ?? []).length > 0 ? '/body/suspensions' : '/body/limit/value'
    return invalid([{ field, message: `leaves no due date the calendar can count (${err.message})` }])
  }
  return {
    due: state.due,
    provisional: state.provisional,
    explanation: state.text,
    entries: state.explanation,
  }
}

const invalid = (errors: FieldError[]): DomainError => ({
  code: 'GATEWAY_CLOCK_INVALID',
  message: `The clock is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
  details: { errors },
})

export const isDomainError = (x: object): x is DomainError => 'code' in x && 'message' in x
