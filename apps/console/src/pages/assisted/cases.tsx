import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Form, Input, Select, Table, Typography } from 'antd'
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { chineseDate, chineseDateTime } from '../../format'
import { type AssistedCase, CATALOGUE_STAGES, MODES } from './names'

/** Cases per page; 加载更多 passes the gateway's `next` back. */
const PAGE = 20
const STATES = { open: '服务中', closed: '已结束' } as const
type State = keyof typeof STATES

/**
 * 帮办代办案件 — every case for the service centre's window (which opens and closes them) and the supervisor: newest
 * change first, filtered by state and by helper (its sign-in account), page after page; each opens on its project's
 * page, where the case is read whole (docs/assisted-service.md).
 */
export default function AssistedCases() {
  const [params, setParams] = useSearchParams()
  const status = (params.get('status') ?? undefined) as State | undefined
  const helper = params.get('helper') ?? undefined
  const list = useInfiniteQuery({
    queryKey: [...keys.helperCases(), 'all', status ?? 'any', helper ?? 'any'],
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/assisted-cases', {
          params: {
            query: {
              limit: PAGE,
              ...(status ? { status } : {}),
              ...(helper ? { helper } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    refetchOnWindowFocus: true,
  })
  const cases = useMemo(() => list.data?.pages.flatMap((p) => p.cases) ?? [], [list.data])
  const filter = (v: { status?: State | 'any'; helper?: string }) => {
    const next: Record<string, string> = {}
    if (v.status && v.status !== 'any') next['status'] = v.status
    if (v.helper?.trim()) next['helper'] = v.helper.trim()
    setParams(next)
  }
  return (
    <>
      <Typography.Title level={1}>帮办代办案件</Typography.Title>
      {/* Keyed by the query: back/forward changes it, and a new Form takes the new initial values. */}
      <Form
        key={params.toString()}
        name="assisted-case-filter"
        layout="inline"
        style={{ marginBottom: 16 }}
        initialValues={{ status: status ?? 'any', helper: helper ?? '' }}
        onFinish={filter}
      >
        <Form.Item name="status" label="案件状态">
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'any', label: '全部' },
              ...Object.entries(STATES).map(([value, label]) => ({ value, label })),
            ]}
          />
        </Form.Item>
        <Form.Item name="helper" label="帮办员账号">
          <Input style={{ width: 200 }} maxLength={255} allowClear />
        </Form.Item>
        <Button htmlType="submit">查询</Button>
      </Form>
      <ProblemAlert error={list.error} />
      <section aria-label="帮办代办案件列表">
        <Table<AssistedCase>
          rowKey="caseId"
          scroll={{ x: true }}
          loading={list.isPending}
          dataSource={cases}
          pagination={false}
          locale={{ emptyText: <Typography.Text>没有符合条件的帮办代办案件</Typography.Text> }}
          columns={[
            { title: '建设单位', key: 'o', render: (_, c) => c.ownerName },
            { title: '帮办员', key: 'h', render: (_, c) => `${c.helper.name}（${c.helper.sub}）` },
            { title: '服务方式', key: 'm', render: (_, c) => MODES[c.mode] },
            {
              title: '覆盖阶段',
              key: 's',
              render: (_, c) => c.stages.map((s) => CATALOGUE_STAGES[s] ?? s).join('、'),
            },
            { title: '开通日期', key: 'on', render: (_, c) => chineseDate(c.openedOn) },
            {
              title: '状态',
              key: 'st',
              render: (_, c) =>
                c.status === 'open' ? (
                  <StatusTag tone="green">服务中</StatusTag>
                ) : (
                  <StatusTag tone="grey">{`已结束${c.closed ? `（${chineseDate(c.closed.on)}）` : ''}`}</StatusTag>
                ),
            },
            { title: '最近变动', key: 'u', render: (_, c) => chineseDateTime(c.updatedAt) },
            {
              title: '操作',
              key: 'a',
              render: (_, c) => <Link to={`/projects/${c.projectId}`}>{`查看 ${c.ownerName} 的案件`}</Link>,
            },
          ]}
        />
      </section>
      {list.hasNextPage && (
        <Button style={{ marginTop: 8 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </>
  )
}
