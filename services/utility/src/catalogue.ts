import type { Catalogue, PinnedCatalogues } from '@onewindow/catalogue'
import { OUTSIDE_LINE_PERMIT_ITEMS } from '@onewindow/contracts'
import type { Limit } from '@onewindow/vocabulary'
import type { Tx } from './db/requests.js'
import { LOW_RISK_TYPE } from './domain/low-risk.js'
import type { PermitDepartment, PermitKind, PushTarget } from './domain/request.js'

/**
 * The catalogue a project's pin names — a version stored from CatalogueActivatedV1, else the region's bundled one
 * (`pinnedCatalogues`) — or undefined when none covers the region.
 */
export type CatalogueFor = PinnedCatalogues<Tx>

/** The step of the project type whose acceptance opens the hookup requests (`utilityHookup.step`). */
export function hookupStepOf(catalogue: Catalogue | undefined, projectType: string): string | undefined {
  return catalogue?.projectType(projectType)?.utilityHookup?.step
}

/**
 * The outside-line permits' limit and where it comes from, read from the catalogue's flow once: the region's own, as
 * its catalogue (merged over its parents) gives it — its `utility-outside-line` permits step, else that type's cap:
 * Qinzhou 3 W (000:126), Shanwei 3 W (004:1774), each with its seed line (the source the permits clock's pause names).
 * None otherwise: Foshan's text has its departments approve in parallel with no number (004:2197), and another
 * region's number is not its law, so such a request runs no permits clock and raises no 预警 or 超时.
 */
export function permitsLimitOf(catalogue: Catalogue | undefined): { limit: Limit; source: string } | undefined {
  if (!catalogue?.projectType('utility-outside-line')) return undefined
  const flow = catalogue.flow('utility-outside-line')
  const limit = flow.steps.find((s) => s.step.code === 'outside-line-permits')?.limit ?? flow.cap?.limit
  return limit ? { limit: { value: limit.value, unit: limit.unit }, source: limit.source } : undefined
}

/**
 * The departments that may decide an outside-line permit: the government departments the project's catalogue names
 * (merged over its parents), by their Chinese name there (佛山市城管执法局) — a utility company or the service centre
 * decides no permit.
 */
export function governmentDepartmentOf(catalogue: Catalogue): (code: string) => string | undefined {
  return (code) => {
    const d = catalogue.department(code)
    return d?.kind === 'government' ? d.name.zh : undefined
  }
}

/**
 * 告知承诺免审批 — where a low-risk line's works and traffic plans are pushed: the departments the region's low-risk
 * outside-line type names (`worksPlanPush`, Shanwei 004:1852), each with its name in the catalogue; none where it
 * names none (Foshan's 非禁免批 files the plan with no department told, 004:2199).
 */
export function pushTargetOf(catalogue: Catalogue | undefined): PushTarget | undefined {
  const push = catalogue?.projectType(LOW_RISK_TYPE)?.worksPlanPush
  if (!catalogue || !push) return undefined
  return {
    departments: push.departments.map((code) => {
      const name = catalogue.department(code)?.name.zh
      return { code, ...(name ? { name } : {}) }
    }),
    source: push.source,
  }
}

/**
 * The national catalogue's item code for each outside-line permit kind (contracts' `OUTSIDE_LINE_PERMIT_ITEMS`, which
 * the gateway's data-sharing export reads too): 占用、挖掘城市道路审批, 临时占用城市绿地审批, 公路审批（涉路施工许可）,
 * 占道施工交通组织方案审核. The one fixed link between the request's words and the catalogue's; everything past it — whether
 * the region's outside-line permits step has the item, and which department decides it — is the region's catalogue.
 */
const PERMIT_ITEMS = Object.fromEntries(
  Object.entries(OUTSIDE_LINE_PERMIT_ITEMS).map(([kind, item]) => [kind, item.code]),
) as Readonly<Record<PermitKind, string>>

/** The region's `utility-outside-line` type's `outside-line-permits` step, merged over its parents, if it has one. */
function permitsStepOf(catalogue: Catalogue | undefined) {
  if (!catalogue?.projectType('utility-outside-line')) return undefined
  return catalogue.flow('utility-outside-line').steps.find((s) => s.step.code === 'outside-line-permits')
}

/**
 * The permit kinds whose item the region's outside-line permits step lists (Foshan's and Shanwei's list
 * 占道施工交通组织方案审核, 004:1846; Qinzhou's does not, 000:126): what a line needs by default (`permitsNeeded`). None
 * where no catalogue covers the region or it has no such step.
 */
export function permitsListedOf(catalogue: Catalogue | undefined): PermitKind[] {
  const step = permitsStepOf(catalogue)
  if (!step) return []
  const kinds = Object.keys(PERMIT_ITEMS) as PermitKind[]
  return kinds.filter((kind) => step.items.some((i) => i.code === PERMIT_ITEMS[kind]))
}

/**
 * 并联审批 (004:1846, 004:2195, 000:126): the department a permit is applied to — the department of the permit's
 * item, where the region's `utility-outside-line` type lists that item in its `outside-line-permits` step, and that
 * department is a government one of the catalogue (merged over its parents) — with its Chinese name there. Undefined
 * where no catalogue covers the region, the region has no such step or item, or the item names no government
 * department: the provider then records the department's decision as before.
 */
export function permitDepartmentOf(
  catalogue: Catalogue | undefined,
): (kind: PermitKind) => PermitDepartment | undefined {
  const step = permitsStepOf(catalogue)
  if (!catalogue || !step) return () => undefined
  return (kind) => {
    const item = step?.items.find((i) => i.code === PERMIT_ITEMS[kind])
    const department = item?.department ? catalogue.department(item.department) : undefined
    if (!item?.department || department?.kind !== 'government') return undefined
    return { code: item.department, name: department.name.zh }
  }
}
