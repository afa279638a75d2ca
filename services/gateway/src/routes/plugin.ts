import type { AcceptanceProjectCopy, ProjectCopy } from '@onewindow/contracts'
import { currentTraceId } from '@onewindow/messaging'
import { ProblemError, type ServiceApp } from '@onewindow/service-kit'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RawServerDefault } from 'fastify'
import type { GatewayDeps } from '../deps.js'
import { authorise, type Request } from '../domain/authorise.js'
import type { ProjectRow } from '../domain/projectors.js'
import type { Held } from './forwarded.js'

// The kit's TypeBox type provider, taken from its app type, so route handlers see typed bodies and params.
type KitProvider =
  ServiceApp extends FastifyInstance<RawServerDefault, infer _Req, infer _Res, infer _Log, infer P> ? P : never

/** An encapsulated route plugin of the gateway. */
export type RoutePlugin = FastifyPluginAsync<{ deps: GatewayDeps }, RawServerDefault, KitProvider>

/**
 * Applies the authorisation rule or throws its problem. A hidden row answers with `notFound`, the same problem a
 * truly unknown id gets.
 */
export function authorised(request: FastifyRequest, wanted: Request, notFound?: () => ProblemError): void {
  const decision = authorise(request.actor, wanted)
  if (decision.allow) return
  if (decision.status === 404 && notFound) throw notFound()
  throw new ProblemError(403, 'GATEWAY_FORBIDDEN', decision.reason)
}

export const projectNotFound = (id: string) => () =>
  new ProblemError(404, 'GATEWAY_PROJECT_NOT_FOUND', `No project ${id}.`)
export const applicationNotFound = (id: string) => () =>
  new ProblemError(404, 'GATEWAY_APPLICATION_NOT_FOUND', `No application ${id}.`)
export const taskNotFound = (id: string) => () => new ProblemError(404, 'GATEWAY_TASK_NOT_FOUND', `No task ${id}.`)

/**
 * A read that showed an owner's personal data (its organisation's name and credit code: a project, its status, a
 * certificate) to anyone but that owner, queued for the gateway's audit chain. Queued, not written: the read waits for
 * nothing (the appender flushes every 100 ms, docs/security.md#audit-log).
 */
export function auditPersonalRead(
  request: FastifyRequest,
  deps: Pick<GatewayDeps, 'personalReads'>,
  read: { action: string; object: string; ownerCreditCode: string },
): void {
  const { actor } = request
  if (actor.role === 'owner' && actor.creditCode === read.ownerCreditCode) return
  deps.personalReads.record({
    actor: actor.sub,
    role: actor.role,
    action: read.action,
    object: read.object,
    outcome: 'read',
    traceId: currentTraceId(),
  })
}

/** A project's owner, for an authorisation's row: in the read model, or as promised after the gateway's 201. */
export async function projectOwnerOf(
  deps: GatewayDeps,
  request: FastifyRequest,
  id: string,
): Promise<{ row?: { ownerCreditCode: string } }> {
  const { row } = await heldProject(deps, request, id)
  return row ? { row } : {}
}

/**
 * The project as the gateway holds it: its owner for an authorisation's row (`row`), and the read model's row itself
 * (`stored`) unless it is only promised after the gateway's 201. The projection writes the row and deletes the promise
 * in one transaction, so when both reads miss the event may have landed between them: the row is read once more
 * rather than answering 404.
 */
export async function heldProject(
  deps: GatewayDeps,
  request: FastifyRequest,
  id: string,
): Promise<{ row?: { ownerCreditCode: string }; stored?: ProjectRow }> {
  const ownedBy = (stored: ProjectRow) => ({ row: { ownerCreditCode: stored.ownerCreditCode }, stored })
  const stored = await deps.read(request.actor).project(id)
  if (stored) return ownedBy(stored)
  const promised = await deps.pending(request.actor).byId(id, 'project-registered')
  if (promised) return { row: { ownerCreditCode: promised.ownerCreditCode } }
  const landed = await deps.read(request.actor).project(id)
  return landed ? ownedBy(landed) : {}
}

/** The `ProjectCopy` a service keeps of a project, from the read model's stored row. */
export const projectCopyOf = (stored: {
  projectCode: string
  name: string
  region: string
  location?: string | undefined
}): ProjectCopy => {
  const { projectCode, name, region, location } = stored
  return { projectCode, name, region, ...(location === undefined ? {} : { location }) }
}

/**
 * What acceptance keeps of a project, as the read model holds it: sent with the commands that need acceptance's copy
 * (opening a joint acceptance, a survey commission), for a project whose registration acceptance never heard.
 */
export async function heldForAcceptance(
  deps: GatewayDeps,
  request: FastifyRequest,
  id: string,
): Promise<{ row?: { ownerCreditCode: string }; held?: Held }> {
  const { row, stored } = await heldProject(deps, request, id)
  if (!row) return {}
  // Only promised after the gateway's 201, the project is not sent: acceptance hears of it from its event.
  if (!stored) return { row, held: 'held' }
  const { projectType, ownerName, ownerCreditCode, catalogueVersion } = stored
  const project: AcceptanceProjectCopy = {
    ...projectCopyOf(stored),
    projectType,
    owner: { name: ownerName, creditCode: ownerCreditCode },
    ...(catalogueVersion === undefined ? {} : { catalogueVersion }),
    registeredAt: stored.registeredAt,
  }
  return { row, held: { with: { project } } }
}
