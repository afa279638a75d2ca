import {
  AcceptanceClockWarnedV1,
  AcceptanceFailedV1,
  AcceptanceFilingIssuedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceRectificationSubmittedV1,
  AcceptanceResultRecordedV1,
  AcceptanceStartedV1,
  CertificateIssuedV1,
  type EventDefinition,
  ProjectRegisteredV1,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockPausedV1,
  TaskDecidedV1,
  type UtilityRequestAdvancedBody,
  UtilityRequestAdvancedV1,
} from '@onewindow/contracts'
import { applyInOrder, type StreamEvent } from '@onewindow/messaging'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPrisma, type GatewayDb } from '../src/db/client.js'
import { createExport, listExports, REFUSED_ROW_MAX, SPGL_READER, spglDefinition } from '../src/db/spgl.js'
import { migrationsDir } from '../src/index.js'
import { acceptanceCase, projectRegistered, signedCertificate, task, utilityRequest } from './events.js'

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
/**
 * A reader over `database` whose statements are counted (`$queryRaw` and `$executeRaw`, the only ones the reader
 * issues): the cursor's is one.
 */
const statementsCounted = (database: GatewayDb, definition: typeof spglDefinition) => {
  let statements = 0
  const counted = <T extends object>(tx: T): T =>
    new Proxy(tx, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target)
        if (property !== '$queryRaw' && property !== '$executeRaw') return value
        return (...args: unknown[]) => {
          statements += 1
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  return {
    apply: (batch: StreamEvent[]) =>
      applyInOrder((run) => database.$transaction((tx) => run(counted(tx))), definition, batch),
    statements: () => statements,
  }
}
/** The reader's handlers alone, without `applyTogether`: what a batch written together must equal. */
const handlersOnly = { ...spglDefinition, applyTogether: undefined }

/** A migrated schema of its own for the same events applied another way, dropped after `run`. */
async function inSchemaOfItsOwn(name: string, run: (alone: TestSchema, aloneDb: GatewayDb) => Promise<void>) {
  const alone = await createTestSchema(inject('databaseUrl'), migrationsDir, name)
  const aloneDb = createPrisma(alone.pool, alone.schema)
  try {
    await run(alone, aloneDb)
  } finally {
    await aloneDb.$disconnect()
    await alone.drop()
  }
}

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
    // The flow, its two stages, their three items and the joint acceptance step's own item (events.ts's flow).
    const flowRows = 1 + 2 + 3 + 1
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

  it("links a phase's permit to its own phase's task, though the next phase's task came after it (分阶段办理)", async () => {
    const project = projectRegistered()
    const phaseOf = (code: string, name: string, number: number) => ({ code, name, number, count: 4 })
    const first = phaseOf('foundation-pit', '基坑围护', 1)
    const second = phaseOf('below-base-slab', '主体工程底板以下', 2)
    const one = task(project.projectId, uuidv7(), { step: 'construction-permit', phase: first })
    const two = task(project.projectId, uuidv7(), { step: 'construction-permit', phase: second })
    const permit = (phase: typeof first) =>
      signedCertificate(project.projectId, { kind: 'permit', title: '建筑工程施工许可证', item: one.item, phase })
    // Phase 2 applied for and assigned before phase 1's permit was issued: the newest task of the item is phase 2's.
    for (const batch of [
      [message(ProjectRegisteredV1, project), message(TaskAssignedV1, { task: one })],
      [message(TaskAssignedV1, { task: two })],
      [message(CertificateIssuedV1, { certificate: permit(first), issuedAt: '2026-03-05T03:00:00Z' })],
      [message(CertificateIssuedV1, { certificate: permit(second), issuedAt: '2026-03-12T03:00:00Z' })],
    ])
      expect((await apply(batch)).deadLetters).toEqual([])
    const documents = (await rows())
      .filter((r) => r.table_name === 'SPGL_XMSPSXPFWJXXB')
      .map((r) => r.fields as Record<string, unknown>)
      .filter((f) => f['X_PHASE_CODE'] !== undefined && f['X_PHASE_CODE'] !== null)
      .slice(-2)
    expect(documents.map((f) => [f['SPSXSLBM'], f['X_PHASE_NUMBER'], f['PFWJBT']])).toEqual([
      [one.taskId, 1, '建筑工程施工许可证（第 1 阶段 / 共 4 阶段：基坑围护）'],
      [two.taskId, 2, '建筑工程施工许可证（第 2 阶段 / 共 4 阶段：主体工程底板以下）'],
    ])
  })

  it('writes a batch in a few statements, with exactly the rows its events write one by one', async () => {
    // The same messages to a second schema through the handlers alone (no applyTogether): the rows must be the same.
    const oneByOne = await createTestSchema(inject('databaseUrl'), migrationsDir, 'spgl_reader_one_by_one')
    const oneByOneDb = createPrisma(oneByOne.pool, oneByOne.schema)
    try {
      const known = projectRegistered()
      const registeredInBatch = projectRegistered()
      const tasks = Array.from({ length: 16 }, (_, i) =>
        task(known.projectId, uuidv7(), {
          department: `department-${i}`,
          item: i === 0 ? 'construction-permit' : `item-${i}`,
        }),
      )
      const first = [message(ProjectRegisteredV1, known)]
      const second = [
        ...tasks.map((t) => message(TaskAssignedV1, { task: t })),
        message(ProjectRegisteredV1, registeredInBatch),
        message(TaskAssignedV1, { task: task(registeredInBatch.projectId, uuidv7()) }),
        message(CertificateIssuedV1, {
          certificate: signedCertificate(known.projectId, { kind: 'permit', item: 'construction-permit' }),
          issuedAt: '2026-03-03T03:00:00Z',
        }),
        message(TaskClaimedV1, { task: { ...tasks[1], status: 'claimed', nationalCode: 8, version: 2 } }),
      ]
      let statements = 0
      const counted = (tx: object) =>
        new Proxy(tx, {
          get: (target, property) => {
            const value = Reflect.get(target, property, target)
            if (property !== '$queryRaw' && property !== '$executeRaw') return value
            return (...args: unknown[]) => {
              statements += 1
              return (value as (...a: unknown[]) => unknown).apply(target, args)
            }
          },
        })
      const together = (batch: StreamEvent[]) =>
        applyInOrder((run) => db.$transaction((tx) => run(counted(tx) as typeof tx)), spglDefinition, batch)
      const alone = (batch: StreamEvent[]) =>
        applyInOrder((run) => oneByOneDb.$transaction((tx) => run(tx)), handlersOnly, batch)
      await oneByOne.pool.query('INSERT INTO read_model_cursor (name, last_sequence) VALUES ($1, $2)', [
        SPGL_READER,
        (first[0]?.seq ?? 1) - 1,
      ])
      expect((await together(first)).deadLetters).toEqual([])
      expect((await alone(first)).deadLetters).toEqual([])
      statements = 0
      expect((await together(second)).deadLetters).toEqual([])
      // cursor, locked and moved past the batch; the known project read; registeredInBatch's task: the rows before it
      // written, the projects read again; the certificate: the rows before it written, its task read; the rest written.
      expect(statements).toBe(7)
      expect((await alone(second)).deadLetters).toEqual([])
      // From the second batch on: the flow's rows came with the first registration in the other schema, earlier here.
      const ofSecond = (r: { seq: string }) => Number(r.seq) >= (second[0]?.seq ?? 0)
      const mine = (await rows()).filter(ofSecond)
      const theirs = (
        await oneByOne.pool.query<{ table_name: string; row_key: string; seq: string; fields: unknown }>(
          'SELECT table_name, row_key, seq, fields FROM spgl_row ORDER BY seq, position',
        )
      ).rows.filter(ofSecond)
      expect(mine.length).toBeGreaterThan(16)
      expect(mine).toEqual(theirs)
    } finally {
      await oneByOneDb.$disconnect()
      await oneByOne.drop()
    }
  })

  it("writes a step's assignments in one event as the rows of its tasks' task.assigned, in a batch and alone", async () => {
    // The rows N task.assigned wrote (each keyed by its event: here the id the step's event gives its task) against
    // the step's one event, in a batch and by its handler, each in a schema of its own.
    const schemas = await Promise.all(
      ['spgl_assigned_per_task', 'spgl_assigned_alone'].map(async (label) => {
        const made = await createTestSchema(inject('databaseUrl'), migrationsDir, label)
        return { schema: made, db: createPrisma(made.pool, made.schema) }
      }),
    )
    try {
      const project = projectRegistered()
      const applicationId = uuidv7()
      const tasks = ['a', 'b', 'c'].map((d) =>
        task(project.projectId, applicationId, { department: `department-${d}`, item: `item-${d}` }),
      )
      const registered = message(ProjectRegisteredV1, project)
      const stepEvent = message(StepTasksAssignedV1, { applicationId, projectId: project.projectId, tasks })
      const perTask = tasks.map((t) => message(TaskAssignedV1, { task: t }, t.taskId))
      const [a, b] = schemas as [(typeof schemas)[number], (typeof schemas)[number]]
      const into =
        (s: (typeof schemas)[number], definition: typeof handlersOnly | typeof spglDefinition) =>
        async (batch: StreamEvent[]) => {
          for (const m of batch) {
            const r = await applyInOrder((run) => s.db.$transaction((tx) => run(tx)), definition, [m])
            expect(r.deadLetters).toEqual([])
          }
        }
      expect((await apply([registered, stepEvent])).deadLetters).toEqual([])
      await into(a, handlersOnly)([registered, ...perTask])
      await into(b, handlersOnly)([registered, stepEvent])
      const of = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; fields: unknown }>(
            'SELECT table_name, row_key, fields FROM spgl_row WHERE project_id = $1 ORDER BY table_name, row_key',
            [project.projectId],
          )
        ).rows
      const expected = await of(a.schema.pool)
      // Each task's handling row and its first detail row (办理状态 3), besides the project's own rows.
      for (const t of tasks) {
        expect(expected.filter((r) => r.row_key === t.taskId).map((r) => r.table_name)).toEqual([
          'SPGL_XMSPSXBLXXB',
          'SPGL_XMSPSXBLXXXXB',
        ])
      }
      expect(await of(schema.pool)).toEqual(expected)
      expect(await of(b.schema.pool)).toEqual(expected)
    } finally {
      for (const s of schemas) {
        await s.db.$disconnect()
        await s.schema.drop()
      }
    }
  })

  it('exports outside-line permits its departments decide on the platform as item handling, each round an instance of its own', async () => {
    // A request's real `advanced` events — plan-done applying two permits (a third recorded off the platform), a
    // refusal, a grant, the refused one applied for again and granted — through the reader in one batch (applyTogether)
    // and by its handlers one at a time into a schema of its own; then a re-sent copy of the refusal and a replay.
    await inSchemaOfItsOwn('spgl_permits_alone', async (alone, aloneDb) => {
      const project = projectRegistered()
      const requestId = uuidv7()
      const urban = { department: 'urban-management', departmentName: '佛山市城管执法局' }
      const police = { department: 'public-security', departmentName: '佛山市公安局' }
      type Permit = UtilityRequestAdvancedBody['request']['permits'][number]
      const recorded: Permit = {
        kind: 'green-space',
        status: 'granted',
        ...urban,
        documentNo: '佛城管许〔2026〕3号',
        decidedOn: '2026-03-04',
      }
      const advanced = (version: number, permits: Permit[], over: Partial<UtilityRequestAdvancedBody> = {}) =>
        message(UtilityRequestAdvancedV1, {
          request: utilityRequest(project.projectId, {
            requestId,
            stage: 'outside-line-permits',
            lowRisk: false,
            permits,
            version,
            updatedAt: `2026-03-0${version}T02:00:00.000Z`,
          }),
          ...over,
        })
      const applied = { appliedOn: '2026-03-02', appliedAtVersion: 2 }
      const road: Permit = { kind: 'road-excavation', status: 'requested', ...urban, ...applied }
      const traffic: Permit = { kind: 'traffic-organisation', status: 'requested', ...police, ...applied }
      const refusedTraffic: Permit = {
        ...traffic,
        status: 'refused',
        reason: '未设置绕行指引',
        decidedOn: '2026-03-03',
      }
      const grantedRoad: Permit = {
        ...road,
        status: 'granted',
        documentNo: '佛城管许〔2026〕12号',
        decidedOn: '2026-03-04',
      }
      const againTraffic: Permit = {
        ...traffic,
        appliedOn: '2026-03-05',
        appliedAtVersion: 5,
        reapplication: { change: '增设绕行指引', refusedOn: '2026-03-03', refusalReason: '未设置绕行指引' },
      }
      const grantedTraffic: Permit = {
        ...againTraffic,
        status: 'granted',
        documentNo: '佛公交〔2026〕7号',
        decidedOn: '2026-03-06',
      }
      const batch = [
        message(ProjectRegisteredV1, project),
        advanced(2, [road, traffic, recorded], {
          actor: 'provider-1',
          permitsApplied: ['road-excavation', 'traffic-organisation'],
        }),
        advanced(3, [road, refusedTraffic, recorded], {
          actor: 'reviewer-police',
          permitsDecided: ['traffic-organisation'],
        }),
        advanced(4, [grantedRoad, refusedTraffic, recorded], {
          actor: 'reviewer-urban',
          permitsDecided: ['road-excavation'],
        }),
        advanced(5, [grantedRoad, againTraffic, recorded], {
          actor: 'provider-1',
          permitsApplied: ['traffic-organisation'],
        }),
        advanced(6, [grantedRoad, grantedTraffic, recorded], {
          actor: 'reviewer-police',
          permitsDecided: ['traffic-organisation'],
        }),
        // The request moves on: the permits it shows decided, named by no `permitsDecided`, add nothing.
        advanced(7, [grantedRoad, grantedTraffic, recorded], { actor: 'provider-1' }),
      ]
      const written = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; seq: string; fields: Record<string, unknown> }>(
            `SELECT table_name, row_key, seq, fields FROM spgl_row
             WHERE project_id = $1 AND table_name LIKE 'SPGL_XMSPSX%' ORDER BY seq, position`,
            [project.projectId],
          )
        ).rows
      expect((await apply(batch)).deadLetters).toEqual([])
      for (const m of batch)
        expect(
          (await applyInOrder((run) => aloneDb.$transaction((tx) => run(tx)), handlersOnly, [m])).deadLetters,
        ).toEqual([])
      const mine = await written(schema.pool)
      const first = (kind: string) => `${requestId}/${kind}/2`
      const second = `${requestId}/traffic-organisation/5`
      const seqOf = (i: number) => String(batch[i]?.seq)
      expect(mine.map((r) => [r.table_name, r.row_key, r.seq])).toEqual([
        ['SPGL_XMSPSXBLXXB', first('road-excavation'), seqOf(1)],
        ['SPGL_XMSPSXBLXXXXB', `${first('road-excavation')}/3`, seqOf(1)],
        ['SPGL_XMSPSXBLXXB', first('traffic-organisation'), seqOf(1)],
        ['SPGL_XMSPSXBLXXXXB', `${first('traffic-organisation')}/3`, seqOf(1)],
        ['SPGL_XMSPSXBLXXXXB', `${first('traffic-organisation')}/13`, seqOf(2)],
        ['SPGL_XMSPSXBLXXXXB', `${first('road-excavation')}/11`, seqOf(3)],
        ['SPGL_XMSPSXPFWJXXB', first('road-excavation'), seqOf(3)],
        ['SPGL_XMSPSXBLXXB', second, seqOf(4)],
        ['SPGL_XMSPSXBLXXXXB', `${second}/3`, seqOf(4)],
        ['SPGL_XMSPSXBLXXXXB', `${second}/11`, seqOf(5)],
        ['SPGL_XMSPSXPFWJXXB', second, seqOf(5)],
      ])
      const fieldsOf = (table: string, key: string) =>
        mine.find((r) => r.table_name === table && r.row_key === key)?.fields
      expect(fieldsOf('SPGL_XMSPSXBLXXB', second)).toMatchObject({
        SPSXSLBM: second,
        SPSXBM: 'traffic-organisation-plan',
        SPSXMC: '占道施工交通组织方案审核',
        SPBMBM: 'public-security',
        SPBMMC: '佛山市公安局',
        GCDM: project.projectCode,
      })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${first('traffic-organisation')}/13`)).toMatchObject({
        BLZT: 13,
        BLYJ: '未设置绕行指引',
        BLR: 'reviewer-police',
        BLCS: '佛山市公安局',
        BLSJ: '2026-03-03T02:00:00.000Z',
      })
      expect(fieldsOf('SPGL_XMSPSXPFWJXXB', first('road-excavation'))).toMatchObject({
        SPSXSLBM: first('road-excavation'),
        PFWH: '佛城管许〔2026〕12号',
        PFRQ: '2026-03-04',
        X_KIND: 'outside-line-permit',
      })
      // The permit recorded from paper (no appliedOn) is not the platform's handling: nothing names it.
      expect(mine.some((r) => r.row_key.includes('green-space'))).toBe(false)
      // The handlers one at a time wrote exactly these rows.
      const theirs = await written(alone.pool)
      const shape = (rs: typeof mine) => rs.map((r) => [r.table_name, r.row_key, r.fields])
      expect(shape(theirs)).toEqual(shape(mine))

      // A re-sent copy of the refusal, read after the permit was applied for again and granted: still its own round's.
      const refusal = batch[2] as StreamEvent
      seq += 1
      expect((await apply([{ ...refusal, seq }])).deadLetters).toEqual([])
      expect(await written(schema.pool)).toEqual(mine)
      // The stream replayed from the start (the cursor gone): nothing new either.
      await schema.pool.query('DELETE FROM read_model_cursor WHERE name = $1', [SPGL_READER])
      expect((await apply(batch)).deadLetters).toEqual([])
      expect(await written(schema.pool)).toEqual(mine)

      // Construction done, after every decision is stored: an `advanced` naming no permit applied for or decided
      // costs no statement besides the cursor's, in a batch and alone, and writes nothing.
      const done = message(UtilityRequestAdvancedV1, {
        request: utilityRequest(project.projectId, {
          requestId,
          stage: 'awaiting-acceptance',
          lowRisk: false,
          permits: [grantedRoad, grantedTraffic, recorded],
          version: 8,
          updatedAt: '2026-03-08T02:00:00.000Z',
        }),
        actor: 'provider-1',
      })
      const together = statementsCounted(db, spglDefinition)
      expect((await together.apply([done])).deadLetters).toEqual([])
      expect(together.statements()).toBe(1)
      const oneAtATime = statementsCounted(aloneDb, handlersOnly)
      expect((await oneAtATime.apply([done])).deadLetters).toEqual([])
      expect(oneAtATime.statements()).toBe(1)
      expect(await written(schema.pool)).toEqual(mine)
      expect(shape(await written(alone.pool))).toEqual(shape(mine))
    })
  })

  it('puts a grant read before its re-application on its own round, and never a decision on a concluded round', async () => {
    // A permit refused (round 3), applied for again (round 9) and granted (11), where the re-application's event is
    // read after the grant (dead-lettered and replayed): once with the round on the snapshot (appliedAtVersion), once
    // for a request applied for before the snapshot carried it; and that older request's story read in order, its
    // round found from the stored rows. In a batch, and by the handlers one at a time.
    await inSchemaOfItsOwn('spgl_permits_late', async (alone, aloneDb) => {
      const project = projectRegistered()
      const police = { department: 'public-security', departmentName: '佛山市公安局' }
      type Permit = UtilityRequestAdvancedBody['request']['permits'][number]
      const story = (requestId: string, rounds: boolean, inOrder = false) => {
        const at = (version: number) => (rounds ? { appliedAtVersion: version } : {})
        const advanced = (version: number, permit: Permit, over: Partial<UtilityRequestAdvancedBody>) =>
          message(UtilityRequestAdvancedV1, {
            request: utilityRequest(project.projectId, {
              requestId,
              stage: 'outside-line-permits',
              lowRisk: false,
              permits: [permit],
              version,
              updatedAt: `2026-03-${String(version).padStart(2, '0')}T02:00:00.000Z`,
            }),
            ...over,
          })
        const first: Permit = {
          kind: 'traffic-organisation',
          status: 'requested',
          ...police,
          appliedOn: '2026-03-03',
          ...at(3),
        }
        const again: Permit = {
          ...first,
          appliedOn: '2026-03-09',
          ...at(9),
          reapplication: { change: '增设绕行指引', refusedOn: '2026-03-05', refusalReason: '未设置绕行指引' },
        }
        const applied = { actor: 'provider-1', permitsApplied: ['traffic-organisation' as const] }
        const decided = { actor: 'reviewer-police', permitsDecided: ['traffic-organisation' as const] }
        const read = [
          advanced(3, first, applied),
          advanced(5, { ...first, status: 'refused', reason: '未设置绕行指引', decidedOn: '2026-03-05' }, decided),
          ...(inOrder ? [advanced(9, again, applied)] : []),
          advanced(
            11,
            { ...again, status: 'granted', documentNo: '佛公交〔2026〕7号', decidedOn: '2026-03-11' },
            decided,
          ),
        ]
        return { read, late: () => advanced(9, again, applied) }
      }
      const withRounds = uuidv7()
      const older = uuidv7()
      const olderInOrder = uuidv7()
      // In stream order: the registration first.
      const registered = message(ProjectRegisteredV1, project)
      const a = story(withRounds, true)
      const b = story(older, false)
      const c = story(olderInOrder, false, true)
      const first = [registered, ...a.read, ...b.read, ...c.read]
      const into = async (database: GatewayDb, definition: typeof spglDefinition, batch: StreamEvent[]) =>
        expect(
          (await applyInOrder((run) => database.$transaction((tx) => run(tx)), definition, batch)).deadLetters,
        ).toEqual([])
      await into(db, spglDefinition, first)
      for (const m of first) await into(aloneDb, handlersOnly, [m])
      const late = [a.late(), b.late()]
      await into(db, spglDefinition, late)
      for (const m of late) await into(aloneDb, handlersOnly, [m])
      const written = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; fields: Record<string, unknown> }>(
            `SELECT table_name, row_key, fields FROM spgl_row
             WHERE project_id = $1 AND table_name LIKE 'SPGL_XMSPSX%' ORDER BY seq, position`,
            [project.projectId],
          )
        ).rows
      const mine = await written(schema.pool)
      const round = (requestId: string, version: number) => `${requestId}/traffic-organisation/${version}`
      expect(mine.map((r) => [r.table_name, r.row_key])).toEqual([
        ['SPGL_XMSPSXBLXXB', round(withRounds, 3)],
        ['SPGL_XMSPSXBLXXXXB', `${round(withRounds, 3)}/3`],
        ['SPGL_XMSPSXBLXXXXB', `${round(withRounds, 3)}/13`],
        // The grant on round 9, named by its snapshot, before round 9's application is read.
        ['SPGL_XMSPSXBLXXXXB', `${round(withRounds, 9)}/11`],
        ['SPGL_XMSPSXPFWJXXB', round(withRounds, 9)],
        ['SPGL_XMSPSXBLXXB', round(older, 3)],
        ['SPGL_XMSPSXBLXXXXB', `${round(older, 3)}/3`],
        ['SPGL_XMSPSXBLXXXXB', `${round(older, 3)}/13`],
        // No round on the snapshot: the newest stored round (3) is concluded, so the grant is written nowhere.
        ['SPGL_XMSPSXBLXXB', round(olderInOrder, 3)],
        ['SPGL_XMSPSXBLXXXXB', `${round(olderInOrder, 3)}/3`],
        ['SPGL_XMSPSXBLXXXXB', `${round(olderInOrder, 3)}/13`],
        ['SPGL_XMSPSXBLXXB', round(olderInOrder, 9)],
        ['SPGL_XMSPSXBLXXXXB', `${round(olderInOrder, 9)}/3`],
        // No round on the snapshot, read in order: the newest stored round (9), open, takes the grant.
        ['SPGL_XMSPSXBLXXXXB', `${round(olderInOrder, 9)}/11`],
        ['SPGL_XMSPSXPFWJXXB', round(olderInOrder, 9)],
        ['SPGL_XMSPSXBLXXB', round(withRounds, 9)],
        ['SPGL_XMSPSXBLXXXXB', `${round(withRounds, 9)}/3`],
        ['SPGL_XMSPSXBLXXB', round(older, 9)],
        ['SPGL_XMSPSXBLXXXXB', `${round(older, 9)}/3`],
      ])
      expect(mine.find((r) => r.row_key === `${round(withRounds, 9)}/11`)?.fields).toMatchObject({
        SPSXSLBM: round(withRounds, 9),
        BLZT: 11,
        BLR: 'reviewer-police',
        BLSJ: '2026-03-11T02:00:00.000Z',
      })
      const shape = (rs: typeof mine) => rs.map((r) => [r.table_name, r.row_key, r.fields])
      expect(shape(await written(alone.pool))).toEqual(shape(mine))
    })
  })

  it('writes 办结（容缺通过）12 for a grant while a 容缺 material was owed; the acceptance and the supply write nothing', async () => {
    const project = projectRegistered()
    const requestId = uuidv7()
    type Permit = UtilityRequestAdvancedBody['request']['permits'][number]
    const advanced = (version: number, permit: Permit, over: Partial<UtilityRequestAdvancedBody> = {}) =>
      message(UtilityRequestAdvancedV1, {
        request: utilityRequest(project.projectId, {
          requestId,
          stage: permit.status === 'granted' ? 'construction' : 'outside-line-permits',
          lowRisk: false,
          permits: [permit],
          version,
          updatedAt: `2026-03-0${version}T02:00:00.000Z`,
        }),
        ...over,
      })
    const road: Permit = {
      kind: 'road-excavation',
      status: 'requested',
      department: 'urban-management',
      departmentName: '佛山市城管执法局',
      appliedOn: '2026-03-02',
      appliedAtVersion: 2,
    }
    const accepted: Permit = { ...road, acceptedOn: '2026-03-03', deficiencies: [{ name: '管线平面图' }] }
    const granted: Permit = {
      ...accepted,
      status: 'granted',
      documentNo: '佛城管许〔2026〕21号',
      decidedOn: '2026-03-04',
      grantedWithDeficiencies: true,
    }
    const supplied: Permit = { ...granted, deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-05' }] }
    await apply([
      message(ProjectRegisteredV1, project),
      advanced(2, road, { actor: 'staff-gas', permitsApplied: ['road-excavation'], permitsDecided: [] }),
      advanced(3, accepted, {
        actor: 'reviewer-urban',
        permitsDecided: [],
        permitDeficiency: { kind: 'road-excavation', act: 'accepted' },
      }),
      advanced(4, granted, { actor: 'reviewer-urban', permitsDecided: ['road-excavation'] }),
      advanced(5, supplied, {
        actor: 'staff-gas',
        permitsDecided: [],
        permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
      }),
    ])
    const instance = `${requestId}/road-excavation/2`
    const mine = (await rows()).filter((r) => r.row_key.startsWith(instance))
    expect(mine.map((r) => [r.table_name, r.row_key])).toEqual([
      ['SPGL_XMSPSXBLXXB', instance],
      ['SPGL_XMSPSXBLXXXXB', `${instance}/3`],
      ['SPGL_XMSPSXBLXXXXB', `${instance}/12`],
      ['SPGL_XMSPSXPFWJXXB', instance],
    ])
    expect(mine[2]?.fields).toMatchObject({ BLZT: 12, BLR: 'reviewer-urban', BLSJ: '2026-03-04T02:00:00.000Z' })
  })

  it('writes the 办结 and 批复文件 of a decision event published before permitsDecided, read in a batch, alone and replayed', async () => {
    await inSchemaOfItsOwn('spgl_permits_older', async (alone, aloneDb) => {
      const project = projectRegistered()
      const requestId = uuidv7()
      type Permit = UtilityRequestAdvancedBody['request']['permits'][number]
      const advanced = (version: number, permit: Permit, over: Partial<UtilityRequestAdvancedBody>) =>
        message(UtilityRequestAdvancedV1, {
          request: utilityRequest(project.projectId, {
            requestId,
            stage: 'outside-line-permits',
            lowRisk: false,
            permits: [permit],
            version,
            updatedAt: `2026-03-0${version}T02:00:00.000Z`,
          }),
          ...over,
        })
      // No appliedAtVersion on the permit, no permitsDecided on the decision: as utility published them then.
      const road: Permit = {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        departmentName: '佛山市城管执法局',
        appliedOn: '2026-03-03',
      }
      const granted: Permit = {
        ...road,
        status: 'granted',
        documentNo: '佛城管许〔2026〕12号',
        decidedOn: '2026-03-05',
      }
      const batch = [
        message(ProjectRegisteredV1, project),
        advanced(3, road, { actor: 'provider-1', permitsApplied: ['road-excavation'] }),
        advanced(5, granted, { actor: 'reviewer-urban' }),
        // A later older event still showing the grant: its round is concluded, nothing more.
        advanced(7, granted, { actor: 'provider-1' }),
      ]
      const written = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; seq: string; fields: Record<string, unknown> }>(
            `SELECT table_name, row_key, seq, fields FROM spgl_row
             WHERE project_id = $1 AND table_name LIKE 'SPGL_XMSPSX%' ORDER BY seq, position`,
            [project.projectId],
          )
        ).rows
      expect((await apply(batch)).deadLetters).toEqual([])
      for (const m of batch)
        expect(
          (await applyInOrder((run) => aloneDb.$transaction((tx) => run(tx)), handlersOnly, [m])).deadLetters,
        ).toEqual([])
      const mine = await written(schema.pool)
      const instance = `${requestId}/road-excavation/3`
      expect(mine.map((r) => [r.table_name, r.row_key, r.seq])).toEqual([
        ['SPGL_XMSPSXBLXXB', instance, String(batch[1]?.seq)],
        ['SPGL_XMSPSXBLXXXXB', `${instance}/3`, String(batch[1]?.seq)],
        ['SPGL_XMSPSXBLXXXXB', `${instance}/11`, String(batch[2]?.seq)],
        ['SPGL_XMSPSXPFWJXXB', instance, String(batch[2]?.seq)],
      ])
      expect(mine[2]?.fields).toMatchObject({ BLZT: 11, BLR: 'reviewer-urban', BLSJ: '2026-03-05T02:00:00.000Z' })
      const shape = (rs: typeof mine) => rs.map((r) => [r.table_name, r.row_key, r.fields])
      expect(shape(await written(alone.pool))).toEqual(shape(mine))
      // Rebuilt from the stream (the rows and the cursor gone): the decision's rows again, the same.
      await schema.pool.query('DELETE FROM spgl_row WHERE project_id = $1', [project.projectId])
      await schema.pool.query('DELETE FROM read_model_cursor WHERE name = $1', [SPGL_READER])
      expect((await apply(batch)).deadLetters).toEqual([])
      expect(shape(await written(schema.pool))).toEqual(shape(mine))
    })
  })

  it('exports joint acceptance cases as the item 竣工联合验收 at the lead: received, inspected, passed or failed, revoked', async () => {
    // Two cases of one project, end to end — one sent back to rectify, re-inspected and passed (its pass revoked
    // later), one failed — through the reader in one batch (applyTogether) and by its handlers one at a time into a
    // schema of its own; then a re-sent copy of the pass, a replay, and a rebuild from the stream.
    await inSchemaOfItsOwn('spgl_acceptance_alone', async (alone, aloneDb) => {
      const project = projectRegistered()
      const lead = { lead: 'housing-construction', leadName: '佛山市住房城乡建设局' }
      const at = (day: number, hour = 2) => `2026-03-${String(day).padStart(2, '0')}T0${hour}:00:00.000Z`
      const inspection = (round: number, day: number) => ({
        date: `2026-03-${String(day).padStart(2, '0')}`,
        place: '项目现场',
        participants: ['housing-construction', 'fire'],
        round,
      })
      type Case = ReturnType<typeof acceptanceCase>
      const item = (c: Case, code: string, over: Partial<Case['items'][number]>) => ({
        ...c,
        items: c.items.map((i) => (i.item === code ? { ...i, ...over } : i)),
      })
      const a0 = acceptanceCase(project.projectId, { ...lead, openedAt: at(4), updatedAt: at(4) })
      const a1 = { ...a0, status: 'scheduled' as const, inspection: inspection(1, 6), version: 2, updatedAt: at(5) }
      const a1r = { ...a1, items: a1.items.map((i) => ({ ...i, round: 1 })) }
      const a2 = {
        ...item(a1r, 'fire-acceptance-filing', { status: 'rectify', defects: ['疏散指示缺失'] }),
        status: 'scheduled' as const,
        version: 3,
        updatedAt: at(6),
      }
      const a3 = {
        ...item(a2, 'completion-acceptance-filing', { status: 'passed' }),
        status: 'rectifying' as const,
        version: 4,
        updatedAt: at(6, 3),
      }
      const a4 = {
        ...item(a3, 'fire-acceptance-filing', { status: 'pending', round: 1 }),
        version: 5,
        updatedAt: at(9),
      }
      const a5 = {
        ...item(a4, 'fire-acceptance-filing', { round: 2 }),
        status: 'scheduled' as const,
        inspection: inspection(2, 11),
        version: 6,
        updatedAt: at(10),
      }
      const a6 = { ...item(a5, 'fire-acceptance-filing', { status: 'passed' }), version: 7, updatedAt: at(11) }
      const a7 = {
        ...a6,
        status: 'passed' as const,
        opinionNumber: 'LHYS-440600-2026-000031',
        decidedAt: at(11),
        version: 8,
      }
      // Each department's 结果物 after the pass; the last issues the 竣工验收备案表 (Foshan, 004:2279).
      const resultOf = (code: string) => ({
        name: code === 'fire-acceptance-filing' ? '消防验收备案凭证' : '工程质量监督报告',
        number: `FS-${code.slice(0, 4)}-001`,
        issuedOn: '2026-03-12',
        recordedBy: 'reviewer',
      })
      const a7r = { ...item(a7, 'fire-acceptance-filing', { result: resultOf('fire-acceptance-filing') }), version: 9 }
      const a7s = {
        ...item(a7r, 'completion-acceptance-filing', { result: resultOf('completion-acceptance-filing') }),
        version: 10,
        updatedAt: at(13),
      }
      const a7f = { ...a7s, filingForm: { number: 'JGBA-440600-2026-000004', issuedOn: '2026-03-13' }, version: 11 }
      const a8 = {
        ...a7f,
        passRevoked: {
          item: 'completion-acceptance-filing',
          department: 'housing-construction',
          on: '2026-03-20',
          by: 'x',
        },
        version: 12,
        updatedAt: at(20),
      }
      const b0 = acceptanceCase(project.projectId, { ...lead, part: '2号楼', openedAt: at(5), updatedAt: at(5) })
      const b1 = { ...b0, status: 'scheduled' as const, inspection: inspection(1, 9), version: 2, updatedAt: at(6) }
      const b2 = {
        ...item(b1, 'fire-acceptance-filing', { status: 'failed', round: 1, defects: ['消防车道被占用'] }),
        version: 3,
        updatedAt: at(9),
      }
      const b3 = { ...b2, status: 'failed' as const, decidedAt: at(9), version: 4 }
      const batch = [
        message(ProjectRegisteredV1, project),
        message(AcceptanceStartedV1, { case: a0, actor: 'owner-1' }),
        message(AcceptanceStartedV1, { case: b0, actor: 'owner-1' }),
        message(AcceptanceInspectionScheduledV1, { case: a1r, actor: 'lead-1' }),
        message(AcceptanceInspectionScheduledV1, { case: b1, actor: 'lead-1' }),
        message(AcceptanceOpinionRecordedV1, { case: a2, actor: 'reviewer-fire', note: 'fire: rectify: 疏散指示缺失' }),
        message(AcceptanceOpinionRecordedV1, { case: a3, actor: 'reviewer-housing' }),
        message(AcceptanceClockWarnedV1, { case: a3, dueOn: '2026-03-16' }),
        message(AcceptanceRectificationSubmittedV1, { case: a4, actor: 'owner-1' }),
        message(AcceptanceInspectionScheduledV1, { case: a5, actor: 'lead-1' }),
        message(AcceptanceOpinionRecordedV1, { case: a6, actor: 'reviewer-fire' }),
        message(AcceptancePassedV1, { case: a7, actor: 'reviewer-fire' }),
        message(AcceptanceOpinionRecordedV1, { case: b2, actor: 'reviewer-fire', note: 'fire: fail: 消防车道被占用' }),
        message(AcceptanceFailedV1, {
          case: b3,
          actor: 'reviewer-fire',
          note: 'fire-acceptance-filing: 消防车道被占用',
        }),
        message(AcceptanceResultRecordedV1, { case: a7r, item: 'fire-acceptance-filing', actor: 'reviewer-fire' }),
        message(AcceptanceResultRecordedV1, {
          case: a7s,
          item: 'completion-acceptance-filing',
          actor: 'reviewer-housing',
        }),
        message(AcceptanceFilingIssuedV1, { case: a7f, actor: 'reviewer-housing' }),
        message(AcceptancePassRevokedV1, {
          case: a8,
          item: 'completion-acceptance-filing',
          actor: 'reviewer-housing',
          note: '告知承诺不实',
        }),
      ]
      const written = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; seq: string; fields: Record<string, unknown> }>(
            `SELECT table_name, row_key, seq, fields FROM spgl_row
             WHERE project_id = $1 AND table_name LIKE 'SPGL_XMSPSX%' ORDER BY seq, position`,
            [project.projectId],
          )
        ).rows
      expect((await apply(batch)).deadLetters).toEqual([])
      for (const m of batch)
        expect(
          (await applyInOrder((run) => aloneDb.$transaction((tx) => run(tx)), handlersOnly, [m])).deadLetters,
        ).toEqual([])
      const mine = await written(schema.pool)
      const seqOf = (i: number) => String(batch[i]?.seq)
      // Opinions, a rectification, a clock alert and the re-inspection change no 办理状态 of the item: no row.
      expect(mine.map((r) => [r.table_name, r.row_key, r.fields['BLZT'] ?? null, r.seq])).toEqual([
        ['SPGL_XMSPSXBLXXB', a0.caseId, null, seqOf(1)],
        ['SPGL_XMSPSXBLXXXXB', `${a0.caseId}/3`, 3, seqOf(1)],
        ['SPGL_XMSPSXBLXXB', b0.caseId, null, seqOf(2)],
        ['SPGL_XMSPSXBLXXXXB', `${b0.caseId}/3`, 3, seqOf(2)],
        ['SPGL_XMSPSXBLXXXXB', `${a0.caseId}/8`, 8, seqOf(3)],
        ['SPGL_XMSPSXBLXXXXB', `${b0.caseId}/8`, 8, seqOf(4)],
        ['SPGL_XMSPSXBLXXXXB', `${a0.caseId}/11`, 11, seqOf(11)],
        ['SPGL_XMSPSXPFWJXXB', a0.caseId, null, seqOf(11)],
        ['SPGL_XMSPSXBLXXXXB', `${b0.caseId}/13`, 13, seqOf(13)],
        ['SPGL_XMSPSXPFWJXXB', `${a0.caseId}/fire-acceptance-filing`, null, seqOf(14)],
        ['SPGL_XMSPSXPFWJXXB', `${a0.caseId}/completion-acceptance-filing`, null, seqOf(15)],
        ['SPGL_XMSPSXPFWJXXB', `${a0.caseId}/filing`, null, seqOf(16)],
        ['SPGL_XMSPSXBLXXXXB', `${a0.caseId}/15`, 15, seqOf(17)],
      ])
      const fieldsOf = (table: string, key: string) =>
        mine.find((r) => r.table_name === table && r.row_key === key)?.fields
      expect(fieldsOf('SPGL_XMSPSXBLXXB', b0.caseId)).toMatchObject({
        SPSXSLBM: b0.caseId,
        SPSXBM: 'joint-acceptance',
        SPSXMC: '竣工联合验收',
        SPBMBM: 'housing-construction',
        SPBMMC: '佛山市住房城乡建设局',
        GCDM: project.projectCode,
        SPLCBM: `${project.region}-${project.projectType}`,
      })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${a0.caseId}/3`)).toMatchObject({
        BLR: 'owner-1',
        BLCS: '佛山市住房城乡建设局',
        BLSJ: at(4),
      })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${a0.caseId}/8`)).toMatchObject({ BLR: 'lead-1', BLSJ: at(5) })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${a0.caseId}/11`)).toMatchObject({
        BLR: 'reviewer-fire',
        BLYJ: null,
        BLSJ: at(11),
      })
      expect(fieldsOf('SPGL_XMSPSXPFWJXXB', a0.caseId)).toMatchObject({
        SPSXSLBM: a0.caseId,
        PFWH: 'LHYS-440600-2026-000031',
        PFRQ: '2026-03-11',
        PFWJBT: '竣工联合验收意见书',
        X_KIND: 'joint-acceptance',
      })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${b0.caseId}/13`)).toMatchObject({
        BLYJ: 'fire-acceptance-filing: 消防车道被占用',
        BLR: 'reviewer-fire',
        BLSJ: at(9),
      })
      expect(fieldsOf('SPGL_XMSPSXBLXXXXB', `${a0.caseId}/15`)).toMatchObject({ BLYJ: '告知承诺不实', BLSJ: at(20) })
      expect(fieldsOf('SPGL_XMSPSXPFWJXXB', `${a0.caseId}/fire-acceptance-filing`)).toMatchObject({
        SPSXSLBM: a0.caseId,
        PFWH: 'FS-fire-001',
        PFRQ: '2026-03-12',
        PFWJBT: '消防验收备案凭证',
        X_KIND: 'joint-acceptance-result',
      })
      expect(fieldsOf('SPGL_XMSPSXPFWJXXB', `${a0.caseId}/filing`)).toMatchObject({
        SPSXSLBM: a0.caseId,
        PFWH: 'JGBA-440600-2026-000004',
        PFWJBT: '竣工验收备案表',
        X_KIND: 'completion-filing',
      })
      // The handlers one at a time wrote exactly these rows.
      const shape = (rs: typeof mine) => rs.map((r) => [r.table_name, r.row_key, r.fields])
      expect(shape(await written(alone.pool))).toEqual(shape(mine))

      // A re-sent copy of the pass, read after its revocation: nothing new. The stream replayed from the start: nothing.
      seq += 1
      expect((await apply([{ ...(batch[11] as StreamEvent), seq }])).deadLetters).toEqual([])
      expect(await written(schema.pool)).toEqual(mine)
      await schema.pool.query('DELETE FROM read_model_cursor WHERE name = $1', [SPGL_READER])
      expect((await apply(batch)).deadLetters).toEqual([])
      expect(await written(schema.pool)).toEqual(mine)
      // Rebuilt from the stream (the rows and the cursor gone): the same rows.
      await schema.pool.query('DELETE FROM spgl_row WHERE project_id = $1', [project.projectId])
      await schema.pool.query('DELETE FROM read_model_cursor WHERE name = $1', [SPGL_READER])
      expect((await apply(batch)).deadLetters).toEqual([])
      expect(shape(await written(schema.pool))).toEqual(shape(mine))

      // A case's events of a known project in a batch: the cursor's statement, the project's registration read once,
      // the rows written once. A re-inspection alone costs only the cursor's.
      const c0 = acceptanceCase(project.projectId, { ...lead, part: '3号楼' })
      const c1 = { ...c0, status: 'scheduled' as const, inspection: inspection(1, 9), version: 2 }
      const together = statementsCounted(db, spglDefinition)
      expect(
        (
          await together.apply([
            message(AcceptanceStartedV1, { case: c0, actor: 'owner-1' }),
            message(AcceptanceInspectionScheduledV1, { case: c1, actor: 'lead-1' }),
          ])
        ).deadLetters,
      ).toEqual([])
      expect(together.statements()).toBe(3)
      const again = statementsCounted(db, spglDefinition)
      expect((await again.apply([message(AcceptanceInspectionScheduledV1, { case: a5 })])).deadLetters).toEqual([])
      expect(again.statements()).toBe(1)
      // A case of a project the reader never saw registered is dead-lettered, as a task's event is.
      const stranger = acceptanceCase(uuidv7())
      const result = await apply([message(AcceptanceStartedV1, { case: stranger })])
      expect(result.deadLetters.map((d) => [d.subject, d.error])).toEqual([
        [AcceptanceStartedV1.subject, expect.stringMatching(/no registration/)],
      ])
    })
  })

  it('a case already open when joint acceptance was mapped (its started behind the cursor): its instance with its first row read; a pass revoked unseen, nothing', async () => {
    // The reader's cursor already past a case's `started` (and another's pass), as for a case opened before this mapping
    // was deployed: the later events are read in a batch (applyTogether) and by the handlers one at a time, each into a
    // schema of its own, with the same rows.
    const together = await createTestSchema(inject('databaseUrl'), migrationsDir, 'spgl_acceptance_late')
    const alone = await createTestSchema(inject('databaseUrl'), migrationsDir, 'spgl_acceptance_late_alone')
    const togetherDb = createPrisma(together.pool, together.schema)
    const aloneDb = createPrisma(alone.pool, alone.schema)
    try {
      const project = projectRegistered()
      const lead = { lead: 'housing-construction', leadName: '佛山市住房城乡建设局' }
      const inspection = {
        date: '2026-03-06',
        place: '项目现场',
        participants: ['housing-construction', 'fire'],
        round: 1,
      }
      const d0 = acceptanceCase(project.projectId, lead)
      const d1 = { ...d0, status: 'scheduled' as const, inspection, version: 2, updatedAt: '2026-03-05T02:00:00.000Z' }
      const d2 = {
        ...d1,
        status: 'passed' as const,
        opinionNumber: 'LHYS-440600-2026-000040',
        decidedAt: '2026-03-06T02:00:00.000Z',
        version: 3,
        updatedAt: '2026-03-06T02:00:00.000Z',
      }
      // Passed before the deploy, its pass revoked after.
      const e0 = acceptanceCase(project.projectId, { ...lead, part: '2号楼' })
      const e2 = { ...e0, status: 'passed' as const, opinionNumber: 'LHYS-440600-2026-000041', version: 3 }
      const e3 = {
        ...e2,
        passRevoked: { item: 'fire-acceptance-filing', department: 'fire', on: '2026-03-20', by: 'x' },
        version: 4,
      }
      const registered = message(ProjectRegisteredV1, project)
      const behind = [
        message(AcceptanceStartedV1, { case: d0, actor: 'owner-1' }),
        message(AcceptanceStartedV1, { case: e0, actor: 'owner-1' }),
        message(AcceptancePassedV1, { case: e2, actor: 'reviewer-fire' }),
      ]
      const read = [
        message(AcceptanceInspectionScheduledV1, { case: d1, actor: 'lead-1' }),
        message(AcceptancePassedV1, { case: d2, actor: 'reviewer-fire' }),
        message(AcceptancePassRevokedV1, { case: e3, item: 'fire-acceptance-filing', actor: 'reviewer-fire' }),
      ]
      for (const [database, test] of [
        [togetherDb, together],
        [aloneDb, alone],
      ] as const) {
        const definition = database === togetherDb ? spglDefinition : handlersOnly
        const run = (batch: StreamEvent[]) =>
          applyInOrder((r) => database.$transaction((tx) => r(tx)), definition, batch)
        expect((await run([registered])).deadLetters).toEqual([])
        await test.pool.query('UPDATE read_model_cursor SET last_sequence = $1 WHERE name = $2', [
          behind.at(-1)?.seq,
          SPGL_READER,
        ])
        if (definition === handlersOnly)
          for (const m of [...behind, ...read]) expect((await run([m])).deadLetters).toEqual([])
        else expect((await run([...behind, ...read])).deadLetters).toEqual([])
      }
      const written = async (pool: TestSchema['pool']) =>
        (
          await pool.query<{ table_name: string; row_key: string; seq: string; fields: Record<string, unknown> }>(
            `SELECT table_name, row_key, seq, fields FROM spgl_row
             WHERE project_id = $1 AND table_name LIKE 'SPGL_XMSPSX%' ORDER BY seq, position`,
            [project.projectId],
          )
        ).rows
      const mine = await written(together.pool)
      const seqOf = (i: number) => String(read[i]?.seq)
      // The case's instance with its first row read (the 8), no 3 (that was `started`'s); the other case's revocation
      // of a pass never written, nothing.
      expect(mine.map((r) => [r.table_name, r.row_key, r.fields['BLZT'] ?? null, r.seq])).toEqual([
        ['SPGL_XMSPSXBLXXB', d0.caseId, null, seqOf(0)],
        ['SPGL_XMSPSXBLXXXXB', `${d0.caseId}/8`, 8, seqOf(0)],
        ['SPGL_XMSPSXBLXXXXB', `${d0.caseId}/11`, 11, seqOf(1)],
        ['SPGL_XMSPSXPFWJXXB', d0.caseId, null, seqOf(1)],
      ])
      expect(mine[0]?.fields).toMatchObject({
        SPSXSLBM: d0.caseId,
        SPSXBM: 'joint-acceptance',
        SPSXMC: '竣工联合验收',
        SPBMBM: 'housing-construction',
        SPBMMC: '佛山市住房城乡建设局',
        GCDM: project.projectCode,
      })
      const shape = (rs: typeof mine) => rs.map((r) => [r.table_name, r.row_key, r.seq, r.fields])
      expect(shape(await written(alone.pool))).toEqual(shape(mine))
    } finally {
      await togetherDb.$disconnect()
      await aloneDb.$disconnect()
      await together.drop()
      await alone.drop()
    }
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
    const { made } = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: undefined, format: 'csv' }),
    )
    expect(made?.rows.map((r) => [r.table, r.key])).toEqual(all.map((r) => [r.table_name, r.row_key]))
    expect(made?.batch.throughSeq).toBe(Math.max(...all.map((r) => Number(r.seq))))
    const counts: Record<string, number> = {}
    for (const r of all) counts[r.table_name] = (counts[r.table_name] ?? 0) + 1
    expect(Object.fromEntries(Object.entries(made?.batch.counts ?? {}).filter(([, n]) => n > 0))).toEqual(counts)

    const again = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: 0, format: 'csv' }),
    )
    expect(again).toEqual({ made: undefined, refused: 0 })

    const failed = all[0]
    await schema.pool.query(`UPDATE spgl_row SET upload_status = 'failed' WHERE table_name = $1 AND row_key = $2`, [
      failed?.table_name,
      failed?.row_key,
    ])
    const { made: retried } = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: undefined, format: 'json' }),
    )
    expect(retried?.rows.map((r) => r.key)).toEqual([failed?.row_key])
    expect(retried?.batch.throughSeq).toBe(made?.batch.throughSeq)
    const listed = await db.$transaction((tx) => listExports(tx, { limit: 10 }))
    expect(listed.pending).toBe(0)
    expect(listed.batches.map((b) => b.rowCount)).toEqual([1, all.length])
    const contained = await schema.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM spgl_batch_row WHERE batch_id = $1',
      [made?.batch.id],
    )
    expect(contained.rows[0]?.n).toBe(all.length)
  })

  it('carries only rows the standard can carry and refuses the others for good, with why; a bad stored count never fails the list', async () => {
    const at = new Date('2026-03-05T01:00:00Z')
    const insert = (table: string, key: string, fields: string, status = 'pending') =>
      schema.pool.query(
        `INSERT INTO spgl_row (table_name, row_key, seq, position, fields, upload_status)
         VALUES ($1, $2, 1000000, $3, $4::jsonb, $5)`,
        [table, key, key.length, fields, status],
      )
    await insert('SPGL_RETIRED', 'k-retired', '{"A": "x"}')
    await insert('SPGL_XMSPSXBLXXB', 'k-nested', '{"A": {"B": 1}, "C": [1]}')
    await insert('SPGL_XMSPSXBLXXB', 'k-failed-list', '{"A": [1]}', 'failed')
    await insert('SPGL_XMSPSXBLXXB', 'k-good-row', '{"A": "x", "N": 1, "Z": null}')
    const first = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: undefined, format: 'json' }),
    )
    const made = first.made
    expect(made?.rows.map((r) => r.key)).toEqual(['k-good-row'])
    expect(made?.batch.rowCount).toBe(1)
    expect(first.refused).toBe(3)
    const stored = await schema.pool.query<{ row_key: string; upload_status: string; refusal: string | null }>(
      `SELECT row_key, upload_status, refusal FROM spgl_row WHERE seq = 1000000 ORDER BY row_key`,
    )
    expect(stored.rows).toEqual([
      {
        row_key: 'k-failed-list',
        upload_status: 'refused',
        refusal: 'field A is a JSON array, not a string, number or null',
      },
      { row_key: 'k-good-row', upload_status: 'sent', refusal: null },
      {
        row_key: 'k-nested',
        upload_status: 'refused',
        refusal: 'field A is a JSON object, not a string, number or null',
      },
      { row_key: 'k-retired', upload_status: 'refused', refusal: 'table SPGL_RETIRED is not a table of the standard' },
    ])

    // Refused is terminal: not pending, never taken again, even by an export from the start.
    const again = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: 0, format: 'json' }),
    )
    expect(again).toEqual({ made: undefined, refused: 0 })

    await schema.pool.query(
      `UPDATE spgl_export_batch SET counts = '{"SPGL_XMSPSXBLXXB": "many", "SPGL_X": 2}' WHERE id = $1`,
      [made?.batch.id],
    )
    const listed = await db.$transaction((tx) => listExports(tx, { limit: 2 }))
    expect(listed.pending).toBe(0)
    expect(listed.refused).toBe(3)
    // The newest first (stream order backwards: here one event, positions 13, 9, 8), `limit` of them.
    expect(listed.refusedRows).toEqual([
      { table: 'SPGL_XMSPSXBLXXB', key: 'k-failed-list', seq: 1000000, reason: stored.rows[0]?.refusal },
      { table: 'SPGL_RETIRED', key: 'k-retired', seq: 1000000, reason: stored.rows[3]?.refusal },
    ])
    expect(listed.batches.find((b) => b.id === made?.batch.id)?.counts).toEqual({ SPGL_X: 2 })

    // A row stuck below the watermark (written before refusal existed) is refused by the next export all the same.
    await schema.pool.query(
      `INSERT INTO spgl_row (table_name, row_key, seq, position, fields, upload_status)
       VALUES ('SPGL_RETIRED', 'k-stuck-below', 999999, 1, '{"A": "x"}'::jsonb, 'pending')`,
    )
    const next = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: undefined, format: 'json' }),
    )
    expect(next).toEqual({ made: undefined, refused: 1 })
    const stuck = await schema.pool.query(`SELECT upload_status, refusal FROM spgl_row WHERE row_key = 'k-stuck-below'`)
    expect(stuck.rows).toEqual([
      { upload_status: 'refused', refusal: 'table SPGL_RETIRED is not a table of the standard' },
    ])
  })

  it('lists an oversize refused row clipped to the list schema’s bounds, the stored row untouched', async () => {
    // Written by hand: nothing bounds a table name or key in the table (the reason is bounded to 500 by a check).
    const table = `SPGL_${'Z'.repeat(295)}`
    const key = `k-${'长'.repeat(1198)}`
    await schema.pool.query(
      `INSERT INTO spgl_row (table_name, row_key, seq, position, fields, upload_status)
       VALUES ($1, $2, 2000000, 1, '{"A": "x"}'::jsonb, 'pending')`,
      [table, key],
    )
    const at = new Date('2026-03-06T01:00:00Z')
    const made = await db.$transaction((tx) =>
      createExport(tx, { id: uuidv7(), now: () => at, by: 'admin-1', since: undefined, format: 'json' }),
    )
    expect(made).toEqual({ made: undefined, refused: 1 })

    const listed = await db.$transaction((tx) => listExports(tx, { limit: 1 }))
    const [row] = listed.refusedRows
    expect(row).toEqual({
      table: table.slice(0, REFUSED_ROW_MAX.table),
      key: key.slice(0, REFUSED_ROW_MAX.key),
      seq: 2000000,
      reason: `table ${table} is not a table of the standard`.slice(0, REFUSED_ROW_MAX.reason),
    })
    // Characters, not bytes: the schema's maxLength counts characters, and 长 is three bytes in UTF-8.
    expect([...(row?.key ?? '')]).toHaveLength(REFUSED_ROW_MAX.key)
    const stored = await schema.pool.query<{ t: number; k: number }>(
      `SELECT length(table_name) AS t, length(row_key) AS k FROM spgl_row WHERE seq = 2000000`,
    )
    expect(stored.rows).toEqual([{ t: table.length, k: key.length }])

    // Newest first by the stream's order, a number: a row refused at 999998 comes after 2000000, not first as text
    // ("999998" > "2000000") would sort it. Its own row, so the check does not lean on the tests before it.
    await schema.pool.query(
      `INSERT INTO spgl_row (table_name, row_key, seq, position, fields, upload_status, refusal)
       VALUES ('SPGL_OLD', 'k-old', 999998, 1, '{"A": "x"}'::jsonb, 'refused', 'refused by hand')`,
    )
    const seqs = (await db.$transaction((tx) => listExports(tx, { limit: 100 }))).refusedRows.map((r) => r.seq)
    expect(seqs[0]).toBe(2000000)
    expect(seqs).toContain(999998)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
  })
})
