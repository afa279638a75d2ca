import { describe, expect, it } from 'vitest'
import { commandService, listErrorCodes, ProblemError, type ServiceApp, systemClock } from '../src/index.js'

type Commands = { greeting: string }

const greet = (app: ServiceApp, commands: Commands) => {
  app.get('/greeting', async () => ({ greeting: commands.greeting }))
}
const refuse = (app: ServiceApp) => {
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

  it('builds the kit with its OpenAPI, and hands every route group the commands', async () => {
    const app = await buildApp({ clock: systemClock, commands: { greeting: 'ni hao' } }, { logger: false })
    try {
      expect(app.serviceName).toBe('unittest-commands')
      expect((await app.inject({ method: 'GET', url: '/greeting' })).json()).toEqual({ greeting: 'ni hao' })
      const refused = await app.inject({ method: 'GET', url: '/refused' })
      expect(refused.statusCode).toBe(409)
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
