import {
  AcceptanceFilingIssuedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceResultRecordedV1,
  AcceptanceStartedV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, onAcceptance, onAcceptanceResults } from '../commands.js'
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

/** 在线获取验收结果 (004:2279) — a department's 结果物, kept on the case for the registrar. */
export const onAcceptanceResultRecorded = (deps: CommandDeps) =>
  defineConsumer<typeof AcceptanceResultRecordedV1, Tx>({
    durable: 'registration-acceptance-results',
    event: AcceptanceResultRecordedV1,
    handle: ({ event, tx, now }) => onAcceptanceResults(deps, tx, event.case, now),
  })

/** The 竣工验收备案表, issued with the last result: kept on the case as the results are. */
export const onAcceptanceFilingIssued = (deps: CommandDeps) =>
  defineConsumer<typeof AcceptanceFilingIssuedV1, Tx>({
    durable: 'registration-acceptance-filings',
    event: AcceptanceFilingIssuedV1,
    handle: ({ event, tx, now }) => onAcceptanceResults(deps, tx, event.case, now),
  })

/** 撤销 of the pass (a commitment breached after it, `revoke`): the case keeps it, and neither opens nor completes. */
export const onAcceptancePassRevoked = (deps: CommandDeps) =>
  defineConsumer<typeof AcceptancePassRevokedV1, Tx>({
    durable: 'registration-acceptance-revocations',
    event: AcceptancePassRevokedV1,
    handle: ({ event, tx, now }) => onAcceptanceResults(deps, tx, event.case, now),
  })
