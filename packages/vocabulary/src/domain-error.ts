/**
 * A domain rejection is a value, not an exception: `decide` refuses with `{ code, message, details }` and the
 * route turns it into a problem (service-kit's `problemFromDomainError`). `code` is stable SCREAMING_SNAKE,
 * `<SERVICE>_<REASON>` (e.g. `APPROVAL_TASK_ALREADY_DECIDED`); clients branch on it, never on `message`.
 */
export type DomainError = { code: string; message: string; details?: Record<string, unknown> }
