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
  const port = await freePort()
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  let child: ReturnType<typeof spawn> | undefined

  const start = async () => {
    const args = ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', base, '-c', 'fsync=off']
    child = spawn(join(bin, 'postgres'), args, { ...as, stdio: 'ignore' })
    for (let i = 0; i < 300; i++) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
      try {
        await c.connect()
        await c.query('SELECT 1')
        await c.end()
        return
      } catch {
        await c.end().catch(() => {})
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    throw new Error(`postgres did not start on ${url}`)
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

  await start()
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
