import { validationFailed } from '@onewindow/service-kit'

/** A UUID as PostgreSQL writes one (lowercase): a row id in a cursor. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A cursor no page of this route gave: the 400 a schema failure answers, naming the field. */
export const cursorRefused = () =>
  validationFailed('querystring', [
    { field: '/querystring/cursor', message: 'is not a cursor this route gave (pass nextCursor as it came)' },
  ])

/**
 * The one way a list hands out its position: base64url of a JSON array of the last row's key, in the list's order.
 * A position, not a secret: a client may only hand back what it was given. Anything else — bad base64url or JSON, a
 * part `key` does not accept, a non-canonical spelling of a valid key — is the same 400 naming `/querystring/cursor`,
 * never a 500 from a failed cast in the page's statement. A key part read from a stored row (a day, an instant) is
 * accepted as the column can hold it, 'infinity' included, so a cursor written from any row always comes back in.
 */
export function keyCursor<K>(o: { parts: (key: K) => readonly unknown[]; key: (parts: unknown[]) => K | undefined }) {
  const encode = (key: K): string => Buffer.from(JSON.stringify(o.parts(key))).toString('base64url')
  /** The key a cursor names, or undefined when it is not one `encode` could have written. */
  const decode = (cursor: string): K | undefined => {
    let parts: unknown
    try {
      parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    } catch {
      return undefined
    }
    if (!Array.isArray(parts)) return undefined
    const key = o.key(parts)
    // Only the one spelling the route writes: a cursor edited into another valid-looking string is refused too.
    return key !== undefined && encode(key) === cursor ? key : undefined
  }
  /** The key of `cursor`, or the 400 the validator would give for a malformed query field. */
  const keyOf = (cursor: string): K => {
    const key = decode(cursor)
    if (key !== undefined) return key
    throw cursorRefused()
  }
  return { encode, decode, keyOf }
}
