import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Actor } from '@onewindow/contracts'
import { type Calendar, legalDateOf } from '@onewindow/workdays'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { GatewayCommands } from '../commands.js'
import type { GatewayDeps } from '../deps.js'
import { type DurationHistory, FORECAST_SETTINGS, historyItems } from '../domain/forecast.js'
import { type Evaluation, projectStatus, type StatusRows } from '../domain/status.js'
import { type StatusRating, withRatings } from '../domain/status-ratings.js'
import { visibleStatus } from '../domain/visibility.js'
import { type KeptStatus, rowsOf, utf8Of } from './kept-answers.js'
import { Pending, ProjectStatusAnswer, Unreadable } from './schemas.js'
import { checkedViewSerializer } from './serializer.js'

// A status as the bytes the gateway sends, built once and sent again while it holds — from the gateway's memory
// (http/kept-answers.ts) or from the read model (`status_answer`, migration 20261202130000_status_answer). Nothing
// here knows the status's fields: the whole answer is serialised by the route's own serialiser, with a marker where
// the instant goes and `pending` empty, so a field added to the status is kept and sent like every other.

/** The answer's JSON with the instant left out (it goes at `instantAt`) and `pending` empty (`],"pending":[]}`). */
export type StatusBytes = { body: string; instantAt: number }

/**
 * The same answer as a gateway keeps it in memory: UTF-8 in one buffer of its own (a status is larger than Node's
 * pooled allocations), `instantAt` a byte offset, so sending it again encodes nothing but the instant and the end (a V8
 * string of a status with Chinese in it takes two bytes a character, and encoding 20 KB was a tenth of the gateway's
 * CPU per status: docs/performance.md). It ends with its `unreadable` list's close and the empty pending list.
 */
export type KeptBytes = { utf8: Buffer; instantAt: number }

export function keptBytes({ body, instantAt }: StatusBytes): KeptBytes {
  return { utf8: utf8Of(body), instantAt: Buffer.byteLength(body.slice(0, instantAt), 'utf8') }
}

const serialiseAnswer = checkedViewSerializer({ schema: ProjectStatusAnswer }) as (answer: unknown) => string
const serialisePending = checkedViewSerializer({ schema: Type.Array(Pending) }) as (pending: unknown) => string
const serialiseUnreadable = checkedViewSerializer({ schema: Type.Array(Unreadable) }) as (rows: unknown) => string
/** How every answer's bytes end: `unreadable`, the last field before `pending`, closed; then `pending`, empty. */
const TAIL = '],"pending":[]}'
const OPEN = '['.charCodeAt(0)

/**
 * The bytes of a status without its instant and pending. The instant's place is found by a marker no stored text can
 * contain (a fresh random id, once in the bytes); the answer's last fields must be `unreadable` and `pending`
 * (schemas.ts `ProjectStatusAnswer`), which a check here holds rather than trusting.
 */
export function statusBytes(status: Omit<ProjectStatusAnswer, 'pending'>): StatusBytes {
  const marker = randomUUID()
  const text = serialiseAnswer({ ...status, asOf: { ...status.asOf, instant: marker }, pending: [] })
  const at = text.indexOf(marker)
  if (at < 0 || text.indexOf(marker, at + 1) >= 0 || !text.endsWith(TAIL)) {
    throw new Error('a status answer must show its instant once and end with its unreadable and pending lists')
  }
  return { body: text.slice(0, at) + text.slice(at + marker.length), instantAt: at }
}

/**
 * What ends an answer after its kept bytes (in place of their {@link TAIL}), from what is read beside the answer and
 * never built into it: the rows of it that could not be shown, added to the answer's own `unreadable` list so the
 * answer names them as it names its other rows; what is still pending; the project's 好差评 ratings. Text: a few
 * bytes kept as a Buffer would hold a whole slab of Node's buffer pool.
 */
export function answerEnd(
  { utf8 }: KeptBytes,
  end: { unreadable: readonly Unreadable[]; pending: readonly Pending[]; ratings: readonly StatusRating[] },
): string {
  // Rows added after those the answer's own list names need a comma; that list is empty when it opens at the tail.
  const listed = utf8[utf8.length - TAIL.length - 1] !== OPEN
  const named = end.unreadable.length === 0 ? '' : serialiseUnreadable(end.unreadable).slice(1, -1)
  const unreadable = named && listed ? `,${named}` : named
  const pending = end.pending.length === 0 ? '[]' : serialisePending(end.pending)
  // withRatings puts the ratings before an answer's last brace: here the answer is the pending list closed.
  return withRatings(`${unreadable}],"pending":${pending}}`, end.ratings)
}

/**
 * Sends kept bytes with this answer's instant and end as they are: JSON already, so no serialiser runs. Sent as views
 * of the kept buffer, never copied into one: a 20 KB buffer per answer is memory outside V8's heap, which V8 answers
 * with full collections — with 100,000 statuses kept, about one a second at 3,000 answers a second, each marking the
 * 300 MB heap again (bench:status, docs/performance.md).
 */
export function sendKept(reply: FastifyReply, { utf8, instantAt }: KeptBytes, instant: string, end: string) {
  const parts = [
    utf8.subarray(0, instantAt),
    Buffer.from(instant, 'utf8'),
    utf8.subarray(instantAt, utf8.length - TAIL.length),
    Buffer.from(end, 'utf8'),
  ]
  // Pushed at once: `Readable.from`'s async iteration cost the owner's kept status a quarter more gateway CPU.
  const body = new Readable({ read() {} })
  for (const part of parts) body.push(part)
  body.push(null)
  return reply
    .type('application/json; charset=utf-8')
    .header(
      'content-length',
      parts.reduce((n, p) => n + p.length, 0),
    )
    .send(body)
}

/** A status built: as kept in memory, and its text as the read model keeps it. */
export type Built = { answer: KeptStatus; text: StatusBytes; unreadable: Unreadable[] }

/**
 * The forecast's history for a project's flow: its items' departments' recent decided tasks. Read when a status is
 * built, not when a kept one is sent: a kept status is rebuilt when its own project changes (its version) and every
 * legal day, so another project's decision reaches its forecast by the next day or the project's next change.
 */
export async function forecastHistoryFor(
  deps: Pick<GatewayDeps, 'read'>,
  actor: Actor,
  project: Pick<StatusRows['project'], 'flow'>,
): Promise<DurationHistory> {
  return deps.read(actor).forecastHistory(historyItems(project.flow ?? []), FORECAST_SETTINGS.lastN)
}

/**
 * A status built from its rows for one view, as the route sends it and as the read model keeps it: the rows' views
 * (domain/status.ts), the caller's part of them (domain/visibility.ts), its bytes.
 */
export function buildStatus(
  rows: StatusRows,
  readableBy: KeptStatus['readableBy'],
  version: string,
  actor: Actor,
  evaluation: Evaluation & { now: Date },
): Built {
  const status = projectStatus(rows, evaluation)
  const visible = visibleStatus(status, rows.timeline, actor)
  const text = statusBytes(visible)
  return {
    answer: {
      version,
      readableBy,
      applicationIds: new Set(rows.applications.map((a) => a.applicationId)),
      rows: rowsOf(visible),
      bytes: keptBytes(text),
    },
    text,
    unreadable: status.unreadable,
  }
}

/** Keeps a whole-view status in the read model, for the legal day and `builtWith` it was built for. */
export function keepInReadModel(
  commands: Pick<GatewayCommands, 'keepStatusAnswer'>,
  projectId: string,
  { answer, text }: Pick<Built, 'answer' | 'text'>,
  at: { day: string; builtWith: string; now: Date },
): Promise<void> {
  return commands.keepStatusAnswer({
    projectId,
    version: answer.version,
    day: at.day,
    builtWith: at.builtWith,
    ...answer.readableBy,
    applicationIds: [...answer.applicationIds],
    rows: answer.rows,
    ...text,
    builtAt: at.now,
  })
}

/**
 * Builds a project's whole-view status from the read model's rows and keeps it there, as the status route does the
 * second time it builds one: what a gateway that has answered the project twice today holds. For `pnpm bench:status`
 * (the steady state without a first pass of requests over every project) and tests. False: no such project.
 */
export async function keepWholeStatus(deps: GatewayDeps, projectId: string): Promise<boolean> {
  const now = deps.clock.now()
  const today = legalDateOf(now)
  const calendar = deps.calendar.current()
  const caller = { role: 'supervisor', sub: 'status-keeper' } as const
  const read = await deps.read(caller).statusSince(projectId)
  if (read.unchanged || read.stored || !read.rows) return false
  const readableBy = { ownerCreditCode: read.rows.project.ownerCreditCode, departments: read.rows.departments }
  const built = buildStatus(read.rows, readableBy, read.version, caller, {
    history: await forecastHistoryFor(deps, caller, read.rows.project),
    calendar,
    today,
    yellowAt: deps.yellowAt,
    now,
  })
  await keepInReadModel(deps.commands, projectId, built, {
    day: today,
    builtWith: deps.statusBuiltWith(calendar),
    now,
  })
  return true
}

/**
 * What a kept status in the read model was built with besides its rows and day: the code that builds it (a digest of
 * its sources, given at start), the calendar it counted with (its content, so every gateway process agrees) and the
 * share at which a clock turns yellow. A stored answer is used only under exactly the same, so a deployment, a
 * published calendar or another setting builds answers again rather than sending old ones.
 */
export function builtWithOf(code: string, yellowAt: number) {
  const byCalendar = new WeakMap<Calendar, string>()
  return (calendar: Calendar): string => {
    let tag = byCalendar.get(calendar)
    if (tag === undefined) {
      const content = JSON.stringify({
        years: calendar.years.map((y) => calendar.schedule(y)),
        regions: calendar.regions.map((r) => calendar.overlay(r)),
      })
      tag = createHash('sha256').update(`${code}\0${yellowAt}\0${content}`).digest('base64url').slice(0, 43)
      byCalendar.set(calendar, tag)
    }
    return tag
  }
}
