import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { AuthorizationError, nuid, PermissionViolationError } from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { connectNats, defaultTopology, ensureStream, type Topology } from '@onewindow/messaging'

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

export type PrivateNatsServerOptions = {
  /**
   * An authorization file to run under (e.g. the committed `infra/nats/authorization.conf`), included as it is by
   * the server's config: users, passwords and permissions come from that file, its `$VAR`s from `env`.
   */
  authorization?: string
  /** The server's environment (e.g. the passwords an authorization file names); added to this process's. */
  env?: Record<string, string>
}

/**
 * A nats-server of the test's own, for tests that stop the broker (the machine's shared server must not be stopped
 * under other test files) or that run it with users and permissions. Returns undefined when no nats-server binary is
 * installed.
 */
export async function startPrivateNatsServer(
  options: PrivateNatsServerOptions = {},
): Promise<PrivateNatsServer | undefined> {
  const bin = natsServerBinary()
  if (!bin) return undefined
  const port = await freePort()
  const storeDir = mkdtempSync(join(tmpdir(), 'onewindow-nats-'))
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir]
  if (options.authorization) {
    // nats-server resolves an include against the including file's folder, even an absolute path, so the temporary
    // config names the file by its path relative to that folder.
    const config = join(storeDir, 'server.conf')
    writeFileSync(config, `include "${relative(dirname(config), options.authorization)}"\n`)
    args.push('-c', config)
  }
  let child: ReturnType<typeof spawn> | undefined
  const url = `nats://127.0.0.1:${port}`
  const start = async () => {
    const c = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } })
    child = c
    // What the server said before it exited, for the error: a bad config or a taken port, named by the server.
    let said = ''
    c.stderr?.on('data', (chunk: Buffer) => {
      said = (said + chunk.toString()).slice(-2000)
    })
    // Seconds, not milliseconds: on two cores shared by a busy suite JetStream's start was seen to take over 5 s.
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (c.exitCode !== null) throw new Error(`nats-server exited (${c.exitCode}) on ${url}: ${said.trim()}`)
      try {
        const nc = await connect({ servers: url, reconnect: false, timeout: 1_000 })
        await nc.close()
        return
      } catch (err) {
        // Refused for want of credentials: the server is up and answering.
        if (err instanceof AuthorizationError) return
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    throw new Error(`nats-server did not start on ${url} within 30 s: ${said.trim()}`)
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

export type BrokerUnderAuthorization = {
  server: PrivateNatsServer
  /**
   * A new connection as `user`, with its password and inbox prefix, as `connectNats` makes a service's; the caller
   * closes it.
   */
  connectAs(user: string): Promise<NatsConnection>
  /** The password this run gave `user` (for a process or command that takes it from its environment). */
  passwordOf(user: string): string
  /** Every permission violation the server reported to a connection made by `connectAs`, in order. */
  readonly violations: ReadonlyArray<{ user: string; operation: string; subject: string }>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * A private nats-server under an authorization file such as the committed `infra/nats/authorization.conf`, each of
 * `users` given a fresh random password through the `NATS_<USER>_PASSWORD` variable the file reads, so no password
 * is written anywhere and no run depends on another's. Undefined when no nats-server binary is installed.
 */
export async function startNatsUnderAuthorization(
  authorization: string,
  users: readonly string[],
): Promise<BrokerUnderAuthorization | undefined> {
  // nats-server reads a variable's value as config syntax: a leading digit or dash, a space, `#`, `,` or a quote
  // changes or breaks it, and `true` is a boolean. A letter then hex digits is read back as the very string.
  const passwords = new Map(users.map((u) => [u, `p${randomBytes(24).toString('hex')}`]))
  const env = Object.fromEntries(
    [...passwords].map(([u, p]) => [`NATS_${u.toUpperCase().replace(/-/g, '_')}_PASSWORD`, p]),
  )
  const server = await startPrivateNatsServer({ authorization, env })
  if (!server) return undefined
  const passwordOf = (user: string) => {
    const password = passwords.get(user)
    if (password === undefined) throw new Error(`${user} is not one of ${users.join(', ')}`)
    return password
  }
  const violations: Array<{ user: string; operation: string; subject: string }> = []
  const connections: NatsConnection[] = []
  return {
    server,
    violations,
    passwordOf,
    async connectAs(user) {
      const password = passwordOf(user)
      const nc = await connectNats(server.url, user, { user, password })
      connections.push(nc)
      void (async () => {
        for await (const s of nc.status())
          if (s.type === 'error' && s.error instanceof PermissionViolationError)
            violations.push({ user, operation: s.error.operation, subject: s.error.subject })
      })()
      return nc
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(connections.map((c) => (c.isClosed() ? undefined : c.close())))
      await server[Symbol.asyncDispose]()
    },
  }
}
