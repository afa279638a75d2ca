import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, lowRiskFactory, owners, registerProject } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 12345 tickets on the live stream (docs/hotline.md "Read model", docs/api.md "Live updates"): through the real
// hotline service, its outbox, the stream and the gateway's read model, a ticket's change reaches exactly whoever may
// read the ticket — its owner, the handling unit and the co-handler, the centre — and no one else.

let world: World
let base: string

beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: '2026-03-02T01:00:00Z', // Monday 09:00 in Guangzhou
    hotline: true,
  })
  base = await world.gateway.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

type Message = { event: string; data: { ticketId?: string; projectId?: string; kind?: string } }

/** The caller's live stream, read as the console reads it: every message as it comes. */
async function stream(bearer: string) {
  const ac = new AbortController()
  const res = await fetch(`${base}/api/v1/stream`, {
    headers: { authorization: `Bearer ${bearer}` },
    signal: ac.signal,
  })
  expect(res.status).toBe(200)
  const messages: Message[] = []
  const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader()
  void (async () => {
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n')
        buffer = buffer.slice(end + 2)
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7)
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
        if (event) messages.push({ event, data: data ? JSON.parse(data) : {} })
      }
    }
  })().catch(() => undefined)
  const until = (found: (m: Message) => boolean) =>
    expect.poll(() => messages.some(found), { timeout: 20_000 }).toBe(true)
  await until((m) => m.event === 'ready')
  return { messages, until, close: () => ac.abort() }
}

const ofTicket = (ticketId: string, kind?: string) => (m: Message) =>
  m.event === 'ticket' && m.data.ticketId === ticketId && (kind === undefined || m.data.kind === kind)

describe('12345 tickets on the live stream', () => {
  it("an owner's stream receives its ticket's reply, another owner's does not; the units and the centre follow it", async () => {
    const ownerA = world.token('owner', { creditCode: owners.a.creditCode })
    const ownerB = world.token('owner', { creditCode: owners.b.creditCode })
    const agent = world.token('agent')
    const lead = world.token('reviewer', { department: 'natural-resources' })
    const coHandler = world.token('reviewer', { department: 'housing-construction' })
    const stranger = world.token('reviewer', { department: 'market-regulation' })
    const streams = {
      ownerA: await stream(ownerA),
      ownerB: await stream(ownerB),
      agent: await stream(agent),
      lead: await stream(lead),
      coHandler: await stream(coHandler),
      stranger: await stream(stranger),
      clerk: await stream(world.token('clerk')),
    }
    try {
      const registered = expectStatus(
        await world.api('POST', '/api/v1/hotline/tickets', ownerA, {
          type: 'complaint',
          title: '规划许可超期未办',
          content: '用地规划许可已超过承诺时限仍未办结。',
          requester: { name: '王五', phone: '13700137000' },
        }),
        201,
      ).tickets[0].ticket
      const id: string = registered.ticketId
      const act = async (bearer: string, body: object) =>
        expectStatus(await world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, bearer, body), 200)
      await act(agent, { action: 'dispatch', department: 'natural-resources', coHandlers: ['housing-construction'] })
      await act(lead, { action: 'accept' })
      await act(lead, {
        action: 'reply',
        process: '已核查',
        result: '已督促办结',
        replyMethod: 'phone',
        replySummary: '电话答复',
        mediation: 'none',
      })

      await streams.ownerA.until(ofTicket(id, 'ticket.replied'))
      await streams.agent.until(ofTicket(id, 'ticket.replied'))
      await streams.lead.until(ofTicket(id, 'ticket.replied'))
      await streams.coHandler.until(ofTicket(id, 'ticket.replied'))
      // A message carries which ticket and what happened, never the ticket itself.
      expect(streams.ownerA.messages.find(ofTicket(id, 'ticket.replied'))?.data).toEqual({
        ticketId: id,
        kind: 'ticket.replied',
      })

      // Another owner's ticket after it: once it has reached that owner, the reply would have come first.
      const other = expectStatus(
        await world.api('POST', '/api/v1/hotline/tickets', ownerB, {
          type: 'consultation',
          title: '咨询',
          content: '咨询办理流程',
          requester: {},
        }),
        201,
      ).tickets[0].ticket
      await streams.ownerB.until(ofTicket(other.ticketId, 'ticket.registered'))
      expect(streams.ownerB.messages.filter(ofTicket(id))).toEqual([])
      expect(streams.ownerA.messages.filter(ofTicket(other.ticketId))).toEqual([])
      // A department not involved is told of the ticket dispatched to it, never of the other; the agent of both.
      expectStatus(
        await world.api('POST', `/api/v1/hotline/tickets/${other.ticketId}/actions`, agent, {
          action: 'dispatch',
          department: 'market-regulation',
        }),
        200,
      )
      await streams.agent.until(ofTicket(other.ticketId, 'ticket.dispatched'))
      await streams.stranger.until(ofTicket(other.ticketId, 'ticket.dispatched'))
      expect(streams.stranger.messages.filter(ofTicket(id))).toEqual([])
      // A clerk who registered none of these tickets reads none: told of the project registered after all of it, of no ticket.
      const projectId = await registerProject(world, lowRiskFactory(owners.c))
      await streams.clerk.until((m) => m.data.projectId === projectId)
      expect(streams.clerk.messages.filter((m) => m.event === 'ticket')).toEqual([])
      // Every act of the owner's ticket reached it, in order.
      expect(streams.ownerA.messages.filter(ofTicket(id)).map((m) => m.data.kind)).toEqual([
        'ticket.registered',
        'ticket.dispatched',
        'ticket.accepted',
        'ticket.replied',
      ])
    } finally {
      for (const s of Object.values(streams)) s.close()
    }
  })
})
