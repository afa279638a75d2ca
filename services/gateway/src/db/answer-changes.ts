import type { FastifyBaseLogger } from 'fastify'
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import { keepListening } from './listener.js'

// Whether an answer kept in this process's memory still holds, without a statement per request: every change of a
// scope (`project:<id>`, `inbox:<department>`) is told on `<schema>.answer` when its transaction commits (migration
// 20261211000000_answer_changed_notify), and this process keeps, per scope, when it last heard of one.
//
// Heard is not yet enough: a change committed just before a request may be told just after it. So a request first
// waits for one round trip on the LISTEN connection, sent after the request arrived: PostgreSQL hands a listening
// session every notification of the transactions committed before it answers that session's next statement (it
// processes pending notifications before ReadyForQuery), so when the round trip returns, every change committed
// before the request is heard. The trip is shared: requests that arrive while one is out wait for the next, so the
// trips cost one statement per round trip time, not one per request (test/answer-changes.int.test.ts holds both).

/** When each scope last changed, as this process heard it: the pure half, in heard order. */
export type ChangeLog = {
  /** Where to mark an answer read from now on; undefined while not listening (nothing heard can be trusted). */
  mark(): number | undefined
  /** Whether `scope` has been heard unchanged since `mark`, listening all the while. */
  unchangedSince(scope: string, mark: number): boolean
  /** A change of `scope` heard. */
  changed(scope: string): void
  /** Listening (again): what changed before is unknown, so every earlier mark is void. */
  listening(): void
  /** Not listening any more. */
  lost(): void
}

/**
 * The log. Scopes are remembered up to `scopes` (least recently changed forgotten first); a forgotten scope reads as
 * changed when the newest forgotten one did, which only ever voids a mark too soon.
 */
export function changeLog(scopes = 200_000): ChangeLog {
  let heard = 0
  let listeningSince: number | undefined
  let forgotten = 0
  const last = new LRUCache<string, number>({
    max: scopes,
    dispose: (at, _scope, reason) => {
      if (reason === 'evict' && at > forgotten) forgotten = at
    },
  })
  return {
    mark: () => (listeningSince === undefined ? undefined : heard),
    unchangedSince(scope, mark) {
      if (listeningSince === undefined || listeningSince > mark) return false
      return (last.get(scope) ?? forgotten) <= mark
    },
    changed(scope) {
      heard += 1
      last.set(scope, heard)
    },
    listening() {
      heard += 1
      listeningSince = heard
    },
    lost() {
      heard += 1
      listeningSince = undefined
    },
  }
}

export type AnswerChanges = {
  /** Where to mark an answer about to be read; undefined while not listening. */
  mark(): number | undefined
  /**
   * Whether `scope` is unchanged since `mark` by everything committed before this call: waits for the shared round
   * trip first. False while not listening, or if the trip fails.
   */
  unchangedSince(scope: string, mark: number): Promise<boolean>
  /** The app's logger, once the app exists (app.ts): a lost connection is logged there. */
  attach(log: Pick<FastifyBaseLogger, 'warn'>): void
  close(): void
}

/** Listens on `channel` with a connection of its own from `connect` (the reader's pool). */
export function answerChanges(connect: () => Promise<pg.PoolClient>, channel: string): AnswerChanges {
  const log = changeLog()
  let logger: Pick<FastifyBaseLogger, 'warn'> = { warn: () => undefined }
  const listener = keepListening(connect, channel, {
    notified: (scope) => log.changed(scope),
    listening: () => log.listening(),
    lost: (err) => {
      log.lost()
      logger.warn(
        { err },
        'kept answers: the LISTEN connection was lost; statuses are confirmed by a statement until it is back',
      )
    },
  })

  /** The round trip out now, and the one that will go when it is back (for requests that arrived meanwhile). */
  let out: Promise<boolean> | undefined
  let next: Promise<boolean> | undefined
  const trip = (): Promise<boolean> => {
    const client = listener.client()
    if (!client) return Promise.resolve(false)
    const sent = client.query('SELECT 1').then(
      () => true,
      // The connection's own error handler has made the log lost; this request reads the rows.
      () => false,
    )
    out = sent
    void sent.then(() => {
      if (out === sent) out = undefined
    })
    return sent
  }
  const settled = (): Promise<boolean> => {
    if (!out) return trip()
    if (!next) {
      next = out.then(() => {
        next = undefined
        return trip()
      })
    }
    return next
  }

  return {
    mark: () => log.mark(),
    async unchangedSince(scope, mark) {
      if (log.mark() === undefined) return false
      return (await settled()) && log.unchangedSince(scope, mark)
    },
    attach(l) {
      logger = l
    },
    close: () => listener.close(),
  }
}
