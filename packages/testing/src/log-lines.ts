import { Writable } from 'node:stream'

/**
 * A pino destination that keeps each JSON line a service logs, parsed, for a test to read (`logger: { stream }`):
 * what the service names in its log (a row left out, a pass skipped) is part of what a test asserts.
 */
export function logLines<L = Record<string, unknown>>(): { stream: Writable; lines: L[] } {
  const lines: L[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as L)
      done()
    },
  })
  return { stream, lines }
}
