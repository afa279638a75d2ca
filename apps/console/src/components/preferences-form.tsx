import { Button, Checkbox, Form, Input, Space, Typography } from 'antd'
import { useEffect } from 'react'
import { fieldMessage } from './problem'

export type Channel = 'sms' | 'email' | 'log'
export const CHANNELS: { value: Channel; label: string }[] = [
  { value: 'log', label: '站内消息' },
  { value: 'sms', label: '短信' },
  { value: 'email', label: '电子邮件' },
]
export const channelName = (c: string) => CHANNELS.find((x) => x.value === c)?.label ?? c

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

/** A party's preferences as the gateway answers them. */
export type StoredPreferences = {
  channels: string[]
  quietHours?: { from: string; to: string }
  phone?: string
  email?: string
}

/** The body `PUT /api/v1/notifications/preferences` takes. */
export type PreferencesBody = {
  channels: Channel[]
  quietHours?: { from: string; to: string }
  phone?: string
  email?: string
}

type FormValues = { channels: Channel[]; quietFrom?: string; quietTo?: string; phone?: string; email?: string }

/**
 * 通知设置 — one party's channels, quiet hours and addresses: a member's own (消息通知) and a shared office's, which an
 * admin sets (通知设置 of the admin console). `readOnly`: shown but not offered (an office's member).
 */
export function PreferencesForm(p: {
  preferences: StoredPreferences | undefined
  onSave: (body: PreferencesBody) => void
  saving: boolean
  /** The save's refusal: each field it names is marked beside the field. */
  error: unknown
  readOnly?: boolean
}) {
  const [form] = Form.useForm<FormValues>()
  const { preferences, error } = p
  useEffect(() => {
    if (!preferences) return
    form.setFieldsValue({
      channels: preferences.channels as Channel[],
      quietFrom: preferences.quietHours?.from ?? '',
      quietTo: preferences.quietHours?.to ?? '',
      phone: preferences.phone ?? '',
      email: preferences.email ?? '',
    })
  }, [preferences, form])
  const save = (v: FormValues) =>
    p.onSave({
      channels: v.channels,
      ...(v.quietFrom || v.quietTo ? { quietHours: { from: v.quietFrom ?? '', to: v.quietTo ?? '' } } : {}),
      ...(v.phone ? { phone: v.phone.trim() } : {}),
      ...(v.email ? { email: v.email.trim() } : {}),
    })
  return (
    <Form form={form} layout="vertical" disabled={p.readOnly} onFinish={save} initialValues={{ channels: ['log'] }}>
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
      {!p.readOnly && (
        <Button type="primary" htmlType="submit" loading={p.saving}>
          保存设置
        </Button>
      )}
    </Form>
  )
}
