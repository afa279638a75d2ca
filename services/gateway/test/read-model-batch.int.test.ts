import {
  ApplicationAcceptedV1,
  type EventDefinition,
  ProjectRegisteredV1,
  StepDecidedV1,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockWarnedV1,
  TaskDecidedV1,
} from '@onewindow/contracts'
import { applyInOrder, type StreamEvent } from '@onewindow/messaging'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import { defaultCalendar } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readModelDefinition } from '../src/commands.js'
import { createPrisma, type GatewayDb, type Tx } from '../src/db/client.js'
import { migrationsDir } from '../src/index.js'
import { applicationAccepted, projectRegistered, stepDecided, task, warned } from './events.js'

// Issue 11: the reader writes a batch's events together (a step's N task events in one statement). What it writes
// must be exactly what applying each event alone writes, in every table, whatever mix of events and versions the
// batch holds; only the number of statements may differ.

let together: { schema: TestSchema; db: GatewayDb }
let alone: { schema: TestSchema; db: GatewayDb }
beforeAll(async () => {
  const make = async (label: string) => {
    const schema = await createTestSchema(inject('databaseUrl'), migrationsDir, label)
    return { schema, db: createPrisma(schema.pool, schema.schema) }
  }
  together = await make('batch_together')
  alone = await make('batch_alone')
})
afterAll(async () => {
  for (const s of [together, alone]) {
    await s?.db.$disconnect()
    await s?.schema.drop()
  }
})

const encoder = new TextEncoder()
let seq = 0
const message = <E extends EventDefinition>(event: E, body: unknown): StreamEvent => {
  seq += 1
  return { seq, subject: event.subject, data: encoder.encode(JSON.stringify(body)), headers: { 'ce-id': uuidv7() } }
}

/** Counts the statements a transaction client sends, passing every call on to the real one. */
function counted(tx: Tx, statements: { n: number }): Tx {
  return new Proxy(tx, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (key === '$executeRaw' || key === '$queryRaw') statements.n += 1
        return value.apply(target, args)
      }
    },
  })
}

/** Every table the task events write, as JSON, in a stable order. */
const tables = (s: TestSchema) =>
  Promise.all(
    // The live stream's changes too, but for the instant each was recorded.
    // The supervision roll-up the task rows' triggers keep (migration 20261204010000_decided_figures_rollup) as well,
    // and the 风险信号 raised (but for their serial id, which counts in the order the statements ran).
    [
      'task',
      'timeline_entry',
      'clock_alert',
      'application',
      'project',
      'change',
      'decided_figures_rollup',
      'signal',
    ].map(async (table) => {
      const row = table === 'signal' ? `to_jsonb(t) - 'at' - 'id'` : `to_jsonb(t) - 'at'`
      return (await s.pool.query(`SELECT ${row} AS row FROM ${table} t ORDER BY (${row})::text`)).rows
    }),
  )

describe('a batch of the read model written together', () => {
  it('writes exactly what its events write one by one, task snapshots newest-version-wins, in fewer statements', async () => {
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId)
    const [t1, t2, t3, t4] = ['a', 'b', 'c', 'd'].map((d) =>
      task(project.projectId, application.applicationId, { department: `dept-${d}` }),
    ) as [ReturnType<typeof task>, ReturnType<typeof task>, ReturnType<typeof task>, ReturnType<typeof task>]
    const claimed = {
      ...t1,
      status: 'claimed' as const,
      nationalCode: 8,
      version: 2,
      updatedAt: '2026-03-02T02:00:00Z',
    }
    // t4 is decided on Tuesday 10 March, two working days past its committed due date (Friday 6 March): a 风险信号.
    const decided = (t: typeof t1) => {
      const at = t === t4 ? '2026-03-10T02:00:00Z' : '2026-03-04T02:00:00Z'
      return {
        ...t,
        status: 'approved' as const,
        nationalCode: 12,
        version: 3,
        decision: { outcome: 'approved' as const, decidedAt: at },
        updatedAt: at,
      }
    }
    const batch = [
      message(ProjectRegisteredV1, project),
      message(ApplicationAcceptedV1, application),
      ...[t1, t2, t3, t4].map((t) => message(TaskAssignedV1, { task: t })),
      // A second event of t1 in the same batch, then an older one (a replay), which must change nothing.
      message(TaskClaimedV1, { task: claimed, actor: 'reviewer:r1' }),
      message(TaskAssignedV1, { task: t1 }),
      message(TaskClockWarnedV1, warned(t2)),
      ...[t1, t2, t3, t4].map((t) => message(TaskDecidedV1, { task: decided(t) })),
      // Checks its tasks are decided: applied alone, after the run of decisions before it.
      message(StepDecidedV1, {
        ...stepDecided(t1),
        tasks: [t1, t2, t3, t4].map((t) => ({
          taskId: t.taskId,
          item: t.item,
          department: t.department,
          outcome: 'approved',
        })),
      }),
    ]

    const inOne = { n: 0 }
    const result = await applyInOrder(
      (apply) => together.db.$transaction((tx) => apply(counted(tx, inOne))),
      readModelDefinition({ current: defaultCalendar }),
      batch,
    )
    expect(result).toMatchObject({ applied: batch.length, deadLetters: [] })

    const oneByOne = { n: 0 }
    const { applyTogether: _, ...byHandlers } = readModelDefinition({ current: defaultCalendar })
    for (const m of batch) {
      const r = await applyInOrder((apply) => alone.db.$transaction((tx) => apply(counted(tx, oneByOne))), byHandlers, [
        m,
      ])
      expect(r.deadLetters).toEqual([])
    }

    const [a, b] = [await tables(together.schema), await tables(alone.schema)]
    expect(a).toEqual(b)
    // The roll-up kept through the batch (a replayed older snapshot included) is what its rebuild computes from the
    // task rows: the four decisions of 4 and 10 March, each counted once in its day row and its month row, under its region
    // and under '*' (every region).
    const rollup = a[6] as Array<{ row: { span: string; region: string; decided: number } }>
    for (const span of ['day', 'month'])
      for (const all of [true, false])
        expect(
          rollup
            .filter((r) => r.row.span === span && (r.row.region === '*') === all)
            .reduce((n, r) => n + r.row.decided, 0),
        ).toBe(4)
    await together.schema.pool.query('SELECT decided_figures_rollup_rebuild()')
    expect((await tables(together.schema))[6]).toEqual(rollup)
    const [tasks, timeline] = a as [Array<{ row: { id: string; version: number; status: string } }>, unknown[]]
    expect(tasks.map((r) => r.row.version)).toEqual([3, 3, 3, 3])
    expect(timeline).toHaveLength(batch.length)
    // Statements besides the one of every batch (the cursor locked and moved past it): the four task.assigned are one
    // statement instead of four, the four task.decided another, the live stream's changes and the signals ride with
    // the batch's last statement (the step decision's) instead of a statement each per event; the rest as before.
    const writes = (statements: { n: number }, batches: number) => statements.n - batches
    // One by one, each event that raised a signal sent a statement for it.
    const signals = a[7] as Array<{ row: { event_id: string; kind: string; task_id: string } }>
    expect(signals.map((r) => [r.row.kind, r.row.task_id])).toEqual([['decided-overdue', t4.taskId]])
    const signalled = new Set(signals.map((r) => r.row.event_id)).size
    expect(writes(inOne, 1)).toBe(writes(oneByOne, batch.length) - 6 - batch.length - signalled)
  })
})

// A step's assignments arrive as one event (`StepTasksAssignedV1`) since approval stopped publishing one
// `task.assigned` per task; both stay readable. Whether in a batch or by its handler, the one event must leave the rows
// its N `task.assigned` left — every task, timeline entry, application, project and roll-up row — but for what names
// the event (each entry's key is its task, its subject the step's event) and the live stream, told once.
describe("a step's assignments in one event", () => {
  const schemas: Array<{ schema: TestSchema; db: GatewayDb }> = []
  afterAll(async () => {
    for (const s of schemas) {
      await s.db.$disconnect()
      await s.schema.drop()
    }
  })

  it('write what their task.assigned wrote, in a batch and by the handler alone, and one change for the four departments', async () => {
    const make = async (label: string) => {
      const schema = await createTestSchema(inject('databaseUrl'), migrationsDir, label)
      const made = { schema, db: createPrisma(schema.pool, schema.schema) }
      schemas.push(made)
      return made
    }
    const [perTask, inBatch, byHandler] = [
      await make('assigned_per_task'),
      await make('assigned_batch'),
      await make('assigned_alone'),
    ]
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId)
    const tasks = ['a', 'b', 'c', 'd'].map((d) =>
      task(project.projectId, application.applicationId, { department: `dept-${d}`, lead: 'dept-a' }),
    )
    const claimed = {
      ...tasks[1],
      status: 'claimed' as const,
      nationalCode: 8,
      version: 2,
      updatedAt: '2026-03-02T02:00:00Z',
    }
    const before = [message(ProjectRegisteredV1, project), message(ApplicationAcceptedV1, application)]
    const after = [message(TaskClaimedV1, { task: claimed, actor: 'reviewer:r1' })]
    const stepEvent = message(StepTasksAssignedV1, {
      applicationId: application.applicationId,
      projectId: project.projectId,
      tasks,
    })
    const definition = readModelDefinition({ current: defaultCalendar })
    const { applyTogether: _, ...handlers } = definition
    const apply = async (s: { db: GatewayDb }, messages: StreamEvent[], d = definition) => {
      const r = await applyInOrder((run) => s.db.$transaction((tx) => run(tx)), d, messages)
      expect(r.deadLetters).toEqual([])
    }
    await apply(perTask, [...before, ...tasks.map((t) => message(TaskAssignedV1, { task: t })), ...after])
    await apply(inBatch, [...before, stepEvent, ...after])
    for (const m of [...before, stepEvent, ...after]) await apply(byHandler, [m], handlers)

    const rows = (s: TestSchema) =>
      Promise.all(
        ['task', 'application', 'project', 'decided_figures_rollup'].map(
          async (table) =>
            (await s.pool.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY (to_jsonb(t))::text`)).rows,
        ),
      )
    const entries = async (s: TestSchema) =>
      (
        await s.pool.query<{ event_id: string; subject: string; rest: unknown }>(
          `SELECT event_id::text, subject, to_jsonb(t) - 'event_id' - 'subject' AS rest FROM timeline_entry t
            ORDER BY (to_jsonb(t) - 'event_id' - 'subject')::text`,
        )
      ).rows
    const expected = await rows(perTask.schema)
    expect(expected[0]).toHaveLength(4)
    const expectedEntries = await entries(perTask.schema)
    for (const s of [inBatch, byHandler]) {
      expect(await rows(s.schema)).toEqual(expected)
      const got = await entries(s.schema)
      expect(got.map((e) => e.rest)).toEqual(expectedEntries.map((e) => e.rest))
      // The four assignments' entries keyed by their tasks, their subject the step's event; the rest as before.
      const assignments = got.filter((e) => e.subject === StepTasksAssignedV1.subject).map((e) => e.event_id)
      expect(assignments.sort()).toEqual(tasks.map((t) => t.taskId).sort())
      expect(got.filter((e) => e.subject !== StepTasksAssignedV1.subject).map((e) => e.subject)).toEqual(
        expectedEntries.filter((e) => e.subject !== TaskAssignedV1.subject).map((e) => e.subject),
      )
      const changes = await s.schema.pool.query(
        `SELECT event_id::text, kind, event, task_id, department, lead, parties FROM change WHERE id = $1`,
        [stepEvent.seq],
      )
      expect(changes.rows).toEqual([
        {
          event_id: stepEvent.headers['ce-id'],
          kind: 'task.assigned',
          event: 'task',
          task_id: null,
          department: null,
          lead: 'dept-a',
          parties: ['dept-a', 'dept-b', 'dept-c', 'dept-d'],
        },
      ])
    }
  })
})
