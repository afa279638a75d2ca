import { Button, Card, Descriptions, Table, Typography } from 'antd'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { filingConclusion, filingLines } from './letter'

type AcceptanceCase =
  paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']['cases'][number]
type Issued = Pick<
  AcceptanceCase,
  'caseId' | 'owner' | 'part' | 'opinionNumber' | 'items' | 'filingForm' | 'passRevoked'
>

/** What the form names of the project: as the page holding it knows it. */
export type FilingProject = {
  name?: string | undefined
  projectCode?: string | undefined
  location?: string | null | undefined
}

// Printing one document prints it alone: the rest of the page (and another document on it) is hidden while it prints.
const PRINT_CSS = `@media print {
  body[data-printing] * { visibility: hidden !important; }
  body[data-printing="filing"] [data-document="filing"], body[data-printing="filing"] [data-document="filing"] * { visibility: visible !important; }
  body[data-printing="filing"] [data-document="filing"] { position: absolute; left: 0; top: 0; width: 100%; }
  body[data-printing="filing"] [data-document="filing"] .no-print { display: none !important; }
}`

function printFiling() {
  document.body.dataset['printing'] = 'filing'
  try {
    window.print()
  } finally {
    delete document.body.dataset['printing']
  }
}

/**
 * 竣工验收备案表 (Foshan, 004:2279 待各部门出具结果物后，同时出具竣工验收备案表), as printed: its number and day, the project,
 * the opinion letter it follows, each item with its department and the 结果物 it issued. Shown once acceptance issued
 * it (`filingForm`), to the owner on the project's page and to the lead on the case's.
 */
export function FilingFormCard({
  c,
  project,
  departmentName,
}: {
  c: Issued
  project: FilingProject | undefined
  departmentName: (code: string) => string
}) {
  const form = c.filingForm
  if (!form) return null
  return (
    <Card
      data-document="filing"
      title="竣工验收备案表"
      size="small"
      style={{ marginTop: 16 }}
      // A form withdrawn with its revoked pass (撤销) stays readable for the record, and is not printed as valid.
      extra={
        c.passRevoked ? undefined : (
          <Button className="no-print" onClick={printFiling}>
            打印备案表
          </Button>
        )
      }
    >
      <style>{PRINT_CSS}</style>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'number', label: '备案编号', children: form.number },
          { key: 'project', label: '项目名称', children: project?.name ?? '—' },
          { key: 'projectCode', label: '项目代码', children: project?.projectCode ?? '—' },
          ...(project?.location ? [{ key: 'location', label: '建设地点', children: project.location }] : []),
          { key: 'owner', label: '建设单位', children: `${c.owner.name}（${c.owner.creditCode}）` },
          { key: 'part', label: '验收范围', children: c.part ?? '整个项目' },
          { key: 'opinion', label: '联合验收意见书', children: c.opinionNumber ?? '—' },
          { key: 'issued', label: '备案日期', children: chineseDate(form.issuedOn) },
          ...(c.passRevoked
            ? [{ key: 'revoked', label: '状态', children: `已撤回（${chineseDate(c.passRevoked.on)}依法撤销）` }]
            : []),
        ]}
      />
      <Table
        style={{ marginTop: 12 }}
        rowKey="item"
        size="small"
        pagination={false}
        dataSource={filingLines(c, departmentName)}
        columns={[
          { title: '验收事项', dataIndex: 'itemName', key: 'itemName' },
          { title: '部门', dataIndex: 'department', key: 'department' },
          { title: '结果物', dataIndex: 'result', key: 'result' },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>{filingConclusion(c)}</Typography.Paragraph>
    </Card>
  )
}
