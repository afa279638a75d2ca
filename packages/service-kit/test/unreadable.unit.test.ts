import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it } from 'vitest'
import { unreadableLog } from '../src/index.js'

const recorder = () => {
  const lines: Array<{ obj: unknown; msg: string }> = []
  const log = { error: (obj: unknown, msg: string) => lines.push({ obj, msg }) } as unknown as FastifyBaseLogger
  return { lines, log }
}

describe('unreadableLog', () => {
  it('logs each left-out row once per logger, with its kind, id and reason, however often a list meets it', () => {
    const { lines, log } = recorder()
    const logUnreadable = unreadableLog()
    const a = { kind: 'task', id: 't-1', reason: '/status Expected union value' }
    const b = { kind: 'task', id: 't-2', reason: 'not JSON' }
    logUnreadable(log, [a])
    logUnreadable(log, [a, b])
    logUnreadable(log, [b, a])
    expect(lines).toEqual([
      { obj: { unreadable: a }, msg: 'a stored task row cannot be read; it is left out of the answer' },
      { obj: { unreadable: b }, msg: 'a stored task row cannot be read; it is left out of the answer' },
    ])
    // The same row damaged another way is news; another route group's logger logs it again.
    logUnreadable(log, [{ ...a, reason: 'not JSON' }])
    unreadableLog()(log, [a])
    expect(lines).toHaveLength(4)
  })

  it('forgets what it logged once `limit` rows are remembered, so its memory stays bounded', () => {
    const { lines, log } = recorder()
    const logUnreadable = unreadableLog(2)
    const row = (id: string) => ({ kind: 'case', id, reason: 'x' })
    logUnreadable(log, [row('1'), row('2'), row('3')])
    logUnreadable(log, [row('1')])
    expect(lines.map((l) => (l.obj as { unreadable: { id: string } }).unreadable.id)).toEqual(['1', '2', '3', '1'])
  })
  it('without: answers the value without its unreadable rows, which it logs once as the logger does', () => {
    const { lines, log } = recorder()
    const logUnreadable = unreadableLog()
    const bad = { kind: 'utility request', id: 'r-2', reason: '/stage Expected union value' }
    const list = { rows: [{ id: 'r-1' }], unreadable: [bad] }
    expect(logUnreadable.without(log, list)).toEqual({ rows: [{ id: 'r-1' }] })
    expect(logUnreadable.without(log, { today: '2026-12-02', changes: [], unreadable: [bad] })).toEqual({
      today: '2026-12-02',
      changes: [],
    })
    expect(lines).toEqual([
      { obj: { unreadable: bad }, msg: 'a stored utility request row cannot be read; it is left out of the answer' },
    ])
  })
})
