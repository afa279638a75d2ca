import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Input, Radio, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { isBad, LEVELS, type Level, lastDayToRate, levelName, loopState, putRating, type Rating } from '../../ratings'
import type { Status } from './flow-model'

const h2 = { fontSize: 16, margin: 0 } as const
const item = { padding: '8px 0', borderTop: '1px solid #f0f0f0', overflowWrap: 'anywhere' } as const

/**
 * 好差评 on the progress page: each department's decided handling, rated once by the owner (the five options), a bad
 * rating's fix-and-reply loop with its due date and the department's reply, and the second rating after the reply.
 */
export function RatingsCard({ status, projectId }: { status: Status; projectId: string }) {
  const ratings = useQuery({
    queryKey: keys.projectRatings(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/ratings', { params: { path: { id: projectId } } })),
  })
  const decided = status.tasks.filter((t) => t.decision?.outcome === 'approved' || t.decision?.outcome === 'rejected')
  if (decided.length === 0) return null
  const byTask = new Map((ratings.data?.ratings ?? []).map((r) => [r.rating.taskId, r.rating]))
  // The status answer's own count of each loop today (GET /projects/:id/status `ratings`).
  const today = new Map((status.ratings ?? []).map((r) => [r.taskId, r.fix?.state]))
  return (
    <Card title={<h2 style={h2}>办事评价（好差评）</h2>} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        部门作出决定后，可在 5
        个自然日内（决定当日不计）对其办理作出评价，逾期视为未评价；评价为不满意或非常不满意的，部门须在 10
        个工作日内整改并反馈，反馈后可在 5 个自然日内再次评价。
      </Typography.Paragraph>
      <ProblemAlert error={ratings.error} />
      <ul aria-label="办事评价" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {decided.map((t) => {
          const who = t.departmentName ?? departmentName(t.department)
          return (
            <li key={t.taskId} style={item}>
              <strong>{who}</strong> · {t.itemName ?? t.item}
              <RatingOf
                decidedAt={t.decision?.decidedAt}
                taskId={t.taskId}
                who={who}
                projectId={projectId}
                rating={byTask.get(t.taskId)}
                today={today.get(t.taskId)}
              />
            </li>
          )
        })}
      </ul>
      <UnreadableNotice count={ratings.data?.unreadable.length ?? 0} what="评价" />
    </Card>
  )
}

function RatingOf({
  today,
  decidedAt,
  ...props
}: {
  taskId: string
  who: string
  projectId: string
  rating: Rating | undefined
  today: 'open' | 'overdue' | 'replied' | undefined
  decidedAt: string | undefined
}) {
  const { rating } = props
  if (!rating) {
    return (
      <>
        {decidedAt && <div>评价期限：{lastDayToRate(decidedAt)}（5 个自然日）</div>}
        <RateForm {...props} label="提交评价" />
      </>
    )
  }
  const state = loopState(rating, today)
  const fix = rating.fix
  return (
    <div>
      <div>
        我的评价：{levelName(rating.first.level)}
        {rating.first.comment ? `（${rating.first.comment}）` : ''}
        {state && (
          <StatusTag tone={state.tone} style={{ marginInlineStart: 8 }}>
            {state.label}
          </StatusTag>
        )}
      </div>
      {fix && <div>整改反馈期限：{chineseDate(fix.dueOn)}</div>}
      {fix?.status === 'replied' && (
        <div>
          部门整改情况：{fix.fix}；部门反馈：{fix.reply}
        </div>
      )}
      {rating.second && <div>再次评价：{levelName(rating.second.level)}</div>}
      {fix?.status === 'replied' && !rating.second && (
        <>
          {fix.repliedOn && <div>再次评价期限：{lastDayToRate(fix.repliedOn)}（5 个自然日）</div>}
          <RateForm {...props} label="再次评价" />
        </>
      )}
    </div>
  )
}

/** The five options and an optional comment; a refused rating shows the gateway's sentence and the field it names. */
function RateForm({
  taskId,
  who,
  projectId,
  label,
}: {
  taskId: string
  who: string
  projectId: string
  label: string
}) {
  const queryClient = useQueryClient()
  const [level, setLevel] = useState<Level | undefined>()
  const [comment, setComment] = useState('')
  const rate = useMutation({
    mutationFn: () =>
      must(
        api.POST('/api/v1/tasks/{id}/rating', {
          params: { path: { id: taskId } },
          body: { level: level as Level, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        }),
      ),
    // The answer is shown at once: the read model has the rating a moment later (the live stream refreshes the list).
    onSuccess: (answer) => putRating(queryClient, keys.projectRatings(projectId), answer.rating, true),
  })
  const commentProblem = fieldMessage(rate.error, '/body/comment')
  return (
    <div style={{ marginTop: 4 }}>
      <Radio.Group
        aria-label={`${label}（${who}）`}
        value={level}
        onChange={(e) => setLevel(e.target.value as Level)}
        options={LEVELS.map((l) => ({ value: l.value, label: l.label }))}
      />
      <Input.TextArea
        aria-label={`评价意见（${who}，选填）`}
        placeholder={level && isBad(level) ? '请说明不满意的原因（选填）' : '评价意见（选填）'}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        status={commentProblem ? 'error' : undefined}
        style={{ marginTop: 4 }}
      />
      <Button
        type="primary"
        size="small"
        disabled={!level}
        loading={rate.isPending}
        onClick={() => rate.mutate()}
        style={{ marginTop: 4 }}
      >
        {label}
      </Button>
      <ProblemAlert error={rate.error} />
    </div>
  )
}
