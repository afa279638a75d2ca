import { bundledDocuments, coveringRegions, nationalRegion } from '@onewindow/catalogue'
import {
  aRole,
  RectificationLetterBody,
  RectificationLetterParams,
  RectificationReplyBody,
  ReferTicketBody,
  RegisterTicketBody,
  TicketActionBody,
  TicketChannel,
  TicketParams,
  TicketRequesterResponse,
  TicketResponse,
  TicketsResponse,
  TicketView,
} from '@onewindow/contracts'
import { ProblemError, registerErrorCodes } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { registeringChannel, ticketRegion } from '../domain/tickets.js'
import { ask, checkedAnswer, forward } from '../forward.js'
import { applicationNotFound, authorised, projectNotFound, type RoutePlugin, taskNotFound } from './plugin.js'

/**
 * 12345 热线工单 — commands forwarded to the hotline service (docs/hotline.md). The gateway checks the role; the
 * service, which owns the tickets, checks the row (the handling unit's department — within a regional unit's region,
 * from the actor's `region` in the assertion —, the owner's own ticket, the centre) and answers 404 for a ticket the
 * caller may not see. Each answers the ticket as it stands, its due dates included.
 */
// The requester read is the one answer the gateway reads rather than passes on: a body of another shape is a 502.
const ticketOf = checkedAnswer(TicketView)

/**
 * The hotline's registration body and the channel the caller says it registers on. Optional: each role has one channel
 * (`registeringChannel`), so it is only checked — a client that names it (the window clerk's form) is told at once
 * when it is not the caller's. The hotline takes the channel from the role, so it is not passed on.
 */
const RegisterTicketRequest = Type.Object(
  {
    ...RegisterTicketBody.properties,
    channel: Type.Optional({
      ...TicketChannel,
      description: "phone (the centre's agent), online (an owner), window (a clerk at the 办不成事 window)",
    }),
  },
  { additionalProperties: false },
)

// 403, not 400: the channel is well formed and some caller may register on it; it is refused for who asks, as a role
// is — a clerk registers at the window only, never a call nor an online request. The problem names `/body/channel`.
// 422: a region of six digits that no regional catalogue covers, so no rule of the platform's is known for it.
registerErrorCodes({ GATEWAY_TICKET_CHANNEL_FORBIDDEN: 403, GATEWAY_TICKET_REGION_UNKNOWN: 422 })

let regionalDocuments: ReadonlySet<string> | undefined
/**
 * Whether the platform knows the region: a regional catalogue (packages/catalogue/data: 广东's and 广西's, their
 * cities) covers it — itself, its city or its province; the national one covers any six digits, so it does not count.
 * Read from disk once: the catalogue package parses its YAML on every call.
 */
function regionKnown(region: string): boolean {
  regionalDocuments ??= new Set(bundledDocuments().map((d) => d.region.code))
  const known = regionalDocuments
  return coveringRegions(region).some((r) => r !== nationalRegion && known.has(r))
}

/**
 * Refuses a region no catalogue of the platform covers, naming `field` (`/body/region` of a registration,
 * `/querystring/region` of a list's filter): 422, the same problem wherever a ticket's region is given.
 */
export function checkRegionKnown(region: string, field: string): void {
  if (regionKnown(region)) return
  throw new ProblemError(
    422,
    'GATEWAY_TICKET_REGION_UNKNOWN',
    `No catalogue of the platform covers region ${region}.`,
    {
      field,
      region,
      errors: [{ field, message: 'is not a region the platform knows' }],
    },
  )
}

export const hotlineRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/hotline/tickets',
    {
      schema: {
        summary:
          'Register a 12345 ticket (one per responsible unit) — agent for a caller, owner online, clerk at the 办不成事 window; forwarded to hotline',
        tags: ['commands'],
        body: RegisterTicketRequest,
        response: { 201: TicketsResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.register' })
      const { channel: named, ...body } = request.body
      const channel = registeringChannel(request.actor.role)
      if (named !== undefined && named !== channel)
        throw new ProblemError(
          403,
          'GATEWAY_TICKET_CHANNEL_FORBIDDEN',
          `Not yours to register on "${named}": ${aRole(request.actor.role)} registers on "${channel ?? 'none'}" only.`,
          { field: '/body/channel', channel: named, ...(channel ? { allowed: channel } : {}) },
        )
      // An owner links its ticket to its own project, application and task only, and to ones that belong together:
      // another's (or an unknown one, or one of another project) is 404, so a ticket can never be put on another
      // owner's timeline nor counted against a department's task it is not about. The agent links what the caller
      // names, the window clerk what the applicant before her names.
      const { projectId, applicationId, taskId } = request.body
      if (request.actor.role === 'owner' && taskId) {
        const task = await deps.read(request.actor).task(taskId)
        if (
          !task ||
          (projectId !== undefined && task.projectId !== projectId) ||
          (applicationId !== undefined && task.applicationId !== applicationId)
        )
          throw taskNotFound(taskId)()
      }
      if (request.actor.role === 'owner' && applicationId) {
        const owner = await deps.read(request.actor).applicationOwner(applicationId)
        const ofProject =
          projectId === undefined ||
          (await deps.read(request.actor).projectWithApplications(projectId))?.applications.some(
            (a) => a.applicationId === applicationId,
          )
        if (owner === undefined || owner !== request.actor.creditCode || !ofProject)
          throw applicationNotFound(applicationId)()
      }
      if (request.actor.role === 'owner' && projectId) {
        const project =
          (await deps.read(request.actor).project(projectId)) ??
          (await deps.pending(request.actor).byId(projectId, 'project-registered'))
        authorised(
          request,
          {
            action: 'project.read',
            ...(project ? { row: { ownerCreditCode: project.ownerCreditCode, departments: [] } } : {}),
          },
          projectNotFound(projectId),
        )
        if (!project) throw projectNotFound(projectId)()
      }
      // A region the caller names must be one the platform knows; else the ticket is about the region of the project
      // it names, whoever registers it (`ticketRegion`): the agent reads no project, so the project's region is asked
      // as a fact (`ticketProjectRegion`); an owner's is its own project's, checked above.
      if (body.region !== undefined) checkRegionKnown(body.region, '/body/region')
      const projectRegion =
        body.region === undefined && projectId !== undefined
          ? await deps.read(request.actor).ticketProjectRegion(projectId)
          : undefined
      const region = ticketRegion(body, projectRegion)
      if (region !== undefined) body.region = region
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: '/tickets',
        actor: request.actor,
        body,
      })
    },
  )

  app.get(
    '/hotline/tickets/:id/requester',
    {
      schema: {
        summary:
          "The requester's personal data the caller may read (name, ID number, phone; never a hidden field) and the enterprise it speaks for — agent, the ticket's units, the owner that filed it; asked of hotline",
        tags: ['hotline'],
        params: TicketParams,
        response: { 200: TicketRequesterResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.requester' })
      // The read model has no personal data (第四十三条: it never travels in events), so this one read is the
      // hotline's, which checks the row as for an act: a ticket the caller may not see is its 404, passed on as it is.
      const answer = await ask(reply, deps.hotline, {
        method: 'GET',
        path: `/tickets/${request.params.id}`,
        actor: request.actor,
      })
      if (answer.status !== 200) return answer.send()
      const { ticket, requester } = ticketOf(reply, deps.hotline, answer.body)
      return { requester, hidden: ticket.hidden, realName: ticket.realName }
    },
  )

  app.post(
    '/hotline/tickets/:id/rectification-letters',
    {
      schema: {
        summary:
          '整改函 — the centre sends the ticket’s handling unit a rectification letter (未依法履行职能 or 敷衍塞责); recorded on the ticket, its status unchanged — agent; forwarded to hotline',
        tags: ['commands'],
        params: TicketParams,
        body: RectificationLetterBody,
        response: { 200: TicketResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.rectification-letter' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/tickets/${request.params.id}/rectification-letters`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/tickets/:id/rectification-letters/:letterId/reply',
    {
      schema: {
        summary:
          '整改情况 — the handling unit a 整改函 was sent to answers it once with what it put right; recorded on the letter, the status unchanged — reviewer, lead of that unit; forwarded to hotline',
        tags: ['commands'],
        params: RectificationLetterParams,
        body: RectificationReplyBody,
        response: { 200: TicketResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.rectification-reply' })
      const { id, letterId } = request.params
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/tickets/${id}/rectification-letters/${letterId}/reply`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/tickets/:id/referrals',
    {
      schema: {
        summary:
          '线索移交 — the centre records that a serious case of a 优化营商环境专线 ticket was handed to the business-environment authority, the inspection office or the discipline organs; read by the centre and the supervisor only — agent; forwarded to hotline',
        tags: ['commands'],
        params: TicketParams,
        body: ReferTicketBody,
        response: { 200: TicketResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.referral' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/tickets/${request.params.id}/referrals`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/tickets/:id/actions',
    {
      schema: {
        summary:
          'One act on a 12345 ticket (dispatch, return, extend, reply, review, rate, re-handle …) — agent, the handling unit (reviewer, lead), the owner on its own; forwarded to hotline',
        tags: ['commands'],
        params: TicketParams,
        body: TicketActionBody,
        response: { 200: TicketResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'hotline-ticket.act' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/tickets/${request.params.id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
