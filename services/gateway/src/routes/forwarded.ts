import { Uuid } from '@onewindow/contracts'
import type { FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import { forward, type NotYetHeard, type Upstream } from '../forward.js'
import type { RoutePlugin } from './plugin.js'

const Params = Type.Object({ id: Uuid })

type RouteApp = Parameters<RoutePlugin>[0]

export type ForwardedCommand<Body extends TSchema> = {
  /** The gateway's path, with one `:id`; the owning service is called at the same path with the id in its place. */
  url: string
  /** The OpenAPI summary: what the command does, who may give it, where it goes. */
  summary: string
  body: Body
  /** The service's answer schemas (what it answers passes through unchanged). */
  response: Record<number, TSchema>
  to: Upstream
  /**
   * Looks the row up in the read model and applies the authorisation rule (`authorised`), throwing the refusal —
   * for a hidden row the same 404 as the service's for an unknown id. Nothing is sent before it returns. It answers
   * `Held` when it authorised from a row the gateway holds (stored, or promised after its 201).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most rules return nothing; only a route that waits says 'held'.
  authorise(request: FastifyRequest, id: string, body: Static<Body>): Promise<Held | undefined> | Held | void
  /**
   * The 404 code with which the owning service says it has not heard of the row yet — one it copies from an event
   * (its project, the step it opens on acceptance). For a row the gateway holds, the command then waits for the
   * service to hear of it (`forward`'s `notYetHeard`) instead of answering 404 for what exists.
   */
  notYetHeard?: NotYetHeard
}

/**
 * What `authorise` answers when the gateway holds the row it authorised from: `'held'`, or `with` members the gateway
 * adds to the body it sends — what it holds of that row and the service may never hear of (an event older than the
 * stream's retention), so the service need not wait for it.
 */
export type Held = 'held' | { with: Record<string, unknown> }

/**
 * One command the gateway forwards: `POST url` with `{ id }` params and the given body schema, tagged `commands`;
 * it authorises the caller, then sends the body with the caller in a signed assertion to the owning service and
 * answers exactly what the service answered (`forward`).
 */
export function forwardedCommand<Body extends TSchema>(app: RouteApp, command: ForwardedCommand<Body>): void {
  app.post(
    command.url,
    {
      schema: {
        summary: command.summary,
        tags: ['commands'],
        params: Params,
        body: command.body,
        response: command.response,
      },
    },
    async (request, reply) => {
      const { id } = request.params
      // The type provider cannot resolve a schema still generic here; Fastify has validated the body against it.
      const body = request.body as Static<Body>
      const held = await command.authorise(request, id, body)
      return forward(reply, command.to, {
        method: 'POST',
        path: command.url.replace(':id', id),
        actor: request.actor,
        body: typeof held === 'object' ? { ...body, ...held.with } : body,
        ...(held && command.notYetHeard ? { notYetHeard: command.notYetHeard } : {}),
      })
    },
  )
}
