import { Table } from 'antd'
import { providerName } from '../../departments'
import { chineseDate } from '../../format'
import type { Status } from '../owner/flow-model'
import { ENTRY_KINDS } from './names'

type Plot = NonNullable<Status['shared']['plot']>

const list = { paddingInlineStart: 20, margin: 0, overflowWrap: 'anywhere' } as const

/**
 * 用地清单 — a plot's land-condition list as the project's status carries it: the conditions published at the land
 * sale and the utilities' connection points. Shown to the owner (共享成果) and to a reviewer on its task, who may not
 * ask for anything outside it (docs/shared-results.md).
 */
export function PlotList({ plot }: { plot: Plot }) {
  return (
    <section aria-label="用地清单">
      <span data-shared="plot">
        地块 {plot.plotCode}（{plot.name}），{chineseDate(plot.soldOn)}出让时公开，共 {plot.entries.length} 项条件；
        各部门不得在清单外增加要求
      </span>
      <ul style={list}>
        {plot.entries.map((e, i) => (
          // The list is published once and never changes: an entry's place is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i}>
            {ENTRY_KINDS[e.kind] ?? e.kind}：{e.text}
          </li>
        ))}
      </ul>
      {plot.connectionPoints.length > 0 && (
        <Table
          scroll={{ x: true }}
          aria-label="市政接驳点"
          rowKey="utility"
          size="small"
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={plot.connectionPoints}
          columns={[
            { title: '接驳', key: 'u', render: (_, c) => providerName(c.utility) },
            { title: '连接点', key: 'p', render: (_, c) => c.point },
            { title: '接驳要求', key: 'q', render: (_, c) => c.requirement },
          ]}
        />
      )}
    </section>
  )
}
