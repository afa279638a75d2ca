import type { DomainDetails, DomainError } from '@onewindow/vocabulary'

/** One line of a refusal: the request field it concerns (a JSON pointer into the body), a code and why. */
export type NoticeLine = { field: string; code: string; message: string } & Record<string, unknown>

/** A refusal naming every offending field at once: `errors` becomes the problem's `errors` member. */
export const refusal = (code: string, message: string, errors: NoticeLine[], extra: DomainDetails = {}) =>
  ({ code, message, details: { ...extra, errors } }) satisfies DomainError
