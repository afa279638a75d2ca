import type { AcceptanceDefect, AcceptanceLandListResponse, Actor, LandListEntry } from '@onewindow/contracts'
import { type LandList, type Result, refuseOutsideLandList } from '@onewindow/vocabulary'
import { caseNotFound } from './not-found.js'

/** 用地清单 as acceptance keeps it: the plot a project stands on, and every material its list names. */
export type ProjectLandList = LandList & { materials: string[] }

/** The list with its entries, for those who rest a defect on one of them. */
export type ProjectLandListEntries = ProjectLandList & { entries: LandListEntry[] }

/** A defect's requirement as the case keeps it: the defect's index, what it asks for, the list it was checked on. */
export type DefectRequirement = { defect: number; requires: string; plotCode?: string }

const textOf = (d: AcceptanceDefect) => (typeof d === 'string' ? d : d.text)

/** The defects as the case keeps them: their texts, and the requirement each referenced one rests on. */
export function defectsOf(
  defects: readonly AcceptanceDefect[],
  list: ProjectLandList | undefined,
): { texts: string[]; requirements: DefectRequirement[] } {
  const requirements: DefectRequirement[] = []
  defects.forEach((d, defect) => {
    if (typeof d !== 'string') {
      requirements.push({ defect, requires: d.requires, ...(list ? { plotCode: list.plotCode } : {}) })
    }
  })
  return { texts: defects.map(textOf), requirements }
}

/**
 * 用地清单 at acceptance (004:2263 …或验收环节不得擅自增加清单外的要求): a defect that names its requirement may name only
 * what the plot's list names — the one rule of `@onewindow/vocabulary`, as approval checks a 补正, with acceptance's
 * code. A defect that names no requirement (free text) cannot be told and is not checked.
 */
export const refuseDefectsOutsideList = (
  list: ProjectLandList | undefined,
  defects: readonly AcceptanceDefect[],
): Result<void> =>
  refuseOutsideLandList(
    'ACCEPTANCE_OUTSIDE_LAND_LIST',
    list,
    defects.flatMap((d, i) =>
      typeof d === 'string' ? [] : [{ field: `/body/defects/${i}/requires`, material: d.requires }],
    ),
    ' at acceptance',
  )

/**
 * The list a case is bound by, for the departments that give its opinions: its lead and each item's department
 * (reviewer or lead). Anyone else is answered as if the case did not exist, so the list tells no one the case is
 * there; with no listed plot the answer has no `landList` (a defect's requirement is not checked then).
 */
export function caseLandList(
  c: { caseId: string; projectId: string; lead: string; items: ReadonlyArray<{ department: string }> },
  actor: Actor,
  list: ProjectLandListEntries | undefined,
): Result<AcceptanceLandListResponse> {
  const department = actor.department ?? ''
  const onCase =
    (actor.role === 'reviewer' || actor.role === 'lead') &&
    department !== '' &&
    (c.lead === department || c.items.some((i) => i.department === department))
  if (!onCase) return caseNotFound(c.caseId)
  return {
    ok: true,
    value: {
      caseId: c.caseId,
      projectId: c.projectId,
      ...(list
        ? {
            landList: {
              plotId: list.plotId,
              plotCode: list.plotCode,
              name: list.name,
              publishedOn: list.publishedOn,
              materials: [...list.materials],
              entries: list.entries,
            },
          }
        : {}),
    },
  }
}
