import { afterEach, describe, expect, it } from 'vitest'
import { createService, ProblemError, type ServiceApp, systemClock } from '../src/index.js'

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** What a service's storage throws for a row that does not read (`UnreadableStoredRow` of `@onewindow/db`). */
class RowDamaged extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly reason: string,
  ) {
    super(`stored ${kind} ${id} is unreadable: ${reason}`)
  }
}

describe('a stored row that does not read', () => {
  it("answers the service's own problem for it on every route, logged once; other errors stay as they were", async () => {
    const lines: Array<{ unreadable?: { kind: string; id: string } }> = []
    app = await createService(
      'damaged-test',
      { clock: systemClock },
      {
        logger: { stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
        damaged: (err) =>
          err instanceof RowDamaged
            ? {
                problem: new ProblemError(500, 'TEST_ROW_UNREADABLE', `Row ${err.id} cannot be read.`, {
                  rowId: err.id,
                }),
                row: err,
              }
            : undefined,
      },
    )
    app.get('/damaged', async () => {
      throw new RowDamaged('widget', 'w-1', "/madeOn 'infinity' is no day")
    })
    app.get('/refused', async () => {
      throw new ProblemError(409, 'TEST_REFUSED', 'Refused.')
    })
    app.get('/bug', async () => {
      throw new TypeError('undefined is not a function')
    })

    for (let i = 0; i < 3; i++) {
      const damaged = await app.inject({ method: 'GET', url: '/damaged' })
      expect(damaged.statusCode).toBe(500)
      expect(damaged.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(damaged.json()).toMatchObject({ status: 500, code: 'TEST_ROW_UNREADABLE', rowId: 'w-1' })
    }
    expect(lines.filter((l) => l.unreadable).map((l) => l.unreadable)).toEqual([
      { kind: 'widget', id: 'w-1', reason: "/madeOn 'infinity' is no day" },
    ])
    expect((await app.inject({ method: 'GET', url: '/refused' })).json()).toMatchObject({ code: 'TEST_REFUSED' })
    expect((await app.inject({ method: 'GET', url: '/bug' })).json()).toMatchObject({ code: 'INTERNAL_ERROR' })
  })
})
