import { OpenApplicationBody, RegisterProjectBody, Uuid } from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, getProject, openApplication, registerProject } from '../commands.js'
import { actorOf } from './actor.js'

const ProjectParams = Type.Object({ id: Uuid })

export const projectRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  // A stored catalogue version left out of a registration's choice (its start is no legal day) is logged once.
  const logUnreadable = unreadableLog()
  app.post('/projects', { schema: { body: RegisterProjectBody } }, async (request, reply) => {
    const actor = actorOf(request, ['clerk', 'admin'])
    const registered = await registerProject(commands, actor, request.body)
    logUnreadable(request.log, registered.unreadable)
    return reply.code(201).send({ project: unwrap(registered) })
  })

  app.get('/projects/:id', { schema: { params: ProjectParams } }, async (request) => ({
    project: unwrap(await getProject(commands, request.params.id)),
  }))

  app.post(
    '/projects/:id/applications',
    { schema: { params: ProjectParams, body: OpenApplicationBody } },
    async (request, reply) => {
      const actor = actorOf(request, ['clerk'])
      return reply.code(201).send(unwrap(await openApplication(commands, request.params.id, actor, request.body)))
    },
  )
}
