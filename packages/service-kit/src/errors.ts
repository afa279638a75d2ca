import type { DomainDetails, DomainError } from '@onewindow/vocabulary'
import type { FieldError } from './problem.js'

/**
 * Thrown from a route (or hook) to answer `application/problem+json` with this status and code. The error
 * handler passes it through as it is, `detail` and `extra` included, whatever the status: throw one only with
 * text meant for the caller.
 */
export class ProblemError extends Error {
  readonly status: number
  /** Fastify reads `statusCode`; kept equal to `status`. */
  readonly statusCode: number
  readonly code: string
  readonly detail: string
  /** Extension members of the problem; never one of the problem's own (`status`, `code`, …: `PROBLEM_MEMBERS`). */
  readonly extra: DomainDetails | undefined

  constructor(status: number, code: string, detail: string, extra?: DomainDetails) {
    super(detail)
    this.name = 'ProblemError'
    this.status = status
    this.statusCode = status
    this.code = code
    this.detail = detail
    this.extra = extra
  }
}

const exact = new Map<string, number>()
// Suffix rules, written `*_NOT_FOUND` in the table: one line covers every service's "no such thing".
const suffixes = new Map<string, number>([['_NOT_FOUND', 404]])

/** Status for a domain code that no table names. 422: the request was understood and refused. */
export const DEFAULT_DOMAIN_STATUS = 422

/**
 * Adds domain codes to the one code → HTTP status table. A key `*_SUFFIX` matches every code ending so.
 * Registering a code again with another status throws: two services must not disagree on what a code means.
 */
export function registerErrorCodes(table: Record<string, number>): void {
  for (const [code, status] of Object.entries(table)) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`error code ${code}: status ${status} is not a 4xx or 5xx status`)
    }
    const [map, key] = code.startsWith('*') ? [suffixes, code.slice(1)] : [exact, code]
    const known = map.get(key)
    if (known !== undefined && known !== status) {
      throw new Error(`error code ${code} is already registered with status ${known}, not ${status}`)
    }
    map.set(key, status)
  }
}

/**
 * The code of what `@onewindow/messaging`'s outbox throws for an event larger than NATS takes (`EventTooLargeError`):
 * the command's transaction rolled back, nothing written. 422 — the request was understood and cannot be recorded as
 * it stands (the event carries what the aggregate holds, so a request adds to it; 413 would blame the request's own
 * size, which may be small). Any service's, so it is registered here, once.
 */
export const EVENT_TOO_LARGE = 'MESSAGING_EVENT_TOO_LARGE'
registerErrorCodes({ [EVENT_TOO_LARGE]: 422 })

/** The problem for the outbox's refusal of an event larger than NATS takes, or undefined for any other error. */
export function eventTooLargeProblem(err: unknown): ProblemError | undefined {
  const e = err as { code?: unknown; subject?: unknown; bytes?: unknown; limit?: unknown } | null
  if (e?.code !== EVENT_TOO_LARGE || typeof e.bytes !== 'number' || typeof e.limit !== 'number') return undefined
  return new ProblemError(
    422,
    EVENT_TOO_LARGE,
    `What this request would record makes an event of ${e.bytes} bytes (${String(e.subject)}); the platform's ` +
      `messages take at most ${e.limit}. Nothing was recorded.`,
    { event: String(e.subject), bytes: e.bytes, limit: e.limit },
  )
}

/** The status a domain code answers with: the table, then the suffix rules, else 422. */
export function statusForCode(code: string): number {
  const found = exact.get(code)
  if (found !== undefined) return found
  let best: { suffix: string; status: number } | undefined
  for (const [suffix, status] of suffixes) {
    if (code.endsWith(suffix) && (!best || suffix.length > best.suffix.length)) best = { suffix, status }
  }
  return best?.status ?? DEFAULT_DOMAIN_STATUS
}

/** Every registered code and suffix rule with its status, sorted, e.g. to generate `docs/errors.md`. */
export function listErrorCodes(): Array<{ code: string; status: number }> {
  return [
    ...[...exact].map(([code, status]) => ({ code, status })),
    ...[...suffixes].map(([suffix, status]) => ({ code: `*${suffix}`, status })),
  ].sort((a, b) => a.code.localeCompare(b.code))
}

/** The problem a route throws for a domain rejection: status from the table, `details` as extra members. */
export function problemFromDomainError(err: DomainError): ProblemError {
  return new ProblemError(statusForCode(err.code), err.code, err.message, err.details)
}

/**
 * The 400 `VALIDATION_FAILED` a schema failure answers, for a check the schema cannot make (a cursor the route must
 * have written, the input limits): the same `errors` and the same detail, so a client reads one shape whatever refused it.
 */
export function validationFailed(part: string | undefined, errors: readonly FieldError[]): ProblemError {
  const what = part ? `request ${part}` : 'request'
  return new ProblemError(
    400,
    'VALIDATION_FAILED',
    `The ${what} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
    {
      errors: [...errors],
    },
  )
}
