import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Form, Input, Modal, Radio, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { unbrokenHeadings } from '../../components/unbroken'
import { providerName } from '../../departments'
import type { paths } from '../../generated/api'
import {
  PLAN_KINDS,
  RESTORATION_STATUS,
  type Restoration,
  restorationStatusOf,
  restorationText,
} from '../utility/works-plan'

type PushedList = paths['/api/v1/pushed-works']['get']['responses'][200]['content']['application/json']
type PushedWork = PushedList['requests'][number]
type Filter = keyof typeof RESTORATION_STATUS
type Review = NonNullable<
  paths['/api/v1/utility-requests/{id}/restoration-review']['post']['requestBody']
>['content']['application/json']

const TONE = { none: 'grey', declared: 'blue', accepted: 'green', rectify: 'red' } as const

/**
 * 外线施工监管 — the low-risk outside lines whose works and traffic plans were pushed to the reviewer's department
 * (告知承诺免审批, Shanwei 004:1852): what was pushed, by whom, and the restoration the department accepts or sends
 * back (修复验收). The list follows the live stream (live.ts: a `utility` message, told to the reviewers of the
 * departments a request's plans were pushed to, makes the case lists stale): a line pushed, a restoration declared, a
 * colleague's review arrive with no reload.
 */
export default function PushedWorks() {
  const [filter, setFilter] = useState<Filter | 'all'>('all')
  const [reviewing, setReviewing] = useState<PushedWork>()
  const client = useQueryClient()
  const key = [...keys.cases(), 'pushed-works', filter] as const
  const { data, error, isPending } = useQuery({
    queryKey: key,
    queryFn: () =>
      must(
        api.GET('/api/v1/pushed-works', {
          params: { query: filter === 'all' ? {} : { restoration: filter } },
        }),
      ),
    refetchOnWindowFocus: true,
  })
  const review = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Review }) =>
      must(api.POST('/api/v1/utility-requests/{id}/restoration-review', { params: { path: { id } }, body })),
    // The answer is the request as utility has it now; the list reads the gateway's read model, which learns of it a
    // moment later: the answer is shown in its place until the live stream's `utility` message reads the list again.
    onSuccess: (answer) =>
      putRow<PushedList, PushedWork>(client, key, 'requests', answer.request, (a, b) => a.requestId === b.requestId),
  })
  return (
    <>
      <Typography.Title level={1}>外线施工监管</Typography.Title>
      <Typography.Paragraph type="secondary">
        低风险外线接入工程实行告知承诺免审批，供水供气排水单位推送施工方案后即可施工；本部门从审查工作方案、施工现场管理、修复质量验收等方面实施事中事后监管。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="restoration-filter">修复情况</label>
        <Select
          id="restoration-filter"
          style={{ width: 200 }}
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: '全部' },
            ...Object.entries(RESTORATION_STATUS).map(([value, label]) => ({ value, label })),
          ]}
        />
      </Space>
      <Table<PushedWork>
        rowKey="requestId"
        loading={isPending}
        dataSource={data?.requests ?? []}
        pagination={false}
        locale={{ emptyText: '暂无推送的外线施工方案' }}
        columns={unbrokenHeadings<PushedWork>([
          {
            title: '项目',
            key: 'project',
            render: (_, r) => <ProjectTitleCell projectId={r.projectId} titles={data?.projects ?? []} />,
          },
          { title: '报装类别', key: 'provider', render: (_, r) => `${providerName(r.provider)}外线` },
          {
            title: '推送的方案',
            key: 'plans',
            render: (_, r) =>
              (r.worksPlanPush?.plans ?? []).map((p) => (
                <div key={`${p.kind}-${p.reference}`}>
                  {PLAN_KINDS[p.kind]}（{p.reference}）：{p.description}
                </div>
              )),
          },
          { title: '告知承诺', key: 'commitment', render: (_, r) => r.worksPlanPush?.commitment ?? '—' },
          {
            title: '修复情况',
            key: 'restoration',
            render: (_, r) => (
              <>
                <StatusTag tone={TONE[restorationStatusOf(r)]}>{RESTORATION_STATUS[restorationStatusOf(r)]}</StatusTag>
                {r.restoration && (
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                    {restorationText(r.restoration as Restoration)}
                  </Typography.Paragraph>
                )}
              </>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) =>
              r.restoration && r.restoration.status !== 'rectify' ? (
                <Button size="small" type="primary" onClick={() => setReviewing(r)}>
                  修复验收
                </Button>
              ) : (
                '—'
              ),
          },
        ])}
      />
      {reviewing && (
        <ReviewForm
          saving={review.isPending}
          error={review.error}
          onCancel={() => {
            review.reset()
            setReviewing(undefined)
          }}
          onSubmit={(body) =>
            review.mutate({ id: reviewing.requestId, body }, { onSuccess: () => setReviewing(undefined) })
          }
        />
      )}
    </>
  )
}

type ReviewValues = { outcome: 'accepted' | 'rectify'; reason?: string }

/** 修复验收 — the department accepts the restoration, or sends it back saying what is to be put right. */
function ReviewForm({
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: Review) => void
}) {
  const [form] = Form.useForm<ReviewValues>()
  const outcome = Form.useWatch('outcome', form)
  return (
    <Modal
      open
      title="修复验收"
      okText="提交"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={error} />
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'accepted' }}
        onFinish={(v) =>
          onSubmit(v.outcome === 'accepted' ? { outcome: 'accepted' } : { outcome: 'rectify', reason: v.reason ?? '' })
        }
      >
        <Form.Item name="outcome" label="验收意见">
          <Radio.Group
            options={[
              { value: 'accepted', label: '验收通过' },
              { value: 'rectify', label: '限期整改' },
            ]}
          />
        </Form.Item>
        {outcome === 'rectify' && (
          <Form.Item name="reason" label="整改内容" rules={[{ required: true, whitespace: true, max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
