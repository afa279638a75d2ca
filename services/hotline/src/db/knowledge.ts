import { KnowledgePointSnapshot } from '@onewindow/contracts'
import { likeLiteral, readEach, type StoredRows, storedState } from '@onewindow/db'
import type { KnowledgePoint } from '../domain/knowledge.js'
import { Prisma } from '../generated/client.js'

type Tx = Prisma.TransactionClient

type PointRow = {
  id: string
  department: string
  kind: string
  question: string
  answer: string
  source: string
  validFrom: string
  validTo: string
  retired: boolean
  version: number
  remindedFor: string | null
  createdAt: Date
  updatedAt: Date
}

/**
 * The columns are plain text with no CHECK (a kind, a department, texts of any length), so a row is read back checked
 * against the point's contract schema, as the hotline's `state` snapshots are: a damaged row (a hand edit, a restore
 * from another release) throws `UnreadableStoredRow` — a command that needs it fails, a list leaves it out and names
 * it, the reminder scan skips it — and never reaches an event or an answer's serializer.
 */
const pointState = storedState('knowledge point', KnowledgePointSnapshot)

/** An instant as the schema reads it; one the driver made no real date of (`infinity`) is left for it to refuse. */
const instantOf = (d: Date) => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : String(d))

const columnsOf = (r: PointRow) => ({
  id: r.id,
  department: r.department,
  kind: r.kind,
  question: r.question,
  answer: r.answer,
  source: r.source,
  validFrom: r.validFrom,
  validTo: r.validTo,
  retired: r.retired,
  version: r.version,
  createdAt: instantOf(r.createdAt),
  updatedAt: instantOf(r.updatedAt),
  ...(r.remindedFor ? { remindedFor: r.remindedFor } : {}),
})

const pointOf = (r: PointRow): KnowledgePoint => pointState.parsed(r.id, columnsOf(r))

// Dates are read as text: a `date` is a day of the legal calendar, never an instant a driver may shift by a zone.
const SELECT = Prisma.sql`
  SELECT id::text, department, kind, question, answer, source, valid_from::text AS "validFrom",
         valid_to::text AS "validTo", retired, version, reminded_for::text AS "remindedFor",
         created_at AS "createdAt", updated_at AS "updatedAt"
  FROM knowledge_point`

export type KnowledgeFilter = {
  /** Only this department's points. */
  department?: string | undefined
  /** Only points valid on this day and not withdrawn: what the agent is offered. */
  validOn?: string | undefined
  kind?: string | undefined
  /** Matched case-insensitively, as plain text, against question, answer and source. */
  text?: string | undefined
  limit: number
}

/** The knowledge base's table (`knowledge_point`): plain objects in and out. */
export function knowledgeRepository(tx: Tx) {
  return {
    async find(id: string): Promise<KnowledgePoint | undefined> {
      const [row] = await tx.$queryRaw<PointRow[]>`${SELECT} WHERE id = ${id}::uuid`
      return row ? pointOf(row) : undefined
    },

    /** The row for a command: waits for another command on it, so versions are checked in order. */
    async lock(id: string): Promise<KnowledgePoint | undefined> {
      const [row] = await tx.$queryRaw<PointRow[]>`${SELECT} WHERE id = ${id}::uuid FOR UPDATE`
      return row ? pointOf(row) : undefined
    },

    /** The row for the reminder scan: undefined while a command (or a replica's pass) holds it. */
    async lockIfFree(id: string): Promise<KnowledgePoint | undefined> {
      const [row] = await tx.$queryRaw<PointRow[]>`${SELECT} WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
      return row ? pointOf(row) : undefined
    },

    /** Newest first; a row that does not read as a point is left out and named (`unreadable`), never the list's end. */
    async list(filter: KnowledgeFilter): Promise<StoredRows<KnowledgePoint>> {
      const conditions: Prisma.Sql[] = []
      if (filter.department !== undefined) conditions.push(Prisma.sql`department = ${filter.department}`)
      if (filter.validOn !== undefined)
        conditions.push(
          Prisma.sql`NOT retired AND valid_from <= ${filter.validOn}::date AND valid_to >= ${filter.validOn}::date`,
        )
      if (filter.kind !== undefined) conditions.push(Prisma.sql`kind = ${filter.kind}`)
      if (filter.text !== undefined) {
        const pattern = `%${likeLiteral(filter.text)}%`
        conditions.push(Prisma.sql`(question ILIKE ${pattern} OR answer ILIKE ${pattern} OR source ILIKE ${pattern})`)
      }
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty
      const rows = await tx.$queryRaw<
        PointRow[]
      >`${SELECT} ${where} ORDER BY updated_at DESC, id DESC LIMIT ${filter.limit}`
      return readEach(rows, pointOf)
    },

    /**
     * Points whose reminder may be due by `horizon`: not withdrawn, not yet reminded for their `validTo`, ending on
     * or before it; in id order after `after`. The scan decides each with the calendar.
     */
    async reminderCandidates(horizon: string, after: string | undefined, limit: number): Promise<string[]> {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM knowledge_point
        WHERE NOT retired AND valid_to <= ${horizon}::date AND reminded_for IS DISTINCT FROM valid_to
          ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
        ORDER BY id LIMIT ${limit}`
      return rows.map((r) => r.id)
    },

    async insert(p: KnowledgePoint): Promise<void> {
      await tx.$executeRaw`
        INSERT INTO knowledge_point (id, department, kind, question, answer, source, valid_from, valid_to, retired,
                                     version, reminded_for, created_at, updated_at)
        VALUES (${p.id}::uuid, ${p.department}, ${p.kind}, ${p.question}, ${p.answer}, ${p.source},
                ${p.validFrom}::date, ${p.validTo}::date, ${p.retired}, ${p.version}, ${p.remindedFor ?? null}::date,
                ${p.createdAt}::timestamptz, ${p.updatedAt}::timestamptz)`
    },

    async update(p: KnowledgePoint): Promise<void> {
      await tx.$executeRaw`
        UPDATE knowledge_point SET kind = ${p.kind}, question = ${p.question}, answer = ${p.answer}, source = ${p.source},
          valid_from = ${p.validFrom}::date, valid_to = ${p.validTo}::date, retired = ${p.retired},
          version = ${p.version}, reminded_for = ${p.remindedFor ?? null}::date, updated_at = ${p.updatedAt}::timestamptz
        WHERE id = ${p.id}::uuid`
    },
  }
}
