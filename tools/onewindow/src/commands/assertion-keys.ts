import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  AssertionKeyError,
  generateAssertionKey,
  importCallerKeys,
  PrivateJwk,
  type PublicJwk,
  publicKeyOf,
} from '@onewindow/service-kit/assertion'
import { Value } from 'typebox/value'
import { type Command, type Io, UsageError } from '../usage-error.js'

const usage = 'usage: onewindow assertion-keys new --kid KID | assertion-keys jwks <key or JWKS file>...'

/**
 * `assertion-keys`: the keys of service-to-service identity (docs/security.md). `new --kid K` prints a new Ed25519
 * private JWK for the gateway (`ONEWINDOW_ASSERTION_PRIVATE_KEY[_FILE]`); `jwks <file>...` prints the JWKS services
 * trust (`ONEWINDOW_ASSERTION_PUBLIC_KEYS[_FILE]`): the public halves of the private keys and the keys of the JWKS
 * files given, in order — during a rotation, the current JWKS and the new key (docs/operations.md).
 */
export const assertionKeys: Command = async (args, io) => {
  const [action, ...rest] = args
  if (action === 'new') {
    const { values } = parseArgs({ args: rest, options: { kid: { type: 'string' } }, strict: true })
    if (!values.kid) throw new UsageError(`--kid is required; ${usage}`)
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(values.kid)) {
      throw new UsageError(`--kid "${values.kid}" must be 1 to 64 letters, digits, dots, dashes or underscores.`)
    }
    io.out(JSON.stringify(generateAssertionKey(values.kid).privateKey))
    return 0
  }
  if (action === 'jwks') {
    if (rest.length === 0) throw new UsageError(`jwks: name at least one file; ${usage}`)
    const keys: PublicJwk[] = []
    for (const file of rest) {
      for (const key of publicKeysIn(file, io)) if (!keys.some((k) => k.kid === key.kid)) keys.push(key)
    }
    const jwks = { keys }
    try {
      await importCallerKeys(jwks)
    } catch (e) {
      if (e instanceof AssertionKeyError) throw new UsageError(`jwks: the keys given ${e.message}.`)
      throw e
    }
    io.out(JSON.stringify(jwks))
    return 0
  }
  throw new UsageError(usage)
}

function publicKeysIn(file: string, io: Io): PublicJwk[] {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'))
  } catch (e) {
    throw new UsageError(`${file}: not a readable JSON file (${(e as Error).message}).`)
  }
  if (Value.Check(PrivateJwk, json)) return [publicKeyOf(json)]
  const keys = (json as { keys?: unknown } | null)?.keys
  if (Array.isArray(keys)) return keys.map((k) => (Value.Check(PrivateJwk, k) ? publicKeyOf(k) : (k as PublicJwk)))
  throw new UsageError(`${file}: neither an Ed25519 private JWK nor a JWKS.`)
}
