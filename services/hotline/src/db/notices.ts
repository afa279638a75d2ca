import { ChangeNoticeSnapshot, OutageNoticeSnapshot } from '@onewindow/contracts'
import {
  instantText,
  type StateRow,
  type StoredRows,
  type StoredState,
  storedState,
  UnreadableStoredRow,
} from '@onewindow/db'
import { lockStateIfFree } from '@onewindow/messaging'
import { type ChangeNotice, type OutageNotice, outageLookOn } from '../domain/notices.js'
import { Prisma } from '../generated/client.js'

type Tx = Prisma.TransactionClient

export type Kind = 'change' | 'outage'

const changeState = storedState('change notice', ChangeNoticeSnapshot)
const outageState = storedState('outage notice', OutageNoticeSnapshot)

/** Where a list page ends or starts: the keyset of its order (open first, then newest filed, then id). */
export type NoticeKey = { open: boolean; createdAt: string; id: string }

/**
 * The rows a page may hold: those filed at an instant a cursor can carry (`NoticeCursor`: a four-digit year). The column
 * also takes 'infinity', '-infinity' and later years (a hand edit), which no cursor can name as where a page ended.
 */
const KEYED = Prisma.sql`created_at BETWEEN '0001-01-01T00:00:00Z' AND '9999-12-31T23:59:59.999Z'`

/** A page of one kind: the notices that read (and the damaged ones named), and the last row's key whatever it held. */
export type NoticePage<N> = StoredRows<N> & { more: boolean; last: NoticeKey | undefined }

/** The notices' table (`notice`): the state whole, with copies of what lists and the outage timer query. */
export function noticeRepository(tx: Tx) {
  const read = async <N>(kind: Kind, stored: StoredState<N>, id: string, lock: boolean): Promise<N | undefined> => {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM notice
       WHERE id = ${id}::uuid AND kind = ${kind} ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? stored.one(row) : undefined
  }
  // Open: a change not yet acknowledged, an outage not recovered or still owing its answer script.
  const open = Prisma.sql`(status IN ('filed', 'open') OR (kind = 'outage' AND state #>> '{script,metOn}' IS NULL))`
  const list = async <N>(
    kind: Kind,
    stored: StoredState<N>,
    department: string | undefined,
    after: NoticeKey | undefined,
    limit: number,
  ): Promise<NoticePage<N>> => {
    const whose = department === undefined ? Prisma.empty : Prisma.sql`AND department = ${department}`
    const rows = await tx.$queryRaw<Array<StateRow & { open: boolean; createdAt: Date }>>`
      SELECT state::text AS state, ${open} AS open, created_at AS "createdAt", id::text AS id FROM notice
       WHERE kind = ${kind} AND ${KEYED} ${whose}
        ${
          after === undefined
            ? Prisma.empty
            : Prisma.sql`AND (${open}, created_at, id) < (${after.open}, ${new Date(after.createdAt)}, ${after.id}::uuid)`
        }
      ORDER BY ${open} DESC, created_at DESC, id DESC LIMIT ${limit + 1}`
    // A row whose filing instant is none (a hand-edited 'infinity') has no place in the order and could not end a
    // page's cursor: it is never paged, but named with the first page, as a row whose state does not read is.
    const unplaced =
      after === undefined
        ? await tx.$queryRaw<Array<{ id: string; createdAt: string }>>`
            SELECT id::text AS id, created_at::text AS "createdAt" FROM notice
             WHERE kind = ${kind} AND NOT ${KEYED} ${whose} ORDER BY id LIMIT ${limit}`
        : []
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    // A row that fails its schema is left out of the list, never the list's end: the key still moves past it.
    const { rows: read, unreadable } = stored.each(page)
    return {
      rows: read,
      unreadable: [
        ...unplaced.map(
          (r) => new UnreadableStoredRow(`${kind} notice`, r.id, `created_at ${r.createdAt} is no instant`),
        ),
        ...unreadable,
      ],
      more: rows.length > limit,
      last: last && { open: last.open, createdAt: instantText(last.createdAt), id: last.id },
    }
  }
  const write = async (kind: Kind, n: ChangeNotice | OutageNotice, lookOn: string | null) => {
    await tx.$executeRaw`
      INSERT INTO notice (id, kind, department, status, look_on, version, state, created_at, updated_at)
      VALUES (${n.id}::uuid, ${kind}, ${n.department}, ${n.status}, ${lookOn}::date, ${n.version},
              ${JSON.stringify(n)}::jsonb, ${n.createdAt}::timestamptz, ${n.updatedAt}::timestamptz)
      ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, look_on = EXCLUDED.look_on,
        version = EXCLUDED.version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`
  }
  return {
    findChange: (id: string, lock = false) => read('change', changeState, id, lock),
    findOutage: (id: string, lock = false) => read('outage', outageState, id, lock),
    /**
     * The stored outage for the timer, checked: undefined while a command (or a replica's pass) holds it. The table
     * holds changes too, but the timer's candidates are outages only (`due`).
     */
    lockIfFree: (id: string) => lockStateIfFree(tx, Prisma.sql`notice`, id, outageState),
    /** Open first (a recovered outage still owing its answer script counts as open), newest first; after `after`. */
    changes: (department: string | undefined, after: NoticeKey | undefined, limit: number) =>
      list('change', changeState, department, after, limit),
    outages: (department: string | undefined, after: NoticeKey | undefined, limit: number) =>
      list('outage', outageState, department, after, limit),
    /** Outages whose look day has come, in id order after `after`. */
    async due(today: string, after: string | undefined, limit: number): Promise<string[]> {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM notice WHERE kind = 'outage' AND look_on <= ${today}::date
          ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
        ORDER BY id LIMIT ${limit}`
      return rows.map((r) => r.id)
    },
    saveChange: (n: ChangeNotice) => write('change', n, null),
    saveOutage: (n: OutageNotice) => write('outage', n, outageLookOn(n)),
  }
}
