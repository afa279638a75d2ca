import { Writable } from 'node:stream'
import { Type } from 'typebox'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createService,
  ProblemError,
  problemFromDomainError,
  registerErrorCodes,
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

const Item = Type.Object(
  { department: Type.String({ minLength: 1 }), days: Type.Integer() },
  { additionalProperties: false },
)
const Body = Type.Object(
  { name: Type.String(), items: Type.Array(Item), priority: Type.Integer({ default: 3 }) },
  { additionalProperties: false },
)

async function service() {
  app = await createService('problem-test', { clock: systemClock }, { logger: false })
  app.post('/applications', { schema: { body: Body } }, async (request) => ({ received: request.body }))
  app.get(
    '/search',
    { schema: { querystring: Type.Object({ limit: Type.Integer({ default: 20 }), open: Type.Boolean() }) } },
    async (request) => request.query,
  )
  app.get('/problem', async () => {
    throw new ProblemError(409, 'TEST_ALREADY_DONE', 'It was done already.', { doneAt: '2025-09-29' })
  })
  app.get('/domain/:code', { schema: { params: Type.Object({ code: Type.String() }) } }, async (request) => {
    throw problemFromDomainError({ code: request.params.code, message: 'refused', details: { reason: 'because' } })
  })
  app.get('/boom', async () => {
    throw new Error('password=hunter2 at db.internal:5432')
  })
  // What messaging's outbox throws (`EventTooLargeError`), by its members: service-kit does not depend on messaging.
  app.get('/too-large', async () => {
    throw Object.assign(new Error('permit.test.case.changed.v1 for c-1 would be a 1048600-byte message'), {
      code: 'MESSAGING_EVENT_TOO_LARGE',
      subject: 'permit.test.case.changed.v1',
      aggregateId: 'c-1',
      bytes: 1_048_600,
      limit: 1_048_576,
    })
  })
  return app
}

const json = { 'content-type': 'application/json' }

describe('problem+json', () => {
  it('answers the outbox’s refusal of an event larger than NATS takes 422, naming the event and the sizes', async () => {
    const a = await service()
    const res = await a.inject({ method: 'GET', url: '/too-large' })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({
      status: 422,
      code: 'MESSAGING_EVENT_TOO_LARGE',
      event: 'permit.test.case.changed.v1',
      bytes: 1_048_600,
      limit: 1_048_576,
    })
    expect(res.json().detail).toContain('Nothing was recorded')
  })

  it('rejects an unknown body field with 400 naming it instead of dropping it', async () => {
    const a = await service()
    const res = await a.inject({
      method: 'POST',
      url: '/applications',
      headers: json,
      payload: { name: 'x', items: [], colour: 'red' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = res.json()
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: 'Bad Request' })
    expect(body.type).toBe('urn:onewindow:problem:VALIDATION_FAILED')
    expect(body.errors).toEqual([{ field: '/body/colour', message: 'is not allowed (unknown field)' }])
    expect(body.detail).toContain('/body/colour')
  })

  it('lists every invalid field, nested ones as pointers', async () => {
    const a = await service()
    const res = await a.inject({
      method: 'POST',
      url: '/applications',
      headers: json,
      payload: {
        items: [
          { department: '', days: 'five' },
          { days: 2, extra: true },
        ],
      },
    })
    expect(res.statusCode).toBe(400)
    const fields = res.json().errors.map((e: { field: string }) => e.field)
    expect(fields.sort()).toEqual(
      [
        '/body/name',
        '/body/items/0/department',
        '/body/items/0/days',
        '/body/items/1/department',
        '/body/items/1/extra',
      ].sort(),
    )
  })

  it('accepts a valid body, fills defaults and does not coerce body types', async () => {
    const a = await service()
    const ok = await a.inject({
      method: 'POST',
      url: '/applications',
      headers: json,
      payload: { name: 'x', items: [] },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().received).toEqual({ name: 'x', items: [], priority: 3 })
    const coerced = await a.inject({
      method: 'POST',
      url: '/applications',
      headers: json,
      payload: { name: 'x', items: [], priority: '4' },
    })
    expect(coerced.statusCode).toBe(400)
    expect(coerced.json().errors).toEqual([{ field: '/body/priority', message: expect.any(String) }])
  })

  it('converts querystring strings and fills their defaults', async () => {
    const a = await service()
    const res = await a.inject({ method: 'GET', url: '/search?open=true' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ limit: 20, open: true })
    const bad = await a.inject({ method: 'GET', url: '/search?open=true&limit=many' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual([{ field: '/querystring/limit', message: expect.any(String) }])
  })

  it('passes a ProblemError through with its status, code, detail and extra members', async () => {
    const a = await service()
    const res = await a.inject({ method: 'GET', url: '/problem' })
    expect(res.statusCode).toBe(409)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toEqual({
      type: 'urn:onewindow:problem:TEST_ALREADY_DONE',
      title: 'Conflict',
      status: 409,
      code: 'TEST_ALREADY_DONE',
      detail: 'It was done already.',
      doneAt: '2025-09-29',
    })
  })

  it('maps domain codes through the table: registered, *_NOT_FOUND, and 422 otherwise', async () => {
    registerErrorCodes({ PROBLEMTEST_TASK_ALREADY_DECIDED: 409, PROBLEMTEST_NOT_YOURS: 403 })
    const a = await service()
    const status = async (code: string) => (await a.inject({ method: 'GET', url: `/domain/${code}` })).statusCode
    expect(await status('PROBLEMTEST_TASK_ALREADY_DECIDED')).toBe(409)
    expect(await status('PROBLEMTEST_NOT_YOURS')).toBe(403)
    expect(await status('PROBLEMTEST_TASK_NOT_FOUND')).toBe(404)
    expect(await status('PROBLEMTEST_MATERIAL_MISSING')).toBe(422)
    const res = await a.inject({ method: 'GET', url: '/domain/PROBLEMTEST_TASK_ALREADY_DECIDED' })
    expect(res.json()).toMatchObject({ code: 'PROBLEMTEST_TASK_ALREADY_DECIDED', detail: 'refused', reason: 'because' })
  })

  it("answers a refusal whose details name one of the problem's own members with its own, and logs the clash", async () => {
    registerErrorCodes({ PROBLEMTEST_CASE_DECIDED: 409 })
    const lines: Array<Record<string, unknown>> = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
        done()
      },
    })
    app = await createService('problem-test', { clock: systemClock }, { logger: { stream } })
    // Past the types (they refuse `status` in details: errors.unit.test.ts), as data of no static type would be.
    const details = JSON.parse('{"caseId":"c-1","status":"passed","instance":"/x"}')
    app.get('/decided', async () => {
      throw problemFromDomainError({ code: 'PROBLEMTEST_CASE_DECIDED', message: 'The case is passed.', details })
    })
    const res = await app.inject({ method: 'GET', url: '/decided' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({
      type: 'urn:onewindow:problem:PROBLEMTEST_CASE_DECIDED',
      title: 'Conflict',
      status: 409,
      code: 'PROBLEMTEST_CASE_DECIDED',
      detail: 'The case is passed.',
      caseId: 'c-1',
    })
    expect(lines.filter((l) => l['level'] === 50)).toEqual([
      expect.objectContaining({
        code: 'PROBLEMTEST_CASE_DECIDED',
        members: ['status', 'instance'],
        msg: expect.stringContaining('programming error'),
      }),
    ])
  })

  it('hides the detail of a 500', async () => {
    const a = await service()
    const res = await a.inject({ method: 'GET', url: '/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An internal error occurred.' })
    expect(res.body).not.toContain('hunter2')
  })

  it('answers an unknown route with 404 problem+json', async () => {
    const a = await service()
    const res = await a.inject({ method: 'GET', url: '/nowhere?x=1' })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No route for GET /nowhere' })
  })

  it('answers malformed JSON with a 400 problem keeping Fastify’s code', async () => {
    const a = await service()
    const res = await a.inject({ method: 'POST', url: '/applications', headers: json, payload: '{"name":' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY')
  })
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
