import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'
import { type CatalogueFor, hookupStepOf, pushTargetOf } from '../catalogue.js'
import { requestRepository, type Tx } from '../db/requests.js'
import { LOW_RISK_TYPE } from '../domain/low-risk.js'
import { openRequests } from '../domain/request.js'
import { openedRow } from '../events.js'

/** The step and the utilities an application names for hookup, if it names any (most name none). */
const hookupsOf = (event: ApplicationAcceptedV1) =>
  event.step && event.utilities?.length ? { step: event.step, utilities: event.utilities } : undefined

/**
 * 报装前移 — hookup requests open at the type's hookup step (the construction-engineering permit stage), from the
 * utilities the owner named in that one form: one request per provider, the owner files nothing again.
 */
export const onApplicationAccepted = (catalogueFor: CatalogueFor) =>
  defineConsumer<typeof ApplicationAcceptedV1, Tx>({
    durable: 'utility-open-requests',
    event: ApplicationAcceptedV1,
    // Most applications name no utility: acked with no transaction.
    concerns: (event) => hookupsOf(event) !== undefined,
    async handle({ event, tx, now, outbox }) {
      const hookups = hookupsOf(event)
      if (!hookups) return
      const repo = requestRepository(tx)
      const project = await repo.findProject(event.projectId)
      // Intake publishes the registration before any acceptance; until it is here, retry rather than guess the type.
      if (!project) throw new Error(`project ${event.projectId} is not registered here yet`)
      const catalogue = await catalogueFor(tx, project.region, project.catalogueVersion)
      if (hookupStepOf(catalogue, project.projectType) !== hookups.step) return
      const lowRisk = catalogue?.projectType(LOW_RISK_TYPE)
      const projectType = catalogue?.projectType(project.projectType)
      // Under the project's lock, so a joint survey proposed meanwhile either finds these requests or is found here.
      await repo.lockProject(event.projectId)
      const jointSurvey = await repo.findJointSurvey(event.projectId)
      const requests = openRequests(
        {
          applicationId: event.applicationId,
          projectId: event.projectId,
          utilities: hookups.utilities,
          ...(lowRisk ? { lowRisk } : {}),
          pushesWorksPlan: pushTargetOf(catalogue) !== undefined,
          ...(projectType ? { projectType } : {}),
          ...(jointSurvey ? { jointSurvey } : {}),
          ...(project.owner ? { owner: project.owner } : {}),
          ...(event.contact ? { applicationContact: event.contact } : {}),
        },
        hookups.utilities.map(() => uuidv7()),
        now.toISOString(),
      )
      const opened = await repo.insertRequests(requests)
      await outbox.add(
        tx,
        opened.map((r) => openedRow(r)),
      )
    },
  })
