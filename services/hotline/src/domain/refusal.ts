import type { DomainDetails, Refusal } from '@onewindow/vocabulary'

/** A hotline decision refused: its stable `code`, a message, and what the caller needs to put it right. */
export const refusal = (code: string, message: string, details?: DomainDetails): Refusal => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
})

/** The field a refusal names, alone and as the `errors` list a refused form reads (as validation's). */
export const fieldRefused = (field: string, message: string) => ({ field, errors: [{ field, message }] })
