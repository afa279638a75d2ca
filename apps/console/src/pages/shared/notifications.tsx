import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Checkbox, Form, Input, Space, Tag, Typography } from 'antd'
import { useEffect } from 'react'
import { ApiProblem, api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag, type Tone } from '../../components/status-tag'
import { chineseDateTime } from '../../format'
import { Loading } from '../../layout'
import { useSession } from '../../session'

type Channel = 'sms' | 'email' | 'log'
const CHANNELS: { value: Channel; label: string }[] = [
  { value: 'log', label: '站内消息' },
  { value: 'sms', label: '短信' },
  { value: 'email', label: '电子邮件' },
]
const channelName = (c: string) => CHANNELS.find((x) => x.value === c)?.label ?? c
const STATUS: Record<string, { label: string; tone: Tone }> = {
  sent: { label: '已发送', tone: 'green' },
  pending: { label: '待发送', tone: 'blue' },
  failed: { label: '发送失败', tone: 'red' },
}

// The gateway words a refused field in English; the form says it in Chinese next to the field (its detail stays above).
const FIELD_WORDS: Record<string, string> = {
  '/body/phone': '请填写 11 位手机号码（以 1 开头）；选择短信时必填',
  '/body/email': '请填写有效的电子邮箱；选择电子邮件时必填',
  '/body/quietHours/from': '请按“时:分”填写，如 22:00',
  '/body/quietHours/to': '请按“时:分”填写，如 07:00，且不能与开始时间相同',
  '/body/channels': '请至少选择一种通知方式',
}
// antd's error red (#ff4d4f) falls short of AA contrast on white; the message is written in the darker red of StatusTag.
const refused = (error: unknown, field: string) =>
  fieldMessage(error, field) ? <span style={{ color: '#a8071a' }}>{FIELD_WORDS[field]}</span> : undefined

type FormValues = { channels: Channel[]; quietFrom?: string; quietTo?: string; phone?: string; email?: string }

/** 消息通知 — the caller's own messages (owner organisation or department) and how it wants to be told. */
/**
 * A shared office (监督, 12345 centre, 不动产登记机构): every member reads its preferences, only an admin sets them
 * (docs/notifications.md#preferences), so the form is shown but not offered.
 */
const OFFICE_ROLES: readonly string[] = ['supervisor', 'agent', 'registrar']

export default function Notifications() {
  const queryClient = useQueryClient()
  const { session } = useSession()
  const office = OFFICE_ROLES.includes(session?.actor.role ?? '')
  const messages = useInfiniteQuery({
    queryKey: keys.notifications(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/notifications', {
          params: { query: { limit: 20, ...(pageParam ? { before: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next,
  })
  const preferences = useQuery({
    queryKey: keys.notificationPreferences(),
    queryFn: () => must(api.GET('/api/v1/notifications/preferences')),
  })
  const [form] = Form.useForm<FormValues>()
  useEffect(() => {
    const p = preferences.data?.preferences
    if (!p) return
    form.setFieldsValue({
      channels: p.channels as Channel[],
      quietFrom: p.quietHours?.from ?? '',
      quietTo: p.quietHours?.to ?? '',
      phone: p.phone ?? '',
      email: p.email ?? '',
    })
  }, [preferences.data, form])
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      must(
        api.PUT('/api/v1/notifications/preferences', {
          body: {
            channels: v.channels,
            ...(v.quietFrom || v.quietTo ? { quietHours: { from: v.quietFrom ?? '', to: v.quietTo ?? '' } } : {}),
            ...(v.phone ? { phone: v.phone.trim() } : {}),
            ...(v.email ? { email: v.email.trim() } : {}),
          },
        }),
      ),
    onSuccess: (data) => queryClient.setQueryData(keys.notificationPreferences(), data),
  })
  const rows = messages.data?.pages.flatMap((p) => p.messages) ?? []
  const error = save.error
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        消息通知
      </Typography.Title>
      <Card
        title={<h2 style={{ fontSize: 18, margin: 0 }}>我的消息</h2>}
        extra={
          <Button onClick={() => void messages.refetch()} loading={messages.isFetching}>
            刷新
          </Button>
        }
        style={{ marginBottom: 16 }}
      >
        <ProblemAlert error={messages.error} />
        {messages.isPending ? (
          <Loading />
        ) : (
          <ul aria-label="消息列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {rows.length === 0 && <li>暂无消息。</li>}
            {rows.map((m) => (
              <li key={m.id} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
                <Space wrap>
                  <strong>{m.title}</strong>
                  <Tag>{channelName(m.channel)}</Tag>
                  <StatusTag tone={STATUS[m.status]?.tone ?? 'grey'}>{STATUS[m.status]?.label ?? m.status}</StatusTag>
                </Space>
                <div style={{ overflowWrap: 'anywhere' }}>{m.body}</div>
                <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
                  {chineseDateTime(m.createdAt)}
                  {m.status === 'pending' && m.dueAt !== m.createdAt
                    ? `（免打扰，${chineseDateTime(m.dueAt)} 发送）`
                    : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
        {messages.hasNextPage && (
          <Button onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage}>
            加载更多
          </Button>
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>通知设置</h2>}>
        <ProblemAlert error={preferences.error ?? (error instanceof ApiProblem ? error : error)} />
        {save.isSuccess && !save.isPending && (
          <Typography.Paragraph role="status" style={{ color: '#237804' }}>
            通知设置已保存。
          </Typography.Paragraph>
        )}
        {office && <Typography.Paragraph>本机构的通知设置由系统管理员设置，这里只能查看。</Typography.Paragraph>}
        <Form
          form={form}
          layout="vertical"
          disabled={office}
          onFinish={(v) => save.mutate(v)}
          initialValues={{ channels: ['log'] }}
        >
          <Form.Item
            name="channels"
            label="通知方式"
            validateStatus={refused(error, '/body/channels') ? 'error' : ''}
            help={refused(error, '/body/channels')}
          >
            <Checkbox.Group options={CHANNELS} />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="quietFrom"
              label="免打扰开始（北京时间）"
              validateStatus={refused(error, '/body/quietHours/from') ? 'error' : ''}
              help={refused(error, '/body/quietHours/from')}
            >
              <Input placeholder="22:00" maxLength={5} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item
              name="quietTo"
              label="免打扰结束"
              validateStatus={refused(error, '/body/quietHours/to') ? 'error' : ''}
              help={refused(error, '/body/quietHours/to')}
            >
              <Input placeholder="07:00" maxLength={5} style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary">
            免打扰时段内的短信和电子邮件（包括时限预警）待时段结束后发送；站内消息随时可见。
          </Typography.Paragraph>
          <Form.Item
            name="phone"
            label="手机号码"
            validateStatus={refused(error, '/body/phone') ? 'error' : ''}
            help={refused(error, '/body/phone')}
          >
            <Input inputMode="numeric" maxLength={11} style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item
            name="email"
            label="电子邮箱"
            validateStatus={refused(error, '/body/email') ? 'error' : ''}
            help={refused(error, '/body/email')}
          >
            <Input type="email" maxLength={254} style={{ maxWidth: 320 }} />
          </Form.Item>
          {!office && (
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存设置
            </Button>
          )}
        </Form>
      </Card>
    </>
  )
}
