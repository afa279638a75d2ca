/**
 * The one line under a list for the stored rows the gateway answered as `unreadable` (a row that does not match its
 * view): counted, so that none vanishes without a word; nothing when there are none. `what` names the rows (任务, 评价).
 */
export function unreadableSentence(count: number, what: string): string | undefined {
  return count > 0 ? `另有 ${count} 条${what}暂时无法显示（已记录，请联系系统管理员）。` : undefined
}
