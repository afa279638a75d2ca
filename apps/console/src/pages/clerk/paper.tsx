import { Table, Typography } from 'antd'
import { chineseDate } from '../../format'
import { useCatalogue } from './catalogue'
import { officeLine, type ReceivedLine, receivedWords } from './paper-lines'

/** The 受理机关 of a project's region, as its catalogue names the region (paper-lines.ts `officeLine`). */
export function useOffice(region: string | undefined): string {
  const catalogue = useCatalogue(region)
  return officeLine(catalogue.data?.catalogue.region.name.zh, region ?? '')
}

/** The paper's foot: the office, the place for its seal and the day (行政许可法第三十二条第二款: 加盖专用印章和注明日期). */
export function SealBlock({ office, day }: { office: string; day: string | undefined }) {
  return (
    <section aria-label="落款" style={{ marginTop: 32, textAlign: 'right' }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>受理机关：{office}</Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }}>（盖章）</Typography.Paragraph>
      <Typography.Paragraph>{chineseDate(day)}</Typography.Paragraph>
    </section>
  )
}

/** 收件清单: every material of the step's checklist and whether the window received it. */
export function ReceivedList({ lines }: { lines: readonly ReceivedLine[] | undefined }) {
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        收件清单
      </Typography.Title>
      {lines === undefined ? (
        // Only the desk that received them knows: the read model keeps no copy of the materials handed in.
        <Typography.Paragraph>收件清单以窗口收件时打印的回执为准。</Typography.Paragraph>
      ) : lines.length === 0 ? (
        <Typography.Paragraph>本环节无需提交材料。</Typography.Paragraph>
      ) : (
        <Table<ReceivedLine>
          aria-label="收件清单"
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={[...lines]}
          columns={[
            { title: '序号', key: 'n', render: (_, __, i) => i + 1, width: 60 },
            { title: '材料名称', dataIndex: 'name' },
            { title: '收取情况', key: 'state', render: (_, l) => receivedWords(l, chineseDate) },
          ]}
        />
      )}
    </>
  )
}

const KEPT = 'onewindow.desk.received.'

/**
 * The 收件清单 a desk sent, kept for this tab's session so a reload of the paper still lists it (the read model has
 * no copy of the materials handed in).
 */
export const keptReceived = {
  put(applicationId: string, lines: readonly ReceivedLine[]) {
    try {
      sessionStorage.setItem(KEPT + applicationId, JSON.stringify(lines))
    } catch {
      // storage full or denied: the paper then says where the list is kept
    }
  },
  get(applicationId: string): ReceivedLine[] | undefined {
    try {
      const kept = sessionStorage.getItem(KEPT + applicationId)
      return kept ? (JSON.parse(kept) as ReceivedLine[]) : undefined
    } catch {
      return undefined
    }
  },
}
