/**
 * 公民身份号码 — the 18-character citizen identity number of GB 11643-1999 (the number on the 居民身份证): 6 digits of
 * the address code, the birth date as YYYYMMDD, 3 digits of sequence and a check character computed from the first
 * 17 by ISO 7064 MOD 11-2 ("X" standing for 10). The rule once, for the hotline (which refuses a bad number) and the
 * console (which says so as it is typed); each words its own messages.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK = '10X98765432'

/** The check character of a 17-digit body, or undefined when the body is not 17 digits. */
export function residentIdCheckCharacter(body: string): string | undefined {
  if (!/^\d{17}$/.test(body)) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (WEIGHTS[i] as number)
  return CHECK.charAt(sum % 11)
}

/** What is wrong with a number, as a kind and the facts a message needs; undefined when it is a valid number. */
export type ResidentIdProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; character: string }
  | { kind: 'birth-date'; birthDate: string }
  | { kind: 'check'; expected: string; given: string }

/**
 * Why `id` is not a valid 18-character 公民身份号码, or undefined when it is: the birth date a real calendar day, and
 * not after `today` (`YYYY-MM-DD`, the caller's legal day) when it is given — nobody is born tomorrow.
 */
export function residentIdProblem(id: string, today?: string): ResidentIdProblem | undefined {
  if (id.length !== 18) return { kind: 'length', length: id.length }
  const bad = [...id].find((c, i) => !(/\d/.test(c) || (i === 17 && c === 'X')))
  if (bad !== undefined) return { kind: 'character', character: bad }
  const birthDate = id.slice(6, 14)
  const [y, m, d] = [Number(birthDate.slice(0, 4)), Number(birthDate.slice(4, 6)), Number(birthDate.slice(6, 8))]
  const day = new Date(Date.UTC(y, m - 1, d))
  if (y < 1800 || day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    return { kind: 'birth-date', birthDate }
  if (today !== undefined && birthDate > today.replaceAll('-', '')) return { kind: 'birth-date', birthDate }
  const expected = residentIdCheckCharacter(id.slice(0, 17)) as string
  if (id.charAt(17) !== expected) return { kind: 'check', expected, given: id.charAt(17) }
  return undefined
}
