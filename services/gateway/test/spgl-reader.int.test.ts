import {
  CertificateIssuedV1,
  type EventDefinition,
  ProjectRegisteredV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockPausedV1,
  TaskDecidedV1,
} from '@onewindow/contracts'
import { applyInOrder, type StreamEvent } from '@onewindow/messaging'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPrisma, type GatewayDb } from '../src/db/client.js'
import { createExport, listExports, SPGL_READER, spglDefinition } from '../src/db/spgl.js'
import { migrationsDir } from '../src/index.js'
import { projectRegistered, signedCertificate, task } from './events.js'

// The spgl reader on the real PostgreSQL: re-delivered events and a replayed stream add no row, a refused event is
// dead-lettered without taking its batch down, and an export carries each row once, failed rows again.

let schema: TestSchema
let db: GatewayDb
beforeAll(async () => {
  schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'spgl_reader')
  db = createPrisma(schema.pool, schema.schema)
})
afterAll(async () => {
  await db?.$disconnect()
  await schema?.drop()
})

const encoder = new TextEncoder()
let seq = 0
const message = <E extends EventDefinition>(event: E, body: unknown, id = uuidv7()): StreamEvent => {
  seq += 1
  return { seq, subject: event.subject, data: encoder.encode(JSON.stringify(body)), headers: { 'ce-id': id } }
}
const apply = (batch: StreamEvent[]) => applyInOrder((run) => db.$transaction((tx) => run(tx)), spglDefinition, batch)
const rows = async () =>
  (
    await schema.pool.query<{ table_name: string; row_key: string; seq: string; fields: unknown }>(
      'SELECT table_name, row_key, seq, fields FROM spgl_row ORDER BY seq, position',
    )
  ).rows

describe('the spgl reader', () => {
  it('writes each row once: a re-sent copy of an event and a replay of the stream from the start add nothing', async () => {
    const project = projectRegistered()
    const applicationId = uuidv7()
    const t = task(project.projectId, applicationId)
    const claimed = { ...t, status: 'claimed' as const, nationalCode: 8, version: 2, updatedAt: '2026-03-02T02:00:00Z' }
    const decided = {
      ...claimed,
      status: 'approved' as const,
      nationalCode: 11,
      version: 3,
      decision: { outcome: 'approved' as const, decidedAt: '2026-03-03T02:00:00Z' },
      updatedAt: '2026-03-03T02:00:00Z',
    }
    const certificate = signedCertificate(project.projectId, { kind: 'permit', item: t.item })
    const batch = [
      message(ProjectRegisteredV1, project),
      message(TaskAssignedV1, { task: t }),
      message(TaskClaimedV1, { task: claimed }),
      // A pause for the step's consolidated notice changes no 办理状态: no row.
      message(TaskClockPausedV1, { task: claimed }),
      message(TaskDecidedV1, { task: decided }),
      message(CertificateIssuedV1, { certificate, issuedAt: '2026-03-03T03:00:00Z' }),
    ]
    const first = await apply(batch)
    expect(first.deadLetters).toEqual([])
    const written = await rows()
    const flowRows = 1 + 2 + 3 // the flow, its two stages, their three items (events.ts's flow)
    // + project, owner, handling row, 3 detail rows (3, 8, 11), the approval document
    expect(written).toHaveLength(flowRows + 2 + 1 + 3 + 1)
    const details = written.filter((r) => r.table_name === 'SPGL_XMSPSXBLXXXXB')
    expect(details.map((r) => (r.fields as { BLZT: number }).BLZT)).toEqual([3, 8, 11])
    const document = written.find((r) => r.table_name === 'SPGL_XMSPSXPFWJXXB')
    expect((document?.fields as { SPSXSLBM?: string } | undefined)?.SPSXSLBM).toBe(t.taskId)

    // The same events again, as re-sent copies: later stream sequences, the same event ids.
    const copies = batch.map((m) => {
      seq += 1
      return { ...m, seq }
    })
    expect((await apply(copies)).deadLetters).toEqual([])
    expect(await rows()).toEqual(written)

    // The stream replayed from the start (the cursor gone): nothing new either.
    await schema.pool.query('DELETE FROM read_model_cursor WHERE name = $1', [SPGL_READER])
    await apply(batch)
    expect(await rows()).toEqual(written)
  })

  it('dead-letters a task event of a project it never saw, and writes the rest of its batch', async () => {
    const before = (await rows()).length
    const stranger = task(uuidv7(), uuidv7())
    const project = projectRegistered()
    const result = await apply([message(TaskAssignedV1, { task: stranger }), message(ProjectRegisteredV1, project)])
    expect(result.deadLetters.map((d) => d.subject)).toEqual([TaskAssignedV1.subject])
    expect(result.deadLetters[0]?.error).toMatch(/no registration/)
    const after = await rows()
    expect(after.length - before).toBe(2) // the new project and its owner; its flow version is the one already written
    expect(after.some((r) => r.row_key === project.projectId)).toBe(true)
  })

  it('exports each row once from the watermark; a failed row is carried again; nothing new makes no batch', async () => {
    const all = await rows()
    const at = new Date('2026-03-04T01:00:00Z')
    const made = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), at, by: 'admin-1', since: undefined, format: 'csv' }),
    )
    expect(made?.rows.map((r) => [r.table, r.key])).toEqual(all.map((r) => [r.table_name, r.row_key]))
    expect(made?.batch.throughSeq).toBe(Math.max(...all.map((r) => Number(r.seq))))
    const counts: Record<string, number> = {}
    for (const r of all) counts[r.table_name] = (counts[r.table_name] ?? 0) + 1
    expect(Object.fromEntries(Object.entries(made?.batch.counts ?? {}).filter(([, n]) => n > 0))).toEqual(counts)

    const again = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), at, by: 'admin-1', since: 0, format: 'csv' }),
    )
    expect(again).toBeUndefined()

    const failed = all[0]
    await schema.pool.query(`UPDATE spgl_row SET upload_status = 'failed' WHERE table_name = $1 AND row_key = $2`, [
      failed?.table_name,
      failed?.row_key,
    ])
    const retried = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), at, by: 'admin-1', since: undefined, format: 'json' }),
    )
    expect(retried?.rows.map((r) => r.key)).toEqual([failed?.row_key])
    expect(retried?.batch.throughSeq).toBe(made?.batch.throughSeq)
    const listed = await db.$transaction((tx) => listExports(tx, 10))
    expect(listed.pending).toBe(0)
    expect(listed.batches.map((b) => b.rowCount)).toEqual([1, all.length])
    const contained = await schema.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM spgl_batch_row WHERE batch_id = $1',
      [made?.batch.id],
    )
    expect(contained.rows[0]?.n).toBe(all.length)
  })
})
