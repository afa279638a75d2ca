/**
 * 统一社会信用代码 — the 18-character unified social credit code of GB 32100-2015: 17 characters of body and a
 * check character computed from them.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The check character of a 17-character body, or undefined when the body is not 17 characters of the charset. */
export function creditCodeCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(body.charAt(i))
    if (value < 0) return undefined
    sum += value * (WEIGHTS[i] as number)
  }
  const check = 31 - (sum % 31)
  return CHARSET.charAt(check === 31 ? 0 : check)
}

/** Why a code is not a valid 统一社会信用代码, or undefined when it is. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return `must be 18 characters (got ${code.length})`
  const bad = [...code].find((c) => !CHARSET.includes(c))
  if (bad !== undefined) return `"${bad}" is not a character of GB 32100 (0-9 and ${CHARSET.slice(10)})`
  const expected = creditCodeCheckCharacter(code.slice(0, 17))
  if (code.charAt(17) !== expected) return `check character is "${code.charAt(17)}", GB 32100 gives "${expected}"`
  return undefined
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === undefined
