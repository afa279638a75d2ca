import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Table, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDateTime } from '../../format'
import type { Listed, TicketPage } from './names'
import { TYPE_NAMES } from './names'
import { DueOf, StatusOf } from './ticket-view'

/**
 * A ticket list, soonest due first, paged by the gateway's cursor (加载更多). `fetchPage` asks one route of the three
 * (the agent's list, a department's inbox, an owner's own) with the page's cursor.
 */
export function useTicketPages(queryKey: readonly unknown[], fetchPage: (cursor?: string) => Promise<TicketPage>) {
  // No timer: each list is under `keys.hotlineTickets()`, which a ticket's message on the live stream makes stale
  // (live.ts), and every reader of a list is told of its tickets' changes — the window clerk of hers too.
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  })
}

export function TicketTable({
  label,
  pages,
  linkTo,
  empty,
  expanded,
}: {
  label: string
  pages: ReturnType<typeof useTicketPages>
  /** Where a ticket's title leads, the reader's own page of it. */
  linkTo?: (ticketId: string) => string
  empty: string
  /** What a row unfolds to, if it unfolds. */
  expanded?: (row: Listed) => ReactNode
}) {
  const rows = pages.data?.pages.flatMap((p) => p.tickets) ?? []
  return (
    <>
      <ProblemAlert error={pages.error} />
      <Table<Listed>
        aria-label={label}
        rowKey={(r) => r.ticket.ticketId}
        loading={pages.isPending}
        dataSource={rows}
        pagination={false}
        // antd's grey placeholder falls short of AA contrast; the text is read at full colour.
        locale={{ emptyText: <Typography.Text>{empty}</Typography.Text> }}
        {...(expanded ? { expandable: { expandedRowRender: expanded } } : {})}
        columns={[
          {
            title: '工单',
            key: 'title',
            render: (_, r) => (linkTo ? <Link to={linkTo(r.ticket.ticketId)}>{r.ticket.title}</Link> : r.ticket.title),
          },
          { title: '类型', key: 'type', render: (_, r) => TYPE_NAMES[r.ticket.type] },
          { title: '状态', key: 'status', render: (_, r) => <StatusOf ticket={r.ticket} /> },
          { title: '承办单位', key: 'department', render: (_, r) => departmentName(r.ticket.department) },
          { title: '当前时限', key: 'due', render: (_, r) => <DueOf dueOn={r.dueOn} overdue={r.overdue} /> },
          { title: '登记时间', key: 'registered', render: (_, r) => chineseDateTime(r.ticket.registeredAt) },
        ]}
      />
      {pages.hasNextPage && (
        <Button style={{ marginTop: 16 }} onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </>
  )
}
