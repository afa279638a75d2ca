import { connect } from '@nats-io/transport-node'
import { createTestSchema, createTestTopology } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { type ServiceRuntimeOptions, serviceRuntime } from '../src/index.js'
import { type Ledger, migrationsDir, prismaFor } from './fixture/ledger.js'

const base = (databaseUrl: string): ServiceRuntimeOptions<Ledger> => ({
  databaseUrl,
  migrationsDir,
  source: 'runtime-test',
  clock: { now: () => new Date() },
  prisma: prismaFor,
})

describe('serviceRuntime', () => {
  it('refuses to start without a NATS connection or URL, and with both, before it touches the database', async () => {
    const unreachable = 'postgres://nobody@127.0.0.1:1/none?schema=none'
    await expect(serviceRuntime(base(unreachable))).rejects.toThrow(/give either nc or natsUrl \(got neither\)/)
    const nc = await connect({ servers: inject('natsUrl') })
    try {
      await expect(serviceRuntime({ ...base(unreachable), nc, natsUrl: inject('natsUrl') })).rejects.toThrow(/got both/)
    } finally {
      await nc.close()
    }
  })

  it('opens its own connection from natsUrl, is ready on it, and drains it after the other closers', async () => {
    const helper = await connect({ servers: inject('natsUrl') })
    const topo = await createTestTopology(helper)
    const db = await createTestSchema(inject('databaseUrl'), undefined, 'runtime')
    try {
      const rt = await serviceRuntime({ ...base(db.url), natsUrl: inject('natsUrl'), topology: topo.topology })
      expect(await rt.readiness.nats()).toBe(true)
      expect(await rt.readiness.database()).toBe(true)
      const closers = [...rt.serviceOptions([]).closers]
      const drain = closers.pop()
      for (const close of closers) await close()
      // Relay flushed, Prisma and the pool closed: the connection is still up until the last closer drains it.
      expect(await rt.readiness.nats()).toBe(true)
      await drain?.()
      await expect(rt.readiness.nats()).rejects.toThrow()
    } finally {
      await topo.delete()
      await helper.close()
      await db.drop()
    }
  })
})
