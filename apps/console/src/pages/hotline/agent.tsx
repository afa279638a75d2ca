import { useQuery } from '@tanstack/react-query'
import { Button, Card, Checkbox, Form, Input, Radio, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { Link, Route, Routes, useNavigate, useParams } from 'react-router'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentName, departmentOptions } from '../../departments'
import { chineseDate } from '../../format'
import { useAct, useRectificationLetter, useReferral } from './act'
import { TicketTable, useTicketPages } from './list'
import {
  RECTIFICATION_GROUNDS,
  REFERRAL_NAMES,
  SATISFACTION_NAMES,
  STATUS,
  SUPERVISION_NAMES,
  type Ticket,
  type TicketDetail,
} from './names'
import { RegionFilter } from './region-filter'
import { type Satisfaction, SatisfactionChoice } from './satisfaction'

type SupervisionKind = Ticket['supervisions'][number]['kind']
/** The handling round a rating or return visit belongs to: 2 once the ticket was sent back (第二十九条). */
const handlingRound = (t: Ticket): 1 | 2 => (t.rehandled ? 2 : 1)

/**
 * Whether the requester has no screen of its own, so the agent records what it says (its ratings, its withdrawal): a
 * caller (phone), and an applicant whose matter the window clerk registered at the 办不成事 window (window). Only an
 * online requester acts on its own page.
 */
const speaksThroughAgent = (t: Ticket): boolean => t.channel !== 'online'
/** The requester as the agent's page names it: the caller on the phone, else the requester. */
const requesterWord = (t: Ticket): string => (t.channel === 'phone' ? '来电人' : '诉求人')

import { RegisterForm } from './register-form'
import { TicketPage } from './ticket-view'
import { Withdraw } from './withdraw'

/**
 * 12345 热线 — the hotline centre's agent (座席): registers a call's ticket (one of the six types, linked to a project
 * where it concerns one), dispatches it to a handling unit within 1 个工作日, decides a unit's return request, records
 * a hard ticket's coordination opinion, reviews the unit's handling report, rates for a caller, makes the return visit
 * and sends the ticket back once or closes it, supervises the unit, sends it a 整改函 (002:340), and ends a ticket whose information is missing. Commands go to the hotline service through the gateway; the lists and pages
 * are the gateway's read model.
 */
export default function AgentDesk() {
  return (
    <Routes>
      <Route index element={<Desk />} />
      <Route path=":ticketId" element={<AgentTicket />} />
    </Routes>
  )
}

/** 登记工单: the shared form, the agent's variant (the units to split among, a project number the caller gives). */
function Register() {
  const navigate = useNavigate()
  return (
    <RegisterForm
      who="agent"
      onRegistered={async (answer) => {
        // One ticket opens its page; a split stays on the desk, whose list shows them all.
        const [only, ...more] = answer.tickets
        if (only && more.length === 0) await navigate(`/hotline/${only.ticket.ticketId}`)
      }}
    />
  )
}

/** The most owed call-backs the desk counts one by one; more reads as this number and more. */
const OWED_COUNTED = 200

function Desk() {
  const [status, setStatus] = useState<Ticket['status'] | 'open'>('open')
  // The region a ticket is about, or one above it (a province lists its cities' and districts' tickets too).
  const [region, setRegion] = useState<string>()
  // 待回访: the 优化营商环境专线 tickets owed their 100% call-back (002:340), oldest first, instead of the filtered list.
  const [owedOnly, setOwedOnly] = useState(false)
  const pages = useTicketPages(
    keys.ticketList('agent', owedOnly ? 'call-back-owed' : `${status}:${region ?? ''}`),
    (cursor) =>
      must(
        api.GET('/api/v1/hotline/tickets', {
          params: {
            query: {
              ...(owedOnly
                ? { call_back: 'owed' as const }
                : { ...(status === 'open' ? { open: 'true' as const } : { status }), ...(region ? { region } : {}) }),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
  )
  // The count beside the tab, from one page of the same list (the live stream refetches it with every list).
  const owed = useQuery({
    queryKey: keys.ticketList('agent', 'call-back-owed-count'),
    queryFn: () =>
      must(api.GET('/api/v1/hotline/tickets', { params: { query: { call_back: 'owed', limit: OWED_COUNTED } } })),
  })
  const owedCount = owed.data ? `${owed.data.tickets.length}${owed.data.nextCursor ? '+' : ''}` : '…'
  return (
    <>
      <Typography.Title level={1}>12345 热线工单</Typography.Title>
      <Register />
      <Typography.Title level={2}>工单列表</Typography.Title>
      <Radio.Group
        aria-label="工单视图"
        optionType="button"
        style={{ marginBottom: 16 }}
        value={owedOnly ? 'owed' : 'all'}
        onChange={(x) => setOwedOnly(x.target.value === 'owed')}
        options={[
          { value: 'all', label: '全部工单' },
          { value: 'owed', label: `待回访（${owedCount}）` },
        ]}
      />
      {owedOnly && (
        <Typography.Paragraph type="secondary">
          优化营商环境专线（广西市场主体）评价不满意或问题未解决、尚未人工回访的工单，按登记先后排列。
        </Typography.Paragraph>
      )}
      <Space style={{ marginBottom: 16, display: owedOnly ? 'none' : undefined }}>
        <label htmlFor="ticket-status">工单状态</label>
        <Select
          id="ticket-status"
          style={{ width: 220 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: '全部未办结' },
            ...Object.entries(STATUS).map(([value, s]) => ({ value, label: s.name })),
          ]}
        />
        <RegionFilter id="ticket-region" value={region} onChange={setRegion} />
      </Space>
      <TicketTable
        label="工单列表"
        pages={pages}
        linkTo={(id) => `/hotline/${id}`}
        empty={owedOnly ? '暂无待回访工单' : '暂无工单'}
      />
    </>
  )
}

function AgentTicket() {
  const { ticketId = '' } = useParams()
  return (
    <>
      <Link to="/hotline">返回工单列表</Link>
      <TicketPage id={ticketId}>{(d) => <AgentActions detail={d} />}</TicketPage>
    </>
  )
}

function AgentActions({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket
  const mutation = useAct(t.ticketId)
  const [department, setDepartment] = useState<string>()
  const [coHandlers, setCoHandlers] = useState<string[]>([])
  const [note, setNote] = useState('')
  const pendingReturn = t.returns.at(-1)
  return (
    <Card title="座席操作" style={{ marginTop: 24 }}>
      <ProblemAlert error={mutation.error} />
      {t.status === 'registered' && !(t.supplement && !t.supplement.suppliedOn) && (
        <Space wrap>
          <label htmlFor="dispatch-department">派往承办单位</label>
          <Select
            id="dispatch-department"
            style={{ width: 260 }}
            value={department}
            onChange={setDepartment}
            options={departmentOptions()}
          />
          <label htmlFor="dispatch-co-handlers">协办单位（可选）</label>
          <Select
            id="dispatch-co-handlers"
            mode="multiple"
            style={{ minWidth: 260 }}
            value={coHandlers}
            onChange={setCoHandlers}
            maxCount={10}
            options={departmentOptions().filter((o) => o.value !== department)}
          />
          <Button
            type="primary"
            disabled={!department}
            loading={mutation.isPending}
            onClick={() =>
              department &&
              mutation.mutate({
                action: 'dispatch',
                department,
                ...(coHandlers.length > 0 ? { coHandlers: coHandlers.filter((d) => d !== department) } : {}),
              })
            }
          >
            派单
          </Button>
        </Space>
      )}
      {t.status === 'registered' && t.channel === 'online' && !t.supplement && (
        <Space wrap style={{ marginTop: 12 }}>
          <Input
            aria-label="需补充的信息"
            placeholder="一次性告知需补充的全部内容"
            maxLength={2000}
            style={{ width: 360 }}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button
            disabled={!note.trim()}
            loading={mutation.isPending}
            onClick={() => mutation.mutate({ action: 'request-supplement', note })}
          >
            通知补充信息（3 个自然日）
          </Button>
        </Space>
      )}
      {t.status === 'registered' && t.supplement && !t.supplement.suppliedOn && (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          已通知诉求人补充：{t.supplement.note}（{chineseDate(t.supplement.windowEnds)}前），补充后派单。
        </Typography.Paragraph>
      )}
      {t.status === 'return-requested' && pendingReturn && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {departmentName(pendingReturn.department)}申请退回：{pendingReturn.grounds}
          </Typography.Text>
          <Space wrap>
            <label htmlFor="redispatch-department">同意后改派</label>
            <Select
              id="redispatch-department"
              style={{ width: 260 }}
              value={department}
              onChange={setDepartment}
              options={departmentOptions().filter((o) => o.value !== pendingReturn.department)}
            />
          </Space>
          <Input.TextArea
            aria-label="审核意见"
            placeholder="审核意见"
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Space>
            <Button
              type="primary"
              disabled={!department}
              loading={mutation.isPending}
              onClick={() =>
                department &&
                mutation.mutate({ action: 'decide-return', approve: true, department, ...(note ? { note } : {}) })
              }
            >
              同意退回并改派
            </Button>
            <Button
              loading={mutation.isPending}
              onClick={() => mutation.mutate({ action: 'decide-return', approve: false, ...(note ? { note } : {}) })}
            >
              不同意退回
            </Button>
          </Space>
        </Space>
      )}
      {t.status === 'replied' && (
        <Space>
          <Button
            type="primary"
            loading={mutation.isPending}
            onClick={() => mutation.mutate({ action: 'review', approve: true })}
          >
            审核通过，请诉求人评价
          </Button>
          <Button
            loading={mutation.isPending}
            onClick={() => mutation.mutate({ action: 'review', approve: false, note: '办理情况不完整，请补充' })}
          >
            退回承办单位补充
          </Button>
        </Space>
      )}
      {['dispatched', 'handling', 'rehandling'].includes(t.status) && !t.longTerm && (
        <Space>
          <Button loading={mutation.isPending} onClick={() => mutation.mutate({ action: 'long-term' })}>
            列为长期推进事项
          </Button>
          <Typography.Text type="secondary">
            承办单位须在 10 个工作日内制定解决方案，至少每月向诉求人通报一次进展。
          </Typography.Text>
        </Space>
      )}
      {t.status === 'hard' && <HardOpinion ticket={t} />}
      {t.status === 'rating' && <RateForCaller ticket={t} />}
      {t.status === 'return-visit' && <ReturnVisit ticket={t} />}
      {t.status === 'duty-statement' && t.dutyStatement && (
        <Typography.Paragraph>
          第二次评价不满意并已回访：待承办单位于{chineseDate(t.dutyStatement.deadline.due)}
          前提交履职尽责意见，提交或逾期即办结。
        </Typography.Paragraph>
      )}
      <RateReceptionForCaller ticket={t} />
      {speaksThroughAgent(t) && <Withdraw ticket={t} forCaller caller={requesterWord(t)} />}
      {t.status === 'registered' && <InformationMissing ticket={t} />}
      {t.status !== 'registered' && t.status !== 'closed' && t.department && <Supervise ticket={t} />}
      {t.department && onBusinessLine(t) && <RectificationLetter ticket={t} department={t.department} />}
      {onBusinessLine(t) && <Referral ticket={t} />}
      {t.status === 'closed' && <Typography.Text type="secondary">工单已办结，无需座席操作。</Typography.Text>}
    </Card>
  )
}

/**
 * 疑难工单 (第十八条, seeds/004_33317a5f04b53a73.txt:1558–1566): returned by three different units, the ticket waits for
 * the coordinating department's opinion; the centre records it and dispatches to the unit it names.
 */
function HardOpinion({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  return (
    <Card type="inner" title="疑难工单协调意见" style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      <Form<{ opinion: string; department: string }>
        name="hard-opinion"
        layout="vertical"
        onFinish={(v) => mutation.mutate({ action: 'hard-opinion', opinion: v.opinion, department: v.department })}
      >
        <Form.Item
          name="opinion"
          label="协调意见"
          rules={[{ required: true, whitespace: true, message: '请填写协调意见' }]}
          validateStatus={fieldMessage(e, '/body/opinion') ? 'error' : undefined}
          help={fieldMessage(e, '/body/opinion')}
        >
          <Input.TextArea maxLength={4000} rows={2} />
        </Form.Item>
        <Form.Item
          name="department"
          label="确定的承办单位"
          rules={[{ required: true, message: '请选择承办单位' }]}
          validateStatus={fieldMessage(e, '/body/department') ? 'error' : undefined}
          help={fieldMessage(e, '/body/department')}
        >
          <Select aria-label="确定的承办单位" style={{ width: 260 }} options={departmentOptions()} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          按协调意见派单
        </Button>
      </Form>
    </Card>
  )
}

/**
 * 满意度评价 by phone (第二十七条 (三), 004:1636): a caller has no screen, so the agent records the option it chose. An
 * online requester rates on its own page (the service would take the agent's rating there too, but the voice is the
 * owner's).
 */
function RateForCaller({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const [value, setValue] = useState<Satisfaction>()
  // 解决情况, when the caller says it: unresolved, a business-line ticket is owed its call-back (002:340).
  const [resolved, setResolved] = useState<boolean>()
  const open = t.ratings.at(-1)
  if (!open || open.value) return null
  if (!speaksThroughAgent(t))
    return (
      <Typography.Paragraph>
        待诉求人在网上评价（{chineseDate(open.windowEnds)}前），逾期视为未评价。
      </Typography.Paragraph>
    )
  return (
    <Card type="inner" title={`代${requesterWord(t)}评价`} style={{ marginTop: 12 }}>
      <ProblemAlert error={mutation.error} />
      <Typography.Paragraph>
        {requesterWord(t)}须于{chineseDate(open.windowEnds)}前评价；逾期未评价视为未评价。
      </Typography.Paragraph>
      <Space direction="vertical">
        <SatisfactionChoice label={`${requesterWord(t)}满意度`} value={value} onChange={setValue} />
        <Radio.Group
          aria-label="解决情况"
          value={resolved}
          onChange={(x) => setResolved(x.target.value as boolean)}
          options={[
            { value: true, label: '问题已解决' },
            { value: false, label: '问题未解决' },
          ]}
        />
        <Button
          type="primary"
          disabled={!value}
          loading={mutation.isPending}
          onClick={() =>
            value && mutation.mutate({ action: 'rate', value, ...(resolved === undefined ? {} : { resolved }) })
          }
        >
          记录评价
        </Button>
      </Space>
    </Card>
  )
}

/**
 * 受理服务满意度 by phone (第二十七条 (一), 004:1630–1632): the caller rates the centre's reception of its call — once,
 * in any status, within 5 个自然日 of registration — and the agent records the option it chose. An online requester
 * rates it on its own page.
 */
function RateReceptionForCaller({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const [value, setValue] = useState<Satisfaction>()
  // Folded until the agent has the caller's answer: the handling's rating offers the same five options on this page.
  const [open, setOpen] = useState(false)
  const r = t.reception
  if (!speaksThroughAgent(t) || !r) return null
  return (
    <section aria-label="受理服务评价">
      <Card type="inner" title={`受理服务评价（${requesterWord(t)}）`} style={{ marginTop: 12 }}>
        <ProblemAlert error={mutation.error} />
        {r.value ? (
          <Typography.Paragraph>
            {requesterWord(t)}已于{chineseDate(r.ratedOn ?? r.notifiedOn)}评价受理服务：{SATISFACTION_NAMES[r.value]}。
          </Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph>
              {requesterWord(t)}可于{chineseDate(r.windowEnds)}
              前评价热线受理服务（服务态度、用语规范、对诉求的理解、解答的准确性）；逾期未评价视为未评价。
            </Typography.Paragraph>
            {!open && <Button onClick={() => setOpen(true)}>登记{requesterWord(t)}的受理服务评价</Button>}
            {open && (
              <Space direction="vertical">
                <SatisfactionChoice label={`${requesterWord(t)}对受理服务的满意度`} value={value} onChange={setValue} />
                <Button
                  disabled={!value}
                  loading={mutation.isPending}
                  onClick={() => value && mutation.mutate({ action: 'rate-reception', value })}
                >
                  记录受理服务评价
                </Button>
              </Space>
            )}
          </>
        )}
      </Card>
    </section>
  )
}

/**
 * 回访 after a dissatisfied rating (第二十八条, 004:1638), then — the first time only — 发回再次办理 (第二十九条,
 * 004:1640–1658: once, the original limit; the service refuses the six cases) or 结束工单 as dissatisfied.
 */
function ReturnVisit({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const [note, setNote] = useState('')
  const e = mutation.error
  const visited = t.returnVisits.length >= handlingRound(t)
  // A business-line ticket rated satisfied but unresolved waits for its call-back only: it is not sent back (002:340).
  const last = t.ratings.at(-1)?.value
  const dissatisfied = last === 'dissatisfied' || last === 'very-dissatisfied'
  return (
    <Card type="inner" title={visited ? '回访后处理' : '回访'} style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      {!visited ? (
        <Form<{ note: string; forceMajeure?: boolean }>
          name="return-visit"
          layout="vertical"
          onFinish={(v) =>
            mutation.mutate({ action: 'return-visit', note: v.note, ...(v.forceMajeure ? { forceMajeure: true } : {}) })
          }
        >
          <Form.Item
            name="note"
            label="回访情况"
            rules={[{ required: true, whitespace: true, message: '请填写回访情况' }]}
            validateStatus={fieldMessage(e, '/body/note') ? 'error' : undefined}
            help={fieldMessage(e, '/body/note')}
          >
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
          <Form.Item name="forceMajeure" valuePropName="checked">
            <Checkbox>因自然灾害等不可抗力未能解决（不再发回再次办理）</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            记录回访
          </Button>
        </Form>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            {dissatisfied
              ? '首次评价不满意：可发回承办单位再次办理一次（按原办理时限，不得退回、延期），或结束工单。'
              : '评价满意但问题未解决，已人工回访：结束工单。'}
          </Typography.Paragraph>
          <Input.TextArea
            aria-label="处理意见（可选）"
            placeholder="处理意见（可选）"
            maxLength={2000}
            value={note}
            onChange={(x) => setNote(x.target.value)}
            status={fieldMessage(e, '/body/note') ? 'error' : undefined}
          />
          {fieldMessage(e, '/body/note') && (
            <Typography.Text type="danger">{fieldMessage(e, '/body/note')}</Typography.Text>
          )}
          <Space>
            {dissatisfied && (
              <Button
                type="primary"
                loading={mutation.isPending}
                onClick={() => mutation.mutate({ action: 'rehandle', ...(note.trim() ? { note } : {}) })}
              >
                发回再次办理
              </Button>
            )}
            <Button
              loading={mutation.isPending}
              onClick={() => mutation.mutate({ action: 'close', ...(note.trim() ? { note } : {}) })}
            >
              结束工单
            </Button>
          </Space>
        </Space>
      )}
    </Card>
  )
}

/** 督办 (第二十五条, 004:1610–1620): the kind sets the unit's response limit. */
function Supervise({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const [form] = Form.useForm<{ kind: SupervisionKind; note: string }>()
  const e = mutation.error
  return (
    <Card type="inner" title="督办" style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      <Form<{ kind: SupervisionKind; note: string }>
        name="supervise"
        form={form}
        layout="vertical"
        onFinish={(v) =>
          mutation.mutate({ action: 'supervise', kind: v.kind, note: v.note }, { onSuccess: () => form.resetFields() })
        }
      >
        <Form.Item
          name="kind"
          label="督办类型"
          rules={[{ required: true, message: '请选择督办类型' }]}
          validateStatus={fieldMessage(e, '/body/kind') ? 'error' : undefined}
          help={fieldMessage(e, '/body/kind')}
        >
          <Select
            aria-label="督办类型"
            options={(Object.keys(SUPERVISION_NAMES) as SupervisionKind[]).map((k) => ({
              value: k,
              label: SUPERVISION_NAMES[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label="督办意见"
          rules={[{ required: true, whitespace: true, message: '请填写督办意见' }]}
          validateStatus={fieldMessage(e, '/body/note') ? 'error' : undefined}
          help={fieldMessage(e, '/body/note')}
        >
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          督办
        </Button>
      </Form>
    </Card>
  )
}

/**
 * Whether the 优化营商环境专线's own acts (整改函, 线索移交, 002:340) are offered: a market entity's ticket with a region.
 * The service holds the rule (a region with a 专线) and says so when it refuses.
 */
const onBusinessLine = (t: Ticket) =>
  t.region !== undefined && (t.ownerCreditCode !== undefined || t.marketEntity === true)

/**
 * 整改函 (002:340): the centre's letter urging the handling unit to put right a failing — 未依法履行职能 or 敷衍塞责 —
 * on a ticket of the 专线 ({@link onBusinessLine}). It goes to the unit that has the ticket, so the form shows only once
 * one has; the ticket's status does not change.
 */
function RectificationLetter({ ticket: t, department }: { ticket: Ticket; department: string }) {
  const mutation = useRectificationLetter(t.ticketId)
  return (
    <ChoiceAndText
      title={`发整改函（致${departmentName(department)}）`}
      name="rectification-letter"
      choice={{
        field: 'ground',
        label: '情形',
        ariaLabel: '整改函情形',
        missing: '请选择情形',
        names: RECTIFICATION_GROUNDS,
      }}
      text={{ field: 'reason', label: '整改事由', missing: '请填写整改事由' }}
      submit="发整改函"
      error={mutation.error}
      pending={mutation.isPending}
      send={(ground, reason, done) => mutation.mutate({ ground, reason }, { onSuccess: done })}
    />
  )
}

/**
 * 线索移交 (002:340): a serious case of a market entity's ticket handed to the business-environment authority, the
 * inspection office or the discipline organs. Offered as the 整改函 ({@link onBusinessLine}). Read by the centre and the
 * supervisor only.
 */
function Referral({ ticket: t }: { ticket: Ticket }) {
  const mutation = useReferral(t.ticketId)
  return (
    <ChoiceAndText
      title="线索移交"
      name="referral"
      choice={{ field: 'to', label: '移交至', ariaLabel: '移交至', missing: '请选择移交机关', names: REFERRAL_NAMES }}
      text={{ field: 'note', label: '情况说明', missing: '请填写情况说明' }}
      submit="移交线索"
      error={mutation.error}
      pending={mutation.isPending}
      send={(to, note, done) => mutation.mutate({ to, note }, { onSuccess: done })}
    />
  )
}

/**
 * One of the centre's records of its own route (整改函, 线索移交): a choice among named options and a text of at most
 * 2000 characters, each field's problem beside it; the form empties once the service took it.
 */
function ChoiceAndText<K extends string>(props: {
  title: string
  name: string
  choice: { field: string; label: string; ariaLabel: string; missing: string; names: Record<K, string> }
  text: { field: string; label: string; missing: string }
  submit: string
  error: unknown
  pending: boolean
  send: (choice: K, text: string, done: () => void) => void
}) {
  const { choice, text, error: e } = props
  const [form] = Form.useForm<Record<string, string>>()
  const item = (field: string) => ({
    name: field,
    validateStatus: fieldMessage(e, `/body/${field}`) ? ('error' as const) : undefined,
    help: fieldMessage(e, `/body/${field}`),
  })
  return (
    <Card type="inner" title={props.title} style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      <Form<Record<string, string>>
        name={props.name}
        form={form}
        layout="vertical"
        onFinish={(v) => props.send(v[choice.field] as K, (v[text.field] ?? '').trim(), () => form.resetFields())}
      >
        <Form.Item {...item(choice.field)} label={choice.label} rules={[{ required: true, message: choice.missing }]}>
          <Select
            aria-label={choice.ariaLabel}
            options={(Object.keys(choice.names) as K[]).map((k) => ({ value: k, label: choice.names[k] }))}
          />
        </Form.Item>
        <Form.Item
          {...item(text.field)}
          label={text.label}
          rules={[{ required: true, whitespace: true, message: text.missing }]}
        >
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={props.pending}>
          {props.submit}
        </Button>
      </Form>
    </Card>
  )
}

/**
 * 信息不全 (第十二条, 004:1515–1519): a ticket that lacks what handling needs, not supplied after three calls (or, online,
 * within the notice's 3 natural days, or supplied and still not enough), is ended before dispatch.
 */
function InformationMissing({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  return (
    <Card type="inner" title="信息不全结束" style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      <Form<{ note: string }>
        name="information-missing"
        layout="inline"
        onFinish={(v) => mutation.mutate({ action: 'information-missing', note: v.note })}
      >
        <Form.Item
          name="note"
          label="联系补充情况"
          rules={[{ required: true, whitespace: true, message: '请填写联系补充情况' }]}
          validateStatus={fieldMessage(e, '/body/note') ? 'error' : undefined}
          help={fieldMessage(e, '/body/note')}
        >
          <Input maxLength={2000} style={{ width: 360 }} placeholder="如：三次联系未接通，信息仍不全" />
        </Form.Item>
        <Button danger htmlType="submit" loading={mutation.isPending}>
          信息不全结束
        </Button>
      </Form>
    </Card>
  )
}
