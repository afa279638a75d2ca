import { describe, expect, it } from 'vitest'
import { declaredConsumers } from './declared-consumers.js'

// Which of the notifier's durables start at their creation
// (docs/notifications.md#which-durables-start-at-their-creation): every alert a clock raises — a moment, told when it
// happens or not at all — and nothing else. The list is written out here so that a durable losing the flag (or one
// telling what a person still has to hear gaining it) fails.

/** The clock alerts: 预警, 超时, 逾期, 到期, 即将到期, 未到. */
const MOMENTS = [
  // approval: the task clocks, 告知承诺 unverified by its day, a 督办 unanswered, a bad rating's loop unreplied
  'notification-task-clock-warned',
  'notification-task-clock-overdue',
  'notification-commitment-overdue',
  'notification-supervision-overdue',
  'notification-rating-fix-overdue',
  // 12345: a ticket's clocks, a knowledge-point feedback unanswered, a point about to lapse, an outage notice late
  'notification-ticket-warned',
  'notification-ticket-overdue',
  'notification-knowledge-feedback-overdue',
  'notification-knowledge-point-expiring',
  'notification-outage-overdue',
  // the later stages' clocks
  'notification-acceptance-clock-warned',
  'notification-acceptance-clock-overdue',
  'notification-registration-clock-warned',
  'notification-registration-clock-overdue',
  'notification-issue-clock-warned',
  'notification-issue-clock-overdue',
  'notification-utility-permits-clock-warned',
  'notification-utility-permits-clock-overdue',
  // a booking not attended
  'notification-booking-missed',
]

describe('the durables that start at their creation', () => {
  it('are the clock alerts, each of them, and no other', async () => {
    const starting = (await declaredConsumers()).filter((c) => c.startsAtCreation).map((c) => c.durable)
    expect(starting.toSorted()).toEqual(MOMENTS.toSorted())
  })

  it('leave the state the notifier builds and every act a person is told of at the stream’s start', async () => {
    const fromTheStart = (await declaredConsumers()).filter((c) => !c.startsAtCreation).map((c) => c.durable)
    expect(fromTheStart).toEqual(
      expect.arrayContaining([
        'notification-projects',
        'notification-step-tasks-assigned',
        'notification-task-assigned',
        'notification-supplement-notice',
        'notification-step-decided',
        'notification-task-supervised',
        'notification-result-delivery',
        'notification-ticket-due-moved',
        'notification-knowledge-feedback-due-moved',
      ]),
    )
  })
})
