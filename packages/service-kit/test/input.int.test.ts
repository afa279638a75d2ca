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

/** A body chosen by another constant, `step`, as the delivery steps are. */
const StepBody = Type.Union([
  Type.Object({ step: Type.Literal('collected'), signer: Type.String({ minLength: 1 }), on: Type.String() }, strict),
  Type.Object(
    { step: Type.Literal('posted'), trackingNumber: Type.String(), on: Type.Optional(Type.String()) },
    strict,
  ),
])
/** A union in a property (`mode`), and one in a member of it (`kind`), as the delivery choice of an opening is. */
const Address = Type.Union([
  Type.Object({ kind: Type.Literal('street'), street: Type.String() }, strict),
  Type.Object({ kind: Type.Literal('box'), box: Type.Integer() }, strict),
])
const OpeningBody = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    delivery: Type.Optional(
      Type.Union([
        Type.Object({ mode: Type.Literal('post'), recipient: Type.String(), address: Address }, strict),
        Type.Object({ mode: Type.Literal('on-site'), phone: Type.Optional(Type.String({ default: 'none' })) }, strict),
        Type.Object({ mode: Type.Literal('online') }, strict),
      ]),
    ),
  },
  strict,
)

/** Ten members, each with a required field of its own: the other members' errors alone would fill TypeBox's eight. */
const ManyBody = Type.Union(
  Array.from({ length: 10 }, (_, i) =>
    Type.Object({ kind: Type.Literal(`k${i}`), [`field${i}`]: Type.String({ minLength: 1 }) }, strict),
  ),
)

let done = 0
async function service() {
  done = 0
  app = await createService('input-test', { clock: systemClock }, { logger: false })
  app.post('/actions', { schema: { body: ActionBody } }, async (request) => {
    done += 1
    return { done: request.body }
  })
  app.post('/steps', { schema: { body: StepBody } }, async (request) => {
    done += 1
    return { done: request.body }
  })
  app.post('/many', { schema: { body: ManyBody } }, async () => {
    done += 1
    return {}
  })
  app.post('/openings', { schema: { body: OpeningBody } }, async (request) => {
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

describe('a union discriminated by another constant, at the top or in a property', () => {
  it('names the missing or unknown field of the variant its step names, and a step no variant has', async () => {
    const a = await service()
    expect(fields(await post(a, '/steps', '{"step":"collected","on":"2026-03-01"}'))).toEqual([
      '/body/signer is required',
    ])
    expect(fields(await post(a, '/steps', '{"step":"posted","signer":"x"}'))).toEqual([
      '/body/trackingNumber is required',
      '/body/signer is not allowed (unknown field)',
    ])
    expect(fields(await post(a, '/steps', '{"step":"signed","on":"2026-03-01"}'))).toEqual([
      '/body/step must be one of: collected, posted',
    ])
    expect(fields(await post(a, '/steps', '{"on":"2026-03-01"}'))).toEqual(['/body/step is required'])
    expect(done).toBe(0)
    expect((await post(a, '/steps', '{"step":"posted","trackingNumber":"SF1"}')).json()).toEqual({
      done: { step: 'posted', trackingNumber: 'SF1' },
    })
  })

  it('names the chosen member’s errors however many members come before it', async () => {
    const a = await service()
    expect(fields(await post(a, '/many', '{"kind":"k9","field9":"","extra":1}'))).toEqual([
      '/body/extra is not allowed (unknown field)',
      '/body/field9 must not have fewer than 1 characters',
    ])
    expect(fields(await post(a, '/many', '{"kind":"k9"}'))).toEqual(['/body/field9 is required'])
    expect(done).toBe(0)
  })

  it("names a nested union's fields under its property, with the other fields of the body", async () => {
    const a = await service()
    expect(fields(await post(a, '/openings', '{"name":"","delivery":{"mode":"post","recipient":"张三"}}'))).toEqual([
      '/body/name must not have fewer than 1 characters',
      '/body/delivery/address is required',
    ])
    expect(fields(await post(a, '/openings', '{"name":"n","delivery":{"mode":"on-site","recipient":"张三"}}'))).toEqual(
      ['/body/delivery/recipient is not allowed (unknown field)'],
    )
    expect(fields(await post(a, '/openings', '{"name":"n","delivery":{"mode":"boat"}}'))).toEqual([
      '/body/delivery/mode must be one of: post, on-site, online',
    ])
    expect(fields(await post(a, '/openings', '{"name":"n","delivery":{}}'))).toEqual([
      '/body/delivery/mode is required',
    ])
    expect(fields(await post(a, '/openings', '{"name":"n","delivery":[]}'))).toEqual([
      '/body/delivery must be an object',
    ])
    // A union in the chosen member is chosen by its own constant in turn.
    const inner = '{"name":"n","delivery":{"mode":"post","recipient":"x","address":{"kind":"box","box":"7"}}}'
    expect(fields(await post(a, '/openings', inner))).toEqual(['/body/delivery/address/box must be integer'])
    const unnamed = '{"name":"n","delivery":{"mode":"post","recipient":"x","address":{"street":"y"}}}'
    expect(fields(await post(a, '/openings', unnamed))).toEqual(['/body/delivery/address/kind is required'])
    expect(done).toBe(0)
    // The chosen member's defaults are filled in.
    expect((await post(a, '/openings', '{"name":"n","delivery":{"mode":"on-site"}}')).json()).toEqual({
      done: { name: 'n', delivery: { mode: 'on-site', phone: 'none' } },
    })
  })
})
