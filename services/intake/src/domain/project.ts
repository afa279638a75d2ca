import type { Catalogue, ProjectFacts } from '@onewindow/catalogue'
import type { RegisteredFlowStep, RegisterProjectBody } from '@onewindow/contracts'
import { type Limit, ok, type Result, refuse } from '@onewindow/vocabulary'
import { creditCodeProblem } from './credit-code.js'
import { refusal } from './problems.js'

/**
 * A flow step as intake keeps it with the project and publishes it in ProjectRegisteredV1: with the steps it waits
 * for (`after`), and, judged on the facts at registration, the `skipIf` rule that skips it and the items an
 * `exemptIf` rule exempts. Rows stored before these were kept have none of them (then `after` is the previous step).
 */
export type FlowStepSnapshot = RegisteredFlowStep

export type ProjectRegistration = {
  facts: Record<string, unknown>
  catalogueVersion: string
  flow: FlowStepSnapshot[]
  cap?: Limit
}

const limitOf = (l: Limit | undefined): Limit | undefined => (l ? { value: l.value, unit: l.unit } : undefined)

/**
 * The facts eligibility rules test, from the registration body. The catalogue's rules name facts in their own
 * words, so the body's measured fields are offered under those names too (`investmentYuan`, `totalFloorAreaM2`).
 * `facts.exclusions` (a comma-separated list of exclusion codes, or `exclusion:<code>: true`) states the excluded
 * situations the project is in; a registration that states none declares it is in none, which the rules need to
 * see as an empty list rather than as a missing fact.
 */
export function projectFacts(body: RegisterProjectBody): ProjectFacts {
  const extra = body.facts ?? {}
  const exclusions = new Set<string>()
  const listed = extra['exclusions']
  if (typeof listed === 'string') {
    for (const code of listed.split(',')) if (code.trim()) exclusions.add(code.trim())
  }
  for (const [key, value] of Object.entries(extra)) {
    if (key.startsWith('exclusion:') && value === true) exclusions.add(key.slice('exclusion:'.length))
  }
  const { exclusions: _listed, ...rest } = extra
  return {
    siteAreaM2: body.siteAreaM2,
    floorAreaM2: body.floorAreaM2,
    totalFloorAreaM2: body.floorAreaM2,
    heightM: body.heightM,
    investmentFen: body.investmentFen,
    investmentYuan: body.investmentFen / 100,
    ...rest,
    exclusions: [...exclusions],
  }
}

/** 项目登记: checks the owner's credit code, the type in the region's catalogue and the project's eligibility. */
export function decideRegistration(body: RegisterProjectBody, catalogue: Catalogue): Result<ProjectRegistration> {
  const codeProblem = creditCodeProblem(body.owner.creditCode)
  if (codeProblem) {
    return refuse(
      refusal('INTAKE_CREDIT_CODE_INVALID', `The owner's 统一社会信用代码 is not valid: ${codeProblem}.`, [
        { field: '/owner/creditCode', code: 'INTAKE_CREDIT_CODE_INVALID', message: codeProblem },
      ]),
    )
  }
  const type = catalogue.projectType(body.projectType)
  if (!type) {
    return refuse(
      refusal(
        'INTAKE_PROJECT_TYPE_UNKNOWN',
        `Project type "${body.projectType}" is not in the ${catalogue.region.code} catalogue.`,
        [
          {
            field: '/projectType',
            code: 'INTAKE_PROJECT_TYPE_UNKNOWN',
            message: `not a project type of region ${catalogue.region.code}; known: ${catalogue
              .projectTypes()
              .map((t) => t.code)
              .join(', ')}`,
          },
        ],
      ),
    )
  }
  if (type.exempt) {
    return refuse(
      refusal(
        'INTAKE_PROJECT_TYPE_EXEMPT',
        `Project type "${type.code}" (${type.name.zh}) is exempt from approval (免审批); there is nothing to register.`,
        [{ field: '/projectType', code: 'INTAKE_PROJECT_TYPE_EXEMPT', message: 'exempt from approval (免审批)' }],
      ),
    )
  }
  const facts = projectFacts(body)
  const eligibility = catalogue.checkEligibility(type.code, facts)
  if (!eligibility.eligible) {
    const lines = eligibility.failures.map((f) => ({
      field: f.missing.length === 1 ? factField(f.missing[0] as string) : '/facts',
      code: 'INTAKE_RULE_FAILED',
      rule: f.rule,
      source: f.source,
      message: [
        `${f.rule}: ${f.description.zh} (${f.description.en})`,
        ...f.reasons,
        ...f.missing.map((m) => `${m} is not given`),
      ].join('; '),
    }))
    return refuse(
      refusal(
        'INTAKE_PROJECT_NOT_ELIGIBLE',
        `The project does not qualify as "${type.code}" (${type.name.zh}): ${eligibility.failures.map((f) => f.rule).join(', ')}.`,
        lines,
        { failedRules: eligibility.failures.map((f) => f.rule) },
      ),
    )
  }
  const flow = catalogue.flow(type.code, facts)
  const cap = limitOf(flow.cap?.limit)
  return ok({
    facts: { ...facts },
    catalogueVersion: catalogue.pin,
    flow: flow.steps.map((s) => {
      const limit = limitOf(s.limit)
      return {
        step: s.step.code,
        name: s.step.name.zh,
        stage: s.stage.code,
        items: s.items.map((i) => i.code),
        itemNames: s.items.map((i) => i.name.zh),
        ...(limit ? { limit } : {}),
        after: s.after,
        ...(s.skippedBy ? { skippedBy: s.skippedBy } : {}),
        ...(s.exemptItems
          ? {
              exemptItems: s.exemptItems.map((e) => ({
                item: e.item,
                rule: e.rule,
                reason: e.reason.zh,
                source: e.source,
              })),
            }
          : {}),
        ...(s.step.phases ? { phases: s.step.phases.map((p) => ({ code: p.code, name: p.name.zh })) } : {}),
      }
    }),
    ...(cap ? { cap } : {}),
  })
}

const bodyFields = new Set(['siteAreaM2', 'floorAreaM2', 'heightM', 'investmentFen'])
const factField = (fact: string) => (bodyFields.has(fact) ? `/${fact}` : `/facts/${fact}`)
