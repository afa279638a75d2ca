import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Input, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'
import { type Listed, levelName, loopState, putRating } from '../../ratings'
import { useActor } from '../../session'

type Loop = 'open' | 'overdue' | 'replied' | 'all'
const LOOPS: { value: Loop; label: string }[] = [
  { value: 'open', label: '待整改反馈' },
  { value: 'overdue', label: '已逾期' },
  { value: 'replied', label: '已反馈' },
  { value: 'all', label: '全部评价' },
]

/**
 * 差评整改 (issue 17 part 6): the department's ratings, overdue first then by due date; a bad one still open takes the
 * department's 整改 and 反馈 here. No polling: the live stream invalidates the task keys this list sits under.
 */
export default function DepartmentRatings() {
  const actor = useActor()
  const [loop, setLoop] = useState<Loop>('open')
  const list = useQuery({
    queryKey: keys.departmentRatings(loop),
    queryFn: () => must(api.GET('/api/v1/ratings', { params: { query: { loop } } })),
    refetchOnWindowFocus: true,
  })
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        差评整改
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {departmentName(actor.department)}
        收到的办事评价；不满意、非常不满意的评价须在 10 个工作日内整改并向建设单位反馈，逾期由监督部门督办。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="rating-loop">显示</label>
        <Select id="rating-loop" style={{ width: 160 }} value={loop} onChange={setLoop} options={LOOPS} />
      </Space>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : (list.data?.ratings.length ?? 0) === 0 ? (
        <Typography.Paragraph>暂无评价</Typography.Paragraph>
      ) : (
        <ul aria-label="评价列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.data?.ratings.map((r) => (
            <RatingItem key={r.rating.ratingId} listed={r} />
          ))}
        </ul>
      )}
      <UnreadableNotice count={list.data?.unreadable.length ?? 0} what="评价" />
    </>
  )
}

function RatingItem({ listed }: { listed: Listed }) {
  const r = listed.rating
  const state = loopState(r)
  const project = listed.projectName ?? listed.projectCode ?? '查看项目'
  return (
    <li aria-label={`${project} · ${r.itemName ?? r.item}`} style={{ marginBottom: 12 }}>
      <Card size="small">
        <div style={{ overflowWrap: 'anywhere' }}>
          {/* Underlined: a link inside a line of text is told apart by more than its colour (WCAG 1.4.1). */}
          <Link
            to={`/tasks/${r.taskId}?project=${encodeURIComponent(r.projectId)}`}
            style={{ textDecoration: 'underline' }}
          >
            {project}
          </Link>{' '}
          · {r.itemName ?? r.item}
          {state && (
            <StatusTag tone={state.tone} style={{ marginInlineStart: 8 }}>
              {state.label}
            </StatusTag>
          )}
        </div>
        <div>
          评价：{levelName(r.first.level)}（{chineseDate(r.first.ratedOn)}）
          {r.first.comment ? `：${r.first.comment}` : ''}
        </div>
        {r.fix && <div>整改反馈期限：{chineseDate(r.fix.dueOn)}</div>}
        {r.fix?.status === 'replied' && (
          <div>
            整改情况：{r.fix.fix}；反馈：{r.fix.reply}
          </div>
        )}
        {r.second && <div>再次评价：{levelName(r.second.level)}</div>}
        {r.fix?.status === 'open' && <ReplyForm ratingId={r.ratingId} />}
      </Card>
    </li>
  )
}

function ReplyForm({ ratingId }: { ratingId: string }) {
  const queryClient = useQueryClient()
  const [fix, setFix] = useState('')
  const [reply, setReply] = useState('')
  const send = useMutation({
    mutationFn: () =>
      must(
        api.POST('/api/v1/ratings/{id}/reply', {
          params: { path: { id: ratingId } },
          body: { fix: fix.trim(), reply: reply.trim() },
        }),
      ),
    // The answer is shown at once: the read model has the reply a moment later.
    onSuccess: (answer) => putRating(queryClient, [...keys.tasks(), 'ratings'], answer.rating),
  })
  return (
    <div style={{ marginTop: 8 }}>
      <Input.TextArea
        aria-label="整改情况"
        placeholder="整改情况"
        maxLength={2000}
        value={fix}
        onChange={(e) => setFix(e.target.value)}
        status={fieldMessage(send.error, '/body/fix') ? 'error' : undefined}
        autoSize={{ minRows: 2, maxRows: 6 }}
      />
      <Input.TextArea
        aria-label="反馈内容"
        placeholder="向建设单位的反馈"
        maxLength={2000}
        value={reply}
        onChange={(e) => setReply(e.target.value)}
        status={fieldMessage(send.error, '/body/reply') ? 'error' : undefined}
        autoSize={{ minRows: 2, maxRows: 6 }}
        style={{ marginTop: 4 }}
      />
      <Button
        type="primary"
        style={{ marginTop: 4 }}
        disabled={!fix.trim() || !reply.trim()}
        loading={send.isPending}
        onClick={() => send.mutate()}
      >
        提交整改反馈
      </Button>
      <ProblemAlert error={send.error} />
    </div>
  )
}
