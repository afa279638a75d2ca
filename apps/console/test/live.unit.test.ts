import { describe, expect, it } from 'vitest'
import { keys } from '../src/api.js'
import { followStream, keysOf, type LiveMessage, sseParser } from '../src/live.js'

// The console's side of the live stream: the parser, which queries a message makes stale, and the one connection
// that resumes with Last-Event-ID after it ends.

describe('sseParser', () => {
  it('parses messages split anywhere, skips the heartbeat, and reports the retry advice', () => {
    const got: LiveMessage[] = []
    let retry = 0
    const feed = sseParser(
      (m) => got.push(m),
      (ms) => {
        retry = ms
      },
    )
    const text =
      'retry: 1500\n\nid: 7\nevent: task\ndata: {"projectId":"p","taskId":"t","kind":"task.decided"}\n\n' +
      ': heartbeat\n\nid: 9\r\nevent: ready\r\ndata: {}\r\n\r\n'
    for (let i = 0; i < text.length; i += 5) feed(text.slice(i, i + 5))
    expect(retry).toBe(1500)
    expect(got).toEqual([
      { id: '7', event: 'task', data: { projectId: 'p', taskId: 't', kind: 'task.decided' } },
      { id: '9', event: 'ready', data: {} },
    ])
  })
})

describe('keysOf', () => {
  it('refreshes 消息通知 on a timeline-only event the notifier tells of: a booking missed, a 证照异议', () => {
    // The gateway writes no row for these (changes.ts changeOf), so they reach the stream as `timeline`.
    for (const kind of ['booking.missed', 'objection.raised', 'objection.answered'])
      expect(keysOf({ event: 'timeline', data: { projectId: 'p', kind } })).toContainEqual(keys.notifications())
  })

  it('makes the 证照异议 lists stale on an objection raised or answered, and on no other timeline change', () => {
    for (const kind of ['objection.raised', 'objection.answered'])
      expect(keysOf({ event: 'timeline', data: { projectId: 'p', kind } })).toContainEqual(keys.certificateObjections())
    expect(keysOf({ event: 'timeline', data: { projectId: 'p', kind: 'booking.missed' } })).not.toContainEqual(
      keys.certificateObjections(),
    )
  })

  it('makes the supervision queries stale on a 督办 or its reply: the red list and the task’s 督办 show them', () => {
    const urged = keysOf({ event: 'task', data: { projectId: 'p', taskId: 't', kind: 'task.supervised' } })
    expect(urged).toContainEqual(keys.supervision())
    expect(urged).toContainEqual(keys.task('t'))
  })

  it("names the project's queries for any change, and the lists the event touches", () => {
    const task = keysOf({ event: 'task', data: { projectId: 'p', taskId: 't', kind: 'task.decided' } })
    expect(task).toEqual([
      keys.project('p'),
      keys.task('t'),
      keys.tasks(),
      keys.signals(),
      keys.notifications(),
      keys.spglExports(),
    ])
    // An application's event (a booking, a 容缺 overdue) may have told the owner: its 消息通知 too.
    expect(keysOf({ event: 'application', data: { projectId: 'p' } })).toEqual([
      keys.project('p'),
      keys.signals(),
      keys.notifications(),
    ])
    // 12345 工单: no project; every ticket page and list, supervision's ticket figures, the caller's messages.
    expect(keysOf({ event: 'ticket', data: { ticketId: 't', kind: 'ticket.replied' } })).toEqual([
      keys.hotlineTickets(),
      [...keys.supervision(), 'hotline-tickets'],
      keys.notifications(),
    ])
    // 好差评: the project's ratings (under the project), the department's list and the supervisor's figures.
    expect(keysOf({ event: 'timeline', data: { projectId: 'p', kind: 'rating.given' } })).toEqual([
      keys.project('p'),
      keys.notifications(),
      keys.tasks(),
      keys.supervision(),
    ])
    expect(keysOf({ event: 'alert', data: { projectId: 'p', taskId: 't' } })).toEqual([
      keys.project('p'),
      keys.tasks(),
      keys.supervision(),
      keys.notifications(),
    ])
    expect(keysOf({ event: 'project', data: { projectId: 'p' } })).toEqual([
      keys.project('p'),
      keys.projects(),
      keys.spglExports(),
    ])
    expect(keysOf({ event: 'certificate', data: { projectId: 'p' } })).toEqual([
      keys.project('p'),
      keys.cases(),
      keys.notifications(),
      keys.spglExports(),
    ])
    // 联合验收, 报装 and 不动产登记: their case lists, and the messages the notifier wrote of them.
    for (const event of ['acceptance', 'utility', 'registration'])
      expect(keysOf({ event, data: { projectId: 'p' } })).toEqual([
        keys.project('p'),
        keys.cases(),
        keys.notifications(),
      ])
    expect(keysOf({ event: 'reset', data: {} })).toEqual([keys.all])
    expect(keysOf({ event: 'ready', data: {} })).toEqual([])
    // A stream opened with no position cannot tell what committed before it: the page fetches what it shows again.
    expect(keysOf({ event: 'ready', data: {}, fresh: true })).toEqual([keys.all])
  })
})

describe('followStream', () => {
  const body = (text: string) =>
    new Response(new Blob([text]).stream(), { status: 200, headers: { 'content-type': 'text/event-stream' } })

  it('reconnects after the stream ends with the last id as Last-Event-ID, and stops on 401', async () => {
    const sent: Array<Record<string, string>> = []
    const answers = [
      body('retry: 10\n\nid: 4\nevent: ready\ndata: {}\n\nid: 5\nevent: task\ndata: {"projectId":"p"}\n\n'),
      new Response('{}', { status: 503 }),
      body('id: 6\nevent: alert\ndata: {"projectId":"p"}\n\n'),
      new Response('{}', { status: 401 }),
    ]
    const got: LiveMessage[] = []
    const pauses: number[] = []
    await followStream({
      token: 'tok',
      signal: new AbortController().signal,
      onMessage: (m) => got.push(m),
      fetch: (async (_url: string, init: RequestInit) => {
        sent.push(init.headers as Record<string, string>)
        const next = answers.shift()
        if (!next) throw new Error('called once too often')
        return next
      }) as typeof fetch,
      sleep: async (ms) => {
        pauses.push(ms)
      },
    })
    expect(got.map((m) => m.id)).toEqual(['4', '5', '6'])
    // Only the first connection had no position: its `ready` is the fresh one.
    expect(got.map((m) => m.fresh)).toEqual([true, undefined, undefined])
    expect(sent.map((h) => h['last-event-id'])).toEqual([undefined, '5', '5', '6'])
    expect(sent.every((h) => h['authorization'] === 'Bearer tok')).toBe(true)
    // The advice, then doubled after the failed attempt, then the advice again once a message came through.
    expect(pauses).toEqual([10, 20, 10])
  })
})
