/**
 * 统一社会信用代码 (GB 32100-2015), checked in the browser as the clerk types it: 18 characters of the standard's
 * charset, the last a check character computed from the first 17. The same rule intake applies
 * (services/intake/src/domain/credit-code.ts) — a service's domain is not the browser's to import, so it is restated
 * here with messages for the window, in Chinese.
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
