import { useQuery } from '@tanstack/react-query'
import { Table, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { chineseDate } from '../../format'
import { useCatalogue } from './catalogue'
import { officeLine, type ReceivedLine, receivedLines, receivedWords } from './paper-lines'

/** The 受理机关 of a project's region, as its catalogue names the region (paper-lines.ts `officeLine`). */
export function useOffice(region: string | undefined): string {
  const catalogue = useCatalogue(region)
  return officeLine(catalogue.data?.catalogue.region.name.zh, region ?? '')
}

/**
 * The paper's foot: the office, the place for its seal and the day (行政许可法第三十二条第二款: 加盖专用印章和注明日期);
 * `officeKind` names the office as the paper's act does — the 受理机关 of a receipt, the 决定机关 of a department's refusal.
 */
export function SealBlock({
  office,
  day,
  officeKind = '受理机关',
}: {
  office: string
  day: string | undefined
  officeKind?: '受理机关' | '决定机关'
}) {
  return (
    <section aria-label="落款" style={{ marginTop: 32, textAlign: 'right' }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {officeKind}：{office}
      </Typography.Paragraph>
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
        // An application received before intake's events carried the materials, and not received in this tab.
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

/**
 * The 收件清单 of an application as the server keeps it (`receivedMaterials`, from intake's events), each material
 * named from the step's checklist: so a paper opened later, or in another tab, lists what the window received. For an
 * application received before the events carried them (`null`), the list this tab kept when its desk sent it, if any.
 * Until the checklist arrives (or if it cannot be read), a material is named by its code.
 */
export function useReceivedLines(a: {
  projectId: string
  step: string | null | undefined
  applicationId: string
  materials: readonly { code: string }[] | null | undefined
  /**
   * 容缺: what the server says is owed, each by its promised day — [] when nothing is (a receipt withdrawn or refused
   * owes nothing); null or absent when it does not know (a receipt received before the gateway kept them).
   */
  owed?: readonly { code: string; promisedOn: string }[] | null
}): ReceivedLine[] | undefined {
  const step = a.step ?? ''
  const checklist = useQuery({
    queryKey: keys.checklist(a.projectId, step),
    enabled: a.materials != null && step !== '',
    queryFn: () =>
      must(api.GET('/api/v1/projects/{id}/checklist', { params: { path: { id: a.projectId }, query: { step } } })),
  })
  if (a.materials == null) return keptReceived.get(a.applicationId)
  const named = (checklist.data?.materials ?? []).map((m) => ({ code: m.code, name: m.name }))
  // What the server does not know is owed (a receipt received before the gateway kept it): this tab's own list, if it
  // sent the application, still says which materials are owed and by when.
  const owed =
    a.owed ??
    (keptReceived.get(a.applicationId) ?? []).flatMap((l) =>
      l.state === 'owed' && l.promisedOn ? [{ code: l.code, promisedOn: l.promisedOn }] : [],
    )
  const sent = { materials: a.materials, deficiencies: owed }
  const lines = receivedLines(named, sent)
  // A material handed in that the checklist no longer names (or not yet loaded) is still listed, by its code.
  const listed = new Set(named.map((m) => m.code))
  const others = a.materials
    .filter((m) => !listed.has(m.code))
    .map((m): ReceivedLine => ({ code: m.code, name: m.code, state: 'received' }))
  return [...lines, ...others]
}

const KEPT = 'onewindow.desk.received.'

/**
 * The 收件清单 a desk sent, kept for this tab's session: the fallback for applications whose events predate the
 * materials they now carry (useReceivedLines).
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
