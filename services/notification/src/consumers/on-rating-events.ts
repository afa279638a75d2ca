import {
  RatingFixOverdueV1,
  RatingGivenV1,
  RatingRepliedV1,
  type RatingSnapshot,
  ratingLevelLabels,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { SUPERVISION } from '../domain/messages.js'
import type { TemplateFacts } from '../domain/templates.js'
import { departmentOf, projectFacts, projectOf } from './occurrence.js'

// 好差评 (docs/ratings.md) as messages: the fix a bad rating asks of the rated department, the department's reply to
// the owner who rated, and an overdue loop to the supervising office (评价、整改、反馈、监督, 004:1361).

/** What every 好差评 message says: the project, the rated department and item, and the option the owner chose. */
async function ratingFacts(tx: Tx, r: RatingSnapshot): Promise<TemplateFacts> {
  const project = await projectOf(tx, r.projectId)
  const departmentName = r.departmentName ?? (await notificationRepository(tx).departmentName(r.department))
  return {
    ...projectFacts(project),
    ...(departmentName ? { departmentName } : {}),
    ...(r.itemName ? { itemName: r.itemName } : {}),
    ratingLabel: ratingLevelLabels[r.first.level],
  }
}

/**
 * 差评 — a bad first rating opens the fix-and-reply loop (004:1361): the rated department is told to fix and reply by
 * its due day. A good rating, and the second rating, open nothing and tell no one.
 */
export const onRatingGiven = defineConsumer<typeof RatingGivenV1, Tx>({
  durable: 'notification-rating-given',
  event: RatingGivenV1,
  async handle({ event, eventId, tx, now }) {
    const r = event.rating
    if (!r.fix || r.second || r.fix.status !== 'open') return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'rating-fix-due',
        projectId: r.projectId,
        facts: { ...(await ratingFacts(tx, r)), on: r.first.ratedOn, dueOn: r.fix.dueOn },
        recipients: [departmentOf(r.department)],
      },
      now,
    )
  },
})

/**
 * 反馈 — the department replied to a bad rating (评价、整改、反馈, 004:1361): the owner who rated is told, and that it may
 * rate once more (004:1660–1662). The owner is the rating's, else the project's.
 */
export const onRatingReplied = defineConsumer<typeof RatingRepliedV1, Tx>({
  durable: 'notification-rating-replied',
  event: RatingRepliedV1,
  async handle({ event, eventId, tx, now }) {
    const r = event.rating
    if (r.fix?.status !== 'replied') return
    const owner = r.ownerCreditCode ?? (await projectOf(tx, r.projectId)).ownerCreditCode
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'rating-replied',
        projectId: r.projectId,
        facts: { ...(await ratingFacts(tx, r)), on: r.fix.repliedOn ?? legalDateOf(r.updatedAt) },
        recipients: [{ kind: 'owner', id: owner }],
      },
      now,
    )
  },
})

/**
 * 监督 — a fix-and-reply loop passed its due day with no reply (004:1539, recorded once by approval): the supervising
 * office is told, to supervise (督办) the department.
 */
export const onRatingFixOverdue = defineConsumer<typeof RatingFixOverdueV1, Tx>({
  durable: 'notification-rating-fix-overdue',
  event: RatingFixOverdueV1,
  startsAtCreation: true,
  async handle({ event, eventId, tx, now }) {
    const r = event.rating
    if (!r.fix) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'rating-fix-overdue',
        projectId: r.projectId,
        facts: { ...(await ratingFacts(tx, r)), on: r.fix.overdueOn ?? legalDateOf(r.updatedAt), dueOn: r.fix.dueOn },
        recipients: [SUPERVISION],
      },
      now,
    )
  },
})
