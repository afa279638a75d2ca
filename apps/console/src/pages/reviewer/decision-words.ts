import { isFiling } from '@onewindow/vocabulary'

/** A task's decision in a reviewer's words: the result once made, and the buttons that make it. */
export type DecisionWords = { approved: string; rejected: string; approve: string; reject: string }

const LICENCE: DecisionWords = { approved: '通过', rejected: '不通过', approve: '审批通过', reject: '审批不通过' }
// A filing is recorded, not approved: its department decides whether to accept it for the record.
const FILING: DecisionWords = { approved: '予以备案', rejected: '不予备案', approve: '予以备案', reject: '不予备案' }

/** The words for a task, by its item's name as the page shows it (the code when the task carries no name). */
export const decisionWords = (task: { item: string; itemName?: string | undefined }): DecisionWords =>
  isFiling(task.itemName ?? task.item) ? FILING : LICENCE
