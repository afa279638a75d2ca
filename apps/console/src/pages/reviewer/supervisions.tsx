import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { SUPERVISION_BOUNDS } from '../../bounds'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

/**
 * 督办 of an approval task (跟踪督办, seeds/004_33317a5f04b53a73.txt:1794, 004:1868; docs/legal-time.md): the
 * supervising office urges the task's department with a reply-by day; the department replies once. The state is the
 * gateway's, as of today: 待回复, 已逾期 (unanswered past its day), 已回复.
 */
export type Supervisions =
  paths['/api/v1/tasks/{id}/supervisions']['get']['responses']['200']['content']['application/json']
export type Supervision = Supervisions['supervisions'][number]

export const SUPERVISION_STATES: Record<Supervision['state'], { text: string; color: string }> = {
  open: { text: '待回复', color: 'processing' },
  overdue: { text: '已逾期未回复', color: 'error' },
  answered: { text: '已回复', color: 'success' },
}

const stateTag = (s: Pick<Supervision, 'state'>) => (
  <Tag color={SUPERVISION_STATES[s.state].color}>{SUPERVISION_STATES[s.state].text}</Tag>
)

/** Every 督办 of a task, oldest first, with its reply. */
export function SupervisionTable({ supervisions }: { supervisions: readonly Supervision[] }) {
  return (
    <Table<Supervision>
      size="small"
      aria-label="督办"
      rowKey="id"
      pagination={false}
      dataSource={[...supervisions]}
      columns={[
        { title: '督办日', key: 'on', render: (_, s) => chineseDate(s.openedOn) },
        { title: '督办意见', key: 'note', dataIndex: 'note' },
        { title: '回复期限', key: 'due', render: (_, s) => chineseDate(s.due) },
        { title: '状态', key: 'state', render: (_, s) => stateTag(s) },
        {
          title: '督办回复',
          key: 'response',
          render: (_, s) => (s.response ? `${s.response}（${chineseDate(s.respondedOn)}）` : '—'),
        },
      ]}
    />
  )
}

const useSupervisions = (taskId: string) =>
  useQuery({
    queryKey: keys.supervisions(taskId),
    queryFn: () => must(api.GET('/api/v1/tasks/{id}/supervisions', { params: { path: { id: taskId } } })),
    refetchOnWindowFocus: true,
  })

/**
 * The reviewer's task page: the office's 督办 of this task, and a reply form for each one still waiting. Nothing is
 * shown for a task never urged.
 */
export function TaskSupervisions({ taskId }: { taskId: string }) {
  const list = useSupervisions(taskId)
  if (list.error) return <ProblemAlert error={list.error} />
  const all = list.data?.supervisions ?? []
  if (all.length === 0) return null
  return (
    <Card title="督办" size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>监督部门对本任务发出督办，请在回复期限内回复办理情况。</Typography.Paragraph>
      <SupervisionTable supervisions={all} />
      {all
        .filter((s) => s.state !== 'answered')
        .map((s) => (
          <ReplyForm key={s.id} taskId={taskId} supervision={s} />
        ))}
    </Card>
  )
}

function ReplyForm({ taskId, supervision: s }: { taskId: string; supervision: Supervision }) {
  const queryClient = useQueryClient()
  const reply = useMutation({
    mutationFn: (response: string) =>
      must(
        api.POST('/api/v1/tasks/{id}/supervisions/{supervisionId}/response', {
          params: { path: { id: taskId, supervisionId: s.id } },
          body: { response },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.supervisions(taskId) }),
  })
  const e = reply.error
  return (
    <Card type="inner" size="small" title={`回复 ${chineseDate(s.openedOn)} 的督办`} style={{ marginTop: 12 }}>
      <ProblemAlert error={e} />
      <Typography.Paragraph>
        {s.note}。请于{chineseDate(s.due)}前回复。{stateTag(s)}
      </Typography.Paragraph>
      <Form<{ response: string }>
        name={`supervision-${s.id}`}
        layout="vertical"
        onFinish={(v) => reply.mutate(v.response)}
      >
        <Form.Item
          name="response"
          label="督办回复"
          rules={[{ required: true, whitespace: true, message: '请填写督办回复' }]}
          validateStatus={fieldMessage(e, '/body/response') ? 'error' : undefined}
          help={fieldMessage(e, '/body/response')}
        >
          <Input.TextArea maxLength={SUPERVISION_BOUNDS.response} rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={reply.isPending}>
          回复督办
        </Button>
      </Form>
    </Card>
  )
}

/**
 * The supervisor's 督办 of one late task, from the red and yellow list: the reason, and the reply limit in working
 * days (the gateway's default unless changed). The list's row shows the task's 督办 with their state.
 */
export function SuperviseTask({ taskId, label }: { taskId: string; label: string }) {
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const issue = useMutation({
    mutationFn: (v: { note: string; replyWithin?: number }) =>
      must(
        api.POST('/api/v1/tasks/{id}/supervisions', {
          params: { path: { id: taskId } },
          body: { note: v.note, ...(v.replyWithin ? { replyWithin: v.replyWithin } : {}) },
        }),
      ),
    onSuccess: () => {
      setOpen(false)
      void queryClient.invalidateQueries({ queryKey: keys.supervision() })
      void queryClient.invalidateQueries({ queryKey: keys.supervisions(taskId) })
    },
  })
  const e = issue.error
  if (!open)
    return (
      <Button size="small" onClick={() => setOpen(true)} aria-label={`督办：${label}`}>
        督办
      </Button>
    )
  return (
    <Form<{ note: string; replyWithin?: number }>
      name={`supervise-${taskId}`}
      layout="vertical"
      size="small"
      initialValues={{ replyWithin: SUPERVISION_BOUNDS.replyWithin.default }}
      onFinish={(v) => issue.mutate(v)}
      aria-label={`督办：${label}`}
    >
      <ProblemAlert error={e} />
      <Form.Item
        name="note"
        label="督办意见"
        rules={[{ required: true, whitespace: true, message: '请填写督办意见' }]}
        validateStatus={fieldMessage(e, '/body/note') ? 'error' : undefined}
        help={fieldMessage(e, '/body/note')}
      >
        <Input.TextArea maxLength={SUPERVISION_BOUNDS.note} rows={2} />
      </Form.Item>
      <Form.Item
        name="replyWithin"
        label="回复期限（工作日）"
        validateStatus={fieldMessage(e, '/body/replyWithin') ? 'error' : undefined}
        help={fieldMessage(e, '/body/replyWithin')}
      >
        <InputNumber min={SUPERVISION_BOUNDS.replyWithin.min} max={SUPERVISION_BOUNDS.replyWithin.max} precision={0} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={issue.isPending}>
          发出督办
        </Button>
        <Button onClick={() => setOpen(false)}>取消</Button>
      </Space>
    </Form>
  )
}
