import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Form, Input, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { EngagementStatus, engagementClock } from '../assisted/engagement'
import type { Engagement } from '../assisted/names'

/**
 * 中介服务 — the intermediary's screen: the engagements owners chose it for, each with its clock (its own published
 * limit in working days), and 提交成果 for one not yet delivered (docs/assisted-service.md).
 */
export default function IntermediaryEngagements() {
  const client = useQueryClient()
  const [selected, setSelected] = useState<string>()
  const { data, error, isPending } = useQuery({
    queryKey: keys.intermediaryEngagements(),
    queryFn: () => must(api.GET('/api/v1/intermediary-engagements', {})),
  })
  const deliver = useMutation({
    mutationFn: (v: { id: string; documentRef: string }) =>
      must(
        api.POST('/api/v1/intermediary-engagements/{id}/result', {
          params: { path: { id: v.id } },
          body: { documentRef: v.documentRef },
        }),
      ),
    onSuccess: () => {
      // Delivered once: the form for it closes, as its row's 提交成果 goes.
      setSelected(undefined)
      return client.invalidateQueries({ queryKey: keys.intermediaryEngagements() })
    },
  })
  const chosen = data?.engagements.find((e) => e.engagementId === selected)
  const engagements: Engagement[] = data?.engagements ?? []
  return (
    <>
      <Typography.Title level={1}>中介服务</Typography.Title>
      <ProblemAlert error={error ?? deliver.error} />
      <section aria-label="服务委托">
        <Table<Engagement>
          rowKey="engagementId"
          loading={isPending}
          dataSource={engagements}
          pagination={false}
          locale={{ emptyText: <Typography.Text>暂无服务委托</Typography.Text> }}
          columns={[
            { title: '服务事项', key: 's', render: (_, e) => e.service.name },
            {
              title: '项目',
              key: 'p',
              render: (_, e) => <ProjectTitleCell projectId={e.projectId} titles={data?.projects ?? []} />,
            },
            {
              title: '服务时限',
              key: 'c',
              render: (_, e) => engagementClock(e),
            },
            {
              title: '状态',
              key: 'st',
              render: (_, e) => <EngagementStatus engagement={e} />,
            },
            {
              title: '操作',
              key: 'a',
              render: (_, e) =>
                e.status === 'engaged' ? (
                  <Button size="small" type="primary" onClick={() => setSelected(e.engagementId)}>
                    提交成果
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </section>
      {deliver.isSuccess && !selected && (
        <Alert style={{ marginTop: 16 }} type="success" showIcon title="成果已提交。" />
      )}
      {selected && (
        <Form
          name="deliver-result"
          layout="inline"
          style={{ marginTop: 16 }}
          onFinish={(v: { documentRef: string }) => deliver.mutate({ id: selected, documentRef: v.documentRef })}
        >
          {chosen && <Typography.Text style={{ marginRight: 16 }}>{chosen.service.name}</Typography.Text>}
          <Form.Item name="documentRef" label="成果文件" rules={[{ required: true, message: '请填写成果文件' }]}>
            <Input style={{ width: 320 }} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={deliver.isPending}>
            提交
          </Button>
        </Form>
      )}
    </>
  )
}
