import { useQuery } from '@tanstack/react-query'
import { Table, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { unbrokenHeadings } from '../../components/unbroken'
import type { paths } from '../../generated/api'
import { GRADE_TEXT, OUTCOME_TEXT, UNIT_ROLE_TEXT } from './words'

type Published =
  paths['/api/v1/quality-inspections/published']['get']['responses'][200]['content']['application/json']['inspections'][number]

/**
 * 一公开 (public, no sign-in): the results of the quality-safety supervision inspections drawn 双随机 — the project,
 * its risk grade, the inspectors' names, and 合格 or 责令整改 with the items (004:1856).
 */
export default function PublishedInspections() {
  const { data, error, isPending } = useQuery({
    queryKey: [...keys.all, 'quality-inspections', 'published'] as const,
    queryFn: () => must(api.GET('/api/v1/quality-inspections/published')),
  })
  return (
    <>
      <Typography.Title level={1}>工程质量安全监督检查结果公开</Typography.Title>
      <Typography.Paragraph type="secondary">
        工程质量安全监督机构实行“双随机、一公开”：随机抽取检查项目和检查人员，检查结果向社会公开，并计入参建单位和相关人员的信用信息档案。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Table<Published>
        rowKey="inspectionId"
        loading={isPending}
        dataSource={data?.inspections ?? []}
        pagination={false}
        locale={{ emptyText: '暂无公开的检查结果' }}
        columns={unbrokenHeadings<Published>([
          {
            title: '项目',
            key: 'project',
            render: (_, r) => (
              <>
                {r.projectName ?? r.projectId}
                {r.projectCode && <Typography.Text type="secondary">（{r.projectCode}）</Typography.Text>}
              </>
            ),
          },
          { title: '风险等级', key: 'grade', render: (_, r) => GRADE_TEXT[r.riskGrade] },
          { title: '检查人员', key: 'inspectors', render: (_, r) => r.inspectors.join('、') },
          { title: '检查日期', dataIndex: 'recordedOn' },
          {
            title: '检查结果',
            key: 'result',
            render: (_, r) => (
              <>
                <StatusTag tone={r.result.outcome === 'pass' ? 'green' : 'red'}>
                  {OUTCOME_TEXT[r.result.outcome]}
                </StatusTag>
                {r.result.items.map((item) => (
                  <div key={item}>{item}</div>
                ))}
                {r.result.units.map((u) => (
                  <Typography.Text type="secondary" key={`${u.role}:${u.name}`}>
                    {UNIT_ROLE_TEXT[u.role]} {u.name}{' '}
                  </Typography.Text>
                ))}
              </>
            ),
          },
        ])}
      />
    </>
  )
}
