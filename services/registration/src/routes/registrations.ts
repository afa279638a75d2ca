import { RegistrationActionBody, RegistrationCaseResponse, Uuid } from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import type { Result } from '@onewindow/vocabulary'
import { Type } from 'typebox'
import { act, type CommandDeps, getCase } from '../commands.js'
import { type Case, snapshotOf } from '../domain/case.js'
import { actorOf } from './actor.js'

const answer = (result: Result<Case>) => ({ case: snapshotOf(unwrap(result)) })

const Params = Type.Object({ id: Uuid })

/** Internal routes, called by the gateway only, with the caller in the gateway's signed assertion (`x-onewindow-assertion`). */
export const registrationRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.post(
    '/registrations/:id/actions',
    { schema: { params: Params, body: RegistrationActionBody, response: { 200: RegistrationCaseResponse } } },
    async (request) => answer(await act(deps, request.params.id, actorOf(request), request.body)),
  )

  app.get(
    '/registrations/:id',
    { schema: { params: Params, response: { 200: RegistrationCaseResponse } } },
    async (request) => answer(await getCase(deps, request.params.id)),
  )
}
