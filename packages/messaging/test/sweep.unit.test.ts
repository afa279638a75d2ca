import { NATS_MAX_PAYLOAD, ProjectRegisteredV1 } from '@onewindow/contracts'
import { UnreadableStoredRow } from '@onewindow/db'
import { describe, expect, it } from 'vitest'
import type { SqlTx } from '../src/index.js'
import {
  assertPublishable,
  EventBodyInvalidError,
  EventTooLargeError,
  publishedBytes,
  skipOnce,
  sweep,
} from '../src/index.js'

// Rows in memory; the transaction runner only counts batches. `held` rows are locked by someone else.
function fixture(
  n: number,
  held: ReadonlySet<string> = new Set(),
  poisoned: ReadonlySet<string> = new Set(),
  batched = false,
  // Rows whose stored state does not read (the read throws), and a row whose read fails as the database would.
  damaged: ReadonlySet<string> = new Set(),
  broken?: string,
  // The runner's `outside`: the same statements in no transaction (a client of its own here, to tell them apart).
  withOutside = false,
  // A `settle`: the batch's rows with nothing due, handed over together.
  withSettle = false,
  // `sweep`'s `ahead`: batches of candidates read at once.
  ahead?: number,
  // Each transaction's callback run twice, the first run's writes undone: as pgTransaction runs one again after a
  // conflict with another transaction.
  rerun = false,
) {
  const ids = Array.from({ length: n }, (_, i) => `id-${String(i).padStart(4, '0')}`)
  type Row = { id: string; due: boolean; raised: boolean }
  const state = new Map<string, Row>(ids.map((id, i) => [id, { id, due: i % 2 === 0, raised: false }]))
  const log = {
    transactions: 0,
    lockedReads: [] as string[],
    unlockedReads: [] as string[],
    batchReads: [] as number[],
    writes: [] as string[],
    skipped: [] as string[],
    settled: [] as string[][],
    /** The `limit` of each call to `candidates`. */
    candidateReads: [] as number[],
    /** Which client each call got, in order: `tx` inside a transaction, `outside` in none. */
    clients: [] as string[],
  }
  const tx = {} as SqlTx
  const outside = {} as SqlTx
  const on = (client: SqlTx, what: string) => log.clients.push(`${what}:${client === tx ? 'tx' : 'outside'}`)
  const run = (batch?: number) =>
    sweep({
      transaction: Object.assign(
        async <T>(fn: (t: SqlTx) => Promise<T>) => {
          log.transactions += 1
          if (rerun) {
            const before = new Map(state)
            const writes = log.writes.length
            await fn(tx)
            for (const [id, row] of before) state.set(id, row)
            log.writes.length = writes
          }
          return fn(tx)
        },
        withOutside ? { outside } : {},
      ),
      candidates: async (client, after, limit) => {
        on(client, 'candidates')
        log.candidateReads.push(limit)
        return ids.filter((id) => after === undefined || id > after).slice(0, limit)
      },
      read: async (client, id, lock) => {
        on(client, lock ? 'locked' : 'read')
        if (lock) log.lockedReads.push(id)
        else log.unlockedReads.push(id)
        if (lock && held.has(id)) return undefined
        if (damaged.has(id)) throw new UnreadableStoredRow('row', id, '/due Expected boolean')
        if (id === broken) throw new Error('Connection terminated unexpectedly')
        const row = state.get(id)
        return row && { ...row }
      },
      decide: (row) => {
        if (poisoned.has(row.id)) throw new RangeError(`"2026-02-30" is not a real date (${row.id})`)
        // With a settle, every row gets a decision (a quiet one: nothing due), as a scanner storing a day gives.
        return withSettle || (row.due && !row.raised) ? row : undefined
      },
      skipped: (id) => {
        log.skipped.push(id)
      },
      write: async (client, row) => {
        on(client, 'write')
        state.set(row.id, { ...row, raised: true })
        log.writes.push(row.id)
        return 1
      },
      ...(batch ? { batch } : {}),
      ...(ahead ? { ahead } : {}),
      ...(withSettle
        ? {
            settle: {
              quiet: (row: Row) => !(row.due && !row.raised),
              write: async (client: SqlTx, rows: readonly Row[]) => {
                on(client, 'settle')
                log.settled.push(rows.map((r) => r.id))
              },
            },
          }
        : {}),
      ...(batched
        ? {
            readAll: async (client: SqlTx, wanted: readonly string[]) => {
              on(client, 'readAll')
              log.batchReads.push(wanted.length)
              const read = new Map<string, Row | UnreadableStoredRow>()
              for (const id of wanted) {
                const row = state.get(id)
                if (damaged.has(id)) read.set(id, new UnreadableStoredRow('row', id, '/due Expected boolean'))
                else if (row) read.set(id, { ...row })
              }
              return read
            },
          }
        : {}),
    })
  return { ids, log, run }
}

describe('sweep', () => {
  it('walks every candidate once, a transaction per batch, and ends though rows stay candidates', async () => {
    const f = fixture(250)
    expect(await f.run(100)).toBe(125)
    expect(f.log.transactions).toBe(3)
    expect(f.log.writes).toHaveLength(125)
    // A second pass finds every due row already raised: nothing written, nothing locked.
    const locked = f.log.lockedReads.length
    expect(await f.run(100)).toBe(0)
    expect(f.log.lockedReads).toHaveLength(locked)
  })

  it('with readAll, reads a batch’s rows in one call and each row alone only to lock it; the same rows written', async () => {
    const f = fixture(250, new Set(['id-0002']), new Set(), true)
    expect(await f.run(100)).toBe(124)
    expect(f.log.batchReads).toEqual([100, 100, 50])
    expect(f.log.unlockedReads).toEqual([])
    expect(f.log.lockedReads).toHaveLength(125)
    expect(f.log.writes).not.toContain('id-0002')
    expect(await f.run(100)).toBe(0)
    expect(f.log.lockedReads).toHaveLength(126)
  })

  it('locks only rows with something due, and skips a row another transaction holds', async () => {
    const f = fixture(10, new Set(['id-0002']))
    expect(await f.run()).toBe(4)
    expect(f.log.lockedReads).toEqual(['id-0000', 'id-0002', 'id-0004', 'id-0006', 'id-0008'])
    expect(f.log.writes).not.toContain('id-0002')
  })

  it('a full last batch costs one more, empty, transaction', async () => {
    const f = fixture(200)
    expect(await f.run(100)).toBe(100)
    expect(f.log.transactions).toBe(3)
  })

  it('skips a row it cannot evaluate, tells its id, and finishes the pass for every other row', async () => {
    const f = fixture(10, new Set(), new Set(['id-0000', 'id-0004']))
    expect(await f.run(3)).toBe(3)
    expect(f.log.writes).toEqual(['id-0002', 'id-0006', 'id-0008'])
    expect(f.log.skipped).toEqual(['id-0000', 'id-0004'])
  })

  it('skips a row whose stored state does not read, and fails the pass on any other failed read', async () => {
    const f = fixture(10, new Set(), new Set(), false, new Set(['id-0002', 'id-0005']))
    expect(await f.run(3)).toBe(4)
    expect(f.log.writes).toEqual(['id-0000', 'id-0004', 'id-0006', 'id-0008'])
    expect(f.log.skipped).toEqual(['id-0002', 'id-0005'])
    const g = fixture(10, new Set(), new Set(), false, new Set(), 'id-0003')
    await expect(g.run(3)).rejects.toThrow('Connection terminated unexpectedly')
    // The same rows read a batch at a time: a damaged one comes back as its UnreadableStoredRow, and is skipped.
    const h = fixture(10, new Set(), new Set(), true, new Set(['id-0002', 'id-0005']))
    expect(await h.run(3)).toBe(4)
    expect(h.log.writes).toEqual(['id-0000', 'id-0004', 'id-0006', 'id-0008'])
    expect(h.log.skipped).toEqual(['id-0002', 'id-0005'])
    expect(h.log.lockedReads).not.toContain('id-0002')
  })

  it('with the runner’s outside, looks at a batch in no transaction and opens one only for its rows with something due', async () => {
    const f = fixture(250, new Set(['id-0002']), new Set(['id-0004']), false, new Set(), undefined, true)
    expect(await f.run(100)).toBe(123)
    // Three batches, each with rows due: a transaction each, in which only the locks and writes ran.
    expect(f.log.transactions).toBe(3)
    const kinds = (where: string) => new Set(f.log.clients.filter((c) => c.endsWith(where)).map((c) => c.split(':')[0]))
    expect(kinds(':outside')).toEqual(new Set(['candidates', 'read']))
    expect(kinds(':tx')).toEqual(new Set(['locked', 'write']))
    // The same rows as inside one transaction: the held one left, the one that cannot be evaluated skipped.
    expect(f.log.writes).not.toContain('id-0002')
    expect(f.log.skipped).toEqual(['id-0004'])
    // A second pass: only the held row still shows something due, so one transaction, to try its lock again.
    const locked = f.log.lockedReads.length
    expect(await f.run(100)).toBe(0)
    expect(f.log.transactions).toBe(4)
    expect(f.log.lockedReads.slice(locked)).toEqual(['id-0002'])
    // With nothing due at all, a pass opens no transaction and locks nothing.
    const quiet = fixture(250, new Set(), new Set(), false, new Set(), undefined, true)
    expect(await quiet.run(100)).toBe(125)
    const before = { transactions: quiet.log.transactions, locked: quiet.log.lockedReads.length }
    expect(await quiet.run(100)).toBe(0)
    expect(quiet.log.transactions).toBe(before.transactions)
    expect(quiet.log.lockedReads).toHaveLength(before.locked)
    // Read a batch at a time, the batch's read is outside too.
    const g = fixture(10, new Set(), new Set(), true, new Set(), undefined, true)
    expect(await g.run()).toBe(5)
    expect(g.log.clients.filter((c) => c.startsWith('readAll'))).toEqual(['readAll:outside'])
    expect(g.log.transactions).toBe(1)
  })

  it('hands a batch’s quiet decisions to settle together, in the batch’s transaction; never a row it skipped', async () => {
    // Rows 0, 2, 4, … are due; 1, 3, 5, … not; row 3 cannot be evaluated.
    const f = fixture(10, new Set(), new Set(['id-0003']), true, new Set(), undefined, true, true)
    expect(await f.run(4)).toBe(5)
    expect(f.log.settled).toEqual([['id-0001'], ['id-0005', 'id-0007'], ['id-0009']])
    expect(f.log.skipped).toEqual(['id-0003'])
    expect(f.log.clients.filter((c) => c.startsWith('settle'))).toEqual(['settle:tx', 'settle:tx', 'settle:tx'])
    // Nothing due any more: each batch with quiet rows opens a transaction for them alone, and locks nothing.
    const locked = f.log.lockedReads.length
    const transactions = f.log.transactions
    expect(await f.run(4)).toBe(0)
    expect(f.log.lockedReads).toHaveLength(locked)
    expect(f.log.transactions).toBe(transactions + 3)
    expect(f.log.settled.slice(3)).toEqual([
      ['id-0000', 'id-0001', 'id-0002'],
      ['id-0004', 'id-0005', 'id-0006', 'id-0007'],
      ['id-0008', 'id-0009'],
    ])
    // Without an outside, in the batch's one transaction too.
    const g = fixture(4, new Set(), new Set(), false, new Set(), undefined, false, true)
    expect(await g.run()).toBe(2)
    expect(g.log.settled).toEqual([['id-0001', 'id-0003']])
    expect(g.log.clients.every((c) => c.endsWith(':tx'))).toBe(true)
  })

  it('with ahead, reads the candidates several batches at a time and looks at the same rows, a batch at a time', async () => {
    const one = fixture(250, new Set(), new Set(), true)
    const many = fixture(250, new Set(), new Set(), true, new Set(), undefined, false, false, 2)
    expect(await many.run(100)).toBe(await one.run(100))
    expect(many.log.writes).toEqual(one.log.writes)
    // 250 rows: 200 read, then the 50 left (fewer than asked: no more); a batch at a time, three reads.
    expect(many.log.candidateReads).toEqual([200, 200])
    expect(one.log.candidateReads).toEqual([100, 100, 100])
    expect(many.log.batchReads).toEqual([100, 100, 50])
    // Exactly a whole read: one more, empty, to know there is no more.
    const whole = fixture(200, new Set(), new Set(), true, new Set(), undefined, false, false, 2)
    expect(await whole.run(100)).toBe(100)
    expect(whole.log.candidateReads).toEqual([200, 200])
  })

  it('without an outside, a batch is looked at inside its transaction, as before', async () => {
    const f = fixture(10)
    expect(await f.run()).toBe(5)
    expect(f.log.clients.every((c) => c.endsWith(':tx'))).toBe(true)
  })

  it('without an outside, a transaction run again looks at the same batch as the run it replaces', async () => {
    const once = fixture(250, new Set(), new Set(), true, new Set(), undefined, false, false, 2)
    const twice = fixture(250, new Set(), new Set(), true, new Set(), undefined, false, false, 2, true)
    expect(await twice.run(100)).toBe(await once.run(100))
    expect(twice.log.writes).toEqual(once.log.writes)
    expect(twice.log.writes).toHaveLength(125)
  })

  it('skipOnce logs each bad row once, with its id, however many passes meet it', () => {
    const lines: Array<{ obj: object; msg: string }> = []
    const skipped = skipOnce('test-scan', { error: (obj, msg) => lines.push({ obj, msg }) })
    const error = new RangeError('bad date')
    skipped('id-1', error)
    skipped('id-1', error)
    skipped('id-2', error)
    expect(lines).toEqual([
      {
        obj: { err: error, scanner: 'test-scan', id: 'id-1' },
        msg: 'test-scan: row id-1 cannot be evaluated and is skipped',
      },
      {
        obj: { err: error, scanner: 'test-scan', id: 'id-2' },
        msg: 'test-scan: row id-2 cannot be evaluated and is skipped',
      },
    ])
  })

  it('assertPublishable throws the outbox error for an event that fails its schema, so decide can skip the row', () => {
    const body = {
      projectId: '0190c6a1-0000-7000-8000-000000000002',
      projectCode: '2026-440606-47-01-000001',
      name: 'Warehouse',
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      owner: { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' },
      investmentFen: 1,
      registeredAt: '2026-01-05T01:00:00.000Z',
    }
    const event = { event: ProjectRegisteredV1, aggregateId: body.projectId }
    expect(() => assertPublishable([{ ...event, body }])).not.toThrow()
    expect(() => assertPublishable([{ ...event, body: { ...body, registeredAt: 'yesterday' } }])).toThrow(
      EventBodyInvalidError,
    )
  })

  it('assertPublishable throws the outbox error for an event NATS would not take, so decide can skip the row', () => {
    const body = {
      projectId: '0190c6a1-0000-7000-8000-000000000002',
      projectCode: '2026-440606-47-01-000001',
      name: 'Warehouse',
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      owner: { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' },
      investmentFen: 1,
      registeredAt: '2026-01-05T01:00:00.000Z',
    }
    const event = { event: ProjectRegisteredV1, aggregateId: body.projectId }
    // The body's bytes and the headers `add` would store, less those it cannot know here (the service's source, the
    // trace: counted empty): at the limit it passes, one byte more is refused (max-payload.unit: add's own measure).
    const headers = {
      'ce-specversion': '1.0',
      'ce-id': body.projectId,
      'ce-type': ProjectRegisteredV1.subject,
      'ce-source': '',
      'ce-time': body.registeredAt,
      'ow-aggregate': body.projectId,
      'ow-resend': body.projectId,
    }
    const fill = NATS_MAX_PAYLOAD - publishedBytes(JSON.stringify({ ...body, note: '' }), headers)
    expect(() => assertPublishable([{ ...event, body: { ...body, note: 'x'.repeat(fill) } as never }])).not.toThrow()
    expect(() => assertPublishable([{ ...event, body: { ...body, note: 'x'.repeat(fill + 1) } as never }])).toThrow(
      EventTooLargeError,
    )
  })
})
