import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Form, Input, Modal, Space, Table, type TableColumnsType, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { ApiProblem, api, keys, must } from '../../api'
import { PERMIT_DEFICIENCY_BOUNDS } from '../../bounds'
import { ClockCell } from '../../components/clock-cell'
import {
  PERMIT_DECISION_FIELD_NAMES,
  PermitDecisionFields,
  type PermitDecisionValues,
  permitDecisionTexts,
} from '../../components/permit-decision'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { unbroken, unbrokenHeadings } from '../../components/unbroken'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { providerName } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { useSession } from '../../session'
import { deficiencyText, lineOf, owedMaterials, PERMITS } from '../utility/permits'
import { type Decided, hideUntil, shown } from './decided-rows'

type InboxPage = paths['/api/v1/outside-line-permits']['get']['responses'][200]['content']['application/json']
type Request = InboxPage['requests'][number]
type Permit = Request['permits'][number]
type Decision = NonNullable<
  paths['/api/v1/utility-requests/{id}/permit-decision']['post']['requestBody']
>['content']['application/json']
/** One row of the inbox: a permit applied to the department, with the request it is on. */
type Row = { r: Request; p: Permit }

/** The request's columns both lists open with: its project, its provider and the line. */
const requestColumns = (projects: Parameters<typeof ProjectTitleCell>[0]['titles']): TableColumnsType<Row> => [
  {
    title: '项目',
    key: 'project',
    render: (_, { r }) => <ProjectTitleCell projectId={r.projectId} titles={projects} />,
  },
  { title: '报装单位', key: 'provider', render: (_, { r }) => `${providerName(r.provider)}单位` },
  { title: '外线', key: 'line', render: (_, { r }) => `${providerName(r.provider)}外线：${lineOf(r)}` },
]

/**
 * 外线审批 — 并联审批 of outside-line permits (004:1846, 004:2195, 000:126): the permits a utility provider applied
 * for to the reviewer's department, soonest due first, each granted with the department's 文号 (准予许可) or refused
 * with the reason (不予许可). The decision reaches the provider's 报装申请 by itself; nobody enters it again. The lists
 * follow the live stream (live.ts: a `utility` message, told to the reviewers of the departments a request's permits
 * were applied to, makes the case lists stale): a permit applied or applied again arrives, and one another reviewer of
 * the department decided leaves, with no reload. 容缺待补 lists the permits it granted 容缺通过 whose materials are
 * still owed (004:1860: the department checks 容缺后补 within the set time), with what was supplied when.
 */
export default function OutsideLinePermits() {
  return (
    <>
      <Typography.Title level={1}>外线审批</Typography.Title>
      <Typography.Paragraph type="secondary">
        市政公用服务单位申报的外线接入工程审批，本部门实行容缺受理、并联审批；审批结果自动推送至报装申请，无需申请人再次登记。
      </Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'inbox', label: '待审批', children: <DecisionInbox /> },
          { key: 'owing', label: '容缺待补', children: <OwingPermits /> },
        ]}
      />
    </>
  )
}

/** The permits awaiting the department's decision, soonest due first. */
function DecisionInbox() {
  const department = useSession().session?.actor.department ?? ''
  const client = useQueryClient()
  const key = [...keys.cases(), 'outside-line-permits'] as const
  const list = useInfiniteQuery({
    queryKey: key,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(api.GET('/api/v1/outside-line-permits', { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    getNextPageParam: (last) => last.next,
    refetchOnWindowFocus: true,
  })
  const pages = list.data?.pages ?? []
  const projects = pages.flatMap((p) => p.projects)
  const unreadable = pages.flatMap((p) => p.unreadable)
  // Decided here: gone from the list at once (the read model learns of it a moment later), until the list reads the
  // request at the version the decision gave it (decided-rows.ts); then, a re-application too, as the list says.
  const [decided, setDecided] = useState<Decided>(new Map())
  const hideBelow = (r: Pick<Request, 'requestId'>, kind: string, version: number) =>
    setDecided((prev) => hideUntil(prev, r.requestId, kind, version))
  const rows: Row[] = pages
    .flatMap((page) => page.requests)
    .flatMap((r) =>
      r.permits
        .filter((p) => p.status === 'requested' && p.appliedOn && p.department === department)
        .map((p) => ({ r, p })),
    )
    .filter(({ r, p }) => shown(decided, r.requestId, p.kind, r.version))
  const [deciding, setDeciding] = useState<{ row: Row; outcome: Decision['outcome'] }>()
  const decide = useMutation({
    mutationFn: ({ row, body }: { row: Row; body: Decision }) =>
      must(
        api.POST('/api/v1/utility-requests/{id}/permit-decision', { params: { path: { id: row.r.requestId } }, body }),
      ),
    onSuccess: (answer, { row, body }) => {
      // 容缺受理 decides nothing: the permit stays on the list, now with the materials owed.
      if (body.outcome !== 'accepted') hideBelow(row.r, body.kind, answer.request.version)
      void client.invalidateQueries({ queryKey: key })
    },
    // The row was stale: decided meanwhile (409 UTILITY_PERMIT_NOT_REQUESTED), the request moved on (409
    // UTILITY_REQUEST_STATE_CONFLICT) or out of the department's reach (404). The list is read again so it goes.
    onError: (error, { row, body }) => {
      if (error instanceof ApiProblem && error.code === 'UTILITY_PERMIT_NOT_REQUESTED') {
        hideBelow(row.r, body.kind, row.r.version + 1)
      }
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 409)) {
        void client.invalidateQueries({ queryKey: key })
      }
    },
  })
  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<Row>
        rowKey={({ r, p }) => `${r.requestId}/${p.kind}`}
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        aria-label="待审批的外线工程"
        // A list that failed to load is not an empty one: the alert above says why.
        locale={{ emptyText: list.error ? '待审批的外线工程未能加载' : '暂无待审批的外线工程' }}
        columns={unbrokenHeadings<Row>([
          ...requestColumns(projects),
          {
            title: '审批事项',
            key: 'kind',
            render: (_, { p }) => (
              <>
                {PERMITS[p.kind]}
                {p.acceptedOn && (
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="permit-deficiencies">
                    {deficiencyText(p)}
                  </Typography.Paragraph>
                )}
                {p.reapplication && (
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                    重新申请：{p.reapplication.change}
                    {p.reapplication.refusalReason && `（前次不予许可：${p.reapplication.refusalReason}）`}
                  </Typography.Paragraph>
                )}
              </>
            ),
          },
          {
            title: '申请日期',
            key: 'appliedOn',
            render: (_, { p }) => <span style={unbroken}>{p.appliedOn ? chineseDate(p.appliedOn) : '—'}</span>,
          },
          {
            title: '办理时限',
            key: 'clock',
            render: (_, { r }) => (
              <ClockCell clock={r.permitsClock} state={r.permitsClockState} alerts={r.permitsClockAlerts} />
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, row) => (
              <Space wrap>
                {!row.p.acceptedOn && (
                  <Button size="small" onClick={() => setDeciding({ row, outcome: 'accepted' })}>
                    容缺受理
                  </Button>
                )}
                <Button size="small" type="primary" onClick={() => setDeciding({ row, outcome: 'granted' })}>
                  准予许可
                </Button>
                <Button size="small" danger onClick={() => setDeciding({ row, outcome: 'refused' })}>
                  不予许可
                </Button>
              </Space>
            ),
          },
        ])}
      />
      <UnreadableNotice count={unreadable.length} what="报装申请" />
      {list.hasNextPage && (
        <Button style={{ marginTop: 16 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          加载更多
        </Button>
      )}
      {deciding?.outcome === 'accepted' && (
        <AcceptForm
          row={deciding.row}
          saving={decide.isPending}
          error={decide.error}
          onCancel={() => {
            decide.reset()
            setDeciding(undefined)
          }}
          onSubmit={(body) => decide.mutate({ row: deciding.row, body }, { onSuccess: () => setDeciding(undefined) })}
        />
      )}
      {deciding && deciding.outcome !== 'accepted' && (
        <DecisionForm
          row={deciding.row}
          outcome={deciding.outcome}
          saving={decide.isPending}
          error={decide.error}
          onCancel={() => {
            decide.reset()
            setDeciding(undefined)
          }}
          onSubmit={(body) => decide.mutate({ row: deciding.row, body }, { onSuccess: () => setDeciding(undefined) })}
        />
      )}
    </>
  )
}

/**
 * 容缺待补 — the permits the department granted 容缺通过 whose materials are not all supplied, at any stage of their
 * requests, the earliest granted first (`filter=owing`): what is still owed, and what was supplied when. A permit leaves
 * once its last material is supplied. Nothing is decided here: the department checks (004:1860) and the provider
 * supplies in its 报装申请.
 */
function OwingPermits() {
  const department = useSession().session?.actor.department ?? ''
  const list = useInfiniteQuery({
    queryKey: [...keys.cases(), 'outside-line-permits', 'owing'] as const,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/outside-line-permits', {
          params: { query: { filter: 'owing', ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next,
    refetchOnWindowFocus: true,
  })
  const pages = list.data?.pages ?? []
  const projects = pages.flatMap((p) => p.projects)
  const unreadable = pages.flatMap((p) => p.unreadable)
  const rows: Row[] = pages
    .flatMap((page) => page.requests)
    .flatMap((r) =>
      r.permits
        .filter(
          (p) =>
            p.department === department &&
            p.status === 'granted' &&
            p.grantedWithDeficiencies &&
            owedMaterials(p).length > 0,
        )
        .map((p) => ({ r, p })),
    )
  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<Row>
        rowKey={({ r, p }) => `${r.requestId}/${p.kind}`}
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        aria-label="容缺待补的外线工程"
        locale={{ emptyText: list.error ? '容缺待补的外线工程未能加载' : '暂无容缺待补的外线工程' }}
        columns={unbrokenHeadings<Row>([
          ...requestColumns(projects),
          { title: '审批事项', key: 'kind', render: (_, { p }) => PERMITS[p.kind] },
          {
            title: '准予许可（容缺通过）',
            key: 'granted',
            render: (_, { p }) => (
              <>
                <span style={unbroken}>{p.decidedOn ? chineseDate(p.decidedOn) : '—'}</span>
                {p.documentNo && <div>{p.documentNo}</div>}
              </>
            ),
          },
          {
            title: '容缺材料',
            key: 'materials',
            render: (_, { p }) => <span data-testid="owing-materials">{deficiencyText(p)}</span>,
          },
        ])}
      />
      <UnreadableNotice count={unreadable.length} what="报装申请" />
      {list.hasNextPage && (
        <Button style={{ marginTop: 16 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          加载更多
        </Button>
      )}
    </>
  )
}

/** 准予许可（文号）or 不予许可（理由, and a 文号 where the written refusal has one）, decided today. */
function DecisionForm({
  row,
  outcome,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  row: Row
  outcome: 'granted' | 'refused'
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: Decision) => void
}) {
  const [form] = Form.useForm<PermitDecisionValues>()
  const owed = owedMaterials(row.p)
  const kind = row.p.kind
  const submit = (v: PermitDecisionValues) => {
    const { documentNo, reason } = permitDecisionTexts(v)
    onSubmit(
      outcome === 'granted'
        ? { kind, outcome, documentNo }
        : { kind, outcome, reason, ...(documentNo ? { documentNo } : {}) },
    )
  }
  return (
    <Modal
      open
      title={`${PERMITS[kind]}：${outcome === 'granted' ? '准予许可' : '不予许可'}`}
      okText={outcome === 'granted' ? '准予许可' : '不予许可'}
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {providerName(row.r.provider)}外线：{lineOf(row.r)}。决定日期为今天，结果自动推送至报装申请。
      </Typography.Paragraph>
      {outcome === 'granted' && owed.length > 0 && (
        <Typography.Paragraph type="warning" data-testid="granted-with-deficiencies">
          容缺材料尚未补交（{owed.join('、')}
          ），准予许可将记为办结（容缺通过）；补交情况见本页「容缺待补」，全部补交前一直列在那里。
        </Typography.Paragraph>
      )}
      <ProblemAlert error={error} fields={PERMIT_DECISION_FIELD_NAMES} />
      <Form<PermitDecisionValues> form={form} layout="vertical" onFinish={submit}>
        <PermitDecisionFields refused={outcome === 'refused'} documentNoRequired={outcome === 'granted'} />
      </Form>
    </Modal>
  )
}

type Acceptance = Extract<Decision, { outcome: 'accepted' }>

/**
 * 容缺受理 — acceptance with non-key materials missing (004:1846): the department names the materials it accepts the
 * application without, one per line, at most ten of 100 characters each; the provider owes them (容缺后补) and the
 * permit stays on this list to decide. No day to supply them by is asked: no seed sets one.
 */
function AcceptForm({
  row,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  row: Row
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: Acceptance) => void
}) {
  const [form] = Form.useForm<{ materials?: string }>()
  const kind = row.p.kind
  const submit = (v: { materials?: string }) => {
    const names = (v.materials ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    onSubmit({ kind, outcome: 'accepted', deficiencies: names.map((name) => ({ name })) })
  }
  return (
    <Modal
      open
      title={`${PERMITS[kind]}：容缺受理`}
      okText="容缺受理"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {providerName(row.r.provider)}外线：{lineOf(row.r)}
        。非关键材料暂缺的，可先行受理并继续审批，申请人在报装申请中补交（容缺后补）。
      </Typography.Paragraph>
      <ProblemAlert error={error} fields={{ '/deficiencies': '容缺材料' }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="materials"
          label="容缺材料（每行一项）"
          rules={[
            { required: true, whitespace: true, message: '请填写容缺的材料' },
            {
              validator: (_, value: string | undefined) => {
                const names = (value ?? '')
                  .split('\n')
                  .map((line) => line.trim())
                  .filter(Boolean)
                if (names.length > PERMIT_DEFICIENCY_BOUNDS.materials) {
                  return Promise.reject(new Error(`最多${PERMIT_DEFICIENCY_BOUNDS.materials}项`))
                }
                if (names.some((n) => n.length > PERMIT_DEFICIENCY_BOUNDS.name)) {
                  return Promise.reject(new Error(`每项材料名称最多${PERMIT_DEFICIENCY_BOUNDS.name}个字`))
                }
                return Promise.resolve()
              },
            },
          ]}
        >
          <Input.TextArea rows={4} placeholder={'如：\n管线平面图\n施工围蔽方案'} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
