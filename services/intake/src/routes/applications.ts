import { SubmittedMaterial, Uuid } from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, cureDeficiencies, getApplication } from '../commands.js'
import { actorOf } from './actor.js'

const ApplicationParams = Type.Object({ id: Uuid })

/** 容缺 cures go to intake; a 补正 answer (with `noticeId`) goes to approval, so intake's body has no noticeId. */
const CureBody = Type.Object(
  { materials: Type.Array(SubmittedMaterial, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
)

export const applicationRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.get('/applications/:id', { schema: { params: ApplicationParams } }, async (request) => ({
    application: unwrap(await getApplication(commands, request.params.id)),
  }))

  app.post(
    '/applications/:id/materials',
    { schema: { params: ApplicationParams, body: CureBody } },
    async (request) => {
      const actor = actorOf(request, ['owner'])
      return unwrap(await cureDeficiencies(commands, request.params.id, actor, request.body.materials))
    },
  )
}
