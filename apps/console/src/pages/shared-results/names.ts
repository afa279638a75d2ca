import type { paths } from '../../generated/api'
import { materialName } from '../../materials'

export type Review =
  paths['/api/v1/projects/{id}/drawing-review']['get']['responses'][200]['content']['application/json']['review']
export type Commission =
  paths['/api/v1/projects/{id}/survey-commissions']['get']['responses'][200]['content']['application/json']['commissions'][number]

/** 联合审图 — a review's state as a person reads it. */
export const REVIEW_STATUS: Record<Review['status'], string> = {
  reviewing: '审查中',
  comments: '已出具审查意见，待修改后重新提交',
  passed: '审查合格，已出具审查报告',
}

/** The three subjects the one report covers (004:2273). */
export const SUBJECTS: Record<'fire' | 'civil-air-defence' | 'telecom', string> = {
  fire: '消防',
  'civil-air-defence': '人防',
  telecom: '通信基础设施（有线、无线）',
}

/** 多测合一 — the three stages of one commission each (004:2309). */
export const STAGES: Record<Commission['stage'], string> = {
  'land-planning': '立项用地规划许可阶段',
  permits: '工程建设许可与施工许可阶段',
  completion: '竣工验收阶段',
}

export const COMMISSION_STATUS: Record<Commission['status'], string> = {
  commissioned: '已委托，测绘中',
  completed: '成果已提交，共享使用',
}

export const limitText = (l: { value: number; unit: 'W' | 'N' }) =>
  `${l.value} 个${l.unit === 'W' ? '工作日' : '自然日'}`

/** 区域评估 subjects as the city's documents name them (004:2265, 004:3452). */
export const ASSESSMENT_NAMES: Record<string, string> = {
  'overlying-minerals': '压覆重要矿产资源评估',
  'energy-saving': '节能评估',
  'geological-hazards': '地质灾害危险性评估',
  'seismic-safety': '地震安全性评价',
  'cultural-relics': '文物保护（考古调查勘探、文物影响评估）',
  'soil-water-conservation': '水土保持',
  'climate-feasibility': '气候可行性论证',
  lightning: '雷电灾害风险评估',
  'flood-impact': '洪水影响评价',
  'environmental-impact': '环境影响评价',
  'water-resources': '水资源论证',
}
export const ENTRY_KINDS: Record<string, string> = {
  'planning-condition': '规划条件',
  assessment: '评估评价',
  'design-point': '技术设计要点',
  indicator: '控制指标',
  greening: '绿化要求',
}

type ListEntry = { kind: string; text: string; materials?: readonly string[] }

/** A list item as a person reads it: 绿化要求“绿地率不低于15%”. */
export const entryText = (e: ListEntry): string => `${ENTRY_KINDS[e.kind] ?? e.kind}“${e.text}”`

/**
 * The list items that allow asking for `material`, in the list's order, as a person reads them. More than one item may
 * name the same material, and a defect records the material alone, so every one of them is its basis.
 */
export const entriesAllowing = (material: string, entries: readonly ListEntry[]): string =>
  entries
    .filter((e) => e.materials?.includes(material))
    .map(entryText)
    .join('、')

/**
 * 用地清单 — what a defect rests on, as a person reads it: the plot whose list it was checked on, the list items that
 * name the material (when the entries are at hand) and the material asked for. A requirement on a project with no
 * listed plot was not checked against any list, and says so.
 */
export function requirementText(
  r: { requires: string; plotCode?: string },
  entries: readonly ListEntry[] = [],
): string {
  const material = materialName(r.requires)
  if (r.plotCode === undefined) return `要求提交：${material}（本项目未关联用地清单）`
  const basis = entriesAllowing(r.requires, entries)
  return `依据用地清单（地块 ${r.plotCode}）${basis ? `${basis}，` : ''}要求提交：${material}`
}
