import { useQuery } from '@tanstack/react-query'
import { Card, List, Table } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { ASSESSMENT_NAMES } from '../shared-results/names'

const section = { marginBottom: 16 } as const
const h2 = { fontSize: 16, margin: 0 } as const

/**
 * The current step's material checklist for this project, with the assessments its area covers apart, each citing the
 * area's result (区域评估). The area and the plot's list themselves are in the 共享成果 card (`SharedStatus`).
 */
export function ChecklistCard({ projectId, step }: { projectId: string; step?: string | undefined }) {
  const checklist = useQuery({
    queryKey: keys.checklist(projectId, step ?? ''),
    enabled: step !== undefined,
    queryFn: () =>
      must(
        api.GET('/api/v1/projects/{id}/checklist', {
          params: { path: { id: projectId }, query: { step: step ?? '' } },
        }),
      ),
  })
  if (step === undefined) return null
  return (
    <Card title={<h2 style={h2}>材料清单（{step}）</h2>} size="small" style={section}>
      <ProblemAlert error={checklist.error} />
      {checklist.data && (
        <section aria-label="材料清单">
          <List
            size="small"
            dataSource={checklist.data.materials}
            renderItem={(m) => (
              <List.Item>
                {m.name}
                {m.required ? '（必交）' : '（选交）'}
              </List.Item>
            )}
          />
          {checklist.data.covered.length > 0 && (
            <Table
              scroll={{ x: true }}
              aria-label="区域评估成果替代的评估"
              rowKey="subject"
              size="small"
              pagination={false}
              style={{ marginTop: 8 }}
              dataSource={checklist.data.covered}
              columns={[
                { title: '免于提交', key: 's', render: (_, c) => ASSESSMENT_NAMES[c.subject] ?? c.name },
                {
                  title: '依据的区域评估成果',
                  key: 'r',
                  render: (_, c) => `${c.areaName}：${c.documentRef}（${chineseDate(c.issuedOn)}）`,
                },
              ]}
            />
          )}
          {checklist.data.delivered.length > 0 && (
            <Table
              scroll={{ x: true }}
              aria-label="中介机构已交付的评估报告"
              rowKey="material"
              size="small"
              pagination={false}
              style={{ marginTop: 8 }}
              dataSource={checklist.data.delivered}
              columns={[
                { title: '免于提交', key: 'n', dataIndex: 'name' },
                {
                  title: '中介机构交付的成果',
                  key: 'r',
                  render: (_, d) => `${d.intermediaryName}：${d.documentRef}（${chineseDate(d.deliveredOn)}）`,
                },
              ]}
            />
          )}
        </section>
      )}
    </Card>
  )
}
