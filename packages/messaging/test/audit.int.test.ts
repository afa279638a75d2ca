import { IntakeAuditAnchoredV1 } from '@onewindow/contracts'
import { createTestSchema } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import {
  type AuditedCommand,
  anchorAuditOnce,
  auditedRunner,
  bufferedAudit,
  createAuditLog,
  createOutbox,
  pgTransaction,
  readAuditEntries,
  verifyChain,
} from '../src/index.js'
import { migrationsDir, prismaFor } from './fixture/ledger.js'

const account = '0190a5a0-0000-7000-8000-00000000000a'
const command: AuditedCommand = {
  actor: { sub: 'clerk-1', role: 'clerk' },
  action: 'ledger.account.credit',
  object: `account:${account}`,
}

async function world() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'audit')
  const prisma = prismaFor(db.pool, db.schema)
  const transaction = pgTransaction<Parameters<Parameters<typeof prisma.$transaction>[0]>[0]>(db.pool, prisma)
  const audit = createAuditLog({ now: () => new Date('2026-11-30T08:00:00.000Z') })
  const count = async (table: 'account' | 'audit_entry') =>
    Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n)
  return {
    db,
    prisma,
    transaction,
    audit,
    audited: auditedRunner(transaction, audit),
    count,
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await db.drop()
    },
  }
}

/** One anchoring pass of `w`'s chain into its outbox, as intake's anchor worker runs it. */
const anchorOf = (w: { transaction: Parameters<typeof anchorAuditOnce>[0]['transaction'] }) => {
  const outbox = createOutbox({ source: 'intake', now: () => new Date('2026-11-30T08:00:01.000Z') })
  return () =>
    anchorAuditOnce({
      transaction: w.transaction,
      outbox,
      event: IntakeAuditAnchoredV1,
      chain: 'intake',
      now: () => new Date('2026-11-30T08:00:01.000Z'),
    })
}

describe('the audit log, appended in the command’s transaction', () => {
  it('commits a command’s effect and its entry together, with actor, action, object, outcome and time', async () => {
    await using w = await world()
    const result = await w.audited(command, async (tx) => {
      await tx.account.create({ data: { id: account, version: 1, total: 5 } })
      return { ok: true, value: 5 }
    })
    expect(result).toEqual({ ok: true, value: 5 })
    expect(await w.count('account')).toBe(1)
    const entries = await readAuditEntries(w.db.pool, { after: 0, limit: 10 })
    expect(entries).toEqual([
      expect.objectContaining({
        position: 1,
        at: '2026-11-30T08:00:00.000Z',
        actor: 'clerk-1',
        role: 'clerk',
        action: 'ledger.account.credit',
        object: `account:${account}`,
        outcome: 'done',
        code: null,
      }),
    ])
    expect(verifyChain(entries)).toMatchObject({ ok: true, length: 1 })
  })

  it('a command failing after the append leaves neither its effect nor its entry, and the next entry leaves no gap', async () => {
    await using w = await world()
    await expect(
      w.transaction(async (tx) => {
        await tx.account.create({ data: { id: account, version: 1, total: 5 } })
        await w.audit.append(tx, {
          ...command.actor,
          actor: 'clerk-1',
          action: command.action,
          object: command.object,
          outcome: 'done',
        })
        throw new Error('fails after the append')
      }),
    ).rejects.toThrow('fails after the append')
    await expect(
      w.audited(command, async (tx) => {
        await tx.account.create({ data: { id: account, version: 1, total: 5 } })
        throw new Error('fails before its result')
      }),
    ).rejects.toThrow('fails before its result')
    expect(await w.count('account')).toBe(0)
    expect(await w.count('audit_entry')).toBe(0)
    await w.audited(command, async () => ({ ok: true, value: 0 }))
    expect((await readAuditEntries(w.db.pool, { after: 0, limit: 10 })).map((e) => e.position)).toEqual([1])
  })

  it('records a refused command as refused with its code, and nothing else of it', async () => {
    await using w = await world()
    const refused = await w.audited(command, async () => ({
      ok: false as const,
      error: { code: 'LEDGER_ACCOUNT_CLOSED', message: 'closed' },
    }))
    expect(refused.ok).toBe(false)
    expect(await w.count('account')).toBe(0)
    expect(await readAuditEntries(w.db.pool, { after: 0, limit: 10 })).toEqual([
      expect.objectContaining({ position: 1, outcome: 'refused', code: 'LEDGER_ACCOUNT_CLOSED' }),
    ])
  })

  it('keeps positions gapless and the chain whole under 24 concurrent commands', async () => {
    await using w = await world()
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        w.audited({ ...command, object: `account:${i}` }, async () => ({ ok: true, value: i })),
      ),
    )
    const entries = await readAuditEntries(w.db.pool, { after: 0, limit: 100 })
    expect(entries.map((e) => e.position)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1))
    expect(verifyChain(entries)).toMatchObject({ ok: true, length: 24 })
    const head = (await w.db.pool.query('SELECT position::int AS position, hash FROM audit_head')).rows
    expect(head).toEqual([{ position: 24, hash: entries[23]?.hash }])
  })

  it('anchors the head with the entries since the last anchor, once, into the outbox', async () => {
    await using w = await world()
    const anchor = anchorOf(w)
    expect(await anchor()).toBe(0)
    for (let i = 0; i < 3; i++) await w.audited(command, async () => ({ ok: true, value: i }))
    expect(await anchor()).toBe(3)
    expect(await anchor()).toBe(0)
    await w.audited(command, async () => ({ ok: true, value: 4 }))
    expect(await anchor()).toBe(1)
    const { rows } = await w.db.pool.query<{
      subject: string
      payload: { position: number; hash: string; entries: unknown[] }
    }>('SELECT subject, payload FROM outbox_message ORDER BY position')
    const entries = await readAuditEntries(w.db.pool, { after: 0, limit: 10 })
    expect(rows.map((r) => [r.subject, r.payload.position, r.payload.hash, r.payload.entries.length])).toEqual([
      ['permit.intake.audit.anchored.v1', 3, entries[2]?.hash, 3],
      ['permit.intake.audit.anchored.v1', 4, entries[3]?.hash, 1],
    ])
  })

  it('stops anchoring at a deleted entry, naming it, rather than anchoring over the hole', async () => {
    await using w = await world()
    const anchor = anchorOf(w)
    for (let i = 0; i < 2; i++) await w.audited(command, async () => ({ ok: true, value: i }))
    expect(await anchor()).toBe(2)
    for (let i = 0; i < 3; i++) await w.audited(command, async () => ({ ok: true, value: i }))
    await w.db.pool.query('DELETE FROM audit_entry WHERE position = 4')
    await expect(anchor()).rejects.toThrow('audit chain intake: entry 4 is missing')
    const anchored = await w.db.pool.query('SELECT count(*)::int AS n FROM outbox_message')
    expect(anchored.rows[0]?.n).toBe(1)
  })

  it('anchors entries too long for one NATS message in smaller batches, each of them whole and in order', async () => {
    await using w = await world()
    const anchor = anchorOf(w)
    // 30 entries of 50,000 characters each: about 1.5 MB as one anchor, more than NATS's 1 MiB; then 400 short ones.
    // Appended as a command writes them (the text is bounded where a service writes it, not by the anchor's schema).
    const long = (i: number) => `account:${String(i).padStart(4, '0')}:${'x'.repeat(50_000)}`
    for (let i = 1; i <= 30; i++) await w.audited({ ...command, object: long(i) }, async () => ({ ok: true, value: i }))
    for (let i = 31; i <= 430; i++) await w.audited(command, async () => ({ ok: true, value: i }))
    expect(await anchor()).toBe(430)
    const { rows } = await w.db.pool.query<{ position: number; n: number; bytes: number }>(
      `SELECT (payload->>'position')::int AS position, jsonb_array_length(payload->'entries') AS n,
              octet_length(payload::text) AS bytes FROM outbox_message ORDER BY position`,
    )
    // Every entry in exactly one anchor, in order; each anchor under the limit.
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(430)
    expect(rows.map((r) => r.position - r.n)).toEqual(rows.map((_, i) => (i === 0 ? 0 : rows[i - 1]?.position)))
    for (const r of rows) expect(r.bytes).toBeLessThan(1024 * 1024)
    // The first carries as many long entries as fit — one more (50,000 characters and its fields) would not — and
    // once past the long ones the anchors are full-sized again (200 entries), not the long ones' size.
    const [first, second] = rows
    expect(first?.n).toBeGreaterThanOrEqual(15)
    expect(first?.n).toBeLessThan(30)
    expect((first?.bytes ?? 0) + 50_000).toBeGreaterThan(1024 * 1024)
    expect(second?.n).toBe(200)
    expect(rows.length).toBe(4)
    const anchors = await w.db.pool.query('SELECT position::int AS position FROM audit_anchor ORDER BY position')
    expect(anchors.rows.map((r) => r.position)).toEqual(rows.map((r) => r.position))
    // Caught up, the next pass anchors nothing.
    expect(await anchor()).toBe(0)
  })

  it('stops at an entry that alone is more than NATS takes, naming it, after anchoring those before it', async () => {
    await using w = await world()
    const anchor = anchorOf(w)
    for (let i = 0; i < 3; i++) await w.audited(command, async () => ({ ok: true, value: i }))
    await w.audited({ ...command, object: `account:${'y'.repeat(1_100_000)}` }, async () => ({ ok: true, value: 4 }))
    await w.audited(command, async () => ({ ok: true, value: 5 }))
    const refused = 'audit chain intake: entry 4 alone makes an anchor larger than NATS takes (1048576 bytes)'
    await expect(anchor()).rejects.toThrow(refused)
    await expect(anchor()).rejects.toThrow(refused)
    const anchored = await w.db.pool.query(
      "SELECT (payload->>'position')::int AS position FROM outbox_message ORDER BY position",
    )
    expect(anchored.rows).toEqual([{ position: 3 }])
    const anchors = await w.db.pool.query('SELECT position::int AS position FROM audit_anchor ORDER BY position')
    expect(anchors.rows).toEqual([{ position: 3 }])
  })

  it('batches reads: queued without a round trip, appended in one transaction per flush, kept when a flush fails', async () => {
    await using w = await world()
    let transactions = 0
    let failNext = false
    const reads = bufferedAudit({
      name: 'test-reads',
      everyMs: 60_000,
      maxBatch: 4,
      audit: w.audit,
      transaction: (fn) => {
        transactions++
        if (failNext) {
          failNext = false
          return Promise.reject(new Error('database down'))
        }
        return w.transaction(fn)
      },
    })
    const read = (i: number) => ({
      actor: 'sup',
      role: 'supervisor',
      action: 'gateway.project.read',
      object: `project:${i}`,
      outcome: 'read' as const,
    })
    reads.record(read(1))
    reads.record(read(2))
    expect(await w.count('audit_entry')).toBe(0)
    failNext = true
    await expect(reads.flush()).rejects.toThrow('database down')
    expect(reads.pending).toBe(2)
    expect(await reads.flush()).toBe(2)
    expect(transactions).toBe(2)
    // The fourth queued record flushes at once, without waiting for the period.
    for (let i = 3; i <= 6; i++) reads.record(read(i))
    await expect.poll(() => w.count('audit_entry')).toBe(6)
    expect(transactions).toBe(3)
    const entries = await readAuditEntries(w.db.pool, { after: 0, limit: 10 })
    expect(entries.map((e) => e.object)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `project:${i}`))
    expect(verifyChain(entries)).toMatchObject({ ok: true, length: 6 })
    reads.record(read(7))
    await reads.stop()
    expect(await w.count('audit_entry')).toBe(7)
  })
})
