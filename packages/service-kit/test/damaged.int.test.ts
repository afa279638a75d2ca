import { afterEach, describe, expect, it } from 'vitest'
import {
  createService,
  ProblemError,
  type ServiceApp,
  STORED_ROW_UNREADABLE,
  storedRowUnreadable,
  systemClock,
} from '../src/index.js'

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

  it('storedRowUnreadable: a row named by kind and id, by the stable code `@onewindow/db` throws it with', async () => {
    // As `UnreadableStoredRow` of @onewindow/db (which this package does not import): recognised by its code.
    const stored = Object.assign(new Error('stored task t-9 is unreadable: /dueOn must match format "date"'), {
      code: STORED_ROW_UNREADABLE,
      kind: 'task',
      id: 't-9',
      reason: '/dueOn must match format "date"',
    })
    app = await createService(
      'stored-row-test',
      { clock: systemClock },
      { logger: false, damaged: storedRowUnreadable('TEST_STORED_ROW_UNREADABLE') },
    )
    app.get('/task', async () => {
      throw stored
    })
    app.get('/lookalike', async () => {
      // The members without the code: not a stored row, an ordinary bug.
      throw Object.assign(new Error('x'), { kind: 'task', id: 't-9', reason: 'r' })
    })
    const res = await app.inject({ method: 'GET', url: '/task' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({
      type: 'urn:onewindow:problem:TEST_STORED_ROW_UNREADABLE',
      title: expect.any(String),
      status: 500,
      code: 'TEST_STORED_ROW_UNREADABLE',
      detail: 'The stored task t-9 cannot be read.',
      row: 'task',
      rowId: 't-9',
    })
    expect((await app.inject({ method: 'GET', url: '/lookalike' })).json()).toMatchObject({ code: 'INTERNAL_ERROR' })
  })
})
