import type { Catalogue } from '@onewindow/catalogue'
import type { OpenInput } from './domain/case.js'

export const JOINT_ACCEPTANCE_STAGE = 'completion-acceptance'

/**
 * The type's acceptance block and joint-acceptance step, as opening a case needs them. The completion stage also
 * holds the first-registration step: the joint one is `joint-acceptance`, else the first step of the stage that
 * is not registration.
 */
export function acceptanceConfig(catalogue: Catalogue, projectType: string): OpenInput['configured'] {
  const type = catalogue.projectType(projectType)
  if (!type?.acceptance) return undefined
  const inStage = type.steps.filter((s) => s.stage === JOINT_ACCEPTANCE_STAGE)
  const step =
    inStage.find((s) => s.code === 'joint-acceptance') ?? inStage.find((s) => !s.items.includes('first-registration'))
  if (!step) return undefined
  return {
    lead: type.acceptance.lead,
    registrationWithAcceptance: type.acceptance.registrationWithAcceptance,
    items: step.items.flatMap((code) => {
      const item = catalogue.item(code)
      return item
        ? [
            {
              item: code,
              department: item.department,
              itemName: item.name.zh,
              commitmentAllowed: item.commitmentAllowed,
            },
          ]
        : []
    }),
    ...(step.limit ? { limit: { value: step.limit.value, unit: step.limit.unit } } : {}),
  }
}
