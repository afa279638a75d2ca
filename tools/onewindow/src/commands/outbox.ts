import { parseArgs } from 'node:util'
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream'
import { createPool } from '@onewindow/db'
import { checkStream, defaultTopology, reconcileOutbox } from '@onewindow/messaging'
import { BaseConfig, parseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type Command, UsageError } from '../usage-error.js'
import { adminConfig, adminConnection } from './nats.js'

const usage =
  "usage: onewindow outbox reconcile [--minutes 10] [--stream PERMIT]   (DATABASE_URL: the service's, with ?schema=; NATS_USER / NATS_PASSWORD: the NATS admin)"

const DatabaseConfig = Type.Object({ DATABASE_URL: BaseConfig.properties.DATABASE_URL })

/**
 * Refuses a `--stream` that is not the platform's stream as `nats setup` configures it (messaging's `checkStream`):
 * against any other, no row's sequence holds its message, and every row sent in the window would be marked unsent and
 * sent again. A stream that does not exist is refused the same way.
 */
async function platformStream(jsm: JetStreamManager, stream: string, url: string): Promise<void> {
  const found = await checkStream(jsm, stream)
  if (found.ok) return
  const expected = `the platform's stream is ${defaultTopology.stream}, taking permit.> and dead-letter.> as 'onewindow nats setup' makes it`
  if (found.code === 'stream-missing')
    throw new UsageError(`--stream ${stream}: no such stream on ${url}; ${expected}.`)
  throw new UsageError(
    `--stream ${stream} is not the platform's stream: it takes ${found.subjects.join(', ') || 'no subjects'}; ${expected}.`,
  )
}

/**
 * `outbox reconcile`: `reconcileOutbox` for one service's schema (docs/operations.md#broker-restarts). The rows it
 * marked sent in the last `--minutes` whose message the stream no longer holds at their sequence are marked unsent,
 * so the service's relay sends them again (with a new Nats-Msg-Id, the same event id: consumers that saw them ignore
 * them). After an unclean broker restart, or a lost node whose copies were not all written.
 */
export const outbox: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      minutes: { type: 'string', default: '10' },
      stream: { type: 'string', default: defaultTopology.stream },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1 || positionals[0] !== 'reconcile') throw new UsageError(`${usage}.`)
  const minutes = Number(values.minutes)
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 43_200)
    throw new UsageError(`--minutes must be a whole number from 1 to 43200 (30 days), got "${values.minutes}".`)
  const config = parseConfig(DatabaseConfig, io.env)
  if (!config.ok) throw new Error(config.message)
  const nats = adminConfig(io.env)
  const { pool, schema } = createPool(config.value.DATABASE_URL, 1)
  try {
    const { url, nc } = await adminConnection(nats)
    try {
      const jsm = await jetstreamManager(nc)
      await platformStream(jsm, values.stream, url)
      const missing = await reconcileOutbox({ pool, jsm, stream: values.stream }, minutes * 60_000)
      io.out(
        missing.length === 0
          ? `${schema}: every outbox row sent in the last ${minutes} min is in stream ${values.stream}`
          : `${schema}: ${missing.length} outbox row(s) sent in the last ${minutes} min missing from stream ${values.stream}, marked unsent for the relay: ${missing.join(' ')}`,
      )
      return 0
    } finally {
      await nc.close()
    }
  } finally {
    await pool.end()
  }
}
