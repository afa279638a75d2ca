import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, Route, Routes, useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { countsFrom } from '../../explanation'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { materialNames } from '../../materials'
import { useActor } from '../../session'
import { NotFound } from '../not-found'
import { Defects } from '../shared-results/defects'
import { ENTRY_KINDS } from '../shared-results/names'
import { CASE_STATUS, ITEM_STATUS } from './names'
import { type Defect, type DefectRow, defectOf, NONE, OUTSIDE, requirementOptions } from './requirements'

type CaseList = paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']
type AcceptanceCase = CaseList['cases'][number]
type CaseStatus = AcceptanceCase['status']
type Item = AcceptanceCase['items'][number]
type LandListAnswer = paths['/api/v1/acceptance/{id}/land-list']['get']['responses'][200]['content']['application/json']
type LandList = NonNullable<LandListAnswer['landList']>

const unitName = (unit: string) => (unit === 'W' ? '个工作日' : '个自然日')
const itemName = (i: Item) => i.itemName ?? i.item

/**
 * 联合验收 — a department's joint completion acceptance cases. The lead department (牵头部门), signed in as its `lead`,
 * reads its case whole, schedules the joint inspection (and each re-inspection after a rectification round), gives its
 * own department's opinions, and prints the 联合验收意见书 once the last item has passed. A `reviewer`, and the lead of
 * a department that only has an item in a case, reads its own items, the plot's 用地清单 and gives its opinions: the
 * inspection and the letter are the leading lead's.
 */
export default function AcceptanceCases() {
  return (
    <Routes>
      <Route index element={<CaseList />} />
      <Route path=":caseId" element={<CasePage />} />
    </Routes>
  )
}

function useCases() {
  return useQuery({
    queryKey: keys.acceptanceCases(),
    queryFn: () => must(api.GET('/api/v1/acceptance', {})),
    refetchOnWindowFocus: true,
  })
}

/** Whether the caller runs the case: the `lead` of the case's lead department (the inspection route allows no other). */
function useLeads(c: AcceptanceCase) {
  const { role, department } = useActor()
  return role === 'lead' && c.lead === department
}

function CaseList() {
  const { role } = useActor()
  const [status, setStatus] = useState<CaseStatus | 'all'>('all')
  const { data, error, isPending } = useCases()
  const cases = (data?.cases ?? []).filter((c) => status === 'all' || c.status === status)
  return (
    <>
      <Typography.Title level={1}>联合验收</Typography.Title>
      <ProblemAlert error={error} />
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="case-status">案件状态</label>
        <Select
          id="case-status"
          style={{ width: 220 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: '全部' },
            ...Object.entries(CASE_STATUS).map(([value, s]) => ({ value, label: s.name })),
          ]}
        />
      </Space>
      <Table<AcceptanceCase>
        rowKey="caseId"
        loading={isPending}
        dataSource={cases}
        pagination={false}
        locale={{ emptyText: role === 'lead' ? '暂无牵头或参加的联合验收案件' : '暂无本部门参加的联合验收案件' }}
        columns={[
          {
            title: '建设单位',
            key: 'owner',
            render: (_, c) => <Link to={`/acceptance/${c.caseId}`}>{c.owner.name}</Link>,
          },
          { title: '验收范围', key: 'part', render: (_, c) => c.part ?? '整个项目' },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => <StatusTag tone={CASE_STATUS[c.status].tone}>{CASE_STATUS[c.status].name}</StatusTag>,
          },
          { title: '受理日期', key: 'openedAt', render: (_, c) => chineseDate(c.openedAt) },
          {
            title: '现场检查',
            key: 'inspection',
            render: (_, c) => (c.inspection ? `${chineseDate(c.inspection.date)}（第 ${c.inspection.round} 轮）` : '—'),
          },
          { title: '意见书编号', key: 'opinionNumber', render: (_, c) => c.opinionNumber ?? '—' },
        ]}
      />
    </>
  )
}

function CasePage() {
  const { caseId = '' } = useParams()
  const { data, error, isPending } = useCases()
  if (isPending) return <Loading />
  const c = data?.cases.find((x) => x.caseId === caseId)
  if (!c) return error ? <ProblemAlert error={error} /> : <NotFound what="联合验收案件" />
  return <Case c={c} />
}

function Case({ c }: { c: AcceptanceCase }) {
  const { department } = useActor()
  const leads = useLeads(c)
  const decided = c.status === 'passed' || c.status === 'failed'
  // Who does not run the case reads its own department's items alone (the gateway sends no others unless it leads).
  const items = leads ? c.items : c.items.filter((i) => i.department === department)
  const own = items.filter((i) => i.department === department && i.status === 'pending')
  const landList = useLandList(c.caseId)
  return (
    <>
      <Typography.Title level={1} className="no-print">
        联合验收案件 · {c.owner.name}
      </Typography.Title>
      <Descriptions
        className="no-print"
        bordered
        size="small"
        column={2}
        items={[
          { key: 'owner', label: '建设单位', children: c.owner.name },
          { key: 'code', label: '统一社会信用代码', children: c.owner.creditCode },
          { key: 'part', label: '验收范围', children: c.part ?? '整个项目' },
          { key: 'lead', label: '牵头部门', children: departmentName(c.lead) },
          {
            key: 'status',
            label: '状态',
            children: <StatusTag tone={CASE_STATUS[c.status].tone}>{CASE_STATUS[c.status].name}</StatusTag>,
          },
          { key: 'opened', label: '受理日期', children: chineseDate(c.openedAt) },
          {
            key: 'clock',
            label: '验收时限',
            children: c.clock
              ? `${c.clock.limit.value} ${unitName(c.clock.limit.unit)}，${countsFrom(c.clock.start, c.clock.limit.unit)}（公示期不计）`
              : '—',
          },
          {
            key: 'inspection',
            label: '现场检查',
            children: c.inspection
              ? `第 ${c.inspection.round} 轮：${chineseDate(c.inspection.date)}，${c.inspection.place}；参加部门 ${c.inspection.participants.map(departmentName).join('、')}`
              : '尚未安排',
          },
        ]}
      />
      {c.status === 'rectifying' && (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title="整改中"
          description="需整改的事项待建设单位报告整改完成后，只对这些事项安排复验；其余事项的意见保留。"
        />
      )}
      <Typography.Title level={2} className="no-print" style={{ marginTop: 24 }}>
        {leads ? '验收事项与意见' : '本部门验收事项与意见'}
      </Typography.Title>
      <Table<Item>
        className="no-print"
        rowKey="item"
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          { title: '事项', key: 'item', render: (_, i) => itemName(i) },
          { title: '部门', key: 'department', render: (_, i) => departmentName(i.department) },
          {
            title: '意见',
            key: 'status',
            render: (_, i) => <StatusTag tone={ITEM_STATUS[i.status].tone}>{ITEM_STATUS[i.status].name}</StatusTag>,
          },
          { title: '检查轮次', key: 'round', render: (_, i) => (i.round > 0 ? `第 ${i.round} 轮` : '—') },
          {
            title: '整改问题',
            key: 'defects',
            render: (_, i) => <Defects item={i} entries={landList.data?.landList?.entries} />,
          },
        ]}
      />
      {/* Only items waiting for an inspection are inspected: none while the owner is still rectifying. */}
      {leads && !decided && c.items.some((i) => i.status === 'pending') && <ScheduleInspection c={c} />}
      <LandListCard answer={landList.data} error={landList.error} />
      {!leads && !decided && !c.inspection && own.length > 0 && (
        <Typography.Paragraph className="no-print" type="secondary" style={{ marginTop: 24 }}>
          牵头部门安排现场检查后，可在此提交本部门意见。
        </Typography.Paragraph>
      )}
      {!decided && c.inspection && own.length > 0 && <OwnOpinion c={c} items={own} landList={landList} />}
      {leads && c.opinionNumber && <OpinionLetter c={c} />}
    </>
  )
}

function useCaseCommand<B>(send: (body: B) => Promise<{ case: AcceptanceCase }>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (answer) =>
      putRow<CaseList, AcceptanceCase>(
        client,
        keys.acceptanceCases(),
        'cases',
        answer.case,
        (a, b) => a.caseId === b.caseId,
      ),
  })
}

type InspectionForm = { date: Dayjs; place: string; participants: string[] }

function ScheduleInspection({ c }: { c: AcceptanceCase }) {
  const [form] = Form.useForm<InspectionForm>()
  const departments = [...new Set(c.items.map((i) => i.department))]
  const waiting = [...new Set(c.items.filter((i) => i.status === 'pending').map((i) => i.department))]
  // The first inspection, the same one moved, or the re-inspection of what was rectified.
  const action = !c.inspection ? '安排现场检查' : c.status === 'scheduled' ? '重新安排现场检查' : '安排复验'
  const schedule = useCaseCommand((body: { date: string; place: string; participants: string[] }) =>
    must(api.POST('/api/v1/acceptance/{id}/inspection', { params: { path: { id: c.caseId } }, body })),
  )
  const err = schedule.error
  return (
    <Card className="no-print" title={action} style={{ marginTop: 24 }}>
      <ProblemAlert error={err} />
      <Form<InspectionForm>
        form={form}
        layout="vertical"
        initialValues={{ participants: waiting.length > 0 ? waiting : departments }}
        onFinish={(v) =>
          schedule.mutate({ date: v.date.format('YYYY-MM-DD'), place: v.place.trim(), participants: v.participants })
        }
      >
        <Form.Item
          name="date"
          label="检查日期"
          rules={[{ required: true, message: '请选择检查日期' }]}
          help={fieldMessage(err, '/body/date')}
          validateStatus={fieldMessage(err, '/body/date') ? 'error' : undefined}
        >
          <DatePicker format={['YYYY年M月D日', 'YYYY-MM-DD']} placeholder="如 2026-03-16" />
        </Form.Item>
        <Form.Item
          name="place"
          label="检查地点"
          rules={[{ required: true, whitespace: true, message: '请填写检查地点' }]}
          help={fieldMessage(err, '/body/place')}
          validateStatus={fieldMessage(err, '/body/place') ? 'error' : undefined}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="participants"
          label="参加部门"
          rules={[{ required: true, message: '请选择参加部门' }]}
          help={fieldMessage(err, '/body/participants')}
          validateStatus={fieldMessage(err, '/body/participants') ? 'error' : undefined}
        >
          <Select mode="multiple" options={departments.map((d) => ({ value: d, label: departmentName(d) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={schedule.isPending}>
          {action}
        </Button>
        {schedule.isSuccess && (
          <Typography.Text type="success" style={{ marginLeft: 16 }}>
            已安排
          </Typography.Text>
        )}
      </Form>
    </Card>
  )
}

/**
 * 用地清单 (004:2263): the list the case's defects are checked against — read from acceptance, which holds the list the
 * project's plot was linked with. A list never changes once published, so time alone never makes it stale; but its
 * key sits under `keys.cases()`, so every live message about a case (acceptance, utility, registration, certificate:
 * live.ts `keysOf`) reloads it — rightly, since a plot linked after the page opened shows up that way.
 */
function useLandList(caseId: string) {
  return useQuery({
    queryKey: keys.acceptanceLandList(caseId),
    queryFn: () => must(api.GET('/api/v1/acceptance/{id}/land-list', { params: { path: { id: caseId } } })),
    staleTime: Number.POSITIVE_INFINITY,
  })
}

function LandListCard({ answer, error }: { answer: LandListAnswer | undefined; error: unknown }) {
  if (error) return <ProblemAlert error={error} />
  if (!answer) return null
  const list = answer.landList
  return (
    <Card className="no-print" title="用地清单" size="small" style={{ marginTop: 24 }}>
      {list ? (
        <section aria-label="用地清单">
          <Typography.Paragraph>
            {`地块 ${list.plotCode}（${list.name}）的用地清单，${chineseDate(list.publishedOn)}公布。`}
            {'验收环节不得增加清单外的要求：整改问题若要求建设单位提交材料，只能依据清单所列条件。'}
          </Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {list.entries.map((e, n) => (
              // The list is published once and never changes: an entry's place is its identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={n}>
                {ENTRY_KINDS[e.kind] ?? e.kind}：{e.text}
                {e.materials?.length ? `（可要求：${materialNames(e.materials)}）` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <Typography.Text>本项目未关联用地清单：整改问题按文字记录，不核对清单。</Typography.Text>
      )}
    </Card>
  )
}

type OpinionForm = { item: string; opinion: 'pass' | 'rectify' | 'fail'; defects?: DefectRow[] }

function OwnOpinion({
  c,
  items,
  landList: answer,
}: {
  c: AcceptanceCase
  items: Item[]
  landList: UseQueryResult<LandListAnswer>
}) {
  const [form] = Form.useForm<OpinionForm>()
  const opinion = Form.useWatch('opinion', form)
  const rows = Form.useWatch('defects', form)
  const record = useCaseCommand((body: { item: string; opinion: OpinionForm['opinion']; defects?: Defect[] }) =>
    must(api.POST('/api/v1/acceptance/{id}/opinions', { params: { path: { id: c.caseId } }, body })),
  )
  const err = record.error
  const outsideList = err instanceof ApiProblem && err.code === 'ACCEPTANCE_OUTSIDE_LAND_LIST'
  // Only an answer tells whether the project is on a listed plot: while it is on its way the form says so, and after a
  // failure it says nothing (the card 用地清单 shows the error) — in both the defects are text alone meanwhile.
  const landList = answer.data?.landList
  const unlisted = answer.data !== undefined && landList === undefined && !answer.error
  const options = requirementOptions(landList?.entries ?? [])
  return (
    <Card className="no-print" title="本部门验收意见" style={{ marginTop: 24 }}>
      {outsideList ? <OutsideListAlert problem={err} landList={landList} /> : <ProblemAlert error={err} />}
      <Form<OpinionForm>
        form={form}
        layout="vertical"
        initialValues={{ item: items[0]?.item, opinion: 'pass', defects: [{ text: '', requires: NONE }] }}
        onFinish={(v) => {
          const defects = (v.defects ?? []).filter((d) => (d.text ?? '').trim() !== '').map(defectOf)
          record.mutate({ item: v.item, opinion: v.opinion, ...(v.opinion === 'rectify' ? { defects } : {}) })
        }}
      >
        <Form.Item name="item" label="验收事项" rules={[{ required: true, message: '请选择事项' }]}>
          <Select options={items.map((i) => ({ value: i.item, label: itemName(i) }))} />
        </Form.Item>
        <Form.Item name="opinion" label="意见">
          <Radio.Group
            options={[
              { value: 'pass', label: '通过' },
              { value: 'rectify', label: '需整改' },
              { value: 'fail', label: '不通过' },
            ]}
          />
        </Form.Item>
        {opinion === 'rectify' && (
          <Form.List name="defects">
            {(fields, { add, remove }) => (
              <section aria-label="整改问题">
                <Typography.Text strong>整改问题</Typography.Text>
                {answer.isPending && <Typography.Paragraph type="secondary">正在读取用地清单…</Typography.Paragraph>}
                {unlisted && (
                  <Typography.Paragraph type="secondary">
                    本项目未关联用地清单，整改问题按文字记录。
                  </Typography.Paragraph>
                )}
                {fields.map((field, n) => {
                  const requiresError = fieldMessage(err, `/body/defects/${n}/requires`)
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      style={{ marginTop: 8 }}
                      title={`问题 ${n + 1}`}
                      extra={
                        fields.length > 1 && (
                          <Button type="link" onClick={() => remove(field.name)}>
                            删除问题 {n + 1}
                          </Button>
                        )
                      }
                    >
                      <Form.Item
                        name={[field.name, 'text']}
                        label={`问题 ${n + 1} 说明`}
                        rules={[{ required: true, whitespace: true, message: '需整改时请写明问题' }]}
                      >
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                      {landList && (
                        <Form.Item
                          name={[field.name, 'requires']}
                          label={`问题 ${n + 1} 依据的清单要求`}
                          help={requiresError ? `清单外的要求：地块 ${landList.plotCode} 的用地清单未列明` : undefined}
                          validateStatus={requiresError ? 'error' : undefined}
                        >
                          <Select options={options} />
                        </Form.Item>
                      )}
                      {landList && rows?.[n]?.requires === OUTSIDE && (
                        <Form.Item
                          name={[field.name, 'outside']}
                          label={`问题 ${n + 1} 要求的材料代码`}
                          rules={[{ required: true, whitespace: true, message: '请填写材料代码' }]}
                        >
                          <Input maxLength={100} placeholder="如 traffic-impact-study" />
                        </Form.Item>
                      )}
                    </Card>
                  )
                })}
                {fields.length < 100 && (
                  <Button style={{ marginTop: 8, marginBottom: 16 }} onClick={() => add({ text: '', requires: NONE })}>
                    增加问题
                  </Button>
                )}
              </section>
            )}
          </Form.List>
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            提交意见
          </Button>
        </div>
      </Form>
    </Card>
  )
}

/** Acceptance refused a requirement outside the plot's list: said plainly, naming the list and what it lacks. */
function OutsideListAlert({ problem, landList }: { problem: ApiProblem; landList: LandList | undefined }) {
  const plotCode = String(problem.body['plotCode'] ?? landList?.plotCode ?? '')
  const published = problem.body['listPublishedOn'] ?? landList?.publishedOn
  const outside = Array.isArray(problem.body['outside']) ? (problem.body['outside'] as string[]) : []
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title="意见未提交：不得增加用地清单外的要求"
      description={
        <>
          地块 {plotCode}
          {landList?.name ? `（${landList.name}）` : ''}的用地清单
          {typeof published === 'string' ? `（${chineseDate(published)}公布）` : ''}未列明
          {outside.length > 0 ? `：${materialNames(outside)}` : '所要求的材料'}
          。验收环节不得擅自增加清单外的要求；请依据清单所列条件提出，或只以文字说明问题。意见未记录。
        </>
      }
    />
  )
}

// Printing the letter shows the letter alone: the header, the menu and the working parts of the page are left out.
const PRINT_CSS = '@media print { .ant-layout-header, .no-print { display: none !important; } }'

function OpinionLetter({ c }: { c: AcceptanceCase }) {
  return (
    <Card
      title="联合验收意见书"
      style={{ marginTop: 24 }}
      extra={
        <Button className="no-print" onClick={() => window.print()}>
          打印
        </Button>
      }
    >
      <style>{PRINT_CSS}</style>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'number', label: '意见书编号', children: c.opinionNumber },
          { key: 'owner', label: '建设单位', children: `${c.owner.name}（${c.owner.creditCode}）` },
          { key: 'part', label: '验收范围', children: c.part ?? '整个项目' },
          { key: 'lead', label: '牵头部门', children: departmentName(c.lead) },
          { key: 'decided', label: '出具时间', children: chineseDateTime(c.decidedAt) },
          {
            key: 'items',
            label: '验收事项',
            children: c.items.map((i) => `${itemName(i)}：${ITEM_STATUS[i.status].name}`).join('；'),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>
        经联合验收，各事项均已通过，同意通过竣工联合验收。本意见书即竣工验收备案。
      </Typography.Paragraph>
    </Card>
  )
}
