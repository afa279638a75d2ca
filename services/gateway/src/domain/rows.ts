import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { Unreadable } from '../http/schemas.js'

/**
 * One bad stored row (an impossible date in its clock, a field its view needs missing) must not take down a list
 * or a status other rows share. Each row is turned into its view on its own; a row whose view throws, or does not
 * match the schema the answer is serialised with, is set aside as `unreadable` and the rest answer.
 */
export type Rows<TView> = { views: TView[]; unreadable: Unreadable[] }

/** Why a view did not match its schema: the first field the check names. */
export class ViewMismatch extends Error {
  override readonly name = 'ViewMismatch'
}

/** A check that throws {@link ViewMismatch} naming the first wrong field, so a view cannot break serialisation. */
export function conforming<T extends TSchema>(schema: T) {
  const check = Compile(schema)
  return <TView>(view: TView): TView => {
    if (check.Check(view)) return view
    const first = check.Errors(view)[0]
    throw new ViewMismatch(first ? `${first.instancePath || '/'} ${first.message}` : 'does not match its view')
  }
}

const reasonOf = (err: unknown) =>
  err instanceof RangeError || err instanceof ViewMismatch ? err.message : 'cannot be evaluated'

const safely = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn()
  } catch {
    return fallback
  }
}

/**
 * `build` over every row, each on its own. `build` returns the row's views (none, one or several); a row it throws
 * on is reported with its kind, its id and, when the row names one, its department.
 */
export function eachRow<TRow, TView>(
  rows: readonly TRow[],
  kind: string,
  idOf: (row: TRow) => unknown,
  build: (row: TRow) => TView | TView[],
  departmentOf: (row: TRow) => unknown = () => undefined,
): Rows<TView> {
  const views: TView[] = []
  const unreadable: Unreadable[] = []
  for (const row of rows) {
    try {
      const built = build(row)
      if (Array.isArray(built)) views.push(...built)
      else views.push(built)
    } catch (err) {
      const id = safely(() => idOf(row), undefined)
      const department = safely(() => departmentOf(row), undefined)
      unreadable.push({
        kind,
        id: typeof id === 'string' ? id : '?',
        reason: reasonOf(err),
        ...(typeof department === 'string' ? { department } : {}),
      })
    }
  }
  return { views, unreadable }
}
