import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Descriptions, Space, Typography } from 'antd'
import { lazy, Suspense, useMemo } from 'react'
import { Link, useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { later } from '../../components/later'
import { LevelTag } from '../../components/level-tag'
import { ProblemAlert } from '../../components/problem'
import { departmentNamer } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import { Loading } from '../../layout'
import { materialName, materialNames } from '../../materials'
import { useActor } from '../../session'
import { NotFound } from '../not-found'
import { boxedItem, boxedList } from './boxed-list'
import { CertificateScope } from './certificate-scope'
import { hasSharedResults, ownerStatusLine, type Status, stepStateText, stepsOf } from './flow-model'
import { type Forecast, forecastNote, forecastText } from './forecast-text'

// The chart library is fetched only when this page opens, after the status is on screen (bench:console measures it).
const FlowChart = lazy(() => import('./flow-chart'))
// So are the cards that read routes of their own and bring antd's tables and forms: the page shows the status within
// issue 14's 300 KB of gzipped script, and these follow.
const RatingsCard = later(() => import('./ratings').then((m) => m.RatingsCard))
const SharedResults = later(() => import('./shared-results').then((m) => m.SharedResults))
const AssistedService = later(() => import('./assisted-service').then((m) => m.AssistedService))
const ChecklistCard = later(() => import('./checklist').then((m) => m.ChecklistCard))
const SharedStatus = later(() => import('./shared-status').then((m) => m.SharedStatus))
// A certificate (its QR code's library with it) comes at the flow's end, and the registrar's list shows it too.
// 审批事项告知: shown only for a project its declared facts spared an approval of.
const ApprovalsNotice = later(() => import('../../components/approvals-notice').then((m) => m.ApprovalsNotice))
const CertificateCard = later(() => import('./certificate-card').then((m) => m.CertificateCard))
const DeliveriesCard = later(() => import('./deliveries').then((m) => m.DeliveriesCard)) // 结果送达
// 网上预约 (004:1044): the owner books the window for the step it can apply for next.
const BookingCard = later(() => import('./booking').then((m) => m.BookingCard))
// 联合验收 and 水电气网报装 (each hookup's 外线审批, the joint survey) come late in the flow: fetched only for a project
// that has an acceptance case or a hookup, they keep the first load within the budget for every other.
const AcceptanceCard = later(() => import('./acceptance').then((m) => m.AcceptanceCard))
const UtilityHookupsCard = later(() => import('./utility-hookups').then((m) => m.UtilityHookupsCard))
// 核查结论: a breach of the owner's 告知承诺 or 容缺 promise, with what it must do by when — rare, so fetched only then.
const FindingsCard = later(() => import('./findings').then((m) => m.FindingsCard))
// A refused task's reason and the right to appeal (不予许可), under its department's line.
const RefusalLines = later(() => import('./refusal-lines').then((m) => m.RefusalLines))
// 办理记录 follows the status: antd's Timeline (built on its Steps) and the timeline's words are a tenth of the budget.
const TimelineCard = later(() => import('./timeline-card').then((m) => m.TimelineCard))

const section = { marginBottom: 16 } as const

// Who may read the routes the page's cards ask beside the status (e2e/test/authorisation.e2e.test.ts): a reviewer
// reads the status alone, its own department's part, so the page does not ask what would answer 403.
const READS_PROJECT_RESULTS: ReadonlySet<string> = new Set(['owner', 'clerk', 'supervisor', 'admin'])
const READS_CERTIFICATES: ReadonlySet<string> = new Set(['owner', 'clerk', 'supervisor'])

/**
 * A project's progress (项目进度): the flow, every department's 办理状态 and clock, 补正, 核查结论, 告知承诺, 证照, the
 * timeline.
 */
export default function Progress() {
  const { projectId = '' } = useParams()
  const actor = useActor()
  // No polling: the live stream (live.ts) invalidates keys.status when an event of this project is applied.
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
  })
  const steps = useMemo(() => (status.data ? stepsOf(status.data) : []), [status.data])
  if (status.error instanceof ApiProblem && (status.error.status === 404 || status.error.status === 400)) {
    return <NotFound what="项目" />
  }
  if (status.error) return <ProblemAlert error={status.error} />
  if (!status.data) return <Loading />
  const s = status.data
  const current = s.flow.find((f) => f.step === s.currentStep)
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, overflowWrap: 'anywhere' }}>
        {s.project.name}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={section}>
        <Descriptions.Item label="项目代码">{s.project.projectCode}</Descriptions.Item>
        <Descriptions.Item label="建设单位">{s.project.owner.name}</Descriptions.Item>
        <Descriptions.Item label="当前步骤">{current ? current.name : '全部完成'}</Descriptions.Item>
        {s.wholeFlow?.allowed && (
          <Descriptions.Item label="全流程时限">
            已用 {s.wholeFlow.used} / {s.wholeFlow.allowed.value} 个
            {s.wholeFlow.allowed.unit === 'N' ? '自然日' : '工作日'}
            {s.wholeFlow.withinCap ? '' : '（已超出）'}
          </Descriptions.Item>
        )}
        {s.forecast?.wholeFlow && (
          <Descriptions.Item label="全流程预计">
            <span data-forecast="whole-flow">{forecastText(s.forecast.wholeFlow)}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label="数据更新于">{chineseDateTime(s.asOf.instant)}</Descriptions.Item>
      </Descriptions>

      <Notices status={s} projectId={projectId} />
      <ApprovalsNotice flow={s.flow} />

      <Card title={<h2 style={h2}>办理流程</h2>} size="small" style={section}>
        <Suspense fallback={<Loading />}>
          <FlowChart steps={steps} />
        </Suspense>
        <DepartmentsList steps={steps} forecast={s.forecast ?? null} projectId={projectId} />
      </Card>

      {/* 网上预约: the step the owner can apply for next, not yet applied for. */}
      {actor.role === 'owner' && current?.state === 'not-started' && (
        <BookingCard projectId={projectId} step={current.step} stepName={current.name} today={s.asOf.today} />
      )}
      {/* Fetched after the status, for every project: it shows nothing when no promise was found broken. */}
      <FindingsCard status={s} owner={actor.role === 'owner'} />
      <Commitments status={s} />
      {s.acceptance.length > 0 && <AcceptanceCard status={s} />}
      {s.utilities.length > 0 && <UtilityHookupsCard status={s} />}

      {/* 好差评: the owner rates each department's decided handling here (issue 17 part 6). */}
      {actor.role === 'owner' && <RatingsCard status={s} projectId={projectId} />}
      {/* 区域评估, 用地清单, 帮办代办, 中介服务 as the status answers them (the cards below read their own routes). */}
      {hasSharedResults(s) && <SharedStatus status={s} />}
      {READS_PROJECT_RESULTS.has(actor.role) && <SharedResults projectId={projectId} owner={actor.role === 'owner'} />}
      {/* 帮办代办 and 中介服务 (docs/assisted-service.md): only the owner chooses an intermediary. */}
      {actor.role !== 'reviewer' && (
        <AssistedService
          projectId={projectId}
          owner={actor.role === 'owner'}
          window={actor.role === 'clerk'}
          area={s.shared.area ?? undefined}
          stages={[...new Set(s.flow.map((f) => f.stage))]}
        />
      )}
      {/* The current step's checklist, the assessments the area covers apart (the area and plot are in 共享成果): for a project on assessed or listed land, as before. */}
      {(s.shared.area || s.shared.plot) && READS_PROJECT_RESULTS.has(actor.role) && (
        <ChecklistCard projectId={projectId} step={s.currentStep ?? undefined} />
      )}

      {s.certificates.length > 0 && (
        <Card title={<h2 style={h2}>证照</h2>} size="small" style={section}>
          <Space wrap align="start">
            {s.certificates.map((c) =>
              READS_CERTIFICATES.has(actor.role) ? (
                <CertificateCard key={c.certificateId} certificateId={c.certificateId} />
              ) : (
                <Card key={c.certificateId} size="small" title={c.title} data-certificate={c.certificateId}>
                  <div>证照编号：{c.number}</div>
                  <CertificateScope kind={c.kind} part={c.part} phase={c.phase} />
                  {c.issuer && <div>发证机关：{c.issuer}</div>}
                </Card>
              ),
            )}
          </Space>
        </Card>
      )}

      {READS_CERTIFICATES.has(actor.role) && <DeliveriesCard projectId={projectId} />}
      <TimelineCard status={s} style={section} />
    </>
  )
}

const h2 = { fontSize: 16, margin: 0 } as const

/** Every department's task, step by step: the facts of the picture, readable by a screen reader and on a phone. */

function DepartmentsList({
  steps,
  forecast,
  projectId,
}: {
  steps: ReturnType<typeof stepsOf>
  forecast: Forecast | null
  projectId: string
}) {
  return (
    <>
      {steps.map((s) => (
        <section key={s.step} aria-label={s.name} style={{ marginTop: 12 }}>
          <h3 style={{ fontSize: 15, margin: '0 0 4px' }}>
            {s.name}（{stepStateText(s)}）
          </h3>
          <StepForecastLine step={forecast?.steps.find((f) => f.step === s.step)} />
          {s.followOns?.map((f) => (
            <div key={f.text}>
              <p data-follow-on style={{ margin: '0 0 4px' }}>
                后续事项：{f.text}
              </p>
              {/* A withheld one: what the application stated of each condition, and the platform's 说明 of the route. */}
              {f.stated && (
                <p data-follow-on-stated style={{ margin: '0 0 4px', paddingInlineStart: 16 }}>
                  {f.stated}
                </p>
              )}
              {f.explained && (
                <p data-follow-on-explained style={{ margin: '0 0 4px', paddingInlineStart: 16 }}>
                  {f.explained}
                </p>
              )}
            </div>
          ))}
          {s.departments.length > 0 && (
            <ul style={boxedList}>
              {s.departments.map((d) => (
                <li key={d.taskId} aria-label={d.department} style={boxedItem}>
                  <strong>{d.department}</strong>
                  {d.part ? ` · 单位工程 ${d.part}` : ''} · {d.item}
                  {d.followOnOf ? `（${d.followOnOf}的后续事项，无需申请）` : ''}
                  <div>
                    办理状态：{ownerStatusLine(d)}
                    {d.due ? ` · 到期日 ${chineseDate(d.due)}` : ''}
                    {d.level && !d.decided && <LevelTag level={d.level} style={{ marginInlineStart: 8 }} />}
                  </div>
                  {d.refusal && (
                    <RefusalLines refusal={d.refusal} href={`/projects/${projectId}/refusals/${d.taskId}`} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}

/** A remaining step's forecast line, under its name. */
function StepForecastLine({ step }: { step: Forecast['steps'][number] | undefined }) {
  if (!step) return null
  return (
    <p data-forecast={step.step} style={{ margin: '0 0 4px' }}>
      {forecastText(step)}
      <Typography.Text type="secondary">{forecastNote(step)}</Typography.Text>
    </p>
  )
}

/** Open 补正 notices, each with the way to answer it (the answer page is its own screen), and 容缺 materials owed. */
function Notices({ status, projectId }: { status: Status; projectId: string }) {
  const nameOf = departmentNamer(status)
  const open = status.applications.flatMap((a) =>
    a.notices.filter((n) => n.status === 'open').map((n) => ({ application: a, notice: n })),
  )
  const owed = status.applications.flatMap((a) => a.deficiencies.filter((d) => !d.cured).map((d) => ({ a, d })))
  if (open.length === 0 && owed.length === 0) return null
  return (
    <div style={section}>
      {open.map(({ application, notice }) => (
        <Alert
          key={notice.noticeId}
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`补正通知（${application.stepName ?? application.step ?? ''}）`}
          description={
            <>
              <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                {notice.requests.map((r) => (
                  <li key={r.taskId}>
                    {nameOf(r.department)}：{r.reason}（需补正材料：{materialNames(r.materials)}；
                    {chineseDate(r.requestedOn)}提出）
                  </li>
                ))}
              </ul>
              <Link to={`/projects/${projectId}/supplements/${notice.noticeId}`}>答复补正通知</Link>
            </>
          }
        />
      ))}
      {owed.map(({ a, d }) => (
        <Alert
          key={`${a.applicationId}/${d.material}`}
          type={d.overdue ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 8 }}
          title={`容缺材料待补：${d.name ?? materialName(d.material)}`}
          description={`承诺于${chineseDate(d.promisedOn)}前补齐${d.overdue ? '，已逾期' : ''}。`}
        />
      ))}
    </div>
  )
}

const VERIFICATION = (v: { result: 'kept' | 'breached' } | undefined, overdue: boolean) =>
  v ? (v.result === 'kept' ? '已核查：守诺' : '已核查：违诺') : overdue ? '逾期未核查' : '待核查'

/** 告知承诺: each item approved or passed on the owner's commitment, and the day it is to be verified by. */
function Commitments({ status }: { status: Status }) {
  const nameOf = departmentNamer(status)
  const rows = [
    ...status.tasks.flatMap((t) =>
      t.commitment
        ? [
            {
              key: t.taskId,
              item: t.itemName ?? t.item,
              department: nameOf(t.department),
              verifyBy: t.commitment.verifyBy,
              state: VERIFICATION(t.commitment.verification, t.commitment.verificationOverdueOn !== undefined),
            },
          ]
        : [],
    ),
    ...status.acceptance.flatMap((c) =>
      c.items.flatMap((i) =>
        i.verifyBy
          ? [
              {
                key: `${c.caseId}/${i.item}`,
                item: i.itemName ?? i.item,
                department: nameOf(i.department),
                verifyBy: i.verifyBy,
                state: VERIFICATION(i.verification, i.verificationOverdueOn !== undefined),
              },
            ]
          : [],
      ),
    ),
  ]
  if (rows.length === 0) return null
  return (
    <Card title={<h2 style={h2}>告知承诺</h2>} size="small" style={section}>
      <ul style={{ ...boxedList, border: 'none' }}>
        {rows.map((r) => (
          <li key={r.key} style={boxedItem}>
            <strong>{r.item}</strong> · 核查部门 {r.department} · 核查期限 {chineseDate(r.verifyBy)} · {r.state}
          </li>
        ))}
      </ul>
    </Card>
  )
}
