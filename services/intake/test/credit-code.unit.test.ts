import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from '../src/domain/credit-code.js'

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'the sample of the standard’s explanatory material'],
    ['91440600MA4UJ2K7X6', 'a Foshan company code'],
    ['91441500MA51XY201H', 'a Shanwei company code'],
    ['91110000802100433B', 'a Beijing company code'],
  ])('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined()
    expect(isValidCreditCode(code)).toBe(true)
  })

  it.each([
    ['91350100M000100Y44', /check character is "4", GB 32100 gives "3"/],
    ['911100001000013115', /GB 32100 gives "6"/],
    ['91350100M000100Y4', /18 characters/],
    ['91350100M000100Y4I', /"I" is not a character/],
    ['91350100m000100Y43', /"m" is not a character/],
    ['', /18 characters/],
  ])('refuses %s', (code, why) => {
    expect(creditCodeProblem(code)).toMatch(why)
  })

  it('builds a valid code from a 17-character body with its own check character', () => {
    const body = '91440300MA5FUX7Q1'
    const check = creditCodeCheckCharacter(body)
    expect(check).toHaveLength(1)
    expect(isValidCreditCode(`${body}${check}`)).toBe(true)
  })

  it('maps a remainder of 0 (31 − 0 = 31) to check character 0', () => {
    // The body "00000000000000000" weighs 0, so 31 − (0 mod 31) = 31, which the standard writes as 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0')
  })

  it('property: every body gets exactly one check character, and any other is refused', () => {
    const body = fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 17, maxLength: 17 })
    fc.assert(
      fc.property(body, fc.constantFrom(...CHARSET), (b, other) => {
        const check = creditCodeCheckCharacter(b) as string
        expect(isValidCreditCode(b + check)).toBe(true)
        if (other !== check) expect(isValidCreditCode(b + other)).toBe(false)
      }),
    )
  })

  it('property: changing any one character of a valid code makes it invalid', () => {
    const body = fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 17, maxLength: 17 })
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 16 }), fc.constantFrom(...CHARSET), (b, at, ch) => {
        fc.pre(b.charAt(at) !== ch)
        const valid = b + creditCodeCheckCharacter(b)
        const changed = valid.slice(0, at) + ch + valid.slice(at + 1)
        expect(isValidCreditCode(changed)).toBe(false)
      }),
    )
  })
})
