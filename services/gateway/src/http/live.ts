import type { Actor } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyBaseLogger, FastifyReply } from 'fastify'
import type pg from 'pg'
import { changesAfter, changeWindow } from '../db/changes.js'
import { keepListening } from '../db/listener.js'
import type { PlainSql } from '../db/queries.js'
import { changeData } from '../domain/changes.js'
import { visibleChange } from '../domain/visibility.js'

/** The live stream's settings (docs/operations.md "Live updates"). */
export type LiveLimits = {
  /** A comment line this often keeps proxies from closing an idle stream; each also looks for missed changes. */
  heartbeatMs: number
  /** The `retry:` advice: how long a browser's EventSource waits before it reconnects. */
  retryMs: number
  /** Open streams of one subject (token `sub`) on one gateway process; one more is answered 429. */
  perSubject: number
  /** Changes kept for resuming (the newest rows of `change`); a client resuming from before them gets `reset`. */
  windowRows: number
  /** How often this process prunes the window. */
  pruneEveryMs: number
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  heartbeatMs: 15_000,
  retryMs: 3_000,
  perSubject: 5,
  windowRows: 100_000,
  pruneEveryMs: 60_000,
}

/** Changes read per statement: a client far behind gets them page by page. */
const PAGE = 500
/** Bytes a stream may have waiting in its socket: past this the client is too slow and is dropped, not buffered for. */
const MAX_BUFFERED = 1_048_576

export type LiveStreams = {
  /** Answers `GET /api/v1/stream` for `actor` from after `after` (undefined: from now on): hijacks the reply. */
  serve(reply: FastifyReply, actor: Actor, after: number | undefined): Promise<void>
  /** How many streams are open on this process. */
  open(): number
  /** Prunes the window once (also done every `pruneEveryMs`). */
  prune(): Promise<number>
  /** The app's logger, once the app exists (app.ts). */
  attach(log: FastifyBaseLogger): void
  /** Ends every open stream and stops listening. */
  close(): Promise<void>
}

type Deps = {
  /** The reader's pool: changes are read under the caller's row-level scope. */
  sql: PlainSql
  /** A connection of its own to LISTEN on (the reader's pool's). */
  connect: () => Promise<pg.PoolClient>
  channel: string
  prune: (keep: number) => Promise<number>
  limits: LiveLimits
}

const sse = (event: string, id: number, data: object) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`

/**
 * The open live streams of one gateway process. One LISTEN connection wakes them all when a read-model batch with
 * changes commits (on any replica); each then reads what its caller may see after its own position, so a stream
 * never holds more than one page. A lost LISTEN connection is made again (backoff up to 5 s) and every stream looks
 * once more, so nothing committed meanwhile is missed; the heartbeat's look is the last safety net.
 */
export function liveStreams(deps: Deps): LiveStreams {
  const { limits } = deps
  let log: Pick<FastifyBaseLogger, 'warn'> = { warn: () => undefined }
  const sessions = new Set<{ wake(): void; end(): void }>()
  const bySubject = new Map<string, number>()
  let closed = false

  const wakeAll = () => {
    for (const s of sessions) s.wake()
  }
  const listener = keepListening(deps.connect, deps.channel, {
    notified: wakeAll,
    // Whatever committed while no one listened.
    listening: wakeAll,
    lost: (err) => log.warn({ err }, 'live stream: the LISTEN connection was lost; listening again'),
  })

  const prune = () => deps.prune(limits.windowRows)
  const pruner = setInterval(() => {
    prune().catch((err) => log.warn({ err }, 'live stream: pruning the window failed'))
  }, limits.pruneEveryMs)
  pruner.unref()

  return {
    open: () => sessions.size,
    prune,
    attach(logger) {
      log = logger
    },

    async serve(reply, actor, after) {
      const subject = `${actor.role}:${actor.sub}`
      const held = bySubject.get(subject) ?? 0
      if (closed) throw new ProblemError(503, 'GATEWAY_UPSTREAM_UNAVAILABLE', 'The gateway is shutting down.')
      if (held >= limits.perSubject) {
        reply.header('retry-after', String(Math.ceil(limits.retryMs / 1000)))
        throw new ProblemError(
          429,
          'GATEWAY_STREAM_LIMIT',
          `At most ${limits.perSubject} live streams per signed-in user; close one first.`,
        )
      }
      bySubject.set(subject, held + 1)
      let released = false
      const release = () => {
        if (released) return
        released = true
        const n = (bySubject.get(subject) ?? 1) - 1
        if (n > 0) bySubject.set(subject, n)
        else bySubject.delete(subject)
      }

      let window: { head: number; prunedThrough: number }
      try {
        window = await changeWindow(deps.sql)
      } catch (err) {
        release()
        throw err
      }
      // An id older than the window, or one this database never gave (a rebuilt read model): start over from now.
      const reset = after !== undefined && (after < window.prunedThrough || after > window.head)
      let cursor = after === undefined || reset ? window.head : after

      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Nginx and its kind buffer a response unless told not to.
        'x-accel-buffering': 'no',
      })
      raw.socket?.setNoDelay(true)

      let ended = false
      let dirty = true
      let wake: (() => void) | undefined
      const session = {
        wake() {
          dirty = true
          wake?.()
        },
        end() {
          if (ended) return
          ended = true
          clearInterval(heartbeat)
          sessions.delete(session)
          release()
          wake?.()
          raw.end()
        },
      }
      const write = (text: string) => {
        if (ended) return
        raw.write(text)
        // A client that does not read: dropped, its socket's buffer never grows without bound.
        if (raw.writableLength > MAX_BUFFERED) {
          log.warn({ subject }, 'live stream: the client does not keep up; dropped')
          session.end()
          raw.destroy()
        }
      }
      raw.on('close', () => session.end())
      const heartbeat = setInterval(() => {
        write(': heartbeat\n\n')
        session.wake()
      }, limits.heartbeatMs)
      sessions.add(session)

      write(`retry: ${limits.retryMs}\n\n`)
      if (reset) write(sse('reset', cursor, {}))
      // `ready` once the replay after `after` is sent: from there on the client gets changes as they commit.
      let caughtUp = false

      // The pump: one page at a time, then wait to be woken (a NOTIFY, the LISTEN made again, a heartbeat).
      void (async () => {
        try {
          while (!ended) {
            if (!dirty) {
              await new Promise<void>((resolve) => {
                wake = resolve
              })
              wake = undefined
              continue
            }
            dirty = false
            const page = await changesAfter(deps.sql, actor, cursor, PAGE)
            if (ended) break
            if (page.prunedThrough > cursor) {
              // Fell behind the window while open: the client fetches everything again and goes on from there.
              cursor = page.prunedThrough
              write(sse('reset', cursor, {}))
              dirty = true
              continue
            }
            for (const c of page.changes) {
              cursor = c.id
              if (visibleChange(actor, c)) write(sse(c.event, c.id, changeData(c)))
            }
            if (page.changes.length === PAGE) dirty = true
            else if (!caughtUp) {
              caughtUp = true
              write(sse('ready', cursor, {}))
            }
            if (raw.writableNeedDrain && !ended)
              await new Promise((resolve) => {
                raw.once('drain', resolve)
                raw.once('close', resolve)
              })
          }
        } catch (err) {
          // The database went away: the client reconnects (retry advice) and resumes from its last id.
          log.warn({ err }, 'live stream: reading changes failed; the stream is closed')
          session.end()
        }
      })()
    },

    async close() {
      closed = true
      clearInterval(pruner)
      for (const s of [...sessions]) s.end()
      listener.close()
    },
  }
}
