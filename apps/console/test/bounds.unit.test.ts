import { NOTICE_LIST_MAX as CONTRACT_NOTICE_LIST_MAX } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { NOTICE_LIST_MAX } from '../src/bounds.js'

describe("the console's copies of the contracts' bounds", () => {
  it('are the contract’s own numbers', () => {
    expect(NOTICE_LIST_MAX).toBe(CONTRACT_NOTICE_LIST_MAX)
  })
})
