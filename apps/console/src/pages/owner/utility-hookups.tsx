import { Card } from 'antd'
import { providerName } from '../../departments'
import { chineseDate } from '../../format'
import { boxedItem, boxedList } from './boxed-list'
import type { Status } from './flow-model'
import { hookupPermitText } from './hookup-permits'

/**
 * 水电气网报装 on the project's page: each hookup's outside-line permits (外线审批) — needed or not, and where needed
 * how the departments stand on them — and what the owner needs to be on site for the utilities' one joint site survey
 * (联合踏勘): the day, the time and the place, and which providers' hookups it is for. A survey is shown while a
 * request at survey carries one; several only if a later proposal found requests the first no longer applied to.
 */
export function UtilityHookupsCard({ status }: { status: Status }) {
  const surveys = new Map<string, { s: NonNullable<Status['utilities'][number]['jointSurvey']>; who: string[] }>()
  for (const u of status.utilities) {
    if (u.stage !== 'survey' || !u.jointSurvey) continue
    const key = `${u.jointSurvey.proposedAt} ${u.jointSurvey.proposedBy}`
    const entry = surveys.get(key) ?? { s: u.jointSurvey, who: [] }
    entry.who.push(providerName(u.provider))
    surveys.set(key, entry)
  }
  if (status.utilities.length === 0) return null
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>水电气网报装</h2>} size="small" style={{ marginBottom: 16 }}>
      <ul style={boxedList}>
        {status.utilities.map((u) => (
          <li key={u.requestId} style={boxedItem} data-testid="hookup-permits">
            <strong>{providerName(u.provider)}报装：</strong>
            {hookupPermitText(u)}
          </li>
        ))}
        {[...surveys].map(([key, { s, who }]) => (
          <li key={key} style={boxedItem} data-testid="joint-survey">
            <strong>联合踏勘：</strong>
            {chineseDate(s.day)} {s.time}，{s.place}（联系人：{s.contact}；{who.join('、')}报装）
          </li>
        ))}
      </ul>
    </Card>
  )
}
