import { createHash } from 'node:crypto'
import type { Limit } from '@onewindow/vocabulary'
import { checkRule, type ProjectFacts, type RuleFailure } from './rules.js'
import {
  type Cap,
  type CatalogueData,
  type CatalogueDocument,
  DEFAULT_NOTICE_STOPS,
  type Department,
  type Item,
  type NoticeStops,
  type ProjectType,
  type Region,
  type Rule,
  type SourcedLimit,
  type Stage,
  type StatutoryLimits,
  type Step,
} from './schema.js'
import { type Problem, type ValidateOptions, validateCatalogue } from './validate.js'

/** Thrown when a catalogue is refused; `problems` lists every error (and the warnings) at once. */
export class CatalogueInvalidError extends Error {
  readonly code = 'CATALOGUE_INVALID'
  constructor(readonly problems: readonly Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error')
    super(
      `catalogue refused with ${errors.length} problem(s): ${errors.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    )
    this.name = 'CatalogueInvalidError'
  }
}

/** One step of a flow, resolved: its items and stage, and whether the project's facts skip it. */
export interface FlowStep {
  step: Step
  stage: Stage
  items: Item[]
  limit?: SourcedLimit
  /**
   * The step's statutory limit and its one extension when its items are handled jointly (行政许可法第四十二条、
   * 第二十六条: 45 W, +15 W): a parallel step of two or more items, under a catalogue that states the law's limits.
   */
  statutoryLimit?: SourcedLimit
  statutoryExtension?: SourcedLimit
  /** Set when facts were given and a `skipIf` rule holds; names the rule. */
  skippedBy?: string
  /**
   * Set when facts were given and an item's `exemptIf` rule holds: each such item with the rule. When it lists every
   * item of the step, the step is exempt as a whole. The rule's description and source say why (免于办理的依据).
   */
  exemptItems?: Array<{ item: string; rule: string; reason: { zh: string; en: string }; source: string }>
  /** The steps that must be approved (or skipped, or exempt) first: the step's `after`, else the previous step. */
  after: string[]
  /** 后续事项: the type's follow-ons of this step's items, each with its items and department resolved. */
  followOns?: ResolvedFollowOn[]
}

/** A follow-on (`FollowOn`) resolved: what approval opens for the department when `after` is approved. */
export interface ResolvedFollowOn {
  after: Item
  item: Item
  department: Department
  source: string
  note?: string
  /** 信息推送: the department records receipt, it decides nothing (`FollowOn.forInformation`). */
  forInformation?: true
  /** The rules on the facts stated in the application that must all hold for it to open (`FollowOn.onlyIf`). */
  onlyIf?: readonly Rule[]
}

/** A project type's flow with its limits and total. */
export interface Flow {
  type: ProjectType
  steps: FlowStep[]
  cap?: Cap
  /** Sum of the step limits when every step has one in the same unit. */
  stepTotal?: Limit
  /** True when the step total equals the cap; undefined when either is missing. */
  capMatchesSteps?: boolean
}

export interface Eligibility {
  eligible: boolean
  /** Every rule that failed, and every exclusion the project is in. */
  failures: RuleFailure[]
}

/** A resolved, validated, versioned catalogue with lookups. */
export interface Catalogue {
  readonly data: CatalogueData
  readonly region: Region
  readonly version: string
  /** sha256 (hex) of the canonical JSON of `data`. */
  readonly hash: string
  /** What an application pins: `<region>@<version>+sha256:<first 12 hex>`. */
  readonly pin: string
  readonly warnings: readonly Problem[]
  stages(): Stage[]
  stage(code: string): Stage | undefined
  department(code: string): Department | undefined
  item(code: string): Item | undefined
  projectTypes(): ProjectType[]
  projectType(code: string): ProjectType | undefined
  /** The flow of a type; with facts, steps whose `skipIf` holds are marked. Throws for an unknown type. */
  flow(typeCode: string, facts?: ProjectFacts): Flow
  /** Checks a project against a type's rules and exclusions, naming every failure. */
  checkEligibility(typeCode: string, facts: ProjectFacts): Eligibility
  /** Whether a lead's consolidated 补正 notice stops every clock of its step; the default when the region is silent. */
  consolidatedNoticeStops(): NoticeStops
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function contentHash(data: CatalogueData): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex')
}

/**
 * Validates resolved data and wraps it; throws CatalogueInvalidError listing every problem. `stored` for a version that
 * passed the upload's check when uploaded (`ValidateOptions`).
 */
export function createCatalogue(data: CatalogueData, options: ValidateOptions = {}): Catalogue {
  const report = validateCatalogue(data, options)
  if (!report.ok) throw new CatalogueInvalidError([...report.errors, ...report.warnings])
  deepFreeze(data)
  const hash = contentHash(data)
  const byCode = <T extends { code: string }>(list: readonly T[]) => new Map(list.map((e) => [e.code, e]))
  const stages = byCode(data.stages)
  const departments = byCode(data.departments)
  const items = byCode(data.items)
  const types = byCode(data.projectTypes)
  const exclusions = byCode(data.exclusions)
  const typeOf = (code: string): ProjectType => {
    const type = types.get(code)
    if (!type) throw new RangeError(`project type "${code}" is not in the ${data.region.code} catalogue`)
    return type
  }
  return Object.freeze({
    data,
    region: data.region,
    version: data.version,
    hash,
    pin: `${data.region.code}@${data.version}+sha256:${hash.slice(0, 12)}`,
    warnings: report.warnings,
    stages: () => [...data.stages].sort((a, b) => a.order - b.order),
    stage: (code: string) => stages.get(code),
    department: (code: string) => departments.get(code),
    item: (code: string) => items.get(code),
    projectTypes: () => [...data.projectTypes],
    consolidatedNoticeStops: () => data.settings?.consolidatedNotice?.stops ?? DEFAULT_NOTICE_STOPS,
    projectType: (code: string) => types.get(code),
    flow: (typeCode: string, facts?: ProjectFacts) => {
      const type = typeOf(typeCode)
      const steps = type.steps.map((step, i): FlowStep => {
        const skippedBy = facts ? step.skipIf?.find((rule) => checkRule(rule, facts) === undefined)?.code : undefined
        const stepItems = step.items.map((c) => items.get(c) as Item)
        const exemptItems = facts
          ? stepItems.flatMap((item) => {
              const rule = item.exemptIf?.find((r) => checkRule(r, facts) === undefined)
              return rule ? [{ item: item.code, rule: rule.code, reason: rule.description, source: rule.source }] : []
            })
          : []
        const followOns = (type.followOns ?? []).flatMap((f): ResolvedFollowOn[] => {
          if (!step.items.includes(f.after)) return []
          const item = items.get(f.item) as Item
          return [
            {
              after: items.get(f.after) as Item,
              item,
              department: departments.get(item.department) as Department,
              source: f.source,
              ...(f.note === undefined ? {} : { note: f.note }),
              ...(f.forInformation ? { forInformation: true as const } : {}),
              ...(f.onlyIf ? { onlyIf: f.onlyIf } : {}),
            },
          ]
        })
        const previous = type.steps[i - 1]
        const joint = step.parallel && step.items.length > 1 ? data.statutory : undefined
        return {
          step,
          stage: stages.get(step.stage) as Stage,
          items: stepItems,
          ...(step.limit ? { limit: step.limit } : {}),
          ...(joint ? { statutoryLimit: joint.joint, statutoryExtension: joint.jointExtension } : {}),
          ...(skippedBy ? { skippedBy } : {}),
          ...(exemptItems.length > 0 ? { exemptItems } : {}),
          after: step.after ? [...step.after] : previous ? [previous.code] : [],
          ...(followOns.length > 0 ? { followOns } : {}),
        }
      })
      return { type, steps, ...totals(type) }
    },
    checkEligibility: (typeCode: string, facts: ProjectFacts) => {
      const result = checkEligibility(typeOf(typeCode), facts)
      for (const f of result.failures) {
        const exclusion = exclusions.get(f.rule.replace(/^exclusion:/, ''))
        if (f.rule.startsWith('exclusion:') && exclusion) f.description = exclusion.name
      }
      return result
    },
  })
}

function totals(type: ProjectType): Pick<Flow, 'cap' | 'stepTotal' | 'capMatchesSteps'> {
  const limits = type.steps.map((s) => s.limit)
  const unit = limits[0]?.unit
  const complete = limits.length > 0 && limits.every((l) => l !== undefined && l.unit === unit)
  const stepTotal = complete && unit ? { value: limits.reduce((n, l) => n + (l?.value ?? 0), 0), unit } : undefined
  return {
    ...(type.cap ? { cap: type.cap } : {}),
    ...(stepTotal ? { stepTotal } : {}),
    ...(type.cap && stepTotal
      ? { capMatchesSteps: stepTotal.unit === type.cap.limit.unit && stepTotal.value === type.cap.limit.value }
      : {}),
  }
}

/**
 * Checks a project's facts against a type's eligibility rules and exclusion list, and names every failure.
 * The project's exclusion situations are given as `facts.exclusions` (codes); a missing fact fails its rule.
 */
export function checkEligibility(type: ProjectType, facts: ProjectFacts): Eligibility {
  const failures: RuleFailure[] = []
  for (const rule of type.eligibility.rules) {
    const failure = checkRule(rule, facts)
    if (failure) failures.push(failure)
  }
  const present = facts['exclusions']
  const situations = Array.isArray(present) ? present : []
  if (type.eligibility.exclusions.length > 0 && present === undefined) {
    failures.push({
      rule: 'exclusions',
      description: { zh: '排除情形', en: 'exclusion list' },
      source: type.source,
      reasons: [],
      missing: ['exclusions'],
    })
  }
  for (const code of type.eligibility.exclusions) {
    if (!situations.includes(code)) continue
    failures.push({
      rule: `exclusion:${code}`,
      description: { zh: code, en: code },
      source: type.source,
      reasons: [`the project is in the excluded situation "${code}"`],
      missing: [],
    })
  }
  return { eligible: failures.length === 0, failures }
}

/**
 * Resolves a region's catalogue from documents: follows `parent` up to the root, then merges from the root
 * down. An entry with a known code patches the inherited one (the fields it names replace the parent's);
 * a new code adds an entry. Throws CatalogueInvalidError on an unknown region or a cycle of parents.
 */
export function resolveCatalogue(documents: readonly CatalogueDocument[], region: string): CatalogueData {
  const byRegion = new Map(documents.map((d) => [d.region.code, d]))
  const chain: CatalogueDocument[] = []
  let at: string | undefined = region
  while (at !== undefined) {
    const doc = byRegion.get(at)
    if (!doc) {
      const problem =
        at === region ? `no catalogue document for region ${region}` : `parent region ${at} has no document`
      throw new CatalogueInvalidError([
        { severity: 'error', code: 'CATALOGUE_UNKNOWN_REGION', path: 'region', message: problem },
      ])
    }
    if (chain.includes(doc)) {
      const cycle = [...chain.map((d) => d.region.code), at].join(' → ')
      throw new CatalogueInvalidError([
        {
          severity: 'error',
          code: 'CATALOGUE_CYCLE',
          path: 'region.parent',
          message: `regions inherit in a cycle: ${cycle}`,
        },
      ])
    }
    chain.push(doc)
    at = doc.region.parent
  }
  chain.reverse()
  const leaf = chain.at(-1) as CatalogueDocument
  // The law's limits: the root states them all; a region below replaces only the fields it names.
  const statutory: Partial<StatutoryLimits> = Object.assign({}, ...chain.map((d) => d.statutory ?? {}))
  const merged: Record<'stages' | 'departments' | 'exclusions' | 'items' | 'projectTypes', Map<string, object>> = {
    stages: new Map(),
    departments: new Map(),
    exclusions: new Map(),
    items: new Map(),
    projectTypes: new Map(),
  }
  for (const doc of chain) {
    for (const key of Object.keys(merged) as Array<keyof typeof merged>) {
      for (const entry of doc[key] ?? []) {
        const code = entry.code
        // Cloned, so YAML aliases never make two entries share one array.
        merged[key].set(code, structuredClone({ ...(merged[key].get(code) ?? {}), ...entry }))
      }
    }
  }
  const list = <T>(key: keyof typeof merged) => [...merged[key].values()] as T[]
  // Only when some document sets one, so a lineage without settings hashes as it did before they existed.
  const settings = chain.some((d) => d.settings)
    ? Object.assign({}, ...chain.map((d) => structuredClone(d.settings ?? {})))
    : undefined
  return {
    region: leaf.region,
    lineage: chain.map((d) => d.region.code),
    version: leaf.version,
    ...(settings ? { settings } : {}),
    ...(Object.keys(statutory).length > 0 ? { statutory: structuredClone(statutory) as StatutoryLimits } : {}),
    stages: list('stages'),
    departments: list('departments'),
    exclusions: list('exclusions'),
    items: list('items'),
    projectTypes: list('projectTypes'),
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const v of Object.values(value)) deepFreeze(v)
}
