import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Steps, Table, Typography } from 'antd'
import { type Key, useState } from 'react'
import { api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { byDueDay, ClockCell } from '../../components/clock-cell'
import { DayPick } from '../../components/day-picker'
import {
  PERMIT_DECISION_FIELD_NAMES,
  PermitDecisionFields,
  type PermitDecisionValues,
  permitDecisionTexts,
} from '../../components/permit-decision'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { unbroken, unbrokenHeadings } from '../../components/unbroken'
import { departmentName, providerName } from '../../departments'
import { countsFrom } from '../../explanation'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import {
  confirmedHere,
  JointSurveyCancelForm,
  type JointSurveyCancellation,
  JointSurveyForm,
  type JointSurveyProposal,
  jointSurveyConfirmationsText,
  jointSurveyText,
  proposedHere,
} from './joint-survey'
import {
  decidable,
  departmentText,
  documentNoText,
  EXEMPT_MODE,
  exemptionText,
  lineOf,
  noteText,
  onlineText,
  onPlatform,
  owedMaterials,
  PERMITS,
  type Permit,
  permitStatusText,
  reapplicable,
} from './permits'
import { permitsPausedFrom, permitsPauseText } from './permits-pause'
import { pushText, restorationText, type WorksPlan, WorksPlanForm } from './works-plan'

type RequestList = paths['/api/v1/utility-requests']['get']['responses'][200]['content']['application/json']
type UtilityRequest = RequestList['requests'][number]
type Stage = UtilityRequest['stage']
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

const PERMIT_TONE = { filed: 'green', requested: 'blue', granted: 'green', refused: 'red' } as const

/**
 * The departments a provider may name as the one that decided an outside-line permit (004:2195: 自然资源、公安、交通运输、
 * 城管、住建、水务; 钦州's 行政审批局). The service takes only a government department of the project's catalogue and
 * keeps the bureau's own name (佛山市城管执法局), which the page then shows.
 */
const DECIDING_DEPARTMENTS = [
  'urban-management',
  'transport',
  'public-security',
  'natural-resources',
  'housing-construction',
  'water',
  'administrative-approval',
] as const

/**
 * Under the region's low-risk thresholds the provider only files its works plan and may start (Shanwei 告知承诺免审批,
 * 004:1850; Foshan 告知承诺免审批 and 非禁免批, 004:2197–2199): no permit is applied for and nothing is 备案 with a
 * department, so the tag names the regime and what the provider does.
 */
const LOW_RISK_MODE = '告知承诺免审批（报备施工方案）'
/** A low-risk request's third stage: it skips 外线行政审批 (`plan-done` goes straight to construction). */
const LOW_RISK_STAGE = '免审批（报备施工方案）'

/**
 * 建设单位 and whom to call, under the project: the owner with its 统一社会信用代码, and the 申请联系人/联系电话 the
 * window desk recorded on the combined application — the provider arranges the survey and the connection with them,
 * asking the owner for nothing again. A request opened before they were carried names neither.
 */
function WhomToCall({ r }: { r: UtilityRequest }) {
  const c = r.applicationContact
  return (
    <div data-testid="whom-to-call" style={{ fontSize: 12, marginTop: 4, overflowWrap: 'anywhere' }}>
      <div>
        建设单位：{r.owner ? r.owner.name : '—'}
        {/* The code is read out and copied whole: it never breaks mid-code. */}
        {r.owner && (
          <>
            （统一社会信用代码 <span style={unbroken}>{r.owner.creditCode}</span>）
          </>
        )}
      </div>
      <div>
        {c ? (
          <>
            申请联系人：{c.name ?? '未登记'}；联系电话：<span style={unbroken}>{c.phone ?? '未登记'}</span>
          </>
        ) : (
          '窗口未登记申请联系人'
        )}
      </div>
    </div>
  )
}

/**
 * Whether the plan is filed by pushing the works plan (告知承诺免审批): as the request says since it says so; a request
 * opened before is offered both ways, its region's catalogue deciding at `plan-done`.
 */
const pushesWorksPlan = (r: UtilityRequest): boolean => r.pushesWorksPlan ?? (r.lowRisk && !r.permitsExemption)

/** What the provider does next at a stage: the body sent and the button's words. */
function nextActions(r: UtilityRequest): Array<{ label: string; body: Action }> {
  switch (r.stage) {
    case 'survey':
      return [
        { label: '完成现场勘察', body: { action: 'survey-done' } },
        // Each provider records its own survey; at the joint survey (联合踏勘), from its day on, its event says so.
        ...(r.jointSurvey
          ? [{ label: '已在联合踏勘时勘察', body: { action: 'survey-done', atJointSurvey: true } as Action }]
          : []),
      ]
    case 'plan':
      // A line that files by pushing its works plan does it in its own form (告知承诺并推送施工方案).
      return r.pushesWorksPlan ? [] : [{ label: '完成接入方案', body: { action: 'plan-done' } }]
    case 'outside-line-permits':
      // The department decides; the provider records its written decision (a form: see DecisionForm).
      return []
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
  // 告知承诺: the low-risk request whose plan is filed with its works plan pushed.
  const [pushing, setPushing] = useState<UtilityRequest>()
  // The permit whose department's decision is being recorded.
  const [deciding, setDeciding] = useState<{ r: UtilityRequest; kind: Permit['kind'] }>()
  // 重新申请: the permit its department refused, applied for again with the plan changed.
  const [reapplying, setReapplying] = useState<{ r: UtilityRequest; kind: Permit['kind'] }>()
  // 容缺后补: the permit whose owed materials the provider hands in.
  const [supplying, setSupplying] = useState<{ r: UtilityRequest; permit: Permit }>()
  // 联合踏勘: the request through which the provider proposes its project's one joint survey.
  const [proposing, setProposing] = useState<UtilityRequest>()
  // Each joint-survey command answers the requests it rewrote as they stand after: the provider's own are put in the
  // list at once (the read model may not have them yet), another provider's are in no list of this one.
  const putRequests = (answer: { requests: UtilityRequest[] }) => {
    for (const request of answer.requests) {
      putRow<RequestList, UtilityRequest>(
        client,
        keys.utilityRequests(),
        'requests',
        request,
        (a, b) => a.requestId === b.requestId,
      )
    }
  }
  const propose = useMutation({
    mutationFn: ({ id, body }: { id: string; body: JointSurveyProposal }) =>
      must(api.POST('/api/v1/utility-requests/{id}/joint-survey', { params: { path: { id } }, body })),
    onSuccess: putRequests,
  })
  // 取消联合踏勘: the proposer's request through which it cancels.
  const [cancelling, setCancelling] = useState<UtilityRequest>()
  const cancel = useMutation({
    mutationFn: ({ id, body }: { id: string; body: JointSurveyCancellation }) =>
      must(api.POST('/api/v1/utility-requests/{id}/joint-survey/cancellation', { params: { path: { id } }, body })),
    onSuccess: putRequests,
  })
  // 确认参加: named by the appointment the row showed, so one rescheduled meanwhile is refused, not confirmed unseen.
  const confirm = useMutation({
    mutationFn: ({ id, proposedAt }: { id: string; proposedAt: string }) =>
      must(
        api.POST('/api/v1/utility-requests/{id}/joint-survey/confirmation', {
          params: { path: { id } },
          body: { proposedAt },
        }),
      ),
    onSuccess: putRequests,
  })
  const requests = (data?.requests ?? []).filter((r) => stage === 'all' || r.stage === stage)
  return (
    <>
      <Typography.Title level={1}>报装申请</Typography.Title>
      <ProblemAlert error={error} />
      <ProblemAlert error={act.error} />
      <ProblemAlert error={confirm.error} />
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
            render: (_, r) => (
              <>
                <ProjectTitleCell projectId={r.projectId} titles={data?.projects ?? []} />
                <WhomToCall r={r} />
              </>
            ),
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
              r.permitsExemption ? (
                // The project's type frees the line whatever its measures: the tag says the regime, the line whose.
                <>
                  <StatusTag tone="green">{EXEMPT_MODE}</StatusTag>
                  <br />
                  <Typography.Text type="secondary">{r.permitsExemption.projectTypeName}</Typography.Text>
                </>
              ) : r.lowRisk ? (
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
            title: '联合踏勘',
            key: 'jointSurvey',
            render: (_, r) =>
              r.stage !== 'survey' ? (
                '—'
              ) : r.jointSurvey ? (
                <>
                  {jointSurveyText(r.jointSurvey)}
                  <br />
                  <Typography.Text type="secondary">{jointSurveyConfirmationsText(r.jointSurvey)}</Typography.Text>
                </>
              ) : (
                '尚未约定'
              ),
          },
          {
            title: '受理日期',
            key: 'openedAt',
            render: (_, r) => <span style={unbroken}>{chineseDate(r.openedAt)}</span>,
          },
          {
            // Soonest due first, as the provider works them; those whose permits are all decided after the running
            // ones, then those with nothing to count (免审批, not yet at the permits, 时限未定).
            title: '外线审批时限',
            key: 'clock',
            defaultSortOrder: 'ascend',
            sortDirections: ['ascend', 'descend', 'ascend'],
            sorter: byDueDay<UtilityRequest>(
              (r) => r.permitsClockState?.due,
              (r) => r.permitsDoneAt !== undefined,
            ),
            render: (_, r) => <PermitsClockCell r={r} />,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => {
              const actions = nextActions(r)
              // 容缺后补: at any stage, as long as a permit's department accepted it without materials still owed.
              const supply = r.permits
                .filter((p) => owedMaterials(p).length > 0)
                .map((p) => (
                  <Button key={`supply-${p.kind}`} size="small" onClick={() => setSupplying({ r, permit: p })}>
                    补交{PERMITS[p.kind]}容缺材料
                  </Button>
                ))
              // 修复完成: after construction, on a request whose plans were pushed; again once a department sent it back.
              const restore = r.worksPlanPush && (!r.restoration || r.restoration.status === 'rectify') && (
                <Button
                  size="small"
                  type="primary"
                  loading={act.isPending && act.variables?.id === r.requestId}
                  onClick={() => act.mutate({ id: r.requestId, body: { action: 'restoration-done' } })}
                >
                  修复完成
                </Button>
              )
              if (r.stage === 'awaiting-acceptance')
                return (
                  <Space wrap>
                    等待联合验收通过后接通{restore}
                    {supply}
                  </Space>
                )
              if (r.stage === 'connected')
                return (
                  <Space wrap>
                    <span style={unbroken}>已于{chineseDateTime(r.connectedAt)}接通</span>
                    {restore}
                    {supply}
                  </Space>
                )
              const undecided = r.stage === 'outside-line-permits' ? r.permits.filter(decidable) : []
              return (
                <Space wrap>
                  {r.stage === 'survey' && (
                    <Button size="small" onClick={() => setProposing(r)}>
                      {r.jointSurvey ? '调整联合踏勘' : '约定联合踏勘'}
                    </Button>
                  )}
                  {r.stage === 'survey' && r.jointSurvey && proposedHere(r) && (
                    <Button size="small" danger onClick={() => setCancelling(r)}>
                      取消联合踏勘
                    </Button>
                  )}
                  {r.stage === 'survey' &&
                    r.jointSurvey &&
                    !proposedHere(r) &&
                    (confirmedHere(r) ? (
                      <StatusTag tone="green">已确认参加</StatusTag>
                    ) : (
                      <Button
                        size="small"
                        loading={confirm.isPending && confirm.variables?.id === r.requestId}
                        onClick={() =>
                          r.jointSurvey && confirm.mutate({ id: r.requestId, proposedAt: r.jointSurvey.proposedAt })
                        }
                      >
                        确认参加
                      </Button>
                    ))}
                  {r.stage === 'plan' && pushesWorksPlan(r) && (
                    <Button size="small" type="primary" onClick={() => setPushing(r)}>
                      告知承诺并推送施工方案
                    </Button>
                  )}
                  {undecided.map((p) => (
                    <Button key={p.kind} type="primary" size="small" onClick={() => setDeciding({ r, kind: p.kind })}>
                      登记{PERMITS[p.kind]}决定
                    </Button>
                  ))}
                  {r.stage === 'outside-line-permits' &&
                    r.permits.filter(onPlatform).map((p) =>
                      reapplicable(p) ? (
                        <Button key={p.kind} size="small" onClick={() => setReapplying({ r, kind: p.kind })}>
                          重新申请{PERMITS[p.kind]}
                        </Button>
                      ) : (
                        <Typography.Text key={p.kind} type="secondary" data-testid="permit-online">
                          {PERMITS[p.kind]}
                          {onlineText(p)}（{permitStatusText(p)}）
                        </Typography.Text>
                      ),
                    )}
                  {supply}
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
      {proposing && (
        <JointSurveyForm
          r={proposing}
          saving={propose.isPending}
          error={propose.error}
          onCancel={() => {
            propose.reset()
            setProposing(undefined)
          }}
          onSubmit={(body) =>
            propose.mutate({ id: proposing.requestId, body }, { onSuccess: () => setProposing(undefined) })
          }
        />
      )}
      {cancelling && (
        <JointSurveyCancelForm
          r={cancelling}
          saving={cancel.isPending}
          error={cancel.error}
          onCancel={() => {
            cancel.reset()
            setCancelling(undefined)
          }}
          onSubmit={(body) =>
            cancel.mutate({ id: cancelling.requestId, body }, { onSuccess: () => setCancelling(undefined) })
          }
        />
      )}
      {pushing && (
        <WorksPlanForm
          saving={act.isPending}
          error={act.error}
          onCancel={() => {
            act.reset()
            setPushing(undefined)
          }}
          onSubmit={(worksPlan: WorksPlan) =>
            act.mutate(
              { id: pushing.requestId, body: { action: 'plan-done', worksPlan } },
              { onSuccess: () => setPushing(undefined) },
            )
          }
        />
      )}
      {reapplying && (
        <ReapplyForm
          kind={reapplying.kind}
          permit={reapplying.r.permits.find((p) => p.kind === reapplying.kind)}
          saving={act.isPending}
          error={act.error}
          onCancel={() => {
            act.reset()
            setReapplying(undefined)
          }}
          onSubmit={(change) =>
            act.mutate(
              { id: reapplying.r.requestId, body: { action: 'permit-reapplied', kind: reapplying.kind, change } },
              { onSuccess: () => setReapplying(undefined) },
            )
          }
        />
      )}
      {supplying && (
        <SupplyForm
          permit={supplying.permit}
          saving={act.isPending}
          error={act.error}
          onCancel={() => {
            act.reset()
            setSupplying(undefined)
          }}
          onSubmit={(names) =>
            act.mutate(
              {
                id: supplying.r.requestId,
                body: {
                  action: 'permit-materials-supplied',
                  kind: supplying.permit.kind,
                  materials: names.map((name) => ({ name })),
                },
              },
              { onSuccess: () => setSupplying(undefined) },
            )
          }
        />
      )}
      {deciding && (
        <DecisionForm
          r={deciding.r}
          kind={deciding.kind}
          saving={act.isPending}
          error={act.error}
          onCancel={() => {
            act.reset()
            setDeciding(undefined)
          }}
          onSubmit={(body) =>
            act.mutate({ id: deciding.r.requestId, body }, { onSuccess: () => setDeciding(undefined) })
          }
        />
      )}
    </>
  )
}

/**
 * 容缺后补 — the provider hands in materials its permit's department accepted it without (容缺受理), ticking those it
 * supplies now: only what is still owed is offered, each as the department named it. No day to supply them by is
 * shown: no seed sets one.
 */
function SupplyForm({
  permit,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  permit: Permit
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (names: string[]) => void
}) {
  const [form] = Form.useForm<{ materials?: string[] }>()
  const owed = owedMaterials(permit)
  return (
    <Modal
      open
      title={`补交${PERMITS[permit.kind]}容缺材料`}
      okText="补交"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {permit.departmentName ?? departmentName(permit.department)}已容缺受理，以下材料待补交；请勾选本次补交的材料。
      </Typography.Paragraph>
      <ProblemAlert error={error} fields={{ '/kind': '审批事项', '/materials': '补交材料' }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ materials: owed }}
        onFinish={(v) => onSubmit(v.materials ?? [])}
      >
        <Form.Item
          name="materials"
          label="补交材料"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少勾选一项补交的材料' }]}
        >
          <Checkbox.Group options={owed.map((name) => ({ label: name, value: name }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** 什么改了: at most 500 characters, as the service bounds it. */
const MAX_CHANGE = 500

/**
 * 重新申请 — a permit its department refused on the platform: the provider changes its plan and applies again, saying
 * what it changed; the permit goes back to the department's 外线审批.
 */
function ReapplyForm({
  kind,
  permit,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  kind: Permit['kind']
  permit: Permit | undefined
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (change: string) => void
}) {
  const [form] = Form.useForm<{ change?: string }>()
  return (
    <Modal
      open
      title={`重新申请${PERMITS[kind]}`}
      okText="重新申请"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      {permit && (
        <Typography.Paragraph type="secondary">
          {permit.departmentName ?? departmentName(permit.department)}不予许可的理由：{permit.reason ?? '未登记'}
        </Typography.Paragraph>
      )}
      <ProblemAlert error={error} fields={{ '/change': '调整内容' }} />
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit((v.change ?? '').trim())}>
        <Form.Item
          name="change"
          label="调整内容"
          rules={[{ required: true, whitespace: true, message: '请说明对接入方案作了哪些调整' }]}
        >
          <Input.TextArea maxLength={MAX_CHANGE} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

type Decision = PermitDecisionValues & { outcome: 'granted' | 'refused'; department?: string; decidedOn?: string }

/**
 * 登记审批决定 — the provider records the department's written decision on one permit: who decided, the day, its 文号,
 * and for 不予许可 the reason. The provider applies and the department decides (004:2195); the record is the
 * department's decision as its document gives it, and the service refuses a day not yet come or a department the
 * region does not have.
 */
function DecisionForm({
  r,
  kind,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  r: UtilityRequest
  kind: Permit['kind']
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: Action) => void
}) {
  const [form] = Form.useForm<Decision>()
  const outcome = Form.useWatch('outcome', form)
  const submit = (v: Decision) => {
    const { documentNo, reason } = permitDecisionTexts(v)
    const decision = { kind, department: v.department ?? '', documentNo, decidedOn: v.decidedOn ?? '' }
    onSubmit(
      v.outcome === 'refused'
        ? { action: 'permit-refused', ...decision, reason }
        : { action: 'permit-granted', ...decision },
    )
  }
  return (
    <Modal
      open
      title={`登记${PERMITS[kind]}审批决定`}
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {providerName(r.provider)}报装的外线工程由审批部门并联审批，请按部门出具的审批决定书登记。
      </Typography.Paragraph>
      <ProblemAlert
        error={error}
        fields={{ '/department': '审批部门', '/decidedOn': '决定日期', ...PERMIT_DECISION_FIELD_NAMES }}
      />
      <Form<Decision> form={form} layout="vertical" initialValues={{ outcome: 'granted' }} onFinish={submit}>
        <Form.Item name="outcome" label="审批决定">
          <Radio.Group
            options={[
              { value: 'granted', label: '准予许可' },
              { value: 'refused', label: '不予许可' },
            ]}
          />
        </Form.Item>
        <Form.Item name="department" label="审批部门" rules={[{ required: true, message: '请选择作出决定的部门' }]}>
          <Select
            options={DECIDING_DEPARTMENTS.map((code) => ({ value: code, label: departmentName(code) }))}
            placeholder="请选择"
          />
        </Form.Item>
        <Form.Item name="decidedOn" label="决定日期" rules={[{ required: true, message: '请选择决定日期' }]}>
          <DayPick label="决定日期" />
        </Form.Item>
        {/* The written decision always names its 文号, a refusal's too. */}
        <PermitDecisionFields refused={outcome === 'refused'} documentNoRequired />
      </Form>
    </Modal>
  )
}

/**
 * The outside-line permits' clock in the list, in the words of every case list's clock (ClockCell): a low-risk line
 * applies for no permit, so nothing counts (免审批); before the permits stage the clock has not started (—); after
 * it, a region that sets no limit says 时限未定 (Foshan, 004:2197). The cell is read on the day the last permit was
 * decided once all were (`permitsDoneAt`), so it then says how long they took.
 */
function PermitsClockCell({ r }: { r: UtilityRequest }) {
  if (r.lowRisk) return <span style={unbroken}>免审批</span>
  if (!r.permitsClock && (r.stage === 'survey' || r.stage === 'plan')) return '—'
  const pausedFrom = permitsPausedFrom(r.permitsClock)
  return (
    <ClockCell
      clock={r.permitsClock}
      state={r.permitsClockState}
      alerts={r.permitsClockAlerts}
      finished={r.permitsDoneAt !== undefined}
      // Refused and back with the provider: not a 补正, whatever kind the service keeps it as.
      pauseWords={pausedFrom ? permitsPauseText(pausedFrom) : undefined}
    />
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
      {r.permitsExemption && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="permits-exemption">
          免于外线行政审批：{exemptionText(r.permitsExemption)}。
        </Typography.Paragraph>
      )}
      {r.worksPlanPush && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="works-plan-push">
          告知承诺免审批：{pushText(r.worksPlanPush)}。修复：{restorationText(r.restoration)}。
        </Typography.Paragraph>
      )}
      {r.permits.length > 0 && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            外线审批：
            {r.permits.map((p) => `${PERMITS[p.kind]}（${permitStatusText(p)}）`).join('；')}
            {!r.lowRisk && permitsLimitText(r)}
            {r.permitsDoneAt && `，${chineseDate(r.permitsDoneAt)}全部办结`}
          </Typography.Paragraph>
          <Table<Permit>
            size="small"
            rowKey="kind"
            pagination={false}
            dataSource={r.permits}
            aria-label="外线审批事项"
            columns={unbrokenHeadings<Permit>([
              { title: '审批事项', key: 'kind', render: (_, p) => PERMITS[p.kind] ?? p.kind },
              {
                title: '状态',
                key: 'status',
                render: (_, p) => <StatusTag tone={PERMIT_TONE[p.status] ?? 'grey'}>{permitStatusText(p)}</StatusTag>,
              },
              { title: '审批部门', key: 'department', render: (_, p) => departmentText(p) },
              { title: '文号', key: 'documentNo', render: (_, p) => <span style={unbroken}>{documentNoText(p)}</span> },
              {
                title: '决定日期',
                key: 'decidedOn',
                render: (_, p) =>
                  p.status === 'filed' ? (
                    <span style={unbroken}>{p.filedOn ? `${chineseDate(p.filedOn)}报备` : '—'}</span>
                  ) : (
                    <span style={unbroken}>{p.decidedOn ? chineseDate(p.decidedOn) : '—'}</span>
                  ),
              },
              { title: '说明', key: 'reason', render: (_, p) => noteText(p, r.permitsExemption) },
            ])}
          />
        </>
      )}
    </>
  )
}
