import { describe, expect, it } from 'vitest'
import { commandService, listErrorCodes, ProblemError, type RoutePlugin, systemClock } from '../src/index.js'

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
    errorCodes: { UNITTEST_CMD_REFUSED: 409, UNITTEST_CMD_NOT_ALLOWED: 403 },
    routes: [greet, refuse],
  })

  it('registers its error codes when it is defined, before any app is built', () => {
    expect(listErrorCodes()).toContainEqual({ code: 'UNITTEST_CMD_NOT_ALLOWED', status: 403 })
  })

  it('builds the kit with its OpenAPI, and registers every route group as an encapsulated plugin given the commands', async () => {
    const app = await buildApp({ clock: systemClock, commands: { greeting: 'ni hao' } }, { logger: false })
    try {
      expect(app.serviceName).toBe('unittest-commands')
      const greeting = await app.inject({ method: 'GET', url: '/greeting' })
      expect(greeting.json()).toEqual({ greeting: 'ni hao' })
      expect(greeting.headers['x-route-group']).toBe('greet')
      const refused = await app.inject({ method: 'GET', url: '/refused' })
      expect(refused.statusCode).toBe(409)
      expect(refused.headers['x-route-group']).toBeUndefined()
      expect(refused.json()).toMatchObject({ code: 'UNITTEST_CMD_REFUSED' })
      const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
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
