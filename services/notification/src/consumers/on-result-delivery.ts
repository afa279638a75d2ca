import { ApplicationResultDeliveryV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { recordOccurrence } from '../commands.js'
import type { Tx } from '../db/notifications.js'
import { isToldDelivery } from '../domain/templates.js'
import { projectFacts, projectOf } from './occurrence.js'

/**
 * 结果送达 (004:1076–1084): the applicant is told where its result is — to collect it at the window, delivered
 * online, or posted with its tracking number — by the channels of its own preferences, like every owner message (the
 * delivery's `phone` is the post's recipient or the window's contact, not a preference the owner set here). The
 * states it signed for itself, and a post still to go out, tell nothing (`isToldDelivery`).
 */
export const onResultDelivery = defineConsumer<typeof ApplicationResultDeliveryV1, Tx>({
  durable: 'notification-result-delivery',
  event: ApplicationResultDeliveryV1,
  concerns: (event) => isToldDelivery(event.delivery.state),
  async handle({ event, eventId, tx, now }) {
    const d = event.delivery
    if (!isToldDelivery(d.state)) return // `concerns` has said so already; this narrows the state's type
    const project = await projectOf(tx, d.projectId)
    // The day it went: online on the day it fell due, posted on the posting day; at the window it waits, no day.
    const on = d.state === 'posted' ? d.postedOn : d.state === 'delivered-online' ? d.dueOn : undefined
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'result-delivery',
        projectId: d.projectId,
        facts: {
          ...projectFacts(project),
          deliveryState: d.state,
          ...(on ? { on } : {}),
          ...(d.stepName ? { stepName: d.stepName } : {}),
          ...(d.receiptNumber ? { receiptNumber: d.receiptNumber } : {}),
          ...(d.trackingNumber ? { trackingNumber: d.trackingNumber } : {}),
          ...(d.regionName ? { regionName: d.regionName } : {}),
        },
        // The applicant as the delivery names it, else the project's owner: the same organisation either way.
        recipients: [{ kind: 'owner', id: d.ownerCreditCode ?? project.ownerCreditCode }],
      },
      now,
    )
  },
})
