import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, List, Select, Space, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { useParams, useSearchParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime, phaseText } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { MATERIAL_NAMES, materialName, materialNames } from '../../materials'
import { NotFound } from '../not-found'
import { forecastText } from '../owner/forecast-text'
import { ProjectPermits } from '../shared/certificate-objections'
import { PlotList } from '../shared-results/plot-list'
import { CommissionTable } from '../shared-results/survey-commissions'
import { CommitmentVerification } from './commitment-verification'
import { type DecisionWords, decisionWords } from './decision-words'
import { DeficiencyFindings } from './deficiency-findings'
import { DrawingReport } from './drawing-report'
import { followOnsAfter } from './follow-on-lines'
import { RectificationReview } from './rectification-review'
import { TaskSupervisions } from './supervisions'
import { claimedActions } from './task-actions'
import { ClockCard, SPECIAL_KINDS, type Status, type StatusTask, suspensionName, TaskStateText } from './views'

type ActionBody = paths['/api/v1/tasks/{id}/actions']['post']['requestBody']['content']['application/json']

const ACTION_NAMES: Record<ActionBody['action'], string> = {
  claim: '认领',
  supplement: '补正',
  'special-procedure-start': '特别程序开始',
  'special-procedure-end': '特别程序结束',
  approve: '通过',
  reject: '不通过',
  extend: '延长',
  revoke: '撤销',
}

// Each action's form has a name of its own: antd makes a field's id from the form's name and the field's, and two
// forms' `reason` fields would otherwise share one id (and one label).

/** A form's field with the gateway's message for it when the action was refused (next to the field). */
const refused = (error: unknown, field: string) => {
  const help = fieldMessage(error, field)
  return help ? { help, validateStatus: 'error' as const } : {}
}

/**
 * One task of the reviewer's department: the application, the materials asked for, every clock with its
 * explanation and pauses, and the actions its state allows. Read from the project's status (the task page's link
 * names the project: `?project=`), which shows a reviewer its own department's tasks only.
 */
export default function TaskPage() {
  const { taskId = '' } = useParams()
  const [params] = useSearchParams()
  const projectId = params.get('project') ?? ''
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
    enabled: projectId !== '',
    refetchOnWindowFocus: true,
  })
  if (projectId === '') return <NotFound what="审批任务" />
  if (status.isPending) return <Loading />
  // Another department's or owner's project answers 404 like an unknown one: the page says no more than that.
  if (status.error instanceof ApiProblem && status.error.status === 404) return <NotFound what="审批任务" />
  if (status.error) return <ProblemAlert error={status.error} />
  const task = status.data.tasks.find((t) => t.taskId === taskId)
  if (!task) return <NotFound what="审批任务" />
  return <TaskView status={status.data} task={task} />
}

function TaskView({ status, task }: { status: Status; task: StatusTask }) {
  const application = status.applications.find((a) => a.applicationId === task.applicationId)
  // Of each 补正 notice a reviewer sees its own department's requests only (the gateway filters them).
  const requests = (application?.notices ?? []).flatMap((n) =>
    n.requests.filter((r) => r.taskId === task.taskId).map((r) => ({ ...r, notice: n })),
  )
  const bureau = task.departmentName ?? departmentName(task.department)
  const words = decisionWords(task)
  const outcome = task.decision?.outcome
  const result = outcome === 'approved' ? words.approved : outcome === 'rejected' ? words.rejected : '办结'
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        审批任务：{task.itemName ?? task.item}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="项目">
          {status.project.name}（{status.project.projectCode}）
        </Descriptions.Item>
        <Descriptions.Item label="建设单位">{status.project.owner.name}</Descriptions.Item>
        <Descriptions.Item label="审批部门">{bureau}</Descriptions.Item>
        {task.followOnOf && (
          <Descriptions.Item label="后续事项">
            {task.followOnOf.itemName ?? task.followOnOf.item}
            {task.followOnOf.forInformation
              ? '获批后将审批信息推送本部门，请确认接收，建设单位无需申请'
              : '获批后推送本部门办理，建设单位无需申请'}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="办理状态">
          <TaskStateText task={task} />
        </Descriptions.Item>
        {/* The platform knows the claiming account, not a person's name: it says so, with the bureau it acts for. */}
        <Descriptions.Item label="承办账号">
          {task.claimedBy ? `${task.claimedBy}（${bureau}）` : '未认领'}
        </Descriptions.Item>
        <Descriptions.Item label="补正次数">{task.supplementRoundsUsed}</Descriptions.Item>
        {status.forecast?.wholeFlow && (
          <Descriptions.Item label="项目预计">
            <span data-forecast="whole-flow">{forecastText(status.forecast.wholeFlow)}</span>
          </Descriptions.Item>
        )}
        {task.decision && (
          <Descriptions.Item label="办理结果" span={2}>
            {result}（{chineseDateTime(task.decision.decidedAt)}）
            {task.decision.reason ? `；理由：${task.decision.reason}` : ''}
            {task.decision.conditions?.length ? `；附条件：${task.decision.conditions.join('；')}` : ''}
          </Descriptions.Item>
        )}
        {/* 撤销 (15): by the department's own action, or at once with a breach found with 依法撤销许可. */}
        {task.revocation && (
          <Descriptions.Item label="撤销" span={2}>
            {chineseDate(task.revocation.revokedOn)}依法撤销；理由：{task.revocation.reason}；依据：
            {task.revocation.legalBasis}
          </Descriptions.Item>
        )}
      </Descriptions>

      <TaskSupervisions taskId={task.taskId} />

      <Card title="申请" size="small" style={{ marginBottom: 16 }}>
        {application ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="审批阶段">
              {application.stepName ?? application.step ?? '—'}
              {/* 分阶段办理: the phase of the step this application (and so this task) decides. */}
              {application.phase ? `（${phaseText(application.phase)}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="受理回执编号">{application.receiptNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="受理日期">{chineseDate(application.acceptedOn)}</Descriptions.Item>
            <Descriptions.Item label="受理结果">
              {application.outcome === 'accepted-with-deficiencies' ? '容缺受理' : application.outcome ? '受理' : '—'}
            </Descriptions.Item>
            {/* 后续事项 of this item (004:1814): withheld on the owner's statements, nothing reaches its department. */}
            {followOnsAfter(application, task.item).map((f) => (
              <Descriptions.Item key={f.item} label={f.opens ? '后续事项' : '后续事项（不共享）'} span={2}>
                <span data-follow-on={f.opens ? 'opens' : 'withheld'}>{f.text}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        ) : (
          <Typography.Text>申请信息尚未同步。</Typography.Text>
        )}
      </Card>

      {/* 用地清单: what the department may ask for is bounded by the plot's list, so it is read before a 补正. */}
      {status.shared.plot && (
        <Card title="用地清单" size="small" style={{ marginBottom: 16 }}>
          <PlotList plot={status.shared.plot} />
        </Card>
      )}

      <Card title="材料" size="small" style={{ marginBottom: 16 }}>
        <List
          size="small"
          header={<Typography.Text strong>容缺材料（受理时暂缺，承诺后补）</Typography.Text>}
          locale={{ emptyText: <Typography.Text>无容缺材料</Typography.Text> }}
          dataSource={application?.deficiencies ?? []}
          renderItem={(d) => (
            <List.Item>
              {d.name ?? materialName(d.material)}：承诺 {chineseDate(d.promisedOn)} 前补交，
              {d.cured ? `已于 ${chineseDate(d.curedOn)} 补交` : d.overdue ? '已逾期未补交' : '尚未补交'}
            </List.Item>
          )}
        />
        <List
          size="small"
          header={<Typography.Text strong>本部门的补正要求</Typography.Text>}
          locale={{ emptyText: <Typography.Text>未要求补正</Typography.Text> }}
          dataSource={requests}
          renderItem={(r) => (
            <List.Item>
              {chineseDate(r.requestedOn)} 要求补正 {materialNames(r.materials)}；理由：{r.reason}；
              {r.notice.status === 'answered'
                ? `建设单位已于 ${chineseDateTime(r.notice.answeredAt)} 补正`
                : '等待建设单位补正'}
            </List.Item>
          )}
        />
      </Card>

      {/* 电子证照: the project's permits its review relies on instead of paper (004:1132), each open to 证照异议. */}
      <ProjectPermits
        certificates={status.certificates}
        ownItems={new Set(status.tasks.filter((t) => t.department === task.department).map((t) => t.item))}
      />

      <CommitmentVerification task={task} projectId={status.project.projectId} today={status.asOf.today} />
      <DeficiencyFindings task={task} projectId={status.project.projectId} today={status.asOf.today} />
      <RectificationReview task={task} projectId={status.project.projectId} today={status.asOf.today} />

      <DrawingReport taskId={task.taskId} />
      <SurveyCommissions projectId={status.project.projectId} />
      {status.shared.intermediaries.length > 0 && <IntermediaryResults engagements={status.shared.intermediaries} />}

      <Typography.Title level={2} style={{ fontSize: 18 }}>
        时限
      </Typography.Title>
      {task.clocks.statutory && <ClockCard name="statutory" clock={task.clocks.statutory} />}
      {task.clocks.committed && <ClockCard name="committed" clock={task.clocks.committed} />}

      <Actions status={status} task={task} />
    </>
  )
}

/** The actions the task's state allows; a refused one shows the gateway's reason, and each field's next to it. */
function Actions({ status, task }: { status: Status; task: StatusTask }) {
  const queryClient = useQueryClient()
  const [done, setDone] = useState<ActionBody['action']>()
  const act = useMutation({
    mutationFn: (body: ActionBody) =>
      must(api.POST('/api/v1/tasks/{id}/actions', { params: { path: { id: task.taskId } }, body })),
    onSuccess: (_, body) => {
      setDone(body.action)
      // Not awaited: the mutation would stay pending until both refetches end, and the next action's button, shown by
      // the first, would render loading — a click on it does nothing (owner.e2e saw a click on 审批通过 lost so).
      void queryClient.invalidateQueries({ queryKey: keys.status(status.project.projectId) })
      void queryClient.invalidateQueries({ queryKey: keys.tasks() })
    },
  })
  const run = (body: ActionBody) => {
    setDone(undefined)
    act.mutate(body)
  }
  // Each form's errors are the last refusal of its own action only.
  const errorOf = (action: ActionBody['action']) => (act.variables?.action === action ? act.error : undefined)
  const words = decisionWords(task)
  const names = { ...ACTION_NAMES, approve: words.approved, reject: words.rejected }
  const offered = claimedActions(task)

  return (
    <Card title="办理" size="small">
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已提交：${names[done]}`}
          description="办理状态将在处理完成后更新。"
        />
      )}
      <ProblemAlert error={act.error} />
      {task.status === 'assigned' && (
        <Button type="primary" onClick={() => run({ action: 'claim' })} loading={act.isPending}>
          认领
        </Button>
      )}
      {task.status === 'supplement-requested' && (
        <Typography.Paragraph>已发出补正通知，计时暂停，等待建设单位一次性补正。</Typography.Paragraph>
      )}
      {task.status === 'special-procedure' && (
        <Button type="primary" onClick={() => run({ action: 'special-procedure-end' })} loading={act.isPending}>
          结束特别程序
        </Button>
      )}
      {task.status === 'claimed' && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <ApproveForm error={errorOf('approve')} busy={act.isPending} onSubmit={run} words={words} />
          {offered.includes('reject') && (
            <RejectForm error={errorOf('reject')} busy={act.isPending} onSubmit={run} words={words} />
          )}
          {offered.includes('supplement') && (
            <SupplementForm
              error={errorOf('supplement')}
              busy={act.isPending}
              onSubmit={run}
              guide={task.guideMaterials}
            />
          )}
          {offered.includes('special-procedure-start') && (
            <SpecialProcedureForm error={errorOf('special-procedure-start')} busy={act.isPending} onSubmit={run} />
          )}
        </Space>
      )}
      {!['assigned', 'claimed', 'supplement-requested', 'special-procedure'].includes(task.status) && (
        <Typography.Paragraph>本任务已办结。</Typography.Paragraph>
      )}
    </Card>
  )
}

type FormProps = { error: unknown; busy: boolean; onSubmit: (body: ActionBody) => void }

/** Lines of a text area, each a condition or a material code: blank lines dropped. */
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/** One action's card: its form (named, so two forms' fields never share an id) and the button that sends it. */
function ActionCard<V>({
  title,
  name,
  button,
  primary,
  busy,
  initialValues,
  onFinish,
  children,
}: {
  title: string
  name: string
  button: string
  primary?: boolean
  busy: boolean
  initialValues?: Partial<V>
  onFinish: (values: V) => void
  children: ReactNode
}) {
  return (
    <Card type="inner" size="small" title={title}>
      <Form<V> name={name} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        {children}
        <Button {...(primary ? { type: 'primary' as const } : {})} htmlType="submit" loading={busy}>
          {button}
        </Button>
      </Form>
    </Card>
  )
}

/** The reason an action gives, required, with the gateway's message next to it when refused. */
function ReasonField({ error, label, missing }: { error: unknown; label: string; missing: string }) {
  return (
    <Form.Item
      name="reason"
      label={label}
      rules={[{ required: true, message: missing }]}
      {...refused(error, '/body/reason')}
    >
      <Input.TextArea rows={2} maxLength={2000} />
    </Form.Item>
  )
}

function ApproveForm({ error, busy, onSubmit, words }: FormProps & { words: DecisionWords }) {
  return (
    <ActionCard<{ conditions?: string }>
      title={words.approved}
      name="approve"
      button={words.approve}
      primary
      busy={busy}
      onFinish={(v) => {
        const conditions = lines(v.conditions)
        onSubmit({ action: 'approve', ...(conditions.length ? { conditions } : {}) })
      }}
    >
      <Form.Item name="conditions" label="附加条件（每行一条，可不填）" {...refused(error, '/body/conditions')}>
        <Input.TextArea rows={2} maxLength={20_000} />
      </Form.Item>
    </ActionCard>
  )
}

function RejectForm({ error, busy, onSubmit, words }: FormProps & { words: DecisionWords }) {
  // antd's danger red on white falls short of AA contrast: the title says what this button does.
  return (
    <ActionCard<{ reason: string }>
      title={words.rejected}
      name="reject"
      button={words.reject}
      busy={busy}
      onFinish={(v) => onSubmit({ action: 'reject', reason: v.reason })}
    >
      <ReasonField error={error} label={`${words.rejected}理由`} missing={`请填写${words.rejected}理由`} />
    </ActionCard>
  )
}

/**
 * 补正 asks only for what the item's service guide lists (指南之外无材料, 004:1050): those are the choices, by name, and
 * nothing else can be typed. A task opened before its guide was pinned, or of an item the catalogue lists no materials
 * for, offers the catalogues' materials.
 */
function SupplementForm({ error, busy, onSubmit, guide }: FormProps & { guide: readonly string[] | undefined }) {
  const codes = guide ?? Object.keys(MATERIAL_NAMES)
  return (
    <ActionCard<{ materials: string[]; reason: string }>
      title="补正（一次性告知需补正的材料，计时暂停）"
      name="supplement"
      button="发出补正通知"
      busy={busy}
      onFinish={(v) => onSubmit({ action: 'supplement', materials: v.materials, reason: v.reason })}
    >
      <Form.Item
        name="materials"
        label="需补正的材料"
        extra={guide ? '只能选择该事项办事指南所列的材料' : '按名称选择'}
        rules={[{ required: true, message: '请至少选择一项材料' }]}
        {...refused(error, '/body/materials')}
      >
        <Select
          mode="multiple"
          aria-label="需补正的材料"
          options={codes.map((value) => ({ value, label: materialName(value) }))}
          optionFilterProp="label"
        />
      </Form.Item>
      <ReasonField error={error} label="补正理由" missing="请填写补正理由" />
    </ActionCard>
  )
}

type SpecialValues = { kind: string; legalBasis?: string; note?: string; limitValue?: number; limitUnit: 'W' | 'N' }

function SpecialProcedureForm({ error, busy, onSubmit }: FormProps) {
  return (
    <ActionCard<SpecialValues>
      title="特别程序（专家评审、听证等，计时暂停）"
      name="special-procedure"
      button="开始特别程序"
      busy={busy}
      initialValues={{ limitUnit: 'W' }}
      onFinish={(v) =>
        onSubmit({
          action: 'special-procedure-start',
          kind: v.kind as Extract<ActionBody, { action: 'special-procedure-start' }>['kind'],
          ...(v.legalBasis ? { legalBasis: v.legalBasis } : {}),
          ...(v.note ? { note: v.note } : {}),
          ...(v.limitValue ? { limit: { value: v.limitValue, unit: v.limitUnit } } : {}),
        })
      }
    >
      <Form.Item
        name="kind"
        label="程序种类"
        rules={[{ required: true, message: '请选择特别程序种类' }]}
        {...refused(error, '/body/kind')}
      >
        <Select aria-label="程序种类" options={SPECIAL_KINDS.map((k) => ({ value: k, label: suspensionName(k) }))} />
      </Form.Item>
      <Form.Item name="legalBasis" label="法律依据" {...refused(error, '/body/legalBasis')}>
        <Input maxLength={500} placeholder="如：行政许可法第四十五条" />
      </Form.Item>
      <Form.Item name="note" label="说明" {...refused(error, '/body/note')}>
        <Input maxLength={2000} />
      </Form.Item>
      <Space align="start">
        <Form.Item name="limitValue" label="程序期限（可不填，按目录）" {...refused(error, '/body/limit')}>
          <InputNumber min={1} max={999} aria-label="程序期限" />
        </Form.Item>
        <Form.Item name="limitUnit" label="期限单位">
          <Select
            aria-label="期限单位"
            style={{ width: 120 }}
            options={[
              { value: 'W', label: '工作日' },
              { value: 'N', label: '自然日' },
            ]}
          />
        </Form.Item>
      </Space>
    </ActionCard>
  )
}

/**
 * 中介服务 inside the flow (004:1792): the intermediaries the owner chose whose report one of this department's items
 * decides on (the status shows a department those only), with the report once delivered.
 */
function IntermediaryResults({ engagements }: { engagements: Status['shared']['intermediaries'] }) {
  return (
    <Card title="中介服务成果" size="small" style={{ marginBottom: 16 }}>
      <section aria-label="中介服务成果">
        <List
          size="small"
          dataSource={engagements}
          renderItem={(g) => (
            <List.Item>
              {g.service.name}（{g.intermediary.name}，信用等级 {g.intermediary.grade}；用于{' '}
              {g.decidesOn.map((d) => d.name).join('、')}）：
              {g.status === 'delivered'
                ? `已于 ${chineseDate(g.deliveredOn)} 交付成果 ${g.documentRef ?? ''}`
                : `服务中，${chineseDate(g.dueOn)} 前交付`}
            </List.Item>
          )}
        />
      </section>
    </Card>
  )
}

/**
 * 多测合一 on a department's task: the project's survey commissions with their results, which the department judges
 * against instead of asking the owner for another survey (the gateway lets a department with a task on the project
 * read them).
 */
function SurveyCommissions({ projectId }: { projectId: string }) {
  const list = useQuery({
    queryKey: keys.surveyCommissions(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/survey-commissions', { params: { path: { id: projectId } } })),
  })
  return (
    <Card title="多测合一测绘成果" size="small" style={{ marginBottom: 16 }}>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Typography.Text>正在读取测绘委托…</Typography.Text>
      ) : (
        list.data && <CommissionTable commissions={list.data.commissions} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        同一阶段一次委托、成果共享（多测合一）：已有的测绘成果不再要求建设单位另行测绘。
      </Typography.Paragraph>
    </Card>
  )
}
