import { useQuery } from '@tanstack/react-query'
import { Card, Space, Table, Typography } from 'antd'
import { Link, useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { DayRange } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { addressPeriod, dayParams, THIS_YEAR } from '../../days'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { type Listed, levelName, loopState } from '../../ratings'

type Figure =
  paths['/api/v1/supervision/ratings']['get']['responses'][200]['content']['application/json']['departments'][number]

/**
 * 好差评监督 (issue 17 part 6): each department's ratings over a period by option, with its fix-and-reply loops by
 * state, and every loop still open, overdue first — the supervisor's 监督 of evaluate → fix → reply.
 */
export default function SupervisionRatings() {
  const [params, setParams] = useSearchParams()
  const { from, to } = addressPeriod(params, THIS_YEAR)
  const answer = useQuery({
    queryKey: keys.supervisionRatings(from, to),
    queryFn: () => must(api.GET('/api/v1/supervision/ratings', { params: { query: { from, to } } })),
    refetchOnWindowFocus: true,
  })
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        好差评
      </Typography.Title>
      <Space wrap>
        <span id="rating-period-label">统计期间（按评价日）</span>
        <DayRange
          labelledBy="rating-period-label"
          from={from}
          to={to}
          onChange={(days) => setParams(dayParams(days))}
        />
      </Space>
      <ProblemAlert error={answer.error} />
      <Card
        title={
          <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
            各部门评价
          </Typography.Title>
        }
      >
        <Table<Figure>
          rowKey="department"
          loading={answer.isPending}
          dataSource={answer.data?.departments ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Typography.Text>该期间暂无评价</Typography.Text> }}
          columns={[
            { title: '部门', key: 'department', render: (_, d) => d.departmentName ?? departmentName(d.department) },
            { title: '评价数', dataIndex: 'rated' },
            { title: '非常满意', dataIndex: 'verySatisfied' },
            { title: '满意', dataIndex: 'satisfied' },
            { title: '基本满意', dataIndex: 'basicallySatisfied' },
            { title: '不满意', dataIndex: 'dissatisfied' },
            { title: '非常不满意', dataIndex: 'veryDissatisfied' },
            { title: '整改中', dataIndex: 'loopsOpen' },
            { title: '整改逾期', dataIndex: 'loopsOverdue' },
            { title: '已反馈', dataIndex: 'loopsReplied' },
          ]}
        />
      </Card>
      <Card
        title={
          <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
            待整改反馈的差评
          </Typography.Title>
        }
      >
        <Table<Listed>
          rowKey={(r) => r.rating.ratingId}
          loading={answer.isPending}
          dataSource={answer.data?.loops ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Typography.Text>暂无待整改的差评</Typography.Text> }}
          columns={[
            {
              title: '状态',
              key: 'state',
              render: (_, r) => {
                const s = loopState(r.rating)
                return s ? <StatusTag tone={s.tone}>{s.label}</StatusTag> : null
              },
            },
            {
              title: '部门 / 事项',
              key: 'department',
              render: (_, r) =>
                `${r.rating.departmentName ?? departmentName(r.rating.department)} · ${r.rating.itemName ?? r.rating.item}`,
            },
            {
              title: '项目',
              key: 'project',
              render: (_, r) => (
                <Link to={`/projects/${r.rating.projectId}`}>{r.projectName ?? r.projectCode ?? '查看项目'}</Link>
              ),
            },
            { title: '评价', key: 'level', render: (_, r) => levelName(r.rating.first.level) },
            { title: '整改期限', key: 'due', render: (_, r) => (r.rating.fix ? chineseDate(r.rating.fix.dueOn) : '') },
          ]}
        />
        <UnreadableNotice count={answer.data?.unreadable.length ?? 0} what="评价" />
      </Card>
    </Space>
  )
}
