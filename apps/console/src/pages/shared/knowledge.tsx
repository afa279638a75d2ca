import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { DayPick } from '../../components/day-picker'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag, type Tone } from '../../components/status-tag'
import { departmentName, departmentOptions } from '../../departments'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'
import { useSession } from '../../session'

type Kind = 'policy' | 'guide' | 'script' | 'other'
// The longest validity of each kind (seeds/004_33317a5f04b53a73.txt:1678), as the form tells it before the gateway does.
const KINDS: { value: Kind; label: string; limit: string }[] = [
  { value: 'policy', label: '政策法规', limit: '有效期不超过 5 年' },
  { value: 'guide', label: '办事指南', limit: '有效期不超过 1 年' },
  { value: 'script', label: '答复口径', limit: '有效期不超过 6 个月' },
  { value: 'other', label: '业务解读等其他', limit: '有效期不超过 1 年' },
]
const kindName = (k: string) => KINDS.find((x) => x.value === k)?.label ?? k
const STATUS: Record<string, { label: string; tone: Tone }> = {
  valid: { label: '有效', tone: 'green' },
  pending: { label: '未生效', tone: 'blue' },
  expired: { label: '已过期', tone: 'red' },
  retired: { label: '已下架', tone: 'grey' },
}

type Point = {
  id: string
  department: string
  kind: string
  question: string
  answer: string
  source: string
  validFrom: string
  validTo: string
  version: number
  status: string
  remindedFor?: string
}
type PointValues = { question: string; answer: string; kind: Kind; source: string; validFrom: string; validTo: string }
type AnswerValues = { title: string; content: string; name?: string; phone?: string }

const FIELD_WORDS: Record<string, string> = {
  '/body/validTo': '有效期截止日不能早于起始日或今天，且不能超过该类别的最长有效期',
  '/body/validFrom': '请选择有效期起始日',
  '/body/question': '请填写问题（不超过 500 字）',
  '/body/answer': '请填写答复（不超过 4000 字）',
  '/body/source': '请填写依据（不超过 500 字）',
}
const refused = (error: unknown, field: string) =>
  fieldMessage(error, field) ? <span style={{ color: '#a8071a' }}>{FIELD_WORDS[field]}</span> : undefined

function PointForm({
  initial,
  error,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: Point | undefined
  error: unknown
  pending: boolean
  submitLabel: string
  onSubmit: (v: PointValues) => void
  onCancel?: () => void
}) {
  const [form] = Form.useForm<PointValues>()
  const kind = Form.useWatch('kind', form)
  return (
    <Form
      form={form}
      // Each form's own field ids (antd names them by field), so a label finds its own input when two are open.
      name={`knowledge-${initial?.id ?? 'new'}`}
      layout="vertical"
      aria-label={submitLabel}
      initialValues={initial ? { ...initial } : { kind: 'guide' }}
      onFinish={onSubmit}
    >
      <Form.Item
        name="question"
        label="问题"
        validateStatus={refused(error, '/body/question') ? 'error' : ''}
        help={refused(error, '/body/question')}
      >
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item
        name="answer"
        label="答复"
        validateStatus={refused(error, '/body/answer') ? 'error' : ''}
        help={refused(error, '/body/answer')}
      >
        <Input.TextArea maxLength={4000} rows={3} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="kind" label="类别" extra={KINDS.find((k) => k.value === kind)?.limit}>
          <Select
            options={KINDS.map(({ value, label }) => ({ value, label }))}
            style={{ width: 180 }}
            aria-label="类别"
          />
        </Form.Item>
        <Form.Item
          name="validFrom"
          label="有效期起"
          validateStatus={refused(error, '/body/validFrom') ? 'error' : ''}
          help={refused(error, '/body/validFrom')}
        >
          <DayPick label="有效期起" />
        </Form.Item>
        <Form.Item
          name="validTo"
          label="有效期至"
          validateStatus={refused(error, '/body/validTo') ? 'error' : ''}
          help={refused(error, '/body/validTo')}
        >
          <DayPick label="有效期至" />
        </Form.Item>
      </Space>
      <Form.Item
        name="source"
        label="依据"
        validateStatus={refused(error, '/body/source') ? 'error' : ''}
        help={refused(error, '/body/source')}
      >
        <Input maxLength={500} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={pending}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>取消</Button>}
      </Space>
    </Form>
  )
}

function PointItem({ point, children }: { point: Point; children?: React.ReactNode }) {
  return (
    <li aria-label={point.question} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
      <Space wrap>
        <strong>{point.question}</strong>
        <StatusTag tone={STATUS[point.status]?.tone ?? 'grey'}>{STATUS[point.status]?.label ?? point.status}</StatusTag>
        <StatusTag tone="cyan">{kindName(point.kind)}</StatusTag>
        {/* The expiry reminder was raised for this validity: the department confirms (修改) or withdraws it. */}
        {point.status === 'valid' && point.remindedFor === point.validTo && (
          <StatusTag tone="gold">即将到期，请确认</StatusTag>
        )}
      </Space>
      <div style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{point.answer}</div>
      <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
        {departmentName(point.department)} · 依据：{point.source} · 有效期 {chineseDate(point.validFrom)} 至{' '}
        {chineseDate(point.validTo)}
      </div>
      {children}
    </li>
  )
}

// ─── 知识点反馈 (seeds/004_33317a5f04b53a73.txt:1680–1682) ────────────────────────────────────────────────────────

type FeedbackKind = 'error' | 'omission' | 'outdated' | 'unclear' | 'new-point'
type FeedbackAction = 'added' | 'revised' | 'retired' | 'none'
const FEEDBACK_KINDS: { value: FeedbackKind; label: string }[] = [
  { value: 'error', label: '内容错误' },
  { value: 'omission', label: '内容遗漏' },
  { value: 'outdated', label: '内容过期' },
  { value: 'unclear', label: '表述不清' },
  { value: 'new-point', label: '需采编新知识点' },
]
const ACTIONS: { value: FeedbackAction; label: string }[] = [
  { value: 'revised', label: '已修改（含审核确认）' },
  { value: 'retired', label: '已下架' },
  { value: 'added', label: '已增补新知识点' },
  { value: 'none', label: '无需操作' },
]
const feedbackKindName = (k: string) => FEEDBACK_KINDS.find((x) => x.value === k)?.label ?? k
const actionName = (a: string) => ACTIONS.find((x) => x.value === a)?.label ?? a

type Feedback = {
  id: string
  department: string
  point?: { id: string; version: number; question: string }
  kind: string
  urgent: boolean
  note: string
  raisedOn: string
  limit: number
  dueOn: string
  status: string
  overdue: boolean
  answer?: { action: string; note: string; answeredOn: string; late: boolean }
  /** The day a published calendar replaced, and its notice (`knowledge-feedback.due-moved`). */
  dueMoved?: { from: string; notice: string }
}

function FeedbackState({ f }: { f: Feedback }) {
  if (f.status === 'answered')
    return (
      <StatusTag tone={f.answer?.late ? 'gold' : 'green'}>{f.answer?.late ? '已答复（逾期）' : '已答复'}</StatusTag>
    )
  return f.overdue ? <StatusTag tone="red">答复已逾期</StatusTag> : <StatusTag tone="blue">待答复</StatusTag>
}

function FeedbackItem({ f, children }: { f: Feedback; children?: React.ReactNode }) {
  const about = f.point?.question ?? '新知识点'
  return (
    <li aria-label={`反馈：${about}`} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
      <Space wrap>
        <strong>{about}</strong>
        <FeedbackState f={f} />
        <StatusTag tone="cyan">{feedbackKindName(f.kind)}</StatusTag>
        {f.urgent && <StatusTag tone="gold">突发事项</StatusTag>}
      </Space>
      <div style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{f.note}</div>
      <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
        {departmentName(f.department)} · {chineseDate(f.raisedOn)} 发起 · {f.limit} 个工作日内答复，截止{' '}
        {chineseDate(f.dueOn)}
      </div>
      {f.dueMoved && (
        <div style={{ overflowWrap: 'anywhere' }}>
          <StatusTag tone="purple">期限已调整</StatusTag>
          节假日安排公布，答复期限由 {chineseDate(f.dueMoved.from)} 调整为 {chineseDate(f.dueOn)}
          {f.dueMoved.notice ? `（${f.dueMoved.notice}）` : ''}
        </div>
      )}
      {f.answer && (
        <div style={{ overflowWrap: 'anywhere' }}>
          答复（{chineseDate(f.answer.answeredOn)}）：{actionName(f.answer.action)}。{f.answer.note}
        </div>
      )}
      {children}
    </li>
  )
}

function useFeedbackList() {
  return useQuery({
    queryKey: keys.knowledge('feedback'),
    queryFn: () => must(api.GET('/api/v1/hotline/knowledge/feedback', { params: { query: { limit: 100 } } })),
  })
}

type RaiseValues = { kind: FeedbackKind; department?: string; urgent?: boolean; note: string }

/**
 * The centre's form: feedback on one point, or — without a point — a request to a department for a new one
 * (需要采编新知识点, 004:1680): the department chosen, the kind fixed to `new-point`.
 */
function RaiseFeedback({ point, onDone }: { point?: Point; onDone: () => void }) {
  const queryClient = useQueryClient()
  const raise = useMutation({
    mutationFn: (v: RaiseValues) =>
      must(
        api.POST('/api/v1/hotline/knowledge/feedback', {
          body: point ? { pointId: point.id, ...v } : { ...v, kind: 'new-point' },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.knowledge('feedback') })
      onDone()
    },
  })
  return (
    <Form<RaiseValues>
      name={point ? `feedback-${point.id}` : 'feedback-new-point'}
      layout="vertical"
      aria-label={point ? '知识点反馈' : '请求新增知识点'}
      initialValues={{ kind: point ? 'error' : 'new-point', urgent: false }}
      onFinish={(v) => raise.mutate(v)}
    >
      <ProblemAlert error={raise.error} />
      <Space wrap align="start">
        {point ? (
          <Form.Item name="kind" label="问题类型">
            <Select options={FEEDBACK_KINDS} style={{ width: 180 }} aria-label="问题类型" />
          </Form.Item>
        ) : (
          <Form.Item
            name="department"
            label="承办单位"
            rules={[{ required: true, message: '请选择应采编知识点的单位' }]}
            help={fieldMessage(raise.error, '/body/department')}
          >
            <Select options={departmentOptions()} style={{ width: 260 }} aria-label="承办单位" />
          </Form.Item>
        )}
        <Form.Item
          name="urgent"
          valuePropName="checked"
          label="突发事项"
          extra="突发事项 1 个工作日内答复，其余 2 个工作日"
        >
          <Checkbox>突发事项</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item
        name="note"
        label={point ? '反馈说明' : '需采编的内容'}
        rules={[{ required: true, message: point ? '请填写反馈说明' : '请说明需采编的问题' }]}
      >
        <Input.TextArea maxLength={2000} rows={2} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={raise.isPending}>
          发起反馈
        </Button>
        <Button onClick={onDone}>取消</Button>
      </Space>
    </Form>
  )
}

/**
 * Every department's feedback as the centre (and the supervisor) follows it: open first, soonest due. The centre may
 * also ask a department for a point the knowledge base lacks (`canRaise`).
 */
function FeedbackList({ canRaise }: { canRaise: boolean }) {
  const list = useFeedbackList()
  const [asking, setAsking] = useState(false)
  const items = (list.data?.feedback ?? []) as Feedback[]
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>知识点反馈</h2>} style={{ marginTop: 16 }}>
      <ProblemAlert error={list.error} />
      {canRaise &&
        (asking ? (
          <RaiseFeedback onDone={() => setAsking(false)} />
        ) : (
          <Button style={{ marginBottom: 8 }} onClick={() => setAsking(true)}>
            请求新增知识点
          </Button>
        ))}
      {list.isPending ? (
        <Loading />
      ) : (
        <ul aria-label="知识点反馈" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.length === 0 && <li>暂无反馈。</li>}
          {items.map((f) => (
            <FeedbackItem key={f.id} f={f} />
          ))}
        </ul>
      )}
    </Card>
  )
}

type AnswerFeedbackValues = { action: FeedbackAction; note: string; pointId?: string }

/** The department's feedback from the centre, with the answer form (what it did, or why nothing was needed). */
function DepartmentFeedback({ points }: { points: Point[] }) {
  const queryClient = useQueryClient()
  const list = useFeedbackList()
  const [answering, setAnswering] = useState<string | undefined>()
  const answer = useMutation({
    mutationFn: ({ f, v }: { f: Feedback; v: AnswerFeedbackValues }) =>
      must(
        api.POST('/api/v1/hotline/knowledge/feedback/{id}/answer', {
          params: { path: { id: f.id } },
          body: {
            action: v.action,
            note: v.note,
            ...(v.action === 'added' && v.pointId ? { pointId: v.pointId } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setAnswering(undefined)
      await queryClient.invalidateQueries({ queryKey: keys.knowledge('feedback') })
    },
  })
  const items = (list.data?.feedback ?? []) as Feedback[]
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>热线中心的知识点反馈</h2>} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        自反馈发起之日起 2 个工作日内（突发事项 1 个工作日）完成增补、修改、审核或下架；无需操作的也应答复。
      </Typography.Paragraph>
      <ProblemAlert error={list.error ?? answer.error} />
      {list.isPending ? (
        <Loading />
      ) : (
        <ul aria-label="热线中心的知识点反馈" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.length === 0 && <li>暂无反馈。</li>}
          {items.map((f) => (
            <FeedbackItem key={f.id} f={f}>
              {f.status === 'open' &&
                (answering === f.id ? (
                  <Form<AnswerFeedbackValues>
                    name={`feedback-answer-${f.id}`}
                    layout="vertical"
                    aria-label="答复反馈"
                    initialValues={{ action: f.point ? 'revised' : 'added' }}
                    onFinish={(v) => answer.mutate({ f, v })}
                  >
                    <Space wrap align="start">
                      <Form.Item name="action" label="处理结果">
                        <Select options={ACTIONS} style={{ width: 200 }} aria-label="处理结果" />
                      </Form.Item>
                      <Form.Item name="pointId" label="增补的知识点" extra="处理结果为已增补时选择">
                        <Select
                          allowClear
                          aria-label="增补的知识点"
                          style={{ width: 240 }}
                          options={points.map((p) => ({ value: p.id, label: p.question }))}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item name="note" label="答复说明" rules={[{ required: true, message: '请填写答复说明' }]}>
                      <Input.TextArea maxLength={2000} rows={2} />
                    </Form.Item>
                    <Space>
                      <Button type="primary" htmlType="submit" loading={answer.isPending}>
                        提交答复
                      </Button>
                      <Button onClick={() => setAnswering(undefined)}>取消</Button>
                    </Space>
                  </Form>
                ) : (
                  <Button style={{ marginTop: 8 }} onClick={() => setAnswering(f.id)}>
                    答复
                  </Button>
                ))}
            </FeedbackItem>
          ))}
        </ul>
      )}
    </Card>
  )
}

/** The department's own points: add, revise (or confirm for a new period), withdraw. */
function ManagePoints() {
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<string | undefined>()
  const list = useQuery({
    queryKey: keys.knowledge('own'),
    queryFn: () => must(api.GET('/api/v1/hotline/knowledge', { params: { query: { limit: 100 } } })),
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.knowledge() })
  const create = useMutation({
    mutationFn: (v: PointValues) => must(api.POST('/api/v1/hotline/knowledge', { body: v })),
    onSuccess: refresh,
  })
  const revise = useMutation({
    mutationFn: ({ point, v }: { point: Point; v: PointValues }) =>
      must(
        api.PUT('/api/v1/hotline/knowledge/{id}', {
          params: { path: { id: point.id } },
          body: { ...v, version: point.version },
        }),
      ),
    onSuccess: () => {
      setEditing(undefined)
      return refresh()
    },
  })
  const retire = useMutation({
    mutationFn: (point: Point) =>
      must(
        api.POST('/api/v1/hotline/knowledge/{id}/retire', {
          params: { path: { id: point.id } },
          body: { version: point.version },
        }),
      ),
    onSuccess: refresh,
  })
  const points = list.data?.points ?? []
  return (
    <>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>新增知识点</h2>} style={{ marginBottom: 16 }}>
        <ProblemAlert error={create.error} />
        {create.isSuccess && !create.isPending && (
          <Typography.Paragraph role="status" style={{ color: '#237804' }}>
            知识点已新增。
          </Typography.Paragraph>
        )}
        <PointForm
          error={create.error}
          pending={create.isPending}
          submitLabel="新增"
          onSubmit={(v) => create.mutate(v)}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>本部门知识点</h2>}>
        <ProblemAlert error={list.error ?? revise.error ?? retire.error} />
        {list.isPending ? (
          <Loading />
        ) : (
          <ul aria-label="本部门知识点" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {points.length === 0 && <li>暂无知识点。</li>}
            {points.map((p) => (
              <PointItem key={p.id} point={p}>
                {p.status !== 'retired' &&
                  (editing === p.id ? (
                    <PointForm
                      initial={p}
                      error={revise.error}
                      pending={revise.isPending}
                      submitLabel="保存修改"
                      onSubmit={(v) => revise.mutate({ point: p, v })}
                      onCancel={() => setEditing(undefined)}
                    />
                  ) : (
                    <Space style={{ marginTop: 8 }}>
                      <Button onClick={() => setEditing(p.id)}>修改</Button>
                      <Button danger onClick={() => retire.mutate(p)} loading={retire.isPending}>
                        下架
                      </Button>
                    </Space>
                  ))}
              </PointItem>
            ))}
          </ul>
        )}
      </Card>
      <DepartmentFeedback points={points} />
    </>
  )
}

/** The agent's search over the points valid today; a consultation answered from one closes at once. */
function SearchPoints({ canAnswer }: { canAnswer: boolean }) {
  const [q, setQ] = useState('')
  const [answering, setAnswering] = useState<string | undefined>()
  const [closed, setClosed] = useState<{ ticketId: string; title: string; question: string } | undefined>()
  const [reporting, setReporting] = useState<string | undefined>()
  const list = useQuery({
    queryKey: keys.knowledge('search', q),
    queryFn: () =>
      must(api.GET('/api/v1/hotline/knowledge', { params: { query: { limit: 50, ...(q ? { q } : {}) } } })),
  })
  const answer = useMutation({
    mutationFn: ({ point, v }: { point: Point; v: AnswerValues }) =>
      must(
        api.POST('/api/v1/hotline/knowledge/{id}/consultations', {
          params: { path: { id: point.id } },
          body: {
            title: v.title,
            content: v.content,
            requester: { ...(v.name ? { name: v.name } : {}), ...(v.phone ? { phone: v.phone } : {}) },
          },
        }),
      ),
    onSuccess: (data, { point }) => {
      setAnswering(undefined)
      setClosed({ ticketId: data.ticket.ticketId, title: data.ticket.title, question: point.question })
    },
  })
  const points = list.data?.points ?? []
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>检索知识库</h2>}>
      <Input.Search
        aria-label="检索知识点"
        placeholder="输入问题或关键词"
        enterButton="检索"
        maxLength={100}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 480, marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary">只列出今天有效的知识点；已过期或已下架的不提供。</Typography.Paragraph>
      {closed && (
        <Typography.Paragraph role="status" style={{ color: '#237804' }}>
          {/* A ticket has no number of its own: it is named by its 诉求标题, as the ticket lists and its page name it.
              Only the agent answers, and the agent's desk opens any ticket. Underlined: a link inside a line of text
              is told apart by more than its colour (WCAG 1.4.1). */}
          咨询已据知识点“{closed.question}”直接答复并办结，工单：
          <Link to={`/hotline/${closed.ticketId}`} style={{ textDecoration: 'underline' }}>
            {closed.title}
          </Link>
          。
        </Typography.Paragraph>
      )}
      <ProblemAlert error={list.error ?? answer.error} />
      {list.isPending ? (
        <Loading />
      ) : (
        <ul aria-label="知识点" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {points.length === 0 && <li>没有找到有效的知识点。</li>}
          {points.map((p) => (
            <PointItem key={p.id} point={p}>
              {canAnswer &&
                (answering === p.id ? (
                  <Form<AnswerValues>
                    name={`answer-${p.id}`}
                    layout="vertical"
                    aria-label="据此答复"
                    onFinish={(v) => answer.mutate({ point: p, v })}
                    initialValues={{ title: p.question }}
                  >
                    <Form.Item name="title" label="诉求标题" rules={[{ required: true, message: '请填写诉求标题' }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name="content" label="诉求内容" rules={[{ required: true, message: '请填写诉求内容' }]}>
                      <Input.TextArea maxLength={4000} rows={2} />
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name="name" label="来电人姓名">
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item name="phone" label="联系电话">
                        <Input maxLength={20} />
                      </Form.Item>
                    </Space>
                    <Space>
                      <Button type="primary" htmlType="submit" loading={answer.isPending}>
                        答复并办结
                      </Button>
                      <Button onClick={() => setAnswering(undefined)}>取消</Button>
                    </Space>
                  </Form>
                ) : reporting === p.id ? (
                  <RaiseFeedback point={p} onDone={() => setReporting(undefined)} />
                ) : (
                  <Space style={{ marginTop: 8 }}>
                    <Button onClick={() => setAnswering(p.id)}>据此答复咨询</Button>
                    <Button onClick={() => setReporting(p.id)}>反馈问题</Button>
                  </Space>
                ))}
            </PointItem>
          ))}
        </ul>
      )}
    </Card>
  )
}

/**
 * 知识库 — a department's reviewer or lead manages its own knowledge points; the hotline agent (and the supervisor,
 * read-only) searches the valid ones, and the agent answers a consultation from one, which closes it at once.
 */
export default function Knowledge() {
  const { session } = useSession()
  const role = session?.actor.role
  const manages = role === 'reviewer' || role === 'lead'
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        知识库
      </Typography.Title>
      {manages ? (
        <ManagePoints />
      ) : (
        <>
          <SearchPoints canAnswer={role === 'agent'} />
          <FeedbackList canRaise={role === 'agent'} />
        </>
      )}
    </>
  )
}
