import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { jetstream } from '@nats-io/jetstream'
import { IntakeAuditAnchoredV1 } from '@onewindow/contracts'
import { createTestSchema, createTestTopology } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import {
  anchorAuditOnce,
  connectNats,
  createAuditLog,
  createMessaging,
  readAuditEntries,
  wireSubject,
} from '../src/index.js'
// The test ledger: a real generated Prisma client over a schema with the audit chain.
import { migrationsDir, prismaFor } from './fixture/ledger.js'

// The operator's command, run as its own process (tools/onewindow): it is what an auditor runs against a live chain.
const main = fileURLToPath(new URL('../../../tools/onewindow/src/main.ts', import.meta.url))

/** Runs `onewindow audit verify` as its own process, as an operator would. */
function verify(w: { schema: string; stream: string; prefix: string }, ...extra: string[]) {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      'audit',
      'verify',
      '--service',
      'intake',
      '--schema',
      w.schema,
      '--stream',
      w.stream,
      '--subject-prefix',
      w.prefix,
      ...extra,
    ],
    { env: { ...process.env, DATABASE_URL: inject('databaseUrl'), NATS_URL: inject('natsUrl') }, encoding: 'utf8' },
  )
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() }
}

/** Six commands' entries appended through the real audit log, and (optionally) the head anchored on the stream. */
async function chainOfSix({ anchor }: { anchor: boolean }) {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'audit')
  const prisma = prismaFor(db.pool, db.schema)
  const nc = await connectNats(inject('natsUrl'), 'audit-verify-test')
  const topo = await createTestTopology(nc)
  const transaction = <T>(fn: (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<T>) =>
    prisma.$transaction(fn)
  const audit = createAuditLog({ now: () => new Date('2026-11-30T08:00:00.000Z') })
  for (let i = 1; i <= 6; i++) {
    await transaction((tx) =>
      audit.append(tx, {
        actor: `u${i}`,
        role: 'clerk',
        action: 'intake.project.register',
        object: `project:${i}`,
        outcome: 'done',
      }),
    )
  }
  if (anchor) {
    const messaging = await createMessaging({
      nc,
      pool: db.pool,
      schema: db.schema,
      topology: topo.topology,
      source: 'intake',
      transaction,
      now: () => new Date(),
    })
    await anchorAuditOnce({
      transaction,
      outbox: messaging.outbox,
      event: IntakeAuditAnchoredV1,
      chain: 'intake',
      now: () => new Date(),
    })
    expect(await messaging.relay.flush()).toBe(1)
  }
  return {
    schema: db.schema,
    stream: topo.topology.stream,
    prefix: topo.topology.prefix,
    sql: (text: string) => db.pool.query(text),
    entries: () => readAuditEntries(db.pool, { after: 0, limit: 100 }),
    publish: (body: object) =>
      jetstream(nc).publish(
        wireSubject({ prefix: topo.topology.prefix }, 'permit.intake.audit.anchored.v1'),
        JSON.stringify(body),
      ),
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await topo.delete()
      await nc.close()
      await db.drop()
    },
  }
}

describe('onewindow audit verify', () => {
  it('prints a clean chain’s length and head and that it holds the last anchor, exit 0', async () => {
    await using w = await chainOfSix({ anchor: true })
    const head = (await w.entries()).at(-1)?.hash
    const r = verify(w)
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toBe(`audit chain intake: ok, 6 entries, head 6 ${head}, holds the last anchor (position 6)`)
  })

  // An edited entry is printed with its reason code; each other kind is its own reason.
  it.each([
    ['edited', "UPDATE audit_entry SET actor = 'mallory' WHERE position = 3", 3, ' (hash-mismatch)'],
    ['deleted', 'DELETE FROM audit_entry WHERE position = 3', 3, ''],
    [
      'inserted',
      // Room made at 3 (positions shifted up through negatives, as the key is checked row by row), then a copy of
      // entry 3 with another actor put there.
      `UPDATE audit_entry SET position = -position WHERE position >= 3;
       UPDATE audit_entry SET position = -position + 1 WHERE position < 0;
       INSERT INTO audit_entry SELECT 3, at, 'mallory', role, action, object, outcome, code, trace_id, prev_hash, hash
         FROM audit_entry WHERE position = 4`,
      3,
      '',
    ],
    [
      'reordered',
      `UPDATE audit_entry SET position = CASE position WHEN 3 THEN -4 ELSE -3 END WHERE position IN (3, 4);
       UPDATE audit_entry SET position = -position WHERE position < 0`,
      3,
      '',
    ],
    ['truncated', 'DELETE FROM audit_entry WHERE position > 4', 5, ''],
  ])('names the position of the %s entry, exit 1', async (kind, tamper, position, reason) => {
    await using w = await chainOfSix({ anchor: true })
    expect(verify(w).code).toBe(0)
    await w.sql(tamper)
    const r = verify(w)
    expect(r.code).toBe(1)
    const named = `audit chain intake: entry ${position} ${kind}${reason} — `
    expect(r.out.slice(0, named.length)).toBe(named)
  })

  it('fails, naming the problem, when the last message on the anchor subject is not an anchor, exit 1', async () => {
    await using w = await chainOfSix({ anchor: true })
    await w.sql('DELETE FROM audit_entry WHERE position > 4')
    // A forged "anchor" without a position: read as nothing to compare, it would let the truncated tail pass.
    await w.publish({ chain: 'intake', hash: 'not-a-digest', anchoredAt: '2026-11-30T08:00:00.000Z', entries: [] })
    const r = verify(w)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      /^audit chain intake: the last anchor on .*permit\.intake\.audit\.anchored\.v1 is not a valid anchor: /,
    )
    expect(r.out).toMatch(/position/)
    expect(r.out).toMatch(/\/hash/)
  })

  it('misses a truncated tail without an anchor, which is why the head is anchored', async () => {
    await using w = await chainOfSix({ anchor: false })
    await w.sql('DELETE FROM audit_entry WHERE position > 4')
    expect(verify(w)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/ok, 4 entries, .*no anchor published yet$/),
    })
  })

  it('refuses a bad argument with one sentence, exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'audit', 'verify', '--service', 'billing'], {
      encoding: 'utf8',
    })
    expect(r.status).toBe(2)
    expect(r.stderr.trim()).toBe(
      '--service "billing" is not one of intake, approval, acceptance, utility, registration, gateway, notification, hotline.',
    )
  })
})
