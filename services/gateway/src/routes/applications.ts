import { SubmitMaterialsBody, Uuid, WithdrawApplicationBody } from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { applicationNotFound, authorised, type RoutePlugin } from './plugin.js'

export const applicationRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/applications/:id/materials',
    {
      schema: {
        summary:
          'The owner submits materials: with noticeId, the one answer to a 补正 notice (to approval); without, 容缺 cures (to intake)',
        tags: ['commands'],
        params: Type.Object({ id: Uuid }),
        body: SubmitMaterialsBody,
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'what the owning service answered' }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      // An application the gateway has just answered 201 for is its owner's before its event is applied. The
      // projection writes the row and deletes the promise in one transaction, so when both reads miss the event may
      // have landed between them: the row is read once more rather than answering 404.
      const owner =
        (await deps.read(request.actor).applicationOwner(id)) ??
        (await deps.pending(request.actor).byId(id, 'application-accepted'))?.ownerCreditCode ??
        (await deps.read(request.actor).applicationOwner(id))
      authorised(
        request,
        { action: 'materials.submit', ...(owner ? { row: { ownerCreditCode: owner } } : {}) },
        applicationNotFound(id),
      )
      const { noticeId, materials } = request.body
      return noticeId === undefined
        ? forward(reply, deps.intake, {
            method: 'POST',
            path: `/applications/${id}/materials`,
            actor: request.actor,
            body: { materials },
          })
        : forward(reply, deps.approval, {
            method: 'POST',
            path: `/applications/${id}/supplement-answers`,
            actor: request.actor,
            body: { noticeId, materials },
          })
    },
  )

  forwardedCommand(app, {
    url: '/applications/:id/withdrawal',
    summary:
      '撤回 — the owner, or the window clerk on the owner’s behalf, withdraws an accepted application still in approval: every open task closes with code 14; forwarded to approval',
    body: WithdrawApplicationBody,
    response: {
      200: Type.Object(
        { applicationId: Uuid, tasks: Type.Array(Type.Object({}, { additionalProperties: true })) },
        { additionalProperties: true, description: 'the application withdrawn and the tasks it closed' },
      ),
    },
    to: deps.approval,
    async authorise(request, id) {
      // The owner's own application only (another's is the unknown-application answer); a clerk acts for any owner.
      const owner =
        request.actor.role === 'owner'
          ? ((await deps.read(request.actor).applicationOwner(id)) ??
            (await deps.pending(request.actor).byId(id, 'application-accepted'))?.ownerCreditCode)
          : undefined
      authorised(
        request,
        { action: 'application.withdraw', ...(owner ? { row: { ownerCreditCode: owner } } : {}) },
        applicationNotFound(id),
      )
    },
  })
}
