import type { Tone } from '../../components/status-tag'
import type { paths } from '../../generated/api'

type AcceptanceCase =
  paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']['cases'][number]
type CaseStatus = AcceptanceCase['status']
type Item = AcceptanceCase['items'][number]

/** 联合验收 — a case's and an item's state as a person reads them (the lead's page and the project's page). */
export const CASE_STATUS: Record<CaseStatus, { name: string; tone: Tone }> = {
  open: { name: '已受理，待安排现场检查', tone: 'blue' },
  scheduled: { name: '已安排联合验收', tone: 'cyan' },
  rectifying: { name: '整改中', tone: 'gold' },
  passed: { name: '验收通过', tone: 'green' },
  failed: { name: '验收不通过', tone: 'red' },
}
export const ITEM_STATUS: Record<Item['status'], { name: string; tone: Tone }> = {
  pending: { name: '待验收', tone: 'grey' },
  passed: { name: '通过', tone: 'green' },
  rectify: { name: '需整改', tone: 'gold' },
  failed: { name: '不通过', tone: 'red' },
  committed: { name: '告知承诺（事后核查）', tone: 'purple' },
}

/**
 * What a case clock does not count (`clockExclusions`, the catalogue step's), as the region's document words it:
 * Shanwei's 5 W are 不含公示时间 (004:1816). A case whose step names none counts every working day and says nothing.
 */
const EXCLUDED: Record<NonNullable<AcceptanceCase['clockExclusions']>[number], string> = {
  supplement: '补正',
  'expert-review': '专家评审',
  hearing: '听证',
  'public-notice': '公示',
  'inspection-testing': '检验检测',
  'site-survey': '现场勘察',
  tender: '招标',
  auction: '拍卖',
  quarantine: '检疫',
  appraisal: '鉴定',
  other: '其他特别程序',
}
export const exclusionsText = (c: Pick<AcceptanceCase, 'clockExclusions'>): string =>
  c.clockExclusions?.length ? `（不含${c.clockExclusions.map((k) => EXCLUDED[k]).join('、')}时间）` : ''

/** Whether the lead gives the 公示 period the clock stops for when it schedules the inspection. */
export const excludesPublicNotice = (c: Pick<AcceptanceCase, 'clockExclusions'>): boolean =>
  c.clockExclusions?.includes('public-notice') ?? false

/**
 * 告知承诺 事后核查 — the measures taken on a commitment found not kept, as seeds 004:1860 words them (采取整改、依法撤销许可
 * 或者禁止选择告知承诺等惩戒措施).
 */
export const COMMITMENT_MEASURE: Record<NonNullable<NonNullable<Item['verification']>['measures']>[number], string> = {
  rectify: '责令整改',
  revoke: '依法撤销许可',
  'bar-commitment': '禁止选择告知承诺',
}
