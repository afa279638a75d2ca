import { Card, Descriptions, Space, Typography } from 'antd'
import { Link, Route, Routes, useParams } from 'react-router'
import { api, keys, must } from '../../api'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { TicketTable, useTicketPages } from '../hotline/list'
import { CLOSURE_NAMES, SATISFACTION_NAMES, type Ticket } from '../hotline/names'
import { RegisterForm } from '../hotline/register-form'
import { TicketPage } from '../hotline/ticket-view'

/**
 * “办不成事”窗口 — the service centre's window for things that could not get done (seeds/000_5ff03a50698aa736.txt:344,
 * 004:1337): the clerk registers, for the applicant before her, what it could not get done as a 12345 ticket (the
 * hotline's form with the channel fixed to the window), and follows the ones she registered through the closed loop —
 * 问题受理、科学分办、解决处置、跟踪督办、反馈评价 (000:345) — from her list and each ticket's page. Dispatch, handling and
 * rating are the 12345 centre's and the units'; she acts on none of them, so her ticket page offers no act.
 */
export default function WindowTickets() {
  return (
    <Routes>
      <Route index element={<WindowDesk />} />
      <Route path=":ticketId" element={<WindowTicket />} />
    </Routes>
  )
}

/**
 * One ticket she registered, as the gateway answers her (`GET …/tickets/{id}`: another clerk's reads as unknown):
 * where it stands, its clocks and history; the requester's personal data is not hers to read back.
 */
function WindowTicket() {
  const { ticketId = '' } = useParams()
  return (
    <>
      <Link to="/desk/window-tickets">返回“办不成事”窗口</Link>
      <TicketPage id={ticketId} />
    </>
  )
}

function WindowDesk() {
  // The live stream tells her of each change of the tickets she registered (their registration in the read model
  // included), so the list follows it rather than asking again on a timer.
  const pages = useTicketPages(keys.ticketList('window', ''), (cursor) =>
    must(api.GET('/api/v1/hotline/tickets/window', { params: { query: cursor === undefined ? {} : { cursor } } })),
  )
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }}>
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 0 }}>
        “办不成事”窗口
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        企业群众在窗口办不成的事项，由窗口代为登记为 12345 工单，由热线中心分办、承办单位办理答复，并回访评价。
      </Typography.Paragraph>
      <RegisterForm who="clerk" />
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>我登记的工单</h2>}>
        <TicketTable
          label="我登记的办不成事工单"
          pages={pages}
          linkTo={(id) => `/desk/window-tickets/${id}`}
          empty="暂无登记的工单"
          expanded={(r) => <Progress ticket={r.ticket} />}
        />
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
