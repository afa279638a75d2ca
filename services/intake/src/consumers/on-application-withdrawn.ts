import { ApplicationWithdrawnV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { recordWithdrawal } from '../commands.js'
import type { Tx } from '../db/client.js'

/** 撤回 in approval: the application ends withdrawn, owing nothing, and its step may be applied for again. */
export const onApplicationWithdrawn = defineConsumer<typeof ApplicationWithdrawnV1, Tx>({
  durable: 'intake-application-withdrawn',
  event: ApplicationWithdrawnV1,
  handle: ({ event, tx }) => recordWithdrawal(tx, event),
})
