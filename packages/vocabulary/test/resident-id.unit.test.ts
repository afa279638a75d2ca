import { describe, expect, it } from 'vitest'
import { residentIdCheckCharacter, residentIdProblem } from '../src/index.js'

// 公民身份号码 (GB 11643-1999): the standard's own example and numbers checked by hand.
describe('residentIdProblem', () => {
  it('takes the standard’s example, whose check character is X, and another checked by hand', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined()
    // 4·7+4·9+0·10+5·5+2·8+4·4+1·2+8·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2 = 195; 195 mod 11 = 8 → "4"
    expect(residentIdProblem('440524188001010014')).toBeUndefined()
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4')
  })

  it('names what is wrong: the length, a character, the birth date, the check character', () => {
    expect(residentIdProblem('1101051949123100')).toEqual({ kind: 'length', length: 16 })
    expect(residentIdProblem('11010519491231002x')).toEqual({ kind: 'character', character: 'x' })
    expect(residentIdProblem('1101051949123X002X')).toEqual({ kind: 'character', character: 'X' })
    expect(residentIdProblem('110105194902300021')).toEqual({ kind: 'birth-date', birthDate: '19490230' })
    expect(residentIdProblem('110105194912310021')).toEqual({ kind: 'check', expected: 'X', given: '1' })
  })

  it('refuses a birth date after the day given, and takes one on it', () => {
    const body = '11010520991231001'
    const id = `${body}${residentIdCheckCharacter(body)}`
    expect(residentIdProblem(id)).toBeUndefined()
    expect(residentIdProblem(id, '2026-12-01')).toEqual({ kind: 'birth-date', birthDate: '20991231' })
    expect(residentIdProblem(id, '2099-12-31')).toBeUndefined()
  })

  it('accepts exactly one check character for every body', () => {
    const body = '44052418800101001'
    const accepted = [...'0123456789X'].filter((c) => residentIdProblem(`${body}${c}`) === undefined)
    expect(accepted).toEqual(['4'])
  })
})
