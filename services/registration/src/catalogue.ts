import type { Catalogue } from '@onewindow/catalogue'
import type { Limit } from '@onewindow/vocabulary'

export const FIRST_REGISTRATION = 'first-registration'

/**
 * The type's first-registration limit: the step's own limit, else the item's promised (承诺) limit, else its
 * statutory one; undefined when the catalogue gives none, and then the case runs without a clock.
 */
export function firstRegistrationLimit(catalogue: Catalogue | undefined, projectType: string): Limit | undefined {
  if (!catalogue) return undefined
  const step = catalogue.projectType(projectType)?.steps.find((s) => s.items.includes(FIRST_REGISTRATION))
  const item = catalogue.item(FIRST_REGISTRATION)
  const limit = step?.limit ?? item?.committedLimit ?? item?.statutoryLimit
  return limit ? { value: limit.value, unit: limit.unit } : undefined
}

/** The steps of a type's flow with their items, for a project whose registration did not carry its flow. */
export function flowOf(
  catalogue: Catalogue | undefined,
  projectType: string,
): Array<{ step: string; items: string[] }> {
  return catalogue?.projectType(projectType)?.steps.map((s) => ({ step: s.code, items: [...s.items] })) ?? []
}
