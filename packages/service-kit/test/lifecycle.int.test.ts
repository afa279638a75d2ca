import { afterEach, describe, expect, it } from 'vitest'
import { createService, type ServiceApp, type ServiceOptions, systemClock, type Worker } from '../src/index.js'

let app: ServiceApp | undefined
afterEach(async () => {
  // A test that closes its app itself leaves nothing for this.
  if (app && !closed.has(app)) await app.close()
  app = undefined
})
const closed = new WeakSet<object>()

async function service(readiness: Record<string, () => Promise<boolean>> = {}, opts: ServiceOptions = {}) {
  app = await createService('lifecycle-test', { clock: systemClock, readiness }, { logger: false, ...opts })
  return app
}

/** A worker that records what happens to it; `stop` can be held open to stand for in-flight work. */
function worker(name: string, log: string[], opts: { healthy?: () => boolean; holdStop?: Promise<void> } = {}) {
  let running = false
  const w: Worker & { stopCalled: PromiseWithResolvers<void> } = {
    name,
    stopCalled: Promise.withResolvers<void>(),
    async start() {
      log.push(`start ${name}`)
      running = true
    },
    async stop() {
      log.push(`stop ${name}`)
      w.stopCalled.resolve()
      await opts.holdStop
      running = false
      log.push(`stopped ${name}`)
    },
    healthy: () => running && (opts.healthy?.() ?? true),
  }
  return w
}

describe('/healthz and /readyz', () => {
  it('is ready when every check passes and every worker is healthy', async () => {
    const a = await service({ database: async () => true, nats: async () => true }, { workers: [worker('relay', [])] })
    const health = await a.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(200)
    const ready = await a.inject({ method: 'GET', url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', nats: 'ok', 'worker:relay': 'ok' } })
  })

  it('answers 503 naming a failing check and a check that throws', async () => {
    const a = await service({
      database: async () => true,
      nats: async () => false,
      broken: async () => {
        throw new Error('connection refused')
      },
    })
    const res = await a.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({
      status: 503,
      code: 'NOT_READY',
      detail: 'Not ready: nats, broken',
      checks: { database: 'ok', nats: 'failing', broken: 'failing' },
    })
    expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('answers 503 while a worker is unhealthy, and 200 again when it recovers', async () => {
    let consumerOk = false
    const a = await service({}, { workers: [worker('approval-open-tasks', [], { healthy: () => consumerOk })] })
    const res = await a.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(503)
    expect(res.json().detail).toBe('Not ready: worker:approval-open-tasks')
    consumerOk = true
    expect((await a.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
  })
})

describe('workers and closing', () => {
  it('starts workers in order when ready, stops them in reverse, then runs closers in order', async () => {
    const log: string[] = []
    const a = await service(
      {},
      {
        workers: [worker('consumer', log), worker('relay', log), worker('scanner', log)],
        closers: [async () => void log.push('closer nats'), async () => void log.push('closer db')],
      },
    )
    expect(log).toEqual([])
    await a.ready()
    expect(log).toEqual(['start consumer', 'start relay', 'start scanner'])
    await a.close()
    closed.add(a)
    expect(log.slice(3)).toEqual([
      'stop scanner',
      'stopped scanner',
      'stop relay',
      'stopped relay',
      'stop consumer',
      'stopped consumer',
      'closer nats',
      'closer db',
    ])
  })

  it('answers 503 on /readyz and new requests while workers drain, lets in-flight requests finish, and closes after', async () => {
    const log: string[] = []
    const release = Promise.withResolvers<void>()
    const slow = worker('consumer', log, { holdStop: release.promise })
    const inFlight = Promise.withResolvers<void>()
    const handlerEntered = Promise.withResolvers<void>()
    const a = await service({}, { workers: [slow], closers: [async () => void log.push('closer')] })
    a.get('/slow', async () => {
      handlerEntered.resolve()
      await inFlight.promise
      log.push('slow request answered')
      return { done: true }
    })
    const address = await a.listen({ host: '127.0.0.1', port: 0 })
    expect((await fetch(`${address}/readyz`)).status).toBe(200)

    const slowResponse = fetch(`${address}/slow`)
    await handlerEntered.promise
    const closing = a.close()
    closed.add(a)
    await slow.stopCalled.promise

    const ready = await fetch(`${address}/readyz`)
    expect(ready.status).toBe(503)
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await ready.json()).toMatchObject({ code: 'SHUTTING_DOWN' })
    const other = await fetch(`${address}/nowhere`)
    expect(other.status).toBe(503)
    expect((await fetch(`${address}/healthz`)).status).toBe(200)

    inFlight.resolve()
    expect((await slowResponse).status).toBe(200)
    release.resolve()
    await closing
    expect(log).toEqual(['start consumer', 'stop consumer', 'slow request answered', 'stopped consumer', 'closer'])
  })

  it('rejects close with the failures when a worker fails to stop, after stopping the rest and running closers', async () => {
    const log: string[] = []
    const failing: Worker = {
      name: 'stuck',
      start: async () => void log.push('start stuck'),
      stop: async () => {
        throw new Error('ack failed')
      },
      healthy: () => true,
    }
    const a = await service(
      {},
      { workers: [worker('first', log), failing], closers: [async () => void log.push('closer')] },
    )
    await a.ready()
    await expect(a.close()).rejects.toThrow('lifecycle-test did not close cleanly')
    closed.add(a)
    expect(log).toEqual(['start first', 'start stuck', 'stop first', 'stopped first', 'closer'])
  })
})

describe('OpenAPI', () => {
  it('serves the document at /docs/json and the UI at /docs when swagger is given', async () => {
    const a = await service({}, { swagger: { title: 'Approval', version: '1.2.3' } })
    a.get(
      '/tasks/:id',
      { schema: { params: { type: 'object', properties: { id: { type: 'string' } } } } },
      async () => ({}),
    )
    const doc = await a.inject({ method: 'GET', url: '/docs/json' })
    expect(doc.statusCode).toBe(200)
    expect(doc.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'Approval', version: '1.2.3' },
    })
    expect(Object.keys(doc.json().paths)).toContain('/tasks/{id}')
    const ui = await a.inject({ method: 'GET', url: '/docs/' })
    expect(ui.statusCode).toBe(200)
    expect(ui.headers['content-type']).toMatch(/text\/html/)
  })

  it('serves no /docs without it', async () => {
    const a = await service()
    expect((await a.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404)
  })
})
