import { Button, Card, Checkbox, Space, Typography } from 'antd'
import { useState } from 'react'
import { ProblemAlert } from '../../components/problem'
import { useAct } from './act'
import { HANDLING_STATUSES, type Ticket } from './names'

/**
 * 撤回诉求 (第二十三条 (二), 004:1606): the ticket ends and is not rated (004:1634). A 举报 the unit is handling stays
 * with it: the unit may go on verifying and handling the report (继续核实和办理), and the page says so. The owner
 * withdraws its own online ticket; the agent records the withdrawal of a requester with no screen (`forCaller`: a
 * caller on the phone, an applicant at the 办不成事 window) — the requester's act either way, so the same rule and words.
 */
export function Withdraw({
  ticket: t,
  forCaller = false,
  caller = '来电人',
}: {
  ticket: Ticket
  forCaller?: boolean
  /** Who the agent speaks for: 来电人 on the phone, 诉求人 for a window ticket. */
  caller?: string
}) {
  const mutation = useAct(t.ticketId)
  const [sure, setSure] = useState(false)
  if (t.status === 'closed' || t.withdrawnOn) return null
  const investigated = t.type === 'report' && HANDLING_STATUSES.includes(t.status)
  const title = forCaller ? `${caller}撤回诉求` : '撤回诉求'
  return (
    <section aria-label={title}>
      <Card title={title} type={forCaller ? 'inner' : undefined} style={{ marginTop: forCaller ? 12 : 24 }}>
        <ProblemAlert error={mutation.error} />
        <Typography.Paragraph>
          {investigated
            ? '撤回后不再对办理情况进行满意度评价；举报事项撤回后，承办单位仍可根据部门职责和相关规定继续核实和办理。'
            : '撤回后工单结束，不再办理，也不进行满意度评价。'}
        </Typography.Paragraph>
        <Space direction="vertical">
          <Checkbox checked={sure} onChange={(e) => setSure(e.target.checked)}>
            {forCaller ? `${caller}已确认撤回该诉求` : '确认撤回该诉求'}
          </Checkbox>
          <Button
            danger
            disabled={!sure}
            loading={mutation.isPending}
            onClick={() =>
              mutation.mutate({ action: 'withdraw', ...(investigated ? { continueInvestigation: true } : {}) })
            }
          >
            {forCaller ? `代${caller}撤回` : '撤回诉求'}
          </Button>
        </Space>
      </Card>
    </section>
  )
}
