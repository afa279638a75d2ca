import { ok, type Result, refuse } from './result.js'

/**
 * 用地清单 (标准地) — a plot's land-condition list as a department's check needs it: the plot, the day the list was
 * published, and every material a department may ask for on its account.
 */
export type LandList = {
  plotId: string
  plotCode: string
  name: string
  publishedOn: string
  materials: readonly string[]
}

/** One material a department asks for, with the body field that names it. */
export type ListedRequest = { field: string; material: string }

/**
 * 用地清单 (004:2263 相关部门在项目后续报建或验收环节不得擅自增加清单外的要求; 004:3701): once a plot's list is attached,
 * a department may ask only for what the list names — a 补正 at approval, a defect's requirement at acceptance. One
 * rule for both stages, so the refusal reads the same; each service names it with its own code. No list: not bound.
 */
export function refuseOutsideLandList(
  code: string,
  list: LandList | undefined,
  requested: readonly ListedRequest[],
  stage: string,
): Result<void> {
  if (!list) return ok(undefined)
  const allowed = new Set(list.materials)
  const outside = requested.filter((r) => !allowed.has(r.material))
  if (outside.length === 0) return ok(undefined)
  const materials = outside.map((o) => o.material)
  return refuse({
    code,
    message: `用地清单 of plot ${list.plotCode} (${list.name}, published ${list.publishedOn}) does not name ${materials.join(', ')}: a department may not add requirements outside the list${stage}.`,
    details: {
      plotId: list.plotId,
      plotCode: list.plotCode,
      listPublishedOn: list.publishedOn,
      outside: materials,
      errors: outside.map((o) => ({
        field: o.field,
        message: `outside the land-condition list of plot ${list.plotCode}`,
      })),
    },
  })
}
