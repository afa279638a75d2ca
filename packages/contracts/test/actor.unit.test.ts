import { describe, expect, it } from 'vitest'
import { isActor } from '../src/index.js'

describe('isActor', () => {
  it.each([
    [{ sub: 'u1', role: 'reviewer', department: 'water-supply' }],
    [{ sub: 'u2', role: 'owner', creditCode: '91440600MA4UJ2K7X6' }],
  ])('takes %j', (actor) => {
    expect(isActor(actor)).toBe(true)
  })

  it.each([
    [undefined],
    ['{"sub":"u1","role":"clerk"}'],
    [[{ sub: 'u1', role: 'clerk' }]],
    [{ sub: 'u1', role: 'wizard' }],
    [{ role: 'clerk' }],
    [{ sub: '', role: 'clerk' }],
  ])('refuses %j', (value) => {
    expect(isActor(value)).toBe(false)
  })
})
