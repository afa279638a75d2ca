// Found by `pnpm test:faults`: PostgreSQL stopped immediately killed acceptance, utility and a gateway replica with
// "Unhandled 'error' event … Connection terminated unexpectedly". pg-pool listens for errors on idle clients only; a
// client checked out and held between two statements — a transaction awaiting its callback — that loses its server
// emits 'error' with no listener, and Node ends the process. `createPool` now gives every client a listener: the next
// statement fails as unavailable (a 503 for a route, a retry for a consumer), the process lives on.

import { createPool } from '@onewindow/db'
import { postgresBinDir, startPrivatePostgres } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { pgTransaction, unavailableDependency } from '../src/index.js'

describe.skipIf(!postgresBinDir())('a transaction whose database stops under it', () => {
  it('fails as unavailable, the process lives on, and the pool serves again once PostgreSQL is back', async () => {
    const server = await startPrivatePostgres()
    if (!server) throw new Error('unreachable: binaries checked')
    await using _ = server
    const { pool } = createPool(server.url, 2)
    try {
      const transaction = pgTransaction(pool)
      let stopped = false
      const outcome = transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`
        // Between two statements: the connection is checked out and idle when the server goes.
        await server.stop('immediate')
        // Let the socket's end reach the client (its 'error' event) before the next statement.
        await new Promise((r) => setTimeout(r, 300))
        stopped = true
        await tx.$queryRaw`SELECT 2`
      })
      const err = await outcome.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(stopped).toBe(true)
      expect(err).toBeDefined()
      expect(unavailableDependency(err)).toBe('database')
      await server.start()
      const r = await pool.query<{ n: number }>('SELECT 3 AS n')
      expect(r.rows[0]?.n).toBe(3)
    } finally {
      await pool.end()
    }
  })
})
