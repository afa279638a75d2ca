import { Compile } from 'typebox/compile'
import {
  type CatalogueData,
  CatalogueData as CatalogueDataSchema,
  type Item,
  MAX_STATED_FACTS,
  type ProjectType,
  RESERVED_FORM_FIELDS,
  type Rule,
  STATED_FACT,
} from './schema.js'

/** One thing wrong with a catalogue. Errors refuse the catalogue; warnings are reported and kept. */
export interface Problem {
  severity: 'error' | 'warning'
  /** Stable code, e.g. CATALOGUE_UNKNOWN_DEPARTMENT. */
  code: string
  /** Where, e.g. `projectTypes[power-grid].steps[planning-permit].items`. */
  path: string
  message: string
}

export interface ValidationReport {
  ok: boolean
  errors: Problem[]
  warnings: Problem[]
}

const checkData = Compile(CatalogueDataSchema)

/**
 * `stored`: the data of a version that passed the upload's check when it was uploaded (intake's table, an activation's
 * event): a check added since that only bars new documents — one stated fact per `onlyIf` rule — is not applied, so a
 * project pinned to such a version (pins never change) keeps resolving. Everything the services rely on is checked.
 */
export type ValidateOptions = { stored?: boolean }

/**
 * Validates a resolved catalogue and lists every problem at once: schema, references (departments, stages,
 * items, steps, exclusions exist), duplicate codes, cycles between steps. A project type's cap and the sum
 * of its step limits are both kept; when they differ it is a warning, never silently "fixed".
 */
export function validateCatalogue(data: unknown, options: ValidateOptions = {}): ValidationReport {
  if (!checkData.Check(data)) {
    const errors = schemaProblems(data)
    return { ok: false, errors, warnings: [] }
  }
  const errors: Problem[] = []
  const warnings: Problem[] = []
  const error = (code: string, path: string, message: string) => errors.push({ severity: 'error', code, path, message })
  const warn = (code: string, path: string, message: string) =>
    warnings.push({ severity: 'warning', code, path, message })

  const stages = codes(data.stages, 'stages', error)
  const departments = codes(data.departments, 'departments', error)
  const exclusions = codes(data.exclusions, 'exclusions', error)
  const items = codes(data.items, 'items', error)
  codes(data.projectTypes, 'projectTypes', error)

  for (const item of data.items) {
    const at = `items[${item.code}]`
    if (!departments.has(item.department)) {
      error('CATALOGUE_UNKNOWN_DEPARTMENT', `${at}.department`, `department "${item.department}" does not exist`)
    }
    if (!stages.has(item.stage)) error('CATALOGUE_UNKNOWN_STAGE', `${at}.stage`, `stage "${item.stage}" does not exist`)
    for (const rule of item.exemptIf ?? []) checkRuleShape(rule, `${at}.exemptIf[${rule.code}]`, error)
  }

  for (const type of data.projectTypes) {
    const at = `projectTypes[${type.code}]`
    for (const code of type.eligibility.exclusions) {
      if (!exclusions.has(code)) {
        error('CATALOGUE_UNKNOWN_EXCLUSION', `${at}.eligibility.exclusions`, `exclusion "${code}" does not exist`)
      }
    }
    for (const rule of type.eligibility.rules) checkRuleShape(rule, `${at}.eligibility.rules[${rule.code}]`, error)
    const steps = codes(type.steps, `${at}.steps`, error)
    for (const step of type.steps) {
      const here = `${at}.steps[${step.code}]`
      if (!stages.has(step.stage))
        error('CATALOGUE_UNKNOWN_STAGE', `${here}.stage`, `stage "${step.stage}" does not exist`)
      for (const code of step.items) {
        if (!items.has(code)) error('CATALOGUE_UNKNOWN_ITEM', `${here}.items`, `item "${code}" does not exist`)
      }
      for (const code of step.after ?? []) {
        if (!steps.has(code)) error('CATALOGUE_UNKNOWN_STEP', `${here}.after`, `step "${code}" does not exist`)
      }
      for (const rule of step.skipIf ?? []) checkRuleShape(rule, `${here}.skipIf[${rule.code}]`, error)
      codes(step.phases ?? [], `${here}.phases`, error)
      if (step.lead && !departments.has(step.lead.department)) {
        error(
          'CATALOGUE_UNKNOWN_DEPARTMENT',
          `${here}.lead.department`,
          `department "${step.lead.department}" does not exist`,
        )
      }
      // A lead coordinates departments working side by side; a step of one department at a time has none to lead.
      if (step.lead && !step.parallel) {
        error('CATALOGUE_LEAD_NOT_PARALLEL', `${here}.lead`, 'only a parallel step has a lead department (牵头部门)')
      }
    }
    const cycle = findCycle(type)
    if (cycle) error('CATALOGUE_CYCLE', `${at}.steps`, `steps depend on each other in a cycle: ${cycle.join(' → ')}`)
    if (type.utilityHookup && !steps.has(type.utilityHookup.step)) {
      error('CATALOGUE_UNKNOWN_STEP', `${at}.utilityHookup.step`, `step "${type.utilityHookup.step}" does not exist`)
    }
    const exemptUtilities = type.outsideLinePermitsExempt?.utilities ?? []
    for (const [i, utility] of exemptUtilities.entries()) {
      if (exemptUtilities.indexOf(utility) !== i) {
        error('CATALOGUE_DUPLICATE_CODE', `${at}.outsideLinePermitsExempt.utilities`, `"${utility}" is named twice`)
      }
    }
    // No hookup step, no hookup request: the exemption would never be read, so it is a mistake, not a rule.
    if (type.outsideLinePermitsExempt && !type.utilityHookup) {
      error(
        'CATALOGUE_EXEMPTION_WITHOUT_HOOKUP',
        `${at}.outsideLinePermitsExempt`,
        'a type whose outside lines need no permit needs the step that opens its hookups (utilityHookup)',
      )
    }
    const pushedTo = type.worksPlanPush?.departments ?? []
    for (const [i, code] of pushedTo.entries()) {
      if (!departments.has(code)) {
        error('CATALOGUE_UNKNOWN_DEPARTMENT', `${at}.worksPlanPush.departments`, `department "${code}" does not exist`)
      } else if (pushedTo.indexOf(code) !== i) {
        error('CATALOGUE_DUPLICATE_CODE', `${at}.worksPlanPush.departments`, `"${code}" is named twice`)
      }
    }
    if (type.acceptance && !departments.has(type.acceptance.lead)) {
      error(
        'CATALOGUE_UNKNOWN_DEPARTMENT',
        `${at}.acceptance.lead`,
        `department "${type.acceptance.lead}" does not exist`,
      )
    }
    followOnProblems(type, at, items, data.items, error, options)
    if (!type.exempt && type.steps.length === 0) {
      error('CATALOGUE_EMPTY_FLOW', `${at}.steps`, 'a type that is not exempt needs at least one step')
    }
    capWarnings(type, at, warn)
  }
  return { ok: errors.length === 0, errors, warnings }
}

/**
 * 后续事项: a follow-on starts from an item the type's steps approve, names a known item that no step of the type
 * applies for (it needs no application) and that asks no materials (nothing is asked of the owner), once per pair.
 */
function followOnProblems(
  type: ProjectType,
  at: string,
  known: ReadonlySet<string>,
  items: readonly Item[],
  error: (code: string, path: string, message: string) => void,
  options: ValidateOptions,
) {
  const inSteps = new Set(type.steps.flatMap((s) => s.items))
  const seen = new Set<string>()
  for (const f of type.followOns ?? []) {
    const here = `${at}.followOns[${f.after}→${f.item}]`
    if (!inSteps.has(f.after)) {
      error('CATALOGUE_FOLLOW_ON_NOT_IN_FLOW', `${here}.after`, `item "${f.after}" is approved in no step of the type`)
    }
    if (!known.has(f.item)) error('CATALOGUE_UNKNOWN_ITEM', `${here}.item`, `item "${f.item}" does not exist`)
    if (inSteps.has(f.item)) {
      error(
        'CATALOGUE_FOLLOW_ON_APPLIED_FOR',
        `${here}.item`,
        `item "${f.item}" is applied for in a step of the type: a follow-on needs no application`,
      )
    }
    const materials = items.find((i) => i.code === f.item)?.materials ?? []
    if (materials.length > 0) {
      error(
        'CATALOGUE_FOLLOW_ON_ASKS_MATERIALS',
        `${here}.item`,
        `item "${f.item}" lists materials (${materials.map((m) => m.code).join(', ')}): a follow-on asks the owner for none`,
      )
    }
    for (const rule of f.onlyIf ?? []) {
      const where = `${here}.onlyIf[${rule.code}]`
      checkRuleShape(rule, where, error)
      // One fact a rule: the desk asks each fact as its rule's words (建筑物门口朝向已确定) with the answer it needs,
      // and the owner is told each rule as stated 是 or 否. A rule over two facts would put two questions of the same
      // words to the clerk, and an `any` group none of whose facts decides alone; 004:1814's 若…且…的 is one rule per fact.
      if (!options.stored && (rule.any !== undefined || (rule.all ?? []).length > 1)) {
        error(
          'CATALOGUE_FOLLOW_ON_RULE_NOT_ONE_FACT',
          where,
          "a follow-on's rule reads exactly one stated fact (one `all` condition, no `any`): give each fact a rule of its own words",
        )
      }
      // Intake reads each from the application's form as true or false: a stated fact, not a measure to compare.
      for (const c of conditionsOf(rule)) {
        if (!STATED_FACT.test(c.fact) || c.op !== '==' || typeof c.value !== 'boolean') {
          error(
            'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
            where,
            `condition on "${c.fact}" must be a stated fact (a camelCase form field of at most 100 characters) == true or false`,
          )
        } else if (RESERVED_FORM_FIELDS.includes(c.fact)) {
          error(
            'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
            where,
            `condition on "${c.fact}": the form's field "${c.fact}" is read as something else (${RESERVED_FORM_FIELDS.join(', ')} are reserved)`,
          )
        } else if (c.fact in Object.prototype) {
          // Every form is an object: `form.constructor` is there even when the owner states nothing, so the fact
          // could never be left unstated.
          error(
            'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
            where,
            `condition on "${c.fact}": every object has a "${c.fact}" (Object.prototype), so it can not be a stated fact`,
          )
        }
      }
    }
    const pair = `${f.after}→${f.item}`
    if (seen.has(pair)) error('CATALOGUE_DUPLICATE_CODE', `${at}.followOns`, `follow-on "${pair}" is given twice`)
    seen.add(pair)
  }
  // The step's checklist asks each conditioned follow-on's facts once (intake's `statedFactsAsked`), at most
  // MAX_STATED_FACTS. One fact a rule keeps a new document within it (20 × 10); a stored version uploaded before that
  // rule may read more, so count them here rather than let a fact go unasked and its rule fail as not stated.
  for (const step of type.steps) {
    const asked = (type.followOns ?? [])
      .filter((f) => step.items.includes(f.after))
      .reduce((n, f) => n + new Set((f.onlyIf ?? []).flatMap((rule) => conditionsOf(rule).map((c) => c.fact))).size, 0)
    if (asked > MAX_STATED_FACTS) {
      error(
        'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
        `${at}.steps[${step.code}]`,
        `the step's follow-ons read ${asked} stated facts (each follow-on's counted once): the desk asks at most ${MAX_STATED_FACTS}`,
      )
    }
  }
}

const conditionsOf = (rule: Rule) => [...(rule.all ?? []), ...(rule.any ?? []).flat()]

function capWarnings(type: ProjectType, at: string, warn: (code: string, path: string, message: string) => void) {
  if (!type.cap) return
  const limited = type.steps.filter((s) => s.limit !== undefined)
  if (limited.length < type.steps.length) {
    const bare = type.steps.filter((s) => s.limit === undefined).map((s) => s.code)
    warn(
      'CATALOGUE_STEP_WITHOUT_LIMIT',
      `${at}.steps`,
      `steps ${bare.join(', ')} have no limit: only the cap of ${type.cap.limit.value} ${type.cap.limit.unit} runs for them`,
    )
    return
  }
  if (limited.some((s) => s.limit?.unit !== type.cap?.limit.unit)) {
    warn('CATALOGUE_CAP_MISMATCH', `${at}.cap`, 'the cap and the step limits are in different units')
    return
  }
  const sum = limited.reduce((n, s) => n + (s.limit?.value ?? 0), 0)
  if (sum !== type.cap.limit.value) {
    warn(
      'CATALOGUE_CAP_MISMATCH',
      `${at}.cap`,
      `the step limits add up to ${sum} ${type.cap.limit.unit} but the cap is ${type.cap.limit.value} ` +
        `${type.cap.limit.unit}: both are kept, a clock runs for the cap and one for each step`,
    )
  }
}

function codes<T extends { code: string }>(
  list: readonly T[],
  at: string,
  error: (code: string, path: string, message: string) => void,
): Set<string> {
  const seen = new Set<string>()
  for (const entry of list) {
    if (seen.has(entry.code)) error('CATALOGUE_DUPLICATE_CODE', at, `code "${entry.code}" is used twice`)
    seen.add(entry.code)
  }
  return seen
}

function checkRuleShape(rule: Rule, at: string, error: (code: string, path: string, message: string) => void) {
  if (!rule.all?.length && !rule.any?.length) error('CATALOGUE_BAD_RULE', at, 'a rule needs `all` or `any` conditions')
  for (const c of [...(rule.all ?? []), ...(rule.any ?? []).flat()]) {
    if (c.op === 'in' ? c.values === undefined : c.value === undefined) {
      error(
        'CATALOGUE_BAD_RULE',
        at,
        `condition on "${c.fact}" with "${c.op}" needs ${c.op === 'in' ? 'values' : 'a value'}`,
      )
    }
  }
}

/** A cycle among steps' `after` dependencies, as the codes along it, or undefined. */
function findCycle(type: ProjectType): string[] | undefined {
  const after = new Map(type.steps.map((s) => [s.code, s.after ?? []] as const))
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (code: string): string[] | undefined => {
    if (state.get(code) === 'done') return undefined
    if (state.get(code) === 'visiting') return [...path.slice(path.indexOf(code)), code]
    state.set(code, 'visiting')
    path.push(code)
    for (const next of after.get(code) ?? []) {
      const found = visit(next)
      if (found) return found
    }
    path.pop()
    state.set(code, 'done')
    return undefined
  }
  for (const s of type.steps) {
    const found = visit(s.code)
    if (found) return found
  }
  return undefined
}

/** TypeBox errors as problems: one per location, with list indexes shown as the entry's code. */
function schemaProblems(data: unknown): Problem[] {
  const byPath = new Map<string, string[]>()
  for (const e of checkData.Errors(data)) {
    const message =
      e.keyword === 'boolean'
        ? 'is not a known field'
        : e.keyword === 'anyOf' || e.keyword === 'const'
          ? 'has a value not allowed here'
          : e.message
    const list = byPath.get(e.instancePath) ?? []
    if (!list.includes(message)) list.push(message)
    byPath.set(e.instancePath, list)
  }
  // Drop the "must not have additional properties" echo when the field itself is named.
  return [...byPath.entries()]
    .filter(([, messages]) => !(messages.length === 1 && messages[0] === 'must not have additional properties'))
    .map(([path, messages]) => ({
      severity: 'error' as const,
      code: 'CATALOGUE_SCHEMA',
      path: describePath(data, path),
      message: messages.join('; '),
    }))
}

function describePath(data: unknown, pointer: string): string {
  if (pointer === '') return '(root)'
  let node: unknown = data
  let out = ''
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(node)) {
      const entry: unknown = node[Number(key)]
      const code = typeof entry === 'object' && entry !== null && 'code' in entry ? String(entry.code) : key
      out += `[${code}]`
      node = entry
    } else {
      out += out === '' ? key : `.${key}`
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined
    }
  }
  return out
}

export type { CatalogueData }
