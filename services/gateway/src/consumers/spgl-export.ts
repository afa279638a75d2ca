import type { Messaging, MessagingWorker, SqlTx } from '@onewindow/messaging'
import type { GatewayCommands } from '../commands.js'
import { SPGL_READER } from '../db/spgl.js'

/**
 * The national data-sharing export's reader (docs/spgl.md): every event of the stream, in stream order, with its own
 * cursor, writing the standard's rows through `commands.applySpglEvents`. Events it maps nothing from only move it.
 */
export const spglExportReader = (messaging: Messaging<SqlTx>, commands: GatewayCommands): MessagingWorker =>
  messaging.orderedReader({
    name: SPGL_READER,
    subjects: 'permit.>',
    lastApplied: commands.spglLastApplied,
    applyBatch: commands.applySpglEvents,
  })
