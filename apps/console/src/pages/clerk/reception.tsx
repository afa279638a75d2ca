import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { unbroken } from '../../components/unbroken'
import { chineseDate, stepWithPhase } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { LIVE_EVENT, type LiveMessage } from '../../live'
import { Notice } from './notice'
import { ReceivedList, SealBlock, useOffice, useReceivedLines } from './paper'
import { REFUSALS, type RefusalGround, refusalParagraphs } from './paper-lines'
import './print.css'

/** The list's query key: the desk's opening (接件), every decision here and the live stream refresh it. */
export const receiptsKey = [...keys.all, 'receipts'] as const

/**
 * Whether a live message may move the list: intake's receipt events — 接件, 受理 (by a clerk or by the law), 不予受理 /
 * 不受理, 一次性告知 and its answer, 撤件 — reach the clerk (told every change) as `application` messages of kind
 * `application.*`. The application's other messages (容缺 cured, a 补正 notice, a step's decision) leave it as it is.
 */
export const movesReceipts = (m: LiveMessage) =>
  m.event === 'application' && (m.data.kind === undefined || m.data.kind.startsWith('application.'))

type Received = paths['/api/v1/receipts']['get']['responses'][200]['content']['application/json']['receipts'][number]

type Action = 'accept' | 'refuse' | 'notify' | 'withdraw'
const ACTIONS: Record<Action, { label: string; ok: string }> = {
  accept: { label: '受理', ok: '确认受理' },
  refuse: { label: '不予受理', ok: '确认不予受理' },
  notify: { label: '一次性告知', ok: '确认告知' },
  withdraw: { label: '撤件', ok: '确认撤件' },
}

/** What a decision printed: the refusal's paper, or the 一次性告知书. */
type Paper =
  | { kind: 'refusal'; receipt: Received; ground: RefusalGround; reason: string; referTo?: string }
  | { kind: 'notice'; receipt: Received; materials: { code: string; name: string }[]; reason: string }

type BookedReason = 'applicant-gave-up' | 'materials-missing' | 'outside-scope'
type Values = {
  ground?: RefusalGround
  reason?: string
  referTo?: string
  materials?: string[]
  bookedReason?: BookedReason
}

/** 预约成功的服务不得拒绝办理 — save these three (004:1044): what a booked application's refusal rests on. */
export const BOOKED_REASONS: Record<BookedReason, string> = {
  'applicant-gave-up': '申请人主动放弃',
  'materials-missing': '申请人无法提供必备资料',
  'outside-scope': '不属于本中心受理范围',
}

/**
 * 已接件、待受理 (`GET /api/v1/receipts`): the applications the window received without accepting them, oldest first,
 * each with the last day the office may decide it before the law accepts it (行政许可法第三十二条) and the working
 * days left, as the gateway counts them. From each, the clerk accepts it (受理 → the 受理回执), refuses it (不予受理 →
 * its written decision), tells once what is missing (一次性告知 → the 一次性告知书) or withdraws it at the applicant's
 * request (撤件).
 */
export function Reception() {
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const [acting, setActing] = useState<{ receipt: Received; action: Action }>()
  const [paper, setPaper] = useState<Paper>()
  const [done, setDone] = useState<string>()
  const queryClient = useQueryClient()
  const list = useQuery({
    queryKey: [...receiptsKey, cursor ?? ''],
    queryFn: () =>
      must(api.GET('/api/v1/receipts', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
  })
  // The read model applies a decision a moment after the 200, the law accepts receipts on its own day, and another
  // window receives and decides too: the list follows the live stream (live.ts announces each message on `window`)
  // rather than asking again on a timer.
  useEffect(() => {
    const heard = (e: Event) => {
      if (movesReceipts((e as CustomEvent<LiveMessage>).detail))
        void queryClient.invalidateQueries({ queryKey: receiptsKey })
    }
    window.addEventListener(LIVE_EVENT, heard)
    return () => window.removeEventListener(LIVE_EVENT, heard)
  }, [queryClient])

  if (paper) {
    return (
      <PaperOf
        paper={paper}
        onBack={() => {
          setPaper(undefined)
          void queryClient.invalidateQueries({ queryKey: receiptsKey })
        }}
      />
    )
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        已接件、待受理
      </Typography.Title>
      <Typography.Paragraph>
        接件后须在五个工作日内作出受理或者不予受理的决定，需要补正材料的在此期限内一次性告知；逾期未作决定也未告知的，自收到申请材料之日起即为受理。
      </Typography.Paragraph>
      {done && <Alert type="success" showIcon title={done} closable onClose={() => setDone(undefined)} />}
      <ProblemAlert error={list.error} />
      {list.data ? (
        <Table<Received>
          aria-label="已接件、待受理"
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={list.data.receipts}
          locale={{ emptyText: '暂无待受理的接件。' }}
          columns={[
            {
              title: '项目',
              key: 'project',
              render: (_, r) => (
                <>
                  <div>{r.projectName}</div>
                  <Typography.Text type="secondary" style={unbroken}>
                    {r.projectCode}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: '申请环节',
              key: 'step',
              render: (_, r) => stepWithPhase(r.stepName ?? r.step ?? '—', r.phase, r.part),
            },
            {
              title: '接件编号',
              key: 'number',
              render: (_, r) => (
                <Link to={`/desk/projects/${r.projectId}/receipts/${r.applicationId}`} style={unbroken}>
                  {r.receiptNumber ?? '—'}
                </Link>
              ),
            },
            { title: '接件日期', key: 'received', render: (_, r) => chineseDate(r.receivedOn) },
            { title: '最迟决定日期', key: 'last', render: (_, r) => chineseDate(r.lastDay) },
            { title: '剩余工作日', key: 'left', render: (_, r) => <DaysLeft receipt={r} /> },
            {
              title: '操作',
              key: 'actions',
              render: (_, r) => (
                <Space wrap size="small">
                  {(Object.keys(ACTIONS) as Action[])
                    // Told once: a second 一次性告知 is refused (INTAKE_RECEIPT_ALREADY_NOTIFIED), so it is not offered.
                    .filter((a) => a !== 'notify' || !r.notice)
                    .map((a) => (
                      <Button
                        key={a}
                        size="small"
                        danger={a === 'refuse'}
                        aria-label={`${ACTIONS[a].label} ${r.receiptNumber ?? ''}`}
                        onClick={() => setActing({ receipt: r, action: a })}
                      >
                        {ACTIONS[a].label}
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      ) : (
        !list.error && <Loading />
      )}
      <Space className="desk-no-print">
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <Button
          disabled={!list.data?.nextCursor}
          onClick={() => list.data?.nextCursor && setCursors((c) => [...c, list.data?.nextCursor as string])}
        >
          下一页
        </Button>
      </Space>
      {acting && (
        <Decide
          receipt={acting.receipt}
          action={acting.action}
          onClose={() => setActing(undefined)}
          onDone={(words, printed) => {
            setActing(undefined)
            setDone(words)
            if (printed) setPaper(printed)
          }}
        />
      )}
    </Space>
  )
}

/** The working days left, or where a told receipt stands: the law's timer no longer runs once it is told. */
function DaysLeft({ receipt: r }: { receipt: Received }) {
  if (r.notice) {
    return r.notice.answeredOn ? (
      <Tag>已补正（{chineseDate(r.notice.answeredOn)}），请作出决定</Tag>
    ) : (
      <Tag>已一次性告知（{chineseDate(r.notice.on)}），待补正</Tag>
    )
  }
  // Said in words, not colours alone (and antd's coloured tags fail the contrast check).
  if (r.workingDaysLeft === 0) return <strong>今日为最后期限</strong>
  return r.workingDaysLeft <= 1 ? <strong>仅剩 1 个工作日</strong> : <span>{`${r.workingDaysLeft} 个工作日`}</span>
}

/** One decision on one receipt, confirmed in a dialog; the API's refusal is said in it, in Chinese. */
function Decide(props: {
  receipt: Received
  action: Action
  onClose(): void
  onDone(words: string, paper?: Paper): void
}) {
  const { receipt: r, action } = props
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [form] = Form.useForm<Values>()
  const ground = Form.useWatch('ground', form) ?? 'outside-competence'
  const checklist = useQuery({
    queryKey: keys.checklist(r.projectId, r.step ?? ''),
    enabled: action === 'notify' && r.step !== null,
    queryFn: () =>
      must(
        api.GET('/api/v1/projects/{id}/checklist', {
          params: { path: { id: r.projectId }, query: { step: r.step ?? '' } },
        }),
      ),
  })
  // 网上预约: a booking that binds the application (the one its receipt attended, or its step's booked for today)
  // allows a refusal on one of the seed's three exceptions alone (intake refuses one without it).
  const bookings = useQuery({
    queryKey: [...keys.project(r.projectId), 'bookings'],
    enabled: action === 'refuse',
    queryFn: () => must(api.GET('/api/v1/projects/{id}/bookings', { params: { path: { id: r.projectId } } })),
  })
  const attended = bookings.data?.bookings.find((b) => b.state === 'attended' && b.applicationId === r.applicationId)
  const path = { params: { path: { id: r.applicationId } } }
  const decide = useMutation({
    mutationFn: async (v: Values): Promise<{ words: string; paper?: Paper }> => {
      const reason = (v.reason ?? '').trim()
      if (action === 'accept') {
        await must(api.POST('/api/v1/applications/{id}/accept', { ...path, body: {} }))
        return { words: `${r.receiptNumber ?? ''} 已受理。` }
      }
      if (action === 'refuse') {
        const g = v.ground ?? 'outside-competence'
        const referTo = g === 'outside-competence' ? v.referTo?.trim() || undefined : undefined
        await must(
          api.POST('/api/v1/applications/{id}/refuse', {
            ...path,
            body: {
              ground: g,
              reason,
              ...(referTo ? { referTo } : {}),
              ...(v.bookedReason ? { bookedReason: v.bookedReason } : {}),
            },
          }),
        )
        return {
          words: `${r.receiptNumber ?? ''} ${REFUSALS[g].decision}。`,
          paper: { kind: 'refusal', receipt: r, ground: g, reason, ...(referTo ? { referTo } : {}) },
        }
      }
      if (action === 'notify') {
        const codes = v.materials ?? []
        await must(
          api.POST('/api/v1/applications/{id}/receipt-notice', { ...path, body: { materials: codes, reason } }),
        )
        const named = (checklist.data?.materials ?? []).filter((m) => codes.includes(m.code))
        return {
          words: `${r.receiptNumber ?? ''} 已一次性告知。`,
          paper: { kind: 'notice', receipt: r, materials: named.map((m) => ({ code: m.code, name: m.name })), reason },
        }
      }
      await must(api.POST('/api/v1/applications/{id}/withdraw-receipt', { ...path, body: { reason } }))
      return { words: `${r.receiptNumber ?? ''} 已撤件。` }
    },
    onSuccess: ({ words, paper }) => {
      void queryClient.invalidateQueries({ queryKey: receiptsKey })
      void queryClient.invalidateQueries({ queryKey: keys.project(r.projectId) })
      if (action === 'accept') {
        // The 受理回执, as the desk prints it for an application accepted at once.
        void navigate(`/desk/projects/${r.projectId}/receipts/${r.applicationId}`)
        return
      }
      props.onDone(words, paper)
    },
  })
  // Its step booked for today with the receipt taken on an earlier day: intake says so, and the choice is offered then.
  const bound =
    attended !== undefined ||
    (decide.error instanceof ApiProblem && decide.error.code === 'INTAKE_BOOKED_REFUSAL_REASON_REQUIRED')
  const title = `${ACTIONS[action].label}：${r.projectName}（${r.stepName ?? r.step ?? ''}，${r.receiptNumber ?? ''}）`
  return (
    <Modal
      open
      title={title}
      okText={ACTIONS[action].ok}
      cancelText="取消"
      okButtonProps={{ danger: action === 'refuse' || action === 'withdraw', loading: decide.isPending }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert error={decide.error} />
      <Form
        form={form}
        layout="vertical"
        aria-label={ACTIONS[action].label}
        initialValues={{ ground: 'outside-competence' }}
        onFinish={(v) => decide.mutate(v)}
      >
        {action === 'accept' && (
          <Typography.Paragraph>受理后各部门开始办理，办理时限自今日起算。确认受理该申请？</Typography.Paragraph>
        )}
        {action === 'refuse' && (
          <>
            <Form.Item label="决定类型" name="ground">
              <Radio.Group
                aria-label="决定类型"
                options={[
                  { value: 'outside-competence', label: '不予受理（不属于本机关职权范围）' },
                  { value: 'licence-not-required', label: '不受理（依法不需要取得行政许可）' },
                ]}
              />
            </Form.Item>
            {bound && (
              <>
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={`该申请经网上预约${attended ? `（${chineseDate(attended.day)}${attended.slot === 'am' ? '上午' : '下午'}）` : ''}：预约成功的服务不得拒绝办理，只有下列情形之一的除外。`}
                />
                <Form.Item
                  label="预约例外情形"
                  name="bookedReason"
                  rules={[{ required: true, message: '请选择不予受理所依据的预约例外情形' }]}
                >
                  <Radio.Group
                    aria-label="预约例外情形"
                    options={(Object.keys(BOOKED_REASONS) as BookedReason[]).map((k) => ({
                      value: k,
                      label: BOOKED_REASONS[k],
                    }))}
                  />
                </Form.Item>
              </>
            )}
            {ground === 'outside-competence' && (
              <Form.Item label="告知向其申请的行政机关" name="referTo" rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'notify' && (
          <Form.Item label="需补正的材料" name="materials" rules={[{ required: true, message: '请选择需补正的材料' }]}>
            {checklist.data ? (
              <Checkbox.Group
                aria-label="需补正的材料"
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={checklist.data.materials.map((m) => ({ value: m.code, label: m.name }))}
              />
            ) : checklist.error ? (
              <ProblemAlert error={checklist.error} />
            ) : (
              <Loading />
            )}
          </Form.Item>
        )}
        {action !== 'accept' && (
          <Form.Item
            label={action === 'withdraw' ? '撤件原因（申请人要求撤件）' : action === 'notify' ? '告知理由' : '理由'}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: '请填写理由' },
              { max: 2000, message: '理由不超过 2000 字' },
            ]}
          >
            <Input.TextArea maxLength={2000} rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}

/** The paper a decision prints: the refusal's written decision, or the 一次性告知书 (notice.tsx, the desk's own). */
function PaperOf({ paper, onBack }: { paper: Paper; onBack(): void }) {
  const r = paper.receipt
  const office = useOffice(r.region)
  const today = useQuery({
    queryKey: keys.status(r.projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: r.projectId } } })),
  }).data?.asOf.today
  const project = { name: r.projectName, projectCode: r.projectCode, owner: r.owner }
  const step = stepWithPhase(r.stepName ?? r.step ?? '', r.phase, r.part)
  const received = useReceivedLines({
    projectId: r.projectId,
    step: r.step,
    applicationId: r.applicationId,
    materials: r.receivedMaterials,
    // A refused receipt owes nothing; the notice leaves it undecided, still owing what it owed at 接件.
    owed: paper.kind === 'notice' ? r.owedMaterials : [],
  })
  if (paper.kind === 'notice') {
    return (
      <Notice
        project={project}
        step={step}
        today={today}
        office={office}
        received={received}
        lines={paper.materials.map((m) => ({ field: '/materials', code: m.code, text: `${m.name}：${paper.reason}` }))}
        intro={
          `您单位于${chineseDate(r.receivedOn)}提交的“${project.name}”（项目代码 ${project.projectCode}）“${step}”申请` +
          `（接件编号 ${r.receiptNumber ?? ''}），经审查，申请材料不齐全或者不符合法定形式。依据《中华人民共和国行政许可法》` +
          `第三十二条第一款第四项，现将需要补正的全部材料（共 ${paper.materials.length} 项）一次性告知如下，` +
          '请按本告知一次性补正后提交，本机关收到全部补正材料后作出是否受理的决定：'
        }
        backLabel="返回待受理列表"
        onBack={onBack}
      />
    )
  }
  const name = REFUSALS[paper.ground].paper
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Card className="desk-printable" aria-label={name}>
        <Typography.Title level={1} style={{ textAlign: 'center', marginTop: 0 }}>
          {name}
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }}>接件编号：{r.receiptNumber ?? '—'}</Typography.Paragraph>
        <Typography.Paragraph>
          {r.owner.name}（统一社会信用代码 {r.owner.creditCode}）：
        </Typography.Paragraph>
        {refusalParagraphs({
          ground: paper.ground,
          reason: paper.reason,
          ...(paper.referTo ? { referTo: paper.referTo } : {}),
          project: `${r.projectName}（项目代码 ${r.projectCode}）`,
          step,
        }).map((line) => (
          <Typography.Paragraph key={line}>{line}</Typography.Paragraph>
        ))}
        {/* As every paper of the receipt: what the decision was made on, the materials handed in at the window. */}
        <ReceivedList lines={received} />
        <SealBlock office={office} day={today} />
      </Card>
      <Space className="desk-no-print">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={onBack}>返回待受理列表</Button>
      </Space>
    </Space>
  )
}
