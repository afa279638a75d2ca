import { useQuery } from '@tanstack/react-query'
import { Button, Card, Space, Typography } from 'antd'
import { Link, useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { departmentNamer } from '../../departments'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'
import { shanghaiDay } from '../../wall-clock'
import { SealBlock } from '../clerk/paper'
import { decisionRefusalParagraphs } from '../clerk/paper-lines'
import { NotFound } from '../not-found'
import '../clerk/print.css'
import { decisionWords } from '../reviewer/decision-words'

/**
 * A department's written decision of refusal (不予许可决定书; 不予备案 / 不予核准 by the item's own word), printable as
 * the window's papers are: 行政许可法第三十八条第二款 — a refusal is told in writing, with its reasons and the right to
 * 行政复议 or 行政诉讼 (seeds/004_33317a5f04b53a73.txt:3235). Built from the project's status, which the owner and the
 * window clerk read: the owner prints it from the progress page, the clerk from the same page or its 结果送达 list.
 */
export default function RefusalPaper() {
  const { projectId = '', taskId = '' } = useParams()
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
  })
  if (status.error instanceof ApiProblem && (status.error.status === 404 || status.error.status === 400)) {
    return <NotFound what="项目" />
  }
  if (status.error) return <ProblemAlert error={status.error} />
  if (!status.data) return <Loading />
  const s = status.data
  const task = s.tasks.find((t) => t.taskId === taskId)
  // Only a refusal has this paper: an approval is told by its certificate, an open task by nothing yet.
  if (task?.status !== 'rejected' || !task.decision) return <NotFound what="不予许可决定" />
  const words = decisionWords(task)
  const name = `${words.refused}决定书`
  const department = departmentNamer(s)(task.department)
  // The decision's legal day is Shanghai's, whatever zone the browser prints in.
  const decidedOn = shanghaiDay(task.decision.decidedAt)
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Card className="desk-printable" aria-label={name}>
        <Typography.Title level={1} style={{ textAlign: 'center', marginTop: 0 }}>
          {name}
        </Typography.Title>
        <Typography.Paragraph>
          {s.project.owner.name}（统一社会信用代码 {s.project.owner.creditCode}）：
        </Typography.Paragraph>
        {decisionRefusalParagraphs({
          refused: words.refused,
          project: `${s.project.name}（项目代码 ${s.project.projectCode}）`,
          item: `${task.itemName ?? task.item}${task.part ? `（单位工程 ${task.part}）` : ''}`,
          department,
          decidedOn: chineseDate(decidedOn),
          reason: task.decision.reason,
        }).map((line) => (
          <Typography.Paragraph key={line}>{line}</Typography.Paragraph>
        ))}
        <SealBlock office={department} day={decidedOn} officeKind="决定机关" />
      </Card>
      <Space className="desk-no-print">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Link to={`/projects/${projectId}`}>返回项目进度</Link>
      </Space>
    </Space>
  )
}
