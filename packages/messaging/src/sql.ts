import type { Sql } from '@prisma/client/runtime/client'

/**
 * What the outbox and inbox need from a transaction: Prisma's tagged raw statements, whose interpolated values are
 * always bound parameters, never SQL text. A Prisma interactive transaction client satisfies it as it is, so the state
 * change and its events share one transaction.
 */
export interface SqlTx {
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<number>
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<T>
}

/** Runs `fn` in one database transaction (for Prisma: `(fn) => prisma.$transaction(fn)`). */
export type TransactionRunner<TTx extends SqlTx> = <T>(fn: (tx: TTx) => Promise<T>) => Promise<T>
