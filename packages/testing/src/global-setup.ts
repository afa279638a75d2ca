import { jetstreamManager, StorageType } from '@nats-io/jetstream'
import { nuid } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import { ensureDatabase } from '@onewindow/db'
import type { TestProject } from 'vitest/node'
import { dropKept } from './kept-schemas.js'
import { vacuumDatabase } from './postgres.js'

import './provided-context.js'

const defaultDatabaseUrl = 'postgresql://postgres@127.0.0.1:5432/onewindow_test'
const defaultNatsUrl = 'nats://127.0.0.1:4222'

/**
 * Finds PostgreSQL and NATS for the whole run: the machine's services when they answer (the URLs from the
 * environment or the defaults), else Testcontainers when a Docker engine answers, else one sentence.
 * Each test file then makes its own schema and stream, so files never share state.
 */
export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<unknown>> = []
  let databaseUrl = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? defaultDatabaseUrl
  let natsUrl = process.env['NATS_URL'] ?? defaultNatsUrl

  if (!(await postgresAnswers(databaseUrl))) {
    const started = await fromContainers('postgres')
    if (!started)
      throw new Error(
        `PostgreSQL does not answer at ${redact(databaseUrl)} and no Docker engine answers for Testcontainers: start PostgreSQL or set DATABASE_URL.`,
      )
    databaseUrl = started.url
    stops.push(started.stop)
  }
  if (!(await natsAnswers(natsUrl))) {
    const started = await fromContainers('nats')
    if (!started)
      throw new Error(
        `NATS does not answer at ${natsUrl} and no Docker engine answers for Testcontainers: start nats-server -js or set NATS_URL.`,
      )
    natsUrl = started.url
    stops.push(started.stop)
  }
  // The catalogs as clean as a fresh database's, whatever earlier runs left (vacuumDatabase says why).
  const vacuumFrom = performance.now()
  const { deadCatalogRows } = await vacuumDatabase(databaseUrl)
  console.log(
    `test database: ${deadCatalogRows} dead catalog rows vacuumed in ${((performance.now() - vacuumFrom) / 1000).toFixed(1)} s`,
  )
  stops.push(await keepStreamStore(natsUrl))
  // Migrated schemas are kept between a worker's files (kept-schemas.ts) and dropped when the run ends; the workers
  // Vitest forks after this inherit the run's name. Runs that died a day ago or more leave theirs to this one.
  const run = `run_${nuid.next()}`
  await dropKept(databaseUrl, run)
  process.env['ONEWINDOW_TEST_RUN'] = run
  process.env['ONEWINDOW_TEST_DATABASE'] = databaseUrl
  const keptUrl = databaseUrl
  stops.push(async () => {
    const dropped = await dropKept(keptUrl, run)
    console.log(`test database: ${dropped} kept schemas dropped`)
  })
  project.provide('databaseUrl', databaseUrl)
  project.provide('natsUrl', natsUrl)
  // Last started, first stopped: the kept stream is deleted while a NATS started by Testcontainers still runs.
  return async () => {
    for (const stop of stops.reverse()) await stop()
  }
}

/**
 * A stream of the run's own, kept until it ends. nats-server 2.9 removes the account's whole store directory
 * (`jetstream/$G`) when its last stream is deleted, and a stream created at that moment fails with "error creating
 * store for stream" (its directory's parent went under it): with two workers each deleting its file's stream, the
 * account's streams did reach zero mid-run, and a file failed in `createTestTopology` (seen 2026-12-03 in CI). While
 * this stream stands the count never reaches zero. Its name is the run's own, so runs side by side keep their own.
 */
async function keepStreamStore(url: string): Promise<() => Promise<unknown>> {
  const nc = await connect({ servers: url })
  const jsm = await jetstreamManager(nc)
  const name = `KEEP_${nuid.next()}`
  await jsm.streams.add({ name, subjects: [`keep.${name}`], storage: StorageType.File, max_msgs: 1 })
  await nc.close()
  return async () => {
    const closing = await connect({ servers: url })
    try {
      await (await jetstreamManager(closing)).streams.delete(name)
    } finally {
      await closing.close()
    }
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  try {
    await ensureDatabase(url)
    return true
  } catch {
    return false
  }
}

async function natsAnswers(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 3000, reconnect: false })
    await nc.close()
    return true
  } catch {
    return false
  }
}

async function fromContainers(
  kind: 'postgres' | 'nats',
): Promise<{ url: string; stop: () => Promise<unknown> } | undefined> {
  const { getContainerRuntimeClient } = await import('testcontainers')
  try {
    await getContainerRuntimeClient()
  } catch {
    return undefined
  }
  if (kind === 'postgres') {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
    const c = await new PostgreSqlContainer('postgres:17').start()
    return { url: c.getConnectionUri(), stop: () => c.stop() }
  }
  const { NatsContainer } = await import('@testcontainers/nats')
  const c = await new NatsContainer('nats:2.11').withJetStream().start()
  return { url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`, stop: () => c.stop() }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
