import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Input, Select, Table, Typography } from 'antd'
import { ApiProblem, api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import { type Commission, limitText, REVIEW_STATUS, type Review, STAGES, SUBJECTS } from '../shared-results/names'
import { CommissionTable } from '../shared-results/survey-commissions'

const section = { marginBottom: 16 } as const
const h2 = { fontSize: 16, margin: 0 } as const

type Unit = { name: string; creditCode: string }

/**
 * 联合审图 and 多测合一 on the project page: the drawing review (versions with their clocks, the report, the
 * departments that decided on it) and the survey commissions per stage with their results. Only the owner submits
 * drawings or commissions a survey (the routes answer 403 to anyone else), so only the owner is shown the forms.
 */
export function SharedResults({ projectId, owner }: { projectId: string; owner: boolean }) {
  return (
    <>
      <DrawingReviewCard projectId={projectId} owner={owner} />
      <SurveyCard projectId={projectId} owner={owner} />
    </>
  )
}

function DrawingReviewCard({ projectId, owner }: { projectId: string; owner: boolean }) {
  const client = useQueryClient()
  const review = useQuery({
    queryKey: keys.drawingReview(projectId),
    queryFn: async () => {
      try {
        return (await must(api.GET('/api/v1/projects/{id}/drawing-review', { params: { path: { id: projectId } } })))
          .review
      } catch (err) {
        // No review yet is the start, not a failure.
        if (err instanceof ApiProblem && err.status === 404) return null
        throw err
      }
    },
  })
  const submit = useMutation({
    mutationFn: (v: { reviewBody: Unit; title: string; documentRef: string }) =>
      must(api.POST('/api/v1/projects/{id}/drawing-review', { params: { path: { id: projectId } }, body: v })),
    onSuccess: (answer) => client.setQueryData(keys.drawingReview(projectId), answer.review),
  })
  const r: Review | null | undefined = review.data
  const canSubmit = owner && review.isSuccess && (!r || r.status === 'comments')
  return (
    <Card title={<h2 style={h2}>联合审图</h2>} size="small" style={section}>
      <ProblemAlert error={review.error} />
      <ProblemAlert error={submit.error} />
      {r && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="审查机构">{r.reviewBody.name}</Descriptions.Item>
            <Descriptions.Item label="审查状态">
              <StatusTag tone={r.status === 'passed' ? 'green' : r.status === 'comments' ? 'gold' : 'blue'}>
                {REVIEW_STATUS[r.status]}
              </StatusTag>
            </Descriptions.Item>
          </Descriptions>
          <section aria-label="施工图版本">
            <Table
              rowKey="version"
              size="small"
              pagination={false}
              dataSource={r.versions}
              columns={[
                { title: '版本', key: 'v', render: (_, v) => `第 ${v.version} 版` },
                { title: '图纸', key: 't', render: (_, v) => v.title },
                { title: '提交时间', key: 's', render: (_, v) => chineseDateTime(v.submittedAt) },
                {
                  title: '审查时限',
                  key: 'c',
                  render: (_, v) => `${limitText(v.clock.limit)}，${chineseDate(v.dueOn)}前`,
                },
                {
                  title: '审查结论',
                  key: 'o',
                  render: (_, v) =>
                    v.outcome === 'passed'
                      ? '合格'
                      : v.outcome === 'comments'
                        ? `修改意见：${(v.comments ?? []).join('；')}`
                        : '审查中',
                },
              ]}
            />
          </section>
          {r.report && (
            <Descriptions
              size="small"
              column={1}
              title={`审查报告（第 ${r.report.version} 版）`}
              style={{ marginTop: 12 }}
            >
              {(Object.keys(SUBJECTS) as Array<keyof typeof SUBJECTS>).map((k) => (
                <Descriptions.Item key={k} label={SUBJECTS[k]}>
                  {r.report?.findings[k]}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label="依据报告作出决定的部门">
                {r.reliedOn.length === 0
                  ? '暂无'
                  : r.reliedOn
                      .map((x) => `${departmentName(x.department)}（${x.outcome === 'approved' ? '准予' : '不予'}）`)
                      .join('、')}
              </Descriptions.Item>
            </Descriptions>
          )}
        </>
      )}
      {!owner && review.isSuccess && !r && <Typography.Text>尚未提交施工图审查</Typography.Text>}
      {canSubmit && (
        <Form
          name="drawing-review"
          layout="vertical"
          style={{ marginTop: 12, maxWidth: 560 }}
          initialValues={r ? { name: r.reviewBody.name, creditCode: r.reviewBody.creditCode } : {}}
          onFinish={(v: { name: string; creditCode: string; title: string; documentRef: string }) =>
            submit.mutate({
              reviewBody: { name: v.name, creditCode: v.creditCode },
              title: v.title,
              documentRef: v.documentRef,
            })
          }
        >
          <Typography.Paragraph>
            {r
              ? '按审查意见修改后，提交新版本（同一审查的下一版）。'
              : '将施工图提交审查机构联合审查（消防、人防、通信一并审查）。'}
          </Typography.Paragraph>
          <Form.Item label="审查机构名称" name="name" rules={[{ required: true, message: '请填写审查机构名称' }]}>
            <Input maxLength={200} disabled={Boolean(r)} />
          </Form.Item>
          <Form.Item
            label="审查机构统一社会信用代码"
            name="creditCode"
            rules={[
              {
                required: true,
                pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
                message: '请填写 18 位统一社会信用代码',
              },
            ]}
          >
            <Input maxLength={18} disabled={Boolean(r)} />
          </Form.Item>
          <Form.Item label="图纸名称" name="title" rules={[{ required: true, message: '请填写图纸名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="图纸文件" name="documentRef" rules={[{ required: true, message: '请填写图纸文件地址' }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {r ? '提交新版本' : '提交施工图'}
          </Button>
        </Form>
      )}
    </Card>
  )
}

function SurveyCard({ projectId, owner }: { projectId: string; owner: boolean }) {
  const client = useQueryClient()
  const list = useQuery({
    queryKey: keys.surveyCommissions(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/survey-commissions', { params: { path: { id: projectId } } })),
  })
  const [form] = Form.useForm()
  const stage = Form.useWatch('stage', form)
  const commission = useMutation({
    mutationFn: (body: { stage: Commission['stage']; part?: string; surveyor: Unit }) =>
      must(api.POST('/api/v1/projects/{id}/survey-commissions', { params: { path: { id: projectId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.surveyCommissions(projectId) }),
  })
  const commissions = list.data?.commissions ?? []
  // 竣工一幢、验收一幢、登记一幢: the completion stage stays open, one commission per building besides the whole project.
  const open = (Object.keys(STAGES) as Array<Commission['stage']>).filter(
    (s) => s === 'completion' || !commissions.some((c) => c.stage === s),
  )
  return (
    <Card title={<h2 style={h2}>多测合一</h2>} size="small" style={section}>
      <ProblemAlert error={list.error} />
      <ProblemAlert error={commission.error} />
      <CommissionTable commissions={commissions} />
      {owner && list.isSuccess && open.length > 0 && (
        <Form
          form={form}
          name="survey-commission"
          layout="vertical"
          style={{ marginTop: 12, maxWidth: 560 }}
          onFinish={(v: { stage: Commission['stage']; part?: string; name: string; creditCode: string }) => {
            const part = v.stage === 'completion' ? v.part?.trim() : undefined
            commission.mutate({
              stage: v.stage,
              ...(part ? { part } : {}),
              surveyor: { name: v.name, creditCode: v.creditCode },
            })
          }}
        >
          <Typography.Paragraph>
            每个阶段委托一家测绘单位，该阶段的测绘事项合并办理，成果共享使用；竣工验收阶段可按楼栋分别委托。
          </Typography.Paragraph>
          <Form.Item label="测绘阶段" name="stage" rules={[{ required: true, message: '请选择测绘阶段' }]}>
            <Select options={open.map((s) => ({ value: s, label: STAGES[s] }))} />
          </Form.Item>
          {stage === 'completion' && (
            <Form.Item label="测绘范围（楼栋）" name="part" extra="分期验收的单位工程或施工段；测绘整个项目时留空">
              <Input maxLength={200} placeholder="如：1号厂房" />
            </Form.Item>
          )}
          <Form.Item label="测绘单位名称" name="name" rules={[{ required: true, message: '请填写测绘单位名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            label="测绘单位统一社会信用代码"
            name="creditCode"
            rules={[
              {
                required: true,
                pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
                message: '请填写 18 位统一社会信用代码',
              },
            ]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={commission.isPending}>
            委托测绘
          </Button>
        </Form>
      )}
    </Card>
  )
}
