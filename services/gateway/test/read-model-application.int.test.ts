import {
  ApplicationAcceptedV1,
  type EventDefinition,
  ProjectRegisteredV1,
  StepClocksChangedV1,
  StepClockWarnedV1,
  TaskAssignedV1,
  TaskClaimedV1,
} from '@onewindow/contracts'
import { applyInOrder, pgTransaction, type StreamEvent } from '@onewindow/messaging'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import { defaultCalendar } from '@onewindow/workdays'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readModelDefinition } from '../src/commands.js'
import { createPrisma, type GatewayDb, type Tx } from '../src/db/client.js'
import { migrationsDir } from '../src/index.js'
import { applicationAccepted, projectRegistered, task } from './events.js'

// A step's clock events touch only the application row and the timeline, and a day's clock move brings them by the
// hundred (approval's sweep on a due day): each must cost what a task event costs, one statement for its rows. With
// Prisma's upsert a clock change cost one statement more and an alert five more, and on the loaded test machine the
// read model fell a minute behind the stream, the inbox showing a task 补正-requested long after approval had resumed
// it (e2e/test/supervision-stats.e2e.test.ts). The row keeps what an event does not carry.

let schema: TestSchema
let db: GatewayDb
beforeAll(async () => {
  schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'application_upsert')
  db = createPrisma(schema.pool, schema.schema)
})
afterAll(async () => {
  await db?.$disconnect()
  await schema?.drop()
})

const encoder = new TextEncoder()
let seq = 0
const message = <E extends EventDefinition>(event: E, body: unknown): StreamEvent => {
  seq += 1
  return { seq, subject: event.subject, data: encoder.encode(JSON.stringify(body)), headers: { 'ce-id': uuidv7() } }
}

/**
 * Applies one batch as the gateway does (the production runner, whose Prisma calls run on the same connection),
 * counting every statement that connection sends: the pool's own `connect`, watched for the call.
 */
async function apply(batch: StreamEvent[]): Promise<number> {
  let statements = 0
  const pool = schema.pool
  const connect = pool.connect as () => Promise<pg.PoolClient>
  pool.connect = (async () => {
    const client = await connect.call(pool)
    const query = client.query
    client.query = ((...args: unknown[]) => {
      statements += 1
      return (query as (...a: unknown[]) => unknown).apply(client, args)
    }) as typeof client.query
    const release = client.release
    client.release = ((...args: unknown[]) => {
      client.query = query
      client.release = release
      return (release as (...a: unknown[]) => unknown).apply(client, args)
    }) as typeof client.release
    return client
  }) as typeof pool.connect
  try {
    const result = await applyInOrder(
      pgTransaction<Tx>(pool, db),
      readModelDefinition({ current: defaultCalendar }),
      batch,
    )
    expect(result.deadLetters).toEqual([])
  } finally {
    pool.connect = connect as typeof pool.connect
  }
  return statements
}

const stepClocks = {
  statutory: {
    limit: { value: 45, unit: 'W' as const },
    start: '2026-03-02',
    extensionAllowed: { value: 15, unit: 'W' as const },
    suspensions: [],
  },
  committed: {
    limit: { value: 4, unit: 'W' as const },
    start: '2026-03-02',
    suspensions: [
      { id: 'n-1', kind: 'supplement' as const, from: '2026-03-04', to: '2026-03-05', legalBasis: '补正告知' },
    ],
  },
}

describe("a step's clock events in the read model", () => {
  it('write the application row in the statement of their timeline entry, keeping what they do not carry', async () => {
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId)
    const t = task(project.projectId, application.applicationId)
    await apply([
      message(ProjectRegisteredV1, project),
      message(ApplicationAcceptedV1, application),
      message(TaskAssignedV1, { task: t }),
    ])
    const versionOf = async () =>
      (
        await schema.pool.query<{ version: string }>('SELECT version FROM answer_version WHERE scope = $1', [
          `project:${project.projectId}`,
        ])
      ).rows[0]?.version

    // The yardstick: a task event, one snapshot and one timeline entry.
    const claimed = { ...t, status: 'claimed' as const, nationalCode: 8, version: 2, updatedAt: '2026-03-03T02:00:00Z' }
    const taskEvent = await apply([message(TaskClaimedV1, { task: claimed, actor: 'reviewer:r1' })])

    const changed = await apply([
      message(StepClocksChangedV1, {
        applicationId: application.applicationId,
        projectId: project.projectId,
        step: application.step,
        clocks: stepClocks,
        dueOn: '2026-03-10',
        reason: 'resumed',
        changedAt: '2026-03-05T02:00:00.000Z',
      }),
    ])
    expect(changed).toBe(taskEvent)

    // A step clock alert carries nothing of the row, yet touches it: the project's answers are built again.
    const before = await versionOf()
    const warned = await apply([
      message(StepClockWarnedV1, {
        applicationId: application.applicationId,
        projectId: project.projectId,
        step: application.step,
        clock: 'committed',
        dueOn: '2026-03-10',
        detectedOn: '2026-03-09',
        detectedAt: '2026-03-09T01:00:00.000Z',
        used: 4,
        gross: 6,
        limit: 4,
      }),
    ])
    expect(warned).toBe(taskEvent)
    expect(Number(await versionOf())).toBeGreaterThan(Number(before))

    const row = await db.application.findUniqueOrThrow({ where: { id: application.applicationId } })
    expect(row).toMatchObject({
      projectId: project.projectId,
      step: application.step,
      stepName: application.stepName,
      stage: application.stage,
      receiptNumber: application.receiptNumber,
      withDeficiencies: false,
      ownerCreditCode: application.ownerCreditCode,
      items: application.items,
      acceptedAt: new Date(application.acceptedAt),
      acceptedOn: new Date(`${application.acceptedOn}T00:00:00Z`),
      decision: null,
      certificateReleasedAt: null,
      stepClocks,
    })
  })
})
