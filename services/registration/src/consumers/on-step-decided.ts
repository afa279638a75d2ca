import { StepDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, startIssueClockOnDecision } from '../commands.js'
import type { Tx } from '../db/registration.js'

/** 行政许可法第四十四条: an approved step with permit items starts the clock of its permits' issue. */
export const onStepDecided = (deps: CommandDeps) =>
  defineConsumer<typeof StepDecidedV1, Tx>({
    durable: 'registration-issue-clock',
    event: StepDecidedV1,
    handle: ({ event, tx, now }) => startIssueClockOnDecision(deps, tx, event, now),
  })
