import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ChainLinks, orderingChains, projectOf, publishingStages } from '../src/index.js'

type Row = ChainLinks & { id: number }

const row = (id: number, aggregate: string, tx: string, projectId?: string): Row => ({
  id,
  aggregate_id: aggregate,
  position: String(id),
  tx,
  payload: projectId === undefined ? { amount: 1 } : { projectId, amount: 1 },
})

const stageIds = (stages: Row[][][]) => stages.map(ids)

const ids = (chains: Row[][]) => chains.map((c) => c.map((r) => r.id))

describe('orderingChains', () => {
  it('keeps apart what shares nothing, and each chain in outbox order', () => {
    const batch = [row(3, 'a', 't2'), row(1, 'a', 't1'), row(2, 'b', 't3'), row(4, 'c', 't4')]
    expect(ids(orderingChains(batch))).toEqual([[1, 3], [2], [4]])
  })

  it('joins the aggregates of one transaction: a cause and its effect', () => {
    const batch = [row(1, 'task-x', 't1'), row(2, 'application', 't1'), row(3, 'task-y', 't2')]
    expect(ids(orderingChains(batch))).toEqual([[1, 2], [3]])
  })

  it('joins the events of one project across transactions: task decisions before the step decision', () => {
    const batch = [
      row(1, 'task-x', 't1', 'p1'),
      row(2, 'task-y', 't2', 'p1'),
      row(3, 'application', 't2', 'p1'),
      row(4, 'task-z', 't3', 'p2'),
    ]
    expect(ids(orderingChains(batch))).toEqual([[1, 2, 3], [4]])
  })

  it('joins transitively: an aggregate shared with one chain and a transaction with another makes one', () => {
    const batch = [row(1, 'a', 't1'), row(2, 'b', 't2'), row(3, 'a', 't3'), row(4, 'b', 't3')]
    expect(ids(orderingChains(batch))).toEqual([[1, 2, 3, 4]])
  })

  it('for any batch: a partition in outbox order, whose chains share no aggregate, transaction or project', () => {
    const batchArb = fc
      .array(
        fc.record({
          aggregate: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          tx: fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8'),
          project: fc.option(fc.constantFrom('p', 'q', 'r'), { nil: undefined }),
        }),
        { maxLength: 40 },
      )
      .chain((specs) =>
        fc.shuffledSubarray(
          specs.map((s, i) => row(i + 1, s.aggregate, s.tx, s.project)),
          { minLength: specs.length, maxLength: specs.length },
        ),
      )
    fc.assert(
      fc.property(batchArb, (batch) => {
        const chains = orderingChains(batch)
        // Every row once.
        expect(
          chains
            .flat()
            .map((r) => r.id)
            .sort((x, y) => x - y),
        ).toEqual(batch.map((r) => r.id).sort((x, y) => x - y))
        for (const chain of chains) {
          expect(chain.map((r) => r.id)).toEqual([...chain.map((r) => r.id)].sort((x, y) => x - y))
        }
        const keys = (c: Row[]) =>
          new Set(
            c.flatMap((r) => {
              const p = (r.payload as { projectId?: string }).projectId
              return [`a:${r.aggregate_id}`, `t:${r.tx}`, ...(p ? [`p:${p}`] : [])]
            }),
          )
        for (let i = 0; i < chains.length; i++) {
          for (let j = i + 1; j < chains.length; j++) {
            const mine = keys(chains[i] as Row[])
            for (const k of keys(chains[j] as Row[])) expect(mine.has(k)).toBe(false)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('finds the project in the body or in an object directly in it', () => {
    expect(projectOf({ projectId: 'p', task: { projectId: 'q' } })).toBe('p')
    expect(projectOf({ task: { taskId: 't', projectId: 'q' }, actor: 'x' })).toBe('q')
    expect(projectOf({ entry: { version: 1 }, key: 'year-2027' })).toBeUndefined()
    expect(projectOf({ a: { b: { projectId: 'deep' } } })).toBeUndefined()
    expect(projectOf({ projectId: 7 })).toBeUndefined()
    expect(projectOf(null)).toBeUndefined()
  })
})

describe('publishingStages', () => {
  it('puts an event that names no project in a stage of its own, between what comes before and after it', () => {
    const batch = [
      row(1, 'a', 't1', 'p'),
      row(2, 'b', 't2', 'q'),
      row(3, 'calendar', 't3'),
      row(4, 'anchor', 't4'),
      row(5, 'c', 't5', 'p'),
      row(6, 'd', 't6', 'r'),
    ]
    expect(stageIds(publishingStages(batch))).toEqual([[[1], [2]], [[3, 4]], [[5], [6]]])
  })

  it('cuts a stage’s chains from its own rows: two linked only through a later stage go side by side', () => {
    // 1 (p) and 2 (q) share nothing; 4 (p) and 5 (q), after an event with no project, are one transaction. The batch's
    // chains join 1 and 2 through them, but in the first stage nothing holds 2 behind 1.
    const batch = [
      row(1, 'a', 't1', 'p'),
      row(2, 'b', 't2', 'q'),
      row(3, 'calendar', 't3'),
      row(4, 'c', 't4', 'p'),
      row(5, 'd', 't4', 'q'),
    ]
    expect(ids(orderingChains(batch))).toEqual([[1, 2, 4, 5], [3]])
    expect(stageIds(publishingStages(batch))).toEqual([[[1], [2]], [[3]], [[4, 5]]])
  })

  it('for any batch: every two rows that must keep their order are in one chain or in stages in that order', () => {
    const batchArb = fc
      .array(
        fc.record({
          aggregate: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          tx: fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8'),
          project: fc.option(fc.constantFrom('p', 'q', 'r'), { nil: undefined, freq: 4 }),
        }),
        { maxLength: 40 },
      )
      .chain((specs) =>
        fc.shuffledSubarray(
          specs.map((s, i) => row(i + 1, s.aggregate, s.tx, s.project)),
          { minLength: specs.length, maxLength: specs.length },
        ),
      )
    fc.assert(
      fc.property(batchArb, (batch) => {
        const stages = publishingStages(batch)
        const where = new Map<number, { stage: number; chain: number; index: number }>()
        stages.forEach((chains, stage) => {
          chains.forEach((chain, c) => {
            chain.forEach((r, index) => {
              expect(where.has(r.id)).toBe(false)
              where.set(r.id, { stage, chain: c, index })
            })
          })
        })
        expect(where.size).toBe(batch.length)
        const project = (r: Row) => (r.payload as { projectId?: string }).projectId
        for (const x of batch) {
          for (const y of batch) {
            if (x.id >= y.id) continue
            const bound =
              x.aggregate_id === y.aggregate_id ||
              x.tx === y.tx ||
              project(x) === undefined ||
              project(y) === undefined ||
              project(x) === project(y)
            if (!bound) continue
            const a = where.get(x.id) as { stage: number; chain: number; index: number }
            const b = where.get(y.id) as { stage: number; chain: number; index: number }
            const ordered = a.stage < b.stage || (a.stage === b.stage && a.chain === b.chain && a.index < b.index)
            expect(ordered, `${x.id} before ${y.id}`).toBe(true)
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})
