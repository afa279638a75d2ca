import { ok, type Result, refuse } from '@onewindow/vocabulary'

/**
 * 办事指南 (指南之外无材料, 004:1050, 004:2317): a 补正 asks the owner only for what the item's service guide asks of
 * this application — the materials pinned on the task at acceptance (`guideMaterials`). A material collected upstream
 * (an assessment the area covers, a report an intermediary delivered, 004:1070) was never asked, so it is outside
 * too; a requirement of the plot's 用地清单 (004:2263) was pinned beside the guide's own. A task with no pinned list
 * (opened before it was pinned) is not bound.
 */
export function refuseOutsideGuide(
  task: { item: string; itemName?: string | undefined; guideMaterials?: readonly string[] | undefined },
  materials: readonly string[],
  field = '/body/materials',
): Result<void> {
  if (!task.guideMaterials) return ok(undefined)
  const allowed = new Set(task.guideMaterials)
  const outside = materials.flatMap((m, i) => (allowed.has(m) ? [] : [{ field: `${field}/${i}`, material: m }]))
  if (outside.length === 0) return ok(undefined)
  const named = outside.map((o) => o.material)
  const item = task.itemName ?? task.item
  return refuse({
    code: 'APPROVAL_MATERIAL_NOT_IN_GUIDE',
    message: `The service guide of ${item} does not ask for ${named.join(', ')}: a 补正 may ask only for the materials it lists (${task.guideMaterials.join(', ') || 'none'}).`,
    details: {
      item: task.item,
      guideMaterials: [...task.guideMaterials],
      outside: named,
      errors: outside.map((o) => ({ field: o.field, message: `not in the service guide of ${item}` })),
    },
  })
}
