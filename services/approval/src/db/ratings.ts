import { RatingSnapshot } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import type { Rating } from '../domain/rating.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './tasks.js'

const ratingState = storedState('rating', RatingSnapshot)
const parse = (row: StateRow): Rating => ratingState.one(row)

/** The loop's state as a column: what the overdue sweep and a department's list select on. */
const fixStatusOf = (r: Rating): string | null =>
  r.fix ? (r.fix.status === 'replied' ? 'replied' : r.fix.overdueOn ? 'overdue' : 'open') : null

/** 好差评 rows of the approval service (table `rating`, one per task). */
export const ratingRepository = (tx: Tx) => ({
  async byTask(taskId: string, lock = false): Promise<Rating | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM rating
       WHERE task_id = ${taskId}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parse(row) : undefined
  },

  async byId(ratingId: string, lock = false): Promise<Rating | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM rating
       WHERE id = ${ratingId}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parse(row) : undefined
  },

  /** Inserts a new rating; false when the task was rated meanwhile (the unique task id kept it to one). */
  async insert(r: Rating): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO rating (id, task_id, application_id, project_id, department, fix_status, fix_due_on, version, state,
                          updated_at)
      VALUES (${r.ratingId}::uuid, ${r.taskId}::uuid, ${r.applicationId}::uuid, ${r.projectId}::uuid, ${r.department},
              ${fixStatusOf(r)}, ${r.fix?.dueOn ?? null}::date, ${r.version}, ${JSON.stringify(r)}::jsonb,
              ${r.updatedAt}::timestamptz)
      ON CONFLICT (task_id) DO NOTHING`
    return n === 1
  },

  async save(r: Rating): Promise<void> {
    await tx.$executeRaw`
      UPDATE rating SET fix_status = ${fixStatusOf(r)}, fix_due_on = ${r.fix?.dueOn ?? null}::date,
             version = ${r.version}, state = ${JSON.stringify(r)}::jsonb, updated_at = ${r.updatedAt}::timestamptz
       WHERE id = ${r.ratingId}::uuid`
  },

  /** Open loops whose due date is behind `today`, in id order after `after`: the overdue sweep's candidates. */
  async overdueCandidates(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM rating
       WHERE fix_status = 'open' AND fix_due_on < ${today}::date
         ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** Loops still open (not replied, not yet found overdue) due on `today` or later, locked: what a calendar moves. */
  async lockOpenLoops(today: string): Promise<StoredRows<Rating>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM rating WHERE fix_status = 'open' AND fix_due_on >= ${today}::date
       ORDER BY id FOR UPDATE`
    return ratingState.each(rows)
  },

  async ifFree(ratingId: string, lock: boolean): Promise<Rating | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM rating WHERE id = ${ratingId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty}`
    return row ? parse(row) : undefined
  },
})
