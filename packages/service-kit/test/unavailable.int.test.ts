import { afterEach, describe, expect, it } from 'vitest'
import { createService, RETRY_AFTER_SECONDS, type ServiceApp, systemClock } from '../src/index.js'

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

class DatabaseGone extends Error {
  readonly code = 'ECONNREFUSED'
}

describe('a dependency that is down', () => {
  it('answers 503 problem+json with retry-after when the classifier names a dependency; other errors stay 500', async () => {
    app = await createService(
      'unavailable-test',
      { clock: systemClock },
      { logger: false, unavailable: (err) => (err instanceof DatabaseGone ? 'database' : undefined) },
    )
    app.get('/read', async () => {
      throw new DatabaseGone('connect ECONNREFUSED 127.0.0.1:5432')
    })
    app.get('/bug', async () => {
      throw new TypeError('undefined is not a function')
    })
    const down = await app.inject({ method: 'GET', url: '/read' })
    expect(down.statusCode).toBe(503)
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(down.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS))
    expect(down.json()).toMatchObject({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      dependency: 'database',
      type: 'urn:onewindow:problem:DEPENDENCY_UNAVAILABLE',
    })
    expect(down.body).not.toMatch(/ECONNREFUSED|5432/)

    const bug = await app.inject({ method: 'GET', url: '/bug' })
    expect(bug.statusCode).toBe(500)
    expect(bug.headers['retry-after']).toBeUndefined()
    expect(bug.json()).toMatchObject({ code: 'INTERNAL_ERROR' })
  })
})
