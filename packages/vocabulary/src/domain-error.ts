/**
 * The members of the problem (`application/problem+json`) a refusal is answered as that the problem owns: RFC 9457's
 * `type`, `title`, `status`, `detail` and `instance`, and the platform's `code`. A domain error's `details` become the
 * problem's extension members, next to these, so a detail by one of these names would be lost (the HTTP status
 * overwrites a case's `status`): name it for what it is (`caseStatus`, `ticketStatus`, …). `errors` is not among
 * them: a refusal may name its bad fields there, in the shape a validation failure has.
 */
export const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code'] as const
export type ProblemMember = (typeof PROBLEM_MEMBERS)[number]

/**
 * What a refusal says besides its code and message: any members but the problem's own ({@link PROBLEM_MEMBERS}), which
 * the type refuses (`{ status: 'DECIDED' }` does not compile).
 */
export type DomainDetails = Record<string, unknown> & { readonly [K in ProblemMember]?: never }

/**
 * A domain rejection is a value, not an exception: `decide` refuses with `{ code, message, details }` and the
 * route turns it into a problem (service-kit's `problemFromDomainError`). `code` is stable SCREAMING_SNAKE,
 * `<SERVICE>_<REASON>` (e.g. `APPROVAL_TASK_ALREADY_DECIDED`); clients branch on it, never on `message`.
 */
export type DomainError = { code: string; message: string; details?: DomainDetails }
