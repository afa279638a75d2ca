import type { Condition, Rule } from './schema.js'

/** What is known about a project: area, height, use, investor, the exclusion situations it is in… */
export type ProjectFacts = Readonly<Record<string, number | string | boolean | readonly string[] | undefined>>

/** Why a rule did not hold. */
export interface RuleFailure {
  rule: string
  description: { zh: string; en: string }
  source: string
  /** One sentence per failed condition, e.g. "heightM is 30, must be <= 24". */
  reasons: string[]
  /** Facts the rule needs that were not given. */
  missing: string[]
}

/** Evaluates one condition; `undefined` when the fact is missing. */
export function testCondition(c: Condition, facts: ProjectFacts): { ok: boolean; reason: string } | undefined {
  const actual = facts[c.fact]
  if (actual === undefined) return undefined
  const shown = JSON.stringify(actual)
  if (c.op === 'in') {
    const values = c.values ?? []
    const ok = Array.isArray(actual)
      ? actual.some((a) => values.includes(a))
      : values.includes(actual as number | string)
    return { ok, reason: `${c.fact} is ${shown}, must be one of ${JSON.stringify(values)}` }
  }
  const expected = c.value
  const ok = compare(actual, c.op, expected)
  return { ok, reason: `${c.fact} is ${shown}, must be ${c.op} ${JSON.stringify(expected)}` }
}

function compare(actual: unknown, op: Condition['op'], expected: unknown): boolean {
  switch (op) {
    case '==':
      return actual === expected
    case '!=':
      return actual !== expected
    case '<=':
      return typeof actual === 'number' && typeof expected === 'number' && actual <= expected
    case '<':
      return typeof actual === 'number' && typeof expected === 'number' && actual < expected
    case '>=':
      return typeof actual === 'number' && typeof expected === 'number' && actual >= expected
    case '>':
      return typeof actual === 'number' && typeof expected === 'number' && actual > expected
    default:
      return false
  }
}

/** Evaluates a rule: `undefined` when it holds, else why not. A missing fact fails the rule. */
export function checkRule(rule: Rule, facts: ProjectFacts): RuleFailure | undefined {
  const reasons: string[] = []
  const missing: string[] = []
  const run = (conditions: readonly Condition[]): boolean => {
    let ok = true
    for (const c of conditions) {
      const r = testCondition(c, facts)
      if (r === undefined) {
        if (!missing.includes(c.fact)) missing.push(c.fact)
        ok = false
      } else if (!r.ok) {
        reasons.push(r.reason)
        ok = false
      }
    }
    return ok
  }
  const allOk = run(rule.all ?? [])
  let anyOk = true
  if (rule.any) {
    const [reasonsBefore, missingBefore] = [reasons.length, missing.length]
    anyOk = rule.any.some((group) => run(group))
    // Alternatives that failed do not matter once one holds.
    if (anyOk) {
      reasons.splice(reasonsBefore)
      missing.splice(missingBefore)
    }
  }
  if (allOk && anyOk) return undefined
  return { rule: rule.code, description: rule.description, source: rule.source, reasons, missing }
}
