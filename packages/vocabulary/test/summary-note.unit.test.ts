import { describe, expect, it } from 'vitest'
import { SUMMARY_NOTE_MAX, summaryNote, verifyCommitment } from '../src/index.js'

describe('summaryNote', () => {
  it('keeps a note within the bound as it is', () => {
    expect(summaryNote('')).toBe('')
    const full = '整'.repeat(SUMMARY_NOTE_MAX)
    expect(summaryNote(full)).toBe(full)
  })

  it('cuts a longer note to the bound, ending in an ellipsis', () => {
    const cut = summaryNote(`${'a'.repeat(SUMMARY_NOTE_MAX)}b`)
    expect(cut).toHaveLength(SUMMARY_NOTE_MAX)
    expect(cut).toBe(`${'a'.repeat(SUMMARY_NOTE_MAX - 1)}…`)
  })

  it('never leaves half of a character outside the Basic Multilingual Plane', () => {
    // '𠀀' (U+20000, a CJK Extension B character) is two UTF-16 code units; the cut would fall between them.
    const text = `${'a'.repeat(SUMMARY_NOTE_MAX - 2)}𠀀${'b'.repeat(10)}`
    const cut = summaryNote(text)
    expect(cut.isWellFormed()).toBe(true)
    expect(cut).toBe(`${'a'.repeat(SUMMARY_NOTE_MAX - 2)}…`)
  })

  it('bounds the note of a breach with as many findings as a request may carry', () => {
    const outcome = verifyCommitment(
      { verifyBy: '2026-04-01' },
      'fire-acceptance-filing',
      { department: 'housing-construction', by: 'reviewer-1' },
      {
        result: 'breached',
        findings: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(2000, '查')),
        measures: ['rectify'],
        rectifyBy: '2026-04-10',
      },
      '2026-03-20',
      () => true,
    )
    if (!outcome.ok || outcome.note === undefined) throw new Error(`no note: ${JSON.stringify(outcome)}`)
    expect(outcome.note).toHaveLength(SUMMARY_NOTE_MAX)
    expect(outcome.note.startsWith('fire-acceptance-filing: 0')).toBe(true)
  })
})
