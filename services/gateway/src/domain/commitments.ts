import { rectificationState, type TaskRectification } from '@onewindow/contracts'
import { CommitmentView, type RectificationView, TaskCommitmentView, TaskDeficiencyView } from '../http/schemas.js'
import type { AcceptanceCase, TaskSnapshot } from './projectors.js'
import { conforming, eachRow, type Rows } from './rows.js'

export type CommitmentState = CommitmentView['state']

/** One commitment's state on `today`, the same for joint acceptance's items and the approval stage's tasks. */
const commitmentStateOf = (
  verifyBy: string,
  verification: { result: 'kept' | 'breached' } | undefined,
  today: string,
): CommitmentState => (verification ? verification.result : verifyBy < today ? 'overdue' : 'due')

/**
 * The 告知承诺 items of joint acceptances as their departments work them: `due` (not verified, verify-by day not
 * passed), `overdue` (not verified, the day passed), `kept` or `breached`; a breach that ordered 整改 carries its
 * `rectification`, read on `today` as the approval stage's. Soonest verify-by day first.
 */
export function commitmentsOf(
  cases: readonly AcceptanceCase[],
  today: string,
  filter: CommitmentFilter = {},
): CommitmentView[] {
  return bySoonest(cases.flatMap((c) => commitmentsOfCase(c, today, filter)))
}

type CommitmentFilter = {
  department?: string
  state?: CommitmentState
  /** The calendar's published years: given, each view says whether its `verifyBy` is provisional (its year's is not). */
  years?: ReadonlySet<number>
}

const provisionalMark = (verifyBy: string, years: ReadonlySet<number> | undefined) =>
  years === undefined ? {} : { verifyByProvisional: !years.has(Number(verifyBy.slice(0, 4))) }

const bySoonest = (views: CommitmentView[]): CommitmentView[] =>
  views.sort((a, b) => a.verifyBy.localeCompare(b.verifyBy) || a.caseId.localeCompare(b.caseId))

/** One case's commitments in item order, unsorted: {@link commitmentsOf} and {@link commitmentRows} sort once. */
function commitmentsOfCase(c: AcceptanceCase, today: string, filter: CommitmentFilter): CommitmentView[] {
  const out: CommitmentView[] = []
  if (c.status !== 'failed') {
    for (const i of c.items) {
      if (i.status !== 'committed' || i.verifyBy === undefined) continue
      if (filter.department !== undefined && i.department !== filter.department) continue
      const state = commitmentStateOf(i.verifyBy, i.verification, today)
      if (filter.state !== undefined && state !== filter.state) continue
      out.push({
        caseId: c.caseId,
        projectId: c.projectId,
        ...(c.part === undefined ? {} : { part: c.part }),
        owner: c.owner,
        item: i.item,
        ...(i.itemName === undefined ? {} : { itemName: i.itemName }),
        department: i.department,
        verifyBy: i.verifyBy,
        ...provisionalMark(i.verifyBy, filter.years),
        state,
        ...(i.verification === undefined ? {} : { verification: i.verification }),
        ...(i.verificationOverdueOn === undefined ? {} : { reportedOverdueOn: i.verificationOverdueOn }),
        ...rectificationOf(i.verification, i.rectification, today),
      })
    }
  }
  return out
}

const checkCommitment = conforming(CommitmentView)

/** {@link commitmentsOf}, one case at a time: a case whose items cannot be read is set aside, the others answer. */
export function commitmentRows(
  cases: readonly AcceptanceCase[],
  today: string,
  filter: CommitmentFilter = {},
): Rows<CommitmentView> {
  const rows = eachRow(
    cases,
    'acceptance',
    (c) => c.caseId,
    (c) => commitmentsOfCase(c, today, filter).map(checkCommitment),
    // Only the filter's: a reviewer or lead reads its own items, so a bad case is named with its department;
    // a supervisor's or admin's list spans departments and names none.
    () => filter.department,
  )
  return { views: bySoonest(rows.views), unreadable: rows.unreadable }
}

/** The 整改 a finding ordered as the lists show it on `today`; nothing for a finding that ordered none. */
function rectificationOf(
  finding: { measures?: readonly string[] | undefined; rectifyBy?: string | undefined } | undefined,
  rectification: TaskRectification | undefined,
  today: string,
): { rectification?: RectificationView } {
  const state = rectificationState(finding, rectification, today)
  if (state === undefined || finding?.rectifyBy === undefined) return {}
  return {
    rectification: {
      state,
      rectifyBy: finding.rectifyBy,
      reports: rectification?.reports.length ?? 0,
      ...(rectification?.doneOn === undefined ? {} : { doneOn: rectification.doneOn }),
      ...(rectification?.overdueOn === undefined ? {} : { overdueOn: rectification.overdueOn }),
      ...(rectification?.escalation === undefined ? {} : { escalation: rectification.escalation }),
    },
  }
}

const checkTaskCommitment = conforming(TaskCommitmentView)

/**
 * The approval stage's 告知承诺: tasks approved at once on commitment, in the same four states as joint acceptance's,
 * soonest verify-by day first; a breach that ordered 整改 carries its `rectification`, read on `today`. Task by task: a task whose stored snapshot cannot be read is set aside in
 * `unreadable` (with its department), the others answer.
 */
export function taskCommitmentsOf(
  tasks: readonly TaskSnapshot[],
  today: string,
  filter: { state?: CommitmentState; years?: ReadonlySet<number> } = {},
): Rows<TaskCommitmentView> {
  const rows = eachRow(
    tasks,
    'task',
    (t) => t.taskId,
    (t): TaskCommitmentView[] => {
      const c = t.commitment
      if (!c) return []
      const state = commitmentStateOf(c.verifyBy, c.verification, today)
      if (filter.state !== undefined && state !== filter.state) return []
      const view = {
        taskId: t.taskId,
        applicationId: t.applicationId,
        projectId: t.projectId,
        ...(t.step === undefined ? {} : { step: t.step }),
        item: t.item,
        ...(t.itemName === undefined ? {} : { itemName: t.itemName }),
        department: t.department,
        verifyBy: c.verifyBy,
        ...provisionalMark(c.verifyBy, filter.years),
        state,
        ...(c.verification === undefined ? {} : { verification: c.verification }),
        ...(c.verificationOverdueOn === undefined ? {} : { reportedOverdueOn: c.verificationOverdueOn }),
        ...rectificationOf(c.verification, c.rectification, today),
      }
      return [checkTaskCommitment(view)]
    },
    (t) => t.department,
  )
  const views = rows.views.sort((a, b) => a.verifyBy.localeCompare(b.verifyBy) || a.taskId.localeCompare(b.taskId))
  return { views, unreadable: rows.unreadable }
}

const checkTaskDeficiency = conforming(TaskDeficiencyView)

/**
 * 容缺后补 in the approval stage (004:1860): each overdue 容缺 material of the tasks, `overdue` until its department
 * records a finding, `breached` after (with its 整改's state on `today` when the finding ordered one) — beside the
 * tasks' 告知承诺, as the same department works both. Oldest promised
 * day first. `state` filters as the commitments' does: `overdue` or `breached` (a `due` or `kept` filter keeps none).
 */
export function taskDeficienciesOf(
  tasks: readonly TaskSnapshot[],
  today: string,
  filter: { state?: CommitmentState } = {},
): Rows<TaskDeficiencyView> {
  const rows = eachRow(
    tasks,
    'task',
    (t) => t.taskId,
    (t): TaskDeficiencyView[] =>
      (t.deficiencies ?? []).flatMap((d) => {
        const state = d.finding ? ('breached' as const) : ('overdue' as const)
        if (filter.state !== undefined && state !== filter.state) return []
        const view = {
          taskId: t.taskId,
          applicationId: t.applicationId,
          projectId: t.projectId,
          ...(t.step === undefined ? {} : { step: t.step }),
          item: t.item,
          ...(t.itemName === undefined ? {} : { itemName: t.itemName }),
          department: t.department,
          material: d.material,
          promisedOn: d.promisedOn,
          overdueOn: d.overdueOn,
          state,
          ...(d.finding === undefined ? {} : { finding: d.finding }),
          taskStatus: t.status,
          ...rectificationOf(d.finding, d.rectification, today),
        }
        return [checkTaskDeficiency(view)]
      }),
    (t) => t.department,
  )
  const views = rows.views.sort((a, b) => a.promisedOn.localeCompare(b.promisedOn) || a.taskId.localeCompare(b.taskId))
  return { views, unreadable: rows.unreadable }
}
