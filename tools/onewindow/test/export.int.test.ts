import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-export-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The CLI in a process of its own, exactly as `pnpm onewindow …` runs it, without blocking the stand-in gateway. */
const run = (...args: string[]) =>
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

/** A stand-in gateway answering `POST /api/v1/admin/exports` (or a batch's GET) with `answers` in turn, recording what it was sent. */
async function gateway(answers: Array<{ status: number; body: unknown }>) {
  const seen: Array<{ method: string | undefined; url: string | undefined; auth: string | undefined; body: unknown }> =
    []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.on('data', (d) => {
      text += d
    })
    req.on('end', () => {
      // A GET (`--batch`) sends no body.
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      })
      const answer = answers[seen.length - 1] ?? { status: 500, body: {} }
      res.writeHead(answer.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() }
}

const batch = {
  id: '0190f5a0-0000-7000-8000-0000000000b1',
  createdAt: '2026-03-16T01:00:00.000Z',
  createdBy: 'admin-1',
  sinceSeq: 0,
  throughSeq: 51,
  format: 'csv',
  rowCount: 3,
  counts: { SPGL_XMJBXXB: 1, SPGL_XMSPSXBLXXXXB: 2 },
  status: 'sent',
}
const tables = {
  SPGL_XMJBXXB: [{ DFSJZJ: 'p1', XMMC: '厂房, 一期', ZTZE: 8000 }],
  SPGL_XMSPSXBLXXXXB: [
    { DFSJZJ: 'e1', BLZT: 3, BLYJ: null, X_TBCX_KIND: null },
    { DFSJZJ: 'e2', BLZT: 9, BLYJ: '专家"评审"', X_TBCX_KIND: 'expert-review' },
  ],
}

describe('onewindow export spgl', () => {
  it('asks the gateway for a batch past the watermark and writes one file per table and batch.json', async () => {
    const g = await gateway([{ status: 201, body: { batch, tables, refused: 2 } }])
    try {
      const r = await run(
        'export',
        'spgl',
        '--since',
        '7',
        '--out',
        join(dataDir, 'out'),
        '--gateway',
        g.url,
        '--token',
        'jwt',
      )
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(g.seen).toEqual([
        { method: 'POST', url: '/api/v1/admin/exports', auth: 'Bearer jwt', body: { format: 'csv', since: 7 } },
      ])
      const dir = join(dataDir, 'out', `spgl-${batch.id}`)
      expect(readdirSync(dir).sort()).toEqual(['SPGL_XMJBXXB.csv', 'SPGL_XMSPSXBLXXXXB.csv', 'batch.json'])
      expect(readFileSync(join(dir, 'SPGL_XMJBXXB.csv'), 'utf8')).toBe('DFSJZJ,XMMC,ZTZE\r\np1,"厂房, 一期",8000\r\n')
      expect(readFileSync(join(dir, 'SPGL_XMSPSXBLXXXXB.csv'), 'utf8')).toBe(
        'DFSJZJ,BLZT,BLYJ,X_TBCX_KIND\r\ne1,3,,\r\ne2,9,"专家""评审""",expert-review\r\n',
      )
      expect(JSON.parse(readFileSync(join(dir, 'batch.json'), 'utf8'))).toEqual(batch)
      expect(JSON.parse(r.out)).toMatchObject({
        batch: batch.id,
        rows: 3,
        throughSeq: 51,
        counts: batch.counts,
        refused: 2,
      })
    } finally {
      g.close()
    }
  })

  it('writes a batch made earlier with --batch (the export job’s), read back by its id; not with --since too', async () => {
    const made = { ...batch, id: '0190f5a0-0000-7000-8000-0000000000b3', createdBy: 'gateway-spgl-export-job' }
    const g = await gateway([{ status: 200, body: { batch: made, tables } }])
    try {
      const r = await run(
        'export',
        'spgl',
        '--batch',
        made.id,
        '--out',
        join(dataDir, 'batch'),
        '--gateway',
        g.url,
        '--token',
        'jwt',
      )
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(g.seen).toEqual([
        { method: 'GET', url: `/api/v1/admin/exports/${made.id}`, auth: 'Bearer jwt', body: undefined },
      ])
      const dir = join(dataDir, 'batch', `spgl-${made.id}`)
      expect(readdirSync(dir).sort()).toEqual(['SPGL_XMJBXXB.csv', 'SPGL_XMSPSXBLXXXXB.csv', 'batch.json'])
      expect(JSON.parse(r.out)).toMatchObject({ batch: made.id, rows: 3, refused: 0 })
    } finally {
      g.close()
    }
    for (const args of [
      ['--batch', 'not-an-id'],
      ['--batch', batch.id, '--since', '7'],
    ]) {
      const bad = await run('export', 'spgl', ...args, '--token', 'jwt')
      expect(bad.code).toBe(2)
      expect(bad.err).toMatch(/--batch/)
    }
  })

  it('writes nothing when the answer names a table or batch that is not one (no file outside --out)', async () => {
    const g = await gateway([
      { status: 201, body: { batch, tables: { ...tables, '../../escaped': [{ A: 1 }] } } },
      { status: 201, body: { batch: { ...batch, id: '../up' }, tables } },
    ])
    try {
      for (const said of ['table "../../escaped"', 'batch id "../up"']) {
        const r = await run('export', 'spgl', '--out', join(dataDir, 'unsafe'), '--gateway', g.url, '--token', 'jwt')
        expect(r.code).toBe(1)
        expect(r.err).toContain(said)
      }
      expect(existsSync(join(dataDir, 'unsafe'))).toBe(false)
      expect(existsSync(join(dataDir, 'escaped.csv'))).toBe(false)
    } finally {
      g.close()
    }
  })

  it('writes JSON with --format json; nothing new: no batch, no files, exit 0', async () => {
    const g = await gateway([
      { status: 201, body: { batch: { ...batch, id: '0190f5a0-0000-7000-8000-0000000000b2' }, tables, refused: 0 } },
      { status: 200, body: { batch: null, tables: {}, refused: 1 } },
    ])
    try {
      const first = await run(
        'export',
        'spgl',
        '--format',
        'json',
        '--out',
        join(dataDir, 'json'),
        '--gateway',
        g.url,
        '--token',
        'jwt',
      )
      expect(first.code).toBe(0)
      const dir = join(dataDir, 'json', 'spgl-0190f5a0-0000-7000-8000-0000000000b2')
      expect(JSON.parse(readFileSync(join(dir, 'SPGL_XMSPSXBLXXXXB.json'), 'utf8'))).toEqual(tables.SPGL_XMSPSXBLXXXXB)
      const second = await run('export', 'spgl', '--out', join(dataDir, 'again'), '--gateway', g.url, '--token', 'jwt')
      expect(second.code).toBe(0)
      expect(JSON.parse(second.out)).toEqual({ batch: null, rows: 0, refused: 1 })
      expect(existsSync(join(dataDir, 'again'))).toBe(false)
      expect(g.seen.map((s) => s.body)).toEqual([{ format: 'json' }, { format: 'csv' }])
    } finally {
      g.close()
    }
  })

  it('prints the gateway’s refusal (exit 1); refuses a watermark that is not a sequence and a missing token (exit 2)', async () => {
    const g = await gateway([{ status: 403, body: { code: 'GATEWAY_FORBIDDEN' } }])
    try {
      const refused = await run('export', 'spgl', '--gateway', g.url, '--token', 'jwt')
      expect(refused.code).toBe(1)
      expect(refused.err).toMatch(/refused \(403\).*GATEWAY_FORBIDDEN/)
    } finally {
      g.close()
    }
    const bad = await run('export', 'spgl', '--since', '2026-03-01', '--token', 'jwt')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--since/)
    const noToken = await run('export', 'spgl')
    expect(noToken.code).toBe(2)
    expect(noToken.err).toMatch(/--token/)
  })
})
