/**
 * 统一社会信用代码 — the 18-character unified social credit code of GB 32100-2015: 17 characters of body and a
 * check character computed from them. The rule once, for intake (which refuses a bad code) and the console (which
 * says so as the clerk types); each words its own messages.
 */

/** The standard's characters: the digits and the capitals without I, O, Z, S and V. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The check character of a 17-character body, or undefined when the body is not 17 characters of the charset. */
export function creditCodeCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(body.charAt(i))
    if (value < 0) return undefined
    sum += value * (WEIGHTS[i] as number)
  }
  const check = 31 - (sum % 31)
  return CREDIT_CODE_CHARSET.charAt(check === 31 ? 0 : check)
}
