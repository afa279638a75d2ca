import { afterEach, describe, expect, it } from 'vitest'
import { callerOf, createService, registerErrorCodes, type ServiceApp, systemClock } from '../src/index.js'

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const actorOf = callerOf('TEST_ACTOR_REQUIRED')

async function service() {
  registerErrorCodes({ TEST_ACTOR_REQUIRED: 401 })
  app = await createService('caller-test', { clock: systemClock }, { logger: false })
  app.get('/whoami', async (request) => actorOf(request))
  await app.ready()
  return app
}

describe('callerOf', () => {
  it('answers the actor the gateway sent in x-onewindow-actor', async () => {
    const svc = await service()
    const actor = { sub: 'u-1', role: 'reviewer', department: 'planning' }
    const res = await svc.inject({ url: '/whoami', headers: { 'x-onewindow-actor': JSON.stringify(actor) } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(actor)
  })

  it.each([
    ['no header', undefined],
    ['a header that is not JSON', '{sub:'],
    ['JSON that is not an actor', JSON.stringify({ sub: 'u-1', role: 'mayor' })],
    ['an actor without a subject', JSON.stringify({ sub: '', role: 'clerk' })],
  ])('refuses %s with the service’s own 401 code, naming the header', async (_, header) => {
    const svc = await service()
    const res = await svc.inject({
      url: '/whoami',
      headers: header === undefined ? {} : { 'x-onewindow-actor': header },
    })
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'TEST_ACTOR_REQUIRED',
      detail: 'Header x-onewindow-actor must carry the caller as JSON.',
      errors: [{ field: '/headers/x-onewindow-actor', message: 'is missing or not an actor' }],
    })
  })
})
