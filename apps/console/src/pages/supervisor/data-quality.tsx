import { useQuery } from '@tanstack/react-query'
import { Card, Col, Row, Statistic, Table, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import type { Period } from '../../days'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { regionName } from '../hotline/names'
import { percent } from './figures'

type Answer = paths['/api/v1/supervision/data-quality']['get']['responses'][200]['content']['application/json']
type RegionFigure = Answer['parallel']['regions'][number]

/** A region as the card names it: the gateway's name for it (the targets table's), else the console's, else its code. */
const named = (r: RegionFigure) => (r.name ? `${r.name}（${r.region}）` : regionName(r.region))

/** 达标 in words: reached, not reached, or no target (a region no plan among the seeds sets one for). */
const metTag = (r: RegionFigure) =>
  r.met === null ? '—' : r.met ? <StatusTag tone="green">达标</StatusTag> : <StatusTag tone="red">未达标</StatusTag>

/** The counts behind a share, in the statistic's line but smaller than its figure. */
const Counts = ({ children }: { children: string }) => <span style={{ fontSize: 14 }}>{children}</span>
const countsOf = (t: { inTime: number; late: number; open: number }) =>
  `（及时 ${t.inTime}，迟延 ${t.late}，待推送 ${t.open} 条）`

/**
 * 数据质量 (提升工程建设项目审批管理系统数据质量, 002:140, 003:131; 001:134): 并联审批率 per city against its target,
 * and the shares of the data-sharing rows shared in time — within 10 minutes of their event (target 96%), and the
 * licences' and filings' within 7 working days — over the dashboard's period (GET /api/v1/supervision/data-quality).
 */
export function DataQuality({ period, disabled }: { period: Period; disabled: boolean }) {
  const figures = useQuery({
    queryKey: [...keys.supervision(), 'data-quality', period.from, period.to],
    enabled: !disabled,
    queryFn: () => must(api.GET('/api/v1/supervision/data-quality', { params: { query: period } })),
  })
  const d = figures.data
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          数据质量
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">
        并联审批率：{chineseDate(period.from)} 至 {chineseDate(period.to)}
        办结的事项中，与其他部门的事项同时受理、不等待其他部门审批结果的比例（后续事项不计为并联）。共享比例：期间内产生的审批数据在时限内推送至数据共享交换表的比例，尚在时限内未推送的不计入。
      </Typography.Paragraph>
      <ProblemAlert error={figures.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Statistic
            title="并联审批率"
            value={percent(d?.parallel.rate)}
            suffix={d ? <Counts>{`（${d.parallel.parallel} / ${d.parallel.decided} 件）`}</Counts> : undefined}
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={`${d?.sharedInMinutes.minutes ?? 10}分钟内共享比例（目标 ${percent(d?.sharedInMinutes.target ?? 0.96)}）`}
            value={percent(d?.sharedInMinutes.share)}
            suffix={d ? <Counts>{countsOf(d.sharedInMinutes)}</Counts> : undefined}
            // Below the target, red as an overdue count is: the figure, not its counts.
            formatter={(v) =>
              d?.sharedInMinutes.share != null && d.sharedInMinutes.share < d.sharedInMinutes.target ? (
                <span style={{ color: '#cf1322' }}>{v}</span>
              ) : (
                v
              )
            }
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={`许可、备案信息${d?.sharedInWorkingDays.workingDays ?? 7}个工作日内归集比例`}
            value={percent(d?.sharedInWorkingDays.share)}
            suffix={d ? <Counts>{countsOf(d.sharedInWorkingDays)}</Counts> : undefined}
          />
        </Col>
      </Row>
      <Table<RegionFigure>
        aria-label="各地并联审批率"
        size="small"
        rowKey="region"
        loading={figures.isLoading}
        pagination={false}
        dataSource={d?.parallel.regions ?? []}
        locale={{ emptyText: <Typography.Text>期间内无办结事项</Typography.Text> }}
        columns={[
          { title: '地区', key: 'region', render: (_, r) => named(r) },
          { title: '办结事项（件）', key: 'decided', dataIndex: 'decided' },
          { title: '并联办理（件）', key: 'parallel', dataIndex: 'parallel' },
          { title: '并联审批率', key: 'rate', render: (_, r) => percent(r.rate) },
          { title: '目标', key: 'target', render: (_, r) => (r.target === null ? '未设目标' : percent(r.target)) },
          { title: '是否达标', key: 'met', render: (_, r) => metTag(r) },
        ]}
      />
    </Card>
  )
}
