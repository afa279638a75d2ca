import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Checkbox, Descriptions, Form, Input, Select, Table, Typography } from 'antd'
import { ApiProblem, api, keys, must } from '../../api'
import { type FieldNames, fieldMessage, ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { EngagementStatus, engagementClock } from '../assisted/engagement'
import {
  ACTS,
  type AssistedCase,
  BASES,
  CATALOGUE_STAGES,
  CHANNELS,
  caseState,
  type Engagement,
  type IntermediaryService,
  MODES,
  VISIT_STATUS,
  yuan,
} from '../assisted/names'

const section = { marginBottom: 16 } as const
const h2 = { fontSize: 16, margin: 0 } as const

/**
 * 帮办代办 and 中介服务 on the owner's project page: its assisted-service case (helper, mode, stages, what the helper
 * did on its behalf, follow-up visits) and the published intermediary list with grades, its choices and their clocks.
 */
export function AssistedService({
  projectId,
  owner,
  window,
  area,
  stages,
}: {
  projectId: string
  owner: boolean
  /** The service centre's window (clerk), which opens the case and may close it. */
  window: boolean
  /** 区域评估: the project's area as its status answers it; the services whose reports it covers are not offered. */
  area?: CoveringArea | undefined
  /** The stages of the project's own flow: what a case may cover. */
  stages: string[]
}) {
  return (
    <>
      <AssistedCaseCard projectId={projectId} window={window} stages={stages} />
      <IntermediaryCard projectId={projectId} owner={owner} area={area} />
    </>
  )
}

/** The area the project stands in, as the status's `shared.area` answers it: what it covers, citing each result. */
export type CoveringArea = {
  name: string
  covered: ReadonlyArray<{ subject: string; documentRef: string; issuedOn: string; assessedBy: string }>
}

/** The area's result that stands for a service's report (the service's `assessment` subject), if any. */
export const coveringResult = (area: CoveringArea | undefined, service: { assessment?: string | undefined }) =>
  service.assessment === undefined ? undefined : area?.covered.find((c) => c.subject === service.assessment)

function AssistedCaseCard({ projectId, window, stages }: { projectId: string; window: boolean; stages: string[] }) {
  const client = useQueryClient()
  const query = useQuery({
    queryKey: keys.assistedCase(projectId),
    queryFn: async () => {
      try {
        return (await must(api.GET('/api/v1/projects/{id}/assisted-case', { params: { path: { id: projectId } } })))
          .case
      } catch (err) {
        // No case is the usual state, not a failure.
        if (err instanceof ApiProblem && err.status === 404) return null
        throw err
      }
    },
  })
  const c: AssistedCase | null | undefined = query.data
  const close = useMutation({
    mutationFn: (v: { caseId: string; reason: string }) =>
      must(
        api.POST('/api/v1/assisted-cases/{id}/close', {
          params: { path: { id: v.caseId } },
          body: { reason: v.reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.assistedCase(projectId) }),
  })
  return (
    <Card title={<h2 style={h2}>帮办代办</h2>} size="small" style={section}>
      <ProblemAlert error={query.error} />
      {c === null && <Typography.Text>本项目未开通帮办代办服务（可向政务服务中心窗口申请）。</Typography.Text>}
      {c === null && window && (
        <OpenCaseForm
          projectId={projectId}
          stages={stages}
          onOpened={(opened) => client.setQueryData(keys.assistedCase(projectId), opened)}
        />
      )}
      {c && (
        <>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="帮办员">{c.helper.name}</Descriptions.Item>
            <Descriptions.Item label="服务方式">{MODES[c.mode]}</Descriptions.Item>
            <Descriptions.Item label="服务对象">{BASES[c.eligibility.basis]}</Descriptions.Item>
            <Descriptions.Item label="费用">无偿</Descriptions.Item>
            <Descriptions.Item label="覆盖阶段">
              {c.stages.map((s) => CATALOGUE_STAGES[s] ?? s).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label="开通日期">{chineseDate(c.openedOn)}</Descriptions.Item>
            <Descriptions.Item label="案件状态">{caseState(c)}</Descriptions.Item>
          </Descriptions>
          {window && c.status === 'open' && (
            <section aria-label="结束帮办代办">
              <ProblemAlert error={close.error} />
              <Form
                name="close-assisted-case"
                layout="inline"
                onFinish={(v: { reason: string }) => close.mutate({ caseId: c.caseId, reason: v.reason })}
              >
                <Form.Item
                  name="reason"
                  label="结束原因"
                  rules={[
                    { required: true, whitespace: true, message: '请填写结束原因' },
                    { max: 2000, message: '结束原因不超过2000字' },
                  ]}
                >
                  <Input style={{ width: 'min(360px, 60vw)' }} maxLength={2000} />
                </Form.Item>
                <Button htmlType="submit" danger loading={close.isPending}>
                  结束帮办代办
                </Button>
              </Form>
              <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
                结束后帮办员不再代表建设单位办理，未完成的跟踪回访随之终止。
              </Typography.Paragraph>
            </section>
          )}
          <section aria-label="代办记录">
            <Typography.Title level={3} style={{ fontSize: 14 }}>
              代办记录
            </Typography.Title>
            <Table
              scroll={{ x: true }}
              rowKey={(a) => `${a.at}-${a.applicationId}-${a.act}`}
              size="small"
              pagination={false}
              dataSource={c.acts}
              locale={{ emptyText: <Typography.Text>暂无代办记录</Typography.Text> }}
              columns={[
                { title: '日期', key: 'on', render: (_, a) => chineseDate(a.on) },
                { title: '事项', key: 'act', render: (_, a) => ACTS[a.act] ?? a.act },
                // The step as the project's own flow names it (intake names it; the code only if it no longer does).
                { title: '环节', key: 'step', render: (_, a) => a.stepName ?? a.step },
                { title: '代办人', key: 'who', render: () => `${c.helper.name}（代表本单位办理）` },
              ]}
            />
          </section>
          <section aria-label="跟踪回访">
            <Typography.Title level={3} style={{ fontSize: 14 }}>
              跟踪回访
            </Typography.Title>
            <Table
              scroll={{ x: true }}
              rowKey="visitId"
              size="small"
              pagination={false}
              dataSource={c.visits}
              locale={{ emptyText: <Typography.Text>暂无回访安排</Typography.Text> }}
              columns={[
                { title: '回访事项', key: 'p', dataIndex: 'purpose' },
                { title: '方式', key: 'ch', render: (_, v) => CHANNELS[v.channel] },
                { title: '回访日期', key: 'due', render: (_, v) => chineseDate(v.dueOn) },
                { title: '状态', key: 's', render: (_, v) => VISIT_STATUS[v.status] },
                { title: '回访结果', key: 'o', render: (_, v) => v.outcome ?? '—' },
              ]}
            />
          </section>
        </>
      )}
    </Card>
  )
}

type OpenCaseValues = {
  basis: AssistedCase['eligibility']['basis']
  documentRef: string
  county?: string
  need?: string
  mode: AssistedCase['mode']
  stages: string[]
  helperSub: string
  helperName: string
}

/** What a refused field says, in Chinese, beside it (the gateway's sentence is above the form). */
const OPEN_FIELDS: Record<string, string> = {
  '/body/eligibility/basis': '该项目不符合所选服务对象条件（确有需要的其他产业项目须为工业项目）',
  '/body/eligibility/documentRef': '请填写认定文件（1–500字）',
  '/body/eligibility/county': '须为本市所辖县（市、区）的六位区划代码',
  '/body/eligibility/need': '请说明确有需要的情形（1–2000字）',
  '/body/mode': '请选择服务方式',
  '/body/stages': '覆盖阶段须为本项目流程中的阶段',
  '/body/helper/sub': '请填写帮办员登录账号（1–255字）',
  '/body/helper/name': '请填写帮办员姓名（1–100字）',
}

/** The form's fields by their labels, for the refusal above the form to name them by (`ProblemAlert`'s `fields`). */
const OPEN_FIELD_NAMES: FieldNames = {
  '/body/eligibility/basis': '服务对象',
  '/body/eligibility/documentRef': '认定文件',
  '/body/eligibility/county': '认定的县（市、区）代码',
  '/body/eligibility/need': '需求说明',
  '/body/mode': '服务方式',
  '/body/stages': '覆盖阶段',
  '/body/helper/sub': '帮办员账号',
  '/body/helper/name': '帮办员姓名',
}

/** A refused field's message for its Form.Item: said beside the field, only when the refusal names it. */
const refusedField = (error: unknown, field: string) =>
  fieldMessage(error, field) ? { help: OPEN_FIELDS[field], validateStatus: 'error' as const } : {}

/**
 * 开通帮办代办 — the service centre's window opens the project's free case (004:1868): why it is eligible (and the
 * document that shows it), the mode (Guangxi 002:151), the stages it covers and the helper who acts for the owner.
 */
function OpenCaseForm({
  projectId,
  stages,
  onOpened,
}: {
  projectId: string
  stages: string[]
  onOpened: (c: AssistedCase) => void
}) {
  const [form] = Form.useForm<OpenCaseValues>()
  const basis = Form.useWatch('basis', form)
  const open = useMutation({
    mutationFn: (v: OpenCaseValues) =>
      must(
        api.POST('/api/v1/projects/{id}/assisted-case', {
          params: { path: { id: projectId } },
          body: {
            eligibility: {
              basis: v.basis,
              documentRef: v.documentRef,
              ...(v.basis === 'county-key-project' && v.county ? { county: v.county } : {}),
              ...(v.basis === 'industrial-project-in-need' && v.need ? { need: v.need } : {}),
            },
            mode: v.mode,
            stages: v.stages,
            helper: { sub: v.helperSub, name: v.helperName },
          },
        }),
      ),
    onSuccess: (answer) => onOpened(answer.case),
  })
  return (
    <section aria-label="开通帮办代办" style={{ marginTop: 8 }}>
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        开通帮办代办（无偿）
      </Typography.Title>
      <ProblemAlert error={open.error} fields={OPEN_FIELD_NAMES} />
      <Form
        form={form}
        name="open-assisted-case"
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{ mode: 'whole-process', stages }}
        onFinish={(v) => open.mutate(v)}
      >
        <Form.Item
          name="basis"
          label="服务对象"
          rules={[{ required: true, message: '请选择服务对象' }]}
          {...refusedField(open.error, '/body/eligibility/basis')}
        >
          <Select options={Object.entries(BASES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="documentRef"
          label="认定文件"
          rules={[{ required: true, whitespace: true, message: '请填写认定文件' }]}
          {...refusedField(open.error, '/body/eligibility/documentRef')}
        >
          <Input maxLength={500} placeholder="重点项目计划、县（市、区）认定文件或企业书面申请" />
        </Form.Item>
        {basis === 'county-key-project' && (
          <Form.Item
            name="county"
            label="认定的县（市、区）代码"
            rules={[
              { required: true, message: '请填写县（市、区）代码' },
              { pattern: /^\d{6}$/, message: '县（市、区）代码为六位数字' },
            ]}
            {...refusedField(open.error, '/body/eligibility/county')}
          >
            <Input maxLength={6} style={{ width: 160 }} />
          </Form.Item>
        )}
        {basis === 'industrial-project-in-need' && (
          <Form.Item
            name="need"
            label="需求说明"
            rules={[{ required: true, whitespace: true, message: '请说明确有需要的情形' }]}
            {...refusedField(open.error, '/body/eligibility/need')}
          >
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
        )}
        <Form.Item
          name="mode"
          label="服务方式"
          rules={[{ required: true, message: '请选择服务方式' }]}
          {...refusedField(open.error, '/body/mode')}
        >
          <Select options={Object.entries(MODES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="stages"
          label="覆盖阶段"
          // A validator, not `required`: antd would put aria-required on the checkbox group, which its role does not allow.
          rules={[
            {
              validator: (_, v?: string[]) =>
                v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error('请至少选择一个阶段')),
            },
          ]}
          {...refusedField(open.error, '/body/stages')}
        >
          <Checkbox.Group options={stages.map((value) => ({ value, label: CATALOGUE_STAGES[value] ?? value }))} />
        </Form.Item>
        <Form.Item
          name="helperSub"
          label="帮办员账号"
          rules={[{ required: true, whitespace: true, message: '请填写帮办员账号' }]}
          {...refusedField(open.error, '/body/helper/sub')}
        >
          <Input maxLength={255} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item
          name="helperName"
          label="帮办员姓名"
          rules={[{ required: true, whitespace: true, message: '请填写帮办员姓名' }]}
          {...refusedField(open.error, '/body/helper/name')}
        >
          <Input maxLength={100} style={{ width: 240 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          开通帮办代办
        </Button>
      </Form>
    </section>
  )
}

function IntermediaryCard({
  projectId,
  owner,
  area,
}: {
  projectId: string
  owner: boolean
  area?: CoveringArea | undefined
}) {
  const client = useQueryClient()
  const list = useQuery({
    queryKey: keys.intermediaryServices(),
    queryFn: async () => (await must(api.GET('/api/v1/intermediary-services', {}))).services,
    staleTime: 60_000,
  })
  const chosen = useQuery({
    queryKey: keys.intermediaries(projectId),
    queryFn: async () =>
      (await must(api.GET('/api/v1/projects/{id}/intermediaries', { params: { path: { id: projectId } } })))
        .engagements,
  })
  const choose = useMutation({
    mutationFn: (body: { service: string; intermediary: string }) =>
      must(api.POST('/api/v1/projects/{id}/intermediaries', { params: { path: { id: projectId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.intermediaries(projectId) }),
  })
  const [form] = Form.useForm<{ service: string; intermediary: string }>()
  const service = Form.useWatch('service', form)
  const services: IntermediaryService[] = list.data ?? []
  // 区域评估 (004:2265): a service whose report the area's result stands for is not the project's to commission.
  const open = services.filter((s) => coveringResult(area, s) === undefined)
  const covered = services.flatMap((s) => {
    const result = coveringResult(area, s)
    return result ? [{ service: s, result }] : []
  })
  const offers = open.find((s) => s.code === service)?.offers ?? []
  const engagements: Engagement[] = chosen.data ?? []
  return (
    <Card title={<h2 style={h2}>中介服务</h2>} size="small" style={section}>
      <ProblemAlert error={list.error ?? chosen.error} />
      <section aria-label="已选中介机构">
        <Table<Engagement>
          scroll={{ x: true }}
          rowKey="engagementId"
          size="small"
          pagination={false}
          dataSource={engagements}
          locale={{ emptyText: <Typography.Text>尚未选择中介机构</Typography.Text> }}
          columns={[
            { title: '服务事项', key: 's', render: (_, e) => e.service.name },
            {
              // The approval items whose departments judge from the report (their task pages show it).
              title: '审批使用',
              key: 'd',
              render: (_, e) => (e.service.decidesOn ?? []).map((d) => d.name).join('、') || '—',
            },
            {
              title: '中介机构',
              key: 'i',
              render: (_, e) => `${e.intermediary.name}（信用等级 ${e.intermediary.grade}）`,
            },
            {
              title: '服务时限',
              key: 'c',
              render: (_, e) => engagementClock(e),
            },
            {
              title: '状态',
              key: 'st',
              render: (_, e) => <EngagementStatus engagement={e} />,
            },
          ]}
        />
      </section>
      <section aria-label="中介服务事项清单" style={{ marginTop: 16 }}>
        <Typography.Title level={3} style={{ fontSize: 14 }}>
          中介服务事项清单（自主选择，不得指定）
        </Typography.Title>
        <ProblemAlert error={choose.error} />
        {owner && (
          <Form
            form={form}
            name="choose-intermediary"
            layout="inline"
            onFinish={(v) => choose.mutate(v)}
            style={{ marginBottom: 12 }}
          >
            <Form.Item name="service" label="服务事项" rules={[{ required: true, message: '请选择服务事项' }]}>
              <Select
                style={{ width: 'min(240px, 60vw)' }}
                options={open.map((s) => ({ value: s.code, label: s.name }))}
                onChange={() => form.setFieldValue('intermediary', undefined)}
              />
            </Form.Item>
            <Form.Item name="intermediary" label="中介机构" rules={[{ required: true, message: '请选择中介机构' }]}>
              <Select
                style={{ width: 'min(360px, 60vw)' }}
                options={offers.map((o) => ({
                  value: o.creditCode,
                  label: `${o.name}（${o.grade}级，${o.limitW}个工作日，${yuan(o.feeFen)}）`,
                }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={choose.isPending}>
              选择该机构
            </Button>
          </Form>
        )}
        <Table
          scroll={{ x: true }}
          rowKey={(r) => `${r.service}-${r.creditCode}`}
          size="small"
          pagination={false}
          dataSource={open.flatMap((s) => s.offers.map((o) => ({ ...o, service: s.name, basis: s.basis })))}
          columns={[
            { title: '服务事项', key: 's', dataIndex: 'service' },
            { title: '设定依据', key: 'b', dataIndex: 'basis' },
            { title: '中介机构', key: 'n', dataIndex: 'name' },
            {
              title: '信用等级',
              key: 'g',
              // Plain text: antd's green and orange tags fall below AA contrast (axe).
              render: (_, o) => <Typography.Text strong>{`${o.grade} 级`}</Typography.Text>,
            },
            { title: '服务时限', key: 'l', render: (_, o) => `${o.limitW} 个工作日` },
            { title: '收费', key: 'f', render: (_, o) => yuan(o.feeFen) },
            { title: '服务条件', key: 'c', dataIndex: 'conditions' },
          ]}
        />
      </section>
      {area && covered.length > 0 && (
        <section aria-label="区域评估已覆盖的中介服务" style={{ marginTop: 12 }}>
          <Typography.Text strong>区域评估已覆盖，无需委托中介机构：</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {covered.map(({ service: s, result }) => (
              <li key={s.code}>
                {s.name} — 引用{area.name}区域评估成果 {result.documentRef}（{result.assessedBy}，
                {chineseDate(result.issuedOn)}）
              </li>
            ))}
          </ul>
        </section>
      )}
    </Card>
  )
}
