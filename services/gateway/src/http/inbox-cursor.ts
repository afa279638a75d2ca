import { isDayKey } from '@onewindow/db'
import { validationFailed } from '@onewindow/service-kit'
import type { InboxKey } from '../db/queries.js'

// The inbox cursor: base64url of `[dueOn, taskId]`, the last key of the page before. It is a position, not a
// secret: a client may only hand back what it was given, and anything that is not a key this route wrote (bad
// base64url, bad JSON, a day the column cannot hold, not a task id, a non-canonical spelling) is a 400 naming the
// field. The day is any the column holds, not only LegalDate's 2000–2099, 'infinity' too: a cursor the route wrote
// from a stored row, readable or not, must always come back in.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const encodeCursor = (key: InboxKey): string =>
  Buffer.from(JSON.stringify([key.dueOn, key.taskId])).toString('base64url')

/** The key a cursor names, or undefined when it is not one {@link encodeCursor} could have written. */
export function decodeCursor(cursor: string): InboxKey | undefined {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [dueOn, taskId] = value as unknown[]
  if (!(dueOn === null || (typeof dueOn === 'string' && isDayKey(dueOn)))) return undefined
  if (typeof taskId !== 'string' || !UUID.test(taskId)) return undefined
  const key = { dueOn, taskId }
  // Only the one spelling this route writes: a cursor edited into another valid-looking string is refused too.
  return encodeCursor(key) === cursor ? key : undefined
}

/** The key of `cursor`, or the 400 the validator would give for a malformed query field. */
export function cursorKey(cursor: string): InboxKey {
  const key = decodeCursor(cursor)
  if (key) return key
  throw cursorRefused()
}

/** A cursor no page of this route gave: the 400 a schema failure answers, naming the field. */
export const cursorRefused = () =>
  validationFailed('querystring', [
    { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass nextCursor as it came)' },
  ])
