import { isFiling } from '@onewindow/vocabulary'
import { STATE_NAMES } from './state-names'

/**
 * A task's decision in words: the reviewer's result once made and the buttons that make it, whether it may be refused
 * at all, and the owner's words for the result (`granted` — absent, the owner reads 已办结 alone — and `refused`).
 */
export type DecisionWords = {
  approved: string
  rejected: string
  approve: string
  reject: string
  /** False for a task its department receives and cannot refuse (信息推送): no reject is offered. */
  refusable: boolean
  granted?: string
  refused: string
  /** The project timeline's sentence of the decision (部门已作出审批决定), followed by its result. */
  decided: string
  /** The timeline's sentence of its revocation, when it differs from a licence's (备案已撤销). */
  revoked?: string
  /** The task's 办理状态 once approved or rejected, as the inbox and the task page say it (`taskStateName`). */
  approvedState: string
  rejectedState: string
}

const LICENCE: DecisionWords = {
  approved: '通过',
  rejected: '不通过',
  approve: '审批通过',
  reject: '审批不通过',
  refusable: true,
  granted: '准予许可',
  refused: '不予许可',
  decided: '部门已作出审批决定',
  approvedState: '已通过',
  rejectedState: '不通过',
}
// A filing is recorded, not approved: its department decides whether to accept it for the record.
const FILING: DecisionWords = {
  approved: '予以备案',
  rejected: '不予备案',
  approve: '予以备案',
  reject: '不予备案',
  refusable: true,
  granted: '予以备案',
  refused: '不予备案',
  decided: '部门已作出备案决定',
  revoked: '备案已撤销',
  approvedState: '已备案',
  rejectedState: '不予备案',
}
// 后续事项 decided by its department (门牌: "公安部门核准后发放门牌号码", 004:1814): 核准 or not, never a licence the owner
// applied for — the owner reads it done (已办结), or not 核准 with the reason.
const FOLLOW_ON: DecisionWords = {
  approved: '予以核准',
  rejected: '不予核准',
  approve: '予以核准',
  reject: '不予核准',
  refusable: true,
  refused: '不予核准',
  decided: '部门已办理后续事项',
  approvedState: '已核准',
  rejectedState: '不予核准',
}
// 后续事项 for information (信息推送: the construction permit's data to the drainage authority in place of a 临时排水许可,
// 004:1806): the department records receipt; approval refuses a rejection (APPROVAL_FOLLOW_ON_FOR_INFORMATION).
const FOR_INFORMATION: DecisionWords = {
  approved: '已接收',
  rejected: '不予接收',
  approve: '确认接收',
  reject: '不予接收',
  refusable: false,
  refused: '不予接收',
  decided: '部门已办理后续事项',
  approvedState: '已接收',
  rejectedState: '不予接收',
}

/** A licence's words: what a decision reads as when its task is not known (the timeline's default). */
export const LICENCE_WORDS = LICENCE

/**
 * The words for a task, by what it is: a follow-on (`followOnOf`, for information or decided), else a filing or a
 * licence by its item's name as the page shows it (the code when the task carries no name).
 */
export type WordedTask = {
  item: string
  itemName?: string | undefined
  followOnOf?: { item: string; forInformation?: boolean | undefined } | undefined
}

export const decisionWords = (task: WordedTask): DecisionWords =>
  task.followOnOf
    ? task.followOnOf.forInformation
      ? FOR_INFORMATION
      : FOLLOW_ON
    : isFiling(task.itemName ?? task.item)
      ? FILING
      : LICENCE

/**
 * A task's 办理状态 in words, one for the inbox's column and the task page: a decided task in its own words — a
 * follow-on 已核准 / 不予核准 (公安部门核准后发放门牌号码, 004:1814), one for information 已接收 (推送…至排水主管部门,
 * 004:1806), a filing 已备案 —, every other state as the inbox's filter names it.
 */
export const taskStateName = (task: WordedTask & { status: keyof typeof STATE_NAMES }): string =>
  task.status === 'approved'
    ? decisionWords(task).approvedState
    : task.status === 'rejected'
      ? decisionWords(task).rejectedState
      : STATE_NAMES[task.status]
