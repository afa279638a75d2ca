import { decisionWords, type WordedTask } from './decision-words'

/** What a reviewer may do on a claimed task (办理中), besides the 延长 and 撤销 of their own cards. */
export type ClaimedAction = 'approve' | 'reject' | 'supplement' | 'special-procedure-start'

/**
 * The actions offered on a claimed task, as approval allows them: a task its department only receives (信息推送) is
 * never refused; a follow-on (后续事项, opened with no application on the approved item's data, 004:1814, 004:1806)
 * asks the owner for no 补正 and has no application time limit a 特别程序 stops (APPROVAL_FOLLOW_ON_NO_APPLICATION).
 */
export function claimedActions(task: WordedTask): ClaimedAction[] {
  const refusable = decisionWords(task).refusable
  return [
    'approve',
    ...(refusable ? (['reject'] as const) : []),
    ...(task.followOnOf ? [] : (['supplement', 'special-procedure-start'] as const)),
  ]
}
