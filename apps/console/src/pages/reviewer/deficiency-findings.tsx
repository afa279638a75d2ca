import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, keys, must } from '../../api'
import { BREACH_FIELD_NAMES, BreachFields, type Measure, verificationRows } from '../../components/breach'
import { ProblemAlert } from '../../components/problem'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { materialName } from '../../materials'
import { NOT_GRANTED } from '../../problem-text'
import type { StatusTask } from './views'

type Owed = NonNullable<StatusTask['deficiencies']>[number]
type FindingForm = { findings?: string[]; measures?: Measure[]; rectifyBy?: Dayjs | null; barredUntil?: Dayjs | null }

const LABEL = { whiteSpace: 'nowrap', width: '9em' } as const

/**
 * 依法撤销许可 on an approval task's breach revokes its permit with the record (the route's one rule for a 容缺 finding
 * and a 告知承诺 alike); a permit certificate issued is marked revoked, one withheld while the material was owed never is.
 */
export const REVOKES_PERMIT =
  '选择依法撤销许可，提交即撤销本事项已作出的许可（办理状态“撤销”），已发证照同时标注撤销，无需另行撤销。'

/**
 * 容缺后补核查 (seeds 004:1860 对于实行告知承诺制或容缺后补的事项……采取整改、依法撤销许可或者禁止选择告知承诺等惩戒措施): the
 * application's 容缺 materials not made good by their promised day that this department was told of, and for each the
 * finding it records once — the breach form of 告知承诺事后核查, one shape for both promises. `today` is the gateway's
 * legal day (`asOf.today`), as the 告知承诺 card's: 整改期限 is a working day after it.
 */
export function DeficiencyFindings({ task, projectId, today }: { task: StatusTask; projectId: string; today: string }) {
  const owed = task.deficiencies ?? []
  if (owed.length === 0) return null
  return (
    <Card title="容缺后补核查" size="small" style={{ marginBottom: 16 }}>
      {owed.map((d) => (
        <section key={d.material} aria-label={`${materialName(d.material)} 容缺后补核查`} style={{ marginBottom: 16 }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: LABEL }}
            items={[
              { key: 'material', label: '容缺材料', children: materialName(d.material) },
              {
                key: 'promised',
                label: '承诺补交日',
                children: `${chineseDate(d.promisedOn)}（${chineseDate(d.overdueOn)}起逾期未补交）`,
              },
              ...(d.finding ? verificationRows(d.finding, departmentName) : []),
            ]}
          />
          {!d.finding && <RecordFinding task={task} owed={d} projectId={projectId} today={today} />}
        </section>
      ))}
    </Card>
  )
}

function RecordFinding({
  task,
  owed,
  projectId,
  today,
}: {
  task: StatusTask
  owed: Owed
  projectId: string
  /** The legal day as the gateway answers it (`asOf.today`): the browser's clock may be wrong, a test moves the server's. */
  today: string
}) {
  const queryClient = useQueryClient()
  const [form] = Form.useForm<FindingForm>()
  const measures = Form.useWatch('measures', form) ?? []
  const record = useMutation({
    mutationFn: (body: {
      material: string
      findings: string[]
      measures: Measure[]
      rectifyBy?: string
      barredUntil?: string
    }) => must(api.POST('/api/v1/tasks/{id}/deficiency-finding', { params: { path: { id: task.taskId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.status(projectId) })
      void queryClient.invalidateQueries({ queryKey: keys.tasks() })
    },
  })
  const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)
  return (
    <div style={{ marginTop: 12 }}>
      <ProblemAlert error={record.error} fields={BREACH_FIELD_NAMES} />
      <Form<FindingForm>
        form={form}
        // Each material's form its own name: its fields' ids stay unique when two materials are overdue.
        name={`deficiency-${owed.material}`}
        layout="vertical"
        initialValues={{ findings: [''], measures: [] }}
        onFinish={(v) => {
          const chosen = v.measures ?? []
          const rectifyBy = chosen.includes('rectify') ? day(v.rectifyBy) : undefined
          const barredUntil = chosen.includes('bar-commitment') ? day(v.barredUntil) : undefined
          record.mutate({
            material: owed.material,
            findings: (v.findings ?? []).map((f) => f.trim()).filter((f) => f !== ''),
            measures: chosen,
            ...(rectifyBy ? { rectifyBy } : {}),
            ...(barredUntil ? { barredUntil } : {}),
          })
        }}
      >
        <Typography.Paragraph>容缺材料逾期未补交，与承诺不符：请写明情况并选择惩戒措施。</Typography.Paragraph>
        <BreachFields
          error={record.error}
          measures={measures}
          today={today}
          // The route refuses 依法撤销许可 unless the task is approved (422 at /body/measures): say so while it is chosen.
          revokes={task.status === 'approved' ? REVOKES_PERMIT : NOT_GRANTED}
        />
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          记录核查结果
        </Button>
      </Form>
    </div>
  )
}
