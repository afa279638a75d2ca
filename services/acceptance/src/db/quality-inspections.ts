import { PERMIT_ITEM, QualityInspectionSnapshot, QualityInspector, regionPrefix } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import { Type } from 'typebox'
import type { Inspection, SupervisedProject } from '../domain/quality-inspection.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './cases.js'

const inspectionState = storedState('quality inspection', QualityInspectionSnapshot)
const poolState = storedState('quality round', Type.Array(QualityInspector, { minItems: 1, maxItems: 100 }))

/**
 * The projects a caller's region covers (`regionCovers`, by its prefix): none asked, every project; a region that is
 * not six digits (the actor's schema admits none) covers nothing.
 */
const withinRegion = (region: string | undefined) => {
  if (region === undefined) return Prisma.empty
  const prefix = regionPrefix(region)
  return prefix === undefined ? Prisma.sql`AND false` : Prisma.sql`AND p.region LIKE ${`${prefix}%`}`
}

/** 双随机、一公开 rows; every statement runs in the caller's transaction. */
export const qualityInspectionRepository = (tx: Tx) => ({
  /**
   * One round at a time: a once-only project read drawable by two concurrent rounds would be drawn twice. The rounds
   * are a few a month, so queueing them costs nothing.
   */
  async lockRounds(): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('acceptance:quality-round'))`
  },

  /**
   * The projects under quality-safety supervision: their construction permit (施工许可) granted — whole, a phase of it
   * (分阶段办理) or a building's own (按照单位工程) — with how often each was drawn, whether one waits for its result and
   * whether its works are finished. Finished: the whole project's joint acceptance passed and stands (a passed case
   * keeps its `live_key`; a revoked pass frees it, and the project is back under supervision), or — a project with no
   * whole-project permit — every unit work with its own permit passed. A project with the whole permit whose buildings
   * pass one by one stays under supervision: acceptance does not know how many buildings the works have.
   * With a `region` (a regional reviewer's), only the projects within it.
   */
  async supervised(region?: string): Promise<SupervisedProject[]> {
    const rows = await tx.$queryRaw<
      Array<{
        project_id: string
        project_type: string
        owner_credit_code: string
        name: string | null
        project_code: string | null
        inspections: number
        open: boolean
        finished: boolean
      }>
    >`
      SELECT p.id::text AS project_id, p.project_type, p.owner_credit_code, p.name, p.project_code,
             (SELECT count(*)::int FROM quality_inspection q WHERE q.project_id = p.id) AS inspections,
             EXISTS (SELECT 1 FROM quality_inspection q WHERE q.project_id = p.id AND q.status = 'assigned') AS open,
             (EXISTS (SELECT 1 FROM acceptance_case c
                       WHERE c.project_id = p.id AND c.part IS NULL AND c.status = 'passed' AND c.live_key IS NOT NULL)
              OR (NOT EXISTS (SELECT 1 FROM approved_item a WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM})
                  AND NOT EXISTS (SELECT 1 FROM approved_phase a WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM})
                  AND NOT EXISTS (
                    SELECT 1 FROM approved_part a
                     WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM}
                       AND NOT EXISTS (SELECT 1 FROM acceptance_case c
                                        WHERE c.project_id = p.id AND c.part = a.part AND c.status = 'passed'
                                          AND c.live_key IS NOT NULL)))) AS finished
        FROM project p
       WHERE (EXISTS (SELECT 1 FROM approved_item a WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM})
          OR EXISTS (SELECT 1 FROM approved_phase a WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM})
          OR EXISTS (SELECT 1 FROM approved_part a WHERE a.project_id = p.id AND a.item = ${PERMIT_ITEM}))
         ${withinRegion(region)}`
    return rows.map((r) => ({
      projectId: r.project_id,
      projectType: r.project_type,
      ownerCreditCode: r.owner_credit_code,
      ...(r.name === null ? {} : { name: r.name }),
      ...(r.project_code === null ? {} : { projectCode: r.project_code }),
      inspections: r.inspections,
      open: r.open,
      finished: r.finished,
    }))
  },

  /** A round's pool, in account order, kept for 回避 / 改派 (`quality_round`). */
  async insertRound(round: {
    roundId: string
    seed: number
    pool: readonly QualityInspector[]
    drawnBy: string
    drawnAt: string
  }): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO quality_round (id, seed, pool, drawn_by, drawn_at)
      VALUES (${round.roundId}::uuid, ${round.seed}, ${JSON.stringify(round.pool)}::jsonb, ${round.drawnBy},
              ${new Date(round.drawnAt)})`
  },

  /**
   * A round's pool as kept; undefined for a round drawn before pools were kept. A stored pool that does not read as
   * one fails the command whole, as a damaged inspection does.
   */
  async roundPool(roundId: string): Promise<QualityInspector[] | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, pool::text AS state FROM quality_round WHERE id = ${roundId}::uuid`
    return row ? poolState.one(row) : undefined
  },

  async insertAll(inspections: readonly Inspection[]): Promise<void> {
    for (const i of inspections) {
      await tx.$executeRaw`
        INSERT INTO quality_inspection (id, round_id, project_id, status, state, drawn_at)
        VALUES (${i.inspectionId}::uuid, ${i.roundId}::uuid, ${i.projectId}::uuid, ${i.status},
                ${JSON.stringify(i)}::jsonb, ${new Date(i.drawnAt)})`
    }
  },

  /** With a `region` (a regional reviewer's), an inspection of a project outside it is not found. */
  async find(inspectionId: string, lock = false, region?: string): Promise<Inspection | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT q.id::text AS id, q.state::text AS state FROM quality_inspection q WHERE q.id = ${inspectionId}::uuid
        ${region === undefined ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM project p WHERE p.id = q.project_id ${withinRegion(region)})`}
        ${lock ? Prisma.sql`FOR UPDATE OF q` : Prisma.empty}`
    return row ? inspectionState.one(row) : undefined
  },

  async save(i: Inspection): Promise<void> {
    await tx.$executeRaw`
      UPDATE quality_inspection SET status = ${i.status}, state = ${JSON.stringify(i)}::jsonb,
             recorded_at = ${i.recordedAt ? new Date(i.recordedAt) : null}
       WHERE id = ${i.inspectionId}::uuid`
  },

  /**
   * The body's worklist and history, newest draw first; with a `region`, only the inspections of projects within it.
   * A damaged row is left out and named.
   */
  async recent(limit: number, region?: string): Promise<StoredRows<Inspection>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT q.id::text AS id, q.state::text AS state FROM quality_inspection q
       ${region === undefined ? Prisma.empty : Prisma.sql`WHERE EXISTS (SELECT 1 FROM project p WHERE p.id = q.project_id ${withinRegion(region)})`}
       ORDER BY q.drawn_at DESC, q.id LIMIT ${limit}`
    return inspectionState.each(rows)
  },

  /** The published results (一公开), newest first; a damaged row is left out and named. */
  async published(limit: number): Promise<StoredRows<Inspection>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM quality_inspection
       WHERE recorded_at IS NOT NULL ORDER BY recorded_at DESC, id LIMIT ${limit}`
    return inspectionState.each(rows)
  },

  /** A project's recorded inspections, oldest first (its owner's view); a damaged row is left out and named. */
  async recordedOfProject(projectId: string): Promise<StoredRows<Inspection>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM quality_inspection
       WHERE project_id = ${projectId}::uuid AND recorded_at IS NOT NULL ORDER BY recorded_at, id`
    return inspectionState.each(rows)
  },
})
