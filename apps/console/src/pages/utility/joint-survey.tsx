import { Form, Input, Modal, Typography } from 'antd'
import { JOINT_SURVEY_MAXIMA } from '../../bounds'
import { DayPick } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { providerName } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

type UtilityRequest =
  paths['/api/v1/utility-requests']['get']['responses'][200]['content']['application/json']['requests'][number]
export type JointSurvey = NonNullable<UtilityRequest['jointSurvey']>
export type JointSurveyProposal = NonNullable<
  paths['/api/v1/utility-requests/{id}/joint-survey']['post']['requestBody']
>['content']['application/json']

export type JointSurveyCancellation = NonNullable<
  paths['/api/v1/utility-requests/{id}/joint-survey/cancellation']['post']['requestBody']
>['content']['application/json']

/** 联合踏勘 as a provider reads it on a request: the day, the time, the place, whom to call and who proposed it. */
export const jointSurveyText = (s: JointSurvey) =>
  `${chineseDate(s.day)} ${s.time}，${s.place}（联系人：${s.contact}；${providerName(s.proposedBy)}发起）`

/** The request's provider proposed the appointment it carries: it may cancel it; the others confirm it. */
export const proposedHere = (r: UtilityRequest) => r.jointSurvey?.proposedBy === r.provider
/** This request has confirmed the appointment it carries. */
export const confirmedHere = (r: UtilityRequest) =>
  (r.jointSurvey?.confirmations ?? []).some((c) => c.requestId === r.requestId)

/**
 * Who has confirmed they will attend (确认参加), as every provider's request carrying the appointment shows it: the
 * proposer learns who is coming, the others that they have said so. A reschedule starts the list afresh.
 */
export function jointSurveyConfirmationsText(s: JointSurvey): string {
  const who = [...new Set((s.confirmations ?? []).map((c) => providerName(c.provider)))]
  return who.length > 0 ? `已确认参加：${who.join('、')}` : '尚无其他单位确认参加'
}

/**
 * 取消联合踏勘 — its proposer cancels the appointment before its day, saying why (the site is not ready, the day suits
 * nobody); every request carrying it, whichever provider's, then carries none, and any provider may propose another.
 */
export function JointSurveyCancelForm({
  r,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  r: UtilityRequest
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: JointSurveyCancellation) => void
}) {
  const [form] = Form.useForm<{ reason?: string }>()
  return (
    <Modal
      open
      title="取消联合踏勘"
      okText="确定取消"
      cancelText="返回"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      {r.jointSurvey && <Typography.Paragraph>{jointSurveyText(r.jointSurvey)}</Typography.Paragraph>}
      <ProblemAlert error={error} fields={{ '/reason': '取消原因' }} />
      <Form<{ reason?: string }>
        form={form}
        layout="vertical"
        onFinish={(v) => onSubmit({ reason: (v.reason ?? '').trim() })}
      >
        <Form.Item
          name="reason"
          label="取消原因"
          rules={[{ required: true, whitespace: true, message: '请填写取消原因' }]}
        >
          <Input.TextArea
            maxLength={JOINT_SURVEY_MAXIMA.cancelReason}
            rows={3}
            placeholder="如：现场尚不具备踏勘条件"
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">取消后，各报装单位均不再按此时间踏勘，可另行约定。</Typography.Text>
    </Modal>
  )
}

/**
 * 约定联合踏勘 — the provider proposes its project's one joint site survey (004:2303: 一次联合踏勘), for every request of
 * the project at survey, whichever provider's: the owner hosts one visit. While it is set only its proposer may move
 * it; the service refuses a day before today.
 */
export function JointSurveyForm({
  r,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  r: UtilityRequest
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: JointSurveyProposal) => void
}) {
  const [form] = Form.useForm<Partial<JointSurveyProposal>>()
  const submit = (v: Partial<JointSurveyProposal>) =>
    onSubmit({
      day: v.day ?? '',
      time: (v.time ?? '').trim(),
      place: (v.place ?? '').trim(),
      contact: (v.contact ?? '').trim(),
    })
  const current = r.jointSurvey
  return (
    <Modal
      open
      title={current ? '调整联合踏勘' : '约定联合踏勘'}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        供水、供电、供气、通信等报装在本项目处于现场勘察阶段的，均按此时间地点一次联合踏勘；各单位踏勘后各自登记完成现场勘察。
      </Typography.Paragraph>
      <ProblemAlert
        error={error}
        fields={{ '/day': '踏勘日期', '/time': '踏勘时间', '/place': '踏勘地点', '/contact': '联系人及电话' }}
      />
      <Form<Partial<JointSurveyProposal>>
        form={form}
        layout="vertical"
        initialValues={
          current ? { day: current.day, time: current.time, place: current.place, contact: current.contact } : {}
        }
        onFinish={submit}
      >
        <Form.Item name="day" label="踏勘日期" rules={[{ required: true, message: '请选择踏勘日期' }]}>
          <DayPick label="踏勘日期" />
        </Form.Item>
        <Form.Item
          name="time"
          label="踏勘时间"
          rules={[{ required: true, whitespace: true, message: '请填写踏勘时间' }]}
        >
          <Input maxLength={JOINT_SURVEY_MAXIMA.time} placeholder="如：9:00-11:00" />
        </Form.Item>
        <Form.Item
          name="place"
          label="踏勘地点"
          rules={[{ required: true, whitespace: true, message: '请填写踏勘地点' }]}
        >
          <Input maxLength={JOINT_SURVEY_MAXIMA.place} placeholder="如：项目东门" />
        </Form.Item>
        <Form.Item
          name="contact"
          label="联系人及电话"
          rules={[{ required: true, whitespace: true, message: '请填写联系人及电话' }]}
        >
          <Input maxLength={JOINT_SURVEY_MAXIMA.contact} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{providerName(r.provider)}报装发起</Typography.Text>
    </Modal>
  )
}
