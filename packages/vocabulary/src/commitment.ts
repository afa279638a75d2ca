/**
 * 告知承诺 — the later verification (事后核查) of something approved on the owner's written commitment, as joint
 * acceptance and the approval stage both run it: the department records kept, or breached with its findings and
 * measures (seeds 004:1860): rectify by a day, revoke, or bar the owner from choosing 告知承诺 until a day. Once per
 * commitment; a late verification is still recorded. Left unverified past `verifyBy`, it is reported overdue once.
 * Pure; each service wraps the answers in its own error codes.
 */
import { summaryNote } from './summary-note.js'

export type CommitmentMeasure = 'rectify' | 'revoke' | 'bar-commitment'

export type CommitmentVerification = {
  result: 'kept' | 'breached'
  on: string
  department: string
  by: string
  findings?: string[]
  measures?: CommitmentMeasure[]
  rectifyBy?: string
  barredUntil?: string
}

/** What a department says about a commitment (the body of a verification). */
export type VerificationInput = {
  result: 'kept' | 'breached'
  findings?: readonly string[] | undefined
  measures?: readonly CommitmentMeasure[] | undefined
  rectifyBy?: string | undefined
  barredUntil?: string | undefined
}

/** A commitment as the verification rules need it. */
export type CommitmentState = {
  verifyBy?: string | undefined
  verification?: CommitmentVerification | undefined
  verificationOverdueOn?: string | undefined
}

export type FieldError = { field: string; message: string }

export type VerificationOutcome =
  | { ok: true; verification: CommitmentVerification; note?: string }
  | { ok: false; reason: 'verified'; on: string }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }

/**
 * Whether a day is worked where the commitment's permit runs (its region's calendar, packages/workdays); the caller
 * passes it, so this package stays free of calendars.
 */
export type IsWorkingDay = (day: string) => boolean

/**
 * Every field of a verification that does not fit its result and measures, each named once. The one rule for
 * `rectifyBy`, whether a 告知承诺 breach or a 容缺 finding: a working day after today where the permit runs, since a
 * rectification due today or on a holiday leaves the owner no working day to make it.
 */
export function verificationErrors(body: VerificationInput, today: string, isWorkingDay: IsWorkingDay): FieldError[] {
  const errors: FieldError[] = []
  const measures = body.measures ?? []
  if (body.result === 'kept') {
    for (const f of ['findings', 'measures', 'rectifyBy', 'barredUntil'] as const) {
      if (body[f] !== undefined) errors.push({ field: `/body/${f}`, message: 'is only for a breached commitment' })
    }
    return errors
  }
  if (!body.findings) errors.push({ field: '/body/findings', message: 'is required when the commitment was breached' })
  if (measures.length === 0) {
    errors.push({ field: '/body/measures', message: 'is required when the commitment was breached' })
  }
  const dated = [
    ['rectifyBy', 'rectify'],
    ['barredUntil', 'bar-commitment'],
  ] as const
  for (const [field, measure] of dated) {
    const day = body[field]
    if (measures.includes(measure) && day === undefined) {
      errors.push({ field: `/body/${field}`, message: `is required with the ${measure} measure` })
    } else if (!measures.includes(measure) && day !== undefined) {
      errors.push({ field: `/body/${field}`, message: `is only for the ${measure} measure` })
    } else if (field === 'rectifyBy' && day !== undefined && (day <= today || !isWorkingDay(day))) {
      errors.push({ field: `/body/${field}`, message: `is not a working day after today (${today})` })
    } else if (day !== undefined && day < today) {
      errors.push({ field: `/body/${field}`, message: `is before today (${today})` })
    }
  }
  return errors
}

/**
 * The verification a department records on `today`, or why not: already verified, or fields that do not fit. Who
 * may verify is the caller's rule (the item's department). `note` summarises a breach for the event.
 */
export function verify(
  commitment: CommitmentState,
  item: string,
  who: { department: string; by: string },
  body: VerificationInput,
  today: string,
  isWorkingDay: IsWorkingDay,
): VerificationOutcome {
  if (commitment.verification) return { ok: false, reason: 'verified', on: commitment.verification.on }
  const errors = verificationErrors(body, today, isWorkingDay)
  if (errors.length > 0) return { ok: false, reason: 'invalid', errors }
  const verification: CommitmentVerification = {
    result: body.result,
    on: today,
    department: who.department,
    by: who.by,
    ...(body.findings ? { findings: [...body.findings] } : {}),
    ...(body.measures ? { measures: [...body.measures] } : {}),
    ...(body.rectifyBy ? { rectifyBy: body.rectifyBy } : {}),
    ...(body.barredUntil ? { barredUntil: body.barredUntil } : {}),
  }
  return body.result === 'kept'
    ? { ok: true, verification }
    : {
        ok: true,
        verification,
        note: summaryNote(`${item}: ${(body.findings ?? []).join('; ')} (${(body.measures ?? []).join(', ')})`),
      }
}

/** Unverified, not yet reported, and its verify-by day is behind `today`: to be reported overdue now, once. */
export const isVerificationOverdue = (c: CommitmentState, today: string): boolean =>
  c.verification === undefined &&
  c.verificationOverdueOn === undefined &&
  c.verifyBy !== undefined &&
  c.verifyBy < today
