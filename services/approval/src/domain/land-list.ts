import type { ApplicationLandList } from '@onewindow/contracts'
import { type Result, refuseOutsideLandList } from '@onewindow/vocabulary'

/**
 * 用地清单 at approval: a 补正 (a department's, or each request of the lead's consolidated notice) may ask only for
 * what the window's checklist and the plot's list name — the one rule of `@onewindow/vocabulary`, with approval's code.
 */
export const refuseSupplementOutsideList = (
  list: ApplicationLandList | undefined,
  materials: readonly string[],
  field = '/body/materials',
): Result<void> =>
  refuseOutsideLandList(
    'APPROVAL_OUTSIDE_LAND_LIST',
    list,
    materials.map((material, i) => ({ field: `${field}/${i}`, material })),
    '',
  )
