import { describe, expect, it } from 'vitest'
import { testClock } from '../src/index.js'

describe('testClock', () => {
  it('tells its listeners after every move, with the new time already read, until they stop listening', () => {
    const clock = testClock('2026-03-02T01:00:00.000Z')
    const seen: string[] = []
    const stop = clock.onMove(() => seen.push(clock.now().toISOString()))
    clock.advance(60_000)
    clock.advanceDays(1)
    clock.set('2026-04-01T00:00:00.000Z')
    expect(seen).toEqual(['2026-03-02T01:01:00.000Z', '2026-03-03T01:01:00.000Z', '2026-04-01T00:00:00.000Z'])
    stop()
    clock.advance(1)
    expect(seen).toHaveLength(3)
    expect(clock.now().toISOString()).toBe('2026-04-01T00:00:00.001Z')
  })

  it('refuses a move to no instant and keeps its time, telling no listener', () => {
    const clock = testClock('2026-03-02T01:00:00.000Z')
    let moves = 0
    clock.onMove(() => {
      moves += 1
    })
    expect(() => clock.set('2026-02-30T25:00:00Z')).toThrow(/not an instant/)
    expect(() => clock.advance(Number.NaN)).toThrow(/not an instant/)
    expect(clock.now().toISOString()).toBe('2026-03-02T01:00:00.000Z')
    expect(moves).toBe(0)
  })
})
