import type { ProjectFacts } from '@onewindow/catalogue'
import {
  ApplicationAcceptedV1,
  OpenApplicationBody,
  ProjectRegisteredV1,
  RegisterProjectBody,
  Uuid,
} from '@onewindow/contracts'
import { ProblemError, problemFromDomainError } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { applicationView, findApplication, insertApplication, nextReceiptNumber } from '../db/applications.js'
import { insertProject, projectView } from '../db/projects.js'
import { decideOpening } from '../domain/application.js'
import { decideRegistration } from '../domain/project.js'
import { actorLabel, actorOf } from './actor.js'
import type { RoutePlugin } from './plugin.js'

const ProjectParams = Type.Object({ id: Uuid })

export const projectRoutes: RoutePlugin = async (app, { deps }) => {
  const { prisma, outbox, clock } = deps

  app.post('/projects', { schema: { body: RegisterProjectBody } }, async (request, reply) => {
    const actor = actorOf(request, ['clerk', 'admin'])
    const body = request.body
    const catalogue = deps.catalogueFor(body.region)
    if (!catalogue) {
      throw new ProblemError(422, 'INTAKE_REGION_UNKNOWN', `No catalogue covers region ${body.region}.`, {
        errors: [{ field: '/region', code: 'INTAKE_REGION_UNKNOWN', message: `no catalogue for ${body.region}` }],
      })
    }
    const decision = decideRegistration(body, catalogue)
    if (!decision.ok) throw problemFromDomainError(decision.error)
    const now = clock.now()
    const registration = decision.value
    const project = await prisma.$transaction(async (tx) => {
      const row = await insertProject(tx, { id: uuidv7(), body, registration, at: now, by: actorLabel(actor) })
      if (!row) return undefined
      await outbox.add(tx, {
        event: ProjectRegisteredV1,
        aggregateId: row.id,
        body: {
          projectId: row.id,
          projectCode: body.projectCode,
          name: body.name,
          projectType: body.projectType,
          region: body.region,
          owner: body.owner,
          investmentFen: body.investmentFen,
          registeredAt: now.toISOString(),
          catalogueVersion: registration.catalogueVersion,
          siteAreaM2: body.siteAreaM2,
          floorAreaM2: body.floorAreaM2,
          heightM: body.heightM,
          location: body.location,
          flow: registration.flow,
          ...(registration.cap ? { cap: registration.cap } : {}),
        },
      })
      return row
    })
    if (!project) {
      throw new ProblemError(
        409,
        'INTAKE_PROJECT_CODE_TAKEN',
        `Project code ${body.projectCode} is already registered.`,
        {
          errors: [{ field: '/projectCode', code: 'INTAKE_PROJECT_CODE_TAKEN', message: 'already registered' }],
        },
      )
    }
    return reply.code(201).send({ project: projectView(project) })
  })

  app.get('/projects/:id', { schema: { params: ProjectParams } }, async (request) => {
    const project = await prisma.project.findUnique({ where: { id: request.params.id } })
    if (!project) throw notFound(request.params.id)
    return { project: projectView(project) }
  })

  app.post(
    '/projects/:id/applications',
    { schema: { params: ProjectParams, body: OpenApplicationBody } },
    async (request, reply) => {
      const actor = actorOf(request, ['clerk'])
      const body = request.body
      const project = await prisma.project.findUnique({ where: { id: request.params.id } })
      if (!project) throw notFound(request.params.id)
      const catalogue = deps.catalogueFor(project.region)
      const step = catalogue?.projectType(project.projectType)
        ? catalogue
            .flow(project.projectType, project.facts as ProjectFacts)
            .steps.find((s) => s.step.code === body.step)
        : undefined
      if (!catalogue || !step) {
        throw new ProblemError(
          404,
          'INTAKE_STEP_NOT_FOUND',
          `Step "${body.step}" is not in the flow of this project.`,
          {
            errors: [
              { field: '/step', code: 'INTAKE_STEP_NOT_FOUND', message: `not a step of ${project.projectType}` },
            ],
          },
        )
      }
      const now = clock.now()
      const today = legalDateOf(now)
      const applicationId = await prisma.$transaction(async (tx) => {
        // One opening per project at a time, so two clerks cannot both open the same step.
        await tx.$queryRawUnsafe('SELECT id FROM project WHERE id = $1::uuid FOR UPDATE', project.id)
        const open = await tx.application.findFirst({
          where: { projectId: project.id, step: body.step, status: 'open' },
        })
        if (open) {
          throw new ProblemError(
            409,
            'INTAKE_APPLICATION_ALREADY_OPEN',
            `Application ${open.receiptNumber} for step ${body.step} is still open.`,
            { applicationId: open.id },
          )
        }
        const dishonest =
          (body.deficiencies ?? []).length > 0 &&
          (await tx.dishonestOwner.findUnique({ where: { creditCode: project.ownerCreditCode } })) !== null
        const decision = decideOpening(body, {
          catalogue,
          step,
          region: project.region,
          today,
          calendar: deps.calendar,
          ownerDishonest: dishonest,
        })
        if (!decision.ok) throw problemFromDomainError(decision.error)
        const accepted = decision.value
        const id = uuidv7()
        const receiptNumber = await nextReceiptNumber(tx, project.region, today)
        await insertApplication(tx, {
          id,
          projectId: project.id,
          step: step.step.code,
          stepName: step.step.name.zh,
          receiptNumber,
          catalogueVersion: catalogue.pin,
          form: body.form,
          accepted,
          materials: body.materials.map((m) => ({ id: uuidv7(), ...m })),
          at: now,
          today,
          by: actorLabel(actor),
        })
        await outbox.add(tx, {
          event: ApplicationAcceptedV1,
          aggregateId: id,
          body: {
            applicationId: id,
            projectId: project.id,
            projectCode: project.projectCode,
            stage: step.stage.code,
            catalogueVersion: catalogue.pin,
            acceptedAt: now.toISOString(),
            acceptedOn: today,
            withDeficiencies: accepted.deficiencies.length > 0,
            items: accepted.items,
            step: step.step.code,
            stepName: step.step.name.zh,
            ...(step.limit ? { stepLimit: { value: step.limit.value, unit: step.limit.unit } } : {}),
            region: project.region,
            ownerCreditCode: project.ownerCreditCode,
            receiptNumber,
            deficiencies: accepted.deficiencies,
            commitments: accepted.commitments,
            ...(accepted.utilities.length > 0 ? { utilities: accepted.utilities } : {}),
          },
        })
        return id
      })
      const application = await findApplication(prisma, applicationId)
      if (!application) throw new Error(`application ${applicationId} vanished after commit`)
      return reply.code(201).send({ application: applicationView(application) })
    },
  )
}

const notFound = (id: string) => new ProblemError(404, 'INTAKE_PROJECT_NOT_FOUND', `No project ${id}.`)
