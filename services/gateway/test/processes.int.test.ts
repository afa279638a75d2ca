import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createTestSchema, startPrivateNatsServer } from '@onewindow/testing'
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

/** The pids of the processes the supervisor started. */
const children = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

let supervisor: ChildProcess
let exited: Promise<number | null>
let base = ''
/** What the processes wrote (warnings and errors only), for a failure's message. */
let stderr = ''
const cleanups: Array<() => Promise<void>> = []

beforeAll(async () => {
  const nats = await startPrivateNatsServer()
  if (!nats) throw new Error('nats-server is not installed: this test needs one of its own')
  cleanups.push(() => nats[Symbol.asyncDispose]())
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'gwproc')
  cleanups.push(db.drop)
  const url = new URL(inject('databaseUrl'))
  url.searchParams.set('schema', db.schema)
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  supervisor = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      NATS_URL: nats.url,
      PORT: String(port),
      JWT_SECRET: SECRET,
      GATEWAY_WORKERS: '2',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '5000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  supervisor.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  exited = new Promise((resolve) => supervisor.once('exit', (code) => resolve(code)))
}, 120_000)

afterAll(async () => {
  if (supervisor?.exitCode === null) supervisor.kill('SIGKILL')
  for (const pid of supervisor?.pid ? children(supervisor.pid) : []) process.kill(pid, 'SIGKILL')
  for (const cleanup of cleanups.reverse()) await cleanup()
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
    await expect.poll(() => children(pid).length, { timeout: 60_000, message: stderr }).toBe(2)
    const first = children(pid)

    // Both answer as the gateway: authenticated problem+json from the read model, whichever process takes it.
    const supervisorToken = mintToken(SECRET, { sub: 'supervisor-1', role: 'supervisor' })
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${base}/api/v1/projects/01890000-0000-7000-8000-000000000001/status`, {
        headers: { authorization: `Bearer ${supervisorToken}`, connection: 'close' },
      })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { code: string }).code).toBe('GATEWAY_PROJECT_NOT_FOUND')
    }

    // A process that dies after it has served for a while is replaced; the port keeps answering.
    await new Promise((r) => setTimeout(r, 5_500))
    const [victim] = first
    process.kill(victim as number, 'SIGKILL')
    await expect
      .poll(() => children(pid).filter((c) => c !== victim).length, { timeout: 60_000, interval: 250 })
      .toBe(2)
    await expect.poll(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status).toBe(200)

    const running = children(pid)
    supervisor.kill('SIGTERM')
    expect(await exited, stderr).toBe(0)
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
})
