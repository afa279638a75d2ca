import { describe, expect, it } from 'vitest'
import { CLOCK_ALERTS, declaredConsumers } from './declared-consumers.js'

// Which of the notifier's durables start at their creation
// (docs/notifications.md#which-durables-start-at-their-creation): every alert a clock raises — a moment, told when it
// happens or not at all — and nothing else. The list is written out (`CLOCK_ALERTS`) so that a durable losing the flag
// (or one telling what a person still has to hear gaining it) fails.

describe('the durables that start at their creation', () => {
  it('are the clock alerts, each of them, and no other', async () => {
    const starting = (await declaredConsumers()).filter((c) => c.startsAtCreation).map((c) => c.durable)
    expect(starting.toSorted()).toEqual(CLOCK_ALERTS.toSorted())
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
