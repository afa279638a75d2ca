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

/**
 * 12345 热线工单 on the supervisor's dashboard (`GET /api/v1/supervision/tickets`): per handling unit its open tickets
 * and how many of them are past the due day of what they wait for, today; of one region (诉求所涉地区, as the agent's
 * list filters) when chosen.
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
        ]}
      />
    </Card>
  )
}
