import { Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd'
import { Link, Route, Routes, useParams } from 'react-router'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentName, namedDepartments } from '../../departments'
import { chineseDate } from '../../format'
import { useActor } from '../../session'
import { instantOf, realTime } from '../../wall-clock'
import { useAct, useRectificationReply } from './act'
import { TicketTable, useTicketPages } from './list'
import {
  DISPUTE_NAMES,
  HANDLING_STATUSES,
  MEDIATION_NAMES,
  RECTIFICATION_GROUNDS,
  REPLY_METHOD_NAMES,
  REPORT_MODE_NAMES,
  SUPERVISION_NAMES,
  type Ticket,
  type TicketDetail,
} from './names'
import { TicketPage } from './ticket-view'

/**
 * 12345 工单 of a department as handling unit (承办单位), beside its task inbox: its open tickets soonest due first;
 * a ticket's page where it signs for it (签收, within 2 个工作日), asks to return it with its grounds, extends the
 * handling limit (at most twice, each at most the original limit), submits its handling report and reply (again when
 * the centre sent it back after a dissatisfied rating) and answers the centre's 督办.
 */
export default function UnitTickets() {
  return (
    <Routes>
      <Route index element={<UnitInbox />} />
      <Route path=":ticketId" element={<UnitTicket />} />
    </Routes>
  )
}

function UnitInbox() {
  const { department } = useActor()
  const pages = useTicketPages(keys.ticketList('unit', department ?? ''), (cursor) =>
    must(api.GET('/api/v1/hotline/tickets/inbox', { params: { query: cursor ? { cursor } : {} } })),
  )
  return (
    <>
      <Typography.Title level={1}>热线工单 · {departmentName(department)}</Typography.Title>
      <Typography.Paragraph type="secondary">
        本部门承办或协办的未办结工单，按当前时限由近及远排列。
      </Typography.Paragraph>
      <TicketTable label="热线工单" pages={pages} linkTo={(id) => `/ticket-inbox/${id}`} empty="暂无待办工单" />
    </>
  )
}

function UnitTicket() {
  const { ticketId = '' } = useParams()
  return (
    <>
      <Link to="/ticket-inbox">返回热线工单</Link>
      <TicketPage id={ticketId}>{(d) => <UnitActions detail={d} />}</TicketPage>
    </>
  )
}

/** 督办 the centre sent (第二十五条, seeds/004_33317a5f04b53a73.txt:1610–1620): the unit answers within its limit. */
function SupervisionResponse({
  ticket: t,
  supervision: s,
}: {
  ticket: Ticket
  supervision: Ticket['supervisions'][number]
}) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  return (
    <Card title={`督办（${chineseDate(s.openedOn)}）`}>
      <ProblemAlert error={e} />
      <Typography.Paragraph>
        {SUPERVISION_NAMES[s.kind]}：{s.note}
        {s.deadline ? `。请于${chineseDate(s.deadline.due)}前回复。` : '。'}
      </Typography.Paragraph>
      <Form<{ response: string }>
        name={`supervision-${s.id}`}
        layout="vertical"
        onFinish={(v) => mutation.mutate({ action: 'respond-supervision', supervisionId: s.id, response: v.response })}
      >
        <Form.Item
          name="response"
          label="督办回复"
          rules={[{ required: true, whitespace: true, message: '请填写督办回复' }]}
          validateStatus={fieldMessage(e, '/body/response') ? 'error' : undefined}
          help={fieldMessage(e, '/body/response')}
        >
          <Input.TextArea maxLength={4000} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          回复督办
        </Button>
      </Form>
    </Card>
  )
}

/**
 * 整改函 the centre sent this unit (002:340): the letter, and the unit's 整改情况 — what it put right — answered once.
 * The letters' table above shows every letter with its answer; here the unit answers those still waiting.
 */
function RectificationReply({
  ticket: t,
  letter: l,
}: {
  ticket: Ticket
  letter: NonNullable<Ticket['rectificationLetters']>[number]
}) {
  const mutation = useRectificationReply(t.ticketId, l.id)
  const e = mutation.error
  return (
    <Card title={`整改函（${chineseDate(l.issuedOn)}）`}>
      <ProblemAlert error={e} />
      <Typography.Paragraph>
        {RECTIFICATION_GROUNDS[l.ground]}：{l.reason}
      </Typography.Paragraph>
      <Form<{ rectification: string }>
        name={`rectification-reply-${l.id}`}
        layout="vertical"
        onFinish={(v) => mutation.mutate({ rectification: v.rectification.trim() })}
      >
        <Form.Item
          name="rectification"
          label="整改情况"
          rules={[{ required: true, whitespace: true, message: '请填写整改情况' }]}
          validateStatus={fieldMessage(e, '/body/rectification') ? 'error' : undefined}
          help={fieldMessage(e, '/body/rectification')}
        >
          <Input.TextArea maxLength={4000} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          回复整改情况
        </Button>
      </Form>
    </Card>
  )
}

function CoHandlerActions({ ticket: t, department }: { ticket: Ticket; department: string | undefined }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  const round = t.rehandled ? 2 : 1
  const mine = (t.contributions ?? []).find((c) => c.department === department && c.round === round)
  const open = HANDLING_STATUSES.includes(t.status) && !mine
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 24 }} size="large">
      <Typography.Paragraph>
        本部门为协办单位，由{departmentName(t.department)}
        牵头办理；协办意见须在办理期限内提交牵头单位，由其在办理情况中引用。
      </Typography.Paragraph>
      <ProblemAlert error={e} />
      {mine && <Typography.Text>本部门已于{chineseDate(mine.submittedOn)}提交协办意见。</Typography.Text>}
      {open && (
        <Card title="提交协办意见">
          <Form<{ opinion: string }>
            layout="vertical"
            onFinish={(v) => mutation.mutate({ action: 'contribute', opinion: v.opinion })}
          >
            <Form.Item
              name="opinion"
              label="协办意见及办理情况"
              rules={[{ required: true, message: '请填写协办意见' }]}
              validateStatus={fieldMessage(e, '/body/opinion') ? 'error' : undefined}
              help={fieldMessage(e, '/body/opinion')}
            >
              <Input.TextArea maxLength={4000} rows={3} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              提交协办意见
            </Button>
          </Form>
        </Card>
      )}
      {!open && !mine && <Typography.Text type="secondary">当前状态无需协办单位操作。</Typography.Text>}
    </Space>
  )
}

/**
 * 长期推进事项 (第二十六条): the plan within 10 个工作日, a progress update at most a month apart, then the day the legal
 * procedure ended and, within 3 个工作日 of it, the final report with the superior guidance department's opinion.
 */
function LongTermActions({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  const lt = t.longTerm
  if (!lt) return null
  const fieldError = (field: string) => ({
    validateStatus: fieldMessage(e, field) ? ('error' as const) : undefined,
    help: fieldMessage(e, field),
  })
  return (
    <Card title="长期推进事项">
      {!lt.planText && (
        <Form<{ plan: string }> layout="vertical" onFinish={(v) => mutation.mutate({ action: 'plan', plan: v.plan })}>
          <Form.Item name="plan" label="解决方案" rules={[{ required: true, message: '请填写解决方案' }]}>
            <Input.TextArea maxLength={4000} rows={2} />
          </Form.Item>
          <Button htmlType="submit" loading={mutation.isPending}>
            提交解决方案
          </Button>
        </Form>
      )}
      {lt.planText && !lt.final && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Form<{ note: string }>
            layout="inline"
            onFinish={(v) => mutation.mutate({ action: 'progress', note: v.note })}
          >
            <Form.Item name="note" label="进展情况" rules={[{ required: true, message: '请填写进展情况' }]}>
              <Input maxLength={2000} style={{ width: 320 }} />
            </Form.Item>
            <Button htmlType="submit" loading={mutation.isPending}>
              通报进展
            </Button>
          </Form>
          <Form<{ procedureEndedOn: string }>
            layout="inline"
            onFinish={(v) => mutation.mutate({ action: 'procedure-ended', procedureEndedOn: v.procedureEndedOn })}
          >
            <Form.Item
              name="procedureEndedOn"
              label="法定程序终结日期"
              rules={[{ required: true, message: '请填写日期' }]}
              {...fieldError('/body/procedureEndedOn')}
            >
              <Input type="date" style={{ width: 180 }} />
            </Form.Item>
            <Button htmlType="submit" loading={mutation.isPending}>
              登记程序终结
            </Button>
          </Form>
        </Space>
      )}
      {lt.final && !lt.final.reportedOn && (
        <Form<{ guidanceDepartment: string; guidance: string; result: string }>
          layout="vertical"
          onFinish={(v) => mutation.mutate({ action: 'final-report', ...v })}
        >
          <Typography.Paragraph type="secondary">
            须于{chineseDate(lt.final.deadline.due)}前（法定程序终结之日起 3
            个工作日内）报上级业务指导部门出具指导意见后，反馈诉求人和热线中心。
          </Typography.Paragraph>
          <Form.Item
            name="guidanceDepartment"
            label="上级业务指导部门"
            rules={[{ required: true, message: '请选择上级业务指导部门' }]}
          >
            <Select
              aria-label="上级业务指导部门"
              options={namedDepartments().map((d) => ({ value: d, label: departmentName(d) }))}
            />
          </Form.Item>
          <Form.Item name="guidance" label="指导意见" rules={[{ required: true, message: '请填写指导意见' }]}>
            <Input.TextArea maxLength={4000} rows={2} />
          </Form.Item>
          <Form.Item name="result" label="最终情况" rules={[{ required: true, message: '请填写最终情况' }]}>
            <Input.TextArea maxLength={4000} rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            报送最终情况
          </Button>
        </Form>
      )}
    </Card>
  )
}

type ReturnValues = { kind: Ticket['returns'][number]['kind']; grounds: string }
type ExtendValues = { days: number; reason: string }
type ReplyMode = NonNullable<Ticket['report']>['mode']
type ReplyValues = {
  mode: ReplyMode
  originalTicketId?: string
  /** the 3 unanswered calls as Shanghai wall-clock times, when the reply method is 三次联系未接通 */
  calls?: string[]
  process: string
  result: string
  replyMethod: NonNullable<Ticket['report']>['reply']['method']
  replySummary?: string
  basis?: string
  mediation?: keyof typeof MEDIATION_NAMES
  measures?: string
  caseFiled?: boolean
  adopted?: boolean
}

/**
 * How the unit handled it (处理方式): as its type requires (第二十二条); 分类处理 under 办法第十一条第二款第二项至第五项
 * (第十六条 (二)); 无法联系 — the requester, whose information the handling needed, not reached in 3 calls or refusing
 * to supplement (第二十九条 (二)); 重复诉求 — no new facts or grounds, the original result and basis told again and this
 * report the written statement to the centre (第二十四条). The last three are not handled again after a dissatisfied
 * rating. The report states (第二十一条, 第二十二条, 第二十四条), as the hotline service checks it: by type when
 * handled; the original ticket and the basis of its result for a repeat; the 3 calls when not reached.
 */
const reportBody = (type: Ticket['type'], v: ReplyValues) => {
  const handled = v.mode === 'handled'
  return {
    action: 'reply' as const,
    ...(handled ? {} : { mode: v.mode }),
    process: v.process,
    result: v.result,
    replyMethod: v.replyMethod,
    ...(v.replySummary ? { replySummary: v.replySummary } : {}),
    ...(v.basis && ((handled && type === 'consultation') || v.mode !== 'handled') ? { basis: v.basis } : {}),
    ...(handled && type === 'complaint' && v.mediation ? { mediation: v.mediation } : {}),
    ...(handled && (type === 'report' || type === 'help') && v.measures ? { measures: v.measures } : {}),
    ...(handled && type === 'report' && v.caseFiled !== undefined ? { caseFiled: v.caseFiled } : {}),
    ...(handled && type === 'suggestion' && v.adopted !== undefined ? { adopted: v.adopted } : {}),
    ...(v.mode === 'repeat' && v.originalTicketId ? { originalTicketId: v.originalTicketId.trim() } : {}),
    ...(v.replyMethod === 'unreachable' && v.calls ? { calls: v.calls.map((c) => instantOf(c) ?? c) } : {}),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function UnitActions({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket
  const { department } = useActor()
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  // The lead unit handles the ticket; a co-handler submits its part to the lead (第十七条第三款).
  if (t.department !== department) return <CoHandlerActions ticket={t} department={department} />
  // What the service lets the unit do in each state (services/hotline/src/domain/ticket.ts).
  const canAccept = t.status === 'dispatched'
  const canReturn = t.status === 'dispatched' || t.status === 'handling'
  const canExtend = t.status === 'dispatched' || t.status === 'handling'
  const canReply = canReturn || t.status === 'rehandling'
  // 表扬 (第二十三条 (一)): read and closed, neither replied to nor extended.
  const canRead = t.type === 'praise' && (t.status === 'dispatched' || t.status === 'handling')
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 24 }} size="large">
      <ProblemAlert error={e} />
      {canAccept && (
        <Card title="签收">
          <Typography.Paragraph>
            属于本单位职责的，签收后办理；不属于的，申请退回并说明理由及依据。
          </Typography.Paragraph>
          <Button type="primary" loading={mutation.isPending} onClick={() => mutation.mutate({ action: 'accept' })}>
            签收办理
          </Button>
        </Card>
      )}
      {canReturn && (
        <Card title="申请退回">
          <Form<ReturnValues>
            layout="vertical"
            onFinish={(v) => mutation.mutate({ action: 'request-return', kind: v.kind, grounds: v.grounds })}
          >
            <Form.Item name="kind" label="争议类型" rules={[{ required: true, message: '请选择争议类型' }]}>
              <Select
                aria-label="争议类型"
                options={Object.entries(DISPUTE_NAMES).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item
              name="grounds"
              label="退回理由及依据"
              rules={[{ required: true, message: '请填写退回理由及依据' }]}
              validateStatus={fieldMessage(e, '/body/grounds') ? 'error' : undefined}
              help={fieldMessage(e, '/body/grounds')}
            >
              <Input.TextArea maxLength={4000} rows={2} />
            </Form.Item>
            <Button htmlType="submit" loading={mutation.isPending}>
              申请退回
            </Button>
          </Form>
        </Card>
      )}
      {canExtend && t.type !== 'praise' && (
        <Card title="申请延期">
          <Typography.Paragraph type="secondary">
            须在办理期限届满前申请并告知诉求人；最多延期 2 次（已延期 {t.extensions.length} 次），每次不超过原办理时限（
            {t.originalLimit} 个工作日）。
          </Typography.Paragraph>
          <Form<ExtendValues>
            layout="inline"
            onFinish={(v) => mutation.mutate({ action: 'extend', days: v.days, reason: v.reason })}
          >
            <Form.Item
              name="days"
              label="延长工作日"
              rules={[{ required: true, message: '请填写天数' }]}
              validateStatus={fieldMessage(e, '/body/days') ? 'error' : undefined}
              help={fieldMessage(e, '/body/days')}
            >
              <InputNumber min={1} max={10} precision={0} />
            </Form.Item>
            <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: '请填写延期理由' }]}>
              <Input maxLength={2000} style={{ width: 320 }} />
            </Form.Item>
            <Button htmlType="submit" loading={mutation.isPending}>
              申请延期
            </Button>
          </Form>
        </Card>
      )}
      {canReply && t.type !== 'praise' && <ReplyForm ticket={t} />}
      {canRead && (
        <Card title="表扬工单">
          <Typography.Paragraph>表扬类工单由承办单位阅处后结束，无需答复和评价。</Typography.Paragraph>
          <Button type="primary" loading={mutation.isPending} onClick={() => mutation.mutate({ action: 'read' })}>
            已阅，结束工单
          </Button>
        </Card>
      )}
      {t.status === 'duty-statement' && t.dutyStatement && <DutyStatement ticket={t} />}
      {t.longTerm && HANDLING_STATUSES.includes(t.status) && <LongTermActions ticket={t} />}
      {t.status !== 'closed' &&
        t.supervisions
          .filter((s) => !s.response)
          .map((s) => <SupervisionResponse key={s.id} ticket={t} supervision={s} />)}
      {(t.rectificationLetters ?? [])
        .filter((l) => l.department === department && !l.reply)
        .map((l) => (
          <RectificationReply key={l.id} ticket={t} letter={l} />
        ))}
      {!canReply &&
        t.status !== 'duty-statement' &&
        (t.status === 'closed' || t.supervisions.every((s) => s.response)) && (
          <Typography.Text type="secondary">当前状态无需承办单位操作。</Typography.Text>
        )}
    </Space>
  )
}

/**
 * 办理情况及答复 (第二十一条): the process, the result and how the requester was told; what else it states depends on
 * the handling's mode (处理方式) and, when handled, on the type (第二十二条).
 */
function ReplyForm({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  const [form] = Form.useForm<ReplyValues>()
  const mode: ReplyMode = Form.useWatch('mode', form) ?? 'handled'
  const replyMethod = Form.useWatch('replyMethod', form)
  const handled = mode === 'handled'
  const fieldError = (field: string) => ({
    validateStatus: fieldMessage(e, field) ? ('error' as const) : undefined,
    help: fieldMessage(e, field),
  })
  return (
    <Card title="办理情况及答复">
      <ProblemAlert error={e} />
      <Form<ReplyValues>
        form={form}
        name="reply"
        layout="vertical"
        initialValues={{ mode: 'handled', replyMethod: 'phone' }}
        onValuesChange={(changed: Partial<ReplyValues>) => {
          // Not reached in 3 calls: the reply could not be made either (第二十一条), unless the requester refused.
          if (changed.mode === 'unreachable') form.setFieldValue('replyMethod', 'unreachable')
        }}
        onFinish={(v) => mutation.mutate(reportBody(t.type, v))}
      >
        <Form.Item name="mode" label="处理方式">
          <Radio.Group
            optionType="button"
            options={(Object.keys(REPORT_MODE_NAMES) as ReplyMode[]).map((m) => ({
              value: m,
              label: REPORT_MODE_NAMES[m],
            }))}
          />
        </Form.Item>
        {mode === 'classified' && (
          <Typography.Paragraph type="secondary">
            属于《广州市政务服务便民热线管理办法》第十一条第二款第二项至第五项规定情形的，按规定处理并结束工单；诉求人评价不满意的，不进入再次办理。
          </Typography.Paragraph>
        )}
        {mode === 'unreachable' && (
          <Typography.Paragraph type="secondary">
            需向诉求人核实、补充信息方可办理，3 次电话联系（每次至少间隔 15
            分钟）均未接听，或诉求人拒绝补充的；诉求人评价不满意的，不进入再次办理。
          </Typography.Paragraph>
        )}
        {mode === 'repeat' && (
          <>
            <Typography.Paragraph type="secondary">
              已依法办理完毕的诉求，同一诉求人再次反映且经研判无新情况、新理由的：告知原工单的办理结果和办理依据及新工单不再进入办理程序；本办理情况即向热线中心出具的书面材料。
            </Typography.Paragraph>
            <Form.Item
              name="originalTicketId"
              label="原工单编号"
              rules={[
                { required: true, whitespace: true, message: '请填写原工单编号' },
                { pattern: UUID, message: '请填写完整的原工单编号' },
              ]}
              {...fieldError('/body/originalTicketId')}
            >
              <Input maxLength={36} style={{ width: 380 }} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="process"
          label={mode === 'repeat' ? '研判情况' : '办理过程'}
          rules={[{ required: true, message: mode === 'repeat' ? '请填写研判情况' : '请填写办理过程' }]}
        >
          <Input.TextArea maxLength={4000} rows={2} />
        </Form.Item>
        <Form.Item
          name="result"
          label={mode === 'repeat' ? '原工单办理结果' : '办理结果'}
          rules={[{ required: true, message: mode === 'repeat' ? '请填写原工单办理结果' : '请填写办理结果' }]}
        >
          <Input.TextArea maxLength={4000} rows={2} />
        </Form.Item>
        {((handled && t.type === 'consultation') || mode === 'repeat' || mode === 'classified') && (
          <Form.Item
            name="basis"
            label={mode === 'repeat' ? '原工单办理依据' : mode === 'classified' ? '处理依据' : '答复依据'}
            rules={[{ required: mode !== 'classified', message: '请填写依据' }]}
            {...fieldError('/body/basis')}
          >
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
        )}
        {handled && t.type === 'complaint' && (
          <Form.Item name="mediation" label="消费调解情况" rules={[{ required: true, message: '请选择调解情况' }]}>
            <Select
              aria-label="消费调解情况"
              options={Object.entries(MEDIATION_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        )}
        {handled && (t.type === 'report' || t.type === 'help') && (
          <Form.Item name="measures" label="采取的措施" rules={[{ required: true, message: '请填写采取的措施' }]}>
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
        )}
        {handled && t.type === 'report' && (
          <Form.Item name="caseFiled" label="是否立案" rules={[{ required: true, message: '请选择是否立案' }]}>
            <Radio.Group
              options={[
                { value: true, label: '已立案' },
                { value: false, label: '未立案' },
              ]}
            />
          </Form.Item>
        )}
        {handled && t.type === 'suggestion' && (
          <Form.Item name="adopted" label="是否采纳" rules={[{ required: true, message: '请选择是否采纳' }]}>
            <Radio.Group
              options={[
                { value: true, label: '采纳' },
                { value: false, label: '不采纳' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="replyMethod" label="答复方式">
          <Select
            aria-label="答复方式"
            options={Object.entries(REPLY_METHOD_NAMES).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        {replyMethod === 'unreachable' && (
          <Space wrap align="start">
            {[0, 1, 2].map((i) => (
              <Form.Item
                key={i}
                name={['calls', i]}
                label={`第${i + 1}次联系时间`}
                extra={i === 0 ? '北京时间，如 2026-03-05 09:00；每次至少间隔 15 分钟' : undefined}
                rules={[{ required: true, message: `请填写第${i + 1}次联系时间` }, realTime]}
                // The call that breaks a rule of 第二十一条 is named by its own pointer; the form asks for all three,
                // so calls missing altogether (`/body/calls`) are said only in the alert above.
                {...fieldError(`/body/calls/${i}`)}
              >
                <Input placeholder="2026-03-05 09:00" maxLength={16} style={{ width: 200 }} />
              </Form.Item>
            ))}
          </Space>
        )}
        <Form.Item name="replySummary" label="答复内容摘要" {...fieldError('/body/replySummary')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          提交办理情况
        </Button>
      </Form>
    </Card>
  )
}

/**
 * 履职尽责意见 (第三十条第三款, 004:1664): after the second dissatisfied rating and its return visit, the unit may state
 * within 5 个工作日 that it handled the ticket as the law requires; filed, or the days passed, the hotline closes it.
 */
function DutyStatement({ ticket: t }: { ticket: Ticket }) {
  const mutation = useAct(t.ticketId)
  const e = mutation.error
  const due = t.dutyStatement?.deadline.due
  return (
    <Card title="履职尽责意见">
      <ProblemAlert error={e} />
      <Typography.Paragraph>
        诉求人第二次评价不满意，热线已回访。对已依法依规办理的工单，可于{chineseDate(due)}
        前（5 个工作日内）提交履职尽责意见；提交或逾期未提交，由热线结束工单。
      </Typography.Paragraph>
      <Form<{ text: string }>
        name="duty-statement"
        layout="vertical"
        onFinish={(v) => mutation.mutate({ action: 'duty-statement', text: v.text })}
      >
        <Form.Item
          name="text"
          label="履职尽责意见"
          rules={[{ required: true, whitespace: true, message: '请填写履职尽责意见' }]}
          validateStatus={fieldMessage(e, '/body/text') ? 'error' : undefined}
          help={fieldMessage(e, '/body/text')}
        >
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          提交履职尽责意见
        </Button>
      </Form>
    </Card>
  )
}
