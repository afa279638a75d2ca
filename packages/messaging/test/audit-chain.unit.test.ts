import { describe, expect, it } from 'vitest'
import { type AuditEntry, entryHash, GENESIS_HASH, linkEntries, verifyChain } from '../src/index.js'

const at = '2026-11-30T08:00:00.000Z'
const chain = (n: number): AuditEntry[] =>
  linkEntries(
    { position: 0, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => ({
      actor: `u${i + 1}`,
      role: 'reviewer',
      action: 'approval.task.approve',
      object: `task:${i + 1}`,
      outcome: 'done' as const,
    })),
    at,
  )
/** A forger who knows SM3: the entry rehashed over its (possibly new) place and link. */
const rehash = (e: AuditEntry, position: number, prevHash: string): AuditEntry => {
  const moved = { ...e, position, prevHash }
  return { ...moved, hash: entryHash(prevHash, moved) }
}

describe('the audit chain (pure)', () => {
  it('links each entry to the previous hash with SM3 and verifies a clean chain with its length and head', () => {
    const c = chain(5)
    expect(c.map((e) => e.position)).toEqual([1, 2, 3, 4, 5])
    expect(c[0]?.prevHash).toBe(GENESIS_HASH)
    expect(c[1]?.prevHash).toBe(c[0]?.hash)
    expect(c[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(verifyChain(c)).toEqual({ ok: true, length: 5, head: { position: 5, hash: c[4]?.hash } })
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: { position: 0, hash: GENESIS_HASH } })
  })

  it('names the position of every kind of tampering, by a plain editor and by one who rehashes', () => {
    const c = chain(6)
    const cases: Array<[string, AuditEntry[], { position: number; kind: string; reason?: string }]> = [
      [
        'field edited',
        c.map((e) => (e.position === 3 ? { ...e, outcome: 'refused' } : e)),
        { position: 3, kind: 'edited', reason: 'hash-mismatch' },
      ],
      [
        'edited and rehashed',
        c.map((e) => (e.position === 3 ? rehash({ ...e, actor: 'x' }, 3, e.prevHash) : e)),
        { position: 3, kind: 'edited', reason: 'link-mismatch' },
      ],
      [
        'link edited',
        c.map((e) => (e.position === 4 ? { ...e, prevHash: GENESIS_HASH } : e)),
        { position: 4, kind: 'edited', reason: 'hash-mismatch' },
      ],
      ['deleted', c.filter((e) => e.position !== 4), { position: 4, kind: 'deleted' }],
      [
        'deleted and renumbered',
        c.filter((e) => e.position !== 4).map((e, i) => ({ ...e, position: i + 1 })),
        { position: 4, kind: 'deleted' },
      ],
      [
        'reordered',
        [c[0], c[2], c[1], c[3], c[4], c[5]].map((e, i) => ({ ...(e as AuditEntry), position: i + 1 })),
        { position: 2, kind: 'reordered' },
      ],
      ['inserted (forged link)', insertAt(c, 3, false), { position: 3, kind: 'inserted' }],
      ['inserted (forged and rehashed)', insertAt(c, 3, true), { position: 3, kind: 'inserted' }],
    ]
    for (const [name, tampered, expected] of cases) {
      expect(verifyChain(tampered), name).toMatchObject({ ok: false, ...expected })
    }
  })

  it('catches a truncated tail, and a rewritten one, only through an anchor', () => {
    const c = chain(6)
    const anchor = { position: 5, hash: c[4]?.hash as string }
    expect(verifyChain(c.slice(0, 3))).toMatchObject({ ok: true, length: 3 })
    expect(verifyChain(c.slice(0, 3), anchor)).toMatchObject({ ok: false, kind: 'truncated', position: 4 })
    expect(verifyChain(c, anchor)).toMatchObject({ ok: true, length: 6 })
    // The tail from 4 on forged consistently: only the anchor knows entry 5 had another hash.
    const forged = c.slice(0, 3)
    for (let p = 4; p <= 6; p++)
      forged.push(rehash({ ...(c[p - 1] as AuditEntry), actor: 'x' }, p, forged[p - 2]?.hash as string))
    expect(verifyChain(forged)).toMatchObject({ ok: true })
    expect(verifyChain(forged, anchor)).toMatchObject({
      ok: false,
      kind: 'edited',
      reason: 'anchor-mismatch',
      position: 5,
    })
  })

  it('tells an entry whose time is no instant apart from one whose content does not match its hash', () => {
    const c = chain(5)
    const at3 = (change: Partial<AuditEntry>) => c.map((e) => (e.position === 3 ? { ...e, ...change } : e))
    // What the reader makes of PostgreSQL's 'infinity' and '-infinity', through pg or Prisma.
    for (const stored of ['Infinity', '-Infinity', 'Invalid Date'])
      expect(verifyChain(at3({ at: stored })), stored).toEqual({
        ok: false,
        position: 3,
        kind: 'edited',
        reason: 'no-instant',
        detail: `entry 3's time is no instant (stored '${stored}'), so its hash cannot be checked`,
      })
    expect(verifyChain(at3({ at: '2026-11-30T09:00:00.000Z' }))).toEqual({
      ok: false,
      position: 3,
      kind: 'edited',
      reason: 'hash-mismatch',
      detail: 'entry 3 does not match its hash',
    })
    // Rehashed over the time that is no instant: tampering, since append never stamps one, whether the entry is the
    // chain's last (nothing after it to disagree) or the whole tail after it was rehashed too.
    for (const stored of ['Infinity', '-Infinity', 'Invalid Date']) {
      const forged = c.map((e) => (e.position === 5 ? rehash({ ...e, at: stored }, 5, e.prevHash) : e))
      expect(verifyChain(forged), stored).toEqual({
        ok: false,
        position: 5,
        kind: 'edited',
        reason: 'hashed-no-instant',
        detail: `entry 5's hash was computed over a time that is no instant (stored '${stored}'), which no append writes`,
      })
    }
    // Its link changed too: more than a damaged time, so not excused as one.
    expect(verifyChain(at3({ at: 'Infinity', prevHash: GENESIS_HASH }))).toMatchObject({
      ok: false,
      position: 3,
      kind: 'edited',
      reason: 'hash-mismatch',
    })
  })
})

function insertAt(c: AuditEntry[], position: number, forgeHash: boolean): AuditEntry[] {
  const before = c.slice(0, position - 1)
  const prev = before.at(-1)?.hash ?? GENESIS_HASH
  const base = { ...(c[0] as AuditEntry), actor: 'intruder', position }
  const intruder = forgeHash
    ? rehash(base, position, prev)
    : { ...base, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) }
  return [...before, intruder, ...c.slice(position - 1).map((e) => ({ ...e, position: e.position + 1 }))]
}
