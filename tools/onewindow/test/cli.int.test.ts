import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jwtVerify } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-cli-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs the CLI as a separate process, exactly as `pnpm onewindow …` does (tsx on main.ts). */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function file(name: string, content: unknown): string {
  const path = join(dataDir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('onewindow clock due', () => {
  it('prints one JSON object with the due date and its explanation', () => {
    const r = run('clock', 'due', '--from', '2025-09-30', '--limit', '20W', '--pause', '2025-10-15:2025-10-17')
    expect(r.code).toBe(0)
    expect(r.out.trim().split('\n')).toHaveLength(1)
    const result = JSON.parse(r.out) as { due: string; provisional: boolean; explanation: Array<{ text: string }> }
    expect(Object.keys(result)).toEqual(['due', 'provisional', 'explanation'])
    expect(result).toMatchObject({ due: '2025-11-07', provisional: false })
    expect(result.explanation.map((e) => e.text)).toEqual([
      '20 W from 2025-09-30',
      '10-01..10-08 national holiday (国庆节、中秋节)',
      '10-11 is a make-up workday (国庆节、中秋节)',
      '补正 10-15..10-17 not counted',
      'due 2025-11-07',
    ])
  })

  it.each([
    [['--from', '2025-02-30', '--limit', '5W'], /^--from "2025-02-30" is not a real date/],
    [['--from', '2026-13-01', '--limit', '5W'], /^--from "2026-13-01" is not a real date/],
    [['--from', '2026-04-31', '--limit', '5W'], /^--from "2026-04-31" is not a real date/],
    [['--from', '0000-00-00', '--limit', '5W'], /^--from "0000-00-00" is not a real date/],
    [
      ['--from', '9999-12-31', '--limit', '5W'],
      /^--from "9999-12-31" is outside the supported dates 2000-01-01 to 2099-12-31/,
    ],
    [['--from', '1999-12-31', '--limit', '5W'], /^--from "1999-12-31" is outside the supported dates/],
    [
      ['--from', '2025-09-30', '--limit', '5W', '--pause', '2025-10-15:2025-02-30'],
      /^--pause "2025-10-15:2025-02-30": "2025-02-30" is not a real date/,
    ],
    [
      ['--from', '2025-09-30', '--limit', '5W', '--pause', '2025-10-15:9999-01-01'],
      /^--pause "2025-10-15:9999-01-01": "9999-01-01" is outside the supported dates/,
    ],
    [
      ['--from', '2025-09-30', '--limit', '5W', '--pause', '2025-10-17:2025-10-16:expert-review'],
      /^--pause "2025-10-17:2025-10-16:expert-review" ends before it starts/,
    ],
    [['--from', '2025-09-30', '--limit', '20X'], /^--limit "20X" is not a limit/],
    [
      ['--from', '2025-09-30', '--limit', '5W', '--pause', '2025-10-17:2025-10-15'],
      /^--pause "2025-10-17:2025-10-15" ends before it starts/,
    ],
    [['--from', '2025-09-30', '--limit', '5W', '--region', 'Qinzhou'], /^--region "Qinzhou"/],
    [['--limit', '5W'], /^--from is required/],
    [['--from', '2025-09-30', '--limit', '5W', '--colour', 'red'], /--colour/],
  ])('refuses %j with one sentence naming the argument', (args, message) => {
    const r = run('clock', 'due', ...args)
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err.trim()).toMatch(message)
  })
})

describe('onewindow calendar import', () => {
  it('adds a year that later runs load, lifting the provisional mark', () => {
    const before = JSON.parse(run('clock', 'due', '--from', '2026-12-24', '--limit', '10W').out)
    expect(before).toMatchObject({ due: '2027-01-07', provisional: true })
    const year = file('2027.json', {
      year: 2027,
      source: { title: 'test schedule for 2027' },
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      workdays: [],
    })
    const imported = run('calendar', 'import', year)
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out)).toMatchObject({ imported: 'year 2027', replaced: false })
    const after = JSON.parse(run('clock', 'due', '--from', '2026-12-24', '--limit', '10W').out)
    expect(after).toMatchObject({ due: '2027-01-08', provisional: false })
    expect(run('calendar', 'list').out).toContain('2027  test schedule for 2027')
  })

  it('imports a regional overlay that --region applies', () => {
    const overlay = file('guangxi.json', {
      region: '450000',
      name: '广西 (test overlay)',
      source: { title: 'test overlay' },
      restDays: [{ name: '壮族三月三', from: '2025-03-31', to: '2025-04-01' }],
    })
    expect(run('calendar', 'import', overlay).code).toBe(0)
    const local = JSON.parse(run('clock', 'due', '--from', '2025-03-28', '--limit', '3W', '--region', '450700').out)
    const national = JSON.parse(run('clock', 'due', '--from', '2025-03-28', '--limit', '3W').out)
    expect(local.due).toBe('2025-04-07')
    expect(national.due).toBe('2025-04-02')
  })

  it('refuses an invalid year, listing its problems, and stores nothing', () => {
    const bad = file('bad.json', {
      year: 2028,
      source: { title: 'x' },
      holidays: [],
      workdays: [{ date: '2028-01-05', for: '' }],
    })
    const r = run('calendar', 'import', bad)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/2028-01-05 is a weekday/)
    expect(r.err).toMatch(/for must name the holiday/)
    expect(run('calendar', 'list').out).not.toContain('2028')
  })

  it.each([
    [{ name: '元旦', from: '2029-02-30', to: '2029-03-01' }, /2029-02-30/],
    [{ name: '元旦', from: '2029-13-01', to: '2029-13-02' }, /2029-13-01/],
    [{ name: '元旦', from: '2029-01-03', to: '2029-01-01' }, /ends \(2029-01-01\) before it starts \(2029-01-03\)/],
  ])(
    'refuses a year holding an impossible or reversed period %j, naming it, and stores nothing',
    (holiday, message) => {
      const bad = file('bad-dates.json', { year: 2029, source: { title: 'x' }, holidays: [holiday], workdays: [] })
      const r = run('calendar', 'import', bad)
      expect(r.code).toBe(1)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toMatch(/holidays\[0\]/)
      expect(r.err).toMatch(message)
      expect(run('calendar', 'list').out).not.toContain('2029')
    },
  )

  it('refuses a year outside the supported range', () => {
    const r = run(
      'calendar',
      'import',
      file('9999.json', { year: 9999, source: { title: 'x' }, holidays: [], workdays: [] }),
    )
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/year must be an integer between 2000 and 2099/)
  })
})

describe('onewindow catalogue', () => {
  it('validates the bundled catalogues, showing warnings', () => {
    const r = run('catalogue', 'validate')
    expect(r.code).toBe(0)
    expect(r.out).toContain('440600: valid')
    expect(r.out).toMatch(/441500: valid, 4 warning\(s\)/)
    expect(r.out).toMatch(/the step limits add up to 13 W but the cap is 8 W/)
  })

  it('refuses a district file with unknown references, listing every problem with the inherited warning', () => {
    const doc = file(
      'broken.yaml',
      [
        "region: { code: '440604', name: { zh: 禅城区, en: Chancheng }, parent: '440600' }",
        "version: '2025.1'",
        'items:',
        '  - { code: fire-design-review, department: fire-brigade }',
        'projectTypes:',
        '  - { code: power-grid, acceptance: { lead: nobody, registrationWithAcceptance: false, source: seeds/004_33317a5f04b53a73.txt:2215 } }',
      ].join('\n'),
    )
    const r = run('catalogue', 'validate', doc, '--json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.out) as {
      ok: boolean
      regions: Array<{ problems: Array<{ code: string; path: string }> }>
    }
    expect(report.ok).toBe(false)
    expect(report.regions[0]?.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CATALOGUE_UNKNOWN_DEPARTMENT items[fire-design-review].department',
      'CATALOGUE_UNKNOWN_DEPARTMENT projectTypes[power-grid].acceptance.lead',
      'CATALOGUE_STEP_WITHOUT_LIMIT projectTypes[social-simple-low-risk].steps',
    ])
  })

  it('shows a flow with each step limit and the total', () => {
    const text = run('catalogue', 'show', 'power-grid')
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/cap 20 W from land-use-applied to completion-acceptance-completed/)
    expect(text.out).toContain('total of steps: 20 W = cap')
    const json = JSON.parse(run('catalogue', 'show', 'social-simple-low-risk', '--region', '441500', '--json').out)
    expect(json.steps.map((s: { limit: { value: number } }) => s.limit.value)).toEqual([3, 4, 5, 1])
    expect(json).toMatchObject({ region: '441500', stepTotal: { value: 13 }, capMatchesSteps: false })
    const unknown = run('catalogue', 'show', 'skyscraper')
    expect(unknown.code).toBe(2)
    expect(unknown.err.trim()).toMatch(/^<type> "skyscraper"/)
  })
})

describe('onewindow catalogue upload', () => {
  /** The CLI in a process of its own, without blocking this one: the stand-in gateway below answers it. */
  const runAsync = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
        env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_TOKEN: '' },
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.stderr.on('data', (d) => {
        err += d
      })
      child.on('close', (code) => done({ code, out, err }))
    })

  it('sends the document as JSON with the token, and prints every problem the gateway lists (exit 1)', async () => {
    const seen: Array<{ url: string | undefined; auth: string | undefined; body: { document: { version: string } } }> =
      []
    const server = createServer((req, res) => {
      let text = ''
      req.on('data', (d) => {
        text += d
      })
      req.on('end', () => {
        seen.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(text) })
        res.writeHead(422, { 'content-type': 'application/problem+json' })
        res.end(
          JSON.stringify({
            code: 'INTAKE_CATALOGUE_INVALID',
            detail: 'The catalogue document has 1 error(s); nothing was stored.',
            region: '441500',
            problems: [
              { severity: 'error', code: 'CATALOGUE_UNKNOWN_DEPARTMENT', path: 'items[x].department', message: 'no' },
              {
                severity: 'warning',
                code: 'CATALOGUE_CAP_MISMATCH',
                path: 'projectTypes[t].cap',
                message: 'both kept',
              },
            ],
          }),
        )
      })
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    try {
      const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const doc = file(
        'upload.yaml',
        "region: { code: '441500', name: { zh: 汕尾市, en: Shanwei }, parent: '440000' }\nversion: '2026.2'\n",
      )
      const r = await runAsync('catalogue', 'upload', doc, '--token', 'admin-jwt', '--gateway', gateway)
      expect(r.code).toBe(1)
      expect(seen).toEqual([
        {
          url: '/api/v1/admin/catalogue/versions',
          auth: 'Bearer admin-jwt',
          body: { document: expect.objectContaining({ version: '2026.2' }) },
        },
      ])
      expect(r.out.split('\n').filter(Boolean)).toEqual([
        '441500: 1 error(s), 1 warning(s)',
        '  error CATALOGUE_UNKNOWN_DEPARTMENT items[x].department: no',
        '  warning CATALOGUE_CAP_MISMATCH projectTypes[t].cap: both kept',
      ])
    } finally {
      server.close()
    }
  })

  it('needs a token', async () => {
    const r = await runAsync('catalogue', 'upload', 'x.yaml')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--token/)
  })
})

describe('onewindow token', () => {
  const token = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'token', ...args], {
      env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir, JWT_SECRET: '', ...env },
      encoding: 'utf8',
    })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }

  it('prints one HS256 token signed with JWT_SECRET, carrying the role and department', () => {
    const r = token({ JWT_SECRET: 'cli-test-secret-0123456789' }, '--role', 'reviewer', '--department', 'housing')
    expect(r.code).toBe(0)
    const [header, payload] = r.out
      .trim()
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()))
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toMatchObject({ role: 'reviewer', department: 'housing', sub: 'reviewer-housing' })
    expect(payload.exp - payload.iat).toBe(8 * 3600)
  })

  it('carries the provider of a utility token', () => {
    const r = token({ JWT_SECRET: 'cli-test-secret-0123456789' }, '--role', 'utility', '--provider', 'water')
    expect(r.code).toBe(0)
    const payload = JSON.parse(Buffer.from(r.out.trim().split('.')[1] ?? '', 'base64url').toString())
    expect(payload).toMatchObject({ role: 'utility', provider: 'water', sub: 'utility-water' })
  })

  it('mints one token per line of stdin in one process start (--stdin), in order; a bad line names itself', async () => {
    const secret = 'cli-test-secret-0123456789'
    const lines = [
      '--role clerk',
      '--role reviewer --department housing',
      '--role owner --credit-code 91441500MA51XY201H',
    ]
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'token', '--stdin'], {
      env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir, JWT_SECRET: secret },
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    const tokens = r.stdout.trim().split('\n')
    expect(tokens).toHaveLength(3)
    const key = new TextEncoder().encode(secret)
    const roles = await Promise.all(tokens.map(async (t) => (await jwtVerify(t, key)).payload['role']))
    expect(roles).toEqual(['clerk', 'reviewer', 'owner'])

    const bad = spawnSync(process.execPath, ['--import', 'tsx', main, 'token', '--stdin'], {
      env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir, JWT_SECRET: secret },
      input: '--role clerk\n--role reviewer\n',
      encoding: 'utf8',
    })
    expect(bad.status).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr.trim()).toMatch(/^line 2: a reviewer token needs --department/)
  })

  it('signs with the key `pnpm start` left in the data directory when JWT_SECRET is not set', async () => {
    const started = mkdtempSync(join(tmpdir(), 'onewindow-started-'))
    writeFileSync(join(started, 'jwt-secret'), 'key-made-by-pnpm-start-0123456789\n')
    const r = token({ ONEWINDOW_DATA_DIR: started }, '--role', 'clerk')
    expect(r.code).toBe(0)
    const key = new TextEncoder().encode('key-made-by-pnpm-start-0123456789')
    await expect(jwtVerify(r.out.trim(), key)).resolves.toMatchObject({ payload: { role: 'clerk' } })
    await expect(jwtVerify(r.out.trim(), new TextEncoder().encode('another key'))).rejects.toThrow()
    rmSync(started, { recursive: true, force: true })
  })

  it.each([
    [['--role', 'reviewer', '--secret', 'x'], /^a reviewer token needs --department/],
    [['--role', 'owner', '--secret', 'x'], /^an owner token needs --credit-code/],
    [['--role', 'wizard', '--secret', 'x'], /^--role "wizard" is not one of/],
    [['--role', 'lead', '--secret', 'x'], /^a lead token needs --department/],
    [['--role', 'utility', '--secret', 'x'], /^a utility token needs --provider/],
    [['--role', 'utility', '--provider', 'oil', '--secret', 'x'], /^--provider "oil" is not one of/],
    [['--role', 'reviewer', '--department', 'd', '--region', '44060', '--secret', 'x'], /^--region "44060" is not/],
    [['--role', 'clerk', '--region', '440600', '--secret', 'x'], /^a clerk token may not carry --region/],
    [['--role', 'clerk'], /^no signing secret: set JWT_SECRET, pass --secret, or run `pnpm start` once/],
    [['--role', 'clerk', '--secret', 'x', '--ttl', 'soon'], /^--ttl "soon"/],
    [['--secret', 'x'], /^--role is required/],
  ])('refuses %j with one sentence and exit code 2', (args, message) => {
    const r = token({}, ...args)
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err.trim()).toMatch(message)
  })
})

describe('onewindow assertion-keys', () => {
  it('makes a gateway key, and the JWKS services trust from keys and JWKS files, merged by kid', async () => {
    const made = run('assertion-keys', 'new', '--kid', '2026-12')
    expect(made.code).toBe(0)
    const key = JSON.parse(made.out) as Record<string, string>
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: '2026-12', alg: 'EdDSA' })
    expect(key['d']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const first = file('first.jwk.json', made.out)
    const jwks = run('assertion-keys', 'jwks', first)
    expect(jwks.code).toBe(0)
    expect(JSON.parse(jwks.out)).toEqual({
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: key['x'], kid: '2026-12', alg: 'EdDSA', use: 'sig' }],
    })
    // A rotation: the current JWKS and the next key, the current key named once.
    const next = file('next.jwk.json', run('assertion-keys', 'new', '--kid', '2027-01').out)
    const both = run('assertion-keys', 'jwks', file('current.jwks.json', jwks.out), first, next)
    expect(both.code).toBe(0)
    expect(
      (JSON.parse(both.out) as { keys: Array<{ kid: string; d?: string }> }).keys.map((k) => [k.kid, k.d]),
    ).toEqual([
      ['2026-12', undefined],
      ['2027-01', undefined],
    ])
  })

  it.each([
    [['new'], /^--kid is required/],
    [['new', '--kid', 'a b'], /^--kid "a b" must be 1 to 64 letters/],
    [['jwks'], /^jwks: name at least one file/],
    [['rotate'], /^usage: onewindow assertion-keys/],
  ])('refuses %j with exit code 2 and one sentence', (args, message) => {
    const r = run('assertion-keys', ...args)
    expect(r.code).toBe(2)
    expect(r.err.trim()).toMatch(message)
  })
})
