// A refusal's words the owner reads on its progress page (pages/owner/refusal-lines.tsx, fetched after the status, so
// the page keeps its weight budget) and on every refusal's paper (pages/clerk/paper-lines.ts).

/**
 * The applicant's remedy against any refusal, the window's (不予受理, paper-lines.ts) or a department's (不予许可) —
 * 告知申请人应享有行政复议和行政诉讼的权利 (seeds/004_33317a5f04b53a73.txt:3235). The seeds give no period (nor the
 * body to apply to), so none is stated. The refusal message says contracts' `APPEAL_RIGHTS`; this copy keeps the page
 * free of runtime contract code, and `paper-lines.unit` holds the two alike.
 */
export const APPEAL_LINE = '如对本决定不服，可以依法申请行政复议或者提起行政诉讼。'

/**
 * A department's refusal's reason as the owner reads it, on its progress page and its paper (paper-lines.ts) alike. A
 * decision stored before a reason was required carries none: the line says so rather than stay blank.
 */
export const refusalReasonLine = (reason: string | undefined): string =>
  `理由：${reason?.trim() ? reason : '（决定未载明理由，请向作出决定的部门询问）'}`
