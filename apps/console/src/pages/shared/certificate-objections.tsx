import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Modal, Radio, Table, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api, keys, must } from '../../api'
import { OBJECTION_BOUNDS } from '../../bounds'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { unbrokenHeadings } from '../../components/unbroken'
import { departmentName } from '../../departments'
import { chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { useSession } from '../../session'

// 证照异议 — 使用部门对电子证照信息准确性、完整性有异议的，转签发部门核查，签发部门将处理结果告知使用部门 (004:1134).

type ObjectionList = paths['/api/v1/certificate-objections']['get']['responses'][200]['content']['application/json']
type Objection = ObjectionList['objections'][number]
type RaiseBody = NonNullable<
  paths['/api/v1/certificates/{id}/objections']['post']['requestBody']
>['content']['application/json']
type AnswerBody = NonNullable<
  paths['/api/v1/certificate-objections/{id}/answer']['post']['requestBody']
>['content']['application/json']

/** The registration office as an objection names it (registration's REGISTRATION_OFFICE_PARTY). */
const REGISTRATION_OFFICE = 'registration-office'
const partyName = (party: string) =>
  party === REGISTRATION_OFFICE ? '不动产登记机构' : party.startsWith('owner-') ? '建设单位' : departmentName(party)

/**
 * How the signed-in party calls itself: the registration office (不动产登记机构) 本机构 — a 使用部门 in 004:1134's sense
 * when it disputes a permit, but not a department —, a department 本部门.
 */
const selfName = (party: string | undefined) => (party === REGISTRATION_OFFICE ? '本机构' : '本部门')

/**
 * Which party the signed-in person speaks for: a department by its code, the registrar the registration office, an
 * owner its organisation (registration's `ownerParty`: its credit code, lower-cased).
 */
function useParty(): string | undefined {
  const { session } = useSession()
  const actor = session?.actor
  if (actor?.role === 'registrar') return REGISTRATION_OFFICE
  if (actor?.role === 'owner') return actor.creditCode ? `owner-${actor.creditCode.toLowerCase()}` : undefined
  return actor?.department ?? undefined
}

/**
 * The objections of the caller's department, raised or to answer, as registration keeps them (read at once). The list
 * comes newest first a page (1,000) at a time and is read on to its last page: an issuer's oldest open objections,
 * the ones it must answer first, are there. `incomplete` while pages remain.
 */
function useObjections() {
  const list = useInfiniteQuery({
    queryKey: keys.certificateObjections(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(api.GET('/api/v1/certificate-objections', { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    getNextPageParam: (last) => last.next,
    refetchOnWindowFocus: true,
  })
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = list
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage])
  return {
    objections: list.data?.pages.flatMap((p) => p.objections) ?? [],
    incomplete: hasNextPage,
    retry: () => void fetchNextPage(),
    error: list.error,
    isPending: list.isPending,
    isError,
  }
}

/** Said while pages of objections remain to be read (or one failed): the tables do not yet hold every objection. */
function Incomplete({ objections }: { objections: ReturnType<typeof useObjections> }) {
  if (!objections.incomplete) return null
  return (
    <Alert
      type="warning"
      showIcon
      data-objections-incomplete
      title={`已载入 ${objections.objections.length} 条异议，其余（较早的）异议仍在载入。`}
      action={
        objections.isError ? (
          <Button size="small" onClick={objections.retry}>
            重新载入
          </Button>
        ) : undefined
      }
    />
  )
}

/** A state in words: open while the issuer checks, then its finding's outcome. */
function ObjectionState({ objection }: { objection: Objection }) {
  if (objection.status === 'open') return <StatusTag tone="blue">核查中</StatusTag>
  return objection.status === 'upheld' ? (
    <StatusTag tone="red">异议成立</StatusTag>
  ) : (
    <StatusTag tone="grey">异议不成立</StatusTag>
  )
}

/** The issuer's answer as the using department reads it: its finding, when and by which department. */
function AnswerText({ objection }: { objection: Objection }) {
  if (!objection.answer) return <>等待签发部门核查</>
  return (
    <span data-objection-answer={objection.objectionId}>
      核查结论：{objection.answer.finding}（{chineseDateTime(objection.answer.answeredAt)}）
    </span>
  )
}

const certificateText = (o: Objection) => `${o.certificateTitle}（${o.certificateNumber}）`

/**
 * The permits of a project a reviewer's task page shows (every permit of a project its department works on), each with
 * 提出异议 when another department issued it, and this department's objections to them with their answers.
 */
export function ProjectPermits({
  certificates,
  ownItems,
}: {
  certificates: ReadonlyArray<{
    certificateId: string
    kind: string
    number: string
    title: string
    item?: string
    issuer?: string
  }>
  /** The items of the department's own tasks: their permits are its own to correct, not to dispute. */
  ownItems: ReadonlySet<string>
}) {
  const party = useParty()
  const objections = useObjections()
  const [objecting, setObjecting] = useState<(typeof certificates)[number]>()
  const permits = certificates.filter((c) => c.kind === 'permit')
  if (permits.length === 0) return null
  const mine = objections.objections.filter((o) => o.raisedBy === party)
  return (
    <Card title="本项目电子证照" size="small" style={{ marginBottom: 16 }}>
      <ProblemAlert error={objections.error} />
      <Incomplete objections={objections} />
      <Table
        rowKey="certificateId"
        size="small"
        pagination={false}
        dataSource={permits}
        columns={unbrokenHeadings<(typeof permits)[number]>([
          { title: '证照', key: 'title', render: (_, c) => `${c.title}（${c.number}）` },
          { title: '发证机关', key: 'issuer', render: (_, c) => c.issuer ?? '—' },
          {
            title: '证照异议',
            key: 'objection',
            render: (_, c) => {
              const raised = mine.filter((o) => o.certificateId === c.certificateId)
              const open = raised.some((o) => o.status === 'open')
              return (
                <>
                  {raised.map((o) => (
                    <div key={o.objectionId} data-objection={o.objectionId}>
                      <ObjectionState objection={o} /> <AnswerText objection={o} />
                    </div>
                  ))}
                  {c.item !== undefined && !ownItems.has(c.item) && !open && (
                    <Button size="small" onClick={() => setObjecting(c)}>
                      提出异议
                    </Button>
                  )}
                </>
              )
            },
          },
        ])}
      />
      {objecting && (
        <RaiseForm
          certificateId={objecting.certificateId}
          label={`${objecting.title}（${objecting.number}）`}
          told={selfName(party)}
          onClose={() => setObjecting(undefined)}
        />
      )}
    </Card>
  )
}

/**
 * 证照异议 of the owner's own property certificate (不动产权证书): the owner, its holder (权利人), bears a wrong one
 * (登记错误, 004:3757) and objects to it with its reasons; the registration office that issued it checks and answers
 * (004:1134), and the answer shows here. A revoked certificate is disputed no more.
 */
export function OwnPropertyObjections({
  certificateId,
  label,
  revoked,
}: {
  certificateId: string
  label: string
  revoked: boolean
}) {
  const party = useParty()
  const objections = useObjections()
  const [objecting, setObjecting] = useState(false)
  const mine = objections.objections.filter((o) => o.raisedBy === party && o.certificateId === certificateId)
  const open = mine.some((o) => o.status === 'open')
  return (
    <div data-property-objections={certificateId} style={{ marginTop: 8 }}>
      <ProblemAlert error={objections.error} />
      <Incomplete objections={objections} />
      {mine.map((o) => (
        <div key={o.objectionId} data-objection={o.objectionId}>
          证照异议：
          <ObjectionState objection={o} /> <AnswerText objection={o} />
        </div>
      ))}
      {!revoked && !open && !objections.isPending && (
        <Button size="small" onClick={() => setObjecting(true)}>
          提出异议
        </Button>
      )}
      {objecting && (
        <RaiseForm certificateId={certificateId} label={label} told="本单位" onClose={() => setObjecting(false)} />
      )}
    </div>
  )
}

type RaiseValues = { reason: string; evidence?: string }

/** The evidence field's lines: one reference each, blank lines dropped. */
const evidenceLines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

/** 提出异议 — the reason and the documents that show it, bounded as registration bounds them. */
function RaiseForm({
  certificateId,
  label,
  onClose,
  told = '本部门',
}: {
  certificateId: string
  label: string
  onClose: () => void
  /** Who is told the result, as the raiser calls itself. */
  told?: string
}) {
  const [form] = Form.useForm<RaiseValues>()
  const client = useQueryClient()
  const raise = useMutation({
    mutationFn: (body: RaiseBody) =>
      must(api.POST('/api/v1/certificates/{id}/objections', { params: { path: { id: certificateId } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.certificateObjections() })
      onClose()
    },
  })
  return (
    <Modal
      open
      title={`对${label}提出异议`}
      okText="提交异议"
      cancelText="取消"
      confirmLoading={raise.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">异议转签发部门核查，核查结果将告知{told}。</Typography.Paragraph>
      <ProblemAlert error={raise.error} />
      <Form<RaiseValues>
        form={form}
        layout="vertical"
        onFinish={(v) => raise.mutate({ reason: v.reason.trim(), evidence: evidenceLines(v.evidence) })}
      >
        <Form.Item
          name="reason"
          label="异议理由"
          rules={[{ required: true, whitespace: true, message: '请填写异议理由' }, { max: OBJECTION_BOUNDS.reason }]}
        >
          <Input.TextArea rows={3} maxLength={OBJECTION_BOUNDS.reason} showCount />
        </Form.Item>
        <Form.Item
          name="evidence"
          label={`证据（每行一项，至多 ${OBJECTION_BOUNDS.evidence} 项）`}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const lines = evidenceLines(value)
                if (lines.length > OBJECTION_BOUNDS.evidence)
                  throw new Error(`证据至多 ${OBJECTION_BOUNDS.evidence} 项`)
                if (lines.some((l) => l.length > OBJECTION_BOUNDS.evidenceRef))
                  throw new Error(`每项证据至多 ${OBJECTION_BOUNDS.evidenceRef} 个字`)
              },
            },
          ]}
        >
          <Input.TextArea rows={3} placeholder="如：房产测绘报告 FCCL-2026-0012" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/**
 * 证照异议 — the objections to certificates the caller's department issued, to check and answer, and those it raised,
 * with the issuer's answer.
 */
export default function CertificateObjections() {
  const party = useParty()
  const objections = useObjections()
  const { error, isPending } = objections
  const [answering, setAnswering] = useState<Objection>()
  const all = objections.objections
  const toAnswer = all.filter((o) => o.issuer === party)
  const raised = all.filter((o) => o.raisedBy === party)
  const self = selfName(party)
  return (
    <>
      <Typography.Title level={1}>证照异议</Typography.Title>
      <Typography.Paragraph type="secondary">
        使用部门对电子证照信息的准确性、完整性有异议的，将异议、理由及证据转签发部门；签发部门核查后答复，处理结果告知使用部门。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Incomplete objections={objections} />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        待{self}核查
      </Typography.Title>
      <Table<Objection>
        rowKey="objectionId"
        loading={isPending}
        dataSource={toAnswer}
        pagination={false}
        // antd's grey empty text falls short of AA contrast (axe): said in the body's colour.
        locale={{ emptyText: <Typography.Text>暂无对{self}签发证照的异议</Typography.Text> }}
        columns={unbrokenHeadings<Objection>([
          { title: '证照', key: 'certificate', render: (_, o) => certificateText(o) },
          { title: '提出部门', key: 'raisedBy', render: (_, o) => o.raisedByName ?? partyName(o.raisedBy) },
          { title: '异议理由', key: 'reason', render: (_, o) => o.reason },
          { title: '证据', key: 'evidence', render: (_, o) => (o.evidence.length ? o.evidence.join('；') : '—') },
          { title: '提出时间', key: 'raisedAt', render: (_, o) => chineseDateTime(o.raisedAt) },
          {
            title: '处理',
            key: 'answer',
            render: (_, o) =>
              o.status === 'open' ? (
                <Button size="small" type="primary" onClick={() => setAnswering(o)}>
                  核查答复
                </Button>
              ) : (
                <>
                  <ObjectionState objection={o} /> <AnswerText objection={o} />
                </>
              ),
          },
        ])}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {self}提出的异议
      </Typography.Title>
      <Table<Objection>
        rowKey="objectionId"
        loading={isPending}
        dataSource={raised}
        pagination={false}
        locale={{ emptyText: <Typography.Text>{self}未提出证照异议</Typography.Text> }}
        columns={unbrokenHeadings<Objection>([
          { title: '证照', key: 'certificate', render: (_, o) => certificateText(o) },
          { title: '签发部门', key: 'issuer', render: (_, o) => o.issuerName ?? partyName(o.issuer) },
          { title: '异议理由', key: 'reason', render: (_, o) => o.reason },
          { title: '提出时间', key: 'raisedAt', render: (_, o) => chineseDateTime(o.raisedAt) },
          {
            title: '处理结果',
            key: 'answer',
            render: (_, o) => (
              <>
                <ObjectionState objection={o} /> <AnswerText objection={o} />
              </>
            ),
          },
        ])}
      />
      {answering && <AnswerForm objection={answering} onClose={() => setAnswering(undefined)} />}
    </>
  )
}

type AnswerValues = { outcome: 'upheld' | 'rejected'; finding: string }

/** 核查答复 — upheld or not, with what the check found (how the certificate is corrected when it is upheld). */
function AnswerForm({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const [form] = Form.useForm<AnswerValues>()
  const client = useQueryClient()
  const answer = useMutation({
    mutationFn: (body: AnswerBody) =>
      must(
        api.POST('/api/v1/certificate-objections/{id}/answer', {
          params: { path: { id: objection.objectionId } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.certificateObjections() })
      onClose()
    },
  })
  return (
    <Modal
      open
      title={`核查答复：${certificateText(objection)}`}
      okText="提交答复"
      cancelText="取消"
      confirmLoading={answer.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph>
        {objection.raisedByName ?? partyName(objection.raisedBy)}的异议：{objection.reason}
      </Typography.Paragraph>
      <ProblemAlert error={answer.error} />
      <Form<AnswerValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'upheld' }}
        onFinish={(v) => answer.mutate({ outcome: v.outcome, finding: v.finding.trim() })}
      >
        <Form.Item name="outcome" label="核查结果">
          <Radio.Group
            options={[
              { value: 'upheld', label: '异议成立' },
              { value: 'rejected', label: '异议不成立' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="finding"
          label="核查结论"
          extra="异议成立的，请写明更正方式（如注销原证并重新核发）。"
          rules={[{ required: true, whitespace: true, message: '请填写核查结论' }, { max: OBJECTION_BOUNDS.finding }]}
        >
          <Input.TextArea rows={3} maxLength={OBJECTION_BOUNDS.finding} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}
