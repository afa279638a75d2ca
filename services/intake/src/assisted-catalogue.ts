import type { AssistEligibilityBasis, AssistMode, IntermediaryService } from '@onewindow/contracts'

/**
 * 帮办代办 and 中介服务 catalogue data (docs/assisted-service.md), each with its seed line. It sits beside the service,
 * as approval's drawing-review catalogue does, until the catalogue schema carries it.
 */

/** Who may have a free case (004:1868): the three kinds of project the Shanwei rule names. */
export const ELIGIBILITY: Record<AssistEligibilityBasis, { name: string; source: string }> = {
  'city-key-project': { name: '纳入市年度重点建设项目计划的项目', source: '004:1868' },
  'county-key-project': { name: '县（市、区）政府（管委会）确定的重点建设项目', source: '004:1868' },
  'industrial-project-in-need': { name: '确有需要提供代办的其他产业项目', source: '004:1868' },
}

/** The four modes (Guangxi 002:151). */
export const MODES: Record<AssistMode, { name: string; source: string }> = {
  'help-at-once': { name: '即帮即办', source: '002:151' },
  'whole-process': { name: '全程帮办', source: '002:151' },
  'pre-handle': { name: '提前预办', source: '002:151' },
  'special-case': { name: '特事特办', source: '002:151' },
}

/**
 * What makes a project industrial for `industrial-project-in-need` (其他产业项目, 004:1868): the facts the catalogue's
 * own industrial types test (`landUse: industrial`, `use: factory`/`warehouse`), or an industrial project type.
 */
export function isIndustrial(project: { projectType: string; facts: Record<string, unknown> }): boolean {
  const { landUse, use } = project.facts
  return (
    landUse === 'industrial' || use === 'factory' || use === 'warehouse' || project.projectType.startsWith('industrial')
  )
}

const MARKET = '市场调节，机构公开收费标准 (004:1333)'

/**
 * 行政审批中介服务事项清单 — the mandatory intermediary services that remain on the published list (004:1331–1333;
 * Guangxi 000:291 asks each entry to state its name, legal basis, service time limit and fee nature). The services are
 * the assessments the seeds name for construction projects (004:2265). The seeds name no intermediary firm, time
 * limit or fee: the offers below are **example entries** a city replaces with the firms on its 中介服务超市
 * (004:1333, Guangxi 000:293) — each firm publishes its own conditions, limit and fee (004:2489), which is what the
 * owner compares; the credit grade is the city's 信用等级评价 (004:1333).
 */
export const INTERMEDIARY_SERVICES: readonly IntermediaryService[] = [
  {
    code: 'environmental-impact-report',
    name: '环境影响报告书（表）编制',
    basis: '《中华人民共和国环境影响评价法》',
    feeNature: MARKET,
    source: '004:2265, 004:1333',
    assessment: 'environmental-impact',
    // Shanwei's 环评 approval decides on the report (441500.yaml, 004:1834).
    decidesOn: [{ item: 'eia-approval', name: '建设项目环境影响评价文件审批' }],
    offers: [
      {
        name: '汕尾市示例环境科技有限公司',
        creditCode: '91441500MA51XK001N',
        grade: 'A',
        conditions: '具备环境影响评价技术能力；提供项目可行性研究报告与总平面图',
        limitW: 15,
        feeFen: 3_000_000,
      },
      {
        name: '广东示例环评咨询有限公司',
        creditCode: '91441500MA51XK002R',
        grade: 'B',
        conditions: '提供项目可行性研究报告',
        limitW: 20,
        feeFen: 2_400_000,
      },
    ],
  },
  {
    code: 'soil-water-conservation-plan',
    name: '水土保持方案编制',
    basis: '《中华人民共和国水土保持法》',
    feeNature: MARKET,
    source: '004:2265, 004:1333',
    assessment: 'soil-water-conservation',
    // Foshan's 水土保持方案 approval decides on the plan (440600.yaml, 004:2219).
    decidesOn: [{ item: 'soil-water-conservation-plan', name: '生产建设项目水土保持方案审批' }],
    offers: [
      {
        name: '汕尾市示例水利规划设计有限公司',
        creditCode: '91441500MA51XK003W',
        grade: 'A',
        conditions: '提供用地红线图与地形图',
        limitW: 10,
        feeFen: 1_200_000,
      },
    ],
  },
  {
    code: 'geological-hazard-assessment',
    name: '地质灾害危险性评估',
    basis: '《地质灾害防治条例》',
    feeNature: MARKET,
    source: '004:2265, 004:1333',
    assessment: 'geological-hazards',
    // No catalogue has an item that decides on this assessment.
    decidesOn: [],
    offers: [
      {
        name: '广东示例地质工程勘察院有限公司',
        creditCode: '91441500MA51XK0040',
        grade: 'B',
        conditions: '提供用地红线图与岩土勘察资料',
        limitW: 12,
        feeFen: 1_800_000,
      },
      {
        name: '汕尾市示例岩土技术有限公司',
        creditCode: '91441500MA51XK0053',
        grade: 'C',
        conditions: '提供用地红线图',
        limitW: 15,
        feeFen: 1_500_000,
      },
    ],
  },
  {
    code: 'lightning-risk-assessment',
    name: '雷电灾害风险评估',
    basis: '《气象灾害防御条例》',
    feeNature: MARKET,
    source: '004:2265, 004:1333',
    assessment: 'lightning',
    decidesOn: [],
    offers: [
      {
        name: '汕尾市示例防雷技术有限公司',
        creditCode: '91441500MA51XK0066',
        grade: 'A',
        conditions: '提供建筑设计图纸',
        limitW: 5,
        feeFen: 600_000,
      },
    ],
  },
]
