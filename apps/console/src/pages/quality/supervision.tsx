import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Radio, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { unbrokenHeadings } from '../../components/unbroken'
import type { paths } from '../../generated/api'
import { useSession } from '../../session'
import { GRADE_TEXT, OUTCOME_TEXT } from './words'

type Inspection =
  paths['/api/v1/quality-inspections']['get']['responses'][200]['content']['application/json']['inspections'][number]
type DrawBody = NonNullable<paths['/api/v1/quality-rounds']['post']['requestBody']>['content']['application/json']
type ResultBody = NonNullable<
  paths['/api/v1/quality-inspections/{id}/result']['post']['requestBody']
>['content']['application/json']
type ReassignBody = NonNullable<
  paths['/api/v1/quality-inspections/{id}/reassign']['post']['requestBody']
>['content']['application/json']

const listKey = [...keys.all, 'quality-inspections', 'body'] as const

const poolLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')

/**
 * One inspector a line: the account (sub), then the name, separated by spaces. A line with no name is refused by the
 * form (`poolProblem`), never filled in with the account: the name is published (一公开), the account never is.
 */
export function poolOf(text: string): DrawBody['pool'] {
  return poolLines(text).map((line) => {
    const [sub = '', ...name] = line.split(/\s+/)
    return { sub, name: name.join(' ') }
  })
}

/** What is wrong with the pool as typed, naming the line: a line without a name, or whose name is its account. */
export function poolProblem(text: string): string | undefined {
  const bad = poolOf(text).findIndex((i) => i.name === '' || i.name === i.sub)
  return bad < 0 ? undefined : `第 ${bad + 1} 行缺少姓名：每行写账号和公开的姓名，用空格分隔`
}

/**
 * 工程质量安全监督 "双随机、一公开" (004:1856) — the supervision body (a reviewer of the housing department): draws a
 * round (projects under supervision, weighted by risk grade; inspectors from its pool), sees the assignments, replaces
 * an inspector (回避 / 改派: the replacement drawn from the round's pool), and an assigned inspector records the result,
 * which is published at once.
 */
export default function QualitySupervision() {
  const { session } = useSession()
  const me = session?.actor.sub
  const client = useQueryClient()
  const [recording, setRecording] = useState<Inspection>()
  const [reassigning, setReassigning] = useState<Inspection>()
  const { data, error, isPending } = useQuery({
    queryKey: listKey,
    queryFn: () => must(api.GET('/api/v1/quality-inspections')),
  })
  const draw = useMutation({
    mutationFn: (body: DrawBody) => must(api.POST('/api/v1/quality-rounds', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: listKey }),
  })
  // 回避 / 改派: the body names whom it replaces and why; acceptance draws the replacement from the round's pool.
  const reassign = useMutation({
    mutationFn: ({ id, body }: { id: string; body: ReassignBody }) =>
      must(api.POST('/api/v1/quality-inspections/{id}/reassign', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: listKey }),
  })
  const record = useMutation({
    mutationFn: ({ id, body }: { id: string; body: ResultBody }) =>
      must(api.POST('/api/v1/quality-inspections/{id}/result', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: listKey }),
  })
  return (
    <>
      <Typography.Title level={1}>质量安全监督（双随机、一公开）</Typography.Title>
      <Typography.Paragraph type="secondary">
        从已取得施工许可、纳入质量安全监督的项目中随机抽取检查对象，从检查人员名录中随机选派检查人员；一般风险项目被抽中的机会是较低风险项目的三倍；社会投资简易低风险项目、城镇老旧小区及既有建筑改造项目原则上只检查一次。检查结果即时公开。
      </Typography.Paragraph>
      <Card title="抽取检查" style={{ marginBottom: 16 }}>
        <ProblemAlert error={draw.error} />
        {draw.data && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            message={`已抽取 ${draw.data.inspections.length} 个项目（随机种子 ${draw.data.seed}）`}
          />
        )}
        <Form<{ projects: number; inspectorsPerProject: number; pool: string }>
          layout="inline"
          initialValues={{ projects: 3, inspectorsPerProject: 2, pool: '' }}
          onFinish={(v) =>
            draw.mutate({ projects: v.projects, inspectorsPerProject: v.inspectorsPerProject, pool: poolOf(v.pool) })
          }
        >
          <Form.Item name="projects" label="抽取项目数" rules={[{ required: true }]}>
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="inspectorsPerProject" label="每个项目检查人员数" rules={[{ required: true }]}>
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
          <Form.Item
            name="pool"
            label="检查人员名录（每行：账号 姓名）"
            rules={[
              { required: true, whitespace: true },
              {
                validator: (_, v: string | undefined) => {
                  const problem = poolProblem(v ?? '')
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
                },
              },
            ]}
            style={{ minWidth: 320 }}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={draw.isPending}>
              随机抽取
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ProblemAlert error={error} />
      {reassign.data && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={`已随机改派：${reassign.data.inspection.reassignments?.at(-1)?.replaced.name ?? ''} 改由 ${reassign.data.inspection.reassignments?.at(-1)?.drawn.name ?? ''} 检查`}
        />
      )}
      <Table<Inspection>
        rowKey="inspectionId"
        loading={isPending}
        dataSource={data?.inspections ?? []}
        pagination={false}
        locale={{ emptyText: '暂无抽取的检查' }}
        columns={unbrokenHeadings<Inspection>([
          { title: '项目', key: 'project', render: (_, r) => r.projectName ?? r.projectId },
          {
            title: '风险等级',
            key: 'grade',
            render: (_, r) => (
              <>
                {GRADE_TEXT[r.riskGrade]}
                {r.onceOnly && <Typography.Text type="secondary">（只检查一次）</Typography.Text>}
              </>
            ),
          },
          {
            title: '检查人员',
            key: 'inspectors',
            render: (_, r) => (
              <>
                {r.inspectors.map((x) => x.name).join('、')}
                {(r.reassignments?.length ?? 0) > 0 && (
                  <Typography.Text type="secondary">（改派 {r.reassignments?.length} 次）</Typography.Text>
                )}
              </>
            ),
          },
          { title: '抽取日期', dataIndex: 'drawnOn' },
          {
            title: '检查结果',
            key: 'result',
            render: (_, r) =>
              r.result ? (
                <>
                  <StatusTag tone={r.result.outcome === 'pass' ? 'green' : 'red'}>
                    {OUTCOME_TEXT[r.result.outcome]}
                  </StatusTag>
                  {r.result.items.map((item) => (
                    <div key={item}>{item}</div>
                  ))}
                </>
              ) : (
                <StatusTag tone="blue">待检查</StatusTag>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) =>
              r.status === 'assigned' ? (
                <>
                  {r.inspectors.some((x) => x.sub === me) && (
                    <Button size="small" type="primary" onClick={() => setRecording(r)} style={{ marginRight: 8 }}>
                      录入结果
                    </Button>
                  )}
                  {reassignable(r, me).length > 0 && (
                    <Button size="small" onClick={() => setReassigning(r)}>
                      回避改派
                    </Button>
                  )}
                </>
              ) : (
                '—'
              ),
          },
        ])}
      />
      {reassigning && (
        <ReassignForm
          inspection={reassigning}
          me={me}
          saving={reassign.isPending}
          error={reassign.error}
          onCancel={() => {
            reassign.reset()
            setReassigning(undefined)
          }}
          onSubmit={(body) =>
            reassign.mutate({ id: reassigning.inspectionId, body }, { onSuccess: () => setReassigning(undefined) })
          }
        />
      )}
      {recording && (
        <ResultForm
          saving={record.isPending}
          error={record.error}
          onCancel={() => {
            record.reset()
            setRecording(undefined)
          }}
          onSubmit={(body) =>
            record.mutate({ id: recording.inspectionId, body }, { onSuccess: () => setRecording(undefined) })
          }
        />
      )}
    </>
  )
}

/**
 * The seats `me` may have reassigned, as acceptance rules: a seat once (not one a reassignment drew), and an inspector of
 * the inspection its own only. The server refuses the rest in any case.
 */
function reassignable(i: Inspection, me: string | undefined): Inspection['inspectors'] {
  const drawn = new Set((i.reassignments ?? []).map((r) => r.drawn.sub))
  const mine = i.inspectors.some((x) => x.sub === me)
  return i.inspectors.filter((x) => !drawn.has(x.sub) && (!mine || x.sub === me))
}

/**
 * 回避 / 改派 — which inspector is replaced and why. No choice of the replacement: acceptance draws it from the rest of
 * the round's pool (随机选派 stays random).
 */
function ReassignForm({
  inspection,
  me,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  inspection: Inspection
  me: string | undefined
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: ReassignBody) => void
}) {
  const [form] = Form.useForm<ReassignBody>()
  return (
    <Modal
      open
      title="回避改派检查人员"
      okText="随机改派"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        改由本轮检查人员名录中其余人员随机抽取一人接替，已回避的人员不再抽中；每个检查席位只能改派一次。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form<ReassignBody>
        form={form}
        layout="vertical"
        onFinish={(v) => onSubmit({ inspector: v.inspector, reason: v.reason.trim() })}
      >
        <Form.Item
          name="inspector"
          label="被替换的检查人员"
          rules={[{ required: true, message: '请选择被替换的检查人员' }]}
        >
          <Radio.Group options={reassignable(inspection, me).map((x) => ({ value: x.sub, label: x.name }))} />
        </Form.Item>
        <Form.Item name="reason" label="改派理由" rules={[{ required: true, whitespace: true }, { max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

type ResultValues = { outcome: 'pass' | 'rectify'; items?: string; note?: string }

/** 合格, or 责令整改 with the items to rectify, one a line. */
function ResultForm({
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  saving: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (body: ResultBody) => void
}) {
  const [form] = Form.useForm<ResultValues>()
  const outcome = Form.useWatch('outcome', form)
  return (
    <Modal
      open
      title="录入检查结果"
      okText="提交并公开"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={error} />
      <Form<ResultValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'pass' }}
        onFinish={(v) => {
          const items = (v.items ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter((s) => s !== '')
          const note = v.note?.trim()
          onSubmit({ outcome: v.outcome, ...(v.outcome === 'rectify' ? { items } : {}), ...(note ? { note } : {}) })
        }}
      >
        <Form.Item name="outcome" label="检查结论">
          <Radio.Group
            options={[
              { value: 'pass', label: OUTCOME_TEXT.pass },
              { value: 'rectify', label: OUTCOME_TEXT.rectify },
            ]}
          />
        </Form.Item>
        {outcome === 'rectify' && (
          <Form.Item name="items" label="整改内容（每行一项）" rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明" rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
