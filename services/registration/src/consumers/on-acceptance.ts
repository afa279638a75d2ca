import { AcceptancePassedV1, AcceptanceStartedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, onAcceptance } from '../commands.js'
import type { Tx } from '../db/registration.js'

/** 权籍调查 starts as joint acceptance starts: the registration office works from the shared project data. */
export const onAcceptanceStarted = (deps: CommandDeps) =>
  defineConsumer<typeof AcceptanceStartedV1, Tx>({
    durable: 'registration-acceptance-started',
    event: AcceptanceStartedV1,
    handle: ({ event, tx, now }) => onAcceptance(deps, tx, event.case, false, now),
  })

/** 验登合一 — the pass opens first registration by itself (and under 验收即发证 completes it). */
export const onAcceptancePassed = (deps: CommandDeps) =>
  defineConsumer<typeof AcceptancePassedV1, Tx>({
    durable: 'registration-acceptance-passed',
    event: AcceptancePassedV1,
    handle: ({ event, tx, now }) => onAcceptance(deps, tx, event.case, true, now),
  })
