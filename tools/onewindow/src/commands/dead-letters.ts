import { jetstream } from '@nats-io/jetstream'
import { createPool } from '@onewindow/db'
import { DeadLetterNotFoundError, defaultTopology, replayDeadLetter } from '@onewindow/messaging'
import { BaseConfig, parseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type Command, UsageError } from '../usage-error.js'
import { adminConfig, adminConnection } from './nats.js'

const usage =
  "usage: onewindow dead-letters replay <id>   (DATABASE_URL: the service's, with ?schema=; NATS_USER / NATS_PASSWORD: the NATS admin)"

const DatabaseConfig = Type.Object({ DATABASE_URL: BaseConfig.properties.DATABASE_URL })

/**
 * `dead-letters replay <id>`: what a service's admin route does, as the NATS admin. Under least privilege a service
 * may not publish another service's events (docs/security.md#nats-least-privilege), so its own replay of one is
 * refused (403 DEAD_LETTER_REPLAY_REFUSED) and the operator replays it here, from the service's dead_letter table.
 */
export const deadLetters: Command = async (args, io) => {
  const [action, id, ...rest] = args
  if (action !== 'replay' || id === undefined || rest.length > 0) throw new UsageError(`${usage}.`)
  const config = parseConfig(DatabaseConfig, io.env)
  if (!config.ok) throw new Error(config.message)
  const { pool, schema } = createPool(config.value.DATABASE_URL, 1)
  try {
    const { nc } = await adminConnection(adminConfig(io.env))
    try {
      const { streamSeq } = await replayDeadLetter({ pool, js: jetstream(nc), topology: defaultTopology }, id)
      io.out(`replayed dead letter ${id} of ${schema} as stream sequence ${streamSeq}`)
      return 0
    } finally {
      await nc.close()
    }
  } catch (err) {
    if (err instanceof DeadLetterNotFoundError) throw new Error(`no dead letter ${id} in schema ${schema}`)
    throw err
  } finally {
    await pool.end()
  }
}
