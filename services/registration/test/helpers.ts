import { generateKeyPairSync } from 'node:crypto'
import {
  type AcceptanceCaseSnapshot,
  AcceptancePassedV1,
  AcceptanceStartedV1,
  type EventBody,
  type EventDefinition,
  ProjectRegisteredV1,
  type RegisteredFlowStep,
  StepDecidedV1,
} from '@onewindow/contracts'
import { asCaller, publishAsRelay, serviceWorld } from '@onewindow/testing'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import { createRegistration, migrationsDir, type RegistrationOptions } from '../src/index.js'

/** The registration service on a fresh schema and a test stream of its own, with a test clock and fresh keys. */
export function registrationWorld(start: string, extra: Partial<RegistrationOptions> = {}) {
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const sm2SigningKey = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString()
  return serviceWorld({
    name: 'registration',
    migrationsDir,
    start,
    create: (wiring) => createRegistration({ ...wiring, signingKey, sm2SigningKey, ...extra }),
  })
}
export type World = Awaited<ReturnType<typeof registrationWorld>>

/** Publishes a contract event on the test stream exactly as a relay would. */
export const publish = <E extends EventDefinition>(w: World, event: E, body: EventBody<E>, aggregate: string) =>
  publishAsRelay(w.nc, w.topology, event, body, { aggregate })

export async function call(w: World, method: 'GET' | 'POST', url: string, actor?: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: await asCaller('registration', actor, w.clock),
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

export const OWNER = { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' }
export const registrar = { sub: 'registrar-1', role: 'registrar' }

/** The steps of a project's flow the tests register: `land` holds a permit item, `permits` three. */
export const LAND: RegisteredFlowStep = {
  step: 'land',
  name: 'land',
  stage: 'land',
  items: ['land-planning-permit', 'enterprise-investment-filing'],
}
export const PERMITS: RegisteredFlowStep = {
  step: 'permits',
  name: 'permits',
  stage: 'permits',
  items: ['engineering-planning-permit', 'construction-drawing-review', 'construction-permit'],
}

let counter = 0
/** A Foshan project registered by intake with `flow` (both steps unless told); waits until registration knows it. */
export async function aProject(w: World, flow: RegisteredFlowStep[] = [LAND, PERMITS]): Promise<string> {
  counter += 1
  const projectId = uuidv7()
  await publish(
    w,
    ProjectRegisteredV1,
    {
      projectId,
      projectCode: `2026-440600-47-01-${String(counter).padStart(6, '0')}`,
      name: `Factory ${counter}`,
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      owner: OWNER,
      investmentFen: 100_000_000,
      registeredAt: '2026-01-05T01:00:00.000Z',
      siteAreaM2: 20_000,
      floorAreaM2: 36_500.5,
      location: `Lot ${counter}, Shunde`,
      flow,
    },
    projectId,
  )
  await expect
    .poll(async () => (await w.db.pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])).rowCount)
    .toBe(1)
  return projectId
}

/**
 * The project's `land` step approved on `decidedOn` (no tasks), as approval tells it; waits until registration holds
 * its issuing clock (行政许可法第四十四条): one row, 10 W from that day.
 */
export async function aDecidedStep(
  w: World,
  d: { applicationId: string; projectId: string; decidedAt: string; decidedOn: string },
): Promise<void> {
  await publish(
    w,
    StepDecidedV1,
    {
      applicationId: d.applicationId,
      projectId: d.projectId,
      step: 'land',
      outcome: 'approved',
      decidedAt: d.decidedAt,
      decidedOn: d.decidedOn,
      tasks: [],
    },
    d.applicationId,
  )
  await expect
    .poll(
      async () =>
        (await w.db.pool.query('SELECT clock FROM issue_clock WHERE application_id = $1', [d.applicationId])).rows,
    )
    .toEqual([{ clock: expect.objectContaining({ start: d.decidedOn, limit: { value: 10, unit: 'W' } }) }])
}

export type AcceptanceCase = Static<typeof AcceptanceCaseSnapshot>

/** Acceptance's snapshot of a joint-acceptance case for the project, opened at `openedAt`, one item pending. */
export const acceptanceCase = (
  projectId: string,
  fastTrack: boolean,
  status: AcceptanceCase['status'] = 'open',
  openedAt = '2026-03-02T02:00:00.000Z',
): AcceptanceCase => ({
  caseId: uuidv7(),
  projectId,
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  owner: OWNER,
  lead: 'housing-construction',
  status,
  items: [{ item: 'fire-acceptance-filing', department: 'housing-construction', status: 'pending', round: 0 }],
  registrationWithAcceptance: fastTrack,
  openedAt,
  version: 1,
  updatedAt: openedAt,
})

/** The same case as acceptance tells it once it passed: every item passed in round 1, with an opinion number. */
export const passedCopy = (a: AcceptanceCase): AcceptanceCase => ({
  ...a,
  status: 'passed',
  items: a.items.map((i) => ({ ...i, status: 'passed' as const, round: 1 })),
  opinionNumber: 'JYS-2026-0001',
  decidedAt: '2026-03-04T02:30:00.000Z',
  version: a.version + 3,
})

/** The registration case the service made for an acceptance case, once its consumer has run. */
export async function caseOf(w: World, acceptanceCaseId: string): Promise<string> {
  let id: string | undefined
  await expect
    .poll(async () => {
      const { rows } = await w.db.pool.query<{ id: string }>(
        'SELECT id::text FROM registration_case WHERE acceptance_case_id = $1',
        [acceptanceCaseId],
      )
      id = rows[0]?.id
      return id
    })
    .toBeDefined()
  return id as string
}

/**
 * A case of a fresh project (registered with `flow`) whose pre-survey passed and whose joint acceptance (opened at
 * `openedAt`) passes now: open, its 3 W clock from today.
 */
export async function openCase(w: World, o: { flow?: RegisteredFlowStep[]; openedAt?: string } = {}): Promise<string> {
  const projectId = await aProject(w, o.flow)
  const acceptance = acceptanceCase(projectId, false, 'open', o.openedAt)
  await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
  const caseId = await caseOf(w, acceptance.caseId)
  const passed = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
  expect(passed.status).toBe(200)
  await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance) }, acceptance.caseId)
  await expect.poll(async () => (await call(w, 'GET', `/registrations/${caseId}`)).body.case?.status).toBe('open')
  return caseId
}
