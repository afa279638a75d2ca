import { AcceptancePassedV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { requestRepository, type Tx } from '../db/requests.js'
import { connectOnAcceptance, type UtilityRequest } from '../domain/request.js'
import { connectedRow } from '../events.js'

/**
 * 一并接入 — joint acceptance passed: every request of the project awaiting it connects now; the pass is kept so
 * the ones still building connect as soon as their construction is done. Saved as every request is, with the service's
 * calendar (`requestRepository.save`).
 */
export const onAcceptancePassed = (calendar: CalendarSource) =>
  defineConsumer<typeof AcceptancePassedV1, Tx>({
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
      const saved = await repo.save(connected, { today: legalDateOf(now), calendar: calendar.current() })
      await outbox.add(
        tx,
        saved.map((r) => connectedRow(r, event.actor)),
      )
    },
  })
