import { describe, expect, it } from 'vitest'
import { parseActorHeader } from '../src/index.js'

describe('parseActorHeader', () => {
  it.each([
    [
      '{"sub":"u1","role":"reviewer","department":"water-supply"}',
      { sub: 'u1', role: 'reviewer', department: 'water-supply' },
    ],
    [
      '{"sub":"u2","role":"owner","creditCode":"91440600MA4UJ2K7X6"}',
      { sub: 'u2', role: 'owner', creditCode: '91440600MA4UJ2K7X6' },
    ],
  ])('reads %s', (raw, actor) => {
    expect(parseActorHeader(raw)).toEqual(actor)
  })

  it.each([
    [undefined],
    [['{"sub":"u1","role":"clerk"}']],
    ['not json'],
    ['{"sub":"u1","role":"wizard"}'],
    ['{"role":"clerk"}'],
    ['{"sub":"","role":"clerk"}'],
  ])('refuses %j', (raw) => {
    expect(parseActorHeader(raw)).toBeUndefined()
  })
})
