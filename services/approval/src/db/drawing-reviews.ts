import { DrawingReviewSnapshot } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import type { DrawingReview } from '../domain/drawing-review.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './tasks.js'

const reviewState = storedState('drawing review', DrawingReviewSnapshot)
const parse = (row: StateRow): DrawingReview => reviewState.one(row)

/** 联合审图 rows; every statement runs in the caller's transaction. */
export const drawingReviewRepository = (tx: Tx) => ({
  async findByProject(projectId: string, lock = false): Promise<DrawingReview | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM drawing_review WHERE project_id = ${projectId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parse(row) : undefined
  },

  /**
   * The project as approval knows it, for the review clock's calendar: `known` once approval has its copy of the
   * project (from `project.registered`, db/projects.ts) or a task of it, and its six-digit region — the copy's, else the
   * one its latest accepted application carried on its tasks' clocks (a copy made before regions were kept has none).
   * Neither copy nor task: approval has not heard of the project yet.
   */
  async projectOf(projectId: string): Promise<{ known: boolean; region?: string }> {
    const [row] = await tx.$queryRaw<Array<{ copied: boolean; tasked: boolean; region: string | null }>>`
      SELECT EXISTS (SELECT 1 FROM project WHERE id = ${projectId}::uuid) AS copied,
             EXISTS (SELECT 1 FROM task WHERE project_id = ${projectId}::uuid) AS tasked,
             COALESCE(
               (SELECT region FROM project WHERE id = ${projectId}::uuid),
               (SELECT COALESCE(state->'clocks'->'statutory'->>'region', state->'clocks'->'committed'->>'region')
                  FROM task
                 WHERE project_id = ${projectId}::uuid
                   AND COALESCE(state->'clocks'->'statutory'->>'region', state->'clocks'->'committed'->>'region') IS NOT NULL
                 ORDER BY created_at DESC, id LIMIT 1)) AS region`
    return { known: Boolean(row?.copied || row?.tasked), ...(row?.region ? { region: row.region } : {}) }
  },

  async find(reviewId: string, lock = false): Promise<DrawingReview | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM drawing_review WHERE id = ${reviewId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parse(row) : undefined
  },

  /** The reviews a review body was named on, newest change first; a damaged review is left out and named. */
  async ofReviewBody(creditCode: string, limit: number): Promise<StoredRows<DrawingReview>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM drawing_review WHERE review_body_credit_code = ${creditCode}
        ORDER BY updated_at DESC, id LIMIT ${limit}`
    return reviewState.each(rows)
  },

  /** Reviews with a version under review, after `after` in id order: the ones whose clock may call for an alert. */
  async reviewingIds(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text FROM drawing_review WHERE status = 'reviewing'
        ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** The review locked for this transaction, or nothing when another holds it (the review body, a replica's pass). */
  async lockIfFree(reviewId: string): Promise<DrawingReview | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM drawing_review
       WHERE id = ${reviewId}::uuid FOR UPDATE SKIP LOCKED`
    return row ? parse(row) : undefined
  },

  /** Inserts the first version's review; false when the project has one already (a concurrent first submission). */
  async insert(review: DrawingReview): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO drawing_review (id, project_id, owner_credit_code, review_body_credit_code, status, revision, state, updated_at)
      VALUES (${review.reviewId}::uuid, ${review.projectId}::uuid, ${review.ownerCreditCode},
              ${review.reviewBody.creditCode}, ${review.status}, ${review.revision}, ${JSON.stringify(review)}::jsonb,
              ${new Date(review.updatedAt)})
      ON CONFLICT (project_id) DO NOTHING`
    return n === 1
  },

  async save(review: DrawingReview): Promise<void> {
    await tx.$executeRaw`
      UPDATE drawing_review SET status = ${review.status}, revision = ${review.revision},
             state = ${JSON.stringify(review)}::jsonb, updated_at = ${new Date(review.updatedAt)}
       WHERE id = ${review.reviewId}::uuid`
  },
})
