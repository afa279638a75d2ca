import type { Refusal } from '@onewindow/vocabulary'

/**
 * An acceptance case that does not exist — and, in the same bytes, one the caller may not know exists (the land list
 * of a case the caller's department takes no part in), so the answer never tells the two apart.
 */
export const caseNotFound = (caseId: string): Refusal => ({
  ok: false,
  error: { code: 'ACCEPTANCE_CASE_NOT_FOUND', message: `No acceptance case ${caseId}.`, details: { caseId } },
})
