import { ApplicationAcceptedV1, type EventBody, type EventDefinition } from '@onewindow/contracts'
import { asCaller, passesOf, publishAsRelay, serviceWorld } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import { createApproval, migrationsDir } from '../src/index.js'

/**
 * The approval service on a fresh schema and a test stream of its own, with a test clock. `restart()` closes the
 * app and creates it again on the same schema, as a redeploy would.
 */
/** The approval service on a schema of its own, its scanner every 20 ms unless `scanEveryMs` says (an hour: by hand). */
export const approvalWorld = (start: string, extra: { supplementRounds?: number; scanEveryMs?: number } = {}) =>
  serviceWorld({
    name: 'approval',
    migrationsDir,
    start,
    create: (wiring) => createApproval({ ...wiring, scanEveryMs: 20, ...extra }),
  })
export type World = Awaited<ReturnType<typeof approvalWorld>>

/** Waits for `n` whole scanner passes that began after this call (woken as it polls; it also runs every 20 ms). */
export const scansPass = (w: World, n = 1): Promise<void> => passesOf(w.app.scanner, n)

/**
 * Sets the clock for a new test and waits for a pass that began after it: a pass that read the clock of the test
 * before (a later day) may still be walking the tasks, and would judge a task created now by that day.
 */
export const startAt = async (w: World, iso: string): Promise<void> => {
  w.clock.set(iso)
  await scansPass(w)
}

/** Publishes an acceptance on the test stream exactly as intake's relay would. */
export const publishAccepted = async (w: World, body: ApplicationAcceptedV1): Promise<void> => {
  await publishAsRelay(w.nc, w.topology, ApplicationAcceptedV1, body, {
    aggregate: body.applicationId,
    source: 'intake',
  })
}

let counter = 0
/** An acceptance of `departments.length` items, one per department, committed limit 5 W by default, 专家评审 allowed. */
export function anAcceptance(
  acceptedOn: string,
  departments: string[],
  over: Partial<ApplicationAcceptedV1> = {},
): ApplicationAcceptedV1 {
  counter += 1
  return {
    applicationId: uuidv7(),
    projectId: uuidv7(),
    projectCode: `2026-441500-47-01-${String(counter).padStart(6, '0')}`,
    stage: 'construction-permit',
    catalogueVersion: 'test',
    acceptedAt: `${acceptedOn}T01:00:00.000Z`,
    acceptedOn,
    withDeficiencies: false,
    step: 'S2',
    region: '441500',
    items: departments.map((department, i) => ({
      item: `item-${i + 1}`,
      department,
      statutoryLimit: { value: 20, unit: 'W' as const },
      committedLimit: { value: 5, unit: 'W' as const },
      // The catalogue's permits allow 专家评审 (行政许可法第四十五条); a kind not listed is refused.
      specialProcedures: [{ kind: 'expert-review' as const }],
    })),
    ...over,
  }
}

export type TaskRow = { id: string; department: string; status: string; national_code: number }

/** Publishes an acceptance and waits until its tasks are in the database. */
export async function accept(w: World, body: ApplicationAcceptedV1): Promise<TaskRow[]> {
  await publishAccepted(w, body)
  let rows: TaskRow[] = []
  await expect
    .poll(async () => {
      rows = (
        await w.db.pool.query<TaskRow>(
          'SELECT id::text, department, status, national_code FROM task WHERE application_id = $1 ORDER BY department',
          [body.applicationId],
        )
      ).rows
      return rows.length
    })
    .toBe(body.items.length)
  return rows
}

export const reviewerOf = (department: string) => ({ sub: `reviewer-${department}`, role: 'reviewer', department })

/** A request to the service as `actor`, with its status, body and headers. */
export async function call(w: World, method: 'GET' | 'POST', url: string, actor: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: await asCaller('approval', actor, w.clock),
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}

export const act = (w: World, task: { id: string; department: string }, body: object, actor?: object) =>
  call(w, 'POST', `/tasks/${task.id}/actions`, actor ?? reviewerOf(task.department), body)

export const answer = (
  w: World,
  applicationId: string,
  body: object,
  actor: object = { sub: 'owner-1', role: 'owner' },
) => call(w, 'POST', `/applications/${applicationId}/supplement-answers`, actor, body)

/** Bodies of the outbox rows on one subject (what the service committed to publish). */
export async function outboxBodies<E extends EventDefinition>(w: World, event: E): Promise<Array<EventBody<E>>> {
  const { rows } = await w.db.pool.query<{ payload: EventBody<E> }>(
    'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
    [event.subject],
  )
  return rows.map((r) => r.payload)
}

export { published } from '@onewindow/testing'
