import { Button, Card, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { Link, Route, Routes, useNavigate, useParams } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { useAct } from './act'
import { TicketTable, useTicketPages } from './list'
import { SATISFACTION_NAMES, type TicketDetail } from './names'
import { RegisterForm } from './register-form'
import { type Satisfaction, SatisfactionChoice } from './satisfaction'
import { TicketPage } from './ticket-view'
import { Withdraw } from './withdraw'

/**
 * 我的诉求 — the owner's online requests (网上反映: the registration form, its 身份证号码 and hidden fields) and the
 * tickets its organisation filed: where each stands, its clock and history, its 撤回 while open, and, once the
 * centre has reviewed the handling report, its satisfaction rating (five options, within 5 个自然日 of the notice),
 * and, from registration, the rating of the centre's reception of it (受理服务, the same options and window).
 */
export default function OwnTickets() {
  return (
    <Routes>
      <Route index element={<OwnList />} />
      <Route path="new" element={<OwnRegister />} />
      <Route path=":ticketId" element={<OwnTicket />} />
    </Routes>
  )
}

function OwnList() {
  const pages = useTicketPages(keys.ticketList('own', ''), (cursor) =>
    must(api.GET('/api/v1/hotline/tickets/own', { params: { query: cursor ? { cursor } : {} } })),
  )
  return (
    <>
      <Typography.Title level={1}>我的诉求</Typography.Title>
      <Link to="/my-tickets/new">网上反映诉求</Link>
      <TicketTable label="我的诉求" pages={pages} linkTo={(id) => `/my-tickets/${id}`} empty="暂无诉求工单" />
    </>
  )
}

/** 网上反映: the owner registers its own request online; it opens the ticket's page (the first, when split). */
function OwnRegister() {
  const navigate = useNavigate()
  return (
    <>
      <Link to="/my-tickets">返回我的诉求</Link>
      <Typography.Title level={1}>网上反映诉求</Typography.Title>
      <RegisterForm
        who="owner"
        onRegistered={async (answer) => {
          const first = answer.tickets[0]
          if (first) await navigate(`/my-tickets/${first.ticket.ticketId}`)
        }}
      />
    </>
  )
}

function OwnTicket() {
  const { ticketId = '' } = useParams()
  return (
    <>
      <Link to="/my-tickets">返回我的诉求</Link>
      <TicketPage id={ticketId}>
        {(d) => (
          <>
            <Supplement detail={d} />
            <Withdraw ticket={d.ticket} />
            <RateReception detail={d} />
            <Rate detail={d} />
          </>
        )}
      </TicketPage>
    </>
  )
}

/** 补充信息 (第十二条第二款): what the centre asked for, supplied once within 3 个自然日 of its notice. */
function Supplement({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket
  const mutation = useAct(t.ticketId)
  const [note, setNote] = useState('')
  const s = t.supplement
  if (t.status !== 'registered' || !s || s.suppliedOn) return null
  return (
    <Card title="补充信息" style={{ marginTop: 24 }}>
      <ProblemAlert error={mutation.error} />
      <Typography.Paragraph>
        热线中心请您补充：{s.note}。请于{chineseDate(s.windowEnds)}前补充；逾期未补充的，工单将结束。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          aria-label="补充内容"
          maxLength={2000}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button
          type="primary"
          disabled={!note.trim()}
          loading={mutation.isPending}
          onClick={() => mutation.mutate({ action: 'add-information', note, affectsHandling: true })}
        >
          提交补充信息
        </Button>
      </Space>
    </Card>
  )
}

/**
 * 受理服务满意度 (第二十七条 (一)): the centre's reception rated once, apart from the handling. Shown while not rated —
 * the service refuses it after the window with HOTLINE_RATING_LATE, shown as any refusal — and once rated, its value.
 */
function RateReception({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket
  const mutation = useAct(t.ticketId)
  const [value, setValue] = useState<Satisfaction>()
  const r = t.reception
  if (!r) return null
  return (
    <section aria-label="受理服务评价">
      <Card title="受理服务评价" style={{ marginTop: 24 }}>
        <ProblemAlert error={mutation.error} />
        {r.value ? (
          <Typography.Paragraph>
            您已于{chineseDate(r.ratedOn ?? r.notifiedOn)}评价热线受理服务：{SATISFACTION_NAMES[r.value]}。
          </Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph>
              请于{chineseDate(r.windowEnds)}
              前评价热线中心受理您诉求的服务（服务态度、用语规范、对诉求的理解、解答的准确性）；逾期未评价视为未评价。
            </Typography.Paragraph>
            <Space direction="vertical">
              <SatisfactionChoice label="受理服务满意度" value={value} onChange={setValue} />
              <Button
                type="primary"
                disabled={!value}
                loading={mutation.isPending}
                onClick={() => value && mutation.mutate({ action: 'rate-reception', value })}
              >
                提交受理服务评价
              </Button>
            </Space>
          </>
        )}
      </Card>
    </section>
  )
}

function Rate({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket
  const mutation = useAct(t.ticketId)
  const [value, setValue] = useState<Satisfaction>()
  const open = t.ratings.at(-1)
  if (t.status !== 'rating' || !open || open.value) return null
  return (
    <section aria-label="办理情况评价">
      <Card title="满意度评价" style={{ marginTop: 24 }}>
        <ProblemAlert error={mutation.error} />
        <Typography.Paragraph>
          请于{chineseDate(open.windowEnds)}前评价承办单位的办理情况；逾期未评价视为未评价。
        </Typography.Paragraph>
        <Space direction="vertical">
          <SatisfactionChoice label="满意度" value={value} onChange={setValue} />
          <Button
            type="primary"
            disabled={!value}
            loading={mutation.isPending}
            onClick={() => value && mutation.mutate({ action: 'rate', value })}
          >
            提交评价
          </Button>
        </Space>
      </Card>
    </section>
  )
}
