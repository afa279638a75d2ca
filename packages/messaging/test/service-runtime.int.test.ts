import { connect } from '@nats-io/transport-node'
import { createTestSchema, createTestTopology, testClock } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { minimumRetentionMarginMs, type ServiceRuntimeOptions, serviceRuntime } from '../src/index.js'
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
  it('gives every service the retention job, pruning on its clock, and refuses a margin below the minimum', async () => {
    const nc = await connect({ servers: inject('natsUrl') })
    const topo = await createTestTopology(nc)
    const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'runtime')
    try {
      const short = { marginMs: minimumRetentionMarginMs() - 1, everyMs: 60_000, deadLetterKeepDays: 1 }
      await expect(serviceRuntime({ ...base(db.url), nc, topology: topo.topology, retention: short })).rejects.toThrow(
        /RETENTION_MARGIN_MS must be at least/,
      )
      const clock = testClock(new Date())
      const retention = { marginMs: minimumRetentionMarginMs(), everyMs: 60_000, deadLetterKeepDays: 1 }
      const rt = await serviceRuntime({ ...base(db.url), clock, nc, topology: topo.topology, retention })
      expect(rt.serviceOptions([]).workers).toContain(rt.retention)
      expect(rt.retention.name).toBe('runtime-test-retention')
      await db.pool.query(
        `INSERT INTO inbox_message (consumer, event_id, subject) VALUES ('c', gen_random_uuid(), 's')`,
      )
      expect(await rt.retention.runOnce()).toBe(0)
      clock.advance(topo.topology.duplicateWindowMs + retention.marginMs + 60_000)
      expect(await rt.retention.runOnce()).toBe(1)
      for (const close of rt.serviceOptions([]).closers) await close()
    } finally {
      await topo.delete()
      await nc.close()
      await db.drop()
    }
  })

  it("runs a service's own prune pass in the same retention job, in the runtime's transactions, as of the same now", async () => {
    const nc = await connect({ servers: inject('natsUrl') })
    const topo = await createTestTopology(nc)
    const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'runtime')
    try {
      const clock = testClock('2026-03-02T01:00:00Z')
      const seen: string[] = []
      const rt = await serviceRuntime({
        ...base(db.url),
        clock,
        nc,
        topology: topo.topology,
        // A table of the service's own: emptied accounts go.
        prune: (transaction, now) => {
          seen.push(now.toISOString())
          return transaction((tx) => tx.$executeRaw`DELETE FROM account WHERE total = 0`)
        },
      })
      await db.pool.query(
        `INSERT INTO account (id, version, total) VALUES (gen_random_uuid(), 1, 0), (gen_random_uuid(), 1, 5)`,
      )
      expect(rt.serviceOptions([]).workers.filter((w) => w.name.endsWith('-retention'))).toEqual([rt.retention])
      expect(await rt.retention.runOnce()).toBe(1)
      expect(seen).toEqual(['2026-03-02T01:00:00.000Z'])
      expect((await db.pool.query('SELECT total FROM account')).rows).toEqual([{ total: 5 }])
      for (const close of rt.serviceOptions([]).closers) await close()
    } finally {
      await topo.delete()
      await nc.close()
      await db.drop()
    }
  })
})
