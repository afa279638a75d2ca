import type { paths } from '../../generated/api'

type TaskState =
  paths['/api/v1/tasks']['get']['responses'][200]['content']['application/json']['tasks'][number]['status']

// Apart from views.tsx so that a refusal's text (problem-text.ts) names a task's state without loading the pages.
/** Each task state as the inbox's filter names it (the 办理状态 code beside it is the gateway's). */
export const STATE_NAMES: Readonly<Record<TaskState, string>> = {
  assigned: '待认领',
  claimed: '办理中',
  'supplement-requested': '补正中',
  'special-procedure': '特别程序中',
  approved: '已通过',
  rejected: '不通过',
  closed: '已关闭',
  withdrawn: '已撤回',
  revoked: '已撤销',
}
