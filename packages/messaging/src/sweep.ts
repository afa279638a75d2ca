import type { SqlTx, TransactionRunner } from './sql.js'

export type SweepOptions<TTx extends SqlTx> = {
  transaction: TransactionRunner<TTx>
  /** Ids of rows that may be due, in id order, after `after` (exclusive), at most `limit`; no locks taken. */
  candidates(tx: TTx, after: string | undefined, limit: number): Promise<string[]>
  /**
   * Takes one row (`FOR UPDATE SKIP LOCKED`, so replicas share the work and never wait), decides, and writes its
   * new state with its events in this transaction; resolves to how many events it wrote (0: nothing was due, or
   * another replica holds the row).
   */
  apply(tx: TTx, id: string): Promise<number>
  batch?: number
}

/**
 * One pass of a durable timer (DESIGN §6): every candidate row once, a transaction per batch, walking the ids in
 * order so a pass ends even when rows stay candidates. "Once" is the row's own: `apply` records what it raised in
 * the state it writes, under the row lock.
 */
export async function sweep<TTx extends SqlTx>(options: SweepOptions<TTx>): Promise<number> {
  const batch = options.batch ?? 100
  let after: string | undefined
  let total = 0
  for (;;) {
    const { ids, written } = await options.transaction(async (tx) => {
      const ids = await options.candidates(tx, after, batch)
      let written = 0
      for (const id of ids) written += await options.apply(tx, id)
      return { ids, written }
    })
    total += written
    if (ids.length < batch) return total
    after = ids.at(-1)
  }
}
