import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { type Caller, callerParams } from '../db/scope.js'
import type { Visibility } from '../domain/visibility.js'
import type { ProjectStatus } from './schemas.js'
import type { KeptBytes } from './status-answer.js'

// Answers the gateway built, kept in its memory while they still hold: each is kept with the version of what it was
// built from (the `answer_version` row of its scope, moved by triggers in the transaction that changes the rows:
// migration 20261130060000_answer_version), and is used again only when the read it costs anyway — one round trip,
// through db/queries.ts's one way to the hot reads — finds the version unchanged, or with no read at all while
// PostgreSQL has told this process of no change since that read (db/answer-changes.ts). Authorisation runs on every
// request, against who could read the rows at that version. Nothing is kept past its version, so a kept answer is
// never staler than a built one; the bounds only cap the memory.

/** A status as one view of it shows it, with what authorising a caller against it needs, at one version. */
export type KeptStatus = {
  version: string
  /** What authorising a caller needs: the project's owner and the departments with a task on it, at that version. */
  readableBy: { ownerCreditCode: string; departments: string[] }
  /** The applications the status shows: a promise of one of them is no longer pending. */
  applicationIds: ReadonlySet<string>
  /** The rows it shows ({@link rowsOf}): what its memory grows with. */
  rows: number
  /** Its bytes, without the instant and with nothing pending: each answer adds its own (http/status-answer.ts). */
  bytes: KeptBytes
  /**
   * How the last answer of it ended (what was pending, the ratings), the mark (db/answer-changes.ts) taken before the
   * statement that read them, and the callers (`set_caller`'s arguments) whose scope such a statement confirmed: sent
   * again to them with no statement while its project is heard unchanged since.
   */
  sent?: { mark: number; end: string; readers: ReadonlySet<string> }
}

/**
 * An inbox page as it was sent, with its entity tag (a hash of the bytes), at one version of its department. Kept as
 * UTF-8 bytes, not text: a page sent again is then written as it is, where text was encoded again on every send (a
 * third of the gateway's CPU per page in `pnpm bench:status`, docs/performance.md).
 */
export type KeptPage = {
  version: string
  body: Buffer
  etag: string
  /** The mark (db/answer-changes.ts) taken before the version read that last confirmed it; none while not listening. */
  mark?: number | undefined
}

/**
 * Text as UTF-8 in a buffer of exactly its length, to keep: `Buffer.from` of a 20 KB string with Chinese in it handed
 * back a view of a backing store about three times as large (100,000 kept statuses held 6.3 GB instead of 2, and the
 * inbox pages' byte bound counted a third of what they held: docs/performance.md).
 */
export function utf8Of(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'))
  bytes.write(text, 'utf8')
  return bytes
}

/** A page to keep, from the text the route's serialiser wrote. */
export const keptPage = (version: string, text: string): KeptPage => {
  const body = utf8Of(text)
  return { version, body, etag: entityTag(body) }
}

/**
 * How many answers a gateway keeps: statuses by count and by the rows they show (a status's memory grows with its
 * rows: about 30 KB for the bench's 25 rows, and a project with a long timeline would otherwise weigh hundreds of
 * times more in the same count), inbox pages by their bytes (a page of 50 tasks is about 35 KB).
 */
export type KeptAnswerLimits = { statuses: number; statusRows?: number; inboxBytes: number }
export const KEPT_ANSWER_LIMITS: KeptAnswerLimits = {
  statuses: 2_000,
  statusRows: 80_000,
  inboxBytes: 32 * 2 ** 20,
}

/** The rows a status shows: what its memory grows with. */
export const rowsOf = (s: ProjectStatus) =>
  1 +
  s.flow.length +
  s.applications.length +
  s.tasks.length +
  s.alerts.length +
  s.timeline.length +
  s.acceptance.length +
  s.utilities.length +
  s.registration.length +
  s.certificates.length +
  (s.shared.area ? 1 : 0) +
  (s.shared.plot ? 1 : 0) +
  (s.shared.assistedCase ? 1 : 0) +
  s.shared.intermediaries.length

export function keptAnswers(limits: KeptAnswerLimits = KEPT_ANSWER_LIMITS) {
  const status = new LRUCache<string, KeptStatus>({
    max: limits.statuses,
    maxSize: limits.statusRows ?? limits.statuses * 40,
    sizeCalculation: (kept) => Math.max(1, kept.rows),
  })
  // Statuses asked for once and never again (a supervisor browsing, the benchmark's random projects) would each
  // outlive a few collections only to be evicted, work for the old generation's collector and nothing gained: a
  // status is kept the second time its key is built while the key is still remembered, and only its key (a short
  // string) the first time.
  const seen = new LRUCache<string, true>({ max: limits.statuses * 10 })
  return {
    status,
    /**
     * Keeps a status built from the read model, from the second time its key is built; says whether it kept it (the
     * route then keeps the whole view in the read model too).
     */
    keepStatus(key: string, answer: KeptStatus): boolean {
      if (seen.has(key)) {
        status.set(key, answer)
        return true
      }
      seen.set(key, true)
      return false
    },
    inbox: new LRUCache<string, KeptPage>({
      maxSize: limits.inboxBytes,
      sizeCalculation: (page) => Math.max(1, page.body.byteLength),
    }),
  }
}
export type KeptAnswers = ReturnType<typeof keptAnswers>

/**
 * A status differs by project, by the caller's view of it (everything, or one department's part) and by the legal
 * day its clocks are read on; nothing else of the caller changes it (an owner sees the whole of its own project).
 */
export const statusKey = (projectId: string, view: Visibility, today: string) =>
  `${projectId}\0${view.kind === 'department' ? `department:${view.department}` : view.kind}\0${today}`

/** Who a kept status was confirmed for: what row-level security decides by (`set_caller`'s arguments). */
export const readerKey = (caller: Caller) => callerParams(caller).join('\u0000')

/** An inbox page differs by department and by every filter of its query; the reviewer does not change it. */
export const inboxKey = (
  department: string,
  query: { state?: string; due_before?: string; limit?: number; cursor?: string },
) =>
  JSON.stringify([department, query.state ?? null, query.due_before ?? null, query.limit ?? null, query.cursor ?? null])

/** A strong entity tag of the bytes sent (text is hashed as its UTF-8): equal tags, equal bytes. */
export const entityTag = (body: string | Buffer) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`

/** Whether `If-None-Match` names the tag (a list, or `*`); weak comparison, as RFC 9110 asks for a GET. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}

/** The bytes of an answer as the route's own serialiser writes them (fastify's `reply.serialize`), to keep. */
export function serialised(reply: FastifyReply, answer: unknown): string {
  const body = reply.serialize(answer)
  if (typeof body !== 'string') throw new Error('a JSON serialiser gave something other than text')
  return body
}

/** A kept page: its tag, and 304 without a body when the caller already has those bytes. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: KeptPage): FastifyReply {
  reply.header('etag', page.etag)
  if (matches(request.headers['if-none-match'], page.etag)) return reply.code(304).send()
  return reply.type('application/json; charset=utf-8').send(page.body)
}
