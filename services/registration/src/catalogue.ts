import type { Catalogue } from '@onewindow/catalogue'
import type { Limit } from '@onewindow/vocabulary'
import { permitDocumentName } from './domain/permit-name.js'

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

/**
 * A permit item's certificate as the project's catalogue tells it: the document's name (from the matter's, by
 * permitDocumentName) and its 发证机关, the department the catalogue gives the item, by the name the catalogue gives it
 * for the region (佛山市自然资源局) — the name intake puts on the item's task. Without the item, its code and no issuer.
 */
export function permitOf(
  catalogue: Catalogue | undefined,
  item: string,
  known: { itemName?: string | undefined; departmentName?: string | undefined } = {},
): { title: string; issuer?: string } {
  const found = catalogue?.item(item)
  const issuer = (found && catalogue?.department(found.department)?.name.zh) || known.departmentName
  return { title: permitDocumentName(found?.name.zh ?? known.itemName ?? item), ...(issuer ? { issuer } : {}) }
}

/**
 * Who issues the property certificate: the department the catalogue gives 不动产首次登记, by its regional name — the
 * 不动产登记机构, or where a city's registration is done by its natural-resources bureau, that bureau (佛山市自然资源局).
 */
export function registrationOfficeOf(catalogue: Catalogue | undefined): string {
  const department = catalogue?.item(FIRST_REGISTRATION)?.department ?? 'real-estate-registration'
  return catalogue?.department(department)?.name.zh ?? REGISTRATION_OFFICE
}

/** The national catalogue's name of the registration office, for a project whose catalogue is not at hand. */
export const REGISTRATION_OFFICE = '不动产登记机构'
