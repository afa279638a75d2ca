import { useQuery } from '@tanstack/react-query'
import { Card, Descriptions, Typography } from 'antd'
import { ApiProblem, api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDateTime } from '../../format'
import { SUBJECTS } from '../shared-results/names'

/**
 * 联合审图 on a department's task: the one technical report its item is decided on, the subjects it relies on, and
 * the departments that decided on it already. An item that does not depend on the review shows nothing (404).
 */
export function DrawingReport({ taskId }: { taskId: string }) {
  const report = useQuery({
    queryKey: keys.drawingReport(taskId),
    queryFn: async () => {
      try {
        return await must(api.GET('/api/v1/tasks/{id}/drawing-report', { params: { path: { id: taskId } } }))
      } catch (err) {
        if (err instanceof ApiProblem && err.status === 404) return null
        throw err
      }
    },
  })
  if (report.error) return <ProblemAlert error={report.error} />
  const d = report.data
  if (!d) return null
  const r = d.review
  return (
    <Card title="联合审图报告" size="small" style={{ marginBottom: 16 }}>
      {r.report ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="审查机构">{r.reviewBody.name}</Descriptions.Item>
          <Descriptions.Item label="报告">
            第 {r.report.version} 版施工图，{chineseDateTime(r.report.issuedAt)} 出具
          </Descriptions.Item>
          {d.subjects.map((s) => (
            <Descriptions.Item key={s} label={`${SUBJECTS[s]}审查意见`}>
              {r.report?.findings[s]}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label="已依据报告作出决定">
            {r.reliedOn.length === 0 ? '暂无' : r.reliedOn.map((x) => departmentName(x.department)).join('、')}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text>施工图联合审查中（第 {r.versions.length} 版），审查报告尚未出具。</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        本事项依据审查报告作出决定；报告已涵盖的图纸材料不再要求建设单位补正。
      </Typography.Paragraph>
    </Card>
  )
}
