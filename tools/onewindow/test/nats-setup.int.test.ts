import { fileURLToPath } from 'node:url'
import { jetstreamManager } from '@nats-io/jetstream'
import { defaultTopology, expectStream } from '@onewindow/messaging'
import { type BrokerUnderAuthorization, startNatsUnderAuthorization } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.js'

const AUTHORIZATION = fileURLToPath(new URL('../../../infra/nats/authorization.conf', import.meta.url))
const USERS = [
  'admin',
  'intake',
  'approval',
  'acceptance',
  'utility',
  'registration',
  'gateway',
  'notification',
  'hotline',
]

let broker: BrokerUnderAuthorization
beforeAll(async () => {
  const started = await startNatsUnderAuthorization(AUTHORIZATION, USERS)
  if (!started) throw new Error('no nats-server binary: install nats-server (apt-get install nats-server)')
  broker = started
})
afterAll(async () => {
  await broker?.[Symbol.asyncDispose]()
})

async function cli(env: Record<string, string>) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(['nats', 'setup'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { NATS_URL: broker.server.url, ...env },
    cwd: process.cwd(),
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** Whether `intake`, which may not manage streams, finds the stream its start needs. */
async function intakeFindsStream(): Promise<true | string> {
  const nc = await broker.connectAs('intake')
  try {
    await expectStream(await jetstreamManager(nc), defaultTopology)
    return true
  } catch (err) {
    return String(err)
  } finally {
    await nc.close()
  }
}

describe('onewindow nats setup (the admin provisions the stream; infra/nats/authorization.conf)', () => {
  it('is refused for a service, made by the admin, and idempotent; a service then finds the stream', async () => {
    expect(await intakeFindsStream()).toBe(
      'Error: stream PERMIT does not exist: create it as the NATS admin first (pnpm onewindow nats setup; docs/operations.md)',
    )
    const asService = await cli({ NATS_USER: 'intake', NATS_PASSWORD: broker.passwordOf('intake') })
    expect(asService.code).toBe(1)
    expect(asService.err).toContain('Permissions Violation for Publish to "$JS.API.STREAM.CREATE.PERMIT"')

    const admin = { NATS_USER: 'admin', NATS_PASSWORD: broker.passwordOf('admin') }
    expect(await cli(admin)).toEqual({ code: 0, out: `stream PERMIT is ready on ${broker.server.url}`, err: '' })
    expect(await cli(admin)).toMatchObject({ code: 0 })
    expect(await intakeFindsStream()).toBe(true)
  })

  it('gives the stream STREAM_REPLICAS copies (1 by default); a single server refuses 3 and the stream stays as it was', async () => {
    const admin = { NATS_USER: 'admin', NATS_PASSWORD: broker.passwordOf('admin') }
    const replicasNow = async () => {
      const nc = await broker.connectAs('admin')
      try {
        return (await (await jetstreamManager(nc)).streams.info(defaultTopology.stream)).config.num_replicas
      } finally {
        await nc.close()
      }
    }
    expect(await cli(admin)).toMatchObject({ code: 0 })
    expect(await replicasNow()).toBe(1)
    const three = await cli({ ...admin, STREAM_REPLICAS: '3' })
    expect(three.code).toBe(1)
    expect(three.err).toMatch(/replicas/i)
    expect(await replicasNow()).toBe(1)
    expect(await cli({ ...admin, STREAM_REPLICAS: '0' })).toEqual({
      code: 1,
      out: '',
      err: 'config: STREAM_REPLICAS must be an integer from 1 to 5 (got "0")',
    })
  })

  it("stops a service's start on a stream that is not the platform's for its prefix, not only on a missing one", async () => {
    const nc = await broker.connectAs('admin')
    try {
      const jsm = await jetstreamManager(nc)
      await jsm.streams.add({ name: 'T1', subjects: ['t1.permit.>', 't1.dead-letter.>'] })
      await jsm.streams.add({ name: 'ELSEWHERE', subjects: ['elsewhere.>'] })
      await expect(expectStream(jsm, { ...defaultTopology, stream: 'T1', prefix: 't1' })).resolves.toBeUndefined()
      await expect(expectStream(jsm, { ...defaultTopology, stream: 'T1' })).rejects.toThrow(
        'stream T1 takes t1.dead-letter.>, t1.permit.>, not permit.> and dead-letter.>: set it up as the NATS admin',
      )
      await expect(expectStream(jsm, { ...defaultTopology, stream: 'ELSEWHERE' })).rejects.toThrow(
        'stream ELSEWHERE takes elsewhere.>, not permit.> and dead-letter.>',
      )
    } finally {
      await nc.close()
    }
  })

  it('names the variable at fault before connecting', async () => {
    expect(await cli({ NATS_USER: 'admin' })).toEqual({
      code: 1,
      out: '',
      err: 'config: NATS_PASSWORD is required when NATS_USER is set',
    })
  })
})
