import type { ApplicationAcceptedV1, FollowOnItem, StepDecidedV1, TaskFollowOnOf } from '@onewindow/contracts'
import { v5 as uuidv5 } from 'uuid'

/**
 * 后续事项 — what a step keeps of its acceptance (column `step.follow_ons`) to open its follow-on items once it is
 * approved: the pinned follow-ons, and what their tasks' opening needs that `step.decided` does not carry.
 */
export type PinnedFollowOns = {
  items: FollowOnItem[]
  projectCode: string
  catalogueVersion: string
  stage: string
  region?: string
  ownerCreditCode?: string
}

export const pinnedFollowOns = (event: ApplicationAcceptedV1): PinnedFollowOns | undefined =>
  event.followOns === undefined
    ? undefined
    : {
        items: event.followOns,
        projectCode: event.projectCode,
        catalogueVersion: event.catalogueVersion,
        stage: event.stage,
        ...(event.region === undefined ? {} : { region: event.region }),
        ...(event.ownerCreditCode === undefined ? {} : { ownerCreditCode: event.ownerCreditCode }),
      }

// Fixed: a follow-on's id is derived from its approved application and what the follow-on is, so a redelivered or
// re-sent decision finds the follow-on it opened (the step row's key) and opens nothing twice.
const FOLLOW_ON_NAMESPACE = '6f0b3c1e-2d4a-5b8c-9e7f-0a1b2c3d4e5f'

/**
 * The id of a follow-on an approved application starts: the same for every delivery of its decision, and its own for
 * each (approved item, follow-on item, department) — one item followed up by two departments, or after two approved
 * items, is two follow-ons.
 */
export const followOnId = (applicationId: string, f: Pick<FollowOnItem, 'after' | 'item' | 'department'>): string =>
  uuidv5(`${applicationId}/${f.after}/${f.item}/${f.department}`, FOLLOW_ON_NAMESPACE)

/**
 * The id a follow-on was opened on before its id named the department and the approved item (application and item
 * alone). Kept stored on the follow-ons opened then: a decision delivered again finds them by it (`openFollowOns`).
 */
export const itemOnlyFollowOnId = (applicationId: string, item: string): string =>
  uuidv5(`${applicationId}/${item}`, FOLLOW_ON_NAMESPACE)

export type FollowOnOpening = {
  acceptance: ApplicationAcceptedV1
  followOnOf: TaskFollowOnOf
  /** The id it would have been opened on by an earlier release: opened there, it is not opened again. */
  openedEarlierAs: string
}

/**
 * The follow-ons an approved step starts: each pinned follow-on whose `after` item a department approved, as the
 * acceptance its task opens from — accepted on the day of the decision, with no materials and no deficiencies (nothing
 * is asked of the owner), on no step of the flow (it is not applied for), for the building or phase the approved
 * application was for. A rejected step starts none.
 */
export function followOnsOf(decided: StepDecidedV1, pinned: PinnedFollowOns): FollowOnOpening[] {
  if (decided.outcome !== 'approved') return []
  return pinned.items.flatMap((f): FollowOnOpening[] => {
    const after = decided.tasks.find((t) => t.item === f.after && t.outcome === 'approved')
    if (!after) return []
    const acceptance: ApplicationAcceptedV1 = {
      applicationId: followOnId(decided.applicationId, f),
      projectId: decided.projectId,
      projectCode: pinned.projectCode,
      stage: pinned.stage,
      catalogueVersion: pinned.catalogueVersion,
      acceptedAt: decided.decidedAt,
      acceptedOn: decided.decidedOn,
      withDeficiencies: false,
      // The building (按照单位工程) or phase (分阶段办理) the approved permit is for is the follow-on's too: 1号楼's
      // permit tells the drainage authority of 1号楼.
      ...(decided.part === undefined ? {} : { part: decided.part }),
      ...(decided.phase === undefined ? {} : { phase: decided.phase }),
      items: [
        {
          item: f.item,
          department: f.department,
          ...(f.itemName === undefined ? {} : { itemName: f.itemName }),
          ...(f.departmentName === undefined ? {} : { departmentName: f.departmentName }),
          ...(f.statutoryLimit === undefined ? {} : { statutoryLimit: f.statutoryLimit }),
          ...(f.committedLimit === undefined ? {} : { committedLimit: f.committedLimit }),
        },
      ],
      ...(pinned.region === undefined ? {} : { region: pinned.region }),
      ...(pinned.ownerCreditCode === undefined ? {} : { ownerCreditCode: pinned.ownerCreditCode }),
    }
    const followOnOf: TaskFollowOnOf = {
      applicationId: decided.applicationId,
      taskId: after.taskId,
      item: f.after,
      ...(f.afterName === undefined ? {} : { itemName: f.afterName }),
      ...(f.source === undefined ? {} : { source: f.source }),
      ...(f.forInformation ? { forInformation: true as const } : {}),
    }
    return [{ acceptance, followOnOf, openedEarlierAs: itemOnlyFollowOnId(decided.applicationId, f.item) }]
  })
}
