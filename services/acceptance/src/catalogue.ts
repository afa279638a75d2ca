import type { Catalogue } from '@onewindow/catalogue'
import type { OpenInput } from './domain/case.js'

export const JOINT_ACCEPTANCE_STAGE = 'completion-acceptance'

/**
 * The type's acceptance block and joint-acceptance step, as opening a case needs them. The completion stage also
 * holds the first-registration step: the joint one is `joint-acceptance`, else the first step of the stage that
 * is not registration. The departments' names, the step's clock exclusions and whether the letter is the filing are
 * the region's, pinned on the case so it reads as it opened whatever a later catalogue says.
 */
export function acceptanceConfig(catalogue: Catalogue, projectType: string): OpenInput['configured'] {
  const type = catalogue.projectType(projectType)
  if (!type?.acceptance) return undefined
  const inStage = type.steps.filter((s) => s.stage === JOINT_ACCEPTANCE_STAGE)
  const step =
    inStage.find((s) => s.code === 'joint-acceptance') ?? inStage.find((s) => !s.items.includes('first-registration'))
  if (!step) return undefined
  const nameOf = (code: string) => catalogue.department(code)?.name.zh
  const leadName = nameOf(type.acceptance.lead)
  return {
    lead: type.acceptance.lead,
    ...(leadName ? { leadName } : {}),
    registrationWithAcceptance: type.acceptance.registrationWithAcceptance,
    ...(type.acceptance.opinionIsFiling ? { opinionIsFiling: true } : {}),
    items: step.items.flatMap((code) => {
      const item = catalogue.item(code)
      const departmentName = item ? nameOf(item.department) : undefined
      return item
        ? [
            {
              item: code,
              department: item.department,
              ...(departmentName ? { departmentName } : {}),
              itemName: item.name.zh,
              commitmentAllowed: item.commitmentAllowed,
            },
          ]
        : []
    }),
    ...(step.limit ? { limit: { value: step.limit.value, unit: step.limit.unit } } : {}),
    ...(step.clockExclusions?.length ? { clockExclusions: [...step.clockExclusions] } : {}),
  }
}
