import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { IntakeAuditAnchoredV1 } from '@onewindow/contracts'
import { periodicWorker } from '@onewindow/service-kit'
import { createTestSchema } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import {
  type AuditEntry,
  anchorAuditOnce,
  createAuditLog,
  createOutbox,
  entryHash,
  pgTransaction,
  readAuditEntries,
  verifyChain,
} from '../src/index.js'
import { migrationsDir, prismaFor } from './fixture/ledger.js'

// An audit entry's `at` is a `timestamptz`, which also takes 'infinity' — a hand edit, as `append` stamps every entry
// with the clock's instant. The entry is damaged (its hash covers the instant it was written at): the anchor job must
// stop before it and name it, never vouch for it nor fail on every pass with a TypeError; `audit verify` must name it
// by its position, as it names an edited entry, never crash, and say that its time is what is wrong (`no-instant`),
// so the operator can tell the damage from tampering.

const main = fileURLToPath(new URL('../../../tools/onewindow/src/main.ts', import.meta.url))

/** `onewindow audit verify` of intake's chain in `schema`, as a process: its exit code and what it printed. */
function verifyCli(schema: string) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', main, 'audit', 'verify', '--service', 'intake', '--schema', schema, '--no-anchor'],
    { env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, encoding: 'utf8' },
  )
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() }
}

/** Five entries appended through the real audit log; the first two anchored. */
async function chainOfFive() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'audit')
  const prisma = prismaFor(db.pool, db.schema)
  const transaction = pgTransaction<Parameters<Parameters<typeof prisma.$transaction>[0]>[0]>(db.pool, prisma)
  const audit = createAuditLog({ now: () => new Date('2026-11-30T08:00:00.000Z') })
  const append = (i: number) =>
    transaction((tx) =>
      audit.append(tx, {
        actor: `u${i}`,
        role: 'clerk',
        action: 'intake.project.register',
        object: `project:${i}`,
        outcome: 'done',
      }),
    )
  const outbox = createOutbox({ source: 'intake', now: () => new Date('2026-11-30T08:00:01.000Z') })
  const anchor = () =>
    anchorAuditOnce({
      transaction,
      outbox,
      event: IntakeAuditAnchoredV1,
      chain: 'intake',
      now: () => new Date('2026-11-30T08:00:01.000Z'),
    })
  for (let i = 1; i <= 2; i++) await append(i)
  expect(await anchor()).toBe(2)
  for (let i = 3; i <= 5; i++) await append(i)
  return {
    schema: db.schema,
    anchor,
    sql: (text: string) => db.pool.query(text),
    entries: () => readAuditEntries(db.pool, { after: 0, limit: 100 }),
    /** The anchors written: each anchored position, in order. */
    anchored: async () =>
      (
        await db.pool.query<{ position: number }>(
          `SELECT (payload->>'position')::int AS position FROM outbox_message ORDER BY position`,
        )
      ).rows.map((r) => r.position),
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await db.drop()
    },
  }
}

const DAMAGED = 'audit chain intake: entry 4 is damaged (its time is no instant); not anchored past it'

describe("an audit entry whose time was set to 'infinity'", () => {
  it('anchoring stops at the entry before it, naming its position on every pass, and anchors nothing past it', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = 'infinity' WHERE position = 4`)
    await expect(w.anchor()).rejects.toThrow(DAMAGED)
    expect(await w.anchored()).toEqual([2, 3])
    await expect(w.anchor()).rejects.toThrow(DAMAGED)
    expect(await w.anchored()).toEqual([2, 3])
  })

  it('the anchor worker logs it once however many passes fail, and reads unhealthy', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = 'infinity' WHERE position = 4`)
    const errors: Array<{ err: unknown }> = []
    let passes = 0
    const worker = periodicWorker({
      name: 'intake-audit-anchor',
      everyMs: 20,
      runAtStart: true,
      run: () => {
        passes += 1
        return w.anchor()
      },
      log: { error: (obj) => errors.push(obj as { err: unknown }) },
    })
    await worker.start()
    try {
      await expect.poll(() => passes).toBeGreaterThanOrEqual(4)
      expect(worker.healthy()).toBe(false)
    } finally {
      await worker.stop()
    }
    expect(errors.map((e) => (e.err as Error).message)).toEqual([DAMAGED])
    expect(await w.anchored()).toEqual([2, 3])
  })

  it('verifyChain names it by its position as edited, its time being no instant', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = 'infinity' WHERE position = 4`)
    const entries = await w.entries()
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5])
    const stored = entries[3]?.at
    expect(stored).toMatch(/^(Infinity|Invalid Date)$/)
    expect(verifyChain(entries)).toEqual({
      ok: false,
      position: 4,
      kind: 'edited',
      reason: 'no-instant',
      detail: `entry 4's time is no instant (stored '${stored}'), so its hash cannot be checked`,
    })
  })

  it('verifyChain tells it from an entry moved to another instant, whose content no longer matches its hash', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = at + interval '1 hour' WHERE position = 4`)
    expect(verifyChain(await w.entries())).toEqual({
      ok: false,
      position: 4,
      kind: 'edited',
      reason: 'hash-mismatch',
      detail: 'entry 4 does not match its hash',
    })
  })

  it('`onewindow audit verify` names it by its position and says its time is no instant, exit 1', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = 'infinity' WHERE position = 4`)
    const stored = (await w.entries())[3]?.at
    expect(verifyCli(w.schema)).toEqual({
      code: 1,
      out: `audit chain intake: entry 4 edited (no-instant) — entry 4's time is no instant (stored '${stored}'), so its hash cannot be checked`,
      err: '',
    })
  })

  it('`onewindow audit verify` names a last entry rehashed over a time that is no instant as tampering, exit 1', async () => {
    await using w = await chainOfFive()
    await w.sql(`UPDATE audit_entry SET at = 'infinity' WHERE position = 5`)
    const last = (await w.entries())[4] as AuditEntry
    // What a forger does next: the hash recomputed over what the reader now makes of the time. Nothing follows the
    // last entry to disagree, and it is past the anchor.
    await w.sql(`UPDATE audit_entry SET hash = '${entryHash(last.prevHash, last)}' WHERE position = 5`)
    expect(verifyCli(w.schema)).toEqual({
      code: 1,
      out: `audit chain intake: entry 5 edited (hashed-no-instant) — entry 5's hash was computed over a time that is no instant (stored '${last.at}'), which no append writes`,
      err: '',
    })
  })
})
