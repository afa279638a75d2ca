// `pnpm start` on a Debian or Ubuntu machine without PostgreSQL or nats-server: the start script's detection
// (scripts/lib/prerequisites.sh, which scripts/start.sh sources) run with both hidden from it — a PATH and install
// directories that lack them. As root it installs them with apt-get, saying so; otherwise it prints the one command
// and installs nothing. apt-get here is a stand-in on the hidden PATH that only records how it was called.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { read, repo } from './deploy-checks.js'

const LIB = join(repo, 'scripts/lib/prerequisites.sh')
const root = mkdtempSync(join(tmpdir(), 'onewindow-bare-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let n = 0
/** A machine of its own: an empty PATH directory, no PostgreSQL under lib/, no nats-server under sbin/. */
function machine() {
  const dir = join(root, String(n++))
  const m = { bin: join(dir, 'bin'), lib: join(dir, 'lib/postgresql'), sbin: join(dir, 'sbin'), etc: join(dir, 'etc') }
  for (const d of Object.values(m)) mkdirSync(d, { recursive: true })
  return { ...m, calls: join(dir, 'apt-calls') }
}
type Machine = ReturnType<typeof machine>

function executable(path: string, text = '#!/bin/sh\nexit 0\n') {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  chmodSync(path, 0o755)
}

/** An apt-get that records its arguments, one call a line, and installs nothing. */
const recordingAptGet = (m: Machine) => executable(join(m.bin, 'apt-get'), `#!/bin/sh\necho "$*" >> '${m.calls}'\n`)

/** Runs the script's functions in bash as `start.sh` does, with the machine's PATH and directories. */
function detect(m: Machine, uid: number, wanted = ['postgresql', 'nats-server']) {
  const script = `
    source '${LIB}'
    missing=$(missing_packages '${m.bin}' '${m.lib}' '${m.sbin}' ${wanted.join(' ')})
    echo "missing=[$missing]"
    [ -z "$missing" ] || install_packages ${uid} '${m.bin}' '${m.etc}' $missing
  `
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' })
  const calls = existsSync(m.calls) ? readFileSync(m.calls, 'utf8').trim().split('\n') : []
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls }
}

describe('pnpm start on a bare Debian/Ubuntu machine (scripts/lib/prerequisites.sh)', () => {
  it('as a user: names both missing, prints the one apt-get command, installs nothing, stops', () => {
    const m = machine()
    recordingAptGet(m)
    const r = detect(m, 1000)
    expect(r.stdout).toContain('missing=[postgresql nats-server]')
    expect(r.stderr).toContain('  sudo apt-get install -y --no-install-recommends postgresql nats-server\n')
    expect(r.status).toBe(1)
    expect(r.calls).toEqual([])
  })

  it('as root: says so and installs both from the distribution, PostgreSQL without a cluster of its own', () => {
    const m = machine()
    recordingAptGet(m)
    // What postgresql-common installs: its cluster defaults, the main cluster commented in.
    mkdirSync(join(m.etc, 'postgresql-common'))
    writeFileSync(join(m.etc, 'postgresql-common/createcluster.conf'), '# defaults\n#create_main_cluster = true\n')
    const r = detect(m, 0)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(
      "start: installing postgresql nats-server from the distribution's packages (apt-get, as root)",
    )
    expect(r.calls).toEqual([
      'update -q',
      'install -y -q --no-install-recommends postgresql-common',
      'install -y -q --no-install-recommends postgresql nats-server',
    ])
    expect(readFileSync(join(m.etc, 'postgresql-common/createcluster.conf'), 'utf8')).toBe(
      '# defaults\ncreate_main_cluster = false\n',
    )
  })

  it('asks only for what is missing, and nothing when both are there (Debian layouts)', () => {
    const m = machine()
    recordingAptGet(m)
    executable(join(m.lib, '15/bin/pg_ctl'))
    expect(detect(m, 1000)).toMatchObject({ status: 1, calls: [] })
    expect(detect(m, 1000).stderr).toContain('sudo apt-get install -y --no-install-recommends nats-server\n')
    executable(join(m.sbin, 'nats-server'))
    expect(detect(m, 0)).toMatchObject({ status: 0, stdout: 'missing=[]\n', calls: [] })
  })

  it('asks only about the servers that do not answer', () => {
    const m = machine()
    recordingAptGet(m)
    const r = detect(m, 1000, ['nats-server'])
    expect(r.stdout).toContain('missing=[nats-server]')
    expect(r.stderr).toContain('--no-install-recommends nats-server\n')
  })

  it('picks the newest PostgreSQL installed, and pg_ctl on the PATH when none is in the lib directory', () => {
    const m = machine()
    executable(join(m.lib, '9.6/bin/pg_ctl'))
    executable(join(m.lib, '17/bin/pg_ctl'))
    executable(join(m.lib, '15/bin/pg_ctl'))
    const newest = spawnSync('bash', ['-c', `source '${LIB}'; postgres_bin_dir '${m.bin}' '${m.lib}'`], {
      encoding: 'utf8',
    })
    expect(newest.stdout.trim()).toBe(join(m.lib, '17/bin'))
    const other = machine()
    executable(join(other.bin, 'pg_ctl'))
    const onPath = spawnSync('bash', ['-c', `source '${LIB}'; postgres_bin_dir '${other.bin}' '${other.lib}'`], {
      encoding: 'utf8',
    })
    expect(onPath.stdout.trim()).toBe(other.bin)
  })

  it('without apt-get: says it is not Debian or Ubuntu and installs nothing, even as root', () => {
    const m = machine()
    const r = detect(m, 0)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('there is no apt-get (not Debian or Ubuntu)')
  })

  it('is what scripts/start.sh runs, with the real PATH, the distribution directories and its uid', () => {
    const start = read('scripts/start.sh')
    expect(start).toContain('source scripts/lib/prerequisites.sh')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's own expansion, as start.sh spells it
    expect(start).toContain('missing_packages "$PATH" /usr/lib/postgresql /usr/sbin "${wanted[@]}"')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's own expansion, as start.sh spells it
    expect(start).toContain('install_packages "$(id -u)" "$PATH" /etc "${missing[@]}" || exit 1')
  })
})
