import { AcceptancePassedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { requestRepository, type Tx } from '../db/requests.js'
import { connectOnAcceptance, type UtilityRequest } from '../domain/request.js'
import { connectedRow } from '../events.js'

/**
 * 一并接入 — joint acceptance passed: every request of the project awaiting it connects now; the pass is kept so
 * the ones still building connect as soon as their construction is done.
 */
export const onAcceptancePassed = defineConsumer<typeof AcceptancePassedV1, Tx>({
  durable: 'utility-connect-on-acceptance',
  event: AcceptancePassedV1,
  async handle({ event, tx, now, outbox }) {
    const { projectId, caseId } = event.case
    const repo = requestRepository(tx)
    const at = now.toISOString()
    await repo.lockProject(projectId)
    // A second pass (another unit works of the same project) finds nothing left waiting.
    await repo.markAcceptancePassed(projectId, caseId, event.case.decidedAt ?? at)
    const connected = (await repo.lockAtStage(projectId, 'awaiting-acceptance')).flatMap((r): UtilityRequest[] => {
      const next = connectOnAcceptance(r, at)
      return next ? [next] : []
    })
    await repo.save(connected)
    await outbox.add(
      tx,
      connected.map((r) => connectedRow(r, event.actor)),
    )
  },
})
