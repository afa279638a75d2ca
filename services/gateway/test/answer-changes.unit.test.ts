import { describe, expect, it } from 'vitest'
import { changeLog } from '../src/db/answer-changes.js'

// The pure half of db/answer-changes.ts: when a mark still holds for a scope.

describe('the change log', () => {
  it('gives no mark and holds nothing until it listens', () => {
    const log = changeLog()
    expect(log.mark()).toBeUndefined()
    expect(log.unchangedSince('project:a', 0)).toBe(false)
    log.listening()
    const mark = log.mark()
    expect(mark).toBeDefined()
    expect(log.unchangedSince('project:a', mark ?? -1)).toBe(true)
  })

  it('voids a mark for the scope changed after it, and only for that scope', () => {
    const log = changeLog()
    log.listening()
    log.changed('project:a')
    const mark = log.mark() ?? -1
    // Heard before the mark: the read after the mark saw it.
    expect(log.unchangedSince('project:a', mark)).toBe(true)
    log.changed('project:a')
    expect(log.unchangedSince('project:a', mark)).toBe(false)
    expect(log.unchangedSince('project:b', mark)).toBe(true)
  })

  it('voids every mark when the connection is lost, and every mark taken before it listens again', () => {
    const log = changeLog()
    log.listening()
    const before = log.mark() ?? -1
    log.lost()
    expect(log.mark()).toBeUndefined()
    expect(log.unchangedSince('project:a', before)).toBe(false)
    log.listening()
    // Listening again: what changed meanwhile was never told.
    expect(log.unchangedSince('project:a', before)).toBe(false)
    const after = log.mark() ?? -1
    expect(log.unchangedSince('project:a', after)).toBe(true)
  })

  it('reads a forgotten scope as changed when the newest forgotten one did, never as unchanged for longer', () => {
    const log = changeLog(2)
    log.listening()
    const mark = log.mark() ?? -1
    log.changed('project:a')
    log.changed('project:b')
    log.changed('project:c') // forgets a, changed after the mark
    expect(log.unchangedSince('project:a', mark)).toBe(false)
    // A scope never heard of reads like a forgotten one: changed after the mark too, as far as the log can say.
    expect(log.unchangedSince('project:z', mark)).toBe(false)
    const later = log.mark() ?? -1
    expect(log.unchangedSince('project:a', later)).toBe(true)
    expect(log.unchangedSince('project:c', later)).toBe(true)
  })
})
