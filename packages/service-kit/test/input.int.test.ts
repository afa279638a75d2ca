import { Type } from 'typebox'
import { afterEach, describe, expect, it } from 'vitest'
import { createService, type ServiceApp, systemClock } from '../src/index.js'

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const strict = { additionalProperties: false } as const
/** A body chosen by `action`, as the task, utility and registration actions are. */
const ActionBody = Type.Union([
  Type.Object({ action: Type.Literal('claim') }, strict),
  Type.Object(
    { action: Type.Literal('reject'), reason: Type.String({ minLength: 1 }), note: Type.Optional(Type.String()) },
    strict,
  ),
  Type.Object({ action: Type.Literal('approve'), conditions: Type.Optional(Type.Array(Type.String())) }, strict),
])

let done = 0
async function service() {
  done = 0
  app = await createService('input-test', { clock: systemClock }, { logger: false })
  app.post('/actions', { schema: { body: ActionBody } }, async (request) => {
    done += 1
    return { done: request.body }
  })
  app.post(
    '/forms/:code',
    {
      schema: {
        params: Type.Object({ code: Type.String() }),
        querystring: Type.Object({
          q: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        body: Type.Object({ form: Type.Record(Type.String(), Type.Unknown()) }, strict),
      },
    },
    async (request) => {
      done += 1
      return request.body
    },
  )
  return app
}

const post = (a: ServiceApp, url: string, payload: string) =>
  a.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload })

const fields = (res: { json: () => { errors?: Array<{ field: string; message: string }> } }) =>
  (res.json().errors ?? []).map((e) => `${e.field} ${e.message}`)

describe('input limits, before any schema', () => {
  it('answers a body nested 100,000 levels deep with 400 naming where it got too deep', async () => {
    const a = await service()
    const res = await post(a, '/forms/x', `{"form":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(fields(res)).toEqual([`/body/form/a${'/0'.repeat(14)} is nested too deeply (at most 16 levels)`])
    expect(done).toBe(0)
    // …and the service still answers.
    expect((await post(a, '/forms/x', '{"form":{"a":[[1]]}}')).statusCode).toBe(200)
  })

  it('refuses NUL and lone surrogates in body, querystring and params, naming each', async () => {
    const a = await service()
    const res = await post(
      a,
      '/forms/a%00b?q=%ED%A0%80x',
      JSON.stringify({ form: { name: 'x\u0000', alias: '\udfff' } }),
    )
    expect(res.statusCode).toBe(400)
    expect(fields(res)).toEqual([
      '/body/form/alias must not contain a lone UTF-16 surrogate',
      '/body/form/name must not contain NUL (U+0000)',
      '/params/code must not contain NUL (U+0000)',
    ])
    const query = await a.inject({ method: 'POST', url: '/forms/x?q=%00', payload: { form: {} } })
    expect(fields(query)).toEqual(['/querystring/q must not contain NUL (U+0000)'])
    // A lone surrogate written as a JSON escape.
    const escaped = await post(a, '/forms/x', '{"form":{"k":"\\ud800"}}')
    expect(fields(escaped)).toEqual(['/body/form/k must not contain a lone UTF-16 surrogate'])
    expect(done).toBe(0)
  })

  it('refuses a querystring integer written with a fraction or not as a number, instead of truncating it', async () => {
    const a = await service()
    for (const limit of ['2.5', '1e2', '0x10', '5abc']) {
      const res = await a.inject({ method: 'POST', url: `/forms/x?limit=${limit}`, payload: { form: {} } })
      expect(res.statusCode, limit).toBe(400)
      expect(fields(res), limit).toEqual(['/querystring/limit must be an integer'])
    }
    expect(done).toBe(0)
    expect((await a.inject({ method: 'POST', url: '/forms/x?limit=25', payload: { form: {} } })).statusCode).toBe(200)
  })

  it('refuses __proto__, constructor and prototype by name instead of failing the JSON', async () => {
    const a = await service()
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const res = await post(a, '/forms/x', `{"form":{"${key}":{"prototype":{"polluted":true}}}}`)
      expect(res.statusCode, key).toBe(400)
      expect(fields(res)).toEqual([`/body/form/${key} is not allowed (reserved name)`])
    }
    expect(done).toBe(0)
  })
})

describe('a union discriminated by action', () => {
  it('rejects an unknown key in the chosen variant, prototype included, and does nothing', async () => {
    const a = await service()
    for (const key of ['prototype', 'colour', '__proto__', 'constructor']) {
      const res = await post(a, '/actions', `{"action":"claim","${key}":1}`)
      expect(res.statusCode, key).toBe(400)
      expect(fields(res)).toEqual([
        key === 'colour'
          ? '/body/colour is not allowed (unknown field)'
          : `/body/${key} is not allowed (reserved name)`,
      ])
    }
    expect(done).toBe(0)
    expect((await post(a, '/actions', '{"action":"claim"}')).json()).toEqual({ done: { action: 'claim' } })
  })

  it("names the missing or wrong field of the variant its action names, not the other variants' fields", async () => {
    const a = await service()
    expect(fields(await post(a, '/actions', '{"action":"reject"}'))).toEqual(['/body/reason is required'])
    expect(fields(await post(a, '/actions', '{"action":"reject","reason":"","extra":1}'))).toEqual([
      '/body/extra is not allowed (unknown field)',
      '/body/reason must not have fewer than 1 characters',
    ])
    expect(fields(await post(a, '/actions', '{"action":"approve","conditions":[1]}'))).toEqual([
      '/body/conditions/0 must be string',
    ])
  })

  it('answers an action no variant has, or none, on /body/action', async () => {
    const a = await service()
    expect(fields(await post(a, '/actions', '{"action":"delete","reason":"x"}'))).toEqual([
      '/body/action must be one of: claim, reject, approve',
    ])
    expect(fields(await post(a, '/actions', '{"action":7}'))).toEqual([
      '/body/action must be one of: claim, reject, approve',
    ])
    expect(fields(await post(a, '/actions', '{"reason":"x"}'))).toEqual(['/body/action is required'])
    expect(fields(await post(a, '/actions', '[]'))).toEqual(['/body must be an object'])
    expect(done).toBe(0)
  })
})
