import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '@onewindow/vocabulary'

/**
 * 统一社会信用代码 — the 18-character unified social credit code of GB 32100-2015: 17 characters of body and a
 * check character computed from them.
 */

// The check character is vocabulary's (the console checks the same as the clerk types); the words are intake's.
const CHARSET = CREDIT_CODE_CHARSET

export { creditCodeCheckCharacter }

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
