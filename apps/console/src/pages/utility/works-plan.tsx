import { Form, Input, Modal } from 'antd'
import { WORKS_PLAN_MAXIMA } from '../../bounds'
import { ProblemAlert } from '../../components/problem'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import {
  missingTrafficField,
  TRAFFIC_FIELDS,
  type TrafficField,
  type WorksPlan,
  type WorksPlanValues,
  worksPlanOf,
} from './works-plan-values'

export type { WorksPlan } from './works-plan-values'

type RequestList = paths['/api/v1/utility-requests']['get']['responses'][200]['content']['application/json']
type UtilityRequest = RequestList['requests'][number]
export type WorksPlanPush = NonNullable<UtilityRequest['worksPlanPush']>
export type Restoration = NonNullable<UtilityRequest['restoration']>

/** 施工方案 / 交通疏解方案, as the seed names them (004:1852). */
export const PLAN_KINDS = { 'works-plan': '施工方案', 'traffic-plan': '交通疏解方案' } as const

/** 修复 — the restoration's state as the provider and the departments read it. */
export const RESTORATION_STATUS = {
  none: '未报修复完成',
  declared: '已报修复完成，待验收',
  accepted: '修复验收通过',
  rectify: '修复需整改',
} as const

export const restorationStatusOf = (r: { restoration?: Restoration }) => r.restoration?.status ?? 'none'

/** The push in one sentence: the plans, to whom, on which day. */
export function pushText(push: WorksPlanPush): string {
  const plans = push.plans.map((p) => `${PLAN_KINDS[p.kind]}（${p.reference}）`).join('、')
  const to = push.departments.map((d) => d.name ?? d.code).join('、')
  return `${plans}已于${chineseDate(push.pushedOn)}推送至${to}`
}

/** The restoration in one sentence: declared when, and each department's word on it. */
export function restorationText(restoration: Restoration | undefined): string {
  if (!restoration) return RESTORATION_STATUS.none
  const reviews = restoration.reviews.map(
    (v) =>
      `${v.departmentName ?? v.department}${v.outcome === 'accepted' ? '验收通过' : `要求整改：${v.reason ?? ''}`}`,
  )
  return [
    `${chineseDateTime(restoration.declaredAt)}报修复完成`,
    ...reviews,
    RESTORATION_STATUS[restoration.status],
  ].join('；')
}

/** A traffic plan's field, asked for when the other one is filled. */
const trafficPairRule =
  (field: TrafficField) =>
  ({ getFieldsValue }: { getFieldsValue: (names: TrafficField[]) => Pick<WorksPlanValues, TrafficField> }) => ({
    validator: () =>
      missingTrafficField(getFieldsValue(['trafficReference', 'trafficDescription'])) === field
        ? Promise.reject(new Error(`请填写${TRAFFIC_FIELDS[field]}（交通疏解方案的编号和内容须一并填写）`))
        : Promise.resolve(),
  })

/**
 * 告知承诺 — the provider's commitment and its works plan (a traffic plan beside it when the works touch traffic),
 * filed with the connection plan and pushed to the departments the region names (Shanwei 004:1852).
 */
export function WorksPlanForm({
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (worksPlan: WorksPlan) => void
}) {
  const [form] = Form.useForm<WorksPlanValues>()
  return (
    <Modal
      open
      title="告知承诺并推送施工方案"
      okText="完成接入方案并推送"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={error} />
      <Form<WorksPlanValues>
        form={form}
        layout="vertical"
        onFinish={(v) => onSubmit(worksPlanOf(v))}
        initialValues={{ commitment: '本单位承诺按不低于原貌标准恢复道路和绿化，并接受有关部门的事中事后监管。' }}
      >
        <Form.Item
          name="commitment"
          label="告知承诺"
          rules={[{ required: true, whitespace: true, max: WORKS_PLAN_MAXIMA.commitment }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          name="worksReference"
          label="施工方案编号"
          rules={[{ required: true, whitespace: true, max: WORKS_PLAN_MAXIMA.reference }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="worksDescription"
          label="施工方案内容"
          rules={[{ required: true, whitespace: true, max: WORKS_PLAN_MAXIMA.description }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name="trafficReference"
          label={`${TRAFFIC_FIELDS.trafficReference}（涉及交通时填写）`}
          dependencies={['trafficDescription']}
          rules={[{ max: WORKS_PLAN_MAXIMA.reference }, trafficPairRule('trafficReference')]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="trafficDescription"
          label={TRAFFIC_FIELDS.trafficDescription}
          dependencies={['trafficReference']}
          rules={[{ max: WORKS_PLAN_MAXIMA.description }, trafficPairRule('trafficDescription')]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
