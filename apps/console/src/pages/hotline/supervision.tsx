import { useQuery } from '@tanstack/react-query'
import { Card, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { RegionFilter } from './region-filter'

type Figure =
  paths['/api/v1/supervision/tickets']['get']['responses'][200]['content']['application/json']['departments'][number]
type Channel = keyof Figure['byChannel']

/**
 * The channels a ticket comes by, as the column heads name them: the centre's agent on the phone, the requester
 * online, and the 办不成事窗口 — a service centre's window for what an applicant could not get done, whose clerk
 * registers it (seeds/000_5ff03a50698aa736.txt:344).
 */
const CHANNELS: Array<[Channel, string]> = [
  ['phone', '电话'],
  ['online', '网上'],
  ['window', '办不成事窗口'],
]

/** A unit's open tickets of one channel, with the overdue among them in red when there are any. */
function ChannelCount({ counts }: { counts: Figure['byChannel'][Channel] }) {
  if (counts.overdue === 0) return <>{counts.open}</>
  return (
    <Space size={4}>
      {counts.open}
      <StatusTag tone="red">超期 {counts.overdue}</StatusTag>
    </Space>
  )
}

/**
 * 12345 热线工单 on the supervisor's dashboard (`GET /api/v1/supervision/tickets`): per handling unit its open tickets
 * and how many of them are past the due day of what they wait for, today, and the same by the channel they came by —
 * the 办不成事窗口's column is how many matters the windows could not get done are still open with the unit; of one
 * region (诉求所涉地区, as the agent's list filters) when chosen.
 */
export function TicketFigures() {
  const [region, setRegion] = useState<string>()
  const figures = useQuery({
    queryKey: [...keys.supervision(), 'hotline-tickets', region ?? ''],
    queryFn: () =>
      must(api.GET('/api/v1/supervision/tickets', { params: { query: region === undefined ? {} : { region } } })),
    refetchOnWindowFocus: true,
  })
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          12345 热线工单
        </Typography.Title>
      }
      extra={figures.data ? `截至${chineseDate(figures.data.today)}` : undefined}
    >
      <Space style={{ marginBottom: 16 }}>
        <RegionFilter id="ticket-figures-region" value={region} onChange={setRegion} />
      </Space>
      <ProblemAlert error={figures.error} />
      <Table<Figure>
        aria-label="各承办单位热线工单"
        rowKey={(f) => f.department ?? ''}
        size="small"
        loading={figures.isPending}
        pagination={false}
        dataSource={figures.data?.departments ?? []}
        // antd's grey placeholder falls short of AA contrast; the text is read at full colour.
        locale={{ emptyText: <Typography.Text>暂无未办结工单</Typography.Text> }}
        columns={[
          {
            title: '承办单位',
            key: 'department',
            render: (_, f) => (f.department ? departmentName(f.department) : '热线中心（待派单）'),
          },
          { title: '未办结', key: 'open', dataIndex: 'open' },
          {
            title: '已超期',
            key: 'overdue',
            render: (_, f) => (f.overdue > 0 ? <StatusTag tone="red">{f.overdue}</StatusTag> : 0),
          },
          {
            title: '其中按受理渠道（未办结）',
            key: 'byChannel',
            children: CHANNELS.map(([channel, name]) => ({
              title: name,
              key: channel,
              render: (_: unknown, f: Figure) => <ChannelCount counts={f.byChannel[channel]} />,
            })),
          },
        ]}
      />
    </Card>
  )
}
