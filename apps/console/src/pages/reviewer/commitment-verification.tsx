import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Radio, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, keys, must } from '../../api'
import { BREACH_FIELD_NAMES, BreachFields, type Measure, verificationRows } from '../../components/breach'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDate, chineseDateTime } from '../../format'
import { decisionWords } from './decision-words'
import { REVOKES_PERMIT } from './deficiency-findings'
import { commitmentState, type StatusTask } from './views'

type Result = 'kept' | 'breached'
type VerifyForm = {
  result: Result
  findings?: string[]
  measures?: Measure[]
  rectifyBy?: Dayjs | null
  barredUntil?: Dayjs | null
}
type VerifyBody = {
  result: Result
  findings?: string[]
  measures?: Measure[]
  rectifyBy?: string
  barredUntil?: string
}

const LABEL = { whiteSpace: 'nowrap', width: '9em' } as const

/**
 * 告知承诺事后核查 on the reviewer's task (seeds 004:1860 有关审批部门要在规定时间内对申请人履行承诺情况进行检查): an item
 * approved at once on the owner's written commitment, the day its department must have verified it by and whether that
 * has passed, and the form recording 核查属实 or 与承诺不符 with the breach form the 容缺 card and joint acceptance use;
 * once recorded, the verification in its place. Sent as `POST /tasks/{id}/commitment`, once per task.
 */
export function CommitmentVerification({
  task,
  projectId,
  today,
}: {
  task: StatusTask
  projectId: string
  today: string
}) {
  const c = task.commitment
  if (!c) return null
  const words = decisionWords(task)
  const state = commitmentState(c, today)
  const decided = task.decision?.decidedAt
  return (
    <Card title="告知承诺事后核查" size="small" style={{ marginBottom: 16 }}>
      <section aria-label="告知承诺事后核查" data-commitment={state}>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: LABEL }}
          items={[
            {
              key: 'promise',
              label: '承诺内容',
              children: `建设单位书面承诺符合${task.itemName ?? task.item}的审批条件，本部门据此${
                words.granted ?? words.approved
              }${decided ? `（${chineseDateTime(decided)}）` : ''}，事后核查其履行承诺的情况。`,
            },
            { key: 'verifyBy', label: '核查期限', children: `${chineseDate(c.verifyBy)}前` },
            {
              key: 'state',
              label: '核查状态',
              children:
                state === 'verified' ? (
                  '已核查'
                ) : state === 'overdue' ? (
                  <Typography.Text type="danger" strong>
                    逾期未核查
                    {c.verificationOverdueOn ? `（${chineseDate(c.verificationOverdueOn)}起）` : ''}
                  </Typography.Text>
                ) : (
                  '待核查'
                ),
            },
            ...(c.verification ? verificationRows(c.verification, departmentName) : []),
          ]}
        />
        {!c.verification && <VerifyCommitment task={task} projectId={projectId} today={today} />}
      </section>
    </Card>
  )
}

function VerifyCommitment({ task, projectId, today }: { task: StatusTask; projectId: string; today: string }) {
  const queryClient = useQueryClient()
  const [form] = Form.useForm<VerifyForm>()
  const result = Form.useWatch('result', form)
  const measures = Form.useWatch('measures', form) ?? []
  const verify = useMutation({
    mutationFn: (body: VerifyBody) =>
      must(api.POST('/api/v1/tasks/{id}/commitment', { params: { path: { id: task.taskId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.status(projectId) })
      void queryClient.invalidateQueries({ queryKey: keys.tasks() })
    },
  })
  const message = fieldMessage(verify.error, '/body/result')
  const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)
  return (
    <div style={{ marginTop: 12 }}>
      <ProblemAlert error={verify.error} fields={{ ...BREACH_FIELD_NAMES, '/result': '核查结果' }} />
      <Form<VerifyForm>
        form={form}
        name="commitment-verification"
        layout="vertical"
        initialValues={{ result: 'kept', findings: [''], measures: [] }}
        onFinish={(v) => {
          if (v.result === 'kept') return verify.mutate({ result: 'kept' })
          const chosen = v.measures ?? []
          const rectifyBy = chosen.includes('rectify') ? day(v.rectifyBy) : undefined
          const barredUntil = chosen.includes('bar-commitment') ? day(v.barredUntil) : undefined
          verify.mutate({
            result: 'breached',
            findings: (v.findings ?? []).map((f) => f.trim()).filter((f) => f !== ''),
            measures: chosen,
            ...(rectifyBy ? { rectifyBy } : {}),
            ...(barredUntil ? { barredUntil } : {}),
          })
        }}
      >
        <Form.Item name="result" label="核查结果" help={message} validateStatus={message ? 'error' : undefined}>
          <Radio.Group
            options={[
              { value: 'kept', label: '核查属实（守诺：实际情况与承诺相符）' },
              { value: 'breached', label: '与承诺不符（违诺）' },
            ]}
          />
        </Form.Item>
        {result === 'breached' && (
          <BreachFields error={verify.error} measures={measures} today={today} revokes={REVOKES_PERMIT} />
        )}
        <Button type="primary" htmlType="submit" loading={verify.isPending}>
          记录核查结果
        </Button>
      </Form>
    </div>
  )
}
