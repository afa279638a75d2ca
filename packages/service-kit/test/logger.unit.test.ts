import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { loggerOptions, redactUrl } from '../src/logger.js'

// A token in a URL's query (the gateway's live stream takes a browser's there) never reaches a log line.

describe('the request log', () => {
  it('writes the URL with access_token redacted and the rest of it kept', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = Fastify({ logger: loggerOptions('logger-test', 'info', { stream }) })
    app.get('/stream', async () => 'ok')
    await app.inject({ method: 'GET', url: '/stream?lastEventId=3&access_token=eyJ.secret.sig' })
    await app.close()
    const incoming = lines.map((l) => JSON.parse(l)).find((l) => l.req)
    expect(incoming?.req.url).toBe('/stream?lastEventId=3&access_token=[Redacted]')
    expect(lines.join('\n')).not.toContain('eyJ.secret.sig')
  })

  it('redacts the parameter wherever it stands', () => {
    expect(redactUrl('/s?access_token=a.b.c')).toBe('/s?access_token=[Redacted]')
    expect(redactUrl('/s?x=1&ACCESS_TOKEN=a#f')).toBe('/s?x=1&ACCESS_TOKEN=[Redacted]#f')
    expect(redactUrl('/s?my_access_token=a')).toBe('/s?my_access_token=a')
    expect(redactUrl(undefined)).toBeUndefined()
  })
})
