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
