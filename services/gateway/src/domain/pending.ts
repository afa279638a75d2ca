import { Pending } from '../http/schemas.js'
import type { ProjectRow } from './projectors.js'
import { conforming, eachRow, type Rows } from './rows.js'

// Read-your-own-writes: when intake answers 201, the gateway writes down what it has just promised, so a read a
// moment later answers 200 and says what is still on its way instead of 404 until the event is applied.

export type PendingKind = 'project-registered' | 'application-accepted'

export type Promised = {
  /** The project's id for `project-registered`, the application's for `application-accepted`. */
  id: string
  kind: PendingKind
  projectId: string
  ownerCreditCode: string
  region?: string
  /** For a project: the row as intake answered it. */
  project?: ProjectRow
  since: string
}

/** What a read tells of a promise not yet kept by the read model. */
export type PendingView = { kind: PendingKind; id: string; since: string }

// What intake answers, read loosely: the gateway passes the answer on unchanged and only picks out what it needs.
type LooseProject = {
  projectId?: unknown
  projectCode?: unknown
  name?: unknown
  projectType?: unknown
  region?: unknown
  owner?: { name?: unknown; creditCode?: unknown }
  investmentFen?: unknown
  location?: unknown
  catalogueVersion?: unknown
  flow?: unknown
  cap?: unknown
  registeredAt?: unknown
}
type LooseApplication = { applicationId?: unknown; projectId?: unknown }
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** From intake's 201 to `POST /projects` (`{ project: { projectId, owner, region, … } }`); undefined if not that. */
export function promisedProject(answer: unknown, since: string): Promised | undefined {
  const p = isObject(answer) && isObject(answer['project']) ? (answer['project'] as LooseProject) : undefined
  const owner = p && isObject(p.owner) ? p.owner : undefined
  const projectId = str(p?.projectId)
  const creditCode = str(owner?.creditCode)
  if (!p || !projectId || !creditCode) return undefined
  const row: ProjectRow = {
    projectId,
    projectCode: str(p.projectCode) ?? '',
    name: str(p.name) ?? '',
    projectType: str(p.projectType) ?? '',
    region: str(p.region) ?? '',
    ownerName: str(owner?.name) ?? '',
    ownerCreditCode: creditCode,
    investmentFen: typeof p.investmentFen === 'number' ? p.investmentFen : 0,
    ...(str(p.location) === undefined ? {} : { location: str(p.location) as string }),
    ...(str(p.catalogueVersion) === undefined ? {} : { catalogueVersion: str(p.catalogueVersion) as string }),
    ...(Array.isArray(p.flow) ? { flow: p.flow as NonNullable<ProjectRow['flow']> } : {}),
    ...(isObject(p.cap) ? { cap: p.cap as NonNullable<ProjectRow['cap']> } : {}),
    registeredAt: str(p.registeredAt) ?? since,
  }
  return {
    id: projectId,
    kind: 'project-registered',
    projectId,
    ownerCreditCode: creditCode,
    ...(row.region ? { region: row.region } : {}),
    project: row,
    since,
  }
}

/** A promised application: its owner and region are the project's, which the promise's one statement looks up. */
export type PromisedApplication = { id: string; projectId: string; since: string }

/**
 * From intake's 201 to `POST /projects/:id/applications` (`{ application: { applicationId, projectId, … } }`);
 * undefined if not that. The owner comes from the project's row or its own promise, in the statement that writes it.
 */
export function promisedApplication(answer: unknown, since: string): PromisedApplication | undefined {
  const a =
    isObject(answer) && isObject(answer['application']) ? (answer['application'] as LooseApplication) : undefined
  const applicationId = str(a?.applicationId)
  const projectId = str(a?.projectId)
  if (!applicationId || !projectId) return undefined
  return { id: applicationId, projectId, since }
}

const checkedPending = conforming(Pending)

/**
 * The promises a read still has to tell of: those whose real row the read did not find. A promise written just
 * after its event was applied (the two race) is left in the table, and ignored here for good. Each is checked as the
 * answer shows it: one whose `since` is no instant (a stored 'infinity') is named in `unreadable` (kind `pending`),
 * not shown with a `since` that reads 'Invalid Date'.
 */
export function stillPending(
  promised: readonly Promised[],
  found: { project: boolean; applicationIds: ReadonlySet<string> },
): Rows<PendingView> {
  return eachRow(
    promised.filter((p) => (p.kind === 'project-registered' ? !found.project : !found.applicationIds.has(p.id))),
    'pending',
    (p) => p.id,
    (p) => checkedPending({ kind: p.kind, id: p.id, since: p.since }),
  )
}
