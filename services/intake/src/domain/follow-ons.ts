import { checkRule, type ResolvedFollowOn, type Rule } from '@onewindow/catalogue'
import { type ChecklistStatedFact, MAX_STATED_FACTS } from '@onewindow/contracts'
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
  /**
   * The value the rule's one fact must be stated as (`== true` or `== false`, `requiredOf`): so the owner is told
   * 「…」为否 or 为是 as it was stated. Present on every rule the catalogue takes.
   */
  required?: boolean
}

export type FollowOnDecision = {
  /** Pinned on the acceptance: approval opens them when the step approves their `after`. */
  pinned: ResolvedFollowOn[]
  /**
   * Left out, each with every rule of its `onlyIf` that did not hold (nothing is shared with its department), and every
   * rule of it in the catalogue's order, so the owner is told what was stated of each and the route in the seed's words.
   */
  withheld: Array<{ followOn: ResolvedFollowOn; unmet: UnmetCondition[]; onlyIf: FollowOnRule[] }>
}

/** One rule of a follow-on's `onlyIf` as said to the owner: its code, its words, the value it asks of its facts. */
export type FollowOnRule = { rule: string; condition: string; required?: boolean }

const conditionsOf = (rule: Rule) => [...(rule.all ?? []), ...(rule.any ?? []).flat()]

/** The form fields the step's follow-ons' conditions read, each once, in the catalogue's order. */
export function statedFactNames(followOns: readonly ResolvedFollowOn[]): string[] {
  const names = followOns.flatMap((f) => (f.onlyIf ?? []).flatMap((rule) => conditionsOf(rule).map((c) => c.fact)))
  return [...new Set(names)]
}

/**
 * The facts the desk asks for the step's conditioned follow-ons (the checklist's `statedFacts`): each follow-on's facts
 * once, labelled with the words of its rule (the catalogue holds each rule to one fact, so no two questions share
 * words), on the catalogue the application is decided on — so the desk asks exactly what `decideFollowOns` will read.
 * At most `MAX_STATED_FACTS`: one fact a rule, a step's follow-ons read at most `MAX_FOLLOW_ONS` ×
 * `MAX_FOLLOW_ON_CONDITIONS` of them, so the slice is only a guard for the response's bound and never cuts.
 */
export function statedFactsAsked(followOns: readonly ResolvedFollowOn[]): ChecklistStatedFact[] {
  const asked = followOns.flatMap((f) => {
    const followOn = {
      item: f.item.code,
      itemName: f.item.name.zh,
      after: f.after.code,
      afterName: f.after.name.zh,
      department: f.department.code,
      departmentName: f.department.name.zh,
    }
    const seen = new Set<string>()
    return (f.onlyIf ?? []).flatMap((rule) =>
      conditionsOf(rule).flatMap((c) => {
        if (seen.has(c.fact)) return []
        seen.add(c.fact)
        return [{ fact: c.fact, description: rule.description.zh, followOn, ...factRequired(f, c.fact) }]
      }),
    )
  })
  return asked.slice(0, MAX_STATED_FACTS)
}

/**
 * The answer the follow-on needs of one fact for it to open (`true`: 是, `false`: 否), so the desk words each fact as
 * its rule asks rather than assuming 是: the answer of the rules that read it (`requiredOf`), when they agree. A fact
 * asked both ways, or read by a rule of another shape, decides nothing alone.
 */
function factRequired(f: ResolvedFollowOn, fact: string): { required?: boolean } {
  const rules = (f.onlyIf ?? []).filter((rule) => conditionsOf(rule).some((c) => c.fact === fact))
  const values = new Set(rules.map((rule) => requiredOf(rule).required))
  const [only] = values
  return values.size === 1 && typeof only === 'boolean' ? { required: only } : {}
}

/**
 * The answer a rule asks of its one fact (`<fact> == true`: true, `== false`: false). The catalogue holds each rule of
 * an `onlyIf` to that shape (`CATALOGUE_FOLLOW_ON_RULE_NOT_ONE_FACT`), so the rule is one question with one answer, as
 * the desk asks it and the owner is told it; any other shape says none rather than a guess.
 */
function requiredOf(rule: Rule): { required?: boolean } {
  const [c, ...more] = rule.all ?? []
  if (rule.any !== undefined || c === undefined || more.length > 0) return {}
  return c.op === '==' && typeof c.value === 'boolean' ? { required: c.value } : {}
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
    // Own fields only: an unstated `constructor` is not Object.prototype's function (the catalogue refuses such names too).
    const value = Object.hasOwn(form, name) ? form[name] : undefined
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
      return [
        { rule: rule.code, condition: rule.description.zh, stated: failure.missing.length === 0, ...requiredOf(rule) },
      ]
    })
    if (unmet.length === 0) decision.pinned.push(followOn)
    else {
      const onlyIf = (followOn.onlyIf ?? []).map((rule) => ({
        rule: rule.code,
        condition: rule.description.zh,
        ...requiredOf(rule),
      }))
      decision.withheld.push({ followOn, unmet, onlyIf })
    }
  }
  return decision
}
