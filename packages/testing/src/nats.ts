import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { nuid } from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { defaultTopology, ensureStream, type Topology } from '@onewindow/messaging'

export type TestTopology = {
  topology: Topology
  delete(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/** A stream and subject prefix of the test's own, deleted afterwards (A3's jstest_util pattern). */
export async function createTestTopology(nc: NatsConnection, overrides: Partial<Topology> = {}): Promise<TestTopology> {
  const id = nuid.next().toLowerCase()
  const topology: Topology = {
    ...defaultTopology,
    stream: `T_${id}`,
    prefix: `t${id}`,
    maxAgeMs: 3600_000,
    ...overrides,
  }
  const jsm = await jetstreamManager(nc)
  await ensureStream(jsm, topology)
  const del = async () => {
    if (nc.isClosed()) return
    await jsm.streams.delete(topology.stream).catch(() => {})
  }
  return { topology, delete: del, [Symbol.asyncDispose]: del }
}

export const natsServerBinary = (): string | undefined => {
  for (const candidate of [
    process.env['NATS_SERVER_BIN'],
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    'nats-server',
  ]) {
    if (!candidate) continue
    if (spawnSync(candidate, ['--version']).status === 0) return candidate
  }
  return undefined
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export type PrivateNatsServer = {
  url: string
  /** Stops the server (SIGTERM, or SIGKILL for an unclean stop) and waits for it to exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Starts it again on the same port with the same store directory. */
  start(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * A nats-server of the test's own, for tests that stop the broker: the machine's shared server must not be
 * stopped under other test files. Returns undefined when no nats-server binary is installed.
 */
export async function startPrivateNatsServer(): Promise<PrivateNatsServer | undefined> {
  const bin = natsServerBinary()
  if (!bin) return undefined
  const port = await freePort()
  const storeDir = mkdtempSync(join(tmpdir(), 'onewindow-nats-'))
  let child: ReturnType<typeof spawn> | undefined
  const url = `nats://127.0.0.1:${port}`
  const start = async () => {
    child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      try {
        const nc = await connect({ servers: url, reconnect: false, timeout: 500 })
        await nc.close()
        return
      } catch {
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    throw new Error(`nats-server did not start on ${url}`)
  }
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const c = child
    if (!c || c.exitCode !== null) return
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve())
      c.kill(signal)
    })
  }
  await start()
  return {
    url,
    stop,
    start,
    async [Symbol.asyncDispose]() {
      await stop()
      rmSync(storeDir, { recursive: true, force: true })
    },
  }
}
