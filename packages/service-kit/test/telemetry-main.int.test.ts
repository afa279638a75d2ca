import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'

const entry = fileURLToPath(new URL('./fixtures/instrumented-main.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const { PATH = '', HOME = '' } = process.env

describe('telemetry set up the way main.ts does it', () => {
  it('sees pg load after it starts, and puts the pg query in the incoming trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: { PATH, HOME, DATABASE_URL: inject('databaseUrl') },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    const seen = JSON.parse(stdout) as {
      pgLoadedBeforeTelemetry: boolean
      status: number
      traceId: string
      spans: Array<{ name: string; traceId: string }>
    }
    expect(seen.pgLoadedBeforeTelemetry).toBe(false)
    expect(seen.status).toBe(200)
    const inTrace = seen.spans.filter((s) => s.traceId === seen.traceId).map((s) => s.name)
    expect(inTrace).toContain('request')
    expect(inTrace.some((name) => name.startsWith('pg.query'))).toBe(true)
  })
})
