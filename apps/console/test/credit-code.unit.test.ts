import { describe, expect, it } from 'vitest'
import { creditCodeCheckCharacter, creditCodeProblem } from '../src/pages/clerk/credit-code.js'

describe('统一社会信用代码 as the desk checks it (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'the sample of the standard’s explanatory material'],
    ['91440600MA4UJ2K7X6', 'a Foshan company code'],
    ['91441500MA51XY201H', 'a Shanwei company code'],
    ['91110000802100433B', 'a Beijing company code'],
  ])('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined()
  })

  it.each([
    ['91350100M000100Y44', /校验码应为“3”/],
    ['911100001000013115', /校验码应为“6”/],
    ['91350100M000100Y4', /18 位，已输入 17 位/],
    ['91350100M000100Y43X', /已输入 19 位/],
    ['91350100M000100Y4I', /“I”不是统一社会信用代码的字符/],
    ['91350100m000100Y43', /“m”须为大写字母/],
    ['', /已输入 0 位/],
  ])('refuses %s, saying why in Chinese', (code, why) => {
    expect(creditCodeProblem(code)).toMatch(why)
  })

  it('gives the check character of any body, and every other last character is refused', () => {
    const body = '91440300MA5FUX7Q1'
    const check = creditCodeCheckCharacter(body)
    expect(check).toBeDefined()
    expect(creditCodeProblem(`${body}${check}`)).toBeUndefined()
    const others = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].filter((c) => c !== check)
    for (const c of others) expect(creditCodeProblem(`${body}${c}`)).toMatch(/校验码/)
    expect(creditCodeCheckCharacter('9144030')).toBeUndefined()
    expect(creditCodeCheckCharacter('91440300MA5FUX7QI')).toBeUndefined()
  })
})
