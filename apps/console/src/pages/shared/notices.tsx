import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { NOTICE_LIST_MAX } from '../../bounds'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'
import { useSession } from '../../session'
import { instantOf, realTime, shanghai } from '../../wall-clock'

// 变动通报 and 故障通报 (seeds/004_33317a5f04b53a73.txt:1684–1694): a department files its notices to the hotline
// centre and keeps its outages up to date; the centre (agent) reads every department's, acknowledges the change
// notices and sees an outage's overdue answer script or progress update flagged.

type ChangeKind = 'normative-document' | 'rule-change' | 'specialist-information' | 'channel-change' | 'other'
type Measure =
  | 'update-knowledge'
  | 'train-agents'
  | 'on-site-support'
  | 'answer-concentrated'
  | 'publish-interpretation'
/** The five cases of 第三十七条 (004:1688–1692). */
const CHANGE_KINDS: { value: ChangeKind; label: string }[] = [
  { value: 'normative-document', label: '（一）发布对企业、群众有较大影响的规范性文件和通知公告' },
  { value: 'rule-change', label: '（二）办理量较大的业务规则变更' },
  { value: 'specialist-information', label: '（三）推送专业性强、容易产生误导的信息' },
  { value: 'channel-change', label: '（四）访问量较高的办事查询渠道变化' },
  { value: 'other', label: '（五）其他可能引发集中咨询的情形' },
]
/** The linked measures of 004:1684. */
const MEASURES: { value: Measure; label: string }[] = [
  { value: 'update-knowledge', label: '更新热线知识点' },
  { value: 'train-agents', label: '培训热线话务人员' },
  { value: 'on-site-support', label: '现场话务支撑' },
  { value: 'answer-concentrated', label: '及时回应集中诉求' },
  { value: 'publish-interpretation', label: '主动发布政策解读信息' },
]
const kindName = (k: string) => CHANGE_KINDS.find((x) => x.value === k)?.label ?? k
const measureName = (m: string) => MEASURES.find((x) => x.value === m)?.label ?? m

type Change = {
  id: string
  department: string
  kind: string
  title: string
  content: string
  effectiveOn: string
  measures: string[]
  filedOn: string
  status: string
  acknowledged?: { on: string }
}
type Clock = { dueOn: string; metOn?: string; overdueOn?: string }
type Outage = {
  id: string
  department: string
  system: string
  cause: string
  startedAt: string
  affectedScope: string
  expectedRecoveryAt: string
  reportedOn: string
  status: string
  script: Clock
  progress?: Clock & { owedFrom: string }
  updates: { kind: string; text: string; on: string }[]
  recoveredAt?: string
  overdue: { script: boolean; progress: boolean }
}

const refusedAt = (error: unknown, field: string, words: string) =>
  fieldMessage(error, field) ? <span style={{ color: '#a8071a' }}>{words}</span> : undefined

function useNotices() {
  return useQuery({
    queryKey: keys.notices(),
    // The first page of each kind; older ones page on from its `next` (useOlder).
    queryFn: () => must(api.GET('/api/v1/hotline/notices', { params: { query: { limit: NOTICE_LIST_MAX } } })),
  })
}

type NoticePage = NonNullable<ReturnType<typeof useNotices>['data']>

/**
 * The older notices of one kind, a page at a time from where the first page ended (its `next`), appended below it.
 * What was loaded is kept while the first page ends at the same notice; a first page that ends elsewhere starts over.
 */
function useOlder<T>(kind: 'changes' | 'outages', first: NoticePage | undefined) {
  const start = first?.next[kind]
  const [older, setOlder] = useState<{ from: string; items: T[]; next: string | undefined }>()
  const current = older && older.from === start ? older : undefined
  const next = current ? current.next : start
  const more = useMutation({
    mutationFn: (cursor: string) =>
      must(api.GET('/api/v1/hotline/notices', { params: { query: { limit: NOTICE_LIST_MAX, cursor } } })),
    onSuccess: (page) => {
      if (start === undefined) return
      setOlder((o) => ({
        from: start,
        items: [...(o && o.from === start ? o.items : []), ...(page[kind] as T[])],
        next: page.next[kind],
      }))
    },
  })
  return {
    items: current?.items ?? [],
    next,
    load: () => next !== undefined && more.mutate(next),
    loading: more.isPending,
    error: more.error,
  }
}

type ChangeValues = { kind: ChangeKind; title: string; content: string; effectiveOn: string; measures: Measure[] }

function FileChange() {
  const queryClient = useQueryClient()
  const [form] = Form.useForm<ChangeValues>()
  const file = useMutation({
    mutationFn: (body: ChangeValues) => must(api.POST('/api/v1/hotline/notices/changes', { body })),
    // Not awaited: the mutation would stay pending (its button loading) until the list is read again.
    onSuccess: () => {
      form.resetFields()
      void queryClient.invalidateQueries({ queryKey: keys.notices() })
    },
  })
  // Shown only while the field holds the day that was refused (as the outage's times).
  const dayHeld = Form.useWatch('effectiveOn', form) === file.variables?.effectiveOn
  const dayRefused = dayHeld
    ? refusedAt(file.error, '/body/effectiveOn', '变动须提前通报：施行日期应晚于今天')
    : undefined
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>重要业务变动、政策法规调整通报</h2>}>
      <Typography.Paragraph type="secondary">
        发生重要业务变动、政策法规调整的，应当提前通报热线中心，并配合采取联动措施。
      </Typography.Paragraph>
      <Form<ChangeValues>
        form={form}
        name="change-notice"
        layout="vertical"
        aria-label="变动通报"
        initialValues={{ kind: 'rule-change', measures: ['update-knowledge'] }}
        onFinish={(v) => file.mutate(v)}
      >
        <ProblemAlert error={fieldMessage(file.error, '/body/effectiveOn') ? undefined : file.error} />
        <Form.Item name="kind" label="情形">
          <Select options={CHANGE_KINDS} aria-label="情形" />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label="内容" rules={[{ required: true, message: '请填写变动内容' }]}>
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <Form.Item
          name="effectiveOn"
          label="施行日期"
          rules={[{ required: true, message: '请填写施行日期' }]}
          validateStatus={dayRefused ? 'error' : ''}
          help={dayRefused}
        >
          <Input placeholder="2026-12-01" maxLength={10} style={{ width: 160 }} />
        </Form.Item>
        {/* At least one (the schema's 400 names it): a required rule would put aria-required on the group, which
            a checkbox group may not carry. */}
        <Form.Item name="measures" label="联动措施" extra="至少选择一项">
          <Checkbox.Group options={MEASURES} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={file.isPending}>
          提交通报
        </Button>
      </Form>
    </Card>
  )
}

type OutageValues = {
  system: string
  cause: string
  startedAt: string
  affectedScope: string
  expectedRecoveryAt: string
}

function ReportOutage() {
  const queryClient = useQueryClient()
  const [form] = Form.useForm<OutageValues>()
  const report = useMutation({
    mutationFn: (v: OutageValues) =>
      must(
        api.POST('/api/v1/hotline/notices/outages', {
          body: {
            ...v,
            startedAt: instantOf(v.startedAt) ?? v.startedAt,
            expectedRecoveryAt: instantOf(v.expectedRecoveryAt) ?? v.expectedRecoveryAt,
          },
        }),
      ),
    onSuccess: () => {
      form.resetFields()
      void queryClient.invalidateQueries({ queryKey: keys.notices() })
    },
  })
  // A refusal belongs to the value that was sent: once the field holds another, its own rules speak again.
  const held = {
    startedAt: Form.useWatch('startedAt', form) === report.variables?.startedAt,
    expectedRecoveryAt: Form.useWatch('expectedRecoveryAt', form) === report.variables?.expectedRecoveryAt,
  }
  const time = (name: 'startedAt' | 'expectedRecoveryAt', label: string, words: string) => {
    const refused = held[name] ? refusedAt(report.error, `/body/${name}`, words) : undefined
    return (
      <Form.Item
        name={name}
        label={label}
        extra="北京时间，如 2026-11-05 20:00"
        rules={[{ required: true, message: `请填写${label}` }, realTime]}
        {...(refused ? { validateStatus: 'error' as const, help: refused } : {})}
      >
        <Input placeholder="2026-11-05 20:00" maxLength={16} style={{ width: 200 }} />
      </Form.Item>
    )
  }
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>故障通报</h2>} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        网站或应用故障造成集中诉求的，公布故障情况，并在 1 个自然日内提供应答口径；持续 2 个自然日以上的，及时通报进展。
      </Typography.Paragraph>
      <Form<OutageValues>
        form={form}
        name="outage-notice"
        layout="vertical"
        aria-label="故障通报"
        onFinish={(v) => report.mutate(v)}
      >
        <ProblemAlert error={report.error} />
        <Form.Item name="system" label="网站或应用" rules={[{ required: true, message: '请填写发生故障的网站或应用' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="cause" label="故障原因" rules={[{ required: true, message: '请填写故障原因' }]}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Space wrap align="start">
          {time('startedAt', '故障开始时间', '请填写不晚于现在的时间，如 2026-11-05 20:00')}
          {time('expectedRecoveryAt', '预计恢复时间', '预计恢复时间不能早于故障开始时间')}
        </Space>
        <Form.Item
          name="affectedScope"
          label="受影响的业务范围"
          rules={[{ required: true, message: '请填写受影响的业务范围' }]}
        >
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={report.isPending}>
          报告故障
        </Button>
      </Form>
    </Card>
  )
}

function ClockLine({ name, clock, overdue }: { name: string; clock: Clock; overdue: boolean }) {
  return (
    <Space wrap>
      <span>
        {name}：{chineseDate(clock.dueOn)} 前
      </span>
      {clock.metOn ? (
        <StatusTag tone={clock.overdueOn ? 'gold' : 'green'}>
          {clock.overdueOn ? `已提供（逾期，${chineseDate(clock.metOn)}）` : `已提供（${chineseDate(clock.metOn)}）`}
        </StatusTag>
      ) : overdue || clock.overdueOn ? (
        <StatusTag tone="red">{name}逾期</StatusTag>
      ) : (
        <StatusTag tone="blue">待提供</StatusTag>
      )}
    </Space>
  )
}

function OutageItem({ o, today, children }: { o: Outage; today: string; children?: React.ReactNode }) {
  return (
    <li aria-label={`故障：${o.system}`} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
      <Space wrap>
        <strong>{o.system}</strong>
        {o.status === 'recovered' ? (
          <StatusTag tone="green">已恢复</StatusTag>
        ) : (
          <StatusTag tone="gold">故障中</StatusTag>
        )}
      </Space>
      <div style={{ overflowWrap: 'anywhere' }}>故障原因：{o.cause}</div>
      <div style={{ overflowWrap: 'anywhere' }}>受影响的业务：{o.affectedScope}</div>
      <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
        {departmentName(o.department)} · {chineseDate(o.reportedOn)} 通报 · 故障开始 {shanghai(o.startedAt)} · 预计恢复{' '}
        {shanghai(o.expectedRecoveryAt)}
        {o.recoveredAt ? ` · 已于 ${shanghai(o.recoveredAt)} 恢复` : ''}
      </div>
      {/* The script is owed until it is given, recovered or not; the progress update only while the fault lasts. */}
      {(o.status === 'open' || !o.script.metOn) && (
        <div>
          <ClockLine name="应答口径" clock={o.script} overdue={o.overdue.script} />{' '}
          {/* Owed only once the fault has lasted 2 natural days. */}
          {o.status === 'open' && o.progress && today >= o.progress.owedFrom && (
            <ClockLine name="故障进展" clock={o.progress} overdue={o.overdue.progress} />
          )}
        </div>
      )}
      {o.updates.length > 0 && (
        <ul aria-label="应答口径与进展" style={{ margin: '4px 0', paddingLeft: 20 }}>
          {o.updates.map((u) => (
            <li key={`${u.on}-${u.text}`} style={{ overflowWrap: 'anywhere' }}>
              {chineseDate(u.on)} {u.kind === 'script' ? '应答口径' : '进展'}：{u.text}
            </li>
          ))}
        </ul>
      )}
      {children}
    </li>
  )
}

type UpdateValues = { text?: string; recoveredAt?: string }

/**
 * The department's own outage: the answer script, a progress note, the recovery. Once recovered, only the answer
 * script still owed (the requests the fault caused are owed an answer either way, 004:1694).
 */
function OutageActions({ o }: { o: Outage }) {
  const queryClient = useQueryClient()
  const [form] = Form.useForm<UpdateValues>()
  const act = useMutation({
    mutationFn: (body: { action: 'script' | 'progress'; text: string } | { action: 'recover'; recoveredAt: string }) =>
      must(api.POST('/api/v1/hotline/notices/outages/{id}/actions', { params: { path: { id: o.id } }, body })),
    onSuccess: () => {
      form.resetFields()
      void queryClient.invalidateQueries({ queryKey: keys.notices() })
    },
  })
  const text = () => String(form.getFieldValue('text') ?? '')
  const recover = () =>
    form
      .validateFields(['recoveredAt'])
      .then(({ recoveredAt = '' }) =>
        act.mutate({ action: 'recover', recoveredAt: instantOf(recoveredAt) ?? recoveredAt }),
      )
      // The field shows why; nothing is sent.
      .catch(() => undefined)
  const open = o.status === 'open'
  return (
    <Form<UpdateValues> form={form} name={`outage-${o.id}`} layout="vertical" aria-label="更新故障通报">
      <ProblemAlert error={act.error} />
      <Form.Item name="text" label={open ? '应答口径或进展' : '应答口径'}>
        <Input.TextArea maxLength={2000} rows={2} />
      </Form.Item>
      <Space wrap align="end">
        <Button onClick={() => act.mutate({ action: 'script', text: text() })} loading={act.isPending}>
          提供应答口径
        </Button>
        {open && (
          <>
            <Button onClick={() => act.mutate({ action: 'progress', text: text() })} loading={act.isPending}>
              通报进展
            </Button>
            <Form.Item
              name="recoveredAt"
              label="恢复时间"
              style={{ marginBottom: 0 }}
              rules={[{ required: true, message: '请填写恢复时间' }, realTime]}
            >
              <Input placeholder="2026-11-06 10:00" maxLength={16} style={{ width: 180 }} />
            </Form.Item>
            <Button onClick={() => void recover()} loading={act.isPending}>
              记录恢复
            </Button>
          </>
        )}
      </Space>
    </Form>
  )
}

function ChangeItem({ n, children }: { n: Change; children?: React.ReactNode }) {
  return (
    <li aria-label={`通报：${n.title}`} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
      <Space wrap>
        <strong>{n.title}</strong>
        {n.acknowledged ? <StatusTag tone="green">已签收</StatusTag> : <StatusTag tone="blue">待签收</StatusTag>}
      </Space>
      <div>{kindName(n.kind)}</div>
      <div style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{n.content}</div>
      <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
        {departmentName(n.department)} · {chineseDate(n.filedOn)} 通报 · {chineseDate(n.effectiveOn)} 施行 · 联动措施：
        {n.measures.map(measureName).join('、')}
      </div>
      {children}
    </li>
  )
}

/** The list's order, and a button for the next page while older notices remain. */
function More({
  older,
  what,
}: {
  older: { next: string | undefined; load: () => unknown; loading: boolean }
  what: string
}) {
  return (
    <Space style={{ marginTop: 8 }} wrap>
      <Typography.Text type="secondary">未处理完的在前，其余按时间从新到旧。</Typography.Text>
      {older.next !== undefined && (
        <Button onClick={() => older.load()} loading={older.loading}>
          显示更早的{what}
        </Button>
      )}
    </Space>
  )
}

function NoticeLists({ centre }: { centre: boolean }) {
  const queryClient = useQueryClient()
  const list = useNotices()
  const acknowledge = useMutation({
    mutationFn: (id: string) =>
      must(api.POST('/api/v1/hotline/notices/changes/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.notices() })
    },
  })
  const olderChanges = useOlder<Change>('changes', list.data)
  const olderOutages = useOlder<Outage>('outages', list.data)
  const changes = [...((list.data?.changes ?? []) as Change[]), ...olderChanges.items]
  const outages = [...((list.data?.outages ?? []) as Outage[]), ...olderOutages.items]
  return (
    <>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>故障通报列表</h2>} style={{ marginTop: 16 }}>
        <ProblemAlert error={list.error ?? olderOutages.error} />
        {list.isPending ? (
          <Loading />
        ) : (
          <ul aria-label="故障通报" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {outages.length === 0 && <li>暂无故障通报。</li>}
            {outages.map((o) => (
              <OutageItem key={o.id} o={o} today={list.data?.today ?? ''}>
                {!centre && (o.status === 'open' || !o.script.metOn) && <OutageActions o={o} />}
              </OutageItem>
            ))}
          </ul>
        )}
        <More older={olderOutages} what="故障通报" />
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>变动通报列表</h2>} style={{ marginTop: 16 }}>
        <ProblemAlert error={acknowledge.error ?? olderChanges.error} />
        {list.isPending ? (
          <Loading />
        ) : (
          <ul aria-label="变动通报" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {changes.length === 0 && <li>暂无变动通报。</li>}
            {changes.map((n) => (
              <ChangeItem key={n.id} n={n}>
                {centre && !n.acknowledged && (
                  <Button
                    style={{ marginTop: 8 }}
                    onClick={() => acknowledge.mutate(n.id)}
                    loading={acknowledge.isPending}
                  >
                    签收
                  </Button>
                )}
              </ChangeItem>
            ))}
          </ul>
        )}
        <More older={olderChanges} what="变动通报" />
      </Card>
    </>
  )
}

export default function Notices() {
  const { session } = useSession()
  const centre = session?.actor.role === 'agent'
  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {centre ? '承办单位通报' : '向热线中心通报'}
      </Typography.Title>
      {!centre && (
        <>
          <FileChange />
          <ReportOutage />
        </>
      )}
      <NoticeLists centre={centre} />
    </div>
  )
}
