import type { Static, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

/**
 * A stored row whose state does not read as its snapshot (not JSON, or a field missing or out of its bounds). Rows are
 * written only by their own service from checked snapshots, so this is damage — a hand edit, a restore from another
 * release — never a caller's mistake: a command that needs the row fails with it (500, logged with the row), and a
 * list leaves the row out ({@link StoredState.each}).
 */
export class UnreadableStoredRow extends Error {
  override readonly name = 'UnreadableStoredRow'
  readonly code = 'STORED_ROW_UNREADABLE'
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly reason: string,
    /**
     * The JSON pointer of the first field of the snapshot that did not read (`/commitments/0/verifyBy`), when the
     * state parsed as JSON: a service that keeps a field in a column of its own can name that column from it.
     */
    readonly pointer?: string,
  ) {
    super(`stored ${kind} ${id} is unreadable: ${reason}`)
  }
}

/**
 * Rows read each on its own by `read`, which throws {@link UnreadableStoredRow} for a row that does not read (a
 * `StoredState`'s `one` or `parsed`, or a read shaping a row around one): the rows that read, in order, and those that
 * did not, named. Anything else `read` throws is a bug, not the row's, and is thrown on.
 */
export function readEach<R, T>(rows: readonly R[], read: (row: R) => T): StoredRows<T> {
  const found: StoredRows<T> = { rows: [], unreadable: [] }
  for (const row of rows) {
    try {
      found.rows.push(read(row))
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      found.unreadable.push(err)
    }
  }
  return found
}

/** A row as a service reads its own state column: its id and the state's JSON text (`state::text`). */
export type StateRow = { id: string; state: string }

/** Rows read each on its own: the snapshots that read, in order, and the rows that did not, named. */
export type StoredRows<T> = { rows: T[]; unreadable: UnreadableStoredRow[] }

export type StoredState<T> = {
  /** The row's snapshot, or {@link UnreadableStoredRow}. */
  one(row: StateRow): T
  /**
   * The same check of a value the driver has already parsed: a `jsonb` column read by a typed model call, or one of
   * a row's several JSON columns (`kind` then names the column).
   */
  parsed(id: string, value: unknown): T
  /** Each row on its own ({@link StoredRows}). */
  each(rows: readonly StateRow[]): StoredRows<T>
  /**
   * Each row by its id: shaped with the rest of its row (columns read beside the state) once its state reads, its
   * {@link UnreadableStoredRow} when it does not — a sweep's batch read, which skips those (`@onewindow/messaging`).
   */
  byId<R extends StateRow, U>(rows: readonly R[], shape: (state: T, row: R) => U): Map<string, U | UnreadableStoredRow>
}

/**
 * How a service reads back the JSON snapshots it keeps in a `state` column: checked against the snapshot's contract
 * schema on the way in, so one damaged row fails only what needs that row, never a list other rows share.
 */
export function storedState<S extends TSchema>(kind: string, schema: S): StoredState<Static<S>> {
  const check = Compile(schema)
  const parsed = (id: string, value: unknown): Static<S> => {
    if (check.Check(value)) return value as Static<S>
    const first = check.Errors(value)[0]
    if (!first) throw new UnreadableStoredRow(kind, id, 'not a snapshot')
    const pointer = first.instancePath || '/'
    throw new UnreadableStoredRow(kind, id, `${pointer} ${first.message}`, pointer)
  }
  const one = (row: StateRow): Static<S> => {
    let value: unknown
    try {
      value = JSON.parse(row.state)
    } catch {
      throw new UnreadableStoredRow(kind, row.id, 'not JSON')
    }
    return parsed(row.id, value)
  }
  /** The row's snapshot, or the reason it does not read as a value; anything else thrown is a bug, not the row's. */
  const tryOne = (row: StateRow): Static<S> | UnreadableStoredRow => {
    try {
      return one(row)
    } catch (err) {
      if (err instanceof UnreadableStoredRow) return err
      throw err
    }
  }
  return {
    one,
    parsed,
    each: (rows) => readEach(rows, one),
    byId(rows, shape) {
      return new Map(
        rows.map((row) => {
          const state = tryOne(row)
          return [row.id, state instanceof UnreadableStoredRow ? state : shape(state, row)]
        }),
      )
    },
  }
}
