import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Input } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { rectificationState, rectificationStateText } from '../../rectification'
import type { Finding } from './findings-model'

/** The most characters of a 整改 report (contracts' `RectificationReportBody.statement`). */
const STATEMENT_MAX = 2000

/**
 * 整改 of a finding (an approval task's, a joint acceptance item's) on the owner's 核查结论 card (docs/legal-time.md#整改-followed-through): where it stands —
 * 待整改, reported and awaiting the department, found not done (with what is missing), 整改完成, 逾期未整改 — the reports
 * made, and for the owner 报告整改完成 while it may report (none awaiting review, not confirmed, no further measure).
 */
export function RectificationPart({
  finding,
  projectId,
  today,
  owner,
}: {
  finding: Finding
  projectId: string
  today: string
  owner: boolean
}) {
  const r = finding.rectification
  const state = rectificationState(finding.verification, r, today)
  const queryClient = useQueryClient()
  const [statement, setStatement] = useState('')
  const [open, setOpen] = useState(false)
  // The finding's stage reviews it: an acceptance item's with its case, an approval finding's with its task.
  const { acceptance } = finding
  const department = acceptance ? '验收部门' : '审批部门'
  const report = useMutation({
    // Either stage's answer: the card reads the status again, not the answer.
    mutationFn: (): Promise<unknown> =>
      acceptance
        ? must(
            api.POST('/api/v1/acceptance/{id}/commitment-rectification-report', {
              params: { path: { id: acceptance.caseId } },
              body: { item: acceptance.item, statement: statement.trim() },
            }),
          )
        : must(
            api.POST('/api/v1/tasks/{id}/rectification-report', {
              params: { path: { id: finding.taskId ?? '' } },
              body: {
                statement: statement.trim(),
                ...(finding.kind === 'deficiency' && finding.material ? { material: finding.material } : {}),
              },
            }),
          ),
    onSuccess: () => {
      setOpen(false)
      setStatement('')
      void queryClient.invalidateQueries({ queryKey: keys.status(projectId) })
    },
  })
  if (state === undefined || (finding.taskId === undefined && acceptance === undefined)) return null
  const last = r?.reports.at(-1)
  const awaiting = last !== undefined && last.review === undefined
  // A joint acceptance case that failed, or whose pass was revoked, takes no 整改 (the owner applies again):
  // acceptance refuses the report (ACCEPTANCE_CASE_DECIDED, ACCEPTANCE_PASS_REVOKED).
  const caseEnded = finding.kind === 'acceptance' && (finding.caseState === 'failed' || finding.caseState === 'revoked')
  const mayReport = owner && state !== 'done' && !awaiting && r?.escalation === undefined && !caseEnded
  return (
    <div data-rectification={state}>
      <div>
        整改状态：<strong>{rectificationStateText(state, department)}</strong>
        {state === 'done' && r?.doneOn ? `（${chineseDate(r.doneOn)}确认）` : ''}
        {state === 'overdue' && awaiting ? `（已报告，待${department}确认）` : ''}
      </div>
      {last && (
        <div>
          {chineseDate(last.reportedOn)}报告：{last.statement}
          {last.review?.result === 'not-done' && last.review.note
            ? `；${department}认定未完成：${last.review.note}`
            : ''}
        </div>
      )}
      {r?.escalation && (
        <div>
          逾期未整改，{department}已于{chineseDate(r.escalation.on)}采取进一步措施。
        </div>
      )}
      {mayReport && !open && (
        <Button size="small" style={{ marginTop: 4 }} onClick={() => setOpen(true)}>
          报告整改完成
        </Button>
      )}
      {mayReport && open && (
        <div style={{ marginTop: 4 }}>
          <Input.TextArea
            aria-label="整改情况"
            placeholder="请说明已整改的内容和方式"
            maxLength={STATEMENT_MAX}
            rows={3}
            value={statement}
            onChange={(e) => setStatement(e.target.value)}
            status={fieldMessage(report.error, '/body/statement') ? 'error' : undefined}
          />
          <Button
            type="primary"
            size="small"
            style={{ marginTop: 4 }}
            disabled={statement.trim() === ''}
            loading={report.isPending}
            onClick={() => report.mutate()}
          >
            提交整改情况
          </Button>
          <ProblemAlert error={report.error} />
        </div>
      )}
    </div>
  )
}
