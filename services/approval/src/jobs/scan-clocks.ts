import { TaskClockOverdueV1, TaskClockWarnedV1 } from '@onewindow/contracts'
import { type Outbox, type PendingEvent, type SqlTx, skipOnce, type TransactionRunner } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { legalDateOf } from '@onewindow/workdays'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { type AlertDue, alertKey, alertsDue } from '../domain/alerts.js'
import { openStatuses, type Task, toSnapshot } from '../domain/task.js'

/** `runOnce` is one pass over every open task clock; it resolves to how many alerts it emitted. */
export type ClockScanner = PeriodicWorker

export type ClockScannerDeps = {
  pool: pg.Pool
  transaction: TransactionRunner<SqlTx>
  outbox: Outbox
  clock: TimeSource
  yellowAt: number
  everyMs: number
  batchSize?: number
  log?: { error(obj: object, msg: string): void }
}

const OPEN = openStatuses.map((s) => `'${s}'`).join(', ')

/**
 * Durable timers (DESIGN §6): deadlines live in PostgreSQL, not in memory. Each pass reads the open tasks
 * without locks, works out which alerts are due and not yet emitted, then locks only those tasks
 * (`FOR UPDATE SKIP LOCKED`, so replicas share the work) and, in one transaction per batch, inserts each alert's
 * key into `task_alert` and its event into the outbox. The key is what keeps "once" across restarts.
 */
export function createClockScanner(deps: ClockScannerDeps): ClockScanner {
  const batchSize = deps.batchSize ?? 100

  // A task whose clock cannot be evaluated (a bad stored date) is logged once and skipped; the others are scanned.
  const skipped = skipOnce('approval-scan-clocks', deps.log)
  const pendingFor = (id: string, task: Task, alerted: ReadonlySet<string>, today: string): AlertDue[] => {
    try {
      return alertsDue(task, today, deps.yellowAt).filter((a) => !alerted.has(alertKey(a)))
    } catch (error) {
      skipped(id, error)
      return []
    }
  }

  const emit = async (taskIds: string[], at: string, today: string): Promise<number> =>
    deps.transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<Array<{ id: string; state: string; alerted: string[] | null }>>(
        `SELECT t.id::text AS id, t.state::text AS state,
                (SELECT array_agg(a.clock || '/' || a.kind || '/' || a.suspension_id) FROM task_alert a
                  WHERE a.task_id = t.id) AS alerted
           FROM task t WHERE t.id = ANY($1::uuid[]) AND t.status IN (${OPEN})
          ORDER BY t.id FOR UPDATE OF t SKIP LOCKED`,
        taskIds,
      )
      const due: Array<{ task: Task; alert: AlertDue; eventId: string }> = []
      for (const row of rows) {
        const task = JSON.parse(row.state) as Task
        for (const alert of pendingFor(row.id, task, new Set(row.alerted ?? []), today))
          due.push({ task, alert, eventId: uuidv7() })
      }
      if (due.length === 0) return 0
      const inserted = await tx.$queryRawUnsafe<Array<{ event_id: string }>>(
        `INSERT INTO task_alert (task_id, clock, kind, suspension_id, due_on, event_id, emitted_at)
         SELECT u.task_id, u.clock, u.kind, u.suspension_id, u.due_on, u.event_id, $7::timestamptz
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::uuid[])
                AS u(task_id, clock, kind, suspension_id, due_on, event_id)
         ON CONFLICT DO NOTHING RETURNING event_id::text`,
        due.map((d) => d.task.taskId),
        due.map((d) => d.alert.clock),
        due.map((d) => d.alert.kind),
        due.map((d) => d.alert.suspensionId),
        due.map((d) => d.alert.dueOn),
        due.map((d) => d.eventId),
        at,
      )
      const fresh = new Set(inserted.map((r) => r.event_id))
      const events: PendingEvent[] = due
        .filter((d) => fresh.has(d.eventId))
        .map(({ task, alert, eventId }) => ({
          id: eventId,
          event: alert.kind === 'overdue' ? TaskClockOverdueV1 : TaskClockWarnedV1,
          aggregateId: task.taskId,
          body: {
            task: toSnapshot(task),
            clock: alert.clock,
            ...(alert.suspensionId ? { suspensionId: alert.suspensionId } : {}),
            ...(alert.suspensionKind ? { suspensionKind: alert.suspensionKind } : {}),
            dueOn: alert.dueOn,
            detectedOn: today,
            detectedAt: at,
            used: alert.used,
            limit: alert.limit,
          },
        }))
      await deps.outbox.add(tx, events)
      return events.length
    })

  const scanOnce = async (): Promise<number> => {
    const now = deps.clock.now()
    const at = now.toISOString()
    const today = legalDateOf(now)
    const { rows } = await deps.pool.query<{ id: string; state: Task; alerted: string[] | null }>(
      `SELECT t.id::text AS id, t.state,
              (SELECT array_agg(a.clock || '/' || a.kind || '/' || a.suspension_id) FROM task_alert a
                WHERE a.task_id = t.id) AS alerted
         FROM task t WHERE t.status IN (${OPEN})`,
    )
    const candidates = rows
      .filter((r) => pendingFor(r.id, r.state, new Set(r.alerted ?? []), today).length > 0)
      .map((r) => r.id)
    let emitted = 0
    for (let i = 0; i < candidates.length; i += batchSize) {
      emitted += await emit(candidates.slice(i, i + batchSize), at, today)
    }
    return emitted
  }

  return periodicWorker({
    name: 'approval-scan-clocks',
    everyMs: deps.everyMs,
    run: scanOnce,
    ...(deps.log ? { log: deps.log } : {}),
  })
}
