import { FlowClockState, LegalDate, Uuid } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState, type UnreadableStoredRow } from '@onewindow/db'
import { Type } from 'typebox'
import type { FlowClock } from '../domain/flow-clock.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './tasks.js'

/** A flow clock as the scanner reads it: the clock and the kinds (`warned`, `overdue`) of its emitted alerts. */
export type AlertedFlow = { flow: FlowClock; alerted: ReadonlySet<string> }

export type FlowAlertRow = { projectId: string; kind: string; dueOn: string; eventId: string }

/**
 * The `state` column as stored (domain/flow-clock.ts `FlowClock`), read back checked: the cap and the steps as the
 * clock's events carry them (`FlowClockState`), with the region and the 补正 pauses the domain keeps beside them.
 */
const StoredFlowClock = Type.Object({
  projectId: Uuid,
  cap: FlowClockState.properties.cap,
  region: Type.Optional(Type.String({ minLength: 1 })),
  steps: FlowClockState.properties.steps,
  notices: Type.Array(
    Type.Object({ id: Type.String({ minLength: 1 }), from: LegalDate, to: Type.Optional(LegalDate) }),
  ),
})
export const flowState = storedState('flow clock', StoredFlowClock)

const FLOW_ALERTED_SELECT = Prisma.sql`
  SELECT f.project_id::text AS id, f.project_id::text AS "projectId", f.state::text AS state,
         (SELECT array_agg(a.kind) FROM flow_alert a WHERE a.project_id = f.project_id) AS alerted
    FROM flow_clock f`
type AlertedFlowRow = StateRow & { projectId: string; alerted: string[] | null }
const alertedFlowOf = (flow: FlowClock, row: AlertedFlowRow): AlertedFlow => ({
  flow,
  alerted: new Set(row.alerted ?? []),
})

/** The whole-flow cap clocks (flow_clock, flow_alert): plain objects in and out, in the caller's transaction. */
export const flowRepository = (tx: Tx) => ({
  /** The project's flow clock, locked: a command changing it holds its step's lock first, then this. */
  async lockFlow(projectId: string): Promise<FlowClock | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT project_id::text AS id, state::text AS state FROM flow_clock
       WHERE project_id = ${projectId}::uuid FOR UPDATE`
    return row ? flowState.one(row) : undefined
  },

  /**
   * Stores the flow clock over its locked row, or, `opening` (no row was there to lock), inserts it only while there
   * is still none: two acceptances of one project side by side both read no row, and an upsert would keep only the
   * later one's step. An insert meeting another's uncommitted row waits for its commit, then stores nothing and
   * resolves to `false`; the caller locks that row ({@link lockFlow}) and counts its step on it.
   */
  async saveFlow(flow: FlowClock, running: boolean, dueOn: string, at: string, opening = false): Promise<boolean> {
    const stored = await tx.$queryRaw<unknown[]>`
      INSERT INTO flow_clock (project_id, state, running, due_on, updated_at)
      VALUES (${flow.projectId}::uuid, ${JSON.stringify(flow)}::jsonb, ${running}, ${dueOn}::date, ${at}::timestamptz)
      ON CONFLICT (project_id) ${
        opening
          ? Prisma.sql`DO NOTHING`
          : Prisma.sql`DO UPDATE
        SET state = EXCLUDED.state, running = EXCLUDED.running, due_on = EXCLUDED.due_on,
            updated_at = EXCLUDED.updated_at, look_on = DEFAULT`
      }
      RETURNING 1`
    return stored.length === 1
  },

  /** A published calendar moved the due date; nothing else changed. */
  async saveFlowDue(projectId: string, dueOn: string): Promise<void> {
    await tx.$executeRaw`
      UPDATE flow_clock SET due_on = ${dueOn}::date, look_on = DEFAULT WHERE project_id = ${projectId}::uuid`
  },

  /**
   * A published calendar: every flow clock is looked at on the scan's next pass, whether or not its due date moved
   * (the day it turns yellow may have). Under the locks of {@link lockAllFlows}.
   */
  async lookAgainAtAllFlows(): Promise<void> {
    await tx.$executeRaw`UPDATE flow_clock SET look_on = DEFAULT`
  },

  /**
   * The days the scan looks at these flows' clocks again (domain/next-look.ts), each written only while the flow runs
   * with the state it was evaluated on and is free (`SKIP LOCKED`; one the scan locked itself is free to it). Resolves
   * to the ids written; their locks are held until the transaction ends.
   */
  async saveFlowLooks(looks: ReadonlyArray<{ flow: FlowClock; lookOn: string }>): Promise<string[]> {
    if (looks.length === 0) return []
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH free AS (
        SELECT f.project_id, u.look_on
          FROM unnest(${looks.map((l) => l.flow.projectId)}::uuid[], ${looks.map((l) => JSON.stringify(l.flow))}::jsonb[],
                      ${looks.map((l) => l.lookOn)}::date[]) AS u(id, state, look_on)
          JOIN flow_clock f ON f.project_id = u.id AND f.state = u.state AND f.running
           FOR UPDATE OF f SKIP LOCKED)
      UPDATE flow_clock SET look_on = free.look_on FROM free WHERE flow_clock.project_id = free.project_id
      RETURNING flow_clock.project_id::text AS id`
    return rows.map((r) => r.id)
  },

  /** These flows are looked at on the scan's next pass (their locks are held). */
  async lookAgainAtFlows(projectIds: readonly string[]): Promise<void> {
    if (projectIds.length === 0) return
    await tx.$executeRaw`UPDATE flow_clock SET look_on = DEFAULT WHERE project_id = ANY(${projectIds}::uuid[])`
  },

  /** Every flow clock, locked in id order: a published calendar re-projects them all in one transaction. */
  async lockAllFlows(): Promise<StoredRows<FlowClock>> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT project_id::text AS id, state::text AS state FROM flow_clock ORDER BY project_id FOR UPDATE`
    return flowState.each(rows)
  },

  /**
   * Running flow clocks whose day to be looked at has come by `today`, after `after` in id order, at most `limit`: the
   * flow scan's candidates, found through the index on `(running, look_on)` and only then ordered, as the step scan's
   * (db/tasks.ts `openStepIds`: the primary key walked whole otherwise); no locks taken.
   */
  async runningFlowIds(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH due AS MATERIALIZED (
        SELECT project_id FROM flow_clock
         WHERE running AND look_on <= ${today}::date
           ${after === undefined ? Prisma.empty : Prisma.sql`AND project_id > ${after}::uuid`})
      SELECT project_id::text AS id FROM due ORDER BY project_id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** A running flow clock with its emitted alerts' kinds, as it stands or taken `FOR UPDATE SKIP LOCKED`. */
  async alertedFlow(projectId: string, lock: boolean): Promise<AlertedFlow | undefined> {
    const [row] = await tx.$queryRaw<AlertedFlowRow[]>`
      ${FLOW_ALERTED_SELECT} WHERE f.project_id = ${projectId}::uuid AND f.running
        ${lock ? Prisma.sql`FOR UPDATE OF f SKIP LOCKED` : Prisma.empty}`
    return row ? alertedFlowOf(flowState.one(row), row) : undefined
  },

  /** Running flow clocks among `ids` with their alerts' kinds, as they stand; a damaged one as its reason. */
  async alertedFlows(ids: readonly string[]): Promise<Map<string, AlertedFlow | UnreadableStoredRow>> {
    const rows = await tx.$queryRaw<AlertedFlowRow[]>`
      ${FLOW_ALERTED_SELECT} WHERE f.project_id = ANY(${ids}::uuid[]) AND f.running`
    return flowState.byId(rows, alertedFlowOf)
  },

  /** Records flow alerts; resolves to the event ids of those not recorded before. */
  async insertFlowAlerts(alerts: readonly FlowAlertRow[], at: string): Promise<Set<string>> {
    if (alerts.length === 0) return new Set()
    const inserted = await tx.$queryRaw<Array<{ event_id: string }>>`
      INSERT INTO flow_alert (project_id, kind, due_on, event_id, emitted_at)
      SELECT u.project_id, u.kind, u.due_on, u.event_id, ${at}::timestamptz
        FROM unnest(${alerts.map((a) => a.projectId)}::uuid[], ${alerts.map((a) => a.kind)}::text[],
                    ${alerts.map((a) => a.dueOn)}::date[], ${alerts.map((a) => a.eventId)}::uuid[])
             AS u(project_id, kind, due_on, event_id)
      ON CONFLICT DO NOTHING RETURNING event_id::text`
    return new Set(inserted.map((r) => r.event_id))
  },
})
