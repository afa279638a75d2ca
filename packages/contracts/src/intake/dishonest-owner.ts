import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { Count, CreditCode, Instant, MAX_REFERENCE } from '../primitives.js'

/**
 * The owner's change of the list, counted from 1 by intake under the owner's row lock: a reader keeps the highest it
 * has seen, so a delisting after a listing wins whatever order the two events arrive in, and a redelivered listing
 * cannot undo it.
 */
const ListVersion = Count(1)

export const DishonestOwnerListedV1 = defineEvent({
  subject: 'permit.intake.dishonest-owner.listed.v1',
  description:
    "失信 — an administrator put an owner on the dishonesty list (不诚信名单, 004:2235): its applications opened from now on may use neither 容缺 nor 告知承诺 at any department. Published only when the owner was not listed (listing a listed owner changes nothing); `version` orders an owner's listings and delistings.",
  schema: Type.Object({
    creditCode: CreditCode,
    version: ListVersion,
    /** Why, as the administrator gave it (the credit decision or notice it rests on); absent for a listing made before reasons were kept. */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    listedAt: Instant,
    listedBy: Type.String({ maxLength: MAX_REFERENCE }),
  }),
})
export type DishonestOwnerListedV1 = EventBody<typeof DishonestOwnerListedV1>

export const DishonestOwnerDelistedV1 = defineEvent({
  subject: 'permit.intake.dishonest-owner.delisted.v1',
  description:
    '失信 ended — an administrator took an owner off the dishonesty list: its next applications may use 容缺 and 告知承诺 again. Published only when the owner was listed; a higher `version` than its listing.',
  schema: Type.Object({
    creditCode: CreditCode,
    version: ListVersion,
    delistedAt: Instant,
    delistedBy: Type.String({ maxLength: MAX_REFERENCE }),
  }),
})
export type DishonestOwnerDelistedV1 = EventBody<typeof DishonestOwnerDelistedV1>

export const dishonestOwnerEvents = [DishonestOwnerListedV1, DishonestOwnerDelistedV1] as const
