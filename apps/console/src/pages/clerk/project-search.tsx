import { useInfiniteQuery, useQueries } from '@tanstack/react-query'
import { Button, Flex, Input, Table, Typography } from 'antd'
import { Link, useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { chineseDate } from '../../format'

/**
 * Projects per page: `GET /api/v1/projects` answers the newest registered first (the same instant by id) and a
 * `nextCursor` while more match (docs/api.md); 加载更多 asks for the next page from it, so every match can be reached.
 */
export const SEARCH_LIMIT = 50

/** The route's bound on `search` (1–100 characters). */
const MAX_SEARCH = 100

/**
 * 查找已登记项目 — a project registered before, found again at the window by a part of its 项目名称 or 项目代码
 * (`GET /api/v1/projects?search=`, every project for a clerk), each opening its 综合申请 page. The search is kept in the
 * address (`?search=`), so going back from a project finds the same list; it sits under `keys.projects()`, so the live
 * stream's project messages refresh it.
 */
export function ProjectSearch() {
  const [params, setParams] = useSearchParams()
  const search = (params.get('search') ?? '').trim().slice(0, MAX_SEARCH)
  const found = useInfiniteQuery({
    queryKey: [...keys.projects(), 'search', search],
    enabled: search.length > 0,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/projects', {
          params: { query: { search, limit: SEARCH_LIMIT, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  })
  const shown = found.data?.pages.flatMap((p) => p.projects) ?? []
  const unreadable = found.data?.pages.reduce((n, p) => n + p.unreadable.length, 0) ?? 0
  // Each region's Chinese name from its catalogue (the one the registration form reads too, cached alike).
  const regions = [...new Set(shown.map((p) => p.region))]
  const catalogues = useQueries({
    queries: regions.map((code) => ({
      queryKey: keys.catalogue(code),
      queryFn: () => must(api.GET('/api/v1/catalogue/{region}', { params: { path: { region: code } } })),
      staleTime: 10 * 60_000,
    })),
  })
  const regionName = (code: string) =>
    catalogues[regions.indexOf(code)]?.data?.catalogue.region.name.zh ?? `行政区划 ${code}`

  return (
    <section aria-label="查找已登记项目">
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        查找已登记项目
      </Typography.Title>
      <Input.Search
        // Remounted when the address's search changes (back, forward), so the box shows what was searched.
        key={search}
        aria-label="查找项目"
        placeholder="输入项目名称或项目代码（可输入其中一部分）"
        enterButton="查找"
        allowClear
        maxLength={MAX_SEARCH}
        defaultValue={search}
        style={{ maxWidth: 560 }}
        onSearch={(value) => {
          const next = value.trim()
          setParams(next ? { search: next } : {}, { replace: false })
        }}
      />
      {search.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={found.error} />
          {/* A page that failed after others keeps those shown, the problem said above them. */}
          {(!found.error || found.data) && (
            <Table
              rowKey="projectId"
              size="small"
              pagination={false}
              loading={found.isPending}
              dataSource={shown}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: `未找到项目名称或项目代码含“${search}”的项目。` }}
              columns={[
                {
                  title: '项目名称',
                  key: 'name',
                  render: (_, p) => <Link to={`/desk/projects/${p.projectId}`}>{p.name}</Link>,
                },
                { title: '项目代码', key: 'code', dataIndex: 'projectCode' },
                { title: '建设单位', key: 'owner', render: (_, p) => p.owner.name },
                { title: '所在地区', key: 'region', render: (_, p) => regionName(p.region) },
                { title: '登记日期', key: 'registered', render: (_, p) => chineseDate(p.registeredAt) },
              ]}
            />
          )}
          <UnreadableNotice count={unreadable} what="项目" />
          {found.hasNextPage && (
            <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
              <Typography.Text>{`已列出最新登记的 ${shown.length} 个，还有更多匹配的项目。`}</Typography.Text>
              <Button loading={found.isFetchingNextPage} onClick={() => void found.fetchNextPage()}>
                加载更多
              </Button>
            </Flex>
          )}
        </div>
      )}
    </section>
  )
}
