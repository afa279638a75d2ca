import { Button, Card, Descriptions, Space, Typography } from 'antd'
import { chineseDate } from '../../format'
import type { NoticeLine } from './notice-lines'
import { ReceivedList, SealBlock } from './paper'
import type { ReceivedLine } from './paper-lines'

type Project = { name: string; projectCode: string; owner: { name: string; creditCode: string } }

/**
 * 一次性告知书: an application intake could not accept as submitted (422 `INTAKE_APPLICATION_INCOMPLETE`) as the
 * notice handed to the applicant, listing everything to 补正 at once, so the applicant comes back once with everything
 * (行政许可法第三十二条第一款第四项; 《优化营商环境条例》一次性告知). It is a 补正 notice, not a decision: 不受理 and
 * 不予受理 (items 一 and 二) are written decisions of their own (`POST /applications/:id/refuse`), and the seed lists
 * 补齐补正、不予受理、退件 as distinct decisions (004:1058), so the notice never says 不予受理.
 * The same paper tells the 一次性告知 of a received application (接件, `POST /applications/:id/receipt-notice`): its
 * `intro` then says the owner hands the materials in to the application already received.
 */
export function Notice(props: {
  project: Project
  step: string
  today: string | undefined
  lines: NoticeLine[]
  /** The 受理机关 (paper.tsx `useOffice`), named at the foot above its seal. */
  office: string
  /** 收件清单: what the window received (undefined when this page does not know). */
  received: readonly ReceivedLine[] | undefined
  /** The opening paragraph, when it is not the desk's refused submission. */
  intro?: string
  backLabel?: string
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
          {props.intro ??
            `您单位提交的“${project.name}”（项目代码 ${project.projectCode}）“${props.step}”综合申请，经窗口审查，` +
              '申请材料不齐全或者不符合法定形式。依据《中华人民共和国行政许可法》第三十二条第一款第四项，' +
              `现将需要补正的全部内容（共 ${lines.length} 项）一次性告知如下，请按本告知一次性补正后重新提交：`}
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
        <ReceivedList lines={props.received} />
        <SealBlock office={props.office} day={props.today} />
      </Card>
      <Space className="desk-no-print">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={props.onBack}>{props.backLabel ?? '返回修改'}</Button>
      </Space>
    </Space>
  )
}
