import { StepDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, recordStepDecision } from '../commands.js'
import type { Tx } from '../db/client.js'

/** Approval decided the step: the application records it, and releases or withholds its certificate. */
export const onStepDecided = (deps: CommandDeps) =>
  defineConsumer<typeof StepDecidedV1, Tx>({
    durable: 'intake-step-decided',
    event: StepDecidedV1,
    handle: ({ event, tx, now }) => recordStepDecision(deps, tx, event, now),
  })
