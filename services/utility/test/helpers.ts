import {
  AcceptancePassedV1,
  ApplicationAcceptedV1,
  type EventBody,
  type EventDefinition,
  ProjectRegisteredV1,
} from '@onewindow/contracts'
import { asCaller, publishAsRelay, serviceWorld } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import { createUtility, migrationsDir } from '../src/index.js'

/** The utility service on a fresh schema and a test stream of its own, with a test clock. */
export const utilityWorld = (start: string) =>
  serviceWorld({ name: 'utility', migrationsDir, start, create: createUtility })
export type World = Awaited<ReturnType<typeof utilityWorld>>

/** Publishes a contract event on the test stream exactly as `source`'s relay would. */
export const publish = <E extends EventDefinition>(w: World, event: E, body: EventBody<E>, source: string) =>
  publishAsRelay(w.nc, w.topology, event, body, { source })

let counter = 0
export const REGION = '440600'
export const TYPE = 'industrial-land-with-scheme'
/** Its catalogue `utilityHookup.step`. */
export const HOOKUP_STEP = 'permits'
/**
 * Shanwei's 拿地即开工 type and its hookup step: its catalogue gives the outside-line permits 3 W (004:1774), where
 * Foshan's gives none (004:2197).
 */
export const SHANWEI = {
  region: '441500',
  projectType: 'industrial-land-start-on-acquisition',
  step: 'eight-item-bundle',
}

/** A Foshan industrial project, or Shanwei's when asked. */
export function aProject(region: typeof REGION | typeof SHANWEI.region = REGION): ProjectRegisteredV1 {
  counter += 1
  return {
    projectId: uuidv7(),
    projectCode: `2026-${region}-47-01-${String(counter).padStart(6, '0')}`,
    name: '标准厂房',
    projectType: region === SHANWEI.region ? SHANWEI.projectType : TYPE,
    region,
    owner: { name: '佛山某制造有限公司', creditCode: '91440600MA4UJ8XX0X' },
    investmentFen: 100_000_000,
    registeredAt: '2026-03-02T01:00:00.000Z',
  }
}

export function anAcceptance(
  project: ProjectRegisteredV1,
  over: Partial<ApplicationAcceptedV1> = {},
): ApplicationAcceptedV1 {
  return {
    applicationId: uuidv7(),
    projectId: project.projectId,
    projectCode: project.projectCode,
    stage: 'construction-permit',
    catalogueVersion: 'test',
    acceptedAt: '2026-03-02T01:00:00.000Z',
    acceptedOn: '2026-03-02',
    withDeficiencies: false,
    step: project.region === SHANWEI.region ? SHANWEI.step : HOOKUP_STEP,
    region: project.region,
    items: [{ item: 'construction-permit', department: 'housing-construction' }],
    ...over,
  }
}

export function aPass(project: ProjectRegisteredV1): EventBody<typeof AcceptancePassedV1> {
  const at = '2026-04-01T02:00:00.000Z'
  return {
    case: {
      caseId: uuidv7(),
      projectId: project.projectId,
      projectType: project.projectType,
      region: project.region,
      owner: project.owner,
      lead: 'housing-construction',
      status: 'passed',
      items: [{ item: 'planning-acceptance', department: 'natural-resources', status: 'passed', round: 1 }],
      registrationWithAcceptance: true,
      openedAt: at,
      decidedAt: at,
      version: 5,
      updatedAt: at,
    },
  }
}

export async function registerProject(w: World, project: ProjectRegisteredV1) {
  await publish(w, ProjectRegisteredV1, project, 'intake')
  await expect
    .poll(async () => (await w.db.pool.query('SELECT 1 FROM project WHERE id = $1', [project.projectId])).rowCount)
    .toBe(1)
}

export async function pass(w: World, project: ProjectRegisteredV1) {
  await publish(w, AcceptancePassedV1, aPass(project), 'acceptance')
}

export async function accept(w: World, body: ApplicationAcceptedV1) {
  await publish(w, ApplicationAcceptedV1, body, 'intake')
}

export type RequestRow = { id: string; provider: string; stage: string }

/** The application's requests, once there are `n` of them. */
export async function requestsOf(w: World, applicationId: string, n: number): Promise<RequestRow[]> {
  let rows: RequestRow[] = []
  await expect
    .poll(async () => {
      rows = (
        await w.db.pool.query<RequestRow>(
          'SELECT id::text, provider, stage FROM utility_request WHERE application_id = $1 ORDER BY provider',
          [applicationId],
        )
      ).rows
      return rows.length
    })
    .toBe(n)
  return rows
}

export const staffOf = (provider: string) => ({ sub: `staff-${provider}`, role: 'utility', provider })

/**
 * A department's grant of one outside-line permit as the provider records it from the written decision: Foshan's
 * 城管执法局, its 文号, the day the tests start.
 */
export const grant = (kind: string, over: Record<string, unknown> = {}) => ({
  action: 'permit-granted',
  kind,
  department: 'urban-management',
  documentNo: '佛城管许〔2026〕12号',
  decidedOn: '2026-03-02',
  ...over,
})

export async function act(w: World, request: RequestRow, body: object, actor: object = staffOf(request.provider)) {
  const res = await w.app.inject({
    method: 'POST',
    url: `/utility-requests/${request.id}/actions`,
    headers: await asCaller('utility', actor, w.clock),
    payload: body,
  })
  return { status: res.statusCode, body: res.json() }
}

/** Bodies of the outbox rows on one subject (what the service committed to publish). */
export async function outboxBodies<E extends EventDefinition>(w: World, event: E): Promise<Array<EventBody<E>>> {
  const { rows } = await w.db.pool.query<{ payload: EventBody<E> }>(
    'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
    [event.subject],
  )
  return rows.map((r) => r.payload)
}

export { published } from '@onewindow/testing'

/** A reviewer of `department`, as the gateway asserts one. */
export const reviewerOf = (department: string) => ({ sub: `reviewer-${department}`, role: 'reviewer', department })

/** 并联审批: the department's reviewer decides a permit applied to it, in its inbox. */
export async function decideAs(w: World, request: RequestRow, body: object, actor: object) {
  const res = await w.app.inject({
    method: 'POST',
    url: `/utility-requests/${request.id}/permit-decision`,
    headers: await asCaller('utility', actor, w.clock),
    payload: body,
  })
  return { status: res.statusCode, body: res.json(), type: res.headers['content-type'] }
}

/** The department a permit kind is applied to grants it (占掘路 and 绿化: urban management, in every bundled region). */
export const grantedByDepartment = (w: World, request: RequestRow, kind: string, department = 'urban-management') =>
  decideAs(w, request, { kind, outcome: 'granted', documentNo: '城管许〔2026〕1号' }, reviewerOf(department))
