import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Row, Segmented, Space, Statistic, Switch, Table, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { DayRange } from '../../components/day-picker'
import { EChart } from '../../components/echart'
import { LevelTag } from '../../components/level-tag'
import { ProblemAlert } from '../../components/problem'
import { addressPeriod, type Days, dayParams, LAST_THREE_MONTHS, type Period } from '../../days'
import { departmentName } from '../../departments'
import { chineseDate, clockDays } from '../../format'
import type { paths } from '../../generated/api'
import { TicketFigures } from '../hotline/supervision'
import { SuperviseTask } from '../reviewer/supervisions'
import { DataQuality } from './data-quality'
import {
  type Dimension,
  days,
  durationChart,
  groupName,
  MIXED_WORDS,
  overdueChart,
  percent,
  periodDays,
  REVOKED_TITLE,
  SHARES_TITLE,
  STATS_MAX_DAYS,
  type StatsAnswer,
  type StatsGroup,
  trendChart,
} from './figures'

type ClocksAnswer = paths['/api/v1/supervision/clocks']['get']['responses'][200]['content']['application/json']
type SupervisedClock = ClocksAnswer['clocks'][number]

const DIMENSIONS: Record<Dimension, string> = { step: '按环节', department: '按部门' }

type SeriesBucket = paths['/api/v1/supervision/stats/series']['get']['parameters']['query']['bucket']
/** The series' buckets: the ISO week from Monday, the calendar month, the calendar quarter. */
const SERIES_BUCKETS: Record<SeriesBucket, string> = { week: '按周', month: '按月', quarter: '按季度' }

type Stage = NonNullable<NonNullable<paths['/api/v1/supervision/stats']['get']['parameters']['query']>['stage']>
/**
 * Whose figures (全流程, 004:2327, 004:1794): the departments' approval tasks, or a later stage's ended cases — a joint
 * acceptance by its lead department, a line connected by its provider, a first registration (no department).
 */
const STAGES: Record<Stage, string> = {
  approval: '审批事项',
  'joint-acceptance': '联合验收',
  'utility-connection': '报装接入',
  'first-registration': '不动产首次登记',
}
/** A later stage's cases have no step: they are grouped by department (the lead, the provider), or not at all. */
const groupingOf = (stage: Stage, by: Dimension): Dimension => (stage === 'approval' ? by : 'department')
/** A first registration has no department: its one group is named as the office that completes it. */
const namedFor = (stage: Stage, groups: readonly StatsGroup[]): StatsGroup[] =>
  stage === 'first-registration' ? groups.map((g) => ({ ...g, departmentName: '不动产登记机构' })) : [...groups]

/** The period in the address (`?from=&to=`), so a view can be shared; the last three months by default. */
function usePeriod(): [Period, (days: Days) => void] {
  const [params, setParams] = useSearchParams()
  return [addressPeriod(params, LAST_THREE_MONTHS), (days: Days) => setParams(dayParams(days))]
}

/**
 * 监督看板 (issue 14, screen 6): the red and yellow clocks of every department now, and the figures of the tasks
 * decided over a chosen period per step and per department — median and 90th percentile working days used, overdue
 * rate, 补正 rounds per task — computed by the gateway in SQL (GET /api/v1/supervision/stats); and, over the same period,
 * the data-quality figures against their targets (数据质量: 并联审批率, sharing on time).
 */
export default function Dashboard() {
  const [period, setPeriod] = usePeriod()
  const [chosenBy, setBy] = useState<Dimension>('department')
  const [stage, setStage] = useState<Stage>('approval')
  const by = groupingOf(stage, chosenBy)
  const staged = stage === 'approval' ? {} : { stage }
  // The picker holds the gateway's limit; a link may still name a longer period, which the page does not ask for.
  const tooLong = periodDays(period) > STATS_MAX_DAYS
  // 督办 overdue (docs/legal-time.md#督办-of-an-approval-task): the gateway lists those tasks whatever their light.
  const [overdueOnly, setOverdueOnly] = useState(false)
  // Every red and yellow clock: the figures are counted from it, so the switch narrows the list and never the figures.
  const whole = useQuery({
    queryKey: [...keys.supervision(), 'clocks', false],
    queryFn: () => must(api.GET('/api/v1/supervision/clocks', { params: { query: {} } })),
  })
  const overdue = useQuery({
    queryKey: [...keys.supervision(), 'clocks', true],
    enabled: overdueOnly,
    queryFn: () => must(api.GET('/api/v1/supervision/clocks', { params: { query: { supervision: 'overdue' } } })),
  })
  const listed = overdueOnly ? overdue : whole
  const stats = useQuery({
    queryKey: [...keys.supervision(), 'stats', period.from, period.to, by, stage],
    enabled: !tooLong,
    // JSON, as openapi-fetch asks for by default; the route's CSV is the download below.
    queryFn: async () =>
      (await must(
        api.GET('/api/v1/supervision/stats', { params: { query: { ...period, ...staged, groupBy: by } } }),
      )) as StatsAnswer,
  })
  // Weeks over a short period, months over a longer one (a chart of a dozen or so points either way), unless the
  // supervisor chose: quarters are what the office reports (季度通报).
  const [chosenBucket, setBucket] = useState<SeriesBucket>()
  const bucket = chosenBucket ?? (dayjs(period.to).diff(dayjs(period.from), 'day') <= 92 ? 'week' : 'month')
  const series = useQuery({
    queryKey: [...keys.supervision(), 'series', period.from, period.to, bucket, stage],
    enabled: !tooLong,
    queryFn: async () =>
      (await must(
        api.GET('/api/v1/supervision/stats/series', { params: { query: { ...period, ...staged, bucket } } }),
      )) as StatsAnswer,
  })

  const groups = useMemo(() => namedFor(stage, stats.data?.groups ?? []), [stage, stats.data])
  const charts = useMemo(
    () => ({ duration: durationChart(groups, by), overdue: overdueChart(groups, by) }),
    [groups, by],
  )
  const trend = useMemo(
    () =>
      trendChart(series.data?.groups ?? [], (p) =>
        bucket === 'quarter'
          ? `${dayjs(p).year()}年第${Math.floor(dayjs(p).month() / 3) + 1}季度`
          : bucket === 'month'
            ? dayjs(p).format('YYYY年M月')
            : `${chineseDate(p)}起`,
      ),
    [series.data, bucket],
  )

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        监督看板
      </Typography.Title>

      <Clocks
        whole={whole.data}
        listed={listed.data}
        loading={listed.isPending}
        error={whole.error ?? listed.error}
        overdueOnly={overdueOnly}
        onOverdueOnly={setOverdueOnly}
      />

      <TicketFigures />

      <Card
        title={
          <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
            办理效能
          </Typography.Title>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <span id="period-label">统计期间（按办结日）</span>
          <DayRange
            labelledBy="period-label"
            from={period.from}
            to={period.to}
            onChange={setPeriod}
            maxDays={STATS_MAX_DAYS}
          />
          <Segmented
            aria-label="统计对象"
            value={stage}
            onChange={(v) => setStage(v as Stage)}
            options={Object.entries(STAGES).map(([value, label]) => ({ value, label }))}
          />
          <Segmented
            aria-label="分组"
            value={by}
            disabled={stage !== 'approval'}
            onChange={(v) => setBy(v as Dimension)}
            options={Object.entries(DIMENSIONS).map(([value, label]) => ({ value, label }))}
          />
          <Button disabled={tooLong} onClick={() => void downloadCsv(period, by, stage)}>
            导出 CSV
          </Button>
        </Space>
        <Typography.Paragraph type="secondary">
          {stage === 'approval' ? (
            <>
              {chineseDate(period.from)} 至 {chineseDate(period.to)} 办结的事项（{MIXED_WORDS.granted}、
              {MIXED_WORDS.refused}），用时为受理至办结的工作日，不计补正和特别程序。
            </>
          ) : (
            `${chineseDate(period.from)} 至 ${chineseDate(period.to)} 办结的${STAGES[stage]}案件，用时为其时限起算至办结的工作日。`
          )}
          {/* Both stages alike: what was revoked after its decision stays decided, its time measured. */}
          办结后被依法撤销的（{REVOKED_TITLE}）仍计入办结件数和用时。
        </Typography.Paragraph>
        {tooLong && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`统计期间最长 ${STATS_MAX_DAYS} 天（三年），所选期间有 ${periodDays(period)} 天：请在上方缩短统计期间。`}
          />
        )}
        <ProblemAlert error={stats.error ?? series.error} />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              办理用时（工作日）{DIMENSIONS[by]}
            </Typography.Title>
            <EChart option={charts.duration} label={`${DIMENSIONS[by]}的办理用时中位数与 90% 分位（工作日）`} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              超期率与补正轮次 {DIMENSIONS[by]}
            </Typography.Title>
            <EChart option={charts.overdue} label={`${DIMENSIONS[by]}的超期率与每件补正轮次`} />
          </Col>
          <Col span={24}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                期间走势（{SERIES_BUCKETS[bucket]}）
              </Typography.Title>
              <Segmented
                aria-label="走势分期"
                value={bucket}
                onChange={(v) => setBucket(v as SeriesBucket)}
                options={Object.entries(SERIES_BUCKETS).map(([value, label]) => ({ value, label }))}
              />
            </Space>
            <EChart option={trend} label="各期办理用时与超期率走势" height={240} />
          </Col>
        </Row>
        {/* isLoading, not isPending: a period too long is never fetched, and is no table loading forever. */}
        <FiguresTable groups={groups} by={by} loading={stats.isLoading} />
      </Card>

      {/* The same period: 并联审批率 counts the tasks decided in it, as 办理效能 does, and the outside-line permits decided
          on the platform in it (docs/spgl.md). */}
      <DataQuality period={period} disabled={tooLong} />
    </Space>
  )
}

/**
 * 红黄灯预警: the figures — red and yellow clocks, each department's, the cases, the overdue 督办 — over `whole`, every
 * red and yellow clock; the list is `listed`, the same or (the switch on) the tasks whose 督办 is overdue.
 */
function Clocks({
  whole,
  listed,
  loading,
  error,
  overdueOnly,
  onOverdueOnly,
}: {
  whole?: ClocksAnswer
  listed?: ClocksAnswer
  loading: boolean
  error: unknown
  overdueOnly: boolean
  onOverdueOnly: (on: boolean) => void
}) {
  const all = whole?.clocks ?? []
  const rows = listed?.clocks ?? []
  const count = (level: 'yellow' | 'red') => all.filter((c) => c.state?.level === level).length
  const byDepartment = useMemo(() => {
    const m = new Map<string, { department: string; yellow: number; red: number }>()
    for (const c of all) {
      const name = c.departmentName ?? departmentName(c.department)
      const d = m.get(name) ?? { department: name, yellow: 0, red: 0 }
      if (c.state?.level === 'yellow') d.yellow++
      if (c.state?.level === 'red') d.red++
      m.set(name, d)
    }
    return [...m.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow)
  }, [all])
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          红黄灯预警
        </Typography.Title>
      }
    >
      <ProblemAlert error={error} />
      <Space size="large" style={{ marginBottom: 16 }}>
        <Statistic title="红灯（已超期）" value={count('red')} valueStyle={{ color: '#cf1322' }} />
        <Statistic title="黄灯（临近期限）" value={count('yellow')} valueStyle={{ color: '#874d00' }} />
        {/* `cases`: the running joint-acceptance, outside-line and registration cases whose clock is yellow or red. */}
        <Statistic title="联合验收、外线、登记红黄灯案件（件）" value={whole?.cases.length ?? 0} />
        {/* Counted over every open task, green ones too: a 督办 left unanswered is chased whatever the light. */}
        <Statistic
          title="督办逾期未回复（项）"
          value={whole?.overdueSupervisions ?? 0}
          valueStyle={whole?.overdueSupervisions ? { color: '#cf1322' } : undefined}
        />
        <Space>
          <Switch id="overdue-only" checked={overdueOnly} onChange={onOverdueOnly} />
          <label htmlFor="overdue-only">只看督办逾期的任务（含绿灯）</label>
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Table
            size="small"
            rowKey="department"
            loading={!whole && !error}
            pagination={false}
            dataSource={byDepartment}
            columns={[
              { title: '部门', dataIndex: 'department' },
              { title: '红灯', dataIndex: 'red' },
              { title: '黄灯', dataIndex: 'yellow' },
            ]}
          />
        </Col>
        <Col xs={24} lg={16}>
          <Table<SupervisedClock>
            size="small"
            rowKey={(c) => `${c.taskId}:${c.clock ?? 'none'}`}
            loading={loading}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={rows}
            columns={[
              { title: '项目', render: (_, c) => c.project.name ?? c.project.projectCode ?? c.project.projectId },
              { title: '部门', render: (_, c) => c.departmentName ?? departmentName(c.department) },
              { title: '事项', render: (_, c) => c.itemName ?? c.item },
              // A task with no clock (an item with no time limit) is listed for its overdue 督办 alone: no clock to show.
              {
                title: '时限',
                render: (_, c) =>
                  c.clock === undefined ? '无时限' : c.clock === 'committed' ? '承诺时限' : '法定时限',
              },
              { title: '到期日', render: (_, c) => (c.state ? chineseDate(c.state.due) : '—') },
              {
                title: '已用 / 时限',
                render: (_, c) =>
                  c.state
                    ? `${c.state.used} / ${c.state.limit.value} ${c.state.limit.unit === 'W' ? '工作日' : '自然日'}`
                    : '—',
              },
              // In the clock's own unit: a natural-day clock's remaining days are natural days.
              { title: '剩余', render: (_, c) => (c.state ? clockDays(c.state.remaining, c.state.limit.unit) : '—') },
              {
                title: '状态',
                render: (_, c) => (c.state ? <LevelTag level={c.state.level} /> : '—'),
              },
              // 督办 (跟踪督办, 004:1794): the office urges the department from the light it sees.
              {
                title: '督办',
                render: (_, c) => <SupervisionCell clock={c} />,
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  )
}

/** The figures themselves, for reading exact numbers and for a screen reader (the charts are pictures of these). */
function FiguresTable({ groups, by, loading }: { groups: readonly StatsGroup[]; by: Dimension; loading: boolean }) {
  return (
    <Table<StatsGroup>
      style={{ marginTop: 16 }}
      size="small"
      rowKey={(g) => g[by] ?? ''}
      loading={loading}
      pagination={false}
      dataSource={[...groups]}
      columns={[
        { title: by === 'step' ? '环节' : '部门', render: (_, g) => groupName(g, by) },
        { title: '办结件数', dataIndex: 'decided' },
        { title: '用时中位数（工作日）', render: (_, g) => days(g.medianNet) },
        { title: '用时 90% 分位（工作日）', render: (_, g) => days(g.p90Net) },
        { title: '含中止用时中位数（工作日）', render: (_, g) => days(g.medianGross) },
        { title: '超期率', render: (_, g) => percent(g.overdueRate) },
        { title: '每件补正轮次', render: (_, g) => days(g.supplementRoundsPerTask) },
        { title: '特别程序用时占比', render: (_, g) => percent(g.specialProcedureShare) },
        {
          title: SHARES_TITLE,
          render: (_, g) => `${percent(g.approvedShare)} / ${percent(g.rejectedShare)} / ${percent(g.commitmentShare)}`,
        },
        // 撤销: decided, then revoked since (a permit, a joint acceptance's pass) — in neither share before it, still decided.
        { title: REVOKED_TITLE, render: (_, g) => percent(g.revokedShare) },
      ]}
    />
  )
}

/** The same figures as CSV (the gateway writes it, with a BOM so Excel reads the Chinese), saved as a file. */
async function downloadCsv(period: { from: string; to: string }, by: Dimension, stage: Stage) {
  const { data, response } = await api.GET('/api/v1/supervision/stats', {
    // A later stage's cases have no item.
    params: { query: { ...period, ...(stage === 'approval' ? { groupBy: `${by},item` } : { stage, groupBy: by }) } },
    headers: { accept: 'text/csv' },
    parseAs: 'blob',
  })
  if (!response.ok || !data) return
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = `监督统计-${stage === 'approval' ? '' : `${STAGES[stage]}-`}${period.from}-${period.to}.csv`
  a.click()
  URL.revokeObjectURL(url)
}

const OPEN_TASK: ReadonlySet<SupervisedClock['status']> = new Set([
  'assigned',
  'claimed',
  'supplement-requested',
  'special-procedure',
])

/** A task's 督办 in the red and yellow list: how many, their state, and the button to issue one more. */
function SupervisionCell({ clock: c }: { clock: SupervisedClock }) {
  const all = c.supervisions ?? []
  const count = (state: 'open' | 'overdue' | 'answered') => all.filter((s) => s.state === state).length
  const summary = [
    count('overdue') ? `${count('overdue')} 项逾期未回复` : '',
    count('open') ? `${count('open')} 项待回复` : '',
    count('answered') ? `${count('answered')} 项已回复` : '',
  ].filter(Boolean)
  return (
    <Space direction="vertical" size={4}>
      {summary.length > 0 && <span data-supervisions={c.taskId}>已督办：{summary.join('，')}</span>}
      {/* A decided task is listed for a 督办 still owed (docs/legal-time.md): nothing is left to urge on it. */}
      {OPEN_TASK.has(c.status) ? (
        <SuperviseTask
          taskId={c.taskId}
          label={`${c.departmentName ?? departmentName(c.department)} ${c.itemName ?? c.item}`}
        />
      ) : (
        <span>任务已结束，督办回复仍须作出</span>
      )}
    </Space>
  )
}
