import { connect } from 'node:net'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createService, type ServiceApp, systemClock } from '../src/index.js'

// `inject` bypasses Node's HTTP parser and Fastify's router limits, so these go over a real socket.

let app: ServiceApp
let port: number
beforeAll(async () => {
  app = await createService('limits-test', { clock: systemClock }, { logger: false })
  app.get('/things/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, async (r) => r.params)
  app.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async (r) => r.body)
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => {
  await app?.close()
})

/** Sends raw bytes and reads the whole answer until the server closes or the answer's length is in. */
function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    const finish = () => {
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      )
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') })
    }
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const length = /content-length:\s*(\d+)/i.exec(head)?.[1]
      if (length !== undefined && Buffer.byteLength(rest.join('\r\n\r\n')) >= Number(length)) {
        socket.destroy()
        finish()
      }
    })
    socket.on('error', (err) => (text ? finish() : reject(err)))
    socket.on('close', () => finish())
    socket.write(request)
  })
}

const get = (path: string, extra = '') => raw(`GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`)
const post = (body: string, extra = '') =>
  raw(
    `POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )

function expectProblem(res: Awaited<ReturnType<typeof raw>>, status: number) {
  expect(res.status).toBe(status)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  const body = JSON.parse(res.body)
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:onewindow:problem:/) })
  expect(typeof body.code).toBe('string')
  expect(typeof body.detail).toBe('string')
  return body
}

describe("the server's own limits answer problem+json over real HTTP", () => {
  it('431 for headers beyond the limit (a 100 KB bearer token)', async () => {
    const res = await get('/things/a', `Authorization: Bearer ${'a'.repeat(100_000)}\r\n`)
    expect(expectProblem(res, 431).code).toBe('HEADERS_TOO_LARGE')
  })

  it('414 for a parameter longer than the router takes (a 5,000-character id)', async () => {
    const res = await get(`/things/${'a'.repeat(5_000)}`)
    expect(expectProblem(res, 414).code).toBe('FST_ERR_MAX_PARAM_LENGTH')
  })

  it('400 for a URL that does not decode, and for bytes that are not HTTP', async () => {
    expectProblem(await get('/things/%E0%A4%A'), 400)
    expectProblem(await raw('NOT HTTP AT ALL\r\n\r\n'), 400)
  })

  it('413, 400 and 415 for a body too large, malformed JSON and a wrong media type; 404 for no route', async () => {
    expectProblem(await post(JSON.stringify({ name: 'x'.repeat(1_100_000) })), 413)
    expectProblem(await post('{"name":'), 400)
    expectProblem(
      await raw(
        'POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx',
      ),
      415,
    )
    expectProblem(await get('/nowhere'), 404)
  })
})
