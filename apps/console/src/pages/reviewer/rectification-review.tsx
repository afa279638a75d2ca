import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Checkbox, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { materialName } from '../../materials'
import {
  type Rectification,
  type RectificationDepartment,
  rectificationState,
  rectificationStateText,
} from '../../rectification'
import type { StatusTask } from './views'

export type Verification = NonNullable<NonNullable<StatusTask['commitment']>['verification']>
type Ordered = OrderedRectification & { material?: string }
type Further = 'revoke' | 'bar-commitment'

/** The task's findings that ordered 整改: its 告知承诺's, then each 容缺 material's. */
const orderedOf = (task: StatusTask): Ordered[] => {
  const out: Ordered[] = []
  const c = task.commitment
  if (c?.verification?.measures?.includes('rectify')) {
    out.push({
      key: 'commitment',
      title: '告知承诺核查',
      finding: c.verification,
      ...(c.rectification ? { rectification: c.rectification } : {}),
    })
  }
  for (const d of task.deficiencies ?? []) {
    if (!d.finding?.measures?.includes('rectify')) continue
    out.push({
      key: d.material,
      title: `容缺后补核查：${materialName(d.material)}`,
      material: d.material,
      finding: d.finding,
      ...(d.rectification ? { rectification: d.rectification } : {}),
    })
  }
  return out
}

/**
 * 整改 on the reviewer's task page (docs/legal-time.md#整改-followed-through): for each finding of the department that
 * ordered 整改, where it stands and the owner's reports; the last report awaiting review is confirmed (确认整改完成) or
 * found not done with what is missing; once 逾期未整改, the further measure (依法撤销许可, 禁止选择告知承诺), once.
 */
export function RectificationReview({
  task,
  projectId,
  today,
}: {
  task: StatusTask
  projectId: string
  today: string
}) {
  const queryClient = useQueryClient()
  const ordered = orderedOf(task)
  if (ordered.length === 0) return null
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.status(projectId) })
    void queryClient.invalidateQueries({ queryKey: keys.tasks() })
  }
  return (
    <Card title="整改情况" size="small" style={{ marginBottom: 16 }}>
      {ordered.map((o) => {
        const material = o.material ? { material: o.material } : {}
        return (
          <RectificationSection
            key={o.key}
            ordered={o}
            today={today}
            department="审批部门"
            revoke={{ label: '依法撤销许可', allowed: task.status === 'approved' }}
            onDone={refresh}
            review={(body) =>
              must(
                api.POST('/api/v1/tasks/{id}/rectification-review', {
                  params: { path: { id: task.taskId } },
                  body: { ...material, ...body },
                }),
              )
            }
            escalate={(body) =>
              must(
                api.POST('/api/v1/tasks/{id}/rectification-escalation', {
                  params: { path: { id: task.taskId } },
                  body: { ...material, ...body },
                }),
              )
            }
          />
        )
      })}
    </Card>
  )
}

/** A finding that ordered 整改, as one section of a 整改情况 card shows it (an approval task's or an acceptance item's). */
export type OrderedRectification = {
  key: string
  title: string
  finding: Verification
  rectification?: Rectification
}
type ReviewBody = { result: 'done' | 'not-done'; note?: string }
type EscalationBody = { measures: Further[]; barredUntil?: string }

/**
 * One finding's 整改 for its department — the same in the approval stage and joint acceptance: the state today, the
 * owner's reports and their reviews, 确认整改完成 / 认定整改未完成 on the report awaiting review and, once 逾期未整改 with
 * none awaiting, the further measure; `review` and `escalate` send to the stage's route, `revoke` says what 依法撤销
 * takes there and whether it can.
 */
export function RectificationSection({
  ordered,
  today,
  department,
  revoke,
  ended,
  review: sendReview,
  escalate: sendEscalation,
  onDone,
}: {
  ordered: OrderedRectification
  today: string
  department: RectificationDepartment
  revoke: { label: string; allowed: boolean }
  /** Why this 整改 takes no more acts (a joint acceptance case failed, its pass revoked): said, and nothing offered. */
  ended?: string
  review: (body: ReviewBody) => Promise<unknown>
  escalate: (body: EscalationBody) => Promise<unknown>
  onDone: () => void
}) {
  const [note, setNote] = useState('')
  const [measures, setMeasures] = useState<Further[]>([])
  const [barredUntil, setBarredUntil] = useState('')
  const review = useMutation({
    mutationFn: (result: 'done' | 'not-done') =>
      sendReview({ result, ...(result === 'not-done' && note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: onDone,
  })
  const escalate = useMutation({
    mutationFn: () => sendEscalation({ measures, ...(barredUntil ? { barredUntil } : {}) }),
    onSuccess: onDone,
  })
  const r = ordered.rectification
  const state = rectificationState(ordered.finding, r, today)
  if (state === undefined) return null
  const last = r?.reports.at(-1)
  const awaiting = last !== undefined && last.review === undefined && r?.escalation === undefined
  // The stage refuses every act on an ended 整改 (ACCEPTANCE_PASS_REVOKED, *_CASE_DECIDED): none is offered.
  const acts = ended === undefined
  return (
    <section aria-label={`${ordered.title} 整改情况`} data-rectification={state} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{ordered.title}</Typography.Text>
      <div>
        整改期限 {chineseDate(ordered.finding.rectifyBy ?? '')} · 整改状态 {rectificationStateText(state, department)}
      </div>
      {(r?.reports ?? []).map((x) => (
        <div key={x.reportedAt}>
          {chineseDate(x.reportedOn)}建设单位报告：{x.statement}
          {x.review
            ? `（${chineseDate(x.review.on)}${x.review.result === 'done' ? '确认整改完成' : `认定未完成：${x.review.note ?? ''}`}）`
            : ''}
        </div>
      ))}
      {r?.escalation && (
        <div>
          {chineseDate(r.escalation.on)}已采取进一步措施：
          {r.escalation.measures.map((m) => (m === 'revoke' ? revoke.label : '禁止选择告知承诺')).join('、')}
        </div>
      )}
      {ended !== undefined && <Typography.Text type="secondary">{ended}</Typography.Text>}
      {acts && awaiting && (
        <Space direction="vertical" style={{ marginTop: 4, width: '100%' }}>
          <Input.TextArea
            aria-label="未完成的内容"
            placeholder="认定未完成时，请写明尚缺的内容"
            maxLength={2000}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Space>
            <Button type="primary" size="small" loading={review.isPending} onClick={() => review.mutate('done')}>
              确认整改完成
            </Button>
            <Button size="small" danger disabled={note.trim() === ''} onClick={() => review.mutate('not-done')}>
              认定整改未完成
            </Button>
          </Space>
          <ProblemAlert error={review.error} />
        </Space>
      )}
      {acts && state === 'overdue' && awaiting && (
        // The stage refuses the further measure until the last report is reviewed (*_RECTIFICATION_REVIEW_PENDING).
        <Typography.Text type="secondary">
          逾期未整改：请先确认建设单位报告的整改情况，认定未完成的，方可采取进一步措施。
        </Typography.Text>
      )}
      {acts && state === 'overdue' && !awaiting && !r?.escalation && (
        <Space direction="vertical" style={{ marginTop: 4 }}>
          <Typography.Text>逾期未整改：可采取进一步措施（004:1860）。</Typography.Text>
          <Checkbox.Group<Further>
            aria-label="进一步措施"
            value={measures}
            onChange={(v) => setMeasures(v)}
            options={[
              { value: 'revoke', label: revoke.label, disabled: !revoke.allowed },
              { value: 'bar-commitment', label: '禁止选择告知承诺' },
            ]}
          />
          {measures.includes('bar-commitment') && (
            <Input
              type="date"
              aria-label="禁止选择告知承诺至"
              min={today}
              value={barredUntil}
              onChange={(e) => setBarredUntil(e.target.value)}
              style={{ width: 180 }}
            />
          )}
          <Button
            size="small"
            danger
            disabled={measures.length === 0}
            loading={escalate.isPending}
            onClick={() => escalate.mutate()}
          >
            采取进一步措施
          </Button>
          <ProblemAlert error={escalate.error} />
        </Space>
      )}
    </section>
  )
}
