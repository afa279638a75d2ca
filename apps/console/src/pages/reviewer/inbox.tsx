import { useInfiniteQuery, useQueries } from '@tanstack/react-query'
import { Button, Select, Space, Table, Typography } from 'antd'
import { useMemo, useRef, useState } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { LevelTag } from '../../components/level-tag'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { useActor } from '../../session'
import {
  commitmentState,
  type InboxTask,
  STATE_NAMES,
  type Status,
  type TaskState,
  TaskStateText,
  taskLevel,
} from './views'

/** Tasks per page of the inbox; "加载更多" asks for the next page with the gateway's cursor. */
const PAGE = 20

/** Where a task's page is: the task page reads its project's status, so the link names the project. */
export const taskPath = (t: { taskId: string; projectId: string }) =>
  `/tasks/${t.taskId}?project=${encodeURIComponent(t.projectId)}`

/**
 * The department's inbox (待办事项): soonest due first, as the gateway pages it, filtered by state, each task coloured
 * by its clocks' worst level. The inbox rows carry no clock, so the level comes from each project's status (the
 * same query the task page reads, so opening a task costs nothing more).
 */
export default function Inbox() {
  const actor = useActor()
  const [state, setState] = useState<TaskState | undefined>()
  const inbox = useInfiniteQuery({
    queryKey: keys.inbox(state),
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/tasks', {
          params: { query: { limit: PAGE, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  })
  const tasks = useMemo(() => inbox.data?.pages.flatMap((p) => p.tasks) ?? [], [inbox.data])
  const unreadable = inbox.data?.pages.flatMap((p) => p.unreadable) ?? []
  const projectIds = useMemo(() => [...new Set(tasks.map((t) => t.projectId))], [tasks])
  const statuses = useQueries({
    queries: projectIds.map((id) => ({
      queryKey: keys.status(id),
      queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id } } })),
      refetchOnWindowFocus: true,
    })),
  })
  const byProject = new Map<string, Status>()
  for (const s of statuses) if (s.data) byProject.set(s.data.project.projectId, s.data)
  const statusTask = (t: InboxTask) => byProject.get(t.projectId)?.tasks.find((x) => x.taskId === t.taskId)
  // The department as its tasks name it (the catalogue's bureau, 汕尾市自然资源局), kept once seen so that a filter
  // that shows no task does not rename it; the generic name until a task carries one.
  const seenBureau = useRef<string | undefined>(undefined)
  seenBureau.current =
    tasks.find((t) => t.department === actor.department && t.departmentName)?.departmentName ?? seenBureau.current
  const bureau = seenBureau.current ?? departmentName(actor.department)

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        待办事项
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {bureau}的审批任务，按到期日排列（最早到期在前）；颜色为时限状态。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="inbox-state">按状态筛选</label>
        <Select
          id="inbox-state"
          aria-label="按状态筛选"
          style={{ width: 200 }}
          value={state ?? 'all'}
          onChange={(v: TaskState | 'all') => setState(v === 'all' ? undefined : v)}
          options={[
            { value: 'all', label: '全部' },
            ...(Object.keys(STATE_NAMES) as TaskState[]).map((s) => ({ value: s, label: STATE_NAMES[s] })),
          ]}
        />
      </Space>
      <ProblemAlert error={inbox.error} />
      <Table<InboxTask>
        rowKey="taskId"
        loading={inbox.isPending}
        dataSource={tasks}
        pagination={false}
        locale={{ emptyText: <Typography.Text>暂无待办事项</Typography.Text> }}
        onRow={(t) => {
          const level = taskLevel(statusTask(t))
          const edge = level === 'red' ? '#cf1322' : level === 'yellow' ? '#d48806' : level ? '#389e0d' : '#d9d9d9'
          return { style: { boxShadow: `inset 4px 0 0 ${edge}` }, 'data-level': level ?? 'unknown' }
        }}
        columns={[
          {
            title: '到期日',
            key: 'dueOn',
            render: (_, t) => (
              <>
                {chineseDate(t.dueOn)}
                {t.dueProvisional ? '（暂定）' : ''}
              </>
            ),
          },
          {
            title: '时限状态',
            key: 'level',
            render: (_, t) => {
              const level = taskLevel(statusTask(t))
              return level ? <LevelTag level={level} /> : '—'
            },
          },
          {
            title: '项目',
            key: 'project',
            render: (_, t) => byProject.get(t.projectId)?.project.name ?? '—',
          },
          {
            title: '审批事项',
            key: 'item',
            // 后续事项: opened with no application after the approved item it names.
            render: (_, t) =>
              `${t.itemName ?? t.item}${t.followOnOf ? `（${t.followOnOf.itemName ?? t.followOnOf.item}的后续事项）` : ''}`,
          },
          {
            title: '办理状态',
            key: 'state',
            // 告知承诺 not yet verified (事后核查): the row says so, red once the verify-by day has passed
            // (task.commitment-overdue), so an approved task still owing its verification is not read as done.
            render: (_, t) => {
              const commitment = statusTask(t)?.commitment
              const today = byProject.get(t.projectId)?.asOf.today
              const state = commitment && today ? commitmentState(commitment, today) : undefined
              return (
                <>
                  <TaskStateText task={t} />
                  {state === 'overdue' && (
                    <StatusTag tone="red" style={{ marginInlineStart: 8 }}>
                      告知承诺逾期未核查
                    </StatusTag>
                  )}
                  {state === 'due' && (
                    <StatusTag tone="blue" style={{ marginInlineStart: 8 }}>
                      告知承诺待核查
                    </StatusTag>
                  )}
                </>
              )
            },
          },
          { title: '补正次数', dataIndex: 'supplementRoundsUsed' },
          {
            title: '操作',
            key: 'open',
            render: (_, t) => (
              <Link to={taskPath(t)} aria-label={`办理 ${t.itemName ?? t.item}`}>
                办理
              </Link>
            ),
          },
        ]}
      />
      <UnreadableNotice count={unreadable.length} what="任务" />
      {inbox.hasNextPage && (
        <Button style={{ marginTop: 16 }} onClick={() => inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </>
  )
}
