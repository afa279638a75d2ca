import { useQuery } from '@tanstack/react-query'
import { Descriptions, Space, Table, Timeline, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime, workingDays } from '../../format'
import { Loading } from '../../layout'
import { shanghai } from '../../wall-clock'
import { NotFound } from '../not-found'
import {
  CLOSURE_NAMES,
  DISPUTE_NAMES,
  eventName,
  HARD_KIND_NAMES,
  MEDIATION_NAMES,
  RECTIFICATION_GROUNDS,
  REFERRAL_NAMES,
  REPLY_METHOD_NAMES,
  REPORT_MODE_NAMES,
  regionName,
  SATISFACTION_NAMES,
  STATUS,
  SUPERVISION_NAMES,
  type Ticket,
  type TicketDetail,
  TYPE_NAMES,
} from './names'
import { RequesterView } from './requester-view'

/** Who took the ticket in, by its channel: the centre's agent on the phone, the requester online, a window clerk. */
const CHANNEL_WORDS: Record<Ticket['channel'], string> = {
  phone: '电话（座席登记）',
  online: '网上（诉求人提交）',
  window: '办不成事窗口（窗口代为登记）',
}

/** One ticket from the read model, with its clock and history (`GET /api/v1/hotline/tickets/{id}`). */
export function useTicket(id: string) {
  return useQuery({
    queryKey: keys.ticket(id),
    queryFn: () => must(api.GET('/api/v1/hotline/tickets/{id}', { params: { path: { id } } })),
  })
}

export function StatusOf({ ticket }: { ticket: Pick<Ticket, 'status'> }) {
  const s = STATUS[ticket.status]
  return <StatusTag tone={s.tone}>{s.name}</StatusTag>
}

/** The due day a list shows, red with 已超期 once past. */
export function DueOf({ dueOn, overdue }: { dueOn?: string | undefined; overdue: boolean }) {
  if (!dueOn) return <>—</>
  return overdue ? (
    <Space size={4}>
      {chineseDate(dueOn)}
      <StatusTag tone="red">已超期</StatusTag>
    </Space>
  ) : (
    chineseDate(dueOn)
  )
}

const deadline = (d: { due: string; doneOn?: string | undefined } | undefined, what: string) =>
  d ? `${what}${chineseDate(d.due)}前${d.doneOn ? `（${chineseDate(d.doneOn)}已完成）` : ''}` : '—'

/** What the report states besides its process and result (第二十二条, 第二十四条), each only when stated. */
function reportDetails(r: NonNullable<Ticket['report']>) {
  const basis = r.mode === 'repeat' ? '原工单办理依据' : r.mode === 'classified' ? '处理依据' : '答复依据'
  return [
    ...(r.basis ? [{ key: 'basis', label: basis, children: r.basis }] : []),
    ...(r.mediation ? [{ key: 'mediation', label: '消费调解情况', children: MEDIATION_NAMES[r.mediation] }] : []),
    ...(r.measures ? [{ key: 'measures', label: '采取的措施', children: r.measures }] : []),
    ...(r.caseFiled === undefined
      ? []
      : [{ key: 'case', label: '是否立案', children: r.caseFiled ? '已立案' : '未立案' }]),
    ...(r.adopted === undefined
      ? []
      : [{ key: 'adopted', label: '是否采纳', children: r.adopted ? '采纳' : '不采纳' }]),
  ]
}

/** 履职尽责意见 (第三十条第三款) as every party reads it: owed by a day, filed with its text, or not filed in time. */
function dutyStatementLine(t: Ticket): string {
  const d = t.dutyStatement
  if (!d) return '—'
  if (d.text) return `${chineseDate(d.deadline.doneOn ?? d.deadline.due)}提交：${d.text}`
  if (t.status === 'closed') return `未在${chineseDate(d.deadline.due)}前提交，热线已结束工单`
  return `待承办单位于${chineseDate(d.deadline.due)}前提交`
}

/** 长期推进事项 (第二十六条): the plan's limit, the monthly updates, the end of the procedure and the final report. */
function LongTermView({ longTerm: lt }: { longTerm: NonNullable<TicketDetail['ticket']['longTerm']> }) {
  const f = lt.final
  return (
    <Descriptions
      style={{ marginTop: 24 }}
      title="长期推进事项"
      bordered
      size="small"
      column={1}
      items={[
        {
          key: 'plan',
          label: '解决方案',
          children: `${deadline(lt.plan, '')}${lt.planText ? `：${lt.planText}` : ''}`,
        },
        {
          key: 'updates',
          label: '进展通报',
          children: `已通报 ${lt.updates} 次${lt.nextUpdateDue ? `，下次不晚于${chineseDate(lt.nextUpdateDue)}` : ''}${
            lt.updateOverdueOn ? '（已逾期）' : ''
          }`,
        },
        ...(f
          ? [
              {
                key: 'ended',
                label: '法定程序终结',
                children: `${chineseDate(f.procedureEndedOn)}；最终情况${deadline(f.deadline, '')}`,
              },
              ...(f.reportedOn
                ? [
                    {
                      key: 'final',
                      label: '最终情况',
                      children: `${f.result ?? ''}（${f.guidanceDepartment ? departmentName(f.guidanceDepartment) : '上级业务指导部门'}指导意见：${f.guidance ?? ''}）${f.late ? '逾期报送' : '按期报送'}`,
                    },
                  ]
                : []),
            ]
          : []),
      ]}
    />
  )
}

/**
 * A ticket page: what was asked, who handles it, its clocks (dispatch 1 个工作日, the unit's check 2 个工作日, the
 * handling limit with its extensions and restarts), its returns, report and ratings, and its history — with the
 * actions of the signed-in role below (`children`).
 */
export function TicketPage({ id, children }: { id: string; children?: (d: TicketDetail) => ReactNode }) {
  const { data, error, isPending } = useTicket(id)
  if (isPending) return <Loading />
  if (!data) return error ? <ProblemAlert error={error} /> : <NotFound what="工单" />
  const t = data.ticket
  return (
    <>
      <Typography.Title level={1}>
        12345 工单 · {TYPE_NAMES[t.type]} · {t.title}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'status', label: '状态', children: <StatusOf ticket={t} /> },
          { key: 'type', label: '类型', children: TYPE_NAMES[t.type] },
          { key: 'content', label: '诉求内容', span: 2, children: t.content },
          {
            key: 'channel',
            label: '来源',
            // A caller or applicant that spoke for an enterprise: which one is 诉求人信息, below, for its readers only.
            children: t.marketEntity ? (
              <span data-testid="ticket-market-entity">
                {CHANNEL_WORDS[t.channel]}（代表企业反映，按市场主体诉求办理）
              </span>
            ) : (
              CHANNEL_WORDS[t.channel]
            ),
          },
          { key: 'registered', label: '登记时间', children: chineseDateTime(t.registeredAt) },
          {
            key: 'region',
            label: '所涉地区',
            // Its rule sets the handling limit shown below (广西 a market entity's 求助: 3 个工作日, 002:340).
            children: t.region ? <span data-testid="ticket-region">{regionName(t.region)}</span> : '未填写',
          },
          {
            key: 'department',
            label: '承办单位',
            children: t.department
              ? `${departmentName(t.department)}${t.coHandlers.length > 0 ? `（协办：${t.coHandlers.map(departmentName).join('、')}）` : ''}`
              : '尚未派单',
          },
          {
            key: 'project',
            label: '关联项目',
            children: t.projectId ? <Link to={`/projects/${t.projectId}`}>查看项目进度</Link> : '—',
          },
          { key: 'dispatch', label: '派单时限', children: deadline(t.dispatch, '') },
          { key: 'check', label: '签收时限', children: deadline(t.check, '') },
          {
            key: 'handling',
            label: '办理时限',
            children: t.handling ? (
              <span data-testid="handling-due">
                {chineseDate(t.handling.due)}前（{workingDays(t.handling.spec.limit.value)}，自
                {chineseDate(t.handling.spec.start)}次一工作日起算）
                {data.overdue && t.status !== 'closed' ? (
                  <StatusTag tone="red" style={{ marginLeft: 8 }}>
                    已超期
                  </StatusTag>
                ) : null}
              </span>
            ) : (
              '—'
            ),
          },
          { key: 'extensions', label: '延期', children: `${t.extensions.length} / 2 次` },
          ...(t.closure ? [{ key: 'closure', label: '办结方式', children: CLOSURE_NAMES[t.closure] }] : []),
          ...(t.withdrawnOn
            ? [
                {
                  key: 'withdrawn',
                  label: '撤回',
                  // 第二十三条 (二): a withdrawn 举报 may still be verified and handled by the unit.
                  children:
                    t.status === 'closed'
                      ? `诉求人已于${chineseDate(t.withdrawnOn)}撤回诉求，工单已结束（不进行满意度评价）`
                      : `诉求人已于${chineseDate(t.withdrawnOn)}撤回举报，承办单位继续核实办理`,
                },
              ]
            : []),
          ...(t.hard
            ? [
                {
                  key: 'hard',
                  label: '疑难工单',
                  children: `${HARD_KIND_NAMES[t.hard.kind]}，${deadline(t.hard.opinion, '协调意见时限 ')}${
                    t.hard.opinionText ? `；协调意见：${t.hard.opinionText}` : ''
                  }`,
                },
              ]
            : []),
          ...(t.dutyStatement
            ? [
                {
                  key: 'duty',
                  label: '履职尽责意见',
                  children: dutyStatementLine(t),
                },
              ]
            : []),
        ]}
      />
      <RequesterView id={t.ticketId} />
      {t.longTerm && <LongTermView longTerm={t.longTerm} />}
      {t.extensions.length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            延期
          </Typography.Title>
          <Table
            aria-label="延期记录"
            rowKey={(x) => `${x.requestedOn}-${x.dueAfter}`}
            size="small"
            pagination={false}
            dataSource={t.extensions}
            columns={[
              { title: '申请日', key: 'on', render: (_, x) => chineseDate(x.requestedOn) },
              { title: '延长', key: 'days', render: (_, x) => workingDays(x.days) },
              { title: '原办理期限', key: 'before', render: (_, x) => chineseDate(x.dueBefore) },
              { title: '延期后', key: 'after', render: (_, x) => chineseDate(x.dueAfter) },
              { title: '理由', key: 'reason', dataIndex: 'reason' },
            ]}
          />
        </>
      )}
      {t.restarts.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 16 }}>
          重新计时：
          {t.restarts
            .map(
              (r) => `${chineseDate(r.on)}收到新情况，期限由${chineseDate(r.dueBefore)}改为${chineseDate(r.dueAfter)}`,
            )
            .join('；')}
        </Typography.Paragraph>
      )}
      {t.returns.length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            退回申请
          </Typography.Title>
          <Table
            aria-label="退回申请"
            rowKey={(r) => `${r.department}-${r.requestedOn}`}
            size="small"
            pagination={false}
            dataSource={t.returns}
            columns={[
              { title: '申请单位', key: 'dept', render: (_, r) => departmentName(r.department) },
              { title: '争议类型', key: 'kind', render: (_, r) => DISPUTE_NAMES[r.kind] },
              { title: '理由及依据', key: 'grounds', dataIndex: 'grounds' },
              { title: '申请日', key: 'on', render: (_, r) => chineseDate(r.requestedOn) },
              {
                title: '审核结果',
                key: 'decision',
                render: (_, r) =>
                  r.decision === 'approved'
                    ? '同意退回（重新派单）'
                    : r.decision === 'rejected'
                      ? '不同意退回'
                      : '待审核',
              },
            ]}
          />
        </>
      )}
      {(t.contributions ?? []).length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            协办意见
          </Typography.Title>
          <Table
            aria-label="协办意见"
            rowKey={(c) => `${c.department}-${c.round}`}
            size="small"
            pagination={false}
            dataSource={t.contributions ?? []}
            columns={[
              { title: '协办单位', key: 'dept', render: (_, c) => departmentName(c.department) },
              { title: '协办意见及办理情况', key: 'opinion', dataIndex: 'opinion' },
              { title: '轮次', key: 'round', render: (_, c) => (c.round === 2 ? '再次办理' : '首次办理') },
              {
                title: '提交日',
                key: 'on',
                render: (_, c) => `${chineseDate(c.submittedOn)}${c.late ? '（逾期）' : ''}`,
              },
            ]}
          />
        </>
      )}
      {t.report && (
        <Descriptions
          style={{ marginTop: 24 }}
          title="办理情况"
          bordered
          size="small"
          column={1}
          items={[
            { key: 'mode', label: '处理方式', children: REPORT_MODE_NAMES[t.report.mode] },
            ...(t.report.originalTicketId
              ? [
                  {
                    key: 'original',
                    label: '原工单',
                    children: <span data-testid="original-ticket">{t.report.originalTicketId}</span>,
                  },
                ]
              : []),
            {
              key: 'process',
              label: t.report.mode === 'repeat' ? '研判情况' : '办理过程',
              children: t.report.process,
            },
            {
              key: 'result',
              label: t.report.mode === 'repeat' ? '原工单办理结果' : '办理结果',
              children: t.report.result,
            },
            ...reportDetails(t.report),
            {
              key: 'reply',
              label: '答复',
              children: `${REPLY_METHOD_NAMES[t.report.reply.method]}${t.report.reply.on ? `，${chineseDate(t.report.reply.on)}` : ''}${t.report.reply.summary ? `：${t.report.reply.summary}` : ''}`,
            },
            ...(t.report.calls
              ? [{ key: 'calls', label: '联系记录', children: t.report.calls.map(shanghai).join('；') }]
              : []),
            { key: 'late', label: '是否逾期', children: t.report.late ? '逾期办理' : '按期办理' },
            ...(t.report.contributions
              ? [
                  {
                    key: 'cited',
                    label: '引用协办意见',
                    children:
                      [
                        ...t.report.contributions.map((c) => `${departmentName(c.department)}：已提交`),
                        ...(t.report.missingContributions ?? []).map((d) => `${departmentName(d)}：未提交`),
                      ].join('；') || '无',
                  },
                ]
              : []),
          ]}
        />
      )}
      {t.ratings.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 16 }}>
          满意度：
          {t.ratings
            .map(
              (r) =>
                `第${r.round}次${r.value ? SATISFACTION_NAMES[r.value] : r.lapsed ? '未评价' : `待评价（${chineseDate(r.windowEnds)}前）`}${r.resolved === undefined ? '' : r.resolved ? '，已解决' : '，未解决'}`,
            )
            .join('；')}
        </Typography.Paragraph>
      )}
      {t.returnVisits.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 16 }}>
          回访：
          {t.returnVisits
            .map(
              (v) =>
                `第${v.round}次，${chineseDate(v.on)}：${v.note}${v.forceMajeure ? '（因自然灾害等不可抗力未能解决）' : ''}`,
            )
            .join('；')}
        </Typography.Paragraph>
      )}
      {t.supervisions.length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            督办
          </Typography.Title>
          <Table
            aria-label="督办"
            rowKey={(s) => s.id}
            size="small"
            pagination={false}
            dataSource={t.supervisions}
            columns={[
              { title: '督办日', key: 'on', render: (_, s) => chineseDate(s.openedOn) },
              { title: '督办类型', key: 'kind', render: (_, s) => SUPERVISION_NAMES[s.kind] },
              { title: '督办意见', key: 'note', dataIndex: 'note' },
              { title: '回复时限', key: 'due', render: (_, s) => (s.deadline ? deadline(s.deadline, '') : '不设时限') },
              { title: '承办单位回复', key: 'response', render: (_, s) => s.response ?? '待回复' },
            ]}
          />
        </>
      )}
      {(t.rectificationLetters ?? []).length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            整改函
          </Typography.Title>
          <Table
            aria-label="整改函"
            rowKey={(l) => l.id}
            size="small"
            pagination={false}
            dataSource={t.rectificationLetters ?? []}
            columns={[
              { title: '发函日', key: 'on', render: (_, l) => chineseDate(l.issuedOn) },
              { title: '承办单位', key: 'dept', render: (_, l) => departmentName(l.department) },
              { title: '情形', key: 'ground', render: (_, l) => RECTIFICATION_GROUNDS[l.ground] },
              { title: '整改事由', key: 'reason', dataIndex: 'reason' },
              {
                title: '整改情况',
                key: 'reply',
                render: (_, l) =>
                  l.reply ? `${l.reply.rectification}（${chineseDate(l.reply.repliedOn)}回复）` : '待回复',
              },
            ]}
          />
        </>
      )}
      {t.callBack && (
        <Typography.Paragraph aria-label="人工回访">
          优化营商环境专线人工回访（{t.callBack.reason === 'dissatisfied' ? '评价不满意' : '问题未解决'}）：
          {t.callBack.visitedOn ? `已于${chineseDate(t.callBack.visitedOn)}回访` : '待回访'}
        </Typography.Paragraph>
      )}
      {(t.referrals ?? []).length > 0 && (
        <>
          <Typography.Title level={2} style={{ marginTop: 24 }}>
            线索移交
          </Typography.Title>
          <Table
            aria-label="线索移交"
            rowKey={(r) => r.id}
            size="small"
            pagination={false}
            dataSource={t.referrals ?? []}
            columns={[
              { title: '移交日', key: 'on', render: (_, r) => chineseDate(r.referredOn) },
              { title: '移交至', key: 'to', render: (_, r) => REFERRAL_NAMES[r.to] },
              { title: '情况说明', key: 'note', dataIndex: 'note' },
            ]}
          />
        </>
      )}
      {children?.(data)}
      <Typography.Title level={2} style={{ marginTop: 24 }}>
        办理记录
      </Typography.Title>
      <Timeline
        aria-label="办理记录"
        items={data.history.map((h) => ({
          key: h.eventId,
          children: (
            <>
              {chineseDateTime(h.occurredAt)} · {eventName(h.type)}
              {h.department ? ` · ${departmentName(h.department)}` : ''} · {STATUS[h.status].name}
            </>
          ),
        }))}
      />
    </>
  )
}
