import { Button, Checkbox, Form, Input, Space, Typography } from 'antd'
import { type ReactNode, useEffect } from 'react'
import { ApiProblem } from '../api'
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
// A regional caller's change is refused field by field too (the page shows it the form read-only, so only a session
// that did not know its region meets it): not a wrong value, a field that is not its to set.
const REGIONAL_CALLER = 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER'
// antd's error red (#ff4d4f) falls short of AA contrast on white; the message is written in the darker red of StatusTag.
const refused = (error: unknown, field: string) =>
  fieldMessage(error, field) ? (
    <span style={{ color: '#a8071a' }}>
      {error instanceof ApiProblem && error.code === REGIONAL_CALLER ? '由本部门全辖用户设置' : FIELD_WORDS[field]}
    </span>
  ) : undefined

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

/** One field of the form, marked and worded beside it when the save's refusal names it (`field`, its body pointer). */
function Field(p: { name: keyof FormValues; label: string; field: string; error: unknown; children: ReactNode }) {
  const why = refused(p.error, p.field)
  return (
    <Form.Item name={p.name} label={p.label} validateStatus={why ? 'error' : ''} help={why}>
      {p.children}
    </Form.Item>
  )
}

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
      <Field name="channels" label="通知方式" field="/body/channels" error={error}>
        <Checkbox.Group options={CHANNELS} />
      </Field>
      <Space wrap>
        <Field name="quietFrom" label="免打扰开始（北京时间）" field="/body/quietHours/from" error={error}>
          <Input placeholder="22:00" maxLength={5} style={{ width: 120 }} />
        </Field>
        <Field name="quietTo" label="免打扰结束" field="/body/quietHours/to" error={error}>
          <Input placeholder="07:00" maxLength={5} style={{ width: 120 }} />
        </Field>
      </Space>
      <Typography.Paragraph type="secondary">
        免打扰时段内的短信和电子邮件（包括时限预警）待时段结束后发送；站内消息随时可见。
      </Typography.Paragraph>
      <Field name="phone" label="手机号码" field="/body/phone" error={error}>
        <Input inputMode="numeric" maxLength={11} style={{ maxWidth: 240 }} />
      </Field>
      <Field name="email" label="电子邮箱" field="/body/email" error={error}>
        <Input type="email" maxLength={254} style={{ maxWidth: 320 }} />
      </Field>
      {!p.readOnly && (
        <Button type="primary" htmlType="submit" loading={p.saving}>
          保存设置
        </Button>
      )}
    </Form>
  )
}
