import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'

const entry = fileURLToPath(new URL('./fixtures/service-main.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

const { PATH = '', HOME = '' } = process.env

/** Runs the fixture service's main.ts in its own Node process, as `tsx src/main.ts` would. */
function startEntry(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH, HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk) => {
    out.stdout += chunk
  })
  child.stderr?.on('data', (chunk) => {
    out.stderr += chunk
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return { child, out, exited }
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '')

describe('a service entry with bad configuration', () => {
  it('exits with code 1 and one stderr line naming DATABASE_URL', async () => {
    const { out, exited } = startEntry({ DATABASE_URL: 'not-a-url' })
    expect(await exited).toBe(1)
    expect(lines(out.stderr)).toEqual(['config: DATABASE_URL must be a postgres:// URL (got "not-a-url")'])
    expect(out.stdout).toBe('')
  })

  it('exits with code 1 naming a missing DATABASE_URL', async () => {
    const { out, exited } = startEntry({})
    expect(await exited).toBe(1)
    expect(lines(out.stderr)).toEqual(['config: DATABASE_URL is required but not set'])
  })
})

describe('a service entry with good configuration', () => {
  it('listens, answers /healthz, and exits 0 after SIGTERM', async () => {
    const { child, out, exited } = startEntry({ DATABASE_URL: inject('databaseUrl'), PORT: '0' })
    const address = await listeningAddress(child, out)
    const res = await fetch(`${address}/healthz`)
    expect(res.status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const logged = lines(out.stdout).map((line) => JSON.parse(line) as { msg: string; service?: string })
    expect(logged.map((l) => l.msg)).toContain('shutting down')
    expect(logged.every((l) => l.service === 'fixture')).toBe(true)
    expect(out.stderr).toBe('')
  })
})

async function listeningAddress(child: ChildProcess, out: { stdout: string }): Promise<string> {
  for (;;) {
    const match = /Server listening at (http:\/\/[^"\s]+)/.exec(out.stdout)
    if (match?.[1]) return match[1]
    if (child.exitCode !== null) throw new Error(`entry exited early with ${child.exitCode}`)
    await once(child.stdout ?? child, 'data')
  }
}
