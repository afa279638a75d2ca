import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

export type AssistedCase =
  paths['/api/v1/projects/{id}/assisted-case']['get']['responses'][200]['content']['application/json']['case']
export type Engagement =
  paths['/api/v1/projects/{id}/intermediaries']['get']['responses'][200]['content']['application/json']['engagements'][number]
export type IntermediaryService =
  paths['/api/v1/intermediary-services']['get']['responses'][200]['content']['application/json']['services'][number]

/** 帮办代办 — the four modes (Guangxi 002:151). */
export const MODES: Record<AssistedCase['mode'], string> = {
  'help-at-once': '即帮即办',
  'whole-process': '全程帮办',
  'pre-handle': '提前预办',
  'special-case': '特事特办',
}

/** Who may have a free case (004:1868). */
export const BASES: Record<AssistedCase['eligibility']['basis'], string> = {
  'city-key-project': '市年度重点建设项目',
  'county-key-project': '县（市、区）重点建设项目',
  'industrial-project-in-need': '确有需要的其他产业项目',
}

export const CATALOGUE_STAGES: Record<string, string> = {
  'land-planning': '立项用地规划许可阶段',
  'engineering-permit': '工程建设许可阶段',
  'construction-permit': '施工许可阶段',
  'completion-acceptance': '竣工验收阶段',
}

export const VISIT_STATUS: Record<AssistedCase['visits'][number]['status'], string> = {
  scheduled: '待回访',
  due: '回访到期',
  recorded: '已回访',
  ended: '已终止（案件已结束）',
}

/** The case's state as the owner's page and the helper's desk say it: serving, or ended with the day and reason. */
export const caseState = (c: AssistedCase): string =>
  c.closed ? `已结束（${chineseDate(c.closed.on)}，原因：${c.closed.reason}）` : '服务中'

export const CHANNELS: Record<AssistedCase['visits'][number]['channel'], string> = {
  'on-site': '上门走访',
  meeting: '座谈交流',
  phone: '电话沟通',
}

export const ACTS: Record<string, string> = {
  'receipt-answered': '补齐一次性告知材料',
  'deficiency-cured': '补交容缺材料',
  'withdraw-receipt': '撤件',
  'supplement-answered': '代为答复补正告知',
}

export const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN')} 元`
