import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Card, Descriptions, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import { CLOSURE_NAMES, type Listed, SATISFACTION_NAMES, type Ticket, TYPE_NAMES } from '../hotline/names'
import { RegisterForm } from '../hotline/register-form'
import { DueOf, StatusOf } from '../hotline/ticket-view'

/**
 * “办不成事”窗口 — the service centre's window for things that could not get done (seeds/000_5ff03a50698aa736.txt:344,
 * 004:1337): the clerk registers, for the applicant before her, what it could not get done as a 12345 ticket (the
 * hotline's form with the channel fixed to the window), and follows the ones she registered through the closed loop —
 * 问题受理、科学分办、解决处置、跟踪督办、反馈评价 (000:345) — from her list. Dispatch, handling and rating are the 12345 centre's
 * and the units'; she acts on none of them.
 */
export default function WindowTickets() {
  // Registered but not yet in the read model: the list asks again until each is there (the clerk is told no
  // ticket changes on the live stream).
  const [awaited, setAwaited] = useState<readonly string[]>([])
  const pages = useInfiniteQuery({
    queryKey: keys.ticketList('window', ''),
    queryFn: ({ pageParam }) =>
      must(api.GET('/api/v1/hotline/tickets/window', { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
    refetchInterval: (query) => {
      const listed = new Set(query.state.data?.pages.flatMap((p) => p.tickets.map((r) => r.ticket.ticketId)) ?? [])
      return awaited.some((id) => !listed.has(id)) ? 1000 : false
    },
  })
  const rows = pages.data?.pages.flatMap((p) => p.tickets) ?? []
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }}>
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 0 }}>
        “办不成事”窗口
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        企业群众在窗口办不成的事项，由窗口代为登记为 12345 工单，由热线中心分办、承办单位办理答复，并回访评价。
      </Typography.Paragraph>
      <RegisterForm who="clerk" onRegistered={(answer) => setAwaited(answer.tickets.map((v) => v.ticket.ticketId))} />
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>我登记的工单</h2>}>
        <ProblemAlert error={pages.error} />
        <Table<Listed>
          aria-label="我登记的办不成事工单"
          rowKey={(r) => r.ticket.ticketId}
          loading={pages.isPending}
          dataSource={rows}
          pagination={false}
          // antd's grey placeholder falls short of AA contrast; the text is read at full colour.
          locale={{ emptyText: <Typography.Text>暂无登记的工单</Typography.Text> }}
          expandable={{ expandedRowRender: (r) => <Progress ticket={r.ticket} /> }}
          columns={[
            { title: '工单', key: 'title', render: (_, r) => r.ticket.title },
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
      </Card>
    </Space>
  )
}

/** Where the ticket stands in the loop, from its snapshot: dispatched, handled and replied, rated, closed. */
function Progress({ ticket: t }: { ticket: Ticket }) {
  const rating = t.ratings.at(-1)
  return (
    <Descriptions size="small" column={2}>
      <Descriptions.Item label="派单">
        {t.lastDispatchedOn
          ? `${chineseDate(t.lastDispatchedOn)}派至${departmentName(t.department)}`
          : `待热线中心派单（${chineseDate(t.dispatch.due)}前）`}
      </Descriptions.Item>
      <Descriptions.Item label="办理时限">{t.handling ? `${chineseDate(t.handling.due)}前` : '—'}</Descriptions.Item>
      <Descriptions.Item label="答复">
        {t.report ? `${chineseDate(t.report.submittedOn)}已答复：${t.report.result}` : '尚未答复'}
      </Descriptions.Item>
      <Descriptions.Item label="评价">
        {rating?.value
          ? SATISFACTION_NAMES[rating.value]
          : rating
            ? `待评价（${chineseDate(rating.windowEnds)}前）`
            : '—'}
      </Descriptions.Item>
      {t.closure && <Descriptions.Item label="办结">{CLOSURE_NAMES[t.closure]}</Descriptions.Item>}
    </Descriptions>
  )
}
