/**
 * 办理状态 (BLZT) — the national item state codes of the national data-sharing standard, all fifteen. Approval
 * stores the code of a task's latest change; readers name it. One table for every service.
 */
export const nationalStates = {
  1: { zh: '已接件', en: 'received' },
  2: { zh: '已撤件', en: 'withdrawn before acceptance' },
  3: { zh: '已受理', en: 'accepted' },
  4: { zh: '不受理', en: 'not accepted' },
  5: { zh: '不予受理', en: 'refused' },
  6: { zh: '补正（开始）', en: 'supplement started' },
  7: { zh: '补正（结束）', en: 'supplement ended' },
  8: { zh: '部门开始办理', en: 'department started work' },
  9: { zh: '特别程序（开始）', en: 'special procedure started' },
  10: { zh: '特别程序（结束）', en: 'special procedure ended' },
  11: { zh: '办结（通过）', en: 'concluded: approved' },
  12: { zh: '办结（容缺通过）', en: 'concluded: approved with deficiencies' },
  13: { zh: '办结（不通过）', en: 'concluded: rejected' },
  14: { zh: '撤回', en: 'withdrawn' },
  15: { zh: '撤销', en: 'revoked' },
} as const satisfies Record<number, { zh: string; en: string }>
export type NationalCode = keyof typeof nationalStates
