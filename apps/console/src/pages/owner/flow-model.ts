import { departmentName } from '../../departments'
import type { paths } from '../../generated/api'

/** The project's status as the gateway answers it (`GET /api/v1/projects/:id/status`). */
export type Status = paths['/api/v1/projects/{id}/status']['get']['responses'][200]['content']['application/json']
type Task = Status['tasks'][number]
type StepState = Status['flow'][number]['state']

/** One department's task in a step, as the flow picture and the table beside it show it. */
export type DepartmentView = {
  taskId: string
  department: string
  item: string
  /** 办理状态: the national code's name (已受理, 准予许可, …). */
  nationalName: string
  status: Task['status']
  decided: boolean
  /** The clock the owner is promised (committed, else statutory): what is left of it, its due day, its level. */
  remaining?: number
  overdueBy?: number
  unit?: 'W' | 'N'
  due?: string
  level?: 'green' | 'yellow' | 'red'
  suspended: boolean
}

/** One step of the flow with the departments working on it in parallel. */
export type StepView = { step: string; name: string; state: StepState; current: boolean; departments: DepartmentView[] }

export const STEP_STATE_NAMES: Record<StepState, string> = {
  'not-started': '未开始',
  'in-progress': '办理中',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
  skipped: '无需办理',
  exempt: '免于办理',
}

export const TASK_STATUS_NAMES: Record<Task['status'], string> = {
  assigned: '待受理',
  claimed: '审查中',
  'supplement-requested': '补正中',
  'special-procedure': '特别程序中',
  approved: '准予',
  rejected: '不予',
  closed: '已办结',
  withdrawn: '已撤回',
  revoked: '已撤销',
}

const DECIDED: ReadonlySet<Task['status']> = new Set(['approved', 'rejected', 'closed', 'withdrawn', 'revoked'])

function departmentOf(t: Task): DepartmentView {
  const clock = t.clocks.committed ?? t.clocks.statutory
  const decided = DECIDED.has(t.status)
  return {
    taskId: t.taskId,
    department: t.departmentName ?? departmentName(t.department),
    item: t.itemName ?? t.item,
    nationalName: t.nationalName,
    status: t.status,
    decided,
    ...(clock && !decided
      ? {
          remaining: clock.remaining,
          overdueBy: clock.overdueBy,
          unit: clock.limit.unit,
          due: clock.due,
          level: clock.level,
        }
      : {}),
    suspended: clock?.suspended ?? false,
  }
}

/**
 * The flow as steps, each with its departments in parallel. A task names its step; an older one only its
 * application, whose step it takes. Only the latest application of a step is shown (a step applied for again after a
 * withdrawal shows the new round).
 */
/**
 * A department as this project's page names it: by the bureau its tasks carry (the catalogue's 汕尾市自然资源局) where
 * a task of it does, so the timeline, the 补正 notices and the acceptance items say the name the task list says.
 */
export function departmentNamer(status: Pick<Status, 'tasks'>): (code: string) => string {
  const names = new Map<string, string>()
  for (const t of status.tasks) if (t.departmentName) names.set(t.department, t.departmentName)
  return (code) => names.get(code) ?? departmentName(code)
}

export function stepsOf(status: Status): StepView[] {
  const stepOfApplication = new Map(status.applications.map((a) => [a.applicationId, a.step]))
  const latest = new Map<string, string>()
  for (const a of status.applications) if (a.step) latest.set(a.step, a.applicationId)
  return status.flow.map((s) => ({
    step: s.step,
    name: s.name,
    state: s.state,
    current: s.step === status.currentStep,
    departments: status.tasks
      .filter((t) => (t.step ?? stepOfApplication.get(t.applicationId)) === s.step)
      .filter((t) => !latest.has(s.step) || latest.get(s.step) === t.applicationId)
      .map(departmentOf),
  }))
}

/** What is left of a department's clock, in words: 剩余 3 个工作日, 已超期 2 个工作日, 已办结. */
export function remainingText(d: DepartmentView): string {
  if (d.decided) return '已办结'
  if (d.remaining === undefined) return '—'
  const unit = d.unit === 'N' ? '自然日' : '工作日'
  const paused = d.suspended ? '（暂停计时）' : ''
  return (d.overdueBy ?? 0) > 0 ? `已超期 ${d.overdueBy} 个${unit}${paused}` : `剩余 ${d.remaining} 个${unit}${paused}`
}
