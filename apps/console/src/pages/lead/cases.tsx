import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
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
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, Route, Routes, useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { ACCEPTANCE_RESULT_MAXIMA } from '../../bounds'
import { putRow } from '../../cached-rows'
import { BreachFields, type Measure, verificationRows } from '../../components/breach'
import { byDueDay, ClockCell } from '../../components/clock-cell'
import { PassRevokedNotice } from '../../components/pass-revoked'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { departmentNamer } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { materialNames } from '../../materials'
import { useActor } from '../../session'
import { shanghaiDay } from '../../wall-clock'
import { NotFound } from '../not-found'
import { RectificationSection } from '../reviewer/rectification-review'
import { CasePermits } from '../shared/case-permits'
import { Defects } from '../shared-results/defects'
import { ENTRY_KINDS } from '../shared-results/names'
import { FilingFormCard } from './filing-form'
import { letterConclusion, takesResults } from './letter'
import { CASE_STATUS, excludesPublicNotice, exclusionsText, ITEM_STATUS } from './names'
import {
  type Defect,
  type DefectRow,
  defectOf,
  MATERIAL_MAX,
  NONE,
  requirementOptions,
  TEXT_WITH_MATERIAL_MAX,
} from './requirements'

type CaseList = paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']
type AcceptanceCase = CaseList['cases'][number]
type CaseStatus = AcceptanceCase['status']
type Item = AcceptanceCase['items'][number]
type ProjectTitle = CaseList['projects'][number]
type LandListAnswer = paths['/api/v1/acceptance/{id}/land-list']['get']['responses'][200]['content']['application/json']
type LandList = NonNullable<LandListAnswer['landList']>

const itemName = (i: Item) => i.itemName ?? i.item

/** The case's departments as its region's catalogue names them (佛山市住房城乡建设局), else by their national names. */
const namerOf = (c: AcceptanceCase) =>
  departmentNamer({ tasks: [...c.items, { department: c.lead, departmentName: c.leadName ?? null }] })

/** The project a case is on, as the list names it (its title may lag the case a moment: then the owner names it). */
const titleOf = (c: AcceptanceCase, projects: readonly ProjectTitle[] | undefined) =>
  projects?.find((p) => p.projectId === c.projectId)
const projectName = (c: AcceptanceCase, t: ProjectTitle | undefined) => t?.name ?? `${c.owner.name}的项目`

// A label is one line whatever the width: 统一社会信用代码 broken after 信用 reads as two labels.
const LABEL = { whiteSpace: 'nowrap', width: '9em' } as const

/** Whether a case is decided for good (通过 or 不通过): its clock was read on that day and no longer runs. */
const decidedCase = (c: AcceptanceCase) => c.status === 'passed' || c.status === 'failed'

/** The case's clock: its limit and what it does not count (公示), start, due day, days left and alerts. */
const CaseClock = ({ c }: { c: AcceptanceCase }) => (
  <ClockCell
    clock={c.clock}
    state={c.clockState}
    alerts={c.clockAlerts}
    note={exclusionsText(c)}
    finished={decidedCase(c)}
  />
)

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
            title: '项目名称',
            key: 'project',
            render: (_, c) => <Link to={`/acceptance/${c.caseId}`}>{projectName(c, titleOf(c, data?.projects))}</Link>,
          },
          { title: '项目代码', key: 'projectCode', render: (_, c) => titleOf(c, data?.projects)?.projectCode ?? '—' },
          { title: '建设单位', key: 'owner', render: (_, c) => c.owner.name },
          { title: '验收范围', key: 'part', render: (_, c) => c.part ?? '整个项目' },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => <StatusTag tone={CASE_STATUS[c.status].tone}>{CASE_STATUS[c.status].name}</StatusTag>,
          },
          { title: '受理日期', key: 'openedAt', render: (_, c) => chineseDate(c.openedAt) },
          {
            // Soonest due first, as a lead works them; the running cases before the decided ones.
            title: '验收时限（法定办结日）',
            key: 'due',
            defaultSortOrder: 'ascend',
            sortDirections: ['ascend', 'descend', 'ascend'],
            sorter: byDueDay<AcceptanceCase>((c) => c.clockState?.due, decidedCase),
            render: (_, c) => <CaseClock c={c} />,
          },
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
  if (!data || !c) return error ? <ProblemAlert error={error} /> : <NotFound what="联合验收案件" />
  // The legal day is the gateway's (`today`), never the browser's clock.
  return <Case c={c} title={titleOf(c, data.projects)} today={data.today} />
}

function Case({ c, title, today }: { c: AcceptanceCase; title: ProjectTitle | undefined; today: string }) {
  const { department, role } = useActor()
  const leads = useLeads(c)
  const departmentName = namerOf(c)
  const decided = decidedCase(c)
  // Who does not run the case reads its own department's items alone (the gateway sends no others unless it leads).
  const items = leads ? c.items : c.items.filter((i) => i.department === department)
  const own = items.filter((i) => i.department === department && i.status === 'pending')
  const landList = useLandList(c.caseId)
  return (
    <>
      <Typography.Title level={1} className="no-print">
        联合验收案件 · {projectName(c, title)}
      </Typography.Title>
      <Descriptions
        className="no-print"
        bordered
        size="small"
        column={2}
        styles={{ label: LABEL }}
        items={[
          { key: 'project', label: '项目名称', children: title?.name ?? '—' },
          { key: 'projectCode', label: '项目代码', children: title?.projectCode ?? '—' },
          ...(title?.location ? [{ key: 'location', label: '建设地点', children: title.location }] : []),
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
            children: <CaseClock c={c} />,
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
      {role === 'lead' && (
        // The project's permits the lead department uses in the acceptance, each open to 证照异议 (004:1134); a
        // reviewer reads them on its task page.
        <div className="no-print" style={{ marginTop: 24 }}>
          <Typography.Title level={2}>电子证照与异议</Typography.Title>
          <CasePermits projectId={c.projectId} />
        </div>
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
            title: '整改问题或不通过理由',
            key: 'defects',
            render: (_, i) => <Defects item={i} entries={landList.data?.landList?.entries} />,
          },
        ]}
      />
      {/* Only items waiting for an inspection are inspected: none while the owner is still rectifying. */}
      {leads && !decided && c.items.some((i) => i.status === 'pending') && <ScheduleInspection c={c} today={today} />}
      {items.some((i) => i.status === 'committed') && (
        <Commitments c={c} items={items.filter((i) => i.status === 'committed')} today={today} />
      )}
      <LandListCard answer={landList.data} error={landList.error} />
      {!leads && !decided && !c.inspection && own.length > 0 && (
        <Typography.Paragraph className="no-print" type="secondary" style={{ marginTop: 24 }}>
          牵头部门安排现场检查后，可在此提交本部门意见。
        </Typography.Paragraph>
      )}
      {!decided && c.inspection && own.length > 0 && (
        // A new form once an opinion leaves the items waiting otherwise: it proposes the first still waiting.
        <OwnOpinion key={own.map((i) => i.item).join()} c={c} items={own} landList={landList} />
      )}
      {c.passRevoked && (
        <PassRevokedNotice
          revoked={c.passRevoked}
          itemName={items.find((i) => i.item === c.passRevoked?.item)?.itemName ?? c.passRevoked.item}
          filed={c.filingForm !== undefined}
        />
      )}
      {leads && c.opinionNumber && <OpinionLetter c={c} title={title} />}
      {takesResults(c) && items.some((i) => i.department === department && !i.result) && (
        <OwnResult c={c} items={items.filter((i) => i.department === department && !i.result)} today={today} />
      )}
      {leads && <FilingFormCard c={c} project={title} departmentName={departmentName} />}
    </>
  )
}

function useCaseCommand<B>(send: (body: B) => Promise<{ case: AcceptanceCase }>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      // A command answers the case without its evaluated clock: the listed one is kept until the list is read again.
      const listed = client
        .getQueryData<CaseList>(keys.acceptanceCases())
        ?.cases.find((x) => x.caseId === answer.case.caseId)
      putRow<CaseList, AcceptanceCase>(
        client,
        keys.acceptanceCases(),
        'cases',
        { ...answer.case, ...(listed?.clockState ? { clockState: listed.clockState } : {}) },
        (a, b) => a.caseId === b.caseId,
      )
    },
  })
}

type InspectionForm = { date: Dayjs; place: string; participants: string[]; publicNotice?: [Dayjs, Dayjs] | null }
type InspectionBody = {
  date: string
  place: string
  participants: string[]
  publicNotice?: { from: string; to: string }
}

/**
 * The inspection as the route takes it: on `today` (the gateway's legal day) or later, with every department of an item
 * still pending (each checked and fixed, the route refuses one left out), and the 公示 period the clock does not count
 * where the case's step excludes it (Shanwei, 004:1816 不含公示时间).
 */
function ScheduleInspection({ c, today }: { c: AcceptanceCase; today: string }) {
  const [form] = Form.useForm<InspectionForm>()
  const departmentName = namerOf(c)
  const departments = [...new Set(c.items.map((i) => i.department))]
  const waiting = [...new Set(c.items.filter((i) => i.status === 'pending').map((i) => i.department))]
  const publicNotice = excludesPublicNotice(c)
  // The first inspection, the same one moved, or the re-inspection of what was rectified.
  const action = !c.inspection ? '安排现场检查' : c.status === 'scheduled' ? '重新安排现场检查' : '安排复验'
  const schedule = useCaseCommand((body: InspectionBody) =>
    must(api.POST('/api/v1/acceptance/{id}/inspection', { params: { path: { id: c.caseId } }, body })),
  )
  const err = schedule.error
  const noticeError = fieldMessage(err, '/body/publicNotice/to') ?? fieldMessage(err, '/body/publicNotice')
  return (
    <Card className="no-print" title={action} style={{ marginTop: 24 }}>
      <ProblemAlert error={err} />
      <Form<InspectionForm>
        form={form}
        layout="vertical"
        initialValues={{ participants: waiting.length > 0 ? waiting : departments }}
        onFinish={(v) =>
          schedule.mutate({
            date: v.date.format('YYYY-MM-DD'),
            place: v.place.trim(),
            participants: [...new Set([...waiting, ...v.participants])],
            ...(publicNotice && v.publicNotice
              ? {
                  publicNotice: {
                    from: v.publicNotice[0].format('YYYY-MM-DD'),
                    to: v.publicNotice[1].format('YYYY-MM-DD'),
                  },
                }
              : {}),
          })
        }
      >
        <Form.Item
          name="date"
          label="检查日期"
          rules={[{ required: true, message: '请选择检查日期' }]}
          help={fieldMessage(err, '/body/date')}
          validateStatus={fieldMessage(err, '/body/date') ? 'error' : undefined}
        >
          <DatePicker
            format={['YYYY年M月D日', 'YYYY-MM-DD']}
            placeholder="如 2026-03-16"
            disabledDate={(d) => d.format('YYYY-MM-DD') < today}
          />
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
          extra="有待验收事项的部门须参加，不能取消。"
          help={fieldMessage(err, '/body/participants')}
          validateStatus={fieldMessage(err, '/body/participants') ? 'error' : undefined}
        >
          <Checkbox.Group
            options={departments.map((d) => ({ value: d, label: departmentName(d), disabled: waiting.includes(d) }))}
          />
        </Form.Item>
        {publicNotice && (
          <Form.Item
            name="publicNotice"
            label="公示起止日期（选填；公示期间不计入验收时限）"
            help={noticeError}
            validateStatus={noticeError ? 'error' : undefined}
          >
            <DatePicker.RangePicker
              format={['YYYY年M月D日', 'YYYY-MM-DD']}
              placeholder={['公示开始日期', '公示结束日期']}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={schedule.isPending}>
          {action}
        </Button>
        {schedule.isSuccess && (
          // antd's success green falls short of AA contrast on white: the darker green the console writes success in.
          <Typography.Text role="status" style={{ marginLeft: 16, color: '#237804' }}>
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

/**
 * The rows of a 需整改 opinion are the problems to put right, each resting on the plot's list or not; those of a 不通过
 * are its reasons, text alone (acceptance refuses a fail with none, ACCEPTANCE_FAIL_REASONS_REQUIRED). Either needs one
 * row at least: the form keeps one and asks for its text.
 */
const ROWS = {
  rectify: { section: '整改问题', row: '问题', required: '需整改时请写明问题', add: '增加问题' },
  fail: { section: '不通过理由', row: '理由', required: '不通过时请写明理由', add: '增加理由' },
} as const

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
  const rows = opinion === 'rectify' || opinion === 'fail' ? ROWS[opinion] : undefined
  return (
    <Card className="no-print" title="本部门验收意见" style={{ marginTop: 24 }}>
      {outsideList ? <OutsideListAlert problem={err} landList={landList} /> : <ProblemAlert error={err} />}
      <Form<OpinionForm>
        form={form}
        layout="vertical"
        initialValues={{ item: items[0]?.item, opinion: 'pass', defects: [{ text: '', requires: NONE }] }}
        onFinish={(v) => {
          const filled = (v.defects ?? []).filter((d) => (d.text ?? '').trim() !== '')
          // A reason for 不通过 is its text: it asks the owner for nothing, so it rests on no requirement.
          const defects =
            v.opinion === 'rectify'
              ? filled.map(defectOf)
              : v.opinion === 'fail'
                ? filled.map((d) => (d.text ?? '').trim())
                : []
          record.mutate({ item: v.item, opinion: v.opinion, ...(defects.length > 0 ? { defects } : {}) })
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
        {rows && (
          <Form.List name="defects">
            {(fields, { add, remove }) => (
              <section aria-label={rows.section}>
                <Typography.Text strong>{rows.section}</Typography.Text>
                {opinion === 'rectify' && answer.isPending && (
                  <Typography.Paragraph type="secondary">正在读取用地清单…</Typography.Paragraph>
                )}
                {opinion === 'rectify' && unlisted && (
                  <Typography.Paragraph type="secondary">
                    本项目未关联用地清单，整改问题按文字记录；要求补交材料的，可写明材料名称。
                  </Typography.Paragraph>
                )}
                {fields.map((field, n) => {
                  const requiresError = fieldMessage(err, `/body/defects/${n}/requires`)
                  const label = `${rows.row} ${n + 1}`
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      style={{ marginTop: 8 }}
                      title={label}
                      extra={
                        fields.length > 1 && (
                          <Button type="link" onClick={() => remove(field.name)}>
                            删除{label}
                          </Button>
                        )
                      }
                    >
                      <Form.Item
                        name={[field.name, 'text']}
                        label={opinion === 'rectify' ? `${label} 说明` : label}
                        rules={[{ required: true, whitespace: true, message: rows.required }]}
                      >
                        <Input.TextArea
                          rows={2}
                          maxLength={opinion === 'rectify' && unlisted ? TEXT_WITH_MATERIAL_MAX : 2000}
                        />
                      </Form.Item>
                      {opinion === 'rectify' && landList && (
                        <Form.Item
                          name={[field.name, 'requires']}
                          label={`${label} 依据的清单要求`}
                          help={requiresError ? `清单外的要求：地块 ${landList.plotCode} 的用地清单未列明` : undefined}
                          validateStatus={requiresError ? 'error' : undefined}
                        >
                          <Select options={options} />
                        </Form.Item>
                      )}
                      {opinion === 'rectify' && unlisted && (
                        <Form.Item name={[field.name, 'material']} label={`${label} 要求补交的材料（选填）`}>
                          <Input maxLength={MATERIAL_MAX} placeholder="如 交通影响评价报告" />
                        </Form.Item>
                      )}
                    </Card>
                  )
                })}
                {fields.length < 100 && (
                  <Button style={{ marginTop: 8, marginBottom: 16 }} onClick={() => add({ text: '', requires: NONE })}>
                    {rows.add}
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

type Verification = NonNullable<Item['verification']>
type VerifyBody = {
  item: string
  result: Verification['result']
  findings?: string[]
  measures?: Measure[]
  rectifyBy?: string
  barredUntil?: string
}
type VerifyForm = {
  result: Verification['result']
  findings?: string[]
  measures?: Measure[]
  rectifyBy?: Dayjs | null
  barredUntil?: Dayjs | null
}

/** How far the verify-by day is from the legal `today` (the gateway's): days left, due today, or days past. */
function dueText(verifyBy: string, today: string): string {
  const days = dayjs(verifyBy).diff(dayjs(today), 'day')
  return days > 0 ? `剩余 ${days} 天` : days === 0 ? '今日到期' : `已超期 ${-days} 天`
}

/**
 * 告知承诺 事后核查 (seeds 004:1860 有关审批部门要在规定时间内对申请人履行承诺情况进行检查): each item passed on the owner's
 * commitment with the day its department must have verified it by, how far that is from the legal today, and the
 * verification once recorded. Only the item's own department may record it (the route refuses any other as an unknown
 * case): the lead of the leading department reads another department's commitment, it does not verify it.
 */
function Commitments({ c, items, today }: { c: AcceptanceCase; items: Item[]; today: string }) {
  const { department } = useActor()
  const departmentName = namerOf(c)
  return (
    <Card className="no-print" title="告知承诺事后核查" style={{ marginTop: 24 }}>
      {items.map((i) => (
        <section key={i.item} aria-label={`${itemName(i)} 事后核查`} style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {itemName(i)}
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: LABEL }}
            items={[
              { key: 'department', label: '核查部门', children: departmentName(i.department) },
              {
                key: 'verifyBy',
                label: '核查期限',
                children: i.verifyBy
                  ? `${chineseDate(i.verifyBy)}${i.verification ? '' : `（${dueText(i.verifyBy, today)}）`}`
                  : '—',
              },
              ...(!i.verification && i.verificationOverdueOn
                ? [{ key: 'overdue', label: '逾期', children: `${chineseDate(i.verificationOverdueOn)}起逾期未核查` }]
                : []),
              ...(i.verification ? verificationRows(i.verification, departmentName) : []),
            ]}
          />
          {!i.verification && i.department === department && <VerifyCommitment c={c} item={i} today={today} />}
          {i.department === department && <CommitmentRectification c={c} item={i} today={today} />}
        </section>
      ))}
    </Card>
  )
}

/**
 * 整改 of the item's breach for its department (docs/legal-time.md#整改-followed-through): the approval stage's 整改情况
 * section, sent to joint acceptance's routes. 依法撤销 takes the item's pass (the letter withdrawn after the pass, the
 * case failed before it): not on a case failed already, nor once the pass was revoked (it changes nothing more).
 */
function CommitmentRectification({ c, item, today }: { c: AcceptanceCase; item: Item; today: string }) {
  const client = useQueryClient()
  const v = item.verification
  if (!v?.measures?.includes('rectify')) return null
  return (
    <Card size="small" title="整改情况" style={{ marginTop: 12 }}>
      <RectificationSection
        ordered={{
          key: item.item,
          title: `告知承诺核查：${itemName(item)}`,
          finding: v,
          ...(item.rectification ? { rectification: item.rectification } : {}),
        }}
        today={today}
        department="验收部门"
        revoke={{ label: '依法撤销告知承诺通过', allowed: c.status !== 'failed' && !c.passRevoked }}
        {...(c.status === 'failed'
          ? { ended: '本次联合验收不予通过，整改不再进行（建设单位重新申请联合验收）。' }
          : c.passRevoked
            ? { ended: '联合验收通过已依法撤销，整改不再进行。' }
            : {})}
        onDone={() => void client.invalidateQueries({ queryKey: keys.acceptanceCases() })}
        review={(body) =>
          must(
            api.POST('/api/v1/acceptance/{id}/commitment-rectification-review', {
              params: { path: { id: c.caseId } },
              body: { item: item.item, ...body },
            }),
          )
        }
        escalate={(body) =>
          must(
            api.POST('/api/v1/acceptance/{id}/commitment-rectification-escalation', {
              params: { path: { id: c.caseId } },
              body: { item: item.item, ...body },
            }),
          )
        }
      />
    </Card>
  )
}

/**
 * The verification as the route takes it (VerifyCommitmentBody): 守诺, or 违诺 with at least one finding (each at most
 * 2000 characters, at most 100) and at least one measure; 整改期限 with 责令整改, and the optional last day of a bar.
 */
function VerifyCommitment({ c, item, today }: { c: AcceptanceCase; item: Item; today: string }) {
  const [form] = Form.useForm<VerifyForm>()
  const result = Form.useWatch('result', form)
  const measures = Form.useWatch('measures', form) ?? []
  const verify = useCaseCommand((body: VerifyBody) =>
    must(api.POST('/api/v1/acceptance/{id}/commitments', { params: { path: { id: c.caseId } }, body })),
  )
  const err = verify.error
  const said = (field: string) => {
    const message = fieldMessage(err, field)
    return { help: message, validateStatus: message ? ('error' as const) : undefined }
  }
  const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)
  const breached = result === 'breached'
  return (
    <div style={{ marginTop: 12 }}>
      <ProblemAlert error={err} />
      <Form<VerifyForm>
        form={form}
        // Each item's form its own name: its fields' ids stay unique when a department has two commitments.
        name={`verify-${item.item}`}
        layout="vertical"
        initialValues={{ result: 'kept', findings: [''], measures: [] }}
        onFinish={(v) => {
          if (v.result === 'kept') return verify.mutate({ item: item.item, result: 'kept' })
          const chosen = v.measures ?? []
          const rectifyBy = chosen.includes('rectify') ? day(v.rectifyBy) : undefined
          const barredUntil = chosen.includes('bar-commitment') ? day(v.barredUntil) : undefined
          verify.mutate({
            item: item.item,
            result: 'breached',
            findings: (v.findings ?? []).map((f) => f.trim()).filter((f) => f !== ''),
            measures: chosen,
            ...(rectifyBy ? { rectifyBy } : {}),
            ...(barredUntil ? { barredUntil } : {}),
          })
        }}
      >
        <Form.Item name="result" label="核查结果" {...said('/body/result')}>
          <Radio.Group
            options={[
              { value: 'kept', label: '守诺（实际情况与承诺相符）' },
              { value: 'breached', label: '违诺（实际情况与承诺不符）' },
            ]}
          />
        </Form.Item>
        {breached && <BreachFields error={err} measures={measures} today={today} revokes={revokesOf(c)} />}
        <Button type="primary" htmlType="submit" loading={verify.isPending}>
          记录核查结果
        </Button>
      </Form>
    </div>
  )
}

/**
 * What 依法撤销许可 does to the case at once (acceptance's verifyCommitment): after the pass it revokes the pass and
 * withdraws the letter and the 竣工验收备案表; before it, the case fails and the owner applies again.
 */
const revokesOf = (c: AcceptanceCase): string =>
  c.status !== 'passed'
    ? '选择依法撤销许可，提交即撤销该事项的告知承诺通过：本次联合验收不予通过，建设单位须重新申请。'
    : c.passRevoked
      ? '联合验收通过已依法撤销；选择依法撤销许可，本事项同记撤销。'
      : '选择依法撤销许可，提交即撤销联合验收通过：联合验收意见书及竣工验收备案表随即撤回。'

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

/**
 * 联合验收意见书 as printed and filed: the project it accepts (项目名称, 项目代码, 建设地点), the lead as its region names it,
 * each item's outcome, and the conclusion (`letterConclusion`: what passed on 告知承诺, and the filing only where the
 * region says the letter is it).
 */
function OpinionLetter({ c, title }: { c: AcceptanceCase; title: ProjectTitle | undefined }) {
  const departmentName = namerOf(c)
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
        styles={{ label: LABEL }}
        items={[
          { key: 'number', label: '意见书编号', children: c.opinionNumber },
          { key: 'project', label: '项目名称', children: title?.name ?? '—' },
          { key: 'projectCode', label: '项目代码', children: title?.projectCode ?? '—' },
          { key: 'location', label: '建设地点', children: title?.location ?? '—' },
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
      <Typography.Paragraph style={{ marginTop: 12 }}>{letterConclusion(c)}</Typography.Paragraph>
    </Card>
  )
}

type ResultForm = { name: string; number: string; issuedOn: Dayjs }

/**
 * 结果物 — the department records the document it issued for each of its items after the pass (RecordResultBody: name
 * and number 1–200 characters, the day it was issued from the pass day to today). Where the letter is the filing
 * (Foshan, 004:2279), the last department's result issues the 竣工验收备案表.
 */
function OwnResult({ c, items, today }: { c: AcceptanceCase; items: Item[]; today: string }) {
  return (
    <Card className="no-print" title="本部门结果物" style={{ marginTop: 24 }}>
      <Typography.Paragraph type="secondary">
        现场出具联合验收意见书后，各部门录入本部门出具的结果物
        {c.opinionIsFiling ? '；各部门结果物均录入后，同时出具竣工验收备案表。' : '。'}
      </Typography.Paragraph>
      {items.map((i) => (
        <RecordResult key={i.item} c={c} item={i} today={today} />
      ))}
    </Card>
  )
}

function RecordResult({ c, item, today }: { c: AcceptanceCase; item: Item; today: string }) {
  const record = useCaseCommand((body: { item: string; name: string; number: string; issuedOn: string }) =>
    must(api.POST('/api/v1/acceptance/{id}/results', { params: { path: { id: c.caseId } }, body })),
  )
  const err = record.error
  const said = (field: string) => {
    const message = fieldMessage(err, field)
    return { help: message, validateStatus: message ? ('error' as const) : undefined }
  }
  // The service takes a day from the pass (its legal day in Shanghai) to today and refuses any other (422).
  const passedOn = c.decidedAt ? shanghaiDay(c.decidedAt) : undefined
  const outside = (d: Dayjs) => {
    const day = d.format('YYYY-MM-DD')
    return day > today || (passedOn !== undefined && day < passedOn)
  }
  return (
    <section aria-label={`${itemName(item)} 结果物`} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {itemName(item)}
      </Typography.Title>
      <ProblemAlert error={err} />
      <Form<ResultForm>
        name={`result-${item.item}`}
        layout="vertical"
        initialValues={{ issuedOn: dayjs(today) }}
        onFinish={(v) =>
          record.mutate({
            item: item.item,
            name: v.name.trim(),
            number: v.number.trim(),
            issuedOn: v.issuedOn.format('YYYY-MM-DD'),
          })
        }
      >
        <Form.Item
          name="name"
          label="结果物名称"
          rules={[{ required: true, whitespace: true, message: '请填写结果物名称' }]}
          {...said('/body/name')}
        >
          <Input maxLength={ACCEPTANCE_RESULT_MAXIMA.name} placeholder="如：规划条件核实合格证" />
        </Form.Item>
        <Form.Item
          name="number"
          label="文号或证号"
          rules={[{ required: true, whitespace: true, message: '请填写文号或证号' }]}
          {...said('/body/number')}
        >
          <Input maxLength={ACCEPTANCE_RESULT_MAXIMA.number} />
        </Form.Item>
        <Form.Item
          name="issuedOn"
          label="出具日期"
          rules={[{ required: true, message: '请选择出具日期' }]}
          {...said('/body/issuedOn')}
        >
          <DatePicker disabledDate={outside} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          录入结果物
        </Button>
      </Form>
    </section>
  )
}
