import { type StateRow, type StoredState, UnreadableStoredRow } from '@onewindow/db'
import { type Sql, sqltag } from '@prisma/client/runtime/client'
import { EventBodyInvalidError, EventTooLargeError } from './outbox.js'
import type { SqlTx, TransactionRunner } from './sql.js'

export type SweepOptions<TTx extends SqlTx, Row, Decision> = {
  transaction: TransactionRunner<TTx>
  /** Ids of rows that may be due, in id order, after `after` (exclusive), at most `limit`; no locks taken. */
  candidates(tx: TTx, after: string | undefined, limit: number): Promise<string[]>
  /**
   * One row: as it stands (`lock` false), or taken `FOR UPDATE SKIP LOCKED` (`lock` true; undefined while another
   * transaction holds it — a replica's pass or a command — so nobody waits on a timer).
   */
  read(tx: TTx, id: string, lock: boolean): Promise<Row | undefined>
  /**
   * Optional: the candidates' rows as they stand, in one statement (missing ids: nothing due; a row whose state does
   * not read: its `UnreadableStoredRow`, skipped — `storedState(…).byId`). When given, a batch's unlocked reads are
   * this one round trip instead of one per row, and `read` is called only with `lock` true — a scanner over many rows
   * that are rarely due (every open task's clocks) reads them a hundred at a time.
   */
  readAll?(tx: TTx, ids: readonly string[]): Promise<ReadonlyMap<string, Row | UnreadableStoredRow>>
  /** What is due on the row now; undefined when nothing is. Pure. */
  decide(row: Row): Decision | undefined
  /**
   * A row whose `decide` threw (a stored row that cannot be evaluated, e.g. an impossible date), or whose `read`
   * threw `UnreadableStoredRow` (its state does not read as its snapshot): told here with its id and the error, then
   * skipped, so one bad row never stops the pass for the others. {@link skipOnce} logs it.
   */
  skipped(id: string, error: unknown): void
  /**
   * Writes the row's new state with its events; resolves to how many events. When the outbox refuses the row's
   * events (`EventTooLargeError`: larger than NATS takes; `EventBodyInvalidError`: failing their schema), the batch's
   * transaction is rolled back and run again without that row, which is told to `skipped` — so no timer fails its
   * pass on every run over one such row, whether or not its `decide` judged the events first (`assertPublishable`).
   */
  write(tx: TTx, decision: Decision): Promise<number>
  /**
   * Optional, for a scanner that stores the day to look at a row again: `decide` then answers for every row, and a
   * decision `quiet` says (nothing due now, only that day) is not locked and written alone but handed, with the
   * batch's other quiet decisions as they were made on the unlocked read, to one `write` in the batch's transaction —
   * which guards each by what was read (a row changed since is left to the next pass).
   */
  settle?: { quiet(decision: Decision): boolean; write(tx: TTx, decisions: readonly Decision[]): Promise<void> }
  batch?: number
  /**
   * Batches of candidates read at once (1 by default). A scanner whose `candidates` must find and sort every row that
   * may be due after `after` (rows due from a stored day, found through an index on that day and only then ordered by
   * id) gives more: when every row is due at once — the first pass after a migration or a published calendar — reading
   * a batch at a time sorts them all again for each batch, a pass growing with the square of their number.
   */
  ahead?: number
}

/** A row whose `decide` threw: told to `skipped`, neither written nor settled. */
const SKIPPED = Symbol('skipped')

/** The outbox refused a row's events in `write`: the batch's transaction is undone and run again without the row. */
class RowRefused extends Error {
  constructor(readonly id: string) {
    super(`the outbox refused the events of row ${id}`)
  }
}

/** What the outbox throws before it writes anything for events it will not store: the row's fault, not the pass's. */
const refusedByOutbox = (error: unknown): boolean =>
  error instanceof EventTooLargeError || error instanceof EventBodyInvalidError

/**
 * One pass of a durable timer (DESIGN §6): every candidate row once, a batch at a time, walking the ids in order so a
 * pass ends even when rows stay candidates. A row is locked only when its unlocked read shows something due, and
 * decided again under the lock: "once" is the row's own, recorded in the state `write` stores. A batch's locks and
 * writes are one transaction; its unlocked look is in no transaction when the runner has an `outside`, else in that
 * same transaction.
 */
export async function sweep<TTx extends SqlTx, Row, Decision>(
  options: SweepOptions<TTx, Row, Decision>,
): Promise<number> {
  const batch = options.batch ?? 100
  // Only `decide` and a damaged row's read are guarded: both failures are the row's; any other failed read or write
  // is the database's and fails the pass (the transaction is gone anyway).
  const decide = (id: string, row: Row): Decision | undefined | typeof SKIPPED => {
    try {
      return options.decide(row)
    } catch (error) {
      options.skipped(id, error)
      return SKIPPED
    }
  }
  const read = async (tx: TTx, id: string, lock: boolean): Promise<Row | undefined> => {
    try {
      return await options.read(tx, id, lock)
    } catch (error) {
      if (!(error instanceof UnreadableStoredRow)) throw error
      options.skipped(id, error)
      return undefined
    }
  }
  const settle = options.settle
  /** Whether the row as it stands (unlocked) has something due; a quiet decision on it goes into `quiet`. */
  const due = async (
    reader: TTx,
    id: string,
    seenRows: ReadonlyMap<string, Row | UnreadableStoredRow> | undefined,
    quiet: Decision[],
  ): Promise<boolean> => {
    const seen = seenRows ? seenRows.get(id) : await read(reader, id, false)
    if (seen instanceof UnreadableStoredRow) {
      options.skipped(id, seen)
      return false
    }
    const decision = seen === undefined ? undefined : decide(id, seen)
    if (decision === undefined || decision === SKIPPED) return false
    if (settle?.quiet(decision)) {
      quiet.push(decision)
      return false
    }
    return true
  }
  // Rows of this pass whose events the outbox refused: left out of their batch's transaction when it runs again.
  const refused = new Set<string>()
  /** The row taken under its lock and decided again there: "once" is the row's own. */
  const lockAndWrite = async (tx: TTx, id: string): Promise<number> => {
    if (refused.has(id)) return 0
    const locked = await read(tx, id, true)
    const decision = locked === undefined ? undefined : decide(id, locked)
    if (decision === undefined || decision === SKIPPED) return 0
    try {
      return await options.write(tx, decision)
    } catch (error) {
      if (!refusedByOutbox(error)) throw error
      // The write may have stored the row's state before the outbox refused its events: only undoing the transaction
      // takes that back (no savepoint is paid for on every row for a case this rare).
      refused.add(id)
      options.skipped(id, error)
      throw new RowRefused(id)
    }
  }
  /** Runs a batch's transaction again, without the row, as often as the outbox refuses one of its rows. */
  const withoutRefused = async <T>(run: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await run()
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error
      }
    }
  }
  // With the runner's `outside`, a batch is looked at in no transaction (its reads lock nothing and decide nothing by
  // themselves) and one is opened only for its rows that show something due: a pass over rows with nothing due —
  // most passes of most timers — sends no BEGIN and no COMMIT.
  const outside = options.transaction.outside
  const ahead = batch * (options.ahead ?? 1)
  // Candidates read and not yet looked at (with `ahead`), and whether `candidates` may have more after them.
  const queued: string[] = []
  let more = true
  const nextIds = async (reader: TTx, after: string | undefined) => {
    if (queued.length < batch && more) {
      const read = await options.candidates(reader, queued.at(-1) ?? after, ahead)
      more = read.length === ahead
      queued.push(...read)
    }
    return queued.splice(0, batch)
  }
  const look = async (reader: TTx, after: string | undefined) => {
    const ids = await nextIds(reader, after)
    const seen = options.readAll && ids.length > 0 ? await options.readAll(reader, ids) : undefined
    return { ids, seen }
  }
  let after: string | undefined
  let total = 0
  for (;;) {
    let ids: string[]
    if (outside) {
      const looked = await look(outside, after)
      ids = looked.ids
      const dueIds: string[] = []
      const quiet: Decision[] = []
      for (const id of ids) if (await due(outside, id, looked.seen, quiet)) dueIds.push(id)
      if (dueIds.length > 0 || (settle && quiet.length > 0))
        total += await withoutRefused(() =>
          options.transaction(async (tx) => {
            let written = 0
            for (const id of dueIds) written += await lockAndWrite(tx, id)
            if (settle && quiet.length > 0) await settle.write(tx, quiet)
            return written
          }),
        )
    } else {
      // The runner may run the callback again (a conflict with another transaction): each run starts from the
      // candidates as they were, so the run that commits looks at the batch the one it replaces took.
      const pending = [...queued]
      const hadMore = more
      const done = await withoutRefused(() =>
        options.transaction(async (tx) => {
          queued.splice(0, queued.length, ...pending)
          more = hadMore
          const looked = await look(tx, after)
          let written = 0
          const quiet: Decision[] = []
          for (const id of looked.ids) if (await due(tx, id, looked.seen, quiet)) written += await lockAndWrite(tx, id)
          if (settle && quiet.length > 0) await settle.write(tx, quiet)
          return { ids: looked.ids, written }
        }),
      )
      ids = done.ids
      total += done.written
    }
    if (ids.length < batch) return total
    after = ids.at(-1)
  }
}

/**
 * A `skipped` for a scanner: logs a row it cannot evaluate once per process (with its id and the error), however
 * many passes still meet it, so the log names each bad row without repeating it every pass.
 */
export function skipOnce(
  scanner: string,
  log: { error(obj: object, msg: string): void } | undefined,
): (id: string, error: unknown) => void {
  const logged = new Set<string>()
  return (id, error) => {
    if (logged.has(id)) return
    logged.add(id)
    log?.error({ err: error, scanner, id }, `${scanner}: row ${id} cannot be evaluated and is skipped`)
  }
}

/**
 * One row's `state`, taken `FOR UPDATE SKIP LOCKED` for the caller's transaction and read back checked by `stored`
 * (`storedState` of `@onewindow/db`): undefined when there is no such row or another transaction holds it (a
 * replica's pass, a command), so a timer never waits on a row; a damaged row throws `UnreadableStoredRow`, which a
 * {@link sweep} skips. This is the locked `read` of a sweep over a table of `id uuid` + `state jsonb` rows. `table`
 * is a fixed identifier written as a Prisma SQL fragment (`Prisma.sql\`acceptance_case\``), never a string built at
 * run time.
 */
export async function lockStateIfFree<State>(
  tx: SqlTx,
  table: Sql,
  id: string,
  stored: Pick<StoredState<State>, 'one'>,
): Promise<State | undefined> {
  const [row] = await tx.$queryRaw<StateRow[]>(
    sqltag`SELECT id::text AS id, state::text AS state FROM ${table} WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`,
  )
  return row ? stored.one(row) : undefined
}
