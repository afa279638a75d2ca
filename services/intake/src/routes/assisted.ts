import {
  AssistedCaseListQuery,
  ChooseIntermediaryBody,
  CloseAssistedCaseBody,
  DeliverIntermediaryResultBody,
  OpenAssistedCaseBody,
  RecordVisitBody,
  ScheduleVisitBody,
  Uuid,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  type CommandDeps,
  caseApplications,
  closeAssistedCase,
  deliverIntermediaryResult,
  engageIntermediary,
  intermediaryEngagements,
  intermediaryList,
  listAssistedCases,
  openAssistedCase,
  projectAssistedCase,
  projectEngagements,
  recordFollowUpVisit,
  scheduleFollowUpVisit,
} from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })
const VisitParams = Type.Object({ id: Uuid, visitId: Uuid })

/** 帮办代办 and 中介服务 (docs/assisted-service.md). The gateway checks roles and owners; the rows are checked here. */
export const assistedRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/projects/:id/assisted-case',
    { schema: { params: Params, body: OpenAssistedCaseBody } },
    async (request, reply) => {
      const actor = actorOf(request, ['clerk'])
      const c = unwrap(await openAssistedCase(commands, request.params.id, actor, request.body))
      return reply.code(201).send({ case: c })
    },
  )

  app.get('/projects/:id/assisted-case', { schema: { params: Params } }, async (request) => {
    const actor = actorOf(request, ['owner', 'clerk', 'supervisor', 'admin', 'helper'])
    return logUnreadable.without(request.log, unwrap(await projectAssistedCase(commands, request.params.id, actor)))
  })

  app.get('/assisted-cases', { schema: { querystring: AssistedCaseListQuery } }, async (request) => {
    const actor = actorOf(request, ['helper', 'clerk', 'supervisor', 'admin'])
    return logUnreadable.without(request.log, await listAssistedCases(commands, actor, request.query))
  })

  // 帮办代办: the applications the case covers with what is owed on each, for its helper (through the gateway), and
  // for the gateway to read their open 补正 notices for the helper.
  app.get('/assisted-cases/:id/applications', { schema: { params: Params } }, async (request) => {
    const actor = actorOf(request, ['helper'])
    return logUnreadable.without(request.log, unwrap(await caseApplications(commands, request.params.id, actor)))
  })

  app.post(
    '/assisted-cases/:id/close',
    { schema: { params: Params, body: CloseAssistedCaseBody } },
    async (request) => {
      const actor = actorOf(request, ['clerk'])
      return { case: unwrap(await closeAssistedCase(commands, request.params.id, actor, request.body)) }
    },
  )

  app.post('/assisted-cases/:id/visits', { schema: { params: Params, body: ScheduleVisitBody } }, async (request) => {
    const actor = actorOf(request, ['helper'])
    return { case: unwrap(await scheduleFollowUpVisit(commands, request.params.id, actor, request.body)) }
  })

  app.post(
    '/assisted-cases/:id/visits/:visitId/record',
    { schema: { params: VisitParams, body: RecordVisitBody } },
    async (request) => {
      const actor = actorOf(request, ['helper'])
      const { id, visitId } = request.params
      return { case: unwrap(await recordFollowUpVisit(commands, id, visitId, actor, request.body)) }
    },
  )

  app.get('/intermediary-services', async (request) => {
    actorOf(request, ['owner', 'helper', 'clerk', 'supervisor', 'admin'])
    return { services: intermediaryList() }
  })

  app.post(
    '/projects/:id/intermediaries',
    { schema: { params: Params, body: ChooseIntermediaryBody } },
    async (request, reply) => {
      const actor = actorOf(request, ['owner'])
      const engagement = unwrap(await engageIntermediary(commands, request.params.id, actor, request.body))
      return reply.code(201).send({ engagement })
    },
  )

  app.get('/projects/:id/intermediaries', { schema: { params: Params } }, async (request) => {
    const actor = actorOf(request, ['owner', 'clerk', 'supervisor', 'admin'])
    return {
      engagements: logUnreadable.without(request.log, await projectEngagements(commands, request.params.id, actor))
        .rows,
    }
  })

  app.get('/intermediary-engagements', async (request) => {
    const actor = actorOf(request, ['intermediary'])
    const { rows, projects } = logUnreadable.without(request.log, await intermediaryEngagements(commands, actor))
    return { engagements: rows, projects }
  })

  app.post(
    '/intermediary-engagements/:id/result',
    { schema: { params: Params, body: DeliverIntermediaryResultBody } },
    async (request) => {
      const actor = actorOf(request, ['intermediary'])
      return { engagement: unwrap(await deliverIntermediaryResult(commands, request.params.id, actor, request.body)) }
    },
  )
}
