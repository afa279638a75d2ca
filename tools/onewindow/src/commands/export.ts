import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { adminGateway } from '../gateway.js'
import { type Command, UsageError } from '../usage-error.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TABLE = /^SPGL_[A-Z0-9_]{1,60}$/

const usage =
  'usage: onewindow export spgl [--since SEQUENCE | --batch ID] [--format csv|json] [--out DIR] [--gateway URL] [--token TOKEN]'

type Value = string | number | null
type Row = Record<string, Value>

/** The column order of one table: the standard's field names first, as the rows carry them; ours (`X_…`) last. */
export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k)
  const all = [...seen]
  return [...all.filter((k) => !k.startsWith('X_')), ...all.filter((k) => k.startsWith('X_'))]
}

/** RFC 4180 CSV of one table: a header of field names, one CRLF line per row, a cell quoted when it must be. */
export function toCsv(rows: readonly Row[]): string {
  const columns = columnsOf(rows)
  const cell = (v: Value | undefined) => {
    if (v === null || v === undefined) return ''
    const s = String(v)
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
  }
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`
}

/**
 * `export spgl`: asks the gateway for a new national data-sharing export batch (`POST /api/v1/admin/exports`, as an
 * admin) of every row past the watermark — the last batch's, or `--since` — and writes it under `--out` (default
 * `.`) as `spgl-<batch id>/` with one file per table and `batch.json`. Nothing new: no batch, no files, exit 0.
 * `--batch ID` writes a batch made earlier instead (`GET /api/v1/admin/exports/{id}`): the gateway's export job makes
 * them as the rows come (docs/spgl.md), so this is how its batches reach a file.
 */
export const exportCommand: Command = async (args, io) => {
  const [what, ...rest] = args
  if (what !== 'spgl') throw new UsageError(`unknown export "${what ?? ''}"; ${usage}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      since: { type: 'string' },
      batch: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string', default: '.' },
      gateway: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
  })
  const format = values.format
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format "${format}" is not csv or json; ${usage}`)
  let since: number | undefined
  if (values.since !== undefined) {
    // A stream sequence: the rows carry the sequence of the event that wrote them, not an instant (docs/spgl.md).
    if (!/^\d{1,15}$/.test(values.since))
      throw new UsageError(`--since "${values.since}" is not a stream sequence (a whole number); ${usage}`)
    since = Number(values.since)
  }
  if (values.batch !== undefined && !UUID.test(values.batch))
    throw new UsageError(`--batch "${values.batch}" is not a batch id (a lowercase UUID); ${usage}`)
  if (values.batch !== undefined && since !== undefined)
    throw new UsageError(`--batch names a batch made already; --since starts a new one: give one; ${usage}`)
  const { base, token } = adminGateway(values, io.env)
  const res =
    values.batch === undefined
      ? await fetch(`${base}/api/v1/admin/exports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ format, ...(since === undefined ? {} : { since }) }),
        })
      : await fetch(`${base}/api/v1/admin/exports/${values.batch}`, { headers: { authorization: `Bearer ${token}` } })
  const text = await res.text()
  if (res.status !== 200 && res.status !== 201) {
    io.err(`export spgl refused (${res.status}): ${text}`)
    return 1
  }
  const answer = JSON.parse(text) as {
    batch: { id: string; throughSeq: number; rowCount: number; counts: Record<string, number> } | null
    tables: Record<string, Row[]>
    /**
     * Rows the standard cannot carry, refused by this export for good (GET /api/v1/admin/exports lists why); absent
     * for a batch read back, whose refusals were counted when it was made.
     */
    refused?: number
  }
  const refused = answer.refused ?? 0
  if (!answer.batch) {
    io.out(JSON.stringify({ batch: null, rows: 0, refused }))
    return 0
  }
  // The answer names the directory and the files: nothing but a batch id and the standard's table names may, so a
  // gateway answering otherwise (a proxy's page, a wrong service) cannot have a file written outside --out.
  const unsafe = [
    ...(UUID.test(answer.batch.id) ? [] : [`batch id ${JSON.stringify(answer.batch.id)}`]),
    ...Object.keys(answer.tables)
      .filter((t) => !TABLE.test(t))
      .map((t) => `table ${JSON.stringify(t)}`),
  ]
  if (unsafe.length > 0) {
    io.err(`export spgl: the gateway's answer names ${unsafe.join(', ')}; nothing written (batch ${answer.batch.id})`)
    return 1
  }
  const dir = resolve(io.cwd, values.out, `spgl-${answer.batch.id}`)
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const [table, rows] of Object.entries(answer.tables)) {
    const file = join(dir, `${table}.${format}`)
    writeFileSync(file, format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`)
    files.push(file)
  }
  writeFileSync(join(dir, 'batch.json'), `${JSON.stringify(answer.batch, null, 2)}\n`)
  io.out(
    JSON.stringify({
      batch: answer.batch.id,
      rows: answer.batch.rowCount,
      throughSeq: answer.batch.throughSeq,
      counts: answer.batch.counts,
      refused,
      dir,
      files,
    }),
  )
  return 0
}
