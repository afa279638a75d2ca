import { Table, Typography } from 'antd'
import { chineseDate } from '../../format'
import { COMMISSION_STATUS, type Commission, STAGES } from './names'

/**
 * 多测合一 — a project's survey commissions, one per stage (at completion one per building), each with what it
 * surveys, its surveying unit, the day it was commissioned,
 * its state and every merged item with its result (the floor area where the item measures one). The same table on
 * the owner's project page and on a department's task page, which judges against these results instead of asking
 * for another survey.
 */
export function CommissionTable({ commissions }: { commissions: readonly Commission[] }) {
  return (
    <section aria-label="测绘委托">
      <Table<Commission>
        rowKey="commissionId"
        size="small"
        pagination={false}
        dataSource={[...commissions]}
        locale={{ emptyText: <Typography.Text>尚未委托测绘</Typography.Text> }}
        columns={[
          { title: '阶段', key: 'stage', render: (_, c) => STAGES[c.stage] },
          {
            title: '测绘范围',
            key: 'part',
            render: (_, c) => c.part ?? '整个项目',
          },
          { title: '测绘单位', key: 'surveyor', render: (_, c) => c.surveyor.name },
          { title: '委托日期', key: 'on', render: (_, c) => chineseDate(c.commissionedOn) },
          { title: '状态', key: 'status', render: (_, c) => COMMISSION_STATUS[c.status] },
          {
            title: '合并测绘事项与成果',
            key: 'items',
            render: (_, c) => (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {c.items.map((i) => {
                  const result = c.results?.find((x) => x.item === i.item)
                  return (
                    <li key={i.item}>
                      {i.name}
                      {result ? `：${result.areaM2 === undefined ? '成果已提交' : `${result.areaM2} 平方米`}` : ''}
                    </li>
                  )
                })}
              </ul>
            ),
          },
        ]}
      />
    </section>
  )
}
