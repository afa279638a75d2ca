import type { AssessmentSubject } from '@onewindow/contracts'

/**
 * 区域评估 — the assessments a project outside an assessed area brings itself, each as the report it submits, with
 * the seed line that lists it. Catalogue data beside the service (as approval's drawing-review catalogue is) until
 * the catalogue schema carries it.
 */
export type AssessmentEntry = {
  subject: AssessmentSubject
  name: string
  material: { code: string; name: string }
  source: string
}

const FOSHAN = 'seeds/004_33317a5f04b53a73.txt:2265'
const HAINAN = 'seeds/004_33317a5f04b53a73.txt:3452'

export const ASSESSMENTS: readonly AssessmentEntry[] = [
  {
    subject: 'overlying-minerals',
    name: '压覆重要矿产资源评估',
    material: { code: 'overlying-minerals-assessment', name: '压覆重要矿产资源评估报告' },
    source: FOSHAN,
  },
  {
    subject: 'energy-saving',
    name: '节能评估',
    material: { code: 'energy-saving-report', name: '节能报告' },
    source: FOSHAN,
  },
  {
    subject: 'geological-hazards',
    name: '地质灾害危险性评估',
    material: { code: 'geological-hazard-assessment', name: '地质灾害危险性评估报告' },
    source: FOSHAN,
  },
  {
    subject: 'seismic-safety',
    name: '地震安全性评价',
    material: { code: 'seismic-safety-evaluation', name: '地震安全性评价报告' },
    source: FOSHAN,
  },
  {
    subject: 'cultural-relics',
    name: '文物保护（考古调查勘探和文物影响评估）',
    material: { code: 'cultural-relics-assessment', name: '考古调查勘探及文物影响评估报告' },
    source: FOSHAN,
  },
  {
    subject: 'soil-water-conservation',
    name: '水土保持',
    material: { code: 'soil-water-conservation-scheme', name: '水土保持方案' },
    source: FOSHAN,
  },
  {
    subject: 'climate-feasibility',
    name: '气候可行性论证',
    material: { code: 'climate-feasibility-study', name: '气候可行性论证报告' },
    source: FOSHAN,
  },
  {
    subject: 'lightning',
    name: '雷电灾害风险评估',
    material: { code: 'lightning-risk-assessment', name: '雷电灾害风险评估报告' },
    source: FOSHAN,
  },
  {
    subject: 'flood-impact',
    name: '洪水影响评价',
    material: { code: 'flood-impact-assessment', name: '洪水影响评价报告' },
    source: FOSHAN,
  },
  {
    subject: 'environmental-impact',
    name: '环境影响评价',
    material: { code: 'environmental-impact-report', name: '环境影响报告' },
    source: FOSHAN,
  },
  {
    subject: 'water-resources',
    name: '水资源论证',
    material: { code: 'water-resources-study', name: '水资源论证报告' },
    source: HAINAN,
  },
]

/**
 * The steps at which a project brings its own assessments. The seeds tie regional assessment to industrial land in
 * parks and reserve land (004:2265) and deliver its results with the land (004:3452); the bundled catalogues' step
 * that takes such a project's permits at once on getting its land is Shanwei's 拿地即开工 eight-item bundle
 * (004:1782, 工业用地). Other steps ask for no assessment report, so a project outside an area is asked for them
 * there only.
 */
export const ASSESSED_STEPS: ReadonlyArray<{ step: string; source: string }> = [
  { step: 'eight-item-bundle', source: 'seeds/004_33317a5f04b53a73.txt:1782' },
]
