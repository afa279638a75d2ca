import type { Limit } from '@onewindow/vocabulary'
import type { LegalDate } from './legal-date.js'

/**
 * Why a clock stops. `supplement` is 补正 (the applicant was asked for missing or corrected materials);
 * the others are 特别程序 (special procedures) that the law excludes from the time limit:
 * 专家评审 expert review, 听证 hearing, 公示 public notice, 检验检测 inspection and testing,
 * 现场勘查 site survey, 招标 tender, 拍卖 auction, 检疫 quarantine, 鉴定 appraisal (the last four with hearing,
 * inspection-testing and expert review are 行政许可法第四十五条's list), and `other` for a procedure named by its
 * legal basis.
 */
export type SuspensionKind =
  | 'supplement'
  | 'expert-review'
  | 'hearing'
  | 'public-notice'
  | 'inspection-testing'
  | 'site-survey'
  | 'tender'
  | 'auction'
  | 'quarantine'
  | 'appraisal'
  | 'other'

export const suspensionKinds: Readonly<Record<SuspensionKind, { zh: string; en: string }>> = Object.freeze({
  supplement: { zh: '补正', en: 'supplement requested' },
  'expert-review': { zh: '专家评审', en: 'expert review' },
  hearing: { zh: '听证', en: 'hearing' },
  'public-notice': { zh: '公示', en: 'public notice' },
  'inspection-testing': { zh: '检验检测', en: 'inspection and testing' },
  'site-survey': { zh: '现场勘查', en: 'site survey' },
  tender: { zh: '招标', en: 'tender' },
  auction: { zh: '拍卖', en: 'auction' },
  quarantine: { zh: '检疫', en: 'quarantine' },
  appraisal: { zh: '鉴定', en: 'appraisal' },
  other: { zh: '特别程序', en: 'special procedure' },
})

/** One entry of a clock's suspension ledger: the days `from`..`to` (inclusive) are not counted. */
export interface Suspension {
  id?: string
  kind: SuspensionKind
  from: LegalDate
  /** Last suspended day, inclusive. Absent while the suspension is still running. */
  to?: LegalDate
  legalBasis?: string
  /** Who started it (a reviewer, a department). */
  startedBy?: string
  /** The suspension's own time limit (e.g. expert review within 10 W); overrunning it raises a warning. */
  limit?: Limit
  note?: string
}
