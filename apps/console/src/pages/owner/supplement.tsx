import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Form, Input, Table, Typography } from 'antd'
import { useParams } from 'react-router'
import { ApiProblem, api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentNamer } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { Loading } from '../../layout'
import { materialName, materialNames } from '../../materials'
import { NotFound } from '../not-found'

type Status = paths['/api/v1/projects/{id}/status']['get']['responses'][200]['content']['application/json']
type Application = Status['applications'][number]
type Notice = Application['notices'][number]
/** One material to hand in: its code, the name a person reads, and why it is asked for. */
type Owed = { code: string; name: string; why: string }

/**
 * The owner's answer, from the owner's own pages: `/projects/:projectId/supplements/:id`, where `id` is either a 补正
 * notice (the one answer to it, every department's request at once; the stopped clocks resume) or an application
 * accepted with 容缺 (受理时暂缺、承诺后补的材料: its owed materials handed in). Both are `POST
 * /applications/:id/materials`, with the notice's id or without.
 */
export default function Supplement() {
  const { projectId = '', id = '' } = useParams()
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
    refetchOnWindowFocus: true,
  })
  if (status.isPending) return <Loading />
  // Another department's or owner's project answers 404 like an unknown one: the page says no more than that.
  if (status.error instanceof ApiProblem && status.error.status === 404) return <NotFound what="补正通知" />
  if (status.error) return <ProblemAlert error={status.error} />
  for (const application of status.data.applications) {
    const notice = application.notices.find((n) => n.noticeId === id)
    if (notice) return <NoticeAnswer status={status.data} application={application} notice={notice} />
  }
  const application = status.data.applications.find((a) => a.applicationId === id)
  if (application && application.deficiencies.length > 0) return <Cure status={status.data} application={application} />
  return <NotFound what="补正通知" />
}

function NoticeAnswer({ status, application, notice }: { status: Status; application: Application; notice: Notice }) {
  // One notice gathers every department's requests; a material two departments ask for is handed in once.
  const owed = new Map<string, Owed>()
  for (const r of notice.requests) {
    for (const code of r.materials) {
      const before = owed.get(code)
      owed.set(code, { code, name: materialName(code), why: before ? `${before.why}；${r.reason}` : r.reason })
    }
  }
  const departmentOf = departmentNamer(status)
  return (
    <>
      <Header status={status} application={application} title="补正材料" />
      <Card title="补正通知（一次性告知）" size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph>
          {chineseDateTime(notice.issuedAt)} 发出。请一次性补齐下列材料；补正期间审批计时暂停，补正后继续计时。
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey={(r) => r.taskId}
          pagination={false}
          dataSource={notice.requests}
          columns={[
            // By the bureau its task carries (汕尾市自然资源局), as the project's page names it.
            { title: '审批部门', key: 'department', render: (_, r) => departmentOf(r.department) },
            {
              title: '审批事项',
              key: 'item',
              // A request names its item by code; its task (the owner sees every one) carries the Chinese name.
              render: (_, r) => status.tasks.find((t) => t.taskId === r.taskId)?.itemName ?? r.item,
            },
            { title: '需补正的材料', key: 'materials', render: (_, r) => materialNames(r.materials) },
            { title: '理由', dataIndex: 'reason' },
            { title: '提出日期', key: 'on', render: (_, r) => chineseDate(r.requestedOn) },
          ]}
        />
      </Card>
      {notice.status === 'answered' ? (
        <Alert
          type="success"
          showIcon
          title={`已于 ${chineseDateTime(notice.answeredAt)} 补正`}
          description="审批计时已恢复。"
        />
      ) : (
        <Answer
          applicationId={application.applicationId}
          projectId={status.project.projectId}
          noticeId={notice.noticeId}
          owed={[...owed.values()]}
        />
      )}
    </>
  )
}

function Cure({ status, application }: { status: Status; application: Application }) {
  const owed = application.deficiencies.filter((d) => !d.cured)
  return (
    <>
      <Header status={status} application={application} title="容缺材料补交" />
      <Card title="容缺受理时暂缺的材料" size="small" style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="material"
          pagination={false}
          dataSource={application.deficiencies}
          columns={[
            { title: '材料', key: 'name', render: (_, d) => d.name ?? materialName(d.material) },
            { title: '承诺补交日期', key: 'promised', render: (_, d) => chineseDate(d.promisedOn) },
            {
              title: '状态',
              key: 'state',
              render: (_, d) => (d.cured ? `已于 ${chineseDate(d.curedOn)} 补交` : d.overdue ? '已逾期' : '待补交'),
            },
          ]}
        />
      </Card>
      {owed.length === 0 ? (
        <Alert type="success" showIcon title="容缺材料已全部补交" />
      ) : (
        <Answer
          applicationId={application.applicationId}
          projectId={status.project.projectId}
          owed={owed.map((d) => ({
            code: d.material,
            name: d.name ?? materialName(d.material),
            why: `承诺 ${chineseDate(d.promisedOn)} 前补交`,
          }))}
        />
      )}
    </>
  )
}

function Header({ status, application, title }: { status: Status; application: Application; title: string }) {
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {title}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="项目">
          {status.project.name}（{status.project.projectCode}）
        </Descriptions.Item>
        <Descriptions.Item label="审批阶段">{application.stepName ?? application.step ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="受理回执编号">{application.receiptNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="受理日期">{chineseDate(application.acceptedOn)}</Descriptions.Item>
      </Descriptions>
    </>
  )
}

/** One document reference per owed material (the document store's link or number), sent together, once. */
function Answer(props: { applicationId: string; projectId: string; noticeId?: string; owed: Owed[] }) {
  const { applicationId, projectId, noticeId, owed } = props
  const queryClient = useQueryClient()
  const submit = useMutation({
    mutationFn: (refs: Record<string, string>) =>
      must(
        api.POST('/api/v1/applications/{id}/materials', {
          params: { path: { id: applicationId } },
          body: {
            ...(noticeId ? { noticeId } : {}),
            materials: owed.map((m) => ({ code: m.code, documentRef: (refs[m.code] ?? '').trim() })),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.project(projectId) }),
  })
  if (submit.isSuccess) {
    return (
      <Alert
        type="success"
        showIcon
        title="材料已提交"
        description={noticeId ? '补正已送达各审批部门，审批计时恢复。' : '容缺材料已补交。'}
      />
    )
  }
  return (
    <Card title="提交材料" size="small">
      <ProblemAlert error={submit.error} />
      <Form layout="vertical" onFinish={(v: Record<string, string>) => submit.mutate(v)}>
        {owed.map((m, i) => {
          const help = fieldMessage(submit.error, `/body/materials/${i}`)
          return (
            <Form.Item
              key={m.code}
              name={m.code}
              label={m.name === m.code ? `${m.code} 的文件` : `${m.name} 的文件`}
              extra={m.why}
              rules={[{ required: true, whitespace: true, message: '请填写文件编号或链接' }]}
              {...(help ? { help, validateStatus: 'error' as const } : {})}
            >
              <Input maxLength={500} placeholder="文件编号或链接，如 doc://设计方案-修改版.pdf" />
            </Form.Item>
          )
        })}
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          {noticeId ? '一次性提交补正材料' : '提交容缺材料'}
        </Button>
      </Form>
    </Card>
  )
}
