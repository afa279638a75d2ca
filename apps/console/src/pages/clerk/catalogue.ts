import { useQuery } from '@tanstack/react-query'
import { api, keys, must } from '../../api'
import type { paths } from '../../generated/api'

/** The catalogue a project registered in a region today takes (`GET /api/v1/catalogue/:region`). */
export type CatalogueAnswer =
  paths['/api/v1/catalogue/{region}']['get']['responses'][200]['content']['application/json']
export type Catalogue = CatalogueAnswer['catalogue']
export type ProjectType = Catalogue['projectTypes'][number]
export type Rule = ProjectType['eligibility']['rules'][number]
export type Condition = NonNullable<Rule['all']>[number]
export type Item = Catalogue['items'][number]

const REGION = /^\d{6}$/

/** The region's catalogue; nothing is asked before a whole six-digit region code is typed. */
export function useCatalogue(region: string | undefined) {
  const wanted = region !== undefined && REGION.test(region)
  return useQuery({
    queryKey: keys.catalogue(region ?? ''),
    queryFn: () => must(api.GET('/api/v1/catalogue/{region}', { params: { path: { region: region as string } } })),
    enabled: wanted,
    // A catalogue version changes on an administrator's activation day, not while a clerk fills a form.
    staleTime: 10 * 60_000,
  })
}

/**
 * Facts the registration's own fields give (intake's `projectFacts`): the form asks for these once, as fields, not a
 * second time as facts.
 */
export const BODY_FACTS = new Set([
  'siteAreaM2',
  'floorAreaM2',
  'totalFloorAreaM2',
  'heightM',
  'investmentFen',
  'investmentYuan',
])

/** Every condition of a rule, `all` and each group of `any`. */
export const conditionsOf = (rule: Rule): Condition[] => [...(rule.all ?? []), ...(rule.any ?? []).flat()]

/** A fact the type's eligibility rules test and the form must ask for, with what kind of answer it takes. */
export type AskedFact = { fact: string; kind: 'boolean' | 'number' | 'choice' | 'text'; choices: string[] }

/** The facts a type's rules test beyond the registration's own fields, each asked once, in the rules' order. */
export function askedFacts(type: ProjectType): AskedFact[] {
  const asked = new Map<string, AskedFact>()
  for (const rule of type.eligibility.rules) {
    for (const c of conditionsOf(rule)) {
      if (BODY_FACTS.has(c.fact)) continue
      const known = asked.get(c.fact)
      const values = [...(c.values ?? []), ...(c.value === undefined ? [] : [c.value])]
      const kind: AskedFact['kind'] =
        typeof values[0] === 'boolean'
          ? 'boolean'
          : typeof values[0] === 'number'
            ? 'number'
            : c.op === '==' || c.op === 'in'
              ? 'choice'
              : 'text'
      const choices = values.filter((v): v is string => typeof v === 'string')
      asked.set(c.fact, {
        fact: c.fact,
        kind: known?.kind ?? kind,
        choices: [...new Set([...(known?.choices ?? []), ...choices])],
      })
    }
  }
  return [...asked.values()]
}

/** A rule of a type's flow that spares a step (`skipIf`) or an item (`exemptIf`). */
type SparingRule = Pick<Rule, 'all' | 'any'>

const valuesOf = (c: Condition) => [...(c.values ?? []), ...(c.value === undefined ? [] : [c.value])]

/**
 * The yes/no facts the owner may declare for the approvals its type's flow can spare (an item's `exemptIf`, a step's
 * `skipIf`): 老旧小区改造's 不增加建筑面积… A rule is offered when the project can meet it as registered: each of its
 * other conditions tests a registration field, or a fact the eligibility rules ask with a value they allow (a rule of
 * a shared item scoped to another kind of project — `projectKind` of a renovation on a new factory's type — is not).
 * Facts the eligibility rules already ask are not asked twice. An undeclared fact spares nothing (intake's rules).
 */
export function sparingFacts(type: ProjectType, items: readonly Item[]): AskedFact[] {
  const eligibility = type.eligibility.rules.flatMap(conditionsOf)
  const allowed = (fact: string) =>
    eligibility.filter((c) => c.fact === fact && (c.op === '==' || c.op === 'in')).flatMap(valuesOf)
  const rules: SparingRule[] = type.steps.flatMap((s) => [
    ...(s.skipIf ?? []),
    ...s.items.flatMap((code) => items.find((i) => i.code === code)?.exemptIf ?? []),
  ])
  const offered = rules.filter((rule) =>
    conditionsOf(rule as Rule).every((c) => {
      const values = valuesOf(c)
      if (BODY_FACTS.has(c.fact) || typeof values[0] === 'boolean') return true
      if (!eligibility.some((e) => e.fact === c.fact)) return false
      const can = allowed(c.fact)
      return can.length === 0 || c.op === '!=' || values.some((v) => can.includes(v))
    }),
  )
  const asked = new Set(eligibility.map((c) => c.fact))
  const facts = new Map<string, AskedFact>()
  for (const c of offered.flatMap((r) => conditionsOf(r as Rule))) {
    if (asked.has(c.fact) || typeof valuesOf(c)[0] !== 'boolean') continue
    facts.set(c.fact, { fact: c.fact, kind: 'boolean', choices: [] })
  }
  return [...facts.values()]
}

/** One material of a step's checklist (`GET /projects/{id}/checklist`, intake's `stepMaterials`): required or not,
 * 容缺 allowed or not. */
export type ChecklistMaterial = { code: string; name: string; required: boolean; deficiencyAllowed: boolean }

/**
 * A catalogue version as the clerk says it (2025.1), from a pin (`441500@2025.1+sha256:…`: region, version and the
 * data's hash, which is for support, not for a person); a string that is no pin is kept as it is.
 */
export const versionOfPin = (pin: string): string => /^[^@]+@(.+?)\+sha256:[0-9a-f]+$/.exec(pin)?.[1] ?? pin

/**
 * The desk's warning when the project's pinned catalogue is not today's: the checklist is intake's on the pinned
 * version, while the commitments and the clock preview read today's.
 */
export const pinnedCatalogueWarning = (projectPin: string, currentPin: string): string =>
  `本项目按${versionOfPin(projectPin)}版事项目录办理（当前为${versionOfPin(currentPin)}版）：告知承诺事项和办理时限以受理结果为准。`
