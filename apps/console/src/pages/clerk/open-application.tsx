import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { APPLICATION_CONTACT_MAXIMA, DELIVERY_BOUNDS, UTILITY_PROVIDERS } from '../../bounds'
import { ApprovalsNotice } from '../../components/approvals-notice'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseExplanation } from '../../explanation'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'
import { ASSESSMENT_NAMES } from '../shared-results/names'
import { type Catalogue, type ChecklistMaterial, pinnedCatalogueWarning, useCatalogue } from './catalogue'
import { type DeliveryChoice, DeliveryChoiceCard, type DeliveryValues, deliveryOf } from './delivery-choice'
import {
  type HookupNeed,
  type HookupProvider,
  type HookupValues,
  hookupFieldOf,
  hookupName,
  hookupsOf,
  lineInputs,
} from './hookups'
import { LandLink } from './land-link'
import { Notice } from './notice'
import { type NoticeLine, noticeLines, type Sent } from './notice-lines'
import { keptReceived, useOffice } from './paper'
import { type ReceivedLine, receivedLines } from './paper-lines'
import type { ReceiptState } from './receipt'
import { receiptsKey } from './reception'
import { StatedFactsCard } from './stated-facts'
import { conditionedFollowOns, openedMessage, statedFactsOf } from './stated-facts-model'
import './print.css'

/** How the window received one material: in hand, owed under 容缺 by a promised day, or not received. */
type Received = { state: 'received' | 'owed' | 'missing'; documentRef: string; promisedOn: string }

type Limit = { value: number; unit: 'W' | 'N' }
/** 联系电话: a phone number as the result-delivery phone is (intake reads it so where the form names hookups). */
const CONTACT_PHONE = new RegExp(DELIVERY_BOUNDS.phone.pattern)

const limitText = (l: Limit) => `${l.value} 个${l.unit === 'W' ? '工作日' : '自然日'}`
const limitKey = (l: Limit) => `${l.value}${l.unit}`

/** Steps an application may be opened for: not started, or after a rejection or a withdrawal. */
const OPENABLE = new Set(['not-started', 'rejected', 'withdrawn'])

/**
 * 竣工验收阶段 is not applied for at the window (intake refuses it, INTAKE_STEP_NOT_AT_WINDOW): the owner applies for
 * joint acceptance to its lead department, which accepts it for all (牵头部门统一受理验收申请, 004:2299), and first
 * registration follows the acceptance result with no application (004:1816, 004:2169).
 */
const atWindow = (s: { stage: string }) => s.stage !== 'completion-acceptance'

/**
 * 分阶段办理: a step applied for in phases is in progress from its first phase on, and open to its next phase once the
 * latest is approved (the gateway's `phase.approved` reaches its number).
 */
const nextPhaseDue = (s: { state: string; phase?: { number: number; count: number; approved: number } }) =>
  s.state === 'in-progress' &&
  s.phase !== undefined &&
  s.phase.approved >= s.phase.number &&
  s.phase.number < s.phase.count

/**
 * 按照单位工程办理施工许可: a step under way only per building (its `parts`, no application of the whole project) is
 * open to another building's; intake refuses a building already applied for or approved.
 */
const byBuilding = (s: { state: string; phase?: unknown; parts?: unknown[] }) =>
  s.state === 'in-progress' && s.phase === undefined && (s.parts?.length ?? 0) > 0

/**
 * A step the window may open now: one not applied for (or applied for in vain), the next phase of a phased one, or
 * one under way per building.
 */
const openable = (s: Parameters<typeof nextPhaseDue>[0] & { stage: string; parts?: unknown[] }) =>
  atWindow(s) && (OPENABLE.has(s.state) || nextPhaseDue(s) || byBuilding(s))

/** The item whose step may be applied for per unit work (单位工程): the construction permit (intake's `decidePart`). */
const PERMIT_ITEM = 'construction-permit'

/** The desk's form: the applicant's contact, remarks, and the hookups named on the type's hookup step. */
type DeskValues = {
  contact?: string
  phone?: string
  remarks?: string
  hookups?: HookupValues
  delivery?: DeliveryValues
  /** 后续事项 on facts stated (004:1814): each fact a conditioned follow-on of the step reads, 是 or 否. */
  stated?: Record<string, boolean | undefined>
}
type Opening = Sent & { form: Record<string, unknown>; hookups: HookupNeed[]; delivery?: DeliveryChoice }

/**
 * 当场受理 (receive and accept at once, the default) or 接件 only: the office then decides within five working days of
 * the receipt day, else the law accepts it (行政许可法第三十二条, docs/legal-time.md#art-32-receipt-and-acceptance).
 */
type Acceptance = 'now' | 'later'

/** 一窗受理: one combined application for a step — one form, the material checklist, the clock preview. */
export function OpenApplication() {
  const { projectId = '' } = useParams()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const project = useQuery({
    queryKey: keys.project(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}', { params: { path: { id: projectId } } })),
  })
  // The status answers the gateway's legal day (`asOf.today`): the clock preview counts from the day of acceptance.
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
  })
  const catalogue = useCatalogue(project.data?.project.region)
  const office = useOffice(project.data?.project.region)
  const [chosen, setChosen] = useState<string>()
  // 分阶段办理: the phase chosen ('' for the whole step at once); unset, the step's next phase.
  const [chosenPhase, setChosenPhase] = useState<string>()
  // 按照单位工程办理施工许可: the building named ('' or unset: the whole project).
  const [part, setPart] = useState('')
  const [received, setReceived] = useState<Record<string, Received>>({})
  const [committed, setCommitted] = useState<string[]>([])
  const [acceptance, setAcceptance] = useState<Acceptance>('now')
  const [form] = Form.useForm<DeskValues>()
  const { message } = App.useApp()
  const [notice, setNotice] = useState<{ lines: NoticeLine[]; step: string; received: ReceivedLine[] }>()
  // Intake refused a hookup's field: said beside the field, and the form stays for the clerk to correct.
  const [hookupRefused, setHookupRefused] = useState(false)

  const flow = project.data?.flow ?? []
  const current = flow.find((s) => s.step === project.data?.currentStep)
  const stepCode = chosen ?? (current && openable(current) ? current.step : undefined)
  const flowStep = flow.find((s) => s.step === stepCode)
  const phases = flowStep?.phases ?? []
  const approvedPhases = flowStep?.phase?.approved ?? 0
  // 按照单位工程: only the construction permit's step takes a building, and a building's permit is applied for whole.
  const takesPart = flowStep?.items.includes(PERMIT_ITEM) === true
  const building = takesPart ? part.trim() : ''
  const phase = phases.length === 0 || building !== '' ? undefined : (chosenPhase ?? phases[approvedPhases]?.code)
  const projectType = catalogue.data?.catalogue.projectTypes.find((t) => t.code === project.data?.project.projectType)
  const typeStep = projectType?.steps.find((s) => s.code === stepCode)
  // 报装前移: the type's hookup step carries the hookups in its one form (utility service's `hookupStepOf`).
  const onHookupStep = stepCode !== undefined && projectType?.utilityHookup?.step === stepCode
  const notAtWindow = flow.filter((s) => !atWindow(s))
  const leadCode = projectType?.acceptance?.lead
  const lead = leadCode
    ? (catalogue.data?.catalogue.departments.find((d) => d.code === leadCode)?.name.zh ?? departmentName(leadCode))
    : undefined
  const exempt = flowStep?.exemptItems?.map((e) => e.item) ?? []
  const items = (flowStep?.items ?? []).filter((i) => !exempt.includes(i))
  // The checklist as intake will decide the application (its pinned catalogue, exempt items, the assessment reports
  // the step asks for), less what the project's area covers — each covered report cited, not asked (区域评估, 004:2265).
  const stepChecklist = useQuery({
    queryKey: keys.checklist(projectId, stepCode ?? ''),
    enabled: stepCode !== undefined,
    queryFn: () =>
      must(
        api.GET('/api/v1/projects/{id}/checklist', {
          params: { path: { id: projectId }, query: { step: stepCode ?? '' } },
        }),
      ),
  })
  const checklist: ChecklistMaterial[] = useMemo(
    () =>
      (stepChecklist.data?.materials ?? []).map((m) => ({
        code: m.code,
        name: m.name,
        required: m.required,
        deficiencyAllowed: m.deficiencyAllowed,
      })),
    [stepChecklist.data],
  )
  // 后续事项 on facts stated (004:1814): asked as the pinned catalogue the application is decided on says them.
  const conditioned = useMemo(() => conditionedFollowOns(stepChecklist.data?.statedFacts ?? []), [stepChecklist.data])
  const covered = stepChecklist.data?.covered ?? []
  const delivered = stepChecklist.data?.delivered ?? []
  const today = status.data?.asOf.today
  const itemOf = (code: string) => catalogue.data?.catalogue.items.find((i) => i.code === code)

  const open = useMutation({
    mutationFn: async (sent: Opening) => {
      return must(
        api.POST('/api/v1/projects/{id}/applications', {
          params: { path: { id: projectId } },
          body: {
            step: stepCode ?? '',
            ...(phase ? { phase } : {}),
            ...(building ? { part: building } : {}),
            form: sent.form,
            materials: sent.materials as { code: string; documentRef: string }[],
            ...(sent.deficiencies.length > 0 ? { deficiencies: sent.deficiencies } : {}),
            ...(sent.commitments.length > 0 ? { commitments: sent.commitments } : {}),
            acceptance,
            ...(sent.delivery ? { delivery: sent.delivery } : {}),
          },
        }),
      )
    },
    onSuccess: (answer, sent) => {
      const application = answer.application as ReceiptState['application']
      // A follow-on withheld on what was stated is said now, while the applicant is at the window (the receipt
      // page names none of it).
      const withheld = answer.withheldFollowOns ?? []
      if (withheld.length > 0)
        void message.success({ content: openedMessage(acceptance === 'now', withheld), duration: 10 })
      const received = receivedLines(checklist, sent)
      keptReceived.put(application.applicationId, received)
      void queryClient.invalidateQueries({ queryKey: keys.project(projectId) })
      void queryClient.invalidateQueries({ queryKey: receiptsKey })
      void navigate(`/desk/projects/${projectId}/receipts/${application.applicationId}`, {
        state: { application, received } satisfies ReceiptState,
      })
    },
    onError: (error, sent) => {
      if (!(error instanceof ApiProblem) || error.code !== 'INTAKE_APPLICATION_INCOMPLETE') return
      // A hookup's field is the desk's own entry, not a material the applicant owes: shown beside the field, and the
      // notice is made once the form is right, so it lists what the applicant must bring.
      const hookupFields = error.errors.flatMap((e, i) => {
        const name = hookupFieldOf(e.field, sent.hookups)
        return name ? [{ name, errors: [error.chinese?.fields[i] || '填写有误，请核对'] }] : []
      })
      if (hookupFields.length > 0) {
        // The name is one of the form's own paths; antd's typing does not see a provider and a field of any kind.
        form.setFields(hookupFields as Parameters<typeof form.setFields>[0])
        setHookupRefused(true)
        return
      }
      const named = {
        materialName: (code: string) => checklist.find((m) => m.code === code)?.name ?? code,
        itemName: (code: string) => itemOf(code)?.name.zh ?? code,
      }
      setNotice({
        lines: noticeLines(error.errors, sent, named),
        step: flowStep?.name ?? stepCode ?? '',
        received: receivedLines(checklist, sent),
      })
    },
  })

  if (project.error) return <ProblemAlert error={project.error} />
  if (!project.data) return <Loading />
  const p = project.data.project

  if (notice) {
    return (
      <Notice
        project={p}
        step={notice.step}
        today={today}
        lines={notice.lines}
        office={office}
        received={notice.received}
        onBack={() => {
          setNotice(undefined)
          open.reset()
        }}
      />
    )
  }

  const submit = (values: DeskValues) => {
    const sent: Opening = { materials: [], deficiencies: [], commitments: [], form: {}, hookups: [] }
    for (const m of checklist) {
      const r = received[m.code]
      if (r?.state === 'received') {
        ;(sent.materials as { code: string; documentRef: string }[]).push({
          code: m.code,
          documentRef: r.documentRef || `窗口收件：${m.name}`,
        })
      } else if (r?.state === 'owed') sent.deficiencies.push({ code: m.code, promisedOn: r.promisedOn })
    }
    sent.commitments = committed.map((item) => ({ item }))
    for (const k of ['contact', 'phone', 'remarks'] as const) if (values[k]) sent.form[k] = values[k]
    if (onHookupStep) sent.hookups = hookupsOf(values.hookups)
    if (sent.hookups.length > 0) sent.form['utilities'] = sent.hookups
    // Only the facts this step's follow-ons read: one left unanswered is not stated, and its follow-on does not open.
    const asked = new Set(conditioned.flatMap((f) => f.facts.map((x) => x.fact)))
    for (const [fact, value] of Object.entries(statedFactsOf(values.stated)))
      if (asked.has(fact)) sent.form[fact] = value
    const delivery = deliveryOf(values.delivery)
    if (delivery) sent.delivery = delivery
    setHookupRefused(false)
    open.mutate(sent)
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }}>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        一窗受理 · 综合申请
      </Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'name', label: '项目名称', children: p.name },
          { key: 'code', label: '项目代码', children: p.projectCode },
          { key: 'owner', label: '建设单位', children: `${p.owner.name}（${p.owner.creditCode}）` },
          { key: 'registered', label: '登记日期', children: chineseDate(p.registeredAt) },
        ]}
      />
      <ProblemAlert
        error={
          open.error instanceof ApiProblem && open.error.code === 'INTAKE_APPLICATION_INCOMPLETE'
            ? undefined
            : open.error
        }
      />
      <ProblemAlert error={catalogue.error ?? status.error ?? stepChecklist.error} />
      <LandLink projectId={projectId} region={p.region} />
      <ApprovalsNotice flow={flow} />
      {catalogue.data && p.catalogueVersion && p.catalogueVersion !== catalogue.data.pin && (
        // The checklist is intake's (the pinned version); the commitments and the clock preview read today's catalogue.
        <Alert type="warning" showIcon title={pinnedCatalogueWarning(p.catalogueVersion, catalogue.data.pin)} />
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Card title="申请环节" size="small" style={{ marginBottom: 16 }}>
          <Form.Item label="办理环节" required>
            <Select
              aria-label="办理环节"
              placeholder="请选择办理环节"
              value={stepCode}
              onChange={(v) => {
                setChosen(v)
                setChosenPhase(undefined)
                setPart('')
                setReceived({})
                setCommitted([])
              }}
              options={flow.map((s) => ({
                value: s.step,
                label: `${s.name}（${atWindow(s) ? stepStateName(s.state) : '不在窗口申请'}）`,
                disabled: !openable(s),
              }))}
            />
          </Form.Item>
          {takesPart && (
            <Form.Item
              label="单位工程"
              extra={`同一建设工程规划许可涉及多个单位工程的，可按照单位工程办理施工许可：填写单位工程（如“1号楼”），该单位工程单独受理、审批、发证，并可单独申请联合验收；不填则为整个项目办理。${
                phases.length > 0 ? '按单位工程办理的，该单位工程整体办理，不再分阶段。' : ''
              }`}
            >
              <Input
                aria-label="单位工程"
                placeholder="不填则为整个项目办理"
                maxLength={200}
                value={part}
                onChange={(e) => setPart(e.target.value)}
              />
            </Form.Item>
          )}
          {phases.length > 0 && building === '' && (
            <Form.Item
              label="办理阶段"
              required
              extra="分阶段办理施工许可：各阶段依次申请，上一阶段审批通过后方可申请下一阶段；整体申请则一次办理全部阶段。"
            >
              <Select
                aria-label="办理阶段"
                value={phase ?? ''}
                onChange={(v) => setChosenPhase(v)}
                options={[
                  ...phases.map((p, i) => ({
                    value: p.code,
                    label: `第 ${i + 1} 阶段 / 共 ${phases.length} 阶段：${p.name}${
                      i < approvedPhases ? '（已通过）' : i > approvedPhases ? '（待上一阶段通过）' : ''
                    }`,
                    disabled: i !== approvedPhases,
                  })),
                  { value: '', label: '整体申请（全部阶段一并办理）', disabled: approvedPhases > 0 },
                ]}
              />
            </Form.Item>
          )}
          {notAtWindow.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={
                current && !atWindow(current)
                  ? `本项目已进入${current.name}，该环节不在窗口申请。`
                  : '竣工验收阶段的环节不在窗口申请。'
              }
              description={`联合验收由牵头部门统一受理：建设单位向牵头部门${lead ? `（${lead}）` : ''}提出竣工联合验收申请，各部门限时联合验收；不动产首次登记依联合验收结果办理，无需另行申请。`}
            />
          )}
          {typeStep?.limit && (
            <Typography.Paragraph>
              环节承诺时限：{limitText(typeStep.limit)}
              {typeStep.parallel ? '，各部门并联办理' : ''}
            </Typography.Paragraph>
          )}
        </Card>

        {flowStep && catalogue.data && (
          <>
            <Card title="申请表" size="small" style={{ marginBottom: 16 }}>
              <Space wrap size="middle">
                <Form.Item label="申请联系人" name="contact" rules={[{ max: APPLICATION_CONTACT_MAXIMA.name }]}>
                  <Input maxLength={APPLICATION_CONTACT_MAXIMA.name} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item
                  label="联系电话"
                  name="phone"
                  rules={[{ pattern: CONTACT_PHONE, message: '请填写有效的电话号码' }]}
                >
                  <Input maxLength={DELIVERY_BOUNDS.phone.maxLength} style={{ width: 240 }} />
                </Form.Item>
              </Space>
              <Form.Item label="申请说明" name="remarks" rules={[{ max: 2000 }]}>
                <Input.TextArea maxLength={2000} rows={2} />
              </Form.Item>
            </Card>

            <DeliveryChoiceCard />

            <StatedFactsCard followOns={conditioned} />

            {onHookupStep && <Hookups form={form} refused={hookupRefused} />}

            <Card title="材料清单" size="small" style={{ marginBottom: 16 }}>
              {stepChecklist.data ? (
                <Checklist checklist={checklist} received={received} setReceived={setReceived} today={today} />
              ) : (
                !stepChecklist.error && <Loading />
              )}
              <Covered covered={covered} />
              <Delivered delivered={delivered} />
            </Card>

            <Commitments
              catalogue={catalogue.data.catalogue}
              items={items}
              committed={committed}
              setCommitted={setCommitted}
            />

            <ClockPreview
              catalogue={catalogue.data.catalogue}
              items={items}
              stepLimit={typeStep?.limit}
              start={today}
              region={p.region}
            />
          </>
        )}
        {flowStep && (
          <Card title="受理方式" size="small" style={{ marginBottom: 16 }}>
            <Radio.Group
              aria-label="受理方式"
              value={acceptance}
              onChange={(e) => setAcceptance(e.target.value)}
              options={[
                { value: 'now', label: '当场受理' },
                { value: 'later', label: '先接件（五个工作日内决定是否受理）' },
              ]}
            />
            {acceptance === 'later' && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                接件后须在五个工作日内受理、不予受理或一次性告知补正；逾期未作决定的，自收到申请材料之日起即为受理。
              </Typography.Paragraph>
            )}
          </Card>
        )}
        <Button type="primary" htmlType="submit" loading={open.isPending} disabled={!flowStep || !stepChecklist.data}>
          {acceptance === 'later' ? '提交接件' : '提交受理'}
        </Button>
      </Form>
    </Space>
  )
}

/**
 * 报装需求: which utilities the project asks to be connected, each with its outside line as the provider and the
 * low-risk test read it (hookups.ts); sent with the step's permits as `form.utilities`.
 */
function Hookups({ form, refused }: { form: ReturnType<typeof Form.useForm<DeskValues>>[0]; refused: boolean }) {
  const chosen: HookupProvider[] = Form.useWatch(['hookups', 'providers'], form) ?? []
  const lines = Form.useWatch(['hookups', 'lines'], form)
  return (
    <Card title="报装需求" size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        供水、排水、供电、供气、通信报装与本环节各事项一并申请，受理后推送各市政公用服务单位，建设单位无需另行报装。
      </Typography.Paragraph>
      {refused && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="报装需求填写有误，请按各项提示修改后重新提交受理。"
        />
      )}
      <Form.Item label="申请报装" name={['hookups', 'providers']}>
        <Checkbox.Group
          aria-label="申请报装"
          options={UTILITY_PROVIDERS.map((p) => ({ value: p, label: hookupName(p) }))}
        />
      </Form.Item>
      {UTILITY_PROVIDERS.filter((p) => chosen.includes(p)).map((provider) => (
        <fieldset key={provider} aria-label={hookupName(provider)} style={{ border: 0, margin: 0, padding: 0 }}>
          <Typography.Title level={3} style={{ fontSize: 14 }}>
            {hookupName(provider)}
          </Typography.Title>
          <Space wrap size="middle" align="start">
            {lineInputs(provider).map((input) => {
              const name = ['hookups', 'lines', provider, input.field]
              const labelled = `${hookupName(provider)} ${input.label}`
              if (input.kind === 'flag') {
                return (
                  <Form.Item
                    key={input.field}
                    label={input.label}
                    name={name}
                    rules={[{ required: true, message: `请选择${input.label}` }]}
                  >
                    <Radio.Group
                      aria-label={labelled}
                      options={[
                        { value: true, label: '是' },
                        { value: false, label: '否' },
                      ]}
                    />
                  </Form.Item>
                )
              }
              if (input.shownIf && lines?.[provider]?.[input.shownIf] !== true) return null
              return (
                <Form.Item
                  key={input.field}
                  label={input.label}
                  name={name}
                  rules={[{ required: input.required, message: `请填写${input.label.replace(/（.*$/, '')}` }]}
                >
                  <InputNumber aria-label={labelled} min={0} max={input.max} style={{ width: 220 }} />
                </Form.Item>
              )
            })}
          </Space>
        </fieldset>
      ))}
    </Card>
  )
}

// A step's decision covers all its items, and every step that goes to approval holds a licence (its filings are decided
// beside one), so a rejected step keeps a licence's words (packages/catalogue/test/filing.unit.test.ts).
const STEP_STATES: Record<string, string> = {
  'not-started': '未申请',
  'in-progress': '办理中',
  approved: '已办结',
  rejected: '不予许可',
  withdrawn: '已撤回',
  skipped: '无需办理',
  exempt: '豁免',
}
const stepStateName = (state: string) => STEP_STATES[state] ?? state

type CoveredAssessment = { subject: string; name: string; areaName: string; documentRef: string; issuedOn: string }

/** The assessment reports the project's area covers: not asked, each citing the area's published result. */
function Covered({ covered }: { covered: CoveredAssessment[] }) {
  if (covered.length === 0) return null
  return (
    <Table<CoveredAssessment>
      aria-label="区域评估成果替代的评估（不再收取）"
      title={() => '所在区域的区域评估成果替代以下评估，窗口不再收取其报告：'}
      rowKey="subject"
      size="small"
      pagination={false}
      style={{ marginTop: 8 }}
      dataSource={covered}
      columns={[
        { title: '免于提交的评估', key: 's', render: (_, c) => ASSESSMENT_NAMES[c.subject] ?? c.name },
        {
          title: '依据的区域评估成果',
          key: 'r',
          render: (_, c) => `${c.areaName}：${c.documentRef}（${chineseDate(c.issuedOn)}）`,
        },
      ]}
    />
  )
}

type DeliveredReport = {
  material: string
  name: string
  engagementId: string
  intermediaryName: string
  documentRef: string
  deliveredOn: string
}

/** The assessment reports the project's intermediaries delivered: not asked, each citing the delivered report. */
function Delivered({ delivered }: { delivered: DeliveredReport[] }) {
  if (delivered.length === 0) return null
  return (
    <Table<DeliveredReport>
      aria-label="中介机构已交付的评估报告（不再收取）"
      title={() => '以下评估报告已由建设单位选定的中介机构交付，窗口不再收取：'}
      rowKey="material"
      size="small"
      pagination={false}
      style={{ marginTop: 8 }}
      dataSource={delivered}
      columns={[
        { title: '免于提交的报告', key: 'n', dataIndex: 'name' },
        {
          title: '中介机构交付的成果',
          key: 'r',
          render: (_, d) => `${d.intermediaryName}：${d.documentRef}（${chineseDate(d.deliveredOn)}）`,
        },
      ]}
    />
  )
}

/** The material checklist: each material received, owed under 容缺 (where allowed), or not received. */
function Checklist(props: {
  checklist: ChecklistMaterial[]
  received: Record<string, Received>
  setReceived: (f: (r: Record<string, Received>) => Record<string, Received>) => void
  today: string | undefined
}) {
  const { checklist, received, setReceived } = props
  const set = (code: string, change: Partial<Received>) =>
    setReceived((r) => ({
      ...r,
      [code]: { state: 'missing', documentRef: '', promisedOn: '', ...r[code], ...change },
    }))
  if (checklist.length === 0) return <Typography.Text>本环节无需提交材料。</Typography.Text>
  return (
    <Table<ChecklistMaterial>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={checklist}
      columns={[
        {
          title: '材料名称',
          dataIndex: 'name',
          render: (name: string, m) => (
            <Space wrap>
              <span>{name}</span>
              {m.required ? <Tag color="red">必要</Tag> : <Tag>非必要</Tag>}
              {m.deficiencyAllowed && <Tag color="blue">可容缺</Tag>}
            </Space>
          ),
        },
        {
          title: '收件情况',
          key: 'state',
          render: (_, m) => (
            <Radio.Group
              aria-label={`${m.name} 收件情况`}
              value={received[m.code]?.state ?? 'missing'}
              onChange={(e) => set(m.code, { state: e.target.value })}
              options={[
                { value: 'received', label: '已收取' },
                ...(m.deficiencyAllowed ? [{ value: 'owed', label: '容缺后补' }] : []),
                { value: 'missing', label: '未收取' },
              ]}
            />
          ),
        },
        {
          title: '材料编号 / 承诺补交日期',
          key: 'detail',
          render: (_, m) => {
            const r = received[m.code]
            if (r?.state === 'received') {
              return (
                <Input
                  aria-label={`${m.name} 材料编号`}
                  maxLength={500}
                  placeholder={`窗口收件：${m.name}`}
                  value={r.documentRef}
                  onChange={(e) => set(m.code, { documentRef: e.target.value })}
                />
              )
            }
            if (r?.state === 'owed') {
              return (
                <Input
                  type="date"
                  aria-label={`${m.name} 承诺补交日期`}
                  min={props.today}
                  value={r.promisedOn}
                  onChange={(e) => set(m.code, { promisedOn: e.target.value })}
                />
              )
            }
            return null
          },
        },
      ]}
    />
  )
}

/** 告知承诺: the step's items the catalogue allows to be approved on the applicant's written commitment. */
function Commitments(props: {
  catalogue: Catalogue
  items: string[]
  committed: string[]
  setCommitted: (c: string[]) => void
}) {
  const allowed = props.items
    .map((code) => props.catalogue.items.find((i) => i.code === code))
    .filter((i) => i?.commitmentAllowed)
  if (allowed.length === 0) return null
  return (
    <Card title="告知承诺" size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>以下事项可由申请人书面承诺符合审批条件后即予办理，承诺事项日后核查：</Typography.Paragraph>
      <Checkbox.Group
        value={props.committed}
        onChange={(v) => props.setCommitted(v as string[])}
        options={allowed.map((i) => ({ value: i?.code ?? '', label: `${i?.name.zh}：以告知承诺方式办理` }))}
      />
    </Card>
  )
}

/**
 * The clock preview: before the clerk submits, each item's limits counted from the day of acceptance on the
 * region's working-day calendar (`POST /clock/preview`), with the due date's explanation (holidays, 调休).
 */
function ClockPreview(props: {
  catalogue: Catalogue
  items: string[]
  stepLimit: Limit | undefined
  start: string | undefined
  region: string
}) {
  const rows = props.items.map((code) => {
    const item = props.catalogue.items.find((i) => i.code === code)
    const department = props.catalogue.departments.find((d) => d.code === item?.department)
    return {
      code,
      name: item?.name.zh ?? code,
      department: department?.name.zh ?? item?.department ?? '',
      committed: item?.committedLimit ?? props.stepLimit,
      statutory: item?.statutoryLimit,
    }
  })
  const limits = [
    ...new Map(
      rows
        .flatMap((r) => [r.committed, r.statutory])
        .filter((l): l is Limit => l !== undefined)
        .map((l) => [limitKey(l), l]),
    ).values(),
  ]
  const previews = useQueries({
    queries: limits.map((limit) => ({
      queryKey: keys.clockPreview(props.start ?? '', limit.value, limit.unit, props.region),
      queryFn: () =>
        must(
          api.POST('/api/v1/clock/preview', {
            body: { start: props.start ?? '', limit: { value: limit.value, unit: limit.unit }, region: props.region },
          }),
        ),
      enabled: props.start !== undefined,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  })
  const preview = (l: Limit | undefined) => {
    if (!l) return undefined
    return previews[limits.findIndex((x) => limitKey(x) === limitKey(l))]?.data
  }
  const due = (l: Limit | undefined) => {
    if (!l) return '—'
    const p = preview(l)
    return p ? `${chineseDate(p.due)}（${limitText(l)}${p.provisional ? '，暂按工作日推算' : ''}）` : '计算中…'
  }
  return (
    // The acceptance day is not counted (docs/legal-time.md, Counting rules 1–3): each limit counts from the next day.
    <Card
      title={`办理时限预览（${chineseDate(props.start)}受理，当日不计，自次日起算）`}
      size="small"
      style={{ marginBottom: 16 }}
    >
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '事项', dataIndex: 'name' },
          { title: '办理部门', dataIndex: 'department' },
          { title: '承诺办结日期', key: 'committed', render: (_, r) => due(r.committed) },
          { title: '法定办结日期', key: 'statutory', render: (_, r) => due(r.statutory) },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        期限说明
      </Typography.Title>
      <ul>
        {limits.map((l) => (
          <li key={limitKey(l)}>
            {limitText(l)}：{preview(l) ? chineseExplanation(preview(l)?.entries ?? []).join('；') : '计算中…'}
          </li>
        ))}
      </ul>
    </Card>
  )
}
