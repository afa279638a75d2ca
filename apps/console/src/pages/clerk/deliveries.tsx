import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Form, Input, Modal, Space, Table, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { DELIVERY_BOUNDS } from '../../bounds'
import { ProblemAlert } from '../../components/problem'
import { unbroken } from '../../components/unbroken'
import { chineseDate } from '../../format'
import { LIVE_EVENT, type LiveMessage } from '../../live'
import { type Delivery, MODE_NAMES, modeText, STATE_NAMES } from './delivery-names'

/** The list's query key: each record here and the live stream refresh it. */
const deliveriesKey = [...keys.all, 'deliveries'] as const

/** What the clerk records next for a delivery in this state, if anything. */
type Step = 'collected' | 'posted' | 'signed'
const NEXT: Partial<Record<Delivery['state'], { step: Step; label: string }>> = {
  'awaiting-collection': { step: 'collected', label: '登记领取' },
  'awaiting-posting': { step: 'posted', label: '登记寄出' },
  posted: { step: 'signed', label: '登记签收' },
}

type Values = { signer?: string; trackingNumber?: string; on?: string }

const TRACKING_NUMBER = new RegExp(DELIVERY_BOUNDS.trackingNumber.pattern)

/**
 * 结果送达 (`GET /api/v1/deliveries`): the decided applications whose result the window still has to hand out or post,
 * oldest due first. For each the clerk records 已领取 (现场送达: the signer and the day), 已寄出 (寄递送达: the tracking
 * number) and then 已签收 (the day) — `POST /api/v1/applications/:id/delivery`.
 */
export default function Deliveries() {
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const [acting, setActing] = useState<{ delivery: Delivery; step: Step }>()
  const [done, setDone] = useState<string>()
  // Recorded but not yet in the read model: the list asks again until it shows that version (or the delivery left it).
  const [awaited, setAwaited] = useState<{ applicationId: string; version: number }>()
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const list = useQuery({
    queryKey: [...deliveriesKey, cursor ?? ''],
    queryFn: () =>
      must(
        api.GET('/api/v1/deliveries', {
          params: { query: { state: 'awaiting', limit: 20, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    refetchInterval: (query) => {
      const shown = query.state.data?.deliveries.find((d) => d.applicationId === awaited?.applicationId)
      return awaited && shown && shown.version < awaited.version ? 1000 : false
    },
  })
  // A decision makes a delivery due a moment after approval's event: the application's live messages refresh the list.
  useEffect(() => {
    const heard = (e: Event) => {
      if ((e as CustomEvent<LiveMessage>).detail.event === 'application')
        void queryClient.invalidateQueries({ queryKey: deliveriesKey })
    }
    window.addEventListener(LIVE_EVENT, heard)
    return () => window.removeEventListener(LIVE_EVENT, heard)
  }, [queryClient])

  const record = useMutation({
    mutationFn: async ({ delivery, step, values }: { delivery: Delivery; step: Step; values: Values }) =>
      must(
        api.POST('/api/v1/applications/{id}/delivery', {
          params: { path: { id: delivery.applicationId } },
          body:
            step === 'collected'
              ? { step, signer: values.signer?.trim() ?? '', on: values.on ?? '' }
              : step === 'posted'
                ? { step, trackingNumber: values.trackingNumber?.trim() ?? '' }
                : { step, on: values.on ?? '' },
        }),
      ),
    onSuccess: (answer) => {
      const d = answer.delivery
      setDone(`${d.receiptNumber ?? d.applicationId}：${STATE_NAMES[d.state]}`)
      setAwaited({ applicationId: d.applicationId, version: d.version })
      setActing(undefined)
      void queryClient.invalidateQueries({ queryKey: deliveriesKey })
    },
  })

  // The day a record defaults to: the gateway's legal day (it refuses a day after it), as the project's status says.
  const today = useQuery({
    queryKey: keys.status(acting?.delivery.projectId ?? ''),
    enabled: acting !== undefined,
    queryFn: () =>
      must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: acting?.delivery.projectId ?? '' } } })),
  }).data?.asOf.today
  useEffect(() => {
    if (acting && today && !form.getFieldValue('on')) form.setFieldValue('on', today)
  }, [acting, today, form])
  // The days intake takes: not after today, not before the result fell due (a signature not before the posting).
  const earliest = acting?.delivery.postedOn ?? acting?.delivery.dueOn
  const rows = list.data?.deliveries ?? []
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 0 }}>
        结果送达
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        办理结果按申请人选择的方式送达：现场送达的，短信告知申请人到窗口领取并签收；寄递送达的，寄往申请人指定的地址和收件人并由其签收；网上送达的，办结即推送电子化结果，无需在此登记。
      </Typography.Paragraph>
      {done && <Alert type="success" showIcon title={done} closable onClose={() => setDone(undefined)} />}
      <ProblemAlert error={list.error} />
      <Table<Delivery>
        aria-label="待送达的办理结果"
        rowKey="applicationId"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text>暂无待送达的办理结果。</Typography.Text> }}
        columns={[
          {
            title: '受理编号',
            key: 'number',
            render: (_, d) => <span style={unbroken}>{d.receiptNumber ?? '—'}</span>,
          },
          { title: '申请环节', key: 'step', render: (_, d) => d.stepName ?? d.step },
          {
            title: '办理结果',
            key: 'outcome',
            // A refusal is handed over with its written decision: each department's 不予许可决定书 prints from the
            // project's progress page, beside the department's reason.
            render: (_, d) =>
              d.outcome === 'approved' ? (
                '准予许可'
              ) : (
                <>
                  不予许可（<Link to={`/projects/${d.projectId}`}>打印不予许可决定书</Link>）
                </>
              ),
          },
          { title: '办结日期', key: 'due', render: (_, d) => chineseDate(d.dueOn) },
          { title: '送达方式', key: 'mode', render: (_, d) => MODE_NAMES[d.mode] },
          {
            title: '收件信息',
            key: 'to',
            render: (_, d) =>
              d.mode === 'post'
                ? `${d.recipient ?? ''}，${d.address ?? ''}，${d.phone ?? ''}${d.trackingNumber ? `（单号 ${d.trackingNumber}）` : ''}`
                : (d.phone ?? '—'),
          },
          { title: '状态', key: 'state', render: (_, d) => STATE_NAMES[d.state] },
          {
            title: '操作',
            key: 'actions',
            render: (_, d) => {
              const next = NEXT[d.state]
              return next ? (
                <Button
                  size="small"
                  onClick={() => {
                    record.reset()
                    form.resetFields()
                    setActing({ delivery: d, step: next.step })
                  }}
                >
                  {next.label}
                </Button>
              ) : null
            },
          },
        ]}
      />
      <Space>
        {cursors.length > 0 && <Button onClick={() => setCursors(cursors.slice(0, -1))}>上一页</Button>}
        {list.data?.nextCursor && (
          <Button onClick={() => setCursors([...cursors, list.data?.nextCursor ?? ''])}>下一页</Button>
        )}
      </Space>
      <Modal
        open={acting !== undefined}
        title={
          acting
            ? `${NEXT[acting.delivery.state]?.label}：${acting.delivery.receiptNumber ?? ''}（${modeText(acting.delivery)}）`
            : ''
        }
        okText="确认登记"
        cancelText="取消"
        confirmLoading={record.isPending}
        onCancel={() => setActing(undefined)}
        onOk={() => form.submit()}
        // Rendered while closed too, so the form's instance is connected when a row opens it.
        forceRender
      >
        <ProblemAlert error={record.error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => acting && record.mutate({ delivery: acting.delivery, step: acting.step, values })}
        >
          {acting?.step === 'collected' && (
            <Form.Item
              label="签收人"
              name="signer"
              rules={[{ required: true, max: DELIVERY_BOUNDS.signer, whitespace: true }]}
            >
              <Input maxLength={DELIVERY_BOUNDS.signer} />
            </Form.Item>
          )}
          {acting?.step === 'posted' && (
            <Form.Item
              label="快递单号"
              name="trackingNumber"
              rules={[{ required: true, pattern: TRACKING_NUMBER, message: '请填写 4–40 位字母、数字或连字符' }]}
            >
              <Input maxLength={DELIVERY_BOUNDS.trackingNumber.maxLength} />
            </Form.Item>
          )}
          {acting && acting.step !== 'posted' && (
            <Form.Item
              label={acting.step === 'collected' ? '领取日期' : '签收日期'}
              name="on"
              rules={[{ required: true }]}
            >
              <Input type="date" max={today} min={earliest} style={{ width: 180 }} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  )
}
