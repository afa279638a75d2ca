import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * scripts/start.sh's supervision (scripts/lib/services.sh) with three stub services in its place: each is a node
 * process under a `sh` that, like pnpm, does not pass signals on. A SIGTERM to the script alone — as `kill` or a
 * supervisor sends it — must reach every stub, and the script must exit only once they have.
 */
describe('start.sh supervision', () => {
  it('a SIGTERM to the script stops every service (pnpm → node chains included) and waits for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onewindow-start-'))
    try {
      writeFileSync(
        join(dir, 'stub.cjs'),
        `const fs = require('node:fs')
const [dir, name] = process.argv.slice(2)
fs.writeFileSync(dir + '/' + name + '.pid', String(process.pid))
process.on('SIGTERM', () => {
  // A service draining: it takes a moment, then says it stopped.
  setTimeout(() => { fs.writeFileSync(dir + '/' + name + '.stopped', 'yes'); process.exit(0) }, 300)
})
setInterval(() => {}, 1000)
`,
      )
      writeFileSync(
        join(dir, 'driver.sh'),
        `set -euo pipefail
source "${root}/scripts/lib/services.sh"
supervise_signals
for name in gateway intake approval; do
  run_service "${dir}/$name.log" sh -c "node ${dir}/stub.cjs ${dir} $name; echo exited"
done
echo started
wait
`,
      )
      const driver = spawn('bash', [join(dir, 'driver.sh')], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      driver.stdout.on('data', (c) => {
        out += c
      })
      const exited = new Promise<{ code: number | null; stubsAliveAtExit: number[] }>((resolve) =>
        driver.once('exit', (code) =>
          resolve({
            code,
            stubsAliveAtExit: ['gateway', 'intake', 'approval']
              .map((n) => Number(readFileSync(join(dir, `${n}.pid`), 'utf8')))
              .filter(alive),
          }),
        ),
      )
      const names = ['gateway', 'intake', 'approval']
      await expect.poll(() => names.every((n) => existsSync(join(dir, `${n}.pid`))), { timeout: 30_000 }).toBe(true)
      expect(out).toContain('started')

      driver.kill('SIGTERM')
      const { code, stubsAliveAtExit } = await exited
      expect(code).toBe(143)
      // Every service got the signal and finished draining before the script exited.
      for (const n of names) expect(existsSync(join(dir, `${n}.stopped`)), n).toBe(true)
      expect(stubsAliveAtExit).toEqual([])
      expect(out).toContain('start: stopping services')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
