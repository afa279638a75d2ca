import { Uuid } from '@onewindow/contracts'
import { isInstantKey } from '@onewindow/db'
import { ProblemError } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { EXPORT_MAX_ROWS, type ExportedRow, type ExportKey, REFUSED_ROW_MAX } from '../db/spgl.js'
import { SPGL_TABLES } from '../domain/spgl.js'
import { keyCursor, UUID } from '../http/cursor.js'
import { authorised, type RoutePlugin } from './plugin.js'

const Batch = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  sinceSeq: Type.Integer({ description: 'the watermark (stream sequence) it started after' }),
  throughSeq: Type.Integer({ description: 'the watermark it reached: the next export starts after it' }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  rowCount: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'rows per SPGL_* table' }),
  status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
})

const Refused = Type.Integer({
  minimum: 0,
  description: 'rows the standard cannot carry, refused for good (a terminal state; their reasons in the list)',
})
const RefusedRow = Type.Object({
  table: Type.String({ maxLength: REFUSED_ROW_MAX.table }),
  key: Type.String({ maxLength: REFUSED_ROW_MAX.key }),
  seq: Type.Integer({ description: 'the stream sequence of the event that wrote it' }),
  reason: Type.String({ maxLength: REFUSED_ROW_MAX.reason }),
})

/** The most batches (and refused rows) one list answers: `limit` at most. */
const LIST_MAX = 100

// `[createdAt, id]` of the page's last batch; the instant as PostgreSQL writes it, any the column holds.
const cursors = keyCursor<ExportKey>({
  parts: (k) => [k.createdAt, k.id],
  key: (parts) => {
    const [createdAt, id] = parts
    if (parts.length !== 2 || typeof createdAt !== 'string' || !isInstantKey(createdAt)) return undefined
    return typeof id === 'string' && UUID.test(id) ? { createdAt, id } : undefined
  },
})

const Value = Type.Union([Type.String(), Type.Number(), Type.Null()])
const Tables = Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Value)), {
  description: 'each SPGL_* table the batch carries, its rows in stream order, fields named as the standard names them',
})

/** Each table a batch carries, its rows' fields in stream order, in the standard's table order. */
function tablesOf(rows: readonly ExportedRow[]): Record<string, Array<Record<string, string | number | null>>> {
  const tables: Record<string, Array<Record<string, string | number | null>>> = {}
  for (const t of SPGL_TABLES) {
    const of = rows.filter((r) => r.table === t)
    if (of.length > 0) tables[t] = of.map((r) => r.fields)
  }
  return tables
}

/**
 * 数据上报 — the national data-sharing export (docs/spgl.md), admin only: the batches made so far, and a new one of
 * every row written since the last (or since `since`). `onewindow export spgl` creates one here and writes its tables.
 * A row the standard cannot carry is refused by the export (counted in `refused`, listed with its reason), not left
 * pending.
 */
export const spglExportRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/admin/exports',
    {
      schema: {
        summary:
          'The national data-sharing (SPGL) export batches, newest first, a page at a time (`nextCursor` when more follow, passed back as `cursor`), with the rows still pending — admin',
        tags: ['admin'],
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_MAX, default: 20 })),
            cursor: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_-]+$',
                maxLength: 200,
                description: 'nextCursor of the page before, as it came (base64url)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            batches: Type.Array(Batch, { maxItems: LIST_MAX }),
            nextCursor: Type.Optional(
              Type.String({ description: 'where the next page starts: pass it back as `cursor`; absent on the last' }),
            ),
            pending: Type.Integer({ description: 'rows waiting for an export: in no batch yet, or failed' }),
            refused: Refused,
            refusedRows: Type.Array(RefusedRow, {
              maxItems: LIST_MAX,
              description: 'the newest `limit` refused rows, with why',
            }),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'spgl.export' })
      const { limit = 20, cursor } = request.query
      const { next, ...page } = await deps.spglExports.list(request.actor, {
        limit,
        after: cursor ? cursors.keyOf(cursor) : undefined,
      })
      return { ...page, ...(next ? { nextCursor: cursors.encode(next) } : {}) }
    },
  )

  app.get(
    '/admin/exports/:id',
    {
      schema: {
        summary:
          'One export batch made earlier (by the job or by hand) with the tables it carried, its rows as they stand — admin',
        tags: ['admin'],
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ batch: Batch, tables: Tables }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'spgl.export' })
      const found = await deps.spglExports.get(request.actor, request.params.id)
      if (!found) {
        const errors = [{ field: '/params/id', message: 'no export batch has this id' }]
        throw new ProblemError(404, 'GATEWAY_EXPORT_NOT_FOUND', `No export batch ${request.params.id}.`, { errors })
      }
      return { batch: found.batch, tables: tablesOf(found.rows) }
    },
  )

  app.post(
    '/admin/exports',
    {
      schema: {
        summary: `Create a national data-sharing (SPGL) export batch of the rows past the watermark (at most ${EXPORT_MAX_ROWS}); 200 with no batch when nothing is new — admin`,
        tags: ['admin'],
        body: Type.Object(
          {
            since: Type.Optional(
              Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'stream sequence' }),
            ),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'json' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ batch: Type.Null(), tables: Tables, refused: Refused }),
          201: Type.Object({ batch: Batch, tables: Tables, refused: Refused }),
        },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'spgl.export' })
      const { made, refused } = await deps.commands.createSpglExport({
        id: uuidv7(),
        // The batch's time is read under the export's lock (createExport), as the job's is.
        now: () => deps.clock.now(),
        by: request.actor.sub,
        since: request.body.since,
        format: request.body.format ?? 'json',
      })
      if (!made) return reply.code(200).send({ batch: null, tables: {}, refused })
      return reply.code(201).send({ batch: made.batch, tables: tablesOf(made.rows), refused })
    },
  )
}
