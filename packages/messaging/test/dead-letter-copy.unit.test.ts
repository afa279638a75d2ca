import type { JetStreamClient } from '@nats-io/jetstream'
import type { MsgHdrs } from '@nats-io/nats-core'
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { cutToBytes, MAX_ERROR_HEADER, publishDeadLetter } from '../src/dead-letter.js'

// The copy of a dead letter is the event with the original headers and four of its own: with a long error (a stack,
// a Chinese message at three bytes a character) a kilobyte to three more than the event. An event within that margin
// of NATS's limit made a copy NATS refused on every try.
function capture() {
  const sent: Array<{ subject: string; data: Uint8Array; headers: MsgHdrs; msgID: string }> = []
  const js = {
    publish: async (subject: string, data: Uint8Array, o: { headers: MsgHdrs; msgID: string }) => {
      sent.push({ subject, data, headers: o.headers, msgID: o.msgID })
      return { seq: 1 }
    },
  } as unknown as JetStreamClient
  return { js, sent }
}

/** The message's size as the client counts it: headers (with the `Nats-Msg-Id` it adds from `msgID`) and data. */
const messageBytes = (m: { data: Uint8Array; headers: MsgHdrs; msgID: string }) => {
  m.headers.set('Nats-Msg-Id', m.msgID)
  return (m.headers as unknown as { encode(): Uint8Array }).encode().length + m.data.length
}

const original = {
  'ce-specversion': '1.0',
  'ce-id': '0190a5a0-0000-7000-8000-000000000001',
  'ce-type': 'permit.approval.task.decided.v1',
  'ce-source': 'approval',
  'ce-time': '2027-01-16T09:00:00.000Z',
  'ow-aggregate': '0190a5a0-0000-7000-8000-000000000002',
  'ow-resend': '0190a5a0-0000-7000-8000-000000000003',
  traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
  'Nats-Msg-Id': 'dropped',
}
const error = `after 5 deliveries: 审批任务的截止日无法计算，${'时限'.repeat(1500)}`

describe('a dead letter’s copy', () => {
  it('fits NATS however close to the limit its event was: the error header is cut by bytes, on a character', async () => {
    const { js, sent } = capture()
    const topology = { prefix: 'test' }
    for (const room of [0, 1, 200, 2_000, 10_000]) {
      const data = new Uint8Array(NATS_MAX_PAYLOAD - 700 - room)
      await publishDeadLetter(
        { js, topology },
        { id: 'x', consumer: 'c', subject: 's', data, headers: original, error },
      )
    }
    for (const m of sent) {
      expect(messageBytes(m)).toBeLessThanOrEqual(NATS_MAX_PAYLOAD)
      const cut = m.headers.get('ow-dead-letter-error')
      expect(error.startsWith(cut)).toBe(true)
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_ERROR_HEADER)
    }
    // Far from the limit it carries the error's first 1,000 bytes, as before; close to it, less, down to none.
    const lengths = sent.map((m) => Buffer.byteLength(m.headers.get('ow-dead-letter-error')))
    expect(lengths.at(-1)).toBeGreaterThan(MAX_ERROR_HEADER - 3)
    expect(lengths[0]).toBeLessThan(300)
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b))
    expect(sent[0]?.headers.get('Nats-Msg-Id')).toBe('dead-letter-x')
  })

  it('cutToBytes keeps whole characters', () => {
    expect(cutToBytes('审批abc', 4)).toBe('审')
    expect(cutToBytes('审批abc', 6)).toBe('审批')
    expect(cutToBytes('审批abc', 100)).toBe('审批abc')
    expect(cutToBytes('审批', 2)).toBe('')
  })
})
