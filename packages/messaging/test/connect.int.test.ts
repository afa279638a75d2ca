import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuthorizationError, nkeys } from '@nats-io/nats-core'
import { type PrivateNatsServer, startPrivateNatsServer } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectNats } from '../src/index.js'

// A broker of this file's own with one nkey user (the server knows only its public key) and one password user,
// each allowed to answer requests on `svc.<name>` (allow_responses: publishing the one reply asked for) and to
// read only its own inboxes.
const dir = mkdtempSync(join(tmpdir(), 'onewindow-connect-'))
const keyed = nkeys.createUser()
const seed = new TextDecoder().decode(keyed.getSeed())
const own = (name: string) => ({
  publish: { allow: [`svc.${name}`] },
  allow_responses: true,
  subscribe: { allow: [`svc.${name}`, `_INBOX_${name}.>`] },
})
let server: PrivateNatsServer
beforeAll(async () => {
  const file = join(dir, 'authorization.conf')
  writeFileSync(
    file,
    `authorization { users = [
      { nkey: ${keyed.getPublicKey()}, permissions: ${JSON.stringify(own('keyed'))} }
      { user: plain, password: $PLAIN_PASSWORD, permissions: ${JSON.stringify(own('plain'))} }
    ] }\n`,
  )
  const started = await startPrivateNatsServer({ authorization: file, env: { PLAIN_PASSWORD: 'plain-pw' } })
  if (!started) throw new Error('no nats-server binary: install nats-server (apt-get install nats-server)')
  server = started
})
afterAll(async () => {
  await server?.[Symbol.asyncDispose]()
  rmSync(dir, { recursive: true, force: true })
})

/** A request from `name` to itself: it round-trips only if the reply reaches `_INBOX_<name>`, its one inbox. */
async function echo(name: string, auth: Parameters<typeof connectNats>[2]): Promise<string> {
  const nc = await connectNats(server.url, name, auth)
  try {
    nc.subscribe(`svc.${name}`, {
      callback: (_e, m) => {
        m.respond(m.data)
      },
    })
    return (await nc.request(`svc.${name}`, 'ping', { timeout: 2_000 })).string()
  } finally {
    await nc.close()
  }
}

describe('connectNats', () => {
  it('authenticates with an nkey seed and with a user and password, replies coming to its own inbox prefix', async () => {
    expect(await echo('keyed', { nkeySeed: seed })).toBe('ping')
    expect(await echo('plain', { user: 'plain', password: 'plain-pw' })).toBe('ping')
  })

  it('takes a comma-separated list of servers (the seeds of a cluster) and connects to one that answers', async () => {
    const { createServer } = await import('node:net')
    // A port that was free a moment ago: nothing answers there.
    const dead = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const nc = await connectNats(`nats://127.0.0.1:${dead}, ${server.url}`, 'plain', {
      user: 'plain',
      password: 'plain-pw',
    })
    try {
      expect(nc.getServer()).toBe(new URL(server.url).host)
    } finally {
      await nc.close()
    }
  })

  it('is refused with a wrong password, an unknown seed, or none, at once rather than retrying forever', async () => {
    const stranger = new TextDecoder().decode(nkeys.createUser().getSeed())
    for (const auth of [{ user: 'plain', password: 'wrong' }, { nkeySeed: stranger }, undefined])
      await expect(connectNats(server.url, 'plain', auth)).rejects.toBeInstanceOf(AuthorizationError)
  })

  it('refuses a mistyped seed before connecting, saying why', async () => {
    // One character changed inside the key (the last one holds padding bits too): the checksum no longer matches.
    const typo = `${seed.slice(0, 10)}${seed[10] === 'A' ? 'B' : 'A'}${seed.slice(11)}`
    await expect(connectNats(server.url, 'keyed', { nkeySeed: typo })).rejects.toThrow('nkeys: invalid checksum')
  })
})
