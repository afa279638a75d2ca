import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { expect, inject, it } from 'vitest'
import { createTestTopology } from '../src/index.js'

// nats-server 2.9 removes the account's store directory with its last stream, under any stream being created then
// (global-setup.ts `keepStreamStore`): the run keeps one stream standing from its first file to its last.
it("keeps a stream of the run's own standing while files create and delete theirs", async () => {
  const nc = await connect({ servers: inject('natsUrl') })
  try {
    const jsm = await jetstreamManager(nc)
    const names = async () => (await jsm.streams.names().next()).filter((n) => n.startsWith('KEEP_'))
    const kept = await names()
    expect(kept.length).toBeGreaterThanOrEqual(1)
    const topology = await createTestTopology(nc)
    await topology.delete()
    expect(await names()).toEqual(expect.arrayContaining(kept))
  } finally {
    await nc.close()
  }
})
