import {
  type AcceptanceCaseEventBody,
  AcceptanceFailedV1,
  AcceptancePassedV1,
  AcceptanceStartedV1,
  type EventDefinition,
  type RegistrationCaseEventBody,
  RegistrationCaseOpenedV1,
  RegistrationCompletedV1,
} from '@onewindow/contracts'
import { type CalendarSource, type ConsumerDefinition, defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { flowCaseSeen } from '../commands.js'
import type { Tx } from '../db/tasks.js'
import type { FlowSpan } from '../domain/flow-clock.js'

type AcceptanceCase = AcceptanceCaseEventBody['case']
type RegistrationCase = RegistrationCaseEventBody['case']

/** A joint-acceptance case as a step of the whole flow: from its opening (its clock's start) to its decision. */
const acceptanceSpan = (c: AcceptanceCase): FlowSpan => ({
  kind: 'acceptance',
  id: c.caseId,
  step: c.part ? `joint-acceptance ${c.part}` : 'joint-acceptance',
  from: c.clock?.start ?? legalDateOf(c.openedAt),
  ...(c.decidedAt ? { to: legalDateOf(c.decidedAt) } : {}),
})

/** A first-registration case as a step of the whole flow: from its opening (its clock's start) to its completion. */
const registrationSpan = (c: RegistrationCase): FlowSpan => ({
  kind: 'registration',
  id: c.caseId,
  step: 'first-registration',
  from: c.clock?.start ?? legalDateOf(c.openedAt),
  ...(c.completedAt ? { to: legalDateOf(c.completedAt) } : {}),
})

const caseConsumer = <E extends EventDefinition, C extends { projectId: string }>(
  durable: string,
  event: E,
  spanOf: (c: C) => FlowSpan,
  calendar: CalendarSource,
) =>
  defineConsumer<E, Tx>({
    durable,
    event,
    async handle({ event: body, tx, now, outbox }) {
      const c = (body as unknown as { case: C }).case
      const rows = await flowCaseSeen(tx, c.projectId, spanOf(c), now.toISOString(), calendar.current())
      await outbox.add(tx, rows)
    },
  })

/**
 * The steps of the whole flow that other services run, for the project's whole-flow cap clock (全流程行政审批时间):
 * joint acceptance (acceptance) and first registration (registration). Each event carries its case whole, so a
 * decision read before its opening (each event has its own durable) still counts the case from its opening.
 */
export const onFlowCases = <W>(
  calendar: CalendarSource,
  register: <E extends EventDefinition>(def: ConsumerDefinition<E, Tx>) => W,
): W[] => [
  register(
    caseConsumer<typeof AcceptanceStartedV1, AcceptanceCase>(
      'approval-flow-acceptance-started',
      AcceptanceStartedV1,
      acceptanceSpan,
      calendar,
    ),
  ),
  register(
    caseConsumer<typeof AcceptancePassedV1, AcceptanceCase>(
      'approval-flow-acceptance-passed',
      AcceptancePassedV1,
      acceptanceSpan,
      calendar,
    ),
  ),
  register(
    caseConsumer<typeof AcceptanceFailedV1, AcceptanceCase>(
      'approval-flow-acceptance-failed',
      AcceptanceFailedV1,
      acceptanceSpan,
      calendar,
    ),
  ),
  register(
    caseConsumer<typeof RegistrationCaseOpenedV1, RegistrationCase>(
      'approval-flow-registration-opened',
      RegistrationCaseOpenedV1,
      registrationSpan,
      calendar,
    ),
  ),
  register(
    caseConsumer<typeof RegistrationCompletedV1, RegistrationCase>(
      'approval-flow-registration-completed',
      RegistrationCompletedV1,
      registrationSpan,
      calendar,
    ),
  ),
]
