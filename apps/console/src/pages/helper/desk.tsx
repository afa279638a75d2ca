import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd'
import { Fragment, useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { materialName, materialNames } from '../../materials'
import { ACTS, type AssistedCase, CATALOGUE_STAGES, CHANNELS, caseState, MODES, VISIT_STATUS } from '../assisted/names'

const h2 = { fontSize: 16, margin: 0 } as const

/**
 * 帮办代办 — the helper's case desk: the cases naming it with their follow-up visits due, acting for an owner on its
 * application (recorded on behalf of the owner), scheduling and recording visits (docs/assisted-service.md).
 */
export default function HelperDesk() {
  const [selected, setSelected] = useState<string>()
  const { data, error, isPending } = useQuery({
    queryKey: keys.helperCases(),
    queryFn: () => must(api.GET('/api/v1/assisted-cases', {})),
    refetchOnWindowFocus: true,
  })
  const cases = data?.cases ?? []
  const current = cases.find((c) => c.caseId === selected)
  const due = (c: AssistedCase) => c.visits.filter((v) => v.status === 'due').length
  return (
    <>
      <Typography.Title level={1}>帮办代办</Typography.Title>
      <ProblemAlert error={error} />
      <section aria-label="帮办案件">
        <Table<AssistedCase>
          rowKey="caseId"
          loading={isPending}
          dataSource={cases}
          pagination={false}
          locale={{ emptyText: <Typography.Text>暂无帮办案件</Typography.Text> }}
          columns={[
            {
              title: '建设单位',
              key: 'o',
              render: (_, c) => (c.status === 'open' ? c.ownerName : `${c.ownerName}（已结束）`),
            },
            { title: '服务方式', key: 'm', render: (_, c) => MODES[c.mode] },
            {
              title: '覆盖阶段',
              key: 's',
              render: (_, c) => c.stages.map((s) => CATALOGUE_STAGES[s] ?? s).join('、'),
            },
            {
              title: '回访',
              key: 'v',
              render: (_, c) =>
                due(c) > 0 ? <Tag color="red">{`${due(c)} 次回访到期`}</Tag> : `${c.visits.length} 次`,
            },
            {
              title: '操作',
              key: 'a',
              render: (_, c) => (
                // A plain button: the small primary one's blue fails AA contrast once it was pressed (axe).
                <Button size="small" onClick={() => setSelected(c.caseId)}>
                  {`办理 ${c.ownerName}`}
                </Button>
              ),
            },
          ]}
        />
      </section>
      {current && <CaseCard c={current} />}
    </>
  )
}

function CaseCard({ c }: { c: AssistedCase }) {
  const client = useQueryClient()
  const refresh = () => client.invalidateQueries({ queryKey: keys.helperCases() })
  const schedule = useMutation({
    mutationFn: (v: { purpose: string; channel: 'on-site' | 'meeting' | 'phone'; workingDays: number }) =>
      must(api.POST('/api/v1/assisted-cases/{id}/visits', { params: { path: { id: c.caseId } }, body: v })),
    onSuccess: refresh,
  })
  const record = useMutation({
    mutationFn: (v: { visitId: string; outcome: string }) =>
      must(
        api.POST('/api/v1/assisted-cases/{id}/visits/{visitId}/record', {
          params: { path: { id: c.caseId, visitId: v.visitId } },
          body: { outcome: v.outcome },
        }),
      ),
    onSuccess: refresh,
  })
  // A closed case is read only: its helper acts for the owner no more, and its visits not recorded have ended.
  const active = c.status === 'open'
  const open = c.visits.filter((v) => v.status === 'scheduled' || v.status === 'due')
  return (
    <Card title={<h2 style={h2}>{`${c.ownerName} · 帮办案件`}</h2>} size="small" style={{ marginTop: 16 }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="统一社会信用代码">{c.ownerCreditCode}</Descriptions.Item>
        <Descriptions.Item label="开通日期">{chineseDate(c.openedOn)}</Descriptions.Item>
        <Descriptions.Item label="案件状态">{caseState(c)}</Descriptions.Item>
      </Descriptions>

      <section aria-label="代为办理">
        <Typography.Title level={3} style={{ fontSize: 14 }}>
          代为办理（代表建设单位提交材料、撤件）
        </Typography.Title>
        {active ? (
          <CaseApplications c={c} onActed={refresh} />
        ) : (
          <Typography.Paragraph>案件已结束，申请由建设单位自行办理。</Typography.Paragraph>
        )}
        <Table
          rowKey={(a) => `${a.at}-${a.applicationId}-${a.act}`}
          size="small"
          pagination={false}
          dataSource={c.acts}
          style={{ marginTop: 8 }}
          locale={{ emptyText: <Typography.Text>暂无代办记录</Typography.Text> }}
          columns={[
            { title: '日期', key: 'on', render: (_, a) => chineseDate(a.on) },
            { title: '事项', key: 'act', render: (_, a) => ACTS[a.act] ?? a.act },
            // The step as the project's own flow names it (intake names it; the code only if the flow no longer does).
            { title: '环节', key: 'step', render: (_, a) => a.stepName ?? a.step },
          ]}
        />
      </section>

      <SupplementAnswer c={c} onAnswered={refresh} />

      <section aria-label="跟踪回访" style={{ marginTop: 16 }}>
        <Typography.Title level={3} style={{ fontSize: 14 }}>
          跟踪回访
        </Typography.Title>
        <ProblemAlert error={schedule.error ?? record.error} />
        <Table
          rowKey="visitId"
          size="small"
          pagination={false}
          dataSource={c.visits}
          locale={{ emptyText: <Typography.Text>暂无回访安排</Typography.Text> }}
          columns={[
            { title: '回访事项', key: 'p', dataIndex: 'purpose' },
            { title: '方式', key: 'ch', render: (_, v) => CHANNELS[v.channel] },
            { title: '回访日期', key: 'due', render: (_, v) => chineseDate(v.dueOn) },
            {
              title: '状态',
              key: 's',
              render: (_, v) =>
                v.status === 'due' ? <Tag color="red">{VISIT_STATUS[v.status]}</Tag> : VISIT_STATUS[v.status],
            },
            { title: '回访结果', key: 'o', render: (_, v) => v.outcome ?? '—' },
          ]}
        />
        {active && (
          <Form
            name="schedule-visit"
            layout="inline"
            style={{ marginTop: 8 }}
            initialValues={{ channel: 'on-site', workingDays: 5 }}
            onFinish={(v) => schedule.mutate(v)}
          >
            <Form.Item name="purpose" label="回访事项" rules={[{ required: true, message: '请填写回访事项' }]}>
              <Input style={{ width: 240 }} maxLength={500} />
            </Form.Item>
            <Form.Item name="channel" label="回访方式">
              <Select
                style={{ width: 120 }}
                options={Object.entries(CHANNELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="workingDays" label="几个工作日后">
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Button htmlType="submit" loading={schedule.isPending}>
              安排回访
            </Button>
          </Form>
        )}
        {active && open.length > 0 && (
          <Form
            name="record-visit"
            layout="inline"
            style={{ marginTop: 8 }}
            initialValues={{ visitId: open[0]?.visitId }}
            onFinish={(v) => record.mutate(v)}
          >
            <Form.Item name="visitId" label="回访">
              <Select
                style={{ width: 240 }}
                options={open.map((v) => ({ value: v.visitId, label: `${v.purpose}（${chineseDate(v.dueOn)}）` }))}
              />
            </Form.Item>
            <Form.Item name="outcome" label="回访结果" rules={[{ required: true, message: '请填写回访结果' }]}>
              <Input style={{ width: 280 }} maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              记录回访
            </Button>
          </Form>
        )}
      </section>
    </Card>
  )
}

type CaseApplication =
  paths['/api/v1/assisted-cases/{id}/applications']['get']['responses'][200]['content']['application/json']['applications'][number]

/** The applications an open case covers, read through the case; one query for the desk's lists and its 补正 answers. */
const caseApplicationsQuery = (caseId: string) => ({
  queryKey: [...keys.helperCases(), caseId, 'applications'] as const,
  queryFn: async () =>
    (await must(api.GET('/api/v1/assisted-cases/{id}/applications', { params: { path: { id: caseId } } })))
      .applications,
})

/** 办理状态 by national code (1 接件, 2 撤件, 3 受理, 4 不受理, 5 不予受理). */
const RECEIPT_STATE: Record<CaseApplication['nationalCode'], string> = {
  1: '已接件，待受理',
  2: '已撤件',
  3: '已受理',
  4: '不受理',
  5: '不予受理',
}

/**
 * 代为办理: the applications the case covers (read through the case: `GET /api/v1/assisted-cases/{id}/applications`),
 * each with what the owner still owes on it. The helper chooses an application and hands in the materials listed
 * from it — the 一次性告知's (all at once, the one answer) or the 容缺 ones — and may withdraw (撤件) one only received.
 * It types no ids and no material codes; each act is recorded on the owner's behalf.
 */
function CaseApplications({ c, onActed }: { c: AssistedCase; onActed: () => Promise<void> }) {
  const client = useQueryClient()
  const { queryKey: key, queryFn } = caseApplicationsQuery(c.caseId)
  const applications = useQuery({ queryKey: key, queryFn })
  const done = async () => {
    await Promise.all([onActed(), client.invalidateQueries({ queryKey: key })])
  }
  const [form] = Form.useForm<{ applicationId: string; materials: Array<{ code: string; documentRef?: string }> }>()
  const chosenId = Form.useWatch('applicationId', form)
  const hand = useMutation({
    mutationFn: (v: { applicationId: string; materials: Array<{ code: string; documentRef: string }> }) =>
      must(
        api.POST('/api/v1/applications/{id}/materials', {
          params: { path: { id: v.applicationId } },
          body: { materials: v.materials },
        }),
      ),
    onSuccess: async () => {
      form.resetFields()
      await done()
    },
  })
  const [withdrawing, setWithdrawing] = useState<CaseApplication>()
  const withdraw = useMutation({
    mutationFn: (v: { applicationId: string; reason?: string }) =>
      must(
        api.POST('/api/v1/applications/{id}/withdraw-receipt', {
          params: { path: { id: v.applicationId } },
          body: v.reason ? { reason: v.reason } : {},
        }),
      ),
    onSuccess: async () => {
      setWithdrawing(undefined)
      await done()
    },
  })
  const rows = applications.data ?? []
  const owing = rows.filter((a) => a.owed.kind !== 'none')
  const chosen = owing.find((a) => a.applicationId === chosenId)
  // Each row carries its material's code from the moment the application is chosen: a refetch of the list before the
  // hand-in may change what is owed, and the files typed must go with the materials they were typed against.
  const choose = (applicationId: string) => {
    const a = owing.find((x) => x.applicationId === applicationId)
    form.setFieldsValue({
      applicationId,
      materials: (a?.owed.materials ?? []).map((code) => ({ code, documentRef: '' })),
    })
  }
  return (
    <>
      <ProblemAlert error={applications.error ?? hand.error ?? withdraw.error} />
      {hand.isSuccess && <Typography.Paragraph>已代表建设单位提交，办理记录已留痕。</Typography.Paragraph>}
      {withdraw.isSuccess && <Typography.Paragraph>已代表建设单位撤件，办理记录已留痕。</Typography.Paragraph>}
      <section aria-label="覆盖的申请">
        <Table<CaseApplication>
          rowKey="applicationId"
          size="small"
          scroll={{ x: true }}
          loading={applications.isPending}
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: <Typography.Text>本案件覆盖的阶段暂无申请</Typography.Text> }}
          columns={[
            { title: '申请事项', key: 'n', render: (_, a) => a.stepName },
            { title: '受理编号', key: 'r', dataIndex: 'receiptNumber' },
            { title: '办理状态', key: 's', render: (_, a) => RECEIPT_STATE[a.nationalCode] },
            {
              title: '尚需提交',
              key: 'o',
              render: (_, a) =>
                a.owed.kind === 'none'
                  ? '—'
                  : `${materialNames(a.owed.materials)}${a.owed.kind === 'receipt-notice' ? '（一次性告知）' : '（容缺）'}`,
            },
            {
              title: '操作',
              key: 'a',
              render: (_, a) =>
                a.nationalCode === 1 && a.status === 'open' ? (
                  <Button size="small" danger onClick={() => setWithdrawing(a)}>
                    {`撤件 ${a.receiptNumber}`}
                  </Button>
                ) : null,
            },
          ]}
        />
      </section>
      {withdrawing && (
        <section aria-label="代为撤件" style={{ marginTop: 8 }}>
          <Typography.Paragraph>
            {`撤回 ${withdrawing.stepName}（${withdrawing.receiptNumber}）：撤件后该申请不再受理，建设单位需重新申请。`}
          </Typography.Paragraph>
          <Form
            name="withdraw-receipt"
            layout="inline"
            onFinish={(v: { reason?: string }) =>
              withdraw.mutate({ applicationId: withdrawing.applicationId, reason: v.reason?.trim() || undefined })
            }
          >
            <Form.Item name="reason" label="撤件原因">
              <Input style={{ width: 'min(320px, 60vw)' }} maxLength={2000} />
            </Form.Item>
            <Button htmlType="submit" danger loading={withdraw.isPending}>
              确认撤件
            </Button>
            <Button onClick={() => setWithdrawing(undefined)} style={{ marginLeft: 8 }}>
              取消
            </Button>
          </Form>
        </section>
      )}
      {owing.length > 0 && (
        <Form
          form={form}
          name="act-for-owner"
          layout="vertical"
          style={{ marginTop: 8 }}
          onFinish={(v) => {
            // The codes are the rows' own, set when the application was chosen: the helper gives only each one's file.
            const materials = (v.materials ?? []).flatMap((m) =>
              m.code && m.documentRef?.trim() ? [{ code: m.code, documentRef: m.documentRef.trim() }] : [],
            )
            if (materials.length > 0) hand.mutate({ applicationId: v.applicationId, materials })
            // 容缺 materials may come one by one, but a hand-in of none is no act: said, not silently dropped.
            else form.setFields([{ name: ['materials', 0, 'documentRef'], errors: ['请至少填写一项材料文件'] }])
          }}
        >
          <Form.Item name="applicationId" label="选择申请" rules={[{ required: true, message: '请选择申请' }]}>
            <Select
              style={{ width: 'min(640px, 90vw)' }}
              onChange={choose}
              options={owing.map((a) => ({
                value: a.applicationId,
                label: `${a.stepName}（${a.receiptNumber}）：尚需 ${materialNames(a.owed.materials)}`,
              }))}
            />
          </Form.Item>
          {chosen?.owed.kind === 'receipt-notice' && (
            <Typography.Paragraph>{`一次性告知：${chosen.owed.reason ?? ''}（须一次提交全部材料）`}</Typography.Paragraph>
          )}
          <Form.List name="materials">
            {(fields) =>
              fields.map((field) => {
                const code: string = form.getFieldValue(['materials', field.name, 'code']) ?? ''
                return (
                  <Fragment key={field.key}>
                    <Form.Item name={[field.name, 'code']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'documentRef']}
                      label={`${materialName(code)}文件`}
                      rules={[
                        {
                          // The 一次性告知 is answered once, with every material; 容缺 ones may come one by one.
                          required: chosen?.owed.kind === 'receipt-notice',
                          whitespace: true,
                          message: '请填写材料文件',
                        },
                      ]}
                    >
                      <Input style={{ width: 'min(420px, 80vw)' }} maxLength={500} />
                    </Form.Item>
                  </Fragment>
                )
              })
            }
          </Form.List>
          <Button type="primary" htmlType="submit" loading={hand.isPending}>
            代为提交
          </Button>
        </Form>
      )}
    </>
  )
}

type CaseNotice = {
  noticeId: string
  applicationId: string
  step: string
  issuedAt: string
  requests: Array<{ department: string; materials: string[]; reason: string }>
}

/**
 * 代为答复补正: the open 补正 notices of the applications the case covers (read through the case, not the owner's
 * status), one chosen; the materials it asks for are listed from the notice, and the helper gives each one's file, all
 * in the one answer approval takes. The helper types no ids.
 */
function SupplementAnswer({ c, onAnswered }: { c: AssistedCase; onAnswered: () => Promise<void> }) {
  const client = useQueryClient()
  const notices = useQuery({
    queryKey: [...keys.helperCases(), c.caseId, 'notices'] as const,
    queryFn: async () =>
      (await must(api.GET('/api/v1/assisted-cases/{id}/notices', { params: { path: { id: c.caseId } } })))
        .notices as CaseNotice[],
    // A closed case's notices are the owner's to answer (intake refuses the read, 403 case-closed): not asked for.
    enabled: c.status === 'open',
  })
  const [form] = Form.useForm<{ noticeId: string; materials: Array<{ code: string; documentRef: string }> }>()
  const answer = useMutation({
    mutationFn: (v: { notice: CaseNotice; materials: Array<{ code: string; documentRef: string }> }) =>
      must(
        api.POST('/api/v1/applications/{id}/materials', {
          params: { path: { id: v.notice.applicationId } },
          body: { noticeId: v.notice.noticeId, materials: v.materials },
        }),
      ),
    onSuccess: async () => {
      form.resetFields()
      await Promise.all([onAnswered(), client.invalidateQueries({ queryKey: [...keys.helperCases(), c.caseId] })])
    },
  })
  // Each notice's step by the name its application carries (the project's flow's), as the applications list says it.
  const applications = useQuery({ ...caseApplicationsQuery(c.caseId), enabled: c.status === 'open' })
  const stepNames = new Map((applications.data ?? []).map((a) => [a.applicationId, a.stepName]))
  const open = notices.data ?? []
  const label = (n: CaseNotice) =>
    `${stepNames.get(n.applicationId) || n.step}：${n.requests.map((r) => `${departmentName(r.department)}要求补正 ${materialNames(r.materials)}`).join('；')}（${chineseDateTime(n.issuedAt)}发出）`
  const choose = (noticeId: string) => {
    const n = open.find((x) => x.noticeId === noticeId)
    const codes = [...new Set(n?.requests.flatMap((r) => r.materials) ?? [])]
    form.setFieldsValue({ noticeId, materials: codes.map((code) => ({ code, documentRef: '' })) })
  }
  return (
    <section aria-label="代为答复补正" style={{ marginTop: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        代为答复补正告知（代表建设单位一次性提交部门要求补正的全部材料）
      </Typography.Title>
      <ProblemAlert error={notices.error ?? answer.error} />
      {answer.isSuccess && (
        <Typography.Paragraph>已代表建设单位答复补正告知，部门审批恢复计时，办理记录已留痕。</Typography.Paragraph>
      )}
      {c.status !== 'open' && <Typography.Paragraph>案件已结束，补正告知由建设单位自行答复。</Typography.Paragraph>}
      {notices.isSuccess && open.length === 0 && (
        <Typography.Paragraph>本案件覆盖的申请暂无待答复的补正告知。</Typography.Paragraph>
      )}
      {open.length > 0 && (
        <Form
          form={form}
          name="answer-supplement"
          layout="vertical"
          onFinish={(v) => {
            const notice = open.find((n) => n.noticeId === v.noticeId)
            if (notice) answer.mutate({ notice, materials: v.materials })
          }}
        >
          <Form.Item name="noticeId" label="选择补正告知" rules={[{ required: true, message: '请选择补正告知' }]}>
            <Select
              style={{ width: 'min(640px, 90vw)' }}
              onChange={choose}
              options={open.map((n) => ({ value: n.noticeId, label: label(n) }))}
            />
          </Form.Item>
          <Form.List name="materials">
            {(fields) =>
              fields.map((field, i) => (
                <Flex key={field.key} gap={8} wrap align="baseline">
                  <Form.Item name={[field.name, 'code']} label={`补正材料${i + 1}`}>
                    <Input style={{ width: 220 }} readOnly />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'documentRef']}
                    label={`补正材料${i + 1}文件`}
                    rules={[{ required: true, message: '请填写材料文件' }]}
                  >
                    <Input style={{ width: 280 }} maxLength={500} />
                  </Form.Item>
                </Flex>
              ))
            }
          </Form.List>
          <Button type="primary" htmlType="submit" loading={answer.isPending} style={{ marginTop: 8 }}>
            代为答复补正
          </Button>
        </Form>
      )}
    </section>
  )
}
