import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Form, Input, InputNumber, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { chineseDate } from '../../format'
import { COMMISSION_STATUS, type Commission, STAGES } from '../shared-results/names'

type Result = { item: string; documentRef: string; areaM2?: number }

/**
 * 多测合一 — the surveying unit's screen: the commissions it was given, one per project and stage (at completion one
 * per building, named), and the results of
 * every merged survey item, recorded once and shared with every department, joint acceptance and registration.
 */
export default function Commissions() {
  const client = useQueryClient()
  const [selected, setSelected] = useState<string>()
  const { data, error, isPending } = useQuery({
    queryKey: keys.surveyorCommissions(),
    queryFn: () => must(api.GET('/api/v1/survey-commissions', {})),
    refetchOnWindowFocus: true,
  })
  const record = useMutation({
    mutationFn: ({ id, results }: { id: string; results: Result[] }) =>
      must(api.POST('/api/v1/survey-commissions/{id}/results', { params: { path: { id } }, body: { results } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.surveyorCommissions() }),
  })
  const commissions = data?.commissions ?? []
  const current = commissions.find((c) => c.commissionId === selected)
  return (
    <>
      <Typography.Title level={1}>多测合一</Typography.Title>
      <ProblemAlert error={error} />
      <section aria-label="测绘委托">
        <Table<Commission>
          rowKey="commissionId"
          loading={isPending}
          dataSource={commissions}
          pagination={false}
          locale={{ emptyText: <Typography.Text>暂无测绘委托</Typography.Text> }}
          columns={[
            {
              title: '项目',
              key: 'p',
              render: (_, c) => <ProjectTitleCell projectId={c.projectId} titles={data?.projects ?? []} />,
            },
            { title: '阶段', key: 's', render: (_, c) => STAGES[c.stage] },
            { title: '测绘范围', key: 'part', render: (_, c) => c.part ?? '整个项目' },
            { title: '委托日期', key: 'on', render: (_, c) => chineseDate(c.commissionedOn) },
            { title: '合并事项', key: 'n', render: (_, c) => `${c.items.length} 项` },
            { title: '状态', key: 'st', render: (_, c) => COMMISSION_STATUS[c.status] },
            {
              title: '操作',
              key: 'a',
              render: (_, c) =>
                c.status === 'commissioned' ? (
                  <Button size="small" type="primary" onClick={() => setSelected(c.commissionId)}>
                    提交测绘成果
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </section>
      {current && (
        <Card
          title={
            <h2 style={{ fontSize: 16, margin: 0 }}>
              {STAGES[current.stage]}测绘成果{current.part ? `（${current.part}）` : ''}
            </h2>
          }
          size="small"
          style={{ marginTop: 16 }}
        >
          <ProblemAlert error={record.error} />
          <Form
            name="survey-results"
            layout="vertical"
            style={{ maxWidth: 640 }}
            onFinish={(f: Record<string, string | number | undefined>) =>
              record.mutate(
                {
                  id: current.commissionId,
                  results: current.items.map((i) => {
                    const area = f[`${i.item}-area`]
                    return {
                      item: i.item,
                      documentRef: String(f[`${i.item}-doc`] ?? ''),
                      ...(typeof area === 'number' ? { areaM2: area } : {}),
                    }
                  }),
                },
                { onSuccess: () => setSelected(undefined) },
              )
            }
          >
            {current.items.map((i) => (
              <Form.Item key={i.item} label={i.name} style={{ marginBottom: 8 }}>
                <Form.Item
                  name={`${i.item}-doc`}
                  noStyle
                  rules={[{ required: true, message: `请填写${i.name}成果文件` }]}
                >
                  <Input aria-label={`${i.name}成果文件`} placeholder="成果文件地址" maxLength={500} />
                </Form.Item>
                <Form.Item name={`${i.item}-area`} noStyle>
                  <InputNumber
                    aria-label={`${i.name}面积（平方米）`}
                    placeholder="面积（平方米，可不填）"
                    min={0}
                    style={{ width: 220, marginTop: 4 }}
                  />
                </Form.Item>
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              提交全部成果
            </Button>
          </Form>
        </Card>
      )}
    </>
  )
}
