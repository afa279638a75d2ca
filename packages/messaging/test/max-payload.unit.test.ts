import { readFileSync } from 'node:fs'
import { EVENT_ENVELOPE_RESERVE, MAX_REFERENCE, NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { publishedBytes } from '../src/index.js'

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')

/** Every `max_payload` a file sets, as a number of bytes (NATS also takes `1MB`-style sizes). */
const maxPayloads = (text: string): number[] =>
  [...text.matchAll(/^\s*max_payload\s*[:=]\s*([0-9]+)\s*([KMG]B?)?\s*$/gim)].map(([, n, unit]) => {
    const power = { K: 1, M: 2, G: 3 }[(unit ?? '').charAt(0).toUpperCase() as 'K' | 'M' | 'G'] ?? 0
    return Number(n) * 1024 ** power
  })

describe('the outbox’s limit is the broker’s', () => {
  // A server configured below the constant refuses what the outbox let through: the relay would hold its chain.
  it.each(['infra/nats/nats.conf', 'infra/nats/cluster.conf', 'infra/k8s/nats/values.yaml'])(
    '%s sets max_payload to NATS_MAX_PAYLOAD',
    (path) => {
      expect(maxPayloads(read(path))).toEqual([NATS_MAX_PAYLOAD])
    },
  )

  it('reads sizes as NATS does (the rule fires)', () => {
    expect(maxPayloads('port: 4222\nmax_payload: 1MB\n')).toEqual([1_048_576])
    expect(maxPayloads('max_payload = 65536\n')).toEqual([65_536])
    expect(maxPayloads('port: 4222\n')).toEqual([])
  })

  // The body's worst case is held to NATS_MAX_PAYLOAD less the reserve (packages/contracts/test/event-size.unit):
  // the largest headers a row goes out with — an aggregate as long as any reference, trace state at the W3C's 512,
  // a re-send mark — fit in it.
  it('the largest envelope fits EVENT_ENVELOPE_RESERVE', () => {
    const id = '019a0000-0000-7000-8000-000000000000'
    const headers = {
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-type': `permit.registration.${'x'.repeat(80)}.v1`,
      'ce-source': 'registration',
      'ce-time': '2026-12-07T10:00:00.000Z',
      'ow-aggregate': 'a'.repeat(MAX_REFERENCE),
      traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
      tracestate: 't'.repeat(512),
      'ow-resend': id,
    }
    expect(publishedBytes('', headers)).toBeLessThanOrEqual(EVENT_ENVELOPE_RESERVE)
  })
})
