import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './nats.js'

export type PrivatePostgres = {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string
  port: number
  /** Stops the server (`fast`: clients are disconnected, as a restart or failover does) and waits for it. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  /** Starts it again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/** The newest PostgreSQL server binaries installed (`/usr/lib/postgresql/<v>/bin`), or `PG_BIN`. */
export const postgresBinDir = (): string | undefined => {
  const fromEnv = process.env['PG_BIN']
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b))
  const newest = versions.at(-1)
  return newest ? join(root, newest, 'bin') : undefined
}

/**
 * A PostgreSQL cluster of the test's own (trust auth, a temp directory, a free port), for tests that stop the
 * database: the machine's shared server must never be stopped under other test files. As root the cluster is
 * owned by and run as `postgres` (PostgreSQL refuses to run as root). Undefined when no binaries are installed.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres | undefined> {
  const bin = postgresBinDir()
  if (!bin) return undefined
  const asRoot = process.getuid?.() === 0
  const pgUser = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined
  const uid = pgUser?.status === 0 ? Number(pgUser.stdout.trim()) : undefined
  if (asRoot && uid === undefined) return undefined
  const gid = asRoot ? Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()) : undefined
  const base = mkdtempSync(join(tmpdir(), 'onewindow-pg-'))
  const dataDir = join(base, 'data')
  if (uid !== undefined && gid !== undefined) chownSync(base, uid, gid)
  // As root, the server runs as `postgres` (spawned with its uid, so signals reach postgres itself).
  const as = uid !== undefined && gid !== undefined ? { uid, gid, cwd: base } : {}
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'],
    {
      ...as,
      encoding: 'utf8',
    },
  )
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  let port = 0
  let url = ''
  let child: ReturnType<typeof spawn> | undefined

  /** Starts the server on `port`; undefined once it answers, else why not (its own log when it exited). */
  const launch = async (): Promise<string | undefined> => {
    const args = ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', base, '-c', 'fsync=off']
    const started = spawn(join(bin, 'postgres'), args, { ...as, stdio: ['ignore', 'ignore', 'pipe'] })
    child = started
    // Its log is read as it comes (a full pipe would stop the server); the start of it is kept to say why it failed.
    let log = ''
    started.stderr?.on('data', (chunk) => {
      if (log.length < 4000) log += String(chunk)
    })
    for (let i = 0; i < 300; i++) {
      if (started.exitCode !== null || started.signalCode !== null)
        return `it exited (${started.exitCode ?? started.signalCode}): ${log.trim()}`
      // Bounded both ways: whatever holds the port may take the connection and never answer.
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000, query_timeout: 1000 })
      try {
        await c.connect()
        await c.query('SELECT 1')
        await c.end()
        return undefined
      } catch {
        await c.end().catch(() => {})
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    return `no connection in time: ${log.trim()}`
  }

  /** Again on the same port and data directory, as a restarted server. */
  const start = async () => {
    const failed = await launch()
    if (failed !== undefined) throw new Error(`postgres did not start on ${url}: ${failed}`)
  }

  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    // SIGINT is PostgreSQL's fast shutdown (clients are disconnected), SIGQUIT its immediate one.
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve())
      c.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT')
    })
  }

  // A free port is free only when asked: the kernel may hand it to another process's outgoing connection (the other
  // Vitest worker opens hundreds) before the server binds it. A server that could not bind gets another port.
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    url = `postgresql://postgres@127.0.0.1:${port}/postgres`
    const failed = await launch()
    if (failed === undefined) break
    if (attempt === 5 || !/could not bind|already in use/i.test(failed)) {
      // Nothing left behind: a server still running without answering is stopped, and its directory removed.
      await stop('immediate')
      rmSync(base, { recursive: true, force: true })
      throw new Error(`postgres did not start on ${url}: ${failed}`)
    }
  }
  return {
    url,
    port,
    stop,
    start,
    async [Symbol.asyncDispose]() {
      await stop()
      rmSync(base, { recursive: true, force: true })
    },
  }
}
