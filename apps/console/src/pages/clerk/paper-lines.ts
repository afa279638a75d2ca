/**
 * What the written papers (受理回执, 接件回执, 一次性告知书, 不予受理决定书, 不予许可决定书) say besides their own
 * subject: the 受理机关, the 收件清单 and the refusal's words. 行政许可法第三十二条第二款: accepting or refusing an
 * application is told by a written notice bearing the office's seal and the date; 第三十八条第二款: so is a refusal to
 * license, with its reasons and the applicant's right to 行政复议 or 行政诉讼.
 */

import { APPEAL_LINE, refusalReasonLine } from '../../refusal-words'

/** How the window received one material; 容缺 materials are owed by a promised day. */
export type ReceivedState = 'received' | 'owed' | 'missing'

/** One line of the 收件清单: a checklist material by name and how the window received it. */
export type ReceivedLine = { code: string; name: string; state: ReceivedState; promisedOn?: string }

const STATE_WORDS: Record<ReceivedState, string> = { received: '已收取', owed: '容缺后补', missing: '未收取' }

/** The 收件清单 column's words for a line: 已收取, 容缺后补（M月D日前）, 未收取. */
export function receivedWords(line: ReceivedLine, date: (day: string) => string): string {
  if (line.state === 'owed' && line.promisedOn) return `${STATE_WORDS.owed}（${date(line.promisedOn)}前补交）`
  return STATE_WORDS[line.state]
}

/**
 * The 收件清单 of an application as the desk sent it: every material of the step's checklist in its order, received
 * when sent, owed when sent as a 容缺 material, else not received.
 */
export function receivedLines(
  checklist: readonly { code: string; name: string }[],
  sent: {
    materials: readonly { code: string }[]
    deficiencies: readonly { code: string; promisedOn: string }[]
  },
): ReceivedLine[] {
  const received = new Set(sent.materials.map((m) => m.code))
  const owed = new Map(sent.deficiencies.map((d) => [d.code, d.promisedOn]))
  return checklist.map((m) => {
    if (received.has(m.code)) return { code: m.code, name: m.name, state: 'received' }
    const promisedOn = owed.get(m.code)
    return promisedOn === undefined
      ? { code: m.code, name: m.name, state: 'missing' }
      : { code: m.code, name: m.name, state: 'owed', promisedOn }
  })
}

/**
 * The 受理机关 as the data names it: no office name is held anywhere (the catalogue names the region only), so the
 * paper names the region and leaves a line for the office's name, which its seal then confirms.
 */
export const officeLine = (regionName: string | undefined, region: string) =>
  `${regionName ?? `行政区划 ${region}`}＿＿＿＿＿＿＿＿（受理机关名称）`

/** The two refusals of a receipt (行政许可法第三十二条第一款第一、二项), each with the paper it is told by. */
export const REFUSALS = {
  'outside-competence': { decision: '不予受理', paper: '不予受理决定书', law: '第三十二条第一款第二项' },
  'licence-not-required': { decision: '不受理', paper: '不受理告知书', law: '第三十二条第一款第一项' },
} as const
export type RefusalGround = keyof typeof REFUSALS

/**
 * The refusal's words: its ground, the clerk's reason, the agency to apply to (item 二), and the applicant's remedy
 * ({@link APPEAL_LINE}).
 */
export function refusalParagraphs(r: {
  ground: RefusalGround
  reason: string
  referTo?: string
  project: string
  step: string
}): string[] {
  const { decision, law } = REFUSALS[r.ground]
  const because =
    r.ground === 'outside-competence' ? '申请事项依法不属于本机关职权范围' : '申请事项依法不需要取得行政许可'
  return [
    `您单位提交的“${r.project}”“${r.step}”申请，经审查，${because}。依据《中华人民共和国行政许可法》${law}，决定${decision}。`,
    `理由：${r.reason}`,
    ...(r.ground === 'outside-competence' && r.referTo ? [`请向${r.referTo}提出申请。`] : []),
    APPEAL_LINE,
  ]
}

/**
 * A department's refusal of an item in words (不予许可决定书, 行政许可法第三十八条第二款; a filing's 不予备案, a
 * follow-on's 不予核准, each by its own word): what was applied for, who decided and when, the reviewer's reason and
 * the applicant's remedy ({@link APPEAL_LINE}). `refused` is the decision's word (decision-words.ts `refused`).
 */
export function decisionRefusalParagraphs(r: {
  refused: string
  project: string
  item: string
  department: string
  decidedOn: string
  reason: string | undefined
}): string[] {
  // Only a licence's refusal is the 许可法's: a filing or a follow-on is refused under its own rules, not cited here.
  const law = r.refused === '不予许可' ? '依据《中华人民共和国行政许可法》第三十八条第二款，' : ''
  return [
    `您单位“${r.project}”申请的“${r.item}”，经${r.department}审查，${law}于${r.decidedOn}决定${r.refused}。`,
    refusalReasonLine(r.reason),
    APPEAL_LINE,
  ]
}
