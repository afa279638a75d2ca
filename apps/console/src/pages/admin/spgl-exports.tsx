import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Descriptions, Space, Table, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'

type Batch = paths['/api/v1/admin/exports']['get']['responses'][200]['content']['application/json']['batches'][number]

/** The standard's tables, each by the name an operator reads it by (docs/spgl.md). */
export const SPGL_TABLE_NAMES: Array<{ table: string; label: string }> = [
  { table: 'SPGL_DFXMSPLCXXB', label: '审批流程' },
  { table: 'SPGL_DFXMSPLCJDXXB', label: '流程阶段' },
  { table: 'SPGL_DFXMSPLCJDSXXXB', label: '阶段事项' },
  { table: 'SPGL_XMJBXXB', label: '项目基本信息' },
  { table: 'SPGL_XMDWXXB', label: '项目单位' },
  { table: 'SPGL_XMSPSXBLXXB', label: '事项办理' },
  { table: 'SPGL_XMSPSXBLXXXXB', label: '办理详细信息' },
  { table: 'SPGL_XMSPSXPFWJXXB', label: '批复文件' },
]

/** Batches a page of the list shows; the next page (加载更多) follows the gateway's `nextCursor`. */
const PAGE = 50

/**
 * One batch made earlier as the gateway answers it (`GET /api/v1/admin/exports/{id}`: the batch and the tables it
 * carried, each row's fields as they stand), saved as `spgl-<id>.json` — what the provincial exchange takes, for a
 * batch the job made (its answer went nowhere) as for one made here. The file is the answer's bytes, not re-encoded.
 */
async function downloadBatch(id: string): Promise<void> {
  // A refusal is read as problem+json whatever `parseAs` says (openapi-fetch), so `must` names it as on every page.
  const data = await must(api.GET('/api/v1/admin/exports/{id}', { params: { path: { id } }, parseAs: 'blob' }))
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = `spgl-${id}.json`
  a.click()
  // Not at once: the browser may start reading the blob only after this task, and a URL revoked before then fails
  // the download (seen in Firefox and Safari). A later task, with room to spare, frees it.
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}

/** The stream sequences a batch carried, as the list shows them. */
const rangeOf = (b: Batch) => `${b.sinceSeq + 1}–${b.throughSeq}`

/**
 * 数据上报 — the national data-sharing export (工程建设项目审批管理系统数据共享标准): the batches made so far, newest
 * first, a page at a time to the last (加载更多), each with its rows per table, its status and its download; how many
 * rows wait for the next, how many the standard cannot carry (refused by an export, for good, each with why), and a
 * button that makes the next batch.
 */
export default function SpglExports() {
  const client = useQueryClient()
  const list = useInfiniteQuery({
    queryKey: keys.spglExports(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/admin/exports', {
          params: { query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  })
  const { error, isPending } = list
  // The counts and refused rows as the first page answered them (each page answers the same, as it stood then).
  const data = list.data?.pages[0]
  const batches = list.data?.pages.flatMap((p) => p.batches) ?? []
  const create = useMutation({
    mutationFn: () => must(api.POST('/api/v1/admin/exports', { body: { format: 'csv' } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.spglExports() }),
  })
  const download = useMutation({ mutationFn: downloadBatch })
  // 201 carries the new batch; 200 none (nothing new).
  const made = create.data ? ('batch' in create.data && create.data.batch ? create.data.batch : null) : undefined
  return (
    <>
      <Typography.Title level={1}>数据上报</Typography.Title>
      <Typography.Paragraph>
        按《工程建设项目审批管理系统数据共享标准》的表与字段，从审批事件生成上报数据；每批只含上一批之后新产生的记录。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <ProblemAlert error={create.error} />
      <ProblemAlert error={download.error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text>
          待上报记录：<strong>{data?.pending ?? '—'}</strong> 条
        </Typography.Text>
        <Typography.Text>
          无法上报（已拒收）：<strong>{data?.refused ?? '—'}</strong> 条
        </Typography.Text>
        <Button type="primary" loading={create.isPending} onClick={() => create.mutate()}>
          生成上报批次
        </Button>
      </Space>
      {made === null ? (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title="没有新的数据，未生成批次。" />
      ) : null}
      {made ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="success"
          showIcon
          title={`已生成上报批次，共 ${made.rowCount} 条记录。`}
        />
      ) : null}
      {data && data.refusedRows.length > 0 ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={`以下记录不符合数据共享标准，已拒收，不会上报（最近 ${data.refusedRows.length} 条）：`}
          description={
            <ul style={{ margin: 0 }}>
              {data.refusedRows.map((r) => (
                <li key={`${r.table} ${r.key}`}>
                  {r.table} {r.key}（事件序号 {r.seq}）：{r.reason}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Table<Batch>
        rowKey="id"
        loading={isPending}
        dataSource={batches}
        pagination={false}
        size="small"
        scroll={{ x: true }}
        locale={{ emptyText: '尚无上报批次' }}
        expandable={{
          expandedRowRender: (b) => (
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} bordered>
              {SPGL_TABLE_NAMES.map((t) => (
                <Descriptions.Item key={t.table} label={`${t.label}（${t.table}）`}>
                  {b.counts[t.table] ?? 0}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        columns={[
          { title: '生成时间', key: 'createdAt', render: (_, b) => chineseDateTime(b.createdAt) },
          { title: '记录数', dataIndex: 'rowCount' },
          ...SPGL_TABLE_NAMES.map((t) => ({
            title: t.label,
            key: t.table,
            render: (_: unknown, b: Batch) => b.counts[t.table] ?? 0,
          })),
          { title: '事件序号', key: 'range', render: (_, b) => rangeOf(b) },
          {
            title: '状态',
            key: 'status',
            render: (_, b) =>
              b.status === 'sent' ? <StatusTag tone="green">已导出</StatusTag> : <StatusTag tone="red">失败</StatusTag>,
          },
          {
            title: '操作',
            key: 'download',
            render: (_, b) => (
              <Button
                size="small"
                // Two batches made in one minute share the time as shown; their sequences never overlap.
                aria-label={`下载 ${chineseDateTime(b.createdAt)} 的上报批次（事件序号 ${rangeOf(b)}）`}
                loading={download.isPending && download.variables === b.id}
                onClick={() => download.mutate(b.id)}
              >
                下载
              </Button>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 16 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </>
  )
}
