import { CertificateReleasedV1, DeficiencyCuredV1, SubmittedMaterial, Uuid } from '@onewindow/contracts'
import { ProblemError, problemFromDomainError } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { applicationView, findApplication, lockApplicationState } from '../db/applications.js'
import { decideCure } from '../domain/application.js'
import { actorLabel, actorOf } from './actor.js'
import type { RoutePlugin } from './plugin.js'

const ApplicationParams = Type.Object({ id: Uuid })

/** 容缺 cures go to intake; a 补正 answer (with `noticeId`) goes to approval, so intake's body has no noticeId. */
const CureBody = Type.Object(
  { materials: Type.Array(SubmittedMaterial, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
)

export const applicationRoutes: RoutePlugin = async (app, { deps }) => {
  const { prisma, outbox, clock } = deps

  app.get('/applications/:id', { schema: { params: ApplicationParams } }, async (request) => {
    const application = await findApplication(prisma, request.params.id)
    if (!application) throw notFound(request.params.id)
    return { application: applicationView(application) }
  })

  app.post(
    '/applications/:id/materials',
    { schema: { params: ApplicationParams, body: CureBody } },
    async (request) => {
      const actor = actorOf(request, ['owner'])
      const id = request.params.id
      const now = clock.now()
      return prisma.$transaction(async (tx) => {
        const state = await lockApplicationState(tx, id)
        if (!state) throw notFound(id)
        if (actor.creditCode !== undefined) {
          const project = await tx.project.findUnique({ where: { id: state.projectId } })
          if (project && project.ownerCreditCode !== actor.creditCode) {
            throw new ProblemError(403, 'INTAKE_NOT_YOUR_PROJECT', 'Only the project owner may hand in its materials.')
          }
        }
        const decision = decideCure(
          state,
          request.body.materials.map((m) => m.code),
        )
        if (!decision.ok) throw problemFromDomainError(decision.error)
        const { cured, remaining, release } = decision.value
        await tx.deficiency.updateMany({
          where: { applicationId: id, material: { in: cured } },
          data: { curedAt: now },
        })
        await tx.submittedMaterial.createMany({
          data: request.body.materials.map((m) => ({
            id: uuidv7(),
            applicationId: id,
            code: m.code,
            documentRef: m.documentRef,
            submittedAt: now,
            submittedBy: actorLabel(actor),
          })),
        })
        const curedOn = legalDateOf(now)
        await outbox.add(
          tx,
          cured.map((material, i) => ({
            event: DeficiencyCuredV1,
            aggregateId: id,
            body: {
              applicationId: id,
              projectId: state.projectId,
              material,
              curedAt: now.toISOString(),
              curedOn,
              remaining: state.owed.length - (i + 1),
            },
          })),
        )
        if (release) {
          await tx.application.update({ where: { id }, data: { certificate: 'released', releasedAt: now } })
          await outbox.add(tx, {
            event: CertificateReleasedV1,
            aggregateId: id,
            body: { applicationId: id, projectId: state.projectId, step: state.step, releasedAt: now.toISOString() },
          })
        }
        return { cured, remaining, certificate: release ? 'released' : state.certificate }
      })
    },
  )
}

const notFound = (id: string) => new ProblemError(404, 'INTAKE_APPLICATION_NOT_FOUND', `No application ${id}.`)
