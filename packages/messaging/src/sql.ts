/**
 * What the outbox and inbox need from a transaction: raw statements with positional parameters. A Prisma
 * interactive transaction client satisfies it as it is, so the state change and its events share one transaction.
 */
export interface SqlTx {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>
}

/** Runs `fn` in one database transaction (for Prisma: `(fn) => prisma.$transaction(fn)`). */
export type TransactionRunner<TTx extends SqlTx> = <T>(fn: (tx: TTx) => Promise<T>) => Promise<T>
