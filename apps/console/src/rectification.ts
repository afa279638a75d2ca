import type { Status } from './pages/owner/flow-model'

/** 整改 of a finding as the status carries it (contracts' `TaskRectification`). */
export type Rectification = NonNullable<NonNullable<Status['tasks'][number]['commitment']>['rectification']>

/**
 * Where an ordered 整改 stands on `today` — the console's copy of contracts' `rectificationState` (the console imports
 * no runtime code from contracts; test/rectification-state.unit.test.ts holds the two alike): `done` once confirmed,
 * `reported` while a report made by `rectifyBy` awaits review (even past the day), `overdue` (逾期未整改) once
 * `rectifyBy` is behind today with none confirmed and no such report pending, else `reported`, `not-done` or `owed`.
 */
export type RectificationState = 'owed' | 'reported' | 'not-done' | 'done' | 'overdue'
export function rectificationState(
  finding: { measures?: readonly string[] | undefined; rectifyBy?: string | undefined } | undefined,
  rectification: Pick<Rectification, 'reports' | 'doneOn'> | undefined,
  today: string,
): RectificationState | undefined {
  if (finding?.rectifyBy === undefined || finding.measures?.includes('rectify') !== true) return undefined
  if (rectification?.doneOn !== undefined) return 'done'
  const last = rectification?.reports.at(-1)
  const pending = last !== undefined && last.review === undefined
  if (today > finding.rectifyBy && !(pending && last.reportedOn <= finding.rectifyBy)) return 'overdue'
  if (last === undefined) return 'owed'
  return pending ? 'reported' : 'not-done'
}

/**
 * 整改状态 in the owner's and the department's words, naming the department that reviews: 审批部门 in the approval
 * stage, 验收部门 in joint acceptance.
 */
export function rectificationStateText(state: RectificationState, department: RectificationDepartment): string {
  switch (state) {
    case 'owed':
      return '待整改'
    case 'reported':
      return `已报告整改完成，待${department}确认`
    case 'not-done':
      return `${department}认定整改未完成`
    case 'done':
      return '整改完成'
    case 'overdue':
      return '逾期未整改'
  }
}

/** Who reviews a 整改: the approval stage's department, or joint acceptance's. */
export type RectificationDepartment = '审批部门' | '验收部门'
