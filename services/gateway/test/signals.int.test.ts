import {
  ApplicationAcceptedV1,
  ProjectRegisteredV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskDecidedV1,
  TaskSupplementRequestedV1,
} from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { createTestSchema } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { listSignals } from '../src/db/signals.js'
import { migrationsDir } from '../src/index.js'
import { applicationAccepted, projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// The signals' key is the occurrence, not the event: an event delivered again (a producer's retry past JetStream's
// duplicate window arrives under a new event id; a replayed dead letter under its own) raises nothing twice.
let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const supervisor = () => w.token({ role: 'supervisor' })
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
const signalsOf = async (projectId: string): Promise<any[]> => {
  const res = await w.api('GET', '/api/v1/supervision/signals?limit=200', supervisor())
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
  return res.body.signals.filter((s: any) => s.projectId === projectId)
}
/** Waits until the read model has applied the task's version `version` (every event before it is applied too). */
const applied = async (projectId: string, taskId: string, version: number) =>
  expect
    .poll(async () => {
      const res = await w.api('GET', `/api/v1/projects/${projectId}/status`, supervisor())
      // biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
      return res.status === 200 && res.body.tasks.some((t: any) => t.taskId === taskId && t.version >= version)
    })
    .toBe(true)

describe('风险信号 once per occurrence', () => {
  it('an event delivered twice, and another event of the same occurrence, raise each signal once', async () => {
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId)
    // Committed 4 W from Monday 2 March; round 2 asked on Tuesday 10 March, round 1 having paused 4 March.
    const assigned = task(project.projectId, application.applicationId)
    const round2 = {
      ...assigned,
      status: 'supplement-requested' as const,
      nationalCode: 7,
      version: 2,
      supplementRoundsUsed: 2,
      clocks: {
        committed: {
          limit: { value: 4, unit: 'W' as const },
          start: '2026-03-02',
          suspensions: [
            { kind: 'supplement' as const, from: '2026-03-04', to: '2026-03-04' },
            { kind: 'supplement' as const, from: '2026-03-10' },
          ],
        },
      },
      updatedAt: '2026-03-10T02:00:00Z',
    }
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    await w.publish(TaskAssignedV1, { task: assigned })
    await w.publish(TaskSupplementRequestedV1, { task: round2 })
    // The same request again, as a second delivery under a new event id, in another batch.
    await w.publish(TaskSupplementRequestedV1, { task: round2 })
    const decided = {
      ...round2,
      status: 'approved' as const,
      nationalCode: 12,
      version: 3,
      clocks: {
        committed: {
          ...round2.clocks.committed,
          suspensions: [
            { kind: 'supplement' as const, from: '2026-03-04', to: '2026-03-04' },
            { kind: 'supplement' as const, from: '2026-03-10', to: '2026-03-10' },
          ],
        },
      },
      decision: { outcome: 'approved' as const, decidedAt: '2026-03-11T02:00:00Z' },
      updatedAt: '2026-03-11T02:00:00Z',
    }
    // Twice in one batch, too: one statement, one row.
    await w.publish(TaskDecidedV1, { task: decided }, { task: decided })
    const later = { ...decided, version: 4, updatedAt: '2026-03-11T03:00:00Z' }
    await w.publish(TaskClaimedV1, { task: later })
    await applied(project.projectId, assigned.taskId, 4)

    const signals = await signalsOf(project.projectId)
    expect(signals.map((s) => `${s.kind}#${s.ordinal}`).sort()).toEqual([
      'decided-overdue#1',
      'late-supplement#2',
      'repeated-supplement#2',
    ])
    // The timeline shows the deliveries; the signals do not.
    const status = (await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor())).body
    expect(
      // biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
      status.timeline.filter((e: any) => e.type === 'task.supplement-requested').length,
    ).toBe(2)
  })
})

describe('signal rows under row-level security', () => {
  it('lists a stored row whose evidence is not as the schema says, with the fields that are', async () => {
    const project = '01890000-0000-7000-8000-0000000000f1'
    const insert = (kind: string, subject: string, evidence: string) =>
      w.db.pool.query(
        `INSERT INTO signal (kind, subject_id, ordinal, event_id, project_id, application_id, task_id, department, item,
                             raised_on, raised_at, evidence)
         VALUES ($1, $2, 1, $2, $3, $2, $2, 'fire-rescue', 'fire-design-review', '2026-03-10', '2026-03-10T02:00:00Z',
                 $4::jsonb)`,
        [kind, subject, project, evidence],
      )
    // The kind is held by the table's CHECK; the evidence is jsonb, whatever was written.
    await insert(
      'repeated-supplement',
      '01890000-0000-7000-8000-0000000000f3',
      '{"rounds": "two", "share": "most", "step": "s1", "limit": {"value": "x"}, "dueOn": "2026-03-20", "extra": 1}',
    )
    await insert('late-supplement', '01890000-0000-7000-8000-0000000000f4', '[1, 2]')
    const listed = await signalsOf(project)
    expect(listed.map((s) => s.kind).sort()).toEqual(['late-supplement', 'repeated-supplement'])
    expect(listed.find((s) => s.kind === 'repeated-supplement')?.evidence).toEqual({ step: 's1', dueOn: '2026-03-20' })
    expect(listed.find((s) => s.kind === 'late-supplement')?.evidence).toEqual({})
  })

  it('leaves out a stored row with no real day or instant and names it; the rows beside it answer', async () => {
    const project = '01890000-0000-7000-8000-0000000000e1'
    const insert = (subject: string, raisedOn: string, raisedAt: string) =>
      w.db.pool.query(
        `INSERT INTO signal (kind, subject_id, ordinal, event_id, project_id, application_id, task_id, department, item,
                             raised_on, raised_at, evidence)
         VALUES ('late-supplement', $1, 1, $1, $2, $1, $1, 'fire-rescue', 'fire-design-review', $3::date,
                 $4::timestamptz, '{}')`,
        [subject, project, raisedOn, raisedAt],
      )
    const good = '01890000-0000-7000-8000-0000000000e2'
    const noInstant = '01890000-0000-7000-8000-0000000000e3'
    const noDay = '01890000-0000-7000-8000-0000000000e4'
    await insert(good, '2026-03-11', '2026-03-11T02:00:00Z')
    // 'infinity' is a timestamptz and a date PostgreSQL takes; pg reads the instant as a number, not a Date.
    await insert(noInstant, '2026-03-11', 'infinity')
    await insert(noDay, 'infinity', '2026-03-11T02:00:00Z')
    const res = await w.api('GET', '/api/v1/supervision/signals?limit=200', supervisor())
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    type Listed = { projectId: string; taskId: string | null }
    type Named = { kind: string; id: string; reason: string; department?: string }
    const mine = (res.body.signals as Listed[]).filter((s) => s.projectId === project)
    expect(mine.map((s) => s.taskId)).toEqual([good])
    const ids = await w.db.pool.query<{ id: string; subject: string }>(
      'SELECT id::text, subject_id::text AS subject FROM signal WHERE project_id = $1',
      [project],
    )
    const idOf = (subject: string) => ids.rows.find((r) => r.subject === subject)?.id
    const named = (res.body.unreadable as Named[]).filter((u) => u.kind === 'signal')
    expect(named.map((u) => [u.id, u.department]).sort()).toEqual(
      [
        [idOf(noInstant), 'fire-rescue'],
        [idOf(noDay), 'fire-rescue'],
      ].sort(),
    )
    expect(named.find((u) => u.id === idOf(noInstant))?.reason).toMatch(/^\/raisedAt /)
    expect(named.find((u) => u.id === idOf(noDay))?.reason).toMatch(/^\/raisedOn /)
    await w.db.pool.query('DELETE FROM signal WHERE project_id = $1', [project])
  })

  it('are read by a supervisor, never by a reviewer of the department, its lead or the project’s owner', async () => {
    const schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'signals_rls', { reader: true })
    const reader = createPool(schema.readerUrl as string, 1).pool
    try {
      await schema.pool.query(
        `INSERT INTO signal (kind, subject_id, ordinal, event_id, project_id, application_id, task_id, department, item,
                             raised_on, raised_at, evidence)
         VALUES ('repeated-supplement', $1, 2, $2, $3, $4, $1, 'fire-rescue', 'fire-design-review', '2026-03-10',
                 '2026-03-10T02:00:00Z', '{"rounds": 2}')`,
        [
          '01890000-0000-7000-8000-000000000011',
          '01890000-0000-7000-8000-000000000012',
          '01890000-0000-7000-8000-000000000013',
          '01890000-0000-7000-8000-000000000014',
        ],
      )
      const read = async (caller: Parameters<typeof listSignals>[1]) =>
        (await listSignals(reader, caller, { limit: 10 })).map((r) => r.kind)
      expect(await read({ role: 'supervisor' })).toEqual(['repeated-supplement'])
      expect(await read({ role: 'reviewer', department: 'fire-rescue' })).toEqual([])
      expect(await read({ role: 'lead', department: 'fire-rescue' })).toEqual([])
      expect(await read({ role: 'owner', creditCode: '91441500MA51XY201H' })).toEqual([])
    } finally {
      await reader.end()
      await schema.drop()
    }
  })
})
