import { Form, Input, Modal, Typography } from 'antd'
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

/** contracts' MAX_SURVEY_TIME, MAX_SURVEY_PLACE, MAX_SURVEY_CONTACT. */
const MAX_TIME = 50
const MAX_PLACE = 200
const MAX_CONTACT = 100

/** 联合踏勘 as a provider reads it on a request: the day, the time, the place, whom to call and who proposed it. */
export const jointSurveyText = (s: JointSurvey) =>
  `${chineseDate(s.day)} ${s.time}，${s.place}（联系人：${s.contact}；${providerName(s.proposedBy)}发起）`

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
          <Input maxLength={MAX_TIME} placeholder="如：9:00-11:00" />
        </Form.Item>
        <Form.Item
          name="place"
          label="踏勘地点"
          rules={[{ required: true, whitespace: true, message: '请填写踏勘地点' }]}
        >
          <Input maxLength={MAX_PLACE} placeholder="如：项目东门" />
        </Form.Item>
        <Form.Item
          name="contact"
          label="联系人及电话"
          rules={[{ required: true, whitespace: true, message: '请填写联系人及电话' }]}
        >
          <Input maxLength={MAX_CONTACT} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{providerName(r.provider)}报装发起</Typography.Text>
    </Modal>
  )
}
