// A chain's events go out as one window without waiting for each acknowledgement (`publishChainGuarded`), each after
// the first guarded by `Nats-Expected-Last-Msg-Id` = its predecessor's id; a chain longer than the window (64) goes
// out as several, one round trip each. Against the real NATS: a lost publish
// leaves every later event of its window out of the stream, even when the client sends them; another publisher's
// message in between costs a restart, never order; a stream busy past the restarts still gets the chain, one at a time.

import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { headers } from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { createTestTopology, type TestTopology } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { publishChainGuarded, WRONG_LAST_MSG_ID } from '../src/relay.js'

type Row = { id: string; n: number }

let nc: NatsConnection
let t: TestTopology
let run = 0
beforeAll(async () => {
  nc = await connect({ servers: inject('natsUrl') })
  t = await createTestTopology(nc)
})
afterAll(async () => {
  await t?.delete()
  await nc?.close()
})

const chainOf = (length: number): Row[] => {
  run += 1
  return Array.from({ length }, (_, n) => ({ id: `r${run}-${n}`, n }))
}
const subject = () => `${t.topology.prefix}.permit.test.window.v1`
const publication = (r: Row, expectAfter: Row | undefined) => ({
  subject: subject(),
  data: JSON.stringify({ id: r.id }),
  options: {
    msgID: r.id,
    headers: headers(),
    ...(expectAfter ? { expect: { lastMsgID: expectAfter.id } } : {}),
  },
})

/** Every message id in the stream, in stream order. */
async function stream(): Promise<string[]> {
  const total = (await (await jetstreamManager(nc)).streams.info(t.topology.stream)).state.messages
  const ids: string[] = []
  if (total === 0) return ids
  const consumer = await jetstream(nc).consumers.get(t.topology.stream)
  const messages = await consumer.fetch({ max_messages: total, expires: 5_000 })
  for await (const m of messages) {
    ids.push(m.headers?.get('Nats-Msg-Id') ?? '')
    if (ids.length === total) break
  }
  await consumer.delete().catch(() => {})
  return ids
}

/**
 * A client whose publish calls are seen before they go out (`before`), and whose chosen ids are lost. `acked` counts
 * the acknowledgements (and refusals) the caller has received; `ackedAtCall` says, for each call, how many it had
 * received when it made that call: a relay that waited for each one would show 0, 1, 2, …
 */
type Watched = JetStreamClient & { calls: string[]; ackedAtCall: number[]; maxInFlight: number }
const watched = (js: JetStreamClient, before: (msgID: string) => void, lose = new Set<string>()): Watched => {
  const calls: string[] = []
  const ackedAtCall: number[] = []
  let acked = 0
  let inFlight = 0
  let maxInFlight = 0
  return new Proxy(js, {
    get(target, prop, receiver) {
      if (prop === 'calls') return calls
      if (prop === 'ackedAtCall') return ackedAtCall
      if (prop === 'maxInFlight') return maxInFlight
      if (prop !== 'publish') return Reflect.get(target, prop, receiver)
      return (s: string, data: string, o: { msgID: string; expect?: { lastMsgID: string } }): Promise<PubAck> => {
        calls.push(o.expect ? `${o.msgID}>${o.expect.lastMsgID}` : o.msgID)
        ackedAtCall.push(acked)
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        before(o.msgID)
        // Lost on the way, as with a dying socket: NATS never sees it, the caller learns it by a timeout.
        const answer = lose.delete(o.msgID)
          ? Promise.reject(new Error('TIMEOUT: publish lost'))
          : target.publish(s, data, o)
        return answer.finally(() => {
          inFlight -= 1
          acked += 1
        })
      }
    },
  }) as Watched
}

describe('a chain published as a guarded window', () => {
  // 6: one window; 150: longer than the window, three (64 + 64 + 22), one round trip each.
  it.each([6, 150])(
    'sends a window of up to 64 whole before its first acknowledgement, the next once it is acknowledged, and stores the chain in order (%i events)',
    async (length) => {
      const chain = chainOf(length)
      const js = watched(jetstream(nc), () => {})
      const before = (await stream()).length
      const result = await publishChainGuarded(js, chain, publication)
      expect(result.failure).toBeUndefined()
      expect(result.sent.map((s) => s.row.id)).toEqual(chain.map((r) => r.id))
      // Each publish of a window is made before any of its answers came back (a relay waiting for each would show
      // 0, 1, 2, …), and the next window only once every answer of the one before is in.
      expect(js.ackedAtCall).toEqual(chain.map((_, i) => i - (i % 64)))
      expect(js.maxInFlight).toBe(Math.min(length, 64))
      // A window's first is unguarded (its predecessors acknowledged), each other behind its predecessor.
      expect(js.calls).toEqual(chain.map((r, i) => (i % 64 === 0 ? r.id : `${r.id}>${chain[i - 1]?.id}`)))
      const seqs = result.sent.map((s) => s.seq)
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
      expect((await stream()).slice(before)).toEqual(chain.map((r) => r.id))
    },
  )

  it('a lost publish keeps every later event of the chain out of the stream, though the client sent them', async () => {
    const chain = chainOf(5)
    const lost = chain[1]?.id as string
    const js = watched(jetstream(nc), () => {}, new Set([lost]))
    const before = (await stream()).length
    const result = await publishChainGuarded(js, chain, publication)
    expect(String(result.failure?.err)).toMatch(/publish lost/)
    expect(result.sent.map((s) => s.row.id)).toEqual([chain[0]?.id])
    // The three after the lost one reached NATS (they were sent) and were refused by their guard.
    expect(js.calls).toHaveLength(5)
    expect((await stream()).slice(before)).toEqual([chain[0]?.id])
    // The next pass sends the rest from the lost one, in order, after what is stored.
    const rest = await publishChainGuarded(jetstream(nc), chain.slice(1), publication)
    expect(rest.failure).toBeUndefined()
    expect((await stream()).slice(before)).toEqual(chain.map((r) => r.id))
  })

  it('another publisher in between refuses the rest of the window, which starts again from there, in order', async () => {
    const chain = chainOf(5)
    const raw = jetstream(nc)
    let intruded = false
    // Another service's event stored right after the chain's second: the third's guard no longer holds.
    const js = watched(raw, () => {})
    const intruding = new Proxy(js, {
      get(target, prop, receiver) {
        if (prop !== 'publish') return Reflect.get(target, prop, receiver)
        return (s: string, d: string, o: { msgID: string }) => {
          const ack = target.publish(s, d, o)
          if (o.msgID === chain[1]?.id && !intruded) {
            intruded = true
            // Sent on the same connection right behind it: stored between the second and the third.
            void raw.publish(s, JSON.stringify({ id: 'other' }), { msgID: `other-${run}` })
          }
          return ack
        }
      },
    }) as JetStreamClient
    const before = (await stream()).length
    const result = await publishChainGuarded(intruding, chain, publication)
    expect(result.failure).toBeUndefined()
    expect(result.sent.map((s) => s.row.id)).toEqual(chain.map((r) => r.id))
    const ids = chain.map((r) => r.id)
    // The first window, then a second from the refused third, unguarded, its predecessors acknowledged.
    expect(js.calls).toEqual([
      ids[0],
      `${ids[1]}>${ids[0]}`,
      `${ids[2]}>${ids[1]}`,
      `${ids[3]}>${ids[2]}`,
      `${ids[4]}>${ids[3]}`,
      ids[2],
      `${ids[3]}>${ids[2]}`,
      `${ids[4]}>${ids[3]}`,
    ])
    expect((await stream()).slice(before)).toEqual([ids[0], ids[1], `other-${run}`, ids[2], ids[3], ids[4]])
    // The acknowledged sequences are the stream's, increasing.
    const seqs = result.sent.map((s) => s.seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
  })

  it('a stream busy between every two events still gets the chain in order, one at a time after three restarts', async () => {
    const chain = chainOf(8)
    const raw = jetstream(nc)
    let other = 0
    const js = watched(raw, () => {})
    const busy = new Proxy(js, {
      get(target, prop, receiver) {
        if (prop !== 'publish') return Reflect.get(target, prop, receiver)
        return (s: string, d: string, o: { msgID: string }) => {
          const ack = target.publish(s, d, o)
          other += 1
          void raw.publish(s, JSON.stringify({ id: 'other' }), { msgID: `busy-${run}-${other}` })
          return ack
        }
      },
    }) as JetStreamClient
    const before = (await stream()).length
    const result = await publishChainGuarded(busy, chain, publication)
    expect(result.failure).toBeUndefined()
    expect(result.sent.map((s) => s.row.id)).toEqual(chain.map((r) => r.id))
    const mine = (await stream()).slice(before).filter((id) => !id.startsWith('busy-'))
    expect(mine).toEqual(chain.map((r) => r.id))
    // Three refused windows (8, 7 and 6 publishes), then the last five one at a time, unguarded.
    expect(js.calls).toHaveLength(8 + 7 + 6 + 5)
    expect(js.calls.slice(-5)).toEqual(chain.slice(3).map((r) => r.id))
  })

  it('a refusal of the window’s first event is a failure, not a restart', async () => {
    const chain = chainOf(3)
    const refusing = {
      publish: () => Promise.reject(Object.assign(new Error('wrong last msg ID'), { code: WRONG_LAST_MSG_ID })),
    }
    const result = await publishChainGuarded(refusing, chain, publication)
    expect(result.sent).toEqual([])
    expect(result.failure?.err).toMatchObject({ code: WRONG_LAST_MSG_ID })
  })
})
