import type { Condition } from './catalogue'

/**
 * The Chinese names of the facts the catalogue's eligibility rules test (the catalogue names a fact by its code
 * only) and of the coded values they compare with. A fact or value not listed reads as its code.
 */
export const FACT_NAMES: Record<string, string> = {
  // The registration's own fields, under the names the rules give them (intake's `projectFacts`).
  siteAreaM2: '用地面积（平方米）',
  floorAreaM2: '总建筑面积（平方米）',
  totalFloorAreaM2: '总建筑面积（平方米）',
  heightM: '建筑高度（米）',
  investmentYuan: '总投资（元）',
  publicFunds: '是否直接使用公共财政投资',
  use: '建筑用途',
  singleBuildingAreaM2: '单体建筑面积（平方米，不含地下）',
  singleFunction: '功能单一',
  simpleStructure: '结构简单',
  simpleTechnical: '技术要求简单',
  standardDesign: '采用标准化方案',
  simpleOrStandardDesign: '结构简单或采用标准化方案',
  landUse: '用地性质',
  schemeReviewedBeforeSale: '出让前已完成规划设计方案审查',
  planningConditionsClear: '规划建设条件明确',
  projectKind: '项目类别',
  landUseUnchanged: '不改变用地性质',
  realEstateSubstation: '属于房地产项目配套变电站',
  aggregationRoomOrBundled: '含汇聚机房或与其他工程捆绑',
  utility: '市政公用设施类别',
  pipeLengthM: '管线长度（米）',
  pipeDiameterDN: '管径（DN）',
  greenSpaceM2: '临时占用绿地面积（平方米）',
  voltageKV: '电压等级（千伏）',
  gasPressure: '燃气压力等级',
  onMainRoad: '涉及城市主干道',
  newChannel: '新建通道',
  newChannelLengthM: '新建通道长度（米）',
  fitOutAreaM2: '装修面积（平方米）',
  addsFloorArea: '增加建筑面积',
  // 老旧小区改造's exemptions (免于办理, 004:1842, 2185, 2187): declared by the owner, each spares an approval.
  changesStructure: '改变建筑结构',
  changesHeightOrStoreys: '改变总高度或层数',
  changesFacade: '改变外立面',
  changesFunction: '改变建筑功能',
  affectsBuildingSafety: '影响建筑安全',
  landOwnershipUnchanged: '土地权属不变',
  landUseTermUnchanged: '土地使用年限不变',
  planningConditionsUnchanged: '规划条件不调整',
  changesFacadeOrUse: '改变外立面或使用功能',
  lowersStructuralSafety: '降低结构安全',
  altersFireProtection: '改变消防设施',
  mainBuildingFireAccepted: '主体建筑已通过消防验收',
  involvesTitleRegistration: '涉及不动产权属登记',
  hasPropertyCertificate: '已取得不动产权证',
  investor: '投资主体',
  investmentManagement: '投资管理方式',
  socialInvestment: '社会投资项目',
}

export const VALUE_NAMES: Record<string, string> = {
  warehouse: '仓库',
  factory: '厂房',
  'standard-factory': '标准厂房',
  office: '办公',
  industrial: '工业用地',
  'old-compound-renovation': '老旧小区改造',
  'power-grid': '电网工程',
  '5g-base-station': '5G 基站',
  'interior-fit-out': '既有建筑内部装饰装修',
  water: '供水',
  gas: '燃气',
  drainage: '排水',
  power: '电力',
  telecom: '通信',
  broadcasting: '广播电视',
  medium: '中压',
  low: '低压',
  private: '民营',
  foreign: '外商',
  'hk-macao-taiwan': '港澳台',
  filing: '备案',
}

export const factName = (fact: string) => FACT_NAMES[fact] ?? fact
export const valueName = (value: string | number | boolean) =>
  typeof value === 'boolean'
    ? value
      ? '是'
      : '否'
    : typeof value === 'number'
      ? String(value)
      : (VALUE_NAMES[value] ?? value)

const OPS: Record<Condition['op'], string> = {
  '<=': '不大于',
  '<': '小于',
  '>=': '不小于',
  '>': '大于',
  '==': '为',
  '!=': '不为',
  in: '属于',
}

/** A condition as a clerk reads it: 单体建筑面积（平方米，不含地下） 不大于 10000. */
export function conditionText(c: Condition): string {
  const value =
    c.values !== undefined ? c.values.map(valueName).join('、') : c.value === undefined ? '' : valueName(c.value)
  return `${factName(c.fact)} ${OPS[c.op]} ${value}`
}
