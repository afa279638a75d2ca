import { KnowledgeFeedbackSnapshot } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import { lockStateIfFree } from '@onewindow/messaging'
import type { Feedback } from '../domain/feedback.js'
import { Prisma } from '../generated/client.js'

type Tx = Prisma.TransactionClient

const feedbackState = storedState('knowledge feedback', KnowledgeFeedbackSnapshot)

/** 知识点反馈's table (`knowledge_feedback`): the state whole, with copies of what lists and the timer query. */
export function feedbackRepository(tx: Tx) {
  return {
    async find(id: string, lock = false): Promise<Feedback | undefined> {
      const [row] = await tx.$queryRaw<StateRow[]>`
        SELECT id::text AS id, state::text AS state FROM knowledge_feedback
         WHERE id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
      return row ? feedbackState.one(row) : undefined
    },

    /** The stored state for the overdue scan, checked: undefined while a command (or a replica's pass) holds it. */
    lockIfFree: (id: string) => lockStateIfFree(tx, Prisma.sql`knowledge_feedback`, id, feedbackState),

    /** Open feedback's ids in id order after `after`: the calendar's recount walks them in pages. */
    async openIds(after: string | undefined, limit: number): Promise<string[]> {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM knowledge_feedback WHERE status = 'open'
          ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
        ORDER BY id LIMIT ${limit}`
      return rows.map((r) => r.id)
    },

    /** Open, unanswered, due before `today`, not yet recorded overdue: in id order after `after`. */
    async overdueCandidates(today: string, after: string | undefined, limit: number): Promise<string[]> {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM knowledge_feedback
        WHERE status = 'open' AND due_on < ${today}::date AND overdue_on IS NULL
          ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
        ORDER BY id LIMIT ${limit}`
      return rows.map((r) => r.id)
    },

    /** Open first, soonest due first, then the newest answered; a damaged one is left out and named. */
    async list(filter: {
      department?: string | undefined
      status?: string | undefined
      limit: number
    }): Promise<StoredRows<Feedback>> {
      const conditions: Prisma.Sql[] = []
      if (filter.department !== undefined) conditions.push(Prisma.sql`department = ${filter.department}`)
      if (filter.status !== undefined) conditions.push(Prisma.sql`status = ${filter.status}`)
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty
      const rows = await tx.$queryRaw<StateRow[]>`
        SELECT id::text AS id, state::text AS state FROM knowledge_feedback ${where}
        ORDER BY (status = 'open') DESC, due_on, updated_at DESC, id LIMIT ${filter.limit}`
      return feedbackState.each(rows)
    },

    async insert(f: Feedback): Promise<void> {
      await tx.$executeRaw`
        INSERT INTO knowledge_feedback (id, department, status, due_on, overdue_on, version, state, created_at, updated_at)
        VALUES (${f.id}::uuid, ${f.department}, ${f.status}, ${f.dueOn}::date, ${f.overdueOn ?? null}::date,
                ${f.version}, ${JSON.stringify(f)}::jsonb, ${f.createdAt}::timestamptz, ${f.updatedAt}::timestamptz)`
    },

    async update(f: Feedback): Promise<void> {
      await tx.$executeRaw`
        UPDATE knowledge_feedback SET status = ${f.status}, due_on = ${f.dueOn}::date,
          overdue_on = ${f.overdueOn ?? null}::date, version = ${f.version}, state = ${JSON.stringify(f)}::jsonb,
          updated_at = ${f.updatedAt}::timestamptz
        WHERE id = ${f.id}::uuid`
    },
  }
}
