import { DeficiencyOverdueV1 } from '@onewindow/contracts'
import type { Outbox } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { legalDateOf } from '@onewindow/workdays'
import type { IntakeDb } from '../db/client.js'

/** `runOnce` reports every newly overdue deficiency once; it resolves to how many it reported. */
export type DeficiencyScanner = PeriodicWorker

const BATCH = 200

/**
 * 容缺 overdue: a material owed past its promised date is reported once. The row is marked in the same
 * transaction as its event, and rows are taken with SKIP LOCKED, so replicas scanning side by side never report
 * one twice and never wait for each other.
 */
export function createDeficiencyScanner(deps: {
  prisma: IntakeDb
  outbox: Outbox
  clock: TimeSource
  everyMs: number
  log?: { error(obj: object, msg: string): void }
}): DeficiencyScanner {
  const scanOnce = async (): Promise<number> => {
    let total = 0
    for (;;) {
      const n = await deps.prisma.$transaction(async (tx) => {
        const now = deps.clock.now()
        const rows = await tx.$queryRawUnsafe<
          Array<{ application_id: string; project_id: string; material: string; promised_on: string }>
        >(
          `SELECT d.application_id::text AS application_id, a.project_id::text AS project_id, d.material,
                  to_char(d.promised_on, 'YYYY-MM-DD') AS promised_on
             FROM deficiency d JOIN application a ON a.id = d.application_id
            WHERE d.cured_at IS NULL AND d.overdue_at IS NULL AND d.promised_on < $1::date
              AND a.status <> 'rejected'
            ORDER BY d.promised_on, d.application_id, d.material
            LIMIT ${BATCH}
              FOR UPDATE OF d SKIP LOCKED`,
          legalDateOf(now),
        )
        if (rows.length === 0) return 0
        await tx.$executeRawUnsafe(
          `UPDATE deficiency SET overdue_at = $1
            WHERE (application_id, material) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
          now,
          rows.map((r) => r.application_id),
          rows.map((r) => r.material),
        )
        await deps.outbox.add(
          tx,
          rows.map((r) => ({
            event: DeficiencyOverdueV1,
            aggregateId: r.application_id,
            body: {
              applicationId: r.application_id,
              projectId: r.project_id,
              material: r.material,
              promisedOn: r.promised_on,
              detectedAt: now.toISOString(),
            },
          })),
        )
        return rows.length
      })
      total += n
      if (n < BATCH) return total
    }
  }

  return periodicWorker({
    name: 'intake-deficiency-scanner',
    everyMs: deps.everyMs,
    run: scanOnce,
    runAtStart: false,
    ...(deps.log ? { log: deps.log } : {}),
  })
}
