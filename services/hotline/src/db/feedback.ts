import { KnowledgeFeedbackSnapshot } from '@onewindow/contracts'
import { storedState } from '@onewindow/db'
import { lockStateIfFree } from '@onewindow/messaging'
import { Value } from 'typebox/value'
import type { Feedback } from '../domain/feedback.js'
import { Prisma } from '../generated/client.js'

type Tx = Prisma.TransactionClient

/** A stored state that no longer passes its schema is left out of lists rather than breaking them. */
const feedbackOf = (state: unknown): Feedback | undefined =>
  Value.Check(KnowledgeFeedbackSnapshot, state) ? (state as Feedback) : undefined

const feedbackState = storedState('knowledge feedback', KnowledgeFeedbackSnapshot)

/**
 * A stored state for the overdue scan: one that no longer passes its schema throws, inside the scan's `decide`, so
 * the scan's `skipped` logs it (once per process) instead of the row staying a candidate without a word.
 */
export function checkedFeedback(state: unknown): Feedback {
  const feedback = feedbackOf(state)
  if (feedback === undefined) throw new TypeError('knowledge_feedback: the stored state does not pass its schema')
  return feedback
}

/** 知识点反馈's table (`knowledge_feedback`): the state whole, with copies of what lists and the timer query. */
export function feedbackRepository(tx: Tx) {
  return {
    async find(id: string, lock = false): Promise<Feedback | undefined> {
      const [row] = await tx.$queryRaw<Array<{ state: unknown }>>`
        SELECT state FROM knowledge_feedback WHERE id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
      return row ? feedbackOf(row.state) : undefined
    },

    /** The stored state as it is, unchecked (the overdue scan checks it in `decide`). */
    async state(id: string): Promise<unknown> {
      const [row] = await tx.$queryRaw<
        Array<{ state: unknown }>
      >`SELECT state FROM knowledge_feedback WHERE id = ${id}::uuid`
      return row?.state
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

    /** Open first, soonest due first, then the newest answered. */
    async list(filter: { department?: string | undefined; status?: string | undefined; limit: number }) {
      const conditions: Prisma.Sql[] = []
      if (filter.department !== undefined) conditions.push(Prisma.sql`department = ${filter.department}`)
      if (filter.status !== undefined) conditions.push(Prisma.sql`status = ${filter.status}`)
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty
      const rows = await tx.$queryRaw<Array<{ state: unknown }>>`
        SELECT state FROM knowledge_feedback ${where}
        ORDER BY (status = 'open') DESC, due_on, updated_at DESC, id LIMIT ${filter.limit}`
      return rows.map((r) => feedbackOf(r.state)).filter((f): f is Feedback => f !== undefined)
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
