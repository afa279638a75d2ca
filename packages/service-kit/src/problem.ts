import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { Instant, LegalDate } from '@onewindow/contracts'
import { type DomainDetails, PROBLEM_MEMBERS } from '@onewindow/vocabulary'
import { trace } from '@opentelemetry/api'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { eventTooLargeProblem, ProblemError } from './errors.js'
import { type UnreadableRow, unreadableLog } from './unreadable.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** One invalid field: a JSON pointer into the request (`/body/items/0/department`) and what is wrong with it. */
export const FieldError = Type.Object({ field: Type.String(), message: Type.String() })
export type FieldError = Static<typeof FieldError>

/**
 * RFC 9457 problem details as every service answers them, for routes' `response` schemas and OpenAPI.
 * Extension members beyond these may appear (a domain error's `details`, `checks` on `/readyz`).
 */
export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'urn:onewindow:problem:<code>' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: 'stable SCREAMING_SNAKE code; branch on this' }),
  instance: Type.Optional(Type.String()),
  trace_id: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldError)),
})
export type Problem = Static<typeof ProblemSchema> & Record<string, unknown>

/**
 * The problem's own members (`PROBLEM_MEMBERS`: `status`, `code`, …) that `extra` names. Always a programming error:
 * the type of `extra` and of a domain error's `details` refuses them, so only a cast or data of no static type gets
 * one here — a case's `status` that would have been lost under the HTTP status.
 */
export function clashingMembers(extra: Readonly<Record<string, unknown>> | undefined): string[] {
  return extra === undefined ? [] : PROBLEM_MEMBERS.filter((member) => Object.hasOwn(extra, member))
}

/**
 * Builds a problem body. Its own members (`PROBLEM_MEMBERS`) are its own: an extension member of one of those names
 * (see `clashingMembers`; the error handler logs it) is dropped, never written over them nor answered as `instance`.
 */
export function problem(status: number, code: string, detail: string, extra?: DomainDetails): Problem {
  const clashing = clashingMembers(extra)
  const extension =
    clashing.length === 0 || extra === undefined
      ? extra
      : Object.fromEntries(Object.entries(extra).filter(([name]) => !clashing.includes(name)))
  return {
    ...extension,
    type: `urn:onewindow:problem:${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
  }
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

/** A validation error from TypeBox (or Ajv), reduced to what both report. */
type ValidationIssue = {
  instancePath: string
  keyword: string
  schemaPath?: string
  message?: string
  params?: unknown
}

/**
 * Every invalid field of one request part, as pointers under the part (`/body/…`, `/querystring/…`). Unknown
 * fields and missing fields are named one by one rather than as "must not have additional properties" on the
 * parent, so a client sees `/body/colour: is not allowed` for its typo.
 */
export function fieldErrors(part: string, issues: readonly ValidationIssue[]): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  const add = (pointer: string, message: string) => {
    const field = `/${part}${pointer}`
    if (seen.has(`${field}\0${message}`)) return
    seen.add(`${field}\0${message}`)
    out.push({ field, message })
  }
  for (const issue of issues) {
    const params = (issue.params ?? {}) as {
      additionalProperties?: string[]
      additionalProperty?: string
      requiredProperties?: string[]
      missingProperty?: string
    }
    if (issue.keyword === 'additionalProperties') {
      const names = params.additionalProperties ?? (params.additionalProperty ? [params.additionalProperty] : [])
      for (const name of names) add(`${issue.instancePath}/${escapePointer(name)}`, 'is not allowed (unknown field)')
    } else if (issue.keyword === 'required') {
      const names = params.requiredProperties ?? (params.missingProperty ? [params.missingProperty] : [])
      for (const name of names) add(`${issue.instancePath}/${escapePointer(name)}`, 'is required')
    } else if (issue.keyword === 'boolean' && issue.schemaPath?.endsWith('/additionalProperties')) {
      // TypeBox reports each unknown field twice (`schema is false` here, `additionalProperties` on the parent).
    } else {
      add(issue.instancePath, plainMessage(issue))
    }
  }
  return out
}

/**
 * A date refused by the calendar format or by the year range of `LegalDate`/`Instant` says so in words, not as the
 * pattern it failed (`must match pattern "^20\\d{2}-…"` tells a clerk nothing).
 */
const patternOf = (schema: object) => (schema as { pattern?: string }).pattern

function plainMessage(issue: ValidationIssue): string {
  const params = (issue.params ?? {}) as { format?: string; pattern?: string }
  if (issue.keyword === 'format' && params.format === 'date') return 'is not a real calendar day (YYYY-MM-DD)'
  if (issue.keyword === 'format' && params.format === 'date-time') return 'is not a real UTC instant (ISO-8601 with Z)'
  if (issue.keyword === 'pattern' && params.pattern === patternOf(LegalDate))
    return 'must be within 2000-01-01 and 2099-12-31, written YYYY-MM-DD'
  if (issue.keyword === 'pattern' && params.pattern === patternOf(Instant))
    return 'must be a UTC instant within 2000 and 2099, ISO-8601 with Z'
  return issue.message ?? issue.keyword
}

const escapePointer = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1')

const activeTraceId = (): string | undefined => {
  const ctx = trace.getActiveSpan()?.spanContext()
  return ctx && ctx.traceId !== '00000000000000000000000000000000' ? ctx.traceId : undefined
}

/** What a 503 for a dependency that is down tells the client to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = 2

/** Names the dependency an error shows to be down (`'database'`, `'nats'`), or undefined for any other error. */
export type UnavailableClassifier = (err: unknown) => string | undefined

/**
 * The service's own answer to an error that shows a stored row it needs to be damaged (a date PostgreSQL keeps as
 * 'infinity', a JSON column that no longer reads): a 500 with a code naming the row, and the row as the log names
 * it — or undefined for any other error. One per service, so no route can forget it.
 */
export type DamageClassifier = (err: unknown) => { problem: ProblemError; row: UnreadableRow } | undefined

/** The stable code of what `@onewindow/db` throws for a stored row that does not read (`UnreadableStoredRow`). */
export const STORED_ROW_UNREADABLE = 'STORED_ROW_UNREADABLE'

/** Whether `err` is a stored row that did not read, by its stable code and the members that name the row. */
export function isUnreadableRow(err: unknown): err is Error & UnreadableRow {
  if (!(err instanceof Error)) return false
  const e = err as Error & Partial<Record<'code' | 'kind' | 'id' | 'reason', unknown>>
  return (
    e.code === STORED_ROW_UNREADABLE &&
    typeof e.kind === 'string' &&
    typeof e.id === 'string' &&
    typeof e.reason === 'string'
  )
}

/**
 * A service's one answer to a stored row of its own that does not read, whatever the route: 500 `code` naming the
 * row's kind (`row`: `task`, `acceptance case`, …) and id (`rowId`); why it did not read goes to the log only.
 */
export function storedRowUnreadable(code: string): DamageClassifier {
  return (err) =>
    isUnreadableRow(err)
      ? {
          problem: new ProblemError(500, code, `The stored ${err.kind} ${err.id} cannot be read.`, {
            row: err.kind,
            rowId: err.id,
          }),
          row: { kind: err.kind, id: err.id, reason: err.reason },
        }
      : undefined
}

/**
 * The one error handler and the 404 handler of a service. Everything leaves as `application/problem+json`:
 * - `ProblemError` passes through (status, code, detail, extra);
 * - request validation → 400 `VALIDATION_FAILED` listing every invalid field in `errors`;
 * - other 4xx from Fastify (bad JSON, wrong media type, body too large) keep their status and `FST_*` code;
 * - an error `damaged` names a damaged stored row for → its problem (a 500 with the service's code, naming the row);
 * - the outbox's refusal of an event larger than NATS takes → 422 `MESSAGING_EVENT_TOO_LARGE` (`eventTooLargeProblem`);
 * - an error `unavailable` names a dependency for (the database or NATS down) → 503 `DEPENDENCY_UNAVAILABLE` with
 *   `retry-after`: the client may try again, and can tell this from a bug;
 * - anything else is logged with its stack and answered 500 `INTERNAL_ERROR` with the detail hidden and the
 *   trace id given, so the caller can quote it and an operator can find the log line.
 */
export function installProblemHandlers(
  app: FastifyInstance,
  unavailable?: UnavailableClassifier,
  damaged?: DamageClassifier,
): void {
  // A damaged row is logged once, however often it is asked for, as the lists log the rows they leave out.
  const logDamaged = unreadableLog()
  app.setErrorHandler((thrown: FastifyError | ProblemError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const named = thrown instanceof ProblemError ? undefined : damaged?.(thrown)
    if (named) logDamaged(request.log, [named.row])
    // The outbox refused an event NATS would not take: the transaction rolled back; logged, as it means an aggregate
    // grew past what its events can carry (docs/operations.md#an-event-too-large-for-nats).
    const tooLarge = named ? undefined : eventTooLargeProblem(thrown)
    if (tooLarge) request.log.warn({ err: thrown }, 'request refused: its event is larger than NATS takes')
    const error = named?.problem ?? tooLarge ?? thrown
    if (error instanceof ProblemError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed')
      const clashing = clashingMembers(error.extra)
      if (clashing.length > 0) {
        // Answered all the same, with the problem's own members: the refusal stays the refusal it is (its status,
        // its code), and what is lost is one member a client could not have read anyway. Fix the name at its source.
        request.log.error(
          { code: error.code, members: clashing },
          "problem extension members named as the problem's own were dropped (a programming error: rename them)",
        )
      }
      return sendProblem(reply, problem(error.status, error.code, error.detail, error.extra))
    }
    const fastifyError = error as FastifyError
    if (fastifyError.validation) {
      const part = fastifyError.validationContext ?? 'body'
      const errors = fieldErrors(part, fastifyError.validation as unknown as ValidationIssue[])
      const detail = `The request ${part} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`
      request.log.info({ errors }, 'request rejected by validation')
      return sendProblem(reply, problem(400, 'VALIDATION_FAILED', detail, { errors }))
    }
    const status = fastifyError.statusCode
    if (status !== undefined && status >= 400 && status < 500) {
      request.log.info({ err: error }, 'request rejected')
      return sendProblem(reply, problem(status, fastifyError.code ?? `HTTP_${status}`, error.message))
    }
    const traceId = activeTraceId()
    const dependency = unavailable?.(error)
    if (dependency !== undefined) {
      request.log.warn({ err: error, dependency }, `request failed: the ${dependency} is unavailable`)
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      return sendProblem(
        reply,
        problem(503, 'DEPENDENCY_UNAVAILABLE', `The ${dependency} is unavailable; retry shortly.`, {
          dependency,
          ...(traceId ? { trace_id: traceId } : {}),
        }),
      )
    }
    request.log.error({ err: error }, 'request failed')
    return sendProblem(
      reply,
      problem(500, 'INTERNAL_ERROR', 'An internal error occurred.', traceId ? { trace_id: traceId } : undefined),
    )
  })

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  )
}

/**
 * The answers Fastify and Node give before a request reaches a route (`frameworkErrors`: a malformed URL, a
 * parameter longer than `maxParamLength` → 414; `clientErrorHandler`: headers over Node's limit → 431, a timeout
 * → 408, anything the HTTP parser refuses → 400), as problem+json like every other refusal. Passed to `Fastify()`.
 */
export const serverProblemOptions = {
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400
    request.log.info({ err: error }, 'request rejected')
    return sendProblem(reply, problem(status, error.code ?? `HTTP_${status}`, error.message))
  },
  clientErrorHandler(
    this: { log: { info(obj: object, msg: string): void } },
    err: NodeJS.ErrnoException,
    socket: Socket,
  ) {
    // A reset connection has nobody left to answer (Node's own handler does the same).
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const [status, code, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers exceed the size this server accepts.']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time.']
          : [400, 'BAD_REQUEST', 'The request is not valid HTTP.']
    this.log.info({ err: { code: err.code, message: err.message } }, 'client error')
    if (socket.writable) {
      const body = JSON.stringify(problem(status, code, detail))
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    socket.destroy(err)
  },
}
