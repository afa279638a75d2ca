import type { DrawingReportSubject } from '@onewindow/contracts'
import type { Limit } from '@onewindow/vocabulary'

/**
 * 联合审图 — catalogue data: which items are decided on the joint drawing-review report, on which of its subjects,
 * and which materials the report stands for. Kept beside the service that uses it (like acceptance's catalogue.ts)
 * until the catalogue schema carries it; each entry names its seed line.
 */
export const DRAWING_REVIEW_SOURCE = 'seeds/004_33317a5f04b53a73.txt:2273'

/**
 * The review's own clock. No seed line gives a limit for the drawing review itself; the seeds' one joint technical
 * review that issues one consolidated opinion (老旧小区 在线联合审查, 一次性出具联合审查意见) runs within 5 working
 * days, so that is the limit taken, and cited (docs/shared-results.md#the-review-clock).
 */
export const DRAWING_REVIEW_LIMIT: Limit & { source: string } = {
  value: 5,
  unit: 'W',
  source: 'seeds/004_33317a5f04b53a73.txt:1842',
}

export type DependentItem = { item: string; subjects: readonly DrawingReportSubject[]; source: string }

/**
 * The items whose department decides on the report (004:2273: "审查机构出具含消防、人防、通信基础设施（有线、无线）
 * 等技术审查的施工图审查意见后，相关审批部门可以依据技术审查报告作出审批决定"), among those approved in parallel
 * with the planning permit, fire-design review and civil-air-defence filing (004:2271).
 */
export const DEPENDENT_ITEMS: readonly DependentItem[] = [
  { item: 'fire-design-review', subjects: ['fire'], source: DRAWING_REVIEW_SOURCE },
  { item: 'civil-air-defence-permit', subjects: ['civil-air-defence'], source: DRAWING_REVIEW_SOURCE },
  // The construction permit needs no drawing-review pass certificate once the drawings are reviewed (004:1808).
  {
    item: 'construction-permit',
    subjects: ['fire', 'civil-air-defence', 'telecom'],
    source: 'seeds/004_33317a5f04b53a73.txt:1808',
  },
  // Planning permit approved in parallel with the reviewed drawings (004:2271); it relies on the telecom-infrastructure part.
  {
    item: 'engineering-planning-permit',
    subjects: ['telecom'],
    source: 'seeds/004_33317a5f04b53a73.txt:2271',
  },
]

/**
 * The materials the report stands for: a department may not ask the owner (补正) for them once the report is issued —
 * the drawings themselves ("一套图纸", 004:2311) and the technical documents of the three subjects.
 */
export const COVERED_MATERIALS: readonly string[] = [
  'construction-drawings',
  'construction-drawings-uploaded',
  'fire-design-documents',
  'civil-air-defence-drawings',
  'telecom-infrastructure-drawings',
]

export const dependentItem = (item: string): DependentItem | undefined => DEPENDENT_ITEMS.find((d) => d.item === item)
