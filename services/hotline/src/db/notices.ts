import { ChangeNoticeSnapshot, OutageNoticeSnapshot } from '@onewindow/contracts'
import {
  instantKey,
  instantOfKey,
  isIsoInstantKey,
  readEach,
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

/**
 * Where a list page ends or starts: the keyset of its order (open first, then newest filed, then id), the filing
 * instant as PostgreSQL's key text of `created_at` (`instantKey`, @onewindow/db), so a page ending on a row whose
 * column holds 'infinity' still names where the next one starts.
 */
export type NoticeKey = { open: boolean; createdAt: string; id: string }

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
    const rows = await tx.$queryRaw<Array<StateRow & { open: boolean; createdAt: string }>>`
      SELECT state::text AS state, ${open} AS open, ${instantKey(Prisma.sql`created_at`)} AS "createdAt",
             id::text AS id
        FROM notice
       WHERE kind = ${kind} ${whose}
        ${
          after === undefined
            ? Prisma.empty
            : Prisma.sql`AND (${open}, created_at, id) < (${after.open}, ${instantOfKey(after.createdAt)}, ${after.id}::uuid)`
        }
      ORDER BY ${open} DESC, created_at DESC, id DESC LIMIT ${limit + 1}`
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    // A row left out (its state does not read, or it sits at no filing instant) still ends the page if it is last:
    // the next page starts after it, so it is named once, on the page where it falls, and never stops the paging.
    const { rows: read, unreadable } = readEach(page, (r) => {
      // A filing instant is one an ISO `createdAt` is written from (`isIsoInstantKey`). The column also takes
      // 'infinity', '-infinity', BC and later years (a hand edit): such a row keeps its place in the order, but that
      // place is not when it was filed, so it is named rather than shown.
      if (!isIsoInstantKey(r.createdAt)) {
        throw new UnreadableStoredRow(`${kind} notice`, r.id, `created_at ${r.createdAt} is no instant`)
      }
      return stored.one(r)
    })
    return {
      rows: read,
      unreadable,
      more: rows.length > limit,
      last: last && { open: last.open, createdAt: last.createdAt, id: last.id },
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
