import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createTestSchema, startPrivateNatsServer, testAssertionKey } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsDir, mintToken } from '../src/index.js'

// GATEWAY_WORKERS: the gateway as several processes on its one port, supervised by the first (service-kit's
// superviseProcesses). Started as `pnpm start` starts it, on a schema and a nats-server of this file's own (each
// process provisions the default stream, which must not be the machine's shared one).

const gatewayDir = fileURLToPath(new URL('..', import.meta.url))
const SECRET = 'gateway-processes-secret-0123456789'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

/** The pids of the gateway processes the supervisor started (not tsx's esbuild service, also its child). */
const children = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'src/main.ts'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

let env: NodeJS.ProcessEnv = {}
let supervisor: ChildProcess
let exited: Promise<number | null>
let base = ''
/** What the processes and their supervisor wrote, for a failure's message and the supervisor's `process listening`. */
let output = ''
const cleanups: Array<() => Promise<void>> = []

/** `node src/main.ts` with GATEWAY_WORKERS=2 on `port`, as `pnpm start` starts the gateway. */
function startGateway(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk) => {
      output += chunk
    })
  }
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  cleanups.push(async () => {
    for (const pid of child.pid ? children(child.pid) : []) process.kill(pid, 'SIGKILL')
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return { child, exit }
}

beforeAll(async () => {
  const nats = await startPrivateNatsServer()
  if (!nats) throw new Error('nats-server is not installed: this test needs one of its own')
  cleanups.push(() => nats[Symbol.asyncDispose]())
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'gwproc', { reader: true })
  cleanups.push(db.drop)
  env = {
    ...process.env,
    // As deployed: the schema's own role, its reader under row-level security, the gateway's assertion key.
    DATABASE_URL: db.url,
    READER_DATABASE_URL: db.readerUrl as string,
    ONEWINDOW_ASSERTION_PRIVATE_KEY: JSON.stringify(testAssertionKey),
    NATS_URL: nats.url,
    JWT_SECRET: SECRET,
    GATEWAY_WORKERS: '2',
    // The supervisor logs at LOG_LEVEL like its processes; its `process listening` lines are info.
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '5000',
  }
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  ;({ child: supervisor, exit: exited } = startGateway(port))
}, 120_000)

afterAll(async () => {
  // Every cleanup is tried, whatever one of them throws: a nats-server or a process left behind outlives the run.
  const failed = []
  for (const cleanup of cleanups.reverse())
    failed.push(
      ...[
        await cleanup().then(
          () => undefined,
          (err) => err,
        ),
      ],
    )
  const errors = failed.filter((e) => e !== undefined)
  if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed')
})

describe('GATEWAY_WORKERS=2', () => {
  it('serves the port from two processes, starts another when one dies, and stops them all on SIGTERM', async () => {
    const pid = supervisor.pid as number
    await expect
      .poll(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status, {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(200)
    // Both listening, by the supervisor's word (a process that has not listened yet and dies is a failed start).
    const listening = () => [...output.matchAll(/"worker":(\d+),"msg":"process listening"/g)].map((m) => Number(m[1]))
    await expect.poll(() => listening().length, { timeout: 90_000 }).toBe(2)
    const first = listening()
    expect(children(pid).sort()).toEqual([...first].sort())

    // Both answer as the gateway: authenticated problem+json from the read model, whichever process takes it.
    const supervisorToken = mintToken(SECRET, { sub: 'supervisor-1', role: 'supervisor' })
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${base}/api/v1/projects/01890000-0000-7000-8000-000000000001/status`, {
        headers: { authorization: `Bearer ${supervisorToken}`, connection: 'close' },
      })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { code: string }).code).toBe('GATEWAY_PROJECT_NOT_FOUND')
    }

    // A process that dies after it listened is replaced; the port keeps answering.
    const [victim] = first
    process.kill(victim as number, 'SIGKILL')
    await expect
      .poll(() => children(pid).filter((c) => c !== victim).length, { timeout: 60_000, interval: 250 })
      .toBe(2)
    await expect.poll(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status).toBe(200)

    const running = children(pid)
    supervisor.kill('SIGTERM')
    expect(await exited, output).toBe(0)
    const alive = running.filter((c) => {
      try {
        process.kill(c, 0)
        return true
      } catch {
        return false
      }
    })
    expect(alive).toEqual([])
  }, 180_000)

  it('stops, exit code 1, when its processes cannot start (the port taken), instead of starting them again', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())))
    const address = taken.address()
    const { child, exit } = startGateway(typeof address === 'object' && address ? address.port : 0)
    expect(await exit, output).toBe(1)
    expect(children(child.pid as number)).toEqual([])
    expect(output).toContain('a process stopped before it listened; stopping the service')
  }, 120_000)
})
