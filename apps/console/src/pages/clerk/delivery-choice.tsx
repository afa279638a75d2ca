import { Card, Form, Input, Select, Space, Typography } from 'antd'
import { DELIVERY_BOUNDS } from '../../bounds'
import type { paths } from '../../generated/api'
import { MODE_NAMES } from './delivery-names'

type OpenBody = NonNullable<
  paths['/api/v1/projects/{id}/applications']['post']['requestBody']
>['content']['application/json']
/** What the application carries: the applicant's choice of how its result is delivered (结果送达). */
export type DeliveryChoice = NonNullable<OpenBody['delivery']>
export type DeliveryValues = { mode?: DeliveryChoice['mode']; recipient?: string; address?: string; phone?: string }

/** The choice as the body carries it: nothing when the clerk chose none (intake then delivers online). */
export function deliveryOf(values: DeliveryValues | undefined): DeliveryChoice | undefined {
  if (!values?.mode) return undefined
  const phone = values.phone?.trim()
  if (values.mode !== 'post') return { mode: values.mode, ...(phone ? { phone } : {}) }
  return {
    mode: 'post',
    recipient: values.recipient?.trim() ?? '',
    address: values.address?.trim() ?? '',
    phone: phone ?? '',
  }
}

const PHONE = new RegExp(DELIVERY_BOUNDS.phone.pattern)

/**
 * 结果送达方式 on the desk's application form (the form's `delivery` fields): 现场送达, 寄递送达 with the recipient,
 * address and phone, or 网上送达. Left unchosen, the result is delivered online (the e-certificate).
 */
export function DeliveryChoiceCard() {
  const mode = Form.useWatch<DeliveryValues['mode']>(['delivery', 'mode'])
  return (
    <Card title="结果送达方式" size="small" style={{ marginBottom: 16 }}>
      <Form.Item label="送达方式" name={['delivery', 'mode']}>
        <Select
          aria-label="送达方式"
          allowClear
          placeholder="未选择（默认网上送达电子证照）"
          style={{ width: 320 }}
          options={(['on-site', 'post', 'online'] as const).map((m) => ({ value: m, label: MODE_NAMES[m] }))}
        />
      </Form.Item>
      {mode === 'post' && (
        <Space wrap size="middle">
          <Form.Item
            label="收件人"
            name={['delivery', 'recipient']}
            rules={[{ required: true, max: DELIVERY_BOUNDS.recipient, whitespace: true }]}
          >
            <Input maxLength={DELIVERY_BOUNDS.recipient} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            label="收件地址"
            name={['delivery', 'address']}
            rules={[{ required: true, max: DELIVERY_BOUNDS.address, whitespace: true }]}
          >
            <Input maxLength={DELIVERY_BOUNDS.address} style={{ width: 420 }} />
          </Form.Item>
        </Space>
      )}
      {(mode === 'post' || mode === 'on-site') && (
        <Form.Item
          label={mode === 'post' ? '收件人电话' : '短信通知电话'}
          name={['delivery', 'phone']}
          rules={[{ required: mode === 'post', pattern: PHONE, message: '请填写有效的电话号码' }]}
        >
          <Input maxLength={DELIVERY_BOUNDS.phone.maxLength} style={{ width: 240 }} />
        </Form.Item>
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {mode === 'on-site'
          ? '办结后短信通知申请人到本服务大厅窗口领取，领取时签收确认。'
          : mode === 'post'
            ? '办结后由服务大厅寄递至指定地址，送达后由收件人签收确认。'
            : '办结后通过网上办事平台推送电子化办理结果，并短信提醒。'}
      </Typography.Paragraph>
    </Card>
  )
}
