import { CertificateReleasedV1, StepDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { lockApplicationState } from '../db/applications.js'
import { dateColumn, type Tx } from '../db/client.js'
import { evolveOnStepDecided } from '../domain/application.js'

/**
 * Approval decided the step: record it on the application. Approved with nothing owed releases the certificate;
 * approved while a 容缺 material is owed withholds it until the last cure; rejected closes the application.
 */
export const onStepDecided = defineConsumer<typeof StepDecidedV1, Tx>({
  durable: 'intake-step-decided',
  event: StepDecidedV1,
  async handle({ event, tx, now, outbox }) {
    const state = await lockApplicationState(tx, event.applicationId)
    // Not ours, or decided already: the event is a fact, and there is nothing left to record.
    if (!state) return
    const next = evolveOnStepDecided(state, event.outcome)
    if (!next) return
    await tx.application.update({
      where: { id: event.applicationId },
      data: {
        status: next.status,
        certificate: next.certificate,
        decidedAt: new Date(event.decidedAt),
        decidedOn: dateColumn(event.decidedOn),
        ...(next.release ? { releasedAt: now } : {}),
      },
    })
    if (next.release) {
      await outbox.add(tx, {
        event: CertificateReleasedV1,
        aggregateId: event.applicationId,
        body: {
          applicationId: event.applicationId,
          projectId: state.projectId,
          step: state.step,
          releasedAt: now.toISOString(),
        },
      })
    }
  },
})
