/**
 * The words every domain shares, defined once: the result of a decision, a domain error, a time limit, the source of
 * "now" and which matters are filings. No runtime dependencies and no I/O, so `domain/` folders may import it.
 */

export {
  type CommitmentMeasure,
  type CommitmentState,
  type CommitmentVerification,
  type FieldError,
  type IsWorkingDay,
  isVerificationOverdue,
  type VerificationInput,
  type VerificationOutcome,
  verificationErrors,
  verify as verifyCommitment,
} from './commitment.js'
export { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from './credit-code.js'
export { type DomainDetails, type DomainError, PROBLEM_MEMBERS, type ProblemMember } from './domain-error.js'
export { isFiling } from './filing.js'
export { type LandList, type ListedRequest, refuseOutsideLandList } from './land-list.js'
export type { Limit, Unit } from './limit.js'
export { type ResidentIdProblem, residentIdCheckCharacter, residentIdProblem } from './resident-id.js'
export { ok, type Refusal, type Result, refuse } from './result.js'
export { SUMMARY_NOTE_MAX, summaryNote } from './summary-note.js'
export { isRealInstant, type TimeSource } from './time-source.js'
