import type { SurveyStage } from '@onewindow/contracts'

/**
 * 多测合一 — catalogue data: the survey items the seeds merge into one commission per stage, each with its seed line,
 * and the project kinds that need no local surveying. Kept beside the service that uses it (like catalogue.ts) until
 * the catalogue schema carries it (docs/shared-results.md).
 */
export const SURVEY_SOURCE = 'seeds/004_33317a5f04b53a73.txt:2309'

export type SurveyItem = { item: string; name: string; source: string; measuresArea?: boolean }

const item = (code: string, name: string, measuresArea = false): SurveyItem => ({
  item: code,
  name,
  source: SURVEY_SOURCE,
  ...(measuresArea ? { measuresArea } : {}),
})

/** 同一阶段"一次委托，成果共享" (004:3697; Hainan's acceptance surveying 004:3474): one commission per stage. */
export const SURVEY_ITEMS: Readonly<Record<SurveyStage, readonly SurveyItem[]>> = {
  // 立项用地规划许可阶段: 勘测定界测绘、宗地测绘合并为一个测绘事项.
  'land-planning': [item('boundary-survey', '勘测定界测绘'), item('parcel-survey', '宗地测绘', true)],
  // 工程建设许可与施工许可阶段.
  permits: [
    item('floor-area-pre-survey', '房产预测绘', true),
    item('civil-air-defence-area-pre-survey', '人防面积预测绘', true),
    item('positioning-survey', '定位测量'),
    item('planning-set-out', '建设工程规划放线'),
    item('ground-zero-check', '正负零检测'),
  ],
  // 竣工验收阶段.
  completion: [
    item('as-built-planning-survey', '竣工规划测量'),
    item('land-recheck-survey', '用地复核测量'),
    item('floor-area-survey', '房产测量', true),
    item('parking-survey', '机动车停车场（库）测量', true),
    item('green-space-survey', '绿地测量', true),
    item('civil-air-defence-survey', '人防测量', true),
    item('underground-pipeline-survey', '地下管线测量'),
  ],
}

/**
 * 除不涉及地方测绘服务的建设项目外（如广告牌设置、加装电梯、建筑物立面改造类简易建设项目） — the project types that
 * are exempt. The bundled catalogues hold no such types yet; a city that adds them under these codes has them exempt.
 */
export const SURVEY_EXEMPT_TYPES: Readonly<Record<string, string>> = {
  billboard: '广告牌设置',
  'lift-retrofit': '加装电梯',
  'facade-renovation': '建筑物立面改造',
}
