import {
  AcceptApplicationBody,
  HelperAuthorityAnswer,
  type OnBehalfOf,
  ReceiptNoticeBody,
  RefuseApplicationBody,
  SubmitMaterialsBody,
  Uuid,
  WithdrawApplicationBody,
  WithdrawReceiptBody,
} from '@onewindow/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { GatewayDeps } from '../deps.js'
import { ask, checkedAnswer, forward } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { applicationNotFound, authorised, type RoutePlugin } from './plugin.js'

const Answered = { 200: Type.Object({ application: Type.Object({}, { additionalProperties: true }) }) }

/**
 * The owner of an application: in the read model, or as promised after the gateway's 201. The projection writes the
 * row and deletes the promise in one transaction, so when both reads miss the event may have landed between them:
 * the row is read once more rather than answering 404.
 */
const ownerOf = async (deps: GatewayDeps, request: FastifyRequest, id: string) =>
  (await deps.read(request.actor).applicationOwner(id)) ??
  (await deps.pending(request.actor).byId(id, 'application-accepted'))?.ownerCreditCode ??
  (await deps.read(request.actor).applicationOwner(id))

const grantOf = checkedAnswer(HelperAuthorityAnswer)

/**
 * Intake's word on a helper answering for the owner: on whose behalf, granted for a short while (approval refuses the
 * answer once it lapsed), or intake's refusal answered as it came. A grant of another shape (no `validUntil`, say) is
 * a 502 and nothing is forwarded: approval could not tell when it lapses.
 */
async function helperAuthority(
  deps: GatewayDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
): Promise<{ onBehalfOf: OnBehalfOf; refused?: undefined } | { refused: FastifyReply }> {
  const answer = await ask(reply, deps.intake, {
    method: 'POST',
    path: `/applications/${id}/helper-authority`,
    actor: request.actor,
  })
  if (answer.status !== 200) return { refused: answer.send() }
  return { onBehalfOf: grantOf(reply, deps.intake, answer.body).onBehalfOf }
}

export const applicationRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/applications/:id/materials',
    {
      schema: {
        summary:
          "The owner (or its case's helper, for a 补正 answer) submits materials: with noticeId, the one answer to a 补正 notice (to approval); without, 容缺 cures (to intake)",
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
      // An application the gateway has just answered 201 for is its owner's before its event is applied.
      const owner = await ownerOf(deps, request, id)
      authorised(
        request,
        { action: 'materials.submit', ...(owner ? { row: { ownerCreditCode: owner } } : {}) },
        applicationNotFound(id),
      )
      const { noticeId, materials } = request.body
      if (noticeId === undefined) {
        return forward(reply, deps.intake, {
          method: 'POST',
          path: `/applications/${id}/materials`,
          actor: request.actor,
          body: { materials },
        })
      }
      // 帮办代办: approval does not know the cases, so for a helper intake says first whether its open case names it
      // and on whose behalf (403 INTAKE_ASSIST_NOT_ASSIGNED otherwise); approval carries that in its event.
      const helping = request.actor.role === 'helper' ? await helperAuthority(deps, request, reply, id) : undefined
      if (helping?.refused) return helping.refused
      return forward(reply, deps.approval, {
        method: 'POST',
        path: `/applications/${id}/supplement-answers`,
        actor: request.actor,
        body: { noticeId, materials, ...(helping ? { onBehalfOf: helping.onBehalfOf } : {}) },
      })
    },
  )

  // 接件 decided (行政许可法第三十二条, docs/legal-time.md#art-32-receipt-and-acceptance): the clerk of the window
  // accepts or refuses a received application; the owner (its own) or the clerk withdraws it. Intake answers 409
  // INTAKE_RECEIPT_ALREADY_DECIDED for a receipt no longer at code 1.
  forwardedCommand(app, {
    url: '/applications/:id/accept',
    summary:
      '受理 of a received application (national code 1 → 3), its clocks starting today — clerk; forwarded to intake',
    body: AcceptApplicationBody,
    response: Answered,
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'receipt.decide' }),
  })

  forwardedCommand(app, {
    url: '/applications/:id/refuse',
    summary:
      '不受理 (4: the matter needs no licence) or 不予受理 (5: outside the agency’s powers, with referTo) of a received application — clerk; forwarded to intake',
    body: RefuseApplicationBody,
    response: Answered,
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'receipt.decide' }),
  })

  forwardedCommand(app, {
    url: '/applications/:id/receipt-notice',
    summary:
      '一次性告知 of a received application within five working days of its receipt day: the materials to supplement, once; the owner answers with POST …/materials — clerk; forwarded to intake',
    body: ReceiptNoticeBody,
    response: Answered,
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'receipt.decide' }),
  })

  forwardedCommand(app, {
    url: '/applications/:id/withdraw-receipt',
    summary:
      '撤件 of a received application before it is accepted (national code 2) — its owner or a clerk; forwarded to intake',
    body: WithdrawReceiptBody,
    response: Answered,
    to: deps.intake,
    async authorise(request, id) {
      const owner = request.actor.role === 'owner' ? await ownerOf(deps, request, id) : undefined
      authorised(
        request,
        { action: 'receipt.withdraw', ...(owner ? { row: { ownerCreditCode: owner } } : {}) },
        applicationNotFound(id),
      )
    },
  })

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
        request.actor.role === 'owner' || request.actor.role === 'clerk' ? await ownerOf(deps, request, id) : undefined
      authorised(
        request,
        { action: 'application.withdraw', ...(owner ? { row: { ownerCreditCode: owner } } : {}) },
        applicationNotFound(id),
      )
      return owner ? 'held' : undefined
    },
    // Approval opens the step when it hears of the acceptance (`application.accepted`).
    notYetHeard: 'APPROVAL_STEP_NOT_FOUND',
  })
}
