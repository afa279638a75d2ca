import { readFileSync } from 'node:fs'
import { EVENT_ENVELOPE_RESERVE, MAX_REFERENCE, NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { assertPublishable, createOutbox, EventTooLargeError, publishedBytes, type SqlTx } from '../src/index.js'
import { MAX_TRACESTATE } from '../src/trace-headers.js'
import { LedgerEntryRecordedV1 } from './fixture/ledger.js'

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')

/**
 * Every `max_payload` a file sets, as a number of bytes, read as nats-server's configuration parser reads a size
 * (conf/parse.go): `K`, `M`, `G` are powers of 1,000; `KB`, `Ki`, `KiB` (and the same for M, G) powers of 1,024; any
 * case. A suffix it does not know is answered NaN, so the comparison below fails rather than guesses.
 */
const maxPayloads = (text: string): number[] =>
  [...text.matchAll(/^\s*max_payload\s*[:=]\s*"?([0-9]+)\s*([A-Za-z]*)"?\s*$/gim)].map(([, n, unit]) => {
    const suffix = (unit ?? '').toLowerCase()
    const power = ['', 'k', 'm', 'g'].indexOf(suffix.charAt(0))
    if (suffix === '') return Number(n)
    if (power <= 0) return Number.NaN
    if (suffix.length === 1) return Number(n) * 1000 ** power
    return ['b', 'i', 'ib'].includes(suffix.slice(1)) ? Number(n) * 1024 ** power : Number.NaN
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
    expect(maxPayloads('max_payload: 1M\n')).toEqual([1_000_000])
    expect(maxPayloads('max_payload: 1mib\n')).toEqual([1_048_576])
    expect(maxPayloads('max_payload: 512k\n')).toEqual([512_000])
    expect(maxPayloads('max_payload: 512KB\n')).toEqual([524_288])
    expect(maxPayloads('max_payload: 1Mx\n')).toEqual([Number.NaN])
    expect(maxPayloads('max_payload = 65536\n')).toEqual([65_536])
    expect(maxPayloads('port: 4222\n')).toEqual([])
  })

  // The body's worst case is held to NATS_MAX_PAYLOAD less the reserve (packages/contracts/test/event-size.unit):
  // the largest headers a row goes out with — an aggregate as long as any reference, trace state at the W3C's 512
  // (the most `currentTraceHeaders` keeps; a request's `baggage`, up to 8 KiB, is not stored: trace.int), a re-send
  // mark and the relay's longest `Nats-` headers (`publishedBytes`) — fit in it.
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
      tracestate: 't'.repeat(MAX_TRACESTATE),
      'ow-resend': id,
    }
    expect(publishedBytes('', headers)).toBeLessThanOrEqual(EVENT_ENVELOPE_RESERVE)
  })
})

describe('one measure for add and for both assertPublishable', () => {
  const at = new Date('2027-01-16T09:00:00.000Z')
  const outbox = createOutbox({ source: 'registration', now: () => at })
  const accountId = '0190a5a0-0000-7000-8000-000000000001'
  const id = '0190a5a0-0000-7000-8000-0000000000ff'
  const event = (noteBytes: number) => ({
    event: LedgerEntryRecordedV1,
    body: Object.assign({ accountId, version: 1, amount: 1 }, { note: 'x'.repeat(noteBytes) }),
    aggregateId: accountId,
    id,
  })
  // The headers `add` stores for this row (no trace is active here) and the re-send mark it counts.
  const headers = {
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-type': LedgerEntryRecordedV1.subject,
    'ce-source': 'registration',
    'ce-time': at.toISOString(),
    'ow-aggregate': accountId,
    'ow-resend': id,
  }
  const fill = NATS_MAX_PAYLOAD - publishedBytes(JSON.stringify(event(0).body), headers)
  /** What `add` does with the event: 'written' when it reached the statement, else what it threw. */
  const added = async (noteBytes: number) => {
    let written = false
    const write = async () => {
      written = true
      return []
    }
    const tx = { $queryRaw: write, $executeRaw: async () => 0 } as unknown as SqlTx
    try {
      await outbox.add(tx, event(noteBytes))
      return written ? 'written' : 'nothing'
    } catch (error) {
      return error
    }
  }

  it("the outbox's assertPublishable refuses exactly what add refuses, at the same byte", async () => {
    expect(await added(fill)).toBe('written')
    expect(() => outbox.assertPublishable([event(fill)])).not.toThrow()
    const refused = await added(fill + 1)
    expect(refused).toBeInstanceOf(EventTooLargeError)
    expect(refused).toMatchObject({ bytes: NATS_MAX_PAYLOAD + 1 })
    expect(() => outbox.assertPublishable([event(fill + 1)])).toThrow(
      expect.objectContaining({ bytes: NATS_MAX_PAYLOAD + 1 }),
    )
  })

  // It cannot know the service's `ce-source` nor the trace: it counts them empty, so it never refuses what add takes
  // (a 4 KiB budget for them did, skipping a timer's alert for good on an aggregate commands could still write).
  it('the standalone assertPublishable never refuses what add takes, and is short of add by the source alone', async () => {
    expect(() => assertPublishable([event(fill)])).not.toThrow()
    const extra = Buffer.byteLength('registration')
    expect(() => assertPublishable([event(fill + extra)])).not.toThrow()
    expect(() => assertPublishable([event(fill + extra + 1)])).toThrow(EventTooLargeError)
  })
})
