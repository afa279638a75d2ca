import { describe, expect, it } from 'vitest'
import { aRole, isActor, roleRefusal } from '../src/index.js'

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

describe('a refusal by role', () => {
  it('takes the article the role begins with and says a role of two words as two', () => {
    expect([aRole('owner'), aRole('admin'), aRole('intermediary'), aRole('clerk'), aRole('review_body')]).toEqual([
      'an owner',
      'an admin',
      'an intermediary',
      'a clerk',
      'a review body',
    ])
  })

  it('is one sentence that begins with a capital', () => {
    expect(roleRefusal('owner', ['clerk', 'admin'])).toBe('An owner may not do this; it takes a clerk or an admin.')
    expect(roleRefusal('review_body', ['agent'])).toBe('A review body may not do this; it takes an agent.')
  })
})
