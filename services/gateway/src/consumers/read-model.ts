import type { Messaging, MessagingWorker, SqlTx } from '@onewindow/messaging'
import type { GatewayCommands } from '../commands.js'
import { READ_MODEL } from '../commands.js'

/**
 * The read model's one reader: every event of the stream, in stream order, a batch per transaction through
 * `commands.applyEvents`. Events it has no projector for only move the cursor; dead letters are outside `permit.>`.
 */
export const readModelReader = (messaging: Messaging<SqlTx>, commands: GatewayCommands): MessagingWorker =>
  messaging.orderedReader({
    name: READ_MODEL,
    subjects: 'permit.>',
    lastApplied: commands.lastApplied,
    applyBatch: commands.applyEvents,
  })
