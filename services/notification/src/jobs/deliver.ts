import { skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import type { Channels } from '../channels/channel.js'
import { type CommandDeps, deliverOnce } from '../commands.js'
import type { RetryPolicy } from '../domain/messages.js'

/** The deliverer: a durable timer whose pass hands every due message to its channel (`deliverOnce`). */
export const deliverer = (
  deps: CommandDeps,
  options: { everyMs: number; channels: Channels; retry: RetryPolicy },
  log?: { error(obj: object, msg: string): void },
) => {
  const skipped = skipOnce('notification-deliver', log)
  return periodicWorker({
    name: 'notification-deliver',
    everyMs: options.everyMs,
    run: () => deliverOnce(deps, options.channels, options.retry, skipped),
    ...(log ? { log } : {}),
  })
}
