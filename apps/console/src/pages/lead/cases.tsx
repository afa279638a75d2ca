import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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
import { api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag, type Tone } from '../../components/status-tag'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { useActor } from '../../session'
import { NotFound } from '../not-found'

type CaseList = paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']
type AcceptanceCase = CaseList['cases'][number]
type CaseStatus = AcceptanceCase['status']
type Item = AcceptanceCase['items'][number]

const CASE_STATUS: Record<CaseStatus, { name: string; tone: Tone }> = {
  open: { name: '已受理，待安排现场检查', tone: 'blue' },
  scheduled: { name: '已安排联合验收', tone: 'cyan' },
  rectifying: { name: '整改中', tone: 'gold' },
  passed: { name: '验收通过', tone: 'green' },
  failed: { name: '验收不通过', tone: 'red' },
}
const ITEM_STATUS: Record<Item['status'], { name: string; tone: Tone }> = {
  pending: { name: '待验收', tone: 'grey' },
  passed: { name: '通过', tone: 'green' },
  rectify: { name: '需整改', tone: 'gold' },
  failed: { name: '不通过', tone: 'red' },
  committed: { name: '告知承诺（事后核查）', tone: 'purple' },
}
const unitName = (unit: string) => (unit === 'W' ? '个工作日' : '个自然日')
const itemName = (i: Item) => i.itemName ?? i.item

/**
 * 联合验收 — the lead department (牵头部门) of the joint completion acceptance: its cases, and a case's page where it
 * schedules the joint inspection (and each re-inspection after a rectification round), gives its own department's
 * opinions, and prints the 联合验收意见书 once the last item has passed.
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

function CaseList() {
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
        locale={{ emptyText: '暂无牵头的联合验收案件' }}
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
  const decided = c.status === 'passed' || c.status === 'failed'
  const own = c.items.filter((i) => i.department === department && i.status === 'pending')
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
          { key: 'lead', label: '牵头部门', children: c.lead },
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
              ? `${c.clock.limit.value} ${unitName(c.clock.limit.unit)}，自${chineseDate(c.clock.start)}起算（公示期不计）`
              : '—',
          },
          {
            key: 'inspection',
            label: '现场检查',
            children: c.inspection
              ? `第 ${c.inspection.round} 轮：${chineseDate(c.inspection.date)}，${c.inspection.place}；参加部门 ${c.inspection.participants.join('、')}`
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
        验收事项与意见
      </Typography.Title>
      <Table<Item>
        className="no-print"
        rowKey="item"
        size="small"
        pagination={false}
        dataSource={c.items}
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
            render: (_, i) => (i.defects?.length ? i.defects.join('；') : '—'),
          },
        ]}
      />
      {/* Only items waiting for an inspection are inspected: none while the owner is still rectifying. */}
      {!decided && c.items.some((i) => i.status === 'pending') && <ScheduleInspection c={c} />}
      {!decided && c.inspection && own.length > 0 && <OwnOpinion c={c} items={own} />}
      {c.opinionNumber && <OpinionLetter c={c} />}
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

type OpinionForm = { item: string; opinion: 'pass' | 'rectify' | 'fail'; defects?: string }

function OwnOpinion({ c, items }: { c: AcceptanceCase; items: Item[] }) {
  const [form] = Form.useForm<OpinionForm>()
  const opinion = Form.useWatch('opinion', form)
  const record = useCaseCommand((body: { item: string; opinion: OpinionForm['opinion']; defects?: string[] }) =>
    must(api.POST('/api/v1/acceptance/{id}/opinions', { params: { path: { id: c.caseId } }, body })),
  )
  const err = record.error
  return (
    <Card className="no-print" title="本部门验收意见" style={{ marginTop: 24 }}>
      <ProblemAlert error={err} />
      <Form<OpinionForm>
        form={form}
        layout="vertical"
        initialValues={{ item: items[0]?.item, opinion: 'pass' }}
        onFinish={(v) => {
          const defects = (v.defects ?? '')
            .split('\n')
            .map((d) => d.trim())
            .filter((d) => d !== '')
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
          <Form.Item
            name="defects"
            label="整改问题（每行一条）"
            rules={[{ required: true, whitespace: true, message: '需整改时请写明问题' }]}
            help={fieldMessage(err, '/body/defects')}
            validateStatus={fieldMessage(err, '/body/defects') ? 'error' : undefined}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          提交意见
        </Button>
      </Form>
    </Card>
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
          { key: 'lead', label: '牵头部门', children: c.lead },
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
