import {
  type AcceptanceCaseSnapshot,
  type EventBody,
  type EventDefinition,
  ProjectRegisteredV1,
  StepDecidedV1,
  type StepPhase,
} from '@onewindow/contracts'
import { asCaller, publishAsRelay, serviceWorld } from '@onewindow/testing'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import { type AcceptanceOptions, createAcceptance, migrationsDir } from '../src/index.js'

/** The acceptance service on a fresh schema and a test stream of its own, with a test clock. */
export const acceptanceWorld = (start: string, extra: Partial<AcceptanceOptions> = {}) =>
  serviceWorld({
    name: 'acceptance',
    migrationsDir,
    start,
    create: (wiring) => createAcceptance({ ...wiring, ...extra }),
  })
export type World = Awaited<ReturnType<typeof acceptanceWorld>>

/** Publishes a contract event on the test stream exactly as a relay would. */
export const publish = <E extends EventDefinition>(w: World, event: E, body: EventBody<E>, aggregate: string) =>
  publishAsRelay(w.nc, w.topology, event, body, { aggregate })

export const OWNER = { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' }
export const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
export const lead = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
export const reviewer = (department: string) => ({ sub: `reviewer-${department}`, role: 'reviewer', department })

let counter = 0

/**
 * A Foshan project registered by intake and, unless `permitItems` is empty, a step approved with those items; waits
 * until the service has both.
 */
export async function aProject(
  w: World,
  projectType = 'industrial-land-with-scheme',
  permitItems: string[] = ['land-planning-permit', 'construction-permit'],
  region = '440600',
): Promise<string> {
  counter += 1
  const projectId = uuidv7()
  await publish(
    w,
    ProjectRegisteredV1,
    {
      projectId,
      projectCode: `2026-${region}-47-01-${String(counter).padStart(6, '0')}`,
      name: `Factory ${counter}`,
      projectType,
      region,
      owner: OWNER,
      investmentFen: 100_000_000,
      registeredAt: '2026-01-05T01:00:00.000Z',
    },
    projectId,
  )
  if (permitItems.length > 0) await permitted(w, projectId, permitItems)
  await expect
    .poll(async () => {
      const p = await w.db.pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])
      const a = await w.db.pool.query('SELECT item FROM approved_item WHERE project_id = $1', [projectId])
      return [p.rowCount, a.rowCount]
    })
    .toEqual([1, new Set(permitItems).size])
  return projectId
}

/**
 * A step of the project approved with `permitItems` (by default the construction permit) on 2 February 2026: the
 * step decision acceptance heard from approval; waits until the service has every item. The project need not be
 * known to acceptance: a step decision is kept for any project.
 */
export async function permitted(
  w: World,
  projectId: string,
  permitItems: readonly string[] = ['construction-permit'],
  step = 'permits',
  phase?: StepPhase,
): Promise<void> {
  const applicationId = uuidv7()
  await publish(
    w,
    StepDecidedV1,
    {
      applicationId,
      projectId,
      step,
      ...(phase ? { phase } : {}),
      outcome: 'approved',
      decidedAt: '2026-02-02T01:00:00.000Z',
      decidedOn: '2026-02-02',
      tasks: permitItems.map((item) => ({ taskId: uuidv7(), item, department: 'x', outcome: 'approved' as const })),
    },
    applicationId,
  )
  // A phase before the last is kept apart from the items it approves (acceptance's `recordApproval`).
  const table = phase && phase.number < phase.count ? 'approved_phase' : 'approved_item'
  await expect
    .poll(async () => (await w.db.pool.query(`SELECT item FROM ${table} WHERE project_id = $1`, [projectId])).rowCount)
    .toBe(new Set(permitItems).size)
}

export async function call(w: World, method: 'GET' | 'POST', url: string, actor?: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: await asCaller('acceptance', actor, w.clock),
    ...(payload ? { payload } : {}),
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

export const ARCHIVE = 'urban-construction-archive-acceptance'

/**
 * A Shanwei 社会投资简易低风险 project (its joint acceptance lets the archive item pass on commitment) registered in
 * January and permitted in February 2026; waits until the service has both (two durables: either may come first).
 */
export async function shanweiProject(w: World, projectOwner = OWNER): Promise<string> {
  counter += 1
  const projectId = uuidv7()
  await publish(
    w,
    ProjectRegisteredV1,
    {
      projectId,
      projectCode: `2026-441500-47-01-${String(counter).padStart(6, '0')}`,
      name: `Warehouse ${counter}`,
      projectType: 'social-simple-low-risk',
      region: '441500',
      owner: projectOwner,
      investmentFen: 10_000_000,
      registeredAt: '2026-01-05T01:00:00.000Z',
    },
    projectId,
  )
  await permitted(w, projectId, ['construction-permit'], 'six-item-bundle')
  await expect
    .poll(async () => {
      const p = await w.db.pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])
      const a = await w.db.pool.query('SELECT 1 FROM approved_item WHERE project_id = $1', [projectId])
      return [p.rowCount, a.rowCount]
    })
    .toEqual([1, 1])
  return projectId
}

/** A {@link shanweiProject} with its case opened by the owner on the world's day, the archive item on commitment. */
export async function committedCase(w: World): Promise<Static<typeof AcceptanceCaseSnapshot>> {
  const projectId = await shanweiProject(w)
  const res = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { commitments: [ARCHIVE] })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.case
}
