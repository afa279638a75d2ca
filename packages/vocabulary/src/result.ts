import type { DomainError } from './domain-error.js'

/** A decision that was refused, with the reason. */
export type Refusal = { ok: false; error: DomainError }

/** The outcome of a decision or a command: a value, or a {@link DomainError} saying why not. */
export type Result<T> = { ok: true; value: T } | Refusal

/** The decision holds and gives `value`. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** The decision is refused with `error`. */
export const refuse = <T = never>(error: DomainError): Result<T> => ({ ok: false, error })
