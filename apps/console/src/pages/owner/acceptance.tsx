import { Card } from 'antd'
import { later } from '../../components/later'
import { departmentNamer } from '../../departments'
import { chineseDate } from '../../format'
import { CASE_STATUS, ITEM_STATUS } from '../lead/names'
import { Defects } from '../shared-results/defects'
import { boxedItem, boxedList } from './boxed-list'
import type { Status } from './flow-model'

// 竣工验收备案表: a table the page needs only once the form is issued, fetched then (the progress page's script budget).
const FilingFormCard = later(() => import('../lead/filing-form').then((m) => m.FilingFormCard))

/**
 * 联合验收 on the project's page (the owner, the supervising office): each case's items with their opinions, and the
 * defects to put right, each with the list item of the plot's 用地清单 it rests on when it names one — so the owner
 * sees what it is asked for and on what basis, and the supervisor that nothing outside the list was asked. Once passed,
 * the letter's number and each department's 结果物; where the letter is the filing (Foshan, 004:2279), the printable
 * 竣工验收备案表 once acceptance issued it.
 */
export function AcceptanceCard({ status }: { status: Status }) {
  if (status.acceptance.length === 0) return null
  const nameOf = departmentNamer(status)
  const entries = status.shared.plot?.entries
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>联合验收</h2>} size="small" style={{ marginBottom: 16 }}>
      {status.acceptance.map((c) => (
        <section key={c.caseId} aria-label={`联合验收 ${c.part ?? '整个项目'}`} style={{ marginBottom: 8 }}>
          <p style={{ margin: '0 0 4px' }}>
            验收范围：{c.part ?? '整个项目'} · {CASE_STATUS[c.status].name}
            {c.inspection ? ` · 第 ${c.inspection.round} 轮现场检查` : ''}
            {c.opinionNumber ? ` · 联合验收意见书 ${c.opinionNumber}` : ''}
            {/* 撤销 (004:1860): a commitment breached after the pass, revoked — the letter and form no longer stand. */}
            {c.passRevoked ? ` · 已于${chineseDate(c.passRevoked.on)}因告知承诺违诺依法撤销，需重新申请` : ''}
          </p>
          <ul style={boxedList}>
            {c.items.map((i) => (
              <li key={i.item} style={boxedItem}>
                <strong>{i.itemName ?? i.item}</strong> · {nameOf(i.department)} · {ITEM_STATUS[i.status].name}
                {i.defects?.length ? (
                  <div>
                    整改问题：
                    <Defects item={i} entries={entries} />
                  </div>
                ) : null}
                {i.result ? (
                  <div>
                    结果物：{i.result.name}（{i.result.number}）
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {c.filingForm ? <FilingFormCard c={c} project={status.project} departmentName={nameOf} /> : null}
        </section>
      ))}
    </Card>
  )
}
