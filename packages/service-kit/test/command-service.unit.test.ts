import { describe, expect, it } from 'vitest'
import {
  commandService,
  createAssertionSigner,
  generateAssertionKey,
  importCallerKeys,
  listErrorCodes,
  ProblemError,
  type RoutePlugin,
  systemClock,
} from '../src/index.js'

const key = generateAssertionKey('unit')
const callers = await importCallerKeys({ keys: [key.publicKey] })
const signer = await createAssertionSigner({ key: key.privateKey, clock: systemClock })

type Commands = { greeting: string }

const greet: RoutePlugin<Commands> = async (app, { commands }) => {
  // A hook of this group only: an encapsulated plugin keeps it from the other group's routes.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-route-group', 'greet')
  })
  app.get('/greeting', async () => ({ greeting: commands.greeting }))
}
const refuse: RoutePlugin<Commands> = async (app) => {
  app.get('/refused', async () => {
    throw new ProblemError(409, 'UNITTEST_CMD_REFUSED', 'Refused on purpose.')
  })
}

describe('commandService', () => {
  const buildApp = commandService<Commands>({
    name: 'unittest-commands',
    description: 'a command service made for this test',
    callerCode: 'UNITTEST_CMD_CALLER',
    errorCodes: { UNITTEST_CMD_REFUSED: 409, UNITTEST_CMD_NOT_ALLOWED: 403, UNITTEST_CMD_CALLER: 401 },
    routes: [greet, refuse],
  })

  it('registers its error codes when it is defined, before any app is built', () => {
    expect(listErrorCodes()).toContainEqual({ code: 'UNITTEST_CMD_NOT_ALLOWED', status: 403 })
  })

  it('refuses a caller code that is not one of its 401 codes', () => {
    const spec = { name: 'unittest-bad', description: '', routes: [] }
    expect(() => commandService({ ...spec, callerCode: 'UNITTEST_CMD_REFUSED', errorCodes: {} })).toThrow(/status 401/)
  })

  it('builds the kit with its OpenAPI, and registers every route group as an encapsulated plugin given the commands', async () => {
    const app = await buildApp({ clock: systemClock, commands: { greeting: 'ni hao' } }, { logger: false, callers })
    const assertion = await signer.sign({ audience: 'unittest-commands' })
    const headers = { 'x-onewindow-assertion': assertion }
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/greeting' })
      expect(anonymous.statusCode).toBe(401)
      expect(anonymous.json()).toMatchObject({ code: 'UNITTEST_CMD_CALLER' })
      expect(app.serviceName).toBe('unittest-commands')
      const greeting = await app.inject({ method: 'GET', url: '/greeting', headers })
      expect(greeting.json()).toEqual({ greeting: 'ni hao' })
      expect(greeting.headers['x-route-group']).toBe('greet')
      const refused = await app.inject({ method: 'GET', url: '/refused', headers })
      expect(refused.statusCode).toBe(409)
      expect(refused.headers['x-route-group']).toBeUndefined()
      expect(refused.json()).toMatchObject({ code: 'UNITTEST_CMD_REFUSED' })
      const doc = (await app.inject({ method: 'GET', url: '/docs/json', headers })).json()
      expect(doc.info).toEqual({
        title: 'unittest-commands',
        version: '1',
        description: 'a command service made for this test',
      })
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/greeting', '/refused']))
    } finally {
      await app.close()
    }
  })
})
