import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Select, Space, Steps, Table, Typography } from 'antd'
import { type Key, useState } from 'react'
import { api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { unbroken, unbrokenHeadings } from '../../components/unbroken'
import { providerName } from '../../departments'
import { countsFrom } from '../../explanation'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'

type RequestList = paths['/api/v1/utility-requests']['get']['responses'][200]['content']['application/json']
type UtilityRequest = RequestList['requests'][number]
type Stage = UtilityRequest['stage']
type Permit = UtilityRequest['permits'][number]
type Action = NonNullable<
  paths['/api/v1/utility-requests/{id}/actions']['post']['requestBody']
>['content']['application/json']

/** The stages of a hookup (报装), in order, as the provider's staff name them. */
const STAGES: Array<{ stage: Stage; name: string }> = [
  { stage: 'survey', name: '现场勘察' },
  { stage: 'plan', name: '接入方案' },
  { stage: 'outside-line-permits', name: '外线行政审批' },
  { stage: 'construction', name: '外线施工' },
  { stage: 'awaiting-acceptance', name: '待联合验收' },
  { stage: 'connected', name: '已接通' },
]
const stageName = (s: Stage) => STAGES.find((x) => x.stage === s)?.name ?? s

const PERMITS: Record<Permit['kind'], string> = {
  'road-excavation': '占用挖掘道路许可',
  'green-space': '临时占用绿地许可',
  'road-related': '涉路施工许可',
}
const PERMIT_STATUS: Record<Permit['status'], string> = { filed: '已备案', requested: '审批中', granted: '已批准' }

/**
 * Under the region's low-risk thresholds the provider only files its works plan and may start (Shanwei 告知承诺免审批,
 * 004:1850; Foshan 告知承诺免审批 and 非禁免批, 004:2197–2199): no permit is applied for and nothing is 备案 with a
 * department, so the tag names the regime and what the provider does.
 */
const LOW_RISK_MODE = '告知承诺免审批（报备施工方案）'
/** A low-risk request's third stage: it skips 外线行政审批 (`plan-done` goes straight to construction). */
const LOW_RISK_STAGE = '免审批（报备施工方案）'

function lineOf(r: UtilityRequest): string {
  const l = r.line
  return [
    `长度 ${l.lengthM} 米`,
    l.diameterMm !== undefined ? `管径 DN${l.diameterMm}` : undefined,
    l.voltageKv !== undefined ? `电压 ${l.voltageKv} 千伏` : undefined,
    l.greenSpaceM2 !== undefined ? `占绿 ${l.greenSpaceM2} 平方米` : undefined,
    l.onMainRoad ? '涉及主干道' : undefined,
    // 用地清单: the hookup works from the connection point the plot's list published (docs/shared-results.md).
    l.connectionPoint
      ? `接驳点 ${l.connectionPoint.point}（用地清单 ${l.connectionPoint.plotCode}：${l.connectionPoint.requirement}）`
      : undefined,
  ]
    .filter(Boolean)
    .join('，')
}

/** What the provider does next at a stage: the body sent and the button's words. */
function nextActions(r: UtilityRequest): Array<{ label: string; body: Action }> {
  switch (r.stage) {
    case 'survey':
      return [{ label: '完成现场勘察', body: { action: 'survey-done' } }]
    case 'plan':
      return [{ label: '完成接入方案', body: { action: 'plan-done' } }]
    case 'outside-line-permits':
      return r.permits
        .filter((p) => p.status === 'requested')
        .map((p) => ({ label: `${PERMITS[p.kind]}已批准`, body: { action: 'permit-granted', kind: p.kind } }))
    case 'construction':
      return [{ label: '完成外线施工', body: { action: 'construction-done' } }]
    default:
      return []
  }
}

/**
 * 报装申请 — a utility provider's queue of hookup requests: each request's stage on the way to connection, its outside
 * line and outside-line permits, and the provider's next step. A request opens by itself from the owner's combined
 * application; it connects once the provider is done and joint acceptance has passed.
 */
export default function Requests() {
  const [stage, setStage] = useState<Stage | 'all'>('all')
  // Every request opens with its stages shown, until the provider folds one.
  const [folded, setFolded] = useState<readonly Key[]>([])
  const client = useQueryClient()
  const { data, error, isPending } = useQuery({
    queryKey: keys.utilityRequests(),
    queryFn: () => must(api.GET('/api/v1/utility-requests', {})),
    refetchOnWindowFocus: true,
  })
  const act = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Action }) =>
      must(api.POST('/api/v1/utility-requests/{id}/actions', { params: { path: { id } }, body })),
    onSuccess: (answer) =>
      putRow<RequestList, UtilityRequest>(
        client,
        keys.utilityRequests(),
        'requests',
        answer.request,
        (a, b) => a.requestId === b.requestId,
      ),
  })
  const requests = (data?.requests ?? []).filter((r) => stage === 'all' || r.stage === stage)
  return (
    <>
      <Typography.Title level={1}>报装申请</Typography.Title>
      <ProblemAlert error={error} />
      <ProblemAlert error={act.error} />
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="utility-stage">办理阶段</label>
        <Select
          id="utility-stage"
          style={{ width: 200 }}
          value={stage}
          onChange={setStage}
          options={[{ value: 'all', label: '全部' }, ...STAGES.map((s) => ({ value: s.stage, label: s.name }))]}
        />
      </Space>
      <Table<UtilityRequest>
        rowKey="requestId"
        loading={isPending}
        dataSource={requests}
        pagination={false}
        locale={{ emptyText: '暂无报装申请' }}
        expandable={{
          expandedRowRender: (r) => <RequestStages r={r} />,
          expandedRowKeys: requests.map((r) => r.requestId).filter((id) => !folded.includes(id)),
          onExpand: (open, r) =>
            setFolded((prev) => (open ? prev.filter((k) => k !== r.requestId) : [...prev, r.requestId])),
        }}
        columns={unbrokenHeadings<UtilityRequest>([
          {
            title: '项目',
            key: 'project',
            render: (_, r) => <ProjectTitleCell projectId={r.projectId} titles={data?.projects ?? []} />,
          },
          {
            title: '报装类别',
            key: 'provider',
            render: (_, r) => <span style={unbroken}>{providerName(r.provider)}报装</span>,
          },
          { title: '外线', key: 'line', render: (_, r) => lineOf(r) },
          {
            title: '办理方式',
            key: 'lowRisk',
            render: (_, r) =>
              r.lowRisk ? (
                <StatusTag tone="green">{LOW_RISK_MODE}</StatusTag>
              ) : (
                <StatusTag tone="grey">需行政审批</StatusTag>
              ),
          },
          {
            title: '当前阶段',
            key: 'stage',
            render: (_, r) => <StatusTag tone="blue">{stageName(r.stage)}</StatusTag>,
          },
          {
            title: '受理日期',
            key: 'openedAt',
            render: (_, r) => <span style={unbroken}>{chineseDate(r.openedAt)}</span>,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => {
              const actions = nextActions(r)
              if (r.stage === 'awaiting-acceptance') return '等待联合验收通过后接通'
              if (r.stage === 'connected') return <span style={unbroken}>已于{chineseDateTime(r.connectedAt)}接通</span>
              return (
                <Space wrap>
                  {actions.map((a) => (
                    <Button
                      key={a.label}
                      type="primary"
                      size="small"
                      loading={act.isPending && act.variables?.id === r.requestId}
                      onClick={() => act.mutate({ id: r.requestId, body: a.body })}
                    >
                      {a.label}
                    </Button>
                  ))}
                </Space>
              )
            },
          },
        ])}
      />
    </>
  )
}

/** The permits' time limit: the region's, counted; or none, where its catalogue sets none (Foshan, 004:2197). */
function permitsLimitText(r: UtilityRequest): string {
  if (!r.permitsClock) return '。并联审批时限未定（本地区未规定外线审批办结时限，不计时、不预警）'
  const { limit, start } = r.permitsClock
  return `。并联审批时限 ${limit.value} 个${limit.unit === 'W' ? '工作日' : '自然日'}，${countsFrom(start, limit.unit)}`
}

function RequestStages({ r }: { r: UtilityRequest }) {
  const current = STAGES.findIndex((s) => s.stage === r.stage)
  return (
    <>
      <Steps
        size="small"
        current={current}
        status={r.stage === 'connected' ? 'finish' : 'process'}
        items={STAGES.map((s) => ({
          title: r.lowRisk && s.stage === 'outside-line-permits' ? LOW_RISK_STAGE : s.name,
        }))}
        style={{ marginBottom: 12 }}
      />
      {r.permits.length > 0 && (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          外线审批：
          {r.permits.map((p) => `${PERMITS[p.kind]}（${PERMIT_STATUS[p.status]}）`).join('；')}
          {!r.lowRisk && permitsLimitText(r)}
          {r.permitsDoneAt && `，${chineseDate(r.permitsDoneAt)}全部办结`}
        </Typography.Paragraph>
      )}
    </>
  )
}
