import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { v7 as uuidv7 } from 'uuid'
import type { GatewayCommands } from '../commands.js'

/** Who made a batch the job made (`created_by`), where an admin's export names the admin. */
export const SPGL_EXPORT_JOB = 'gateway-spgl-export-job'

/** `runOnce` exports what is pending now; it resolves to how many rows the batch carried (0: nothing new). */
export type SpglExporter = PeriodicWorker

/**
 * 数据共享 on time (docs/spgl.md, "Sharing on time"): every `everyMs`, one export of the rows pending, exactly as
 * `POST /api/v1/admin/exports` makes one — the same command, in one transaction under the same advisory lock, so two
 * gateway replicas (or a replica and an admin) take turns and the second finds nothing the first carried. Nothing
 * new: no batch. The time is the service's clock, read once per pass after the lock is taken.
 */
export function spglExporter(commands: Pick<GatewayCommands, 'createSpglExport'>, clock: TimeSource, everyMs: number) {
  return periodicWorker({
    name: 'gateway-spgl-exporter',
    everyMs,
    run: async () => {
      const { made } = await commands.createSpglExport({
        id: uuidv7(),
        // Read under the export's lock, not before it: see createExport.
        now: () => clock.now(),
        by: SPGL_EXPORT_JOB,
        since: undefined,
        format: 'json',
      })
      return made?.rows.length ?? 0
    },
    runAtStart: false,
  }) satisfies SpglExporter
}
