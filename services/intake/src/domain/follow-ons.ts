import { checkRule, type ResolvedFollowOn } from '@onewindow/catalogue'
import type { NoticeLine } from './problems.js'

/**
 * Facts the owner states in the application's form for a follow-on's `onlyIf` (e.g. 004:1814's
 * `entranceOrientationDetermined`, `facingStreetNamed`): each `true` or `false`, or not stated at all.
 */
export type StatedFacts = Readonly<Record<string, boolean>>

/** One rule of a follow-on's `onlyIf` that did not hold: its words, and whether its facts were stated at all. */
export type UnmetCondition = {
  rule: string
  /** What the rule requires, as the catalogue words it (门牌号所朝向的街路巷名称已命名). */
  condition: string
  /** False when a fact it reads was not stated in the application; true when stated, and not as the rule needs. */
  stated: boolean
}

export type FollowOnDecision = {
  /** Pinned on the acceptance: approval opens them when the step approves their `after`. */
  pinned: ResolvedFollowOn[]
  /** Left out, each with every rule of its `onlyIf` that did not hold: nothing is shared with its department. */
  withheld: Array<{ followOn: ResolvedFollowOn; unmet: UnmetCondition[] }>
}

/** The form fields the step's follow-ons' conditions read, each once, in the catalogue's order. */
export function statedFactNames(followOns: readonly ResolvedFollowOn[]): string[] {
  const names = followOns.flatMap((f) =>
    (f.onlyIf ?? []).flatMap((rule) => [...(rule.all ?? []), ...(rule.any ?? []).flat()].map((c) => c.fact)),
  )
  return [...new Set(names)]
}

/**
 * The facts the step's follow-ons' conditions read from `form`: each `true` or `false` when stated; absent, not
 * stated (its rule then fails: the seed's route applies only where the owner states the fact, 若…的). Any other value
 * is a line of the one notice at `/form/<fact>`, so what the owner meant is never guessed.
 */
export function readStatedFacts(
  form: Record<string, unknown>,
  followOns: readonly ResolvedFollowOn[],
): { facts: StatedFacts; lines: NoticeLine[] } {
  const facts: Record<string, boolean> = {}
  const lines: NoticeLine[] = []
  for (const name of statedFactNames(followOns)) {
    const value = form[name]
    if (value === undefined) continue
    if (typeof value === 'boolean') facts[name] = value
    else lines.push({ field: `/form/${name}`, code: 'INTAKE_STATED_FACT_INVALID', message: 'must be true or false' })
  }
  return { facts, lines }
}

/**
 * 后续事项 on the facts stated in the application: a follow-on without `onlyIf` is pinned; one with it is pinned when
 * every rule holds, else withheld with each rule that did not hold — so the owner is told why the house number must be
 * applied for separately (004:1814), instead of nothing.
 */
export function decideFollowOns(followOns: readonly ResolvedFollowOn[], facts: StatedFacts): FollowOnDecision {
  const decision: FollowOnDecision = { pinned: [], withheld: [] }
  for (const followOn of followOns) {
    const unmet = (followOn.onlyIf ?? []).flatMap((rule): UnmetCondition[] => {
      const failure = checkRule(rule, facts)
      if (!failure) return []
      return [{ rule: rule.code, condition: rule.description.zh, stated: failure.missing.length === 0 }]
    })
    if (unmet.length === 0) decision.pinned.push(followOn)
    else decision.withheld.push({ followOn, unmet })
  }
  return decision
}
