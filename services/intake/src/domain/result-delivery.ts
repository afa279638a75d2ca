import { type Catalogue, nationalRegion } from '@onewindow/catalogue'
import type { RecordDeliveryBody, ResultDelivery, ResultDeliveryChoice } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import type { LegalDate } from '@onewindow/workdays'
import { type NoticeLine, refusal } from './problems.js'

/**
 * 结果送达 (004:1076–1084). The choice is made at the window with the application; the delivery falls due when the
 * step is decided, either way (a refusal is a result too), and the clerk records how it went.
 */

/** The problems of a choice, as lines of the opening's one notice: post needs whom, where and a phone to reach. */
export function deliveryChoiceLines(choice: ResultDeliveryChoice | undefined): NoticeLine[] {
  if (!choice) return []
  const lines: NoticeLine[] = []
  const code = 'INTAKE_DELIVERY_CHOICE_INVALID'
  if (choice.mode === 'post') {
    for (const field of ['recipient', 'address', 'phone'] as const) {
      if (choice[field] === undefined) lines.push({ field: `/delivery/${field}`, code, message: `post needs ${field}` })
    }
  } else {
    // An address or recipient kept for a result nobody posts would read as if it were posted there.
    for (const field of ['recipient', 'address'] as const) {
      if (choice[field] !== undefined)
        lines.push({ field: `/delivery/${field}`, code, message: `only a result delivered by post has ${field}` })
    }
  }
  return lines
}

/** The application a delivery is of, as intake knows it when the step is decided. */
export type DeliveredApplication = {
  applicationId: string
  projectId: string
  step: string
  stepName?: string
  receiptNumber?: string
  ownerCreditCode?: string
  /** The region of the catalogue the application was accepted under (`collectionRegion`). */
  regionName?: string
}

/**
 * The region an on-site result is collected in, by name: the region of the catalogue the application was accepted
 * under, as the receipt papers name their office — never the national root, whose name is no window's.
 */
export const collectionRegion = (catalogue: Pick<Catalogue, 'region'> | undefined): { regionName?: string } =>
  catalogue && catalogue.region.code !== nationalRegion ? { regionName: catalogue.region.name.zh } : {}

/**
 * The step was decided: its result's delivery falls due. Online is delivered at once (the e-certificate or decision
 * is pushed); on-site waits to be collected, post to be posted. No choice (an application opened before it) is online.
 */
export function deliveryDue(
  application: DeliveredApplication,
  choice: ResultDeliveryChoice | undefined,
  decided: { outcome: 'approved' | 'rejected'; at: Date; on: LegalDate },
): ResultDelivery {
  const mode = choice?.mode ?? 'online'
  const state = mode === 'online' ? 'delivered-online' : mode === 'on-site' ? 'awaiting-collection' : 'awaiting-posting'
  return {
    ...application,
    outcome: decided.outcome,
    mode,
    chosen: choice !== undefined,
    ...(choice?.recipient === undefined ? {} : { recipient: choice.recipient }),
    ...(choice?.address === undefined ? {} : { address: choice.address }),
    ...(choice?.phone === undefined ? {} : { phone: choice.phone }),
    state,
    dueAt: decided.at.toISOString(),
    dueOn: decided.on,
    version: 1,
    updatedAt: decided.at.toISOString(),
    by: 'intake',
  }
}

const outOfOrder = (delivery: ResultDelivery, step: RecordDeliveryBody['step'], expected: string): Result<never> =>
  refuse({
    code: 'INTAKE_DELIVERY_OUT_OF_ORDER',
    message: `The delivery is ${delivery.state}: ${step} can be recorded only when it is ${expected}.`,
    details: { state: delivery.state },
  })

const invalid = (field: string, message: string): Result<never> =>
  refuse(
    refusal('INTAKE_DELIVERY_INVALID', `The delivery step cannot be recorded: ${field} ${message}.`, [
      { field, code: 'INTAKE_DELIVERY_INVALID', message },
    ]),
  )

/** A day the clerk gives: not after today, and not before the delivery fell due. */
function dayOf(on: LegalDate, delivery: ResultDelivery, today: LegalDate): Result<LegalDate> {
  if (on > today) return invalid('/on', `is after today (${today})`)
  if (on < delivery.dueOn) return invalid('/on', `is before the result fell due (${delivery.dueOn})`)
  return ok(on)
}

/**
 * The clerk records a step of a due delivery: 已领取 (on-site, with 签收人 and the day), 已寄出 (post, with the tracking
 * number), 已签收 (post, after it was posted, with the day). Anything else is refused, and nothing is written. Each
 * step's fields are its schema's (`RecordDeliveryBody`): what is left here is what depends on the delivery and the day.
 */
export function decideDeliveryStep(
  delivery: ResultDelivery | undefined,
  body: RecordDeliveryBody,
  moment: { at: Date; today: LegalDate; by: string },
): Result<ResultDelivery> {
  if (!delivery) {
    return refuse({
      code: 'INTAKE_DELIVERY_NOT_DUE',
      message: 'The step is not decided yet: there is no result to deliver.',
    })
  }
  const wanted = body.step === 'collected' ? 'on-site' : 'post'
  if (delivery.mode !== wanted) {
    return refuse({
      code: 'INTAKE_DELIVERY_WRONG_MODE',
      message: `The result is delivered ${delivery.mode}: ${body.step} is a step of ${wanted} delivery.`,
      details: { mode: delivery.mode },
    })
  }
  const moved = { version: delivery.version + 1, updatedAt: moment.at.toISOString(), by: moment.by }
  switch (body.step) {
    case 'collected': {
      if (delivery.state !== 'awaiting-collection') return outOfOrder(delivery, body.step, 'awaiting-collection')
      const on = dayOf(body.on, delivery, moment.today)
      if (!on.ok) return on
      return ok({ ...delivery, ...moved, state: 'collected', signer: body.signer, collectedOn: on.value })
    }
    case 'posted': {
      if (delivery.state !== 'awaiting-posting') return outOfOrder(delivery, body.step, 'awaiting-posting')
      // Posted today: the day it left the hall is the day the clerk records it.
      if (body.on !== undefined && body.on !== moment.today)
        return invalid('/on', `is today (${moment.today}) if given`)
      return ok({ ...delivery, ...moved, state: 'posted', trackingNumber: body.trackingNumber, postedOn: moment.today })
    }
    case 'signed': {
      if (delivery.state !== 'posted') return outOfOrder(delivery, body.step, 'posted')
      const on = dayOf(body.on, delivery, moment.today)
      if (!on.ok) return on
      if (delivery.postedOn !== undefined && on.value < delivery.postedOn)
        return invalid('/on', `is before it was posted (${delivery.postedOn})`)
      return ok({ ...delivery, ...moved, state: 'signed', signedOn: on.value })
    }
  }
}
