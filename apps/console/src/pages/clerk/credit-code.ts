import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '@onewindow/vocabulary'

/**
 * 统一社会信用代码 (GB 32100-2015), checked in the browser as the clerk types it: 18 characters of the standard's
 * charset, the last a check character computed from the first 17 — the rule once, in @onewindow/vocabulary, as
 * intake applies it; the messages here are the window's, in Chinese.
 */

const CHARSET = CREDIT_CODE_CHARSET

export { creditCodeCheckCharacter }

/** Why a code is not a valid 统一社会信用代码, in Chinese for the window; undefined when it is valid. */
export function creditCodeProblem(code: string): string | undefined {
  const bad = [...code].find((c) => !CHARSET.includes(c))
  if (bad !== undefined) {
    return /[a-z]/.test(bad)
      ? `“${bad}”须为大写字母`
      : `“${bad}”不是统一社会信用代码的字符（数字及除 I、O、Z、S、V 外的大写字母）`
  }
  if (code.length !== 18) return `统一社会信用代码为 18 位，已输入 ${code.length} 位`
  const expected = creditCodeCheckCharacter(code.slice(0, 17))
  if (code.charAt(17) !== expected) return `校验码应为“${expected}”，输入的是“${code.charAt(17)}”，请核对`
  return undefined
}
