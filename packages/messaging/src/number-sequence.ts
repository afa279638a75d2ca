import type { SqlTx } from './sql.js'

/**
 * The next number of `scope` (`permit/2026`, `opinion/440600/2026`) in the service's own `number_sequence` table
 * (`scope` text primary key, `last` integer: registration's and acceptance's migrations), 1 the first time. The
 * scope's row stays locked until the transaction ends, so two issuers never share a number, numbers are handed out in
 * commit order, and a rollback gives its number back.
 */
export async function nextNumber(tx: SqlTx, scope: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ last: number }>>`
    INSERT INTO number_sequence (scope, last) VALUES (${scope}, 1)
    ON CONFLICT (scope) DO UPDATE SET last = number_sequence.last + 1 RETURNING last`
  if (!row) throw new Error(`no number for ${scope}`)
  return row.last
}
