import { readFileSync } from 'node:fs'
import { jetstreamManager } from '@nats-io/jetstream'
import { connectNats, defaultTopology, ensureStream } from '@onewindow/messaging'
import { BaseConfig, natsCredentialsOf, parseConfig } from '@onewindow/service-kit'
import { type Static, Type } from 'typebox'
import { type Command, type Io, UsageError } from '../usage-error.js'

const usage = 'usage: onewindow nats setup   (as the NATS admin: NATS_URL, NATS_USER / NATS_PASSWORD or NATS_NKEY_SEED)'

// The same variables, checks and messages as a service's: only the identity differs (the admin's).
const NatsConfig = Type.Object({
  NATS_URL: BaseConfig.properties.NATS_URL,
  NATS_USER: BaseConfig.properties.NATS_USER,
  NATS_PASSWORD: BaseConfig.properties.NATS_PASSWORD,
  NATS_NKEY_SEED: BaseConfig.properties.NATS_NKEY_SEED,
  NATS_NKEY_SEED_FILE: BaseConfig.properties.NATS_NKEY_SEED_FILE,
  STREAM_REPLICAS: BaseConfig.properties.STREAM_REPLICAS,
})

/**
 * `nats setup`: creates the stream `PERMIT`, or updates it to the code's configuration, as the broker's admin. Under
 * infra/nats/authorization.conf no service may manage streams (docs/security.md#nats-least-privilege), so this runs
 * before the services start, and again whenever the stream's configuration changes; it is idempotent.
 */
export const nats: Command = async (args, io) => {
  if (args.length !== 1 || args[0] !== 'setup') throw new UsageError(`${usage}.`)
  const config = adminConfig(io.env)
  const topology = { ...defaultTopology, replicas: config.STREAM_REPLICAS }
  const { url, nc } = await adminConnection(config)
  try {
    await ensureStream(await jetstreamManager(nc), topology)
  } finally {
    await nc.close()
  }
  io.out(`stream ${topology.stream} is ready on ${url}`)
  return 0
}

export type AdminConfig = Static<typeof NatsConfig>

/** The admin's NATS variables, checked as a service's are; the first one at fault is named before anything connects. */
export function adminConfig(env: Io['env']): AdminConfig {
  const config = parseConfig(NatsConfig, env)
  if (!config.ok) throw new Error(config.message)
  return config.value
}

/** A connection as the identity the configuration names (the admin's, for these commands). */
export async function adminConnection(
  config: AdminConfig,
): Promise<{ url: string; nc: Awaited<ReturnType<typeof connectNats>> }> {
  const auth = natsCredentialsOf(config, (path) => readFileSync(path, 'utf8'))
  if (!auth.ok) throw new Error(auth.message)
  // Named after the user, as a service's connection is, so its replies come to the inboxes that user may read.
  const nc = await connectNats(config.NATS_URL, config.NATS_USER ?? 'admin', auth.value)
  return { url: config.NATS_URL, nc }
}
