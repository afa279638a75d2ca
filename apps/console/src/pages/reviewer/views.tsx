import { suspensionKinds } from '@onewindow/workdays'
import { Card, Descriptions, List, Tooltip, Typography } from 'antd'
import { LevelTag } from '../../components/level-tag'
import { chineseExplanation, startDayText } from '../../explanation'
import { chineseDate, clockDays } from '../../format'
import type { paths } from '../../generated/api'
import { taskStateName } from './decision-words'

/** A project's status as the gateway answers it, and the pieces the reviewer's pages read. */
export type Status = paths['/api/v1/projects/{id}/status']['get']['responses'][200]['content']['application/json']
export type StatusTask = Status['tasks'][number]
export type ClockView = NonNullable<StatusTask['clocks']['committed']>
export type InboxTask = paths['/api/v1/tasks']['get']['responses'][200]['content']['application/json']['tasks'][number]
export type TaskState = InboxTask['status']

export { STATE_NAMES } from './state-names'

/**
 * A task's state as the department works it, in words (待认领, 办理中, …; a decided one as its item is decided,
 * `taskStateName`): one status. The national 办理状态 (BLZT, e.g.
 * 8 部门开始办理), which the platform reports upward, is its hover and focus tip, not a second status beside it.
 */
export function TaskStateText({
  task,
}: {
  task: Pick<InboxTask, 'status' | 'nationalCode' | 'nationalName' | 'item' | 'itemName' | 'followOnOf'>
}) {
  return (
    <Tooltip trigger={['hover', 'focus']} title={`国家平台办理状态：${task.nationalName}（代码 ${task.nationalCode}）`}>
      {/* Focusable so that the tip shows for a keyboard too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the tip's trigger */}
      <span tabIndex={0}>{taskStateName(task)}</span>
    </Tooltip>
  )
}

/**
 * Where the verification stands against the legal today (the gateway's `asOf.today`): due, or overdue once its
 * verify-by day has passed unverified — from the day approval reported it (`verificationOverdueOn`) when it has.
 */
export function commitmentState(
  c: NonNullable<StatusTask['commitment']>,
  today: string,
): 'verified' | 'due' | 'overdue' {
  if (c.verification) return 'verified'
  return c.verificationOverdueOn !== undefined || c.verifyBy < today ? 'overdue' : 'due'
}

/** The 特别程序 kinds a reviewer may start (补正 is its own action), named as workdays names them. */
export type SpecialKind = Exclude<keyof typeof suspensionKinds, 'supplement'>
export const SPECIAL_KINDS = (Object.keys(suspensionKinds) as (keyof typeof suspensionKinds)[]).filter(
  (k): k is SpecialKind => k !== 'supplement',
)
export const suspensionName = (kind: string) =>
  kind in suspensionKinds ? suspensionKinds[kind as keyof typeof suspensionKinds].zh : kind

const CLOCK_NAMES = { statutory: '法定时限', committed: '承诺时限' } as const

const limitText = (limit: ClockView['limit']) => clockDays(limit.value, limit.unit)

/** The worst level of a task's clocks: what the inbox colours the task by. */
export function taskLevel(task: StatusTask | undefined): ClockView['level'] | undefined {
  const levels = [task?.clocks.statutory?.level, task?.clocks.committed?.level]
  return levels.includes('red') ? 'red' : levels.includes('yellow') ? 'yellow' : levels.find(Boolean)
}

/**
 * One clock as the gateway evaluated it: the limit, the days, its level, the due date explained (holidays, 调休,
 * pauses) and every pause with its kind, legal basis and days.
 */
export function ClockCard({ name, clock }: { name: keyof typeof CLOCK_NAMES; clock: ClockView }) {
  const unit = clock.limit.unit === 'W' ? '工作日' : '自然日'
  return (
    <Card
      size="small"
      title={CLOCK_NAMES[name]}
      extra={<LevelTag level={clock.level} />}
      style={{ marginBottom: 16 }}
      data-testid={`clock-${name}`}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
        <Descriptions.Item label="时限">{limitText(clock.limit)}</Descriptions.Item>
        <Descriptions.Item label="计时起点">{startDayText(clock.start, clock.limit.unit)}</Descriptions.Item>
        <Descriptions.Item label="到期日">
          {chineseDate(clock.due)}
          {clock.provisional ? '（暂定：该年度放假安排未公布）' : ''}
        </Descriptions.Item>
        <Descriptions.Item label="计时状态">{clock.suspended ? '暂停计时' : '计时中'}</Descriptions.Item>
        <Descriptions.Item label="已用">
          {clock.used} 个{unit}
        </Descriptions.Item>
        <Descriptions.Item label="剩余">
          {clock.remaining} 个{unit}
        </Descriptions.Item>
        {clock.overdue && (
          <Descriptions.Item label="超期">
            {clock.overdueBy} 个{unit}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="计算日">{chineseDate(clock.evaluatedOn)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 8 }} data-testid="explanation">
        <Typography.Text strong>到期日说明：</Typography.Text>
        {chineseExplanation(clock.entries).join('；')}
      </Typography.Paragraph>
      {clock.suspensions.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>暂停计时</Typography.Text>}
          dataSource={clock.suspensions}
          renderItem={(s) => (
            <List.Item>
              {suspensionName(s.kind)}：{chineseDate(s.from)} 至 {s.open ? '今（进行中）' : chineseDate(s.to)}，{s.days}{' '}
              个{unit}不计入
              {s.legalBasis ? `；依据：${s.legalBasis}` : ''}
              {s.due ? `；特别程序期限 ${chineseDate(s.due)}` : ''}
              {s.overrun ? '（已超出特别程序期限）' : ''}
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
