import { Instant, LegalDate } from '@onewindow/contracts'
import { isInstantKey } from '@onewindow/db'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { Type } from 'typebox'
import type { AuditKey } from '../db/audit.js'
import { conforming, eachRow } from '../domain/rows.js'
import { keyCursor } from '../http/cursor.js'
import { Unreadable } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

const AuditEntryRow = Type.Object({
  chain: Type.String({ description: 'the service whose chain holds the entry' }),
  position: Type.Integer(),
  at: Instant,
  actor: Type.String(),
  role: Type.String(),
  action: Type.String(),
  object: Type.String(),
  outcome: Type.String({ description: 'done | refused | read' }),
  code: Type.Union([Type.String(), Type.Null()]),
  traceId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
})

const Query = Type.Object(
  {
    object: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'e.g. task:<id>, project:<id>' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the caller’s sub' })),
    /** First and last day (Asia/Shanghai), both inclusive; `to` not before `from`. */
    from: Type.Optional(LegalDate),
    to: Type.Optional(LegalDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]+$',
        maxLength: 200,
        description: 'nextCursor of the page before, as it came (base64url)',
      }),
    ),
  },
  { additionalProperties: false },
)

/** The start of a legal day in Asia/Shanghai (UTC+8, no daylight saving), as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`)
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000)

// `[at, chain, position]` of the page's last entry; the instant as PostgreSQL writes it, any the column holds.
const cursors = keyCursor<AuditKey>({
  parts: (k) => [k.at, k.chain, k.position],
  key: (parts) => {
    const [at, chain, position] = parts
    if (parts.length !== 3 || typeof at !== 'string' || !isInstantKey(at) || typeof chain !== 'string') return undefined
    return Number.isSafeInteger(position) ? { at, chain, position: position as number } : undefined
  },
})

/**
 * The audit log of every service, for supervisors and admins: each command (and each read of an owner's personal data
 * at the gateway) as its service's chain recorded it, newest first. Read from the gateway's copy, which each service's
 * anchors fill, so the route never calls another service — and lags the chains by up to one anchor period.
 */
export const auditRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  const checkedEntry = conforming(AuditEntryRow)
  app.get(
    '/admin/audit',
    {
      schema: {
        summary:
          'The audit log (commands and personal-data reads of every service), newest first, filtered by object, actor and days — supervisor, admin',
        tags: ['admin'],
        querystring: Query,
        response: {
          200: Type.Object({
            entries: Type.Array(AuditEntryRow),
            nextCursor: Type.Optional(Type.String()),
            unreadable: Type.Array(Unreadable, {
              description: 'copied entries that could not be shown (`kind: audit-entry`, id `<chain>:<position>`)',
            }),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'audit.read' })
      const { object, actor, from, to, limit = 50, cursor } = request.query
      if (from && to && to < from) {
        const errors = [{ field: '/querystring/to', message: `is before from (${from})` }]
        throw new ProblemError(400, 'GATEWAY_AUDIT_RANGE_INVALID', `to (${to}) is before from (${from}).`, { errors })
      }
      const page = await deps.audit.page(request.actor, {
        object,
        actor,
        from: from ? dayStart(from) : undefined,
        before: to ? nextDayStart(to) : undefined,
        after: cursor ? cursors.keyOf(cursor) : undefined,
        limit,
      })
      const shown = eachRow(page.rows, 'audit-entry', (e) => `${e.chain}:${e.position}`, checkedEntry)
      logUnreadable(request.log, shown.unreadable)
      return {
        entries: shown.views,
        // The page's last row, read or not: a page whose entries are all named still leads on to the ones after.
        ...(page.next ? { nextCursor: cursors.encode(page.next) } : {}),
        unreadable: shown.unreadable,
      }
    },
  )
}
