import { Button, Card, Descriptions, Space, Typography } from 'antd'
import { chineseDate } from '../../format'
import type { NoticeLine } from './notice-lines'

type Project = { name: string; projectCode: string; owner: { name: string; creditCode: string } }

/**
 * 一次性告知书: a refused application (422) as the notice handed to the applicant, listing every problem the service
 * found at once, so the applicant comes back once with everything (《优化营商环境条例》一次性告知).
 */
export function Notice(props: {
  project: Project
  step: string
  today: string | undefined
  lines: NoticeLine[]
  onBack(): void
}) {
  const { project, lines } = props
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Card className="desk-printable" aria-label="一次性告知书">
        <Typography.Title level={1} style={{ textAlign: 'center', marginTop: 0 }}>
          一次性告知书
        </Typography.Title>
        <Typography.Paragraph>{project.owner.name}：</Typography.Paragraph>
        <Typography.Paragraph>
          您单位提交的“{project.name}”（项目代码 {project.projectCode}）“{props.step}”综合申请，经窗口审查，存在以下
          {lines.length} 项问题，暂不予受理。请按本告知一次性补正全部内容后重新提交：
        </Typography.Paragraph>
        <ol aria-label="告知事项">
          {lines.map((line) => (
            <li key={`${line.field}:${line.code}`}>{line.text}</li>
          ))}
        </ol>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'owner', label: '统一社会信用代码', children: project.owner.creditCode },
            { key: 'date', label: '告知日期', children: chineseDate(props.today) },
            { key: 'by', label: '告知单位', children: '工程建设项目审批综合服务窗口' },
          ]}
        />
      </Card>
      <Space className="desk-no-print">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={props.onBack}>返回修改</Button>
      </Space>
    </Space>
  )
}
