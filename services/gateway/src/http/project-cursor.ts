import { isInstantKey } from '@onewindow/db'
import type { ProjectKey } from '../db/queries.js'
import { cursorRefused } from './inbox-cursor.js'

// The project list's cursor: base64url of `[registeredAt, projectId]`, the last key of the page before, as the inbox's
// is of its own key (http/inbox-cursor.ts). The instant is PostgreSQL's own text of the stored value (`instantKey`,
// @onewindow/db), so a page ending on a stored 'infinity' still leads on. A position, not a secret; anything this
// route did not write — bad base64url or JSON, an instant PostgreSQL would not have written, not a project id, a
// non-canonical encoding — is the same 400 naming `/querystring/cursor`, never a 500 from a failed cast.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const encodeProjectCursor = (key: ProjectKey): string =>
  Buffer.from(JSON.stringify([key.registeredAt, key.projectId])).toString('base64url')

/** The key a cursor names, or undefined when it is not one {@link encodeProjectCursor} could have written. */
export function decodeProjectCursor(cursor: string): ProjectKey | undefined {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [registeredAt, projectId] = value as unknown[]
  if (typeof registeredAt !== 'string' || !isInstantKey(registeredAt)) return undefined
  if (typeof projectId !== 'string' || !UUID.test(projectId)) return undefined
  const key = { registeredAt, projectId }
  return encodeProjectCursor(key) === cursor ? key : undefined
}

/** The key of `cursor`, or the 400 the validator would give for a malformed query field. */
export function projectCursorKey(cursor: string): ProjectKey {
  const key = decodeProjectCursor(cursor)
  if (key) return key
  throw cursorRefused()
}
