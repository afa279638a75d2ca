import { once } from 'node:events'
import { createServer } from 'node:net'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { postgresBinDir, startPrivatePostgres } from '../src/index.js'

describe.skipIf(!postgresBinDir())('a PostgreSQL of the test’s own', () => {
  it('starts, stops and starts again on its port; says why when it cannot, with the server’s own words', async () => {
    const started = await startPrivatePostgres()
    if (!started) throw new Error('PostgreSQL binaries were found, so a server must start')
    await using server = started
    const answer = async () => {
      const c = new pg.Client({ connectionString: server.url })
      await c.connect()
      try {
        return (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one
      } finally {
        await c.end()
      }
    }
    expect(await answer()).toBe(1)
    await server.stop()
    await server.start()
    expect(await answer()).toBe(1)
    // Its port taken while it was down (as by another process's connection): the restart fails naming the cause.
    await server.stop()
    // It holds the port and nothing else: a connection to it is closed at once.
    const squatter = createServer((socket) => socket.destroy())
    squatter.listen(server.port, '127.0.0.1')
    await once(squatter, 'listening')
    try {
      await expect(server.start()).rejects.toThrow(/did not start .*could not (bind|create)/s)
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
    await server.start()
    expect(await answer()).toBe(1)
  })
})
