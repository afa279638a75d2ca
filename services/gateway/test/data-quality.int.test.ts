import { jetstreamManager } from '@nats-io/jetstream'
import {
  ProjectRegisteredV1,
  StepTasksAssignedV1,
  TaskDecidedV1,
  type UtilityRequestAdvancedBody,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { pgTransaction } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { gatewayCommands, READ_MODEL } from '../src/commands.js'
import { createPrisma } from '../src/db/client.js'
import { SPGL_READER } from '../src/db/spgl.js'
import { SPGL_EXPORT_JOB, spglExporter } from '../src/jobs/export-spgl.js'
import { projectRegistered, task, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// The export job and the data-quality figures on the real PostgreSQL and NATS: events published through a producer's
// outbox (stamped with the world's clock, their `ce-time`), the spgl reader's rows, the job run at chosen instants,
// and GET /api/v1/supervision/data-quality read as the supervisor.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
}, 60_000)
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** Waits until both readers (the read model's and the spgl export's) have applied everything published so far. */
async function settled() {
  const last = (await (await jetstreamManager(w.nc)).streams.info(w.topology.stream)).state.last_seq
  await vi.waitFor(
    async () => {
      const { rows } = await w.db.pool.query<{ name: string; at: string }>(
        'SELECT name, last_sequence::text AS at FROM read_model_cursor WHERE name = ANY($1)',
        [[READ_MODEL, SPGL_READER]],
      )
      if (rows.length !== 2 || rows.some((r) => Number(r.at) < last)) throw new Error(`readers not at ${last} yet`)
    },
    { timeout: 30_000, interval: 50 },
  )
}

/** The job as a replica runs it: its own pool and commands over the same schema. */
function replica() {
  const { pool, schema } = createPool(w.db.url, 2)
  const prisma = createPrisma(pool, schema)
  w.defer(async () => {
    await prisma.$disconnect()
    await pool.end()
  })
  const commands = gatewayCommands(prisma, w.app.deps.calendar, pgTransaction(pool, prisma, { timeoutMs: 60_000 }))
  return spglExporter(commands, w.clock, 60_000)
}

const decided = (t: ReturnType<typeof task>, at: string, outcome: 'approved' | 'rejected' = 'approved') => ({
  task: {
    ...t,
    status: outcome,
    nationalCode: outcome === 'approved' ? 11 : 13,
    version: 2,
    decision: { outcome, decidedAt: at },
    updatedAt: at,
  },
})

const housing = { department: 'housing-construction', item: 'construction-permit' }
const planning = { department: 'natural-resources', item: 'planning-permit' }

describe('the export job', () => {
  it('exports every pending row exactly once while two replicas race, and leaves the admin route working', async () => {
    // The world's start (Monday 2 March 2026); the figures below are April's.
    const a = replica()
    const b = replica()
    let total = 0
    for (let round = 0; round < 4; round += 1) {
      await w.publish(ProjectRegisteredV1, ...Array.from({ length: 5 }, () => projectRegistered({ region: '441500' })))
      await settled()
      const { rows } = await w.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM spgl_row WHERE upload_status = 'pending'`,
      )
      const pending = rows[0]?.n ?? 0
      expect(pending).toBeGreaterThan(0)
      // Both at once, as two replicas' timers may fire: one carries them all, the other finds nothing.
      const carried = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()])
      expect(carried.reduce((n, c) => n + c, 0)).toBe(pending)
      expect(carried.filter((c) => c > 0)).toHaveLength(1)
      total += pending
    }
    const { rows: twice } = await w.db.pool.query(
      'SELECT table_name, row_key FROM spgl_batch_row GROUP BY 1, 2 HAVING count(*) > 1',
    )
    expect(twice).toEqual([])
    const { rows: counts } = await w.db.pool.query<{ carried: number; sent: number; by: string[] }>(
      `SELECT (SELECT count(*)::int FROM spgl_batch_row) AS carried,
              (SELECT count(*)::int FROM spgl_row WHERE upload_status = 'sent') AS sent,
              (SELECT array_agg(DISTINCT created_by) FROM spgl_export_batch) AS by`,
    )
    expect(counts[0]).toEqual({ carried: total, sent: total, by: [SPGL_EXPORT_JOB] })

    // The admin's export after the job: nothing new; with a new row, it carries it (and the job then finds nothing).
    const admin = w.token({ role: 'admin' })
    expect((await w.api('POST', '/api/v1/admin/exports', admin, {})).body.batch).toBeNull()
    await w.publish(ProjectRegisteredV1, projectRegistered({ region: '441500' }))
    await settled()
    const made = await w.api('POST', '/api/v1/admin/exports', admin, {})
    expect(made.status).toBe(201)
    expect(made.body.batch.createdBy).toBe('admin-1')
    expect(await a.runOnce()).toBe(0)

    // A batch the job made, read back by its id with the tables it carried (what `export spgl --batch` writes).
    const { rows: first } = await w.db.pool.query<{ id: string; n: number }>(
      `SELECT id::text, row_count AS n FROM spgl_export_batch WHERE created_by = $1 ORDER BY created_at, id LIMIT 1`,
      [SPGL_EXPORT_JOB],
    )
    const batch = first[0]
    if (!batch) throw new Error('the job made no batch')
    const read = await w.api('GET', `/api/v1/admin/exports/${batch.id}`, admin)
    expect(read.status).toBe(200)
    expect(read.body.batch).toMatchObject({ id: batch.id, createdBy: SPGL_EXPORT_JOB, rowCount: batch.n })
    const carried = Object.values(read.body.tables as Record<string, unknown[]>).reduce((n, t) => n + t.length, 0)
    expect(carried).toBe(batch.n)
    expect(read.body.tables.SPGL_XMJBXXB).toHaveLength(5)
    const none = await w.api('GET', `/api/v1/admin/exports/${uuidv7()}`, admin)
    expect([none.status, none.body.code, none.body.errors?.[0]?.field]).toEqual([
      404,
      'GATEWAY_EXPORT_NOT_FOUND',
      '/params/id',
    ])
    expect((await w.api('GET', `/api/v1/admin/exports/${batch.id}`, w.token({ role: 'supervisor' }))).status).toBe(403)
  }, 120_000)
})

describe('GET /api/v1/supervision/data-quality', () => {
  // Qinzhou (a district of it, counted under the city): application one's two departments in parallel, a follow-on
  // after them, application two's single task. 柳州市城中区 (its own target): two tasks of one department, then two
  // departments together.
  const qinzhou = projectRegistered({ region: '450702' })
  const chengzhong = projectRegistered({ region: '450202' })
  const one = uuidv7()
  const two = uuidv7()
  const three = uuidv7()
  const four = uuidv7()
  const q1 = task(qinzhou.projectId, one, { ...housing, step: 'six-item-bundle' })
  const q2 = task(qinzhou.projectId, one, { ...planning, step: 'six-item-bundle' })
  const followOn = task(qinzhou.projectId, one, {
    department: 'civil-air-defence',
    item: 'air-defence-filing',
    followOnOf: { applicationId: one, taskId: q1.taskId, item: q1.item },
  })
  const q3 = task(qinzhou.projectId, two, housing)
  const c1 = task(chengzhong.projectId, three, housing)
  const c2 = task(chengzhong.projectId, three, { ...housing, item: 'construction-drawing-review' })
  const c3 = task(chengzhong.projectId, four, housing)
  const c4 = task(chengzhong.projectId, four, planning)

  const MONTH = 'from=2026-04-01&to=2026-04-30'
  const get = async (query: string) => {
    const res = await w.app.inject({
      method: 'GET',
      url: `/api/v1/supervision/data-quality?${query}`,
      headers: { authorization: `Bearer ${w.token({ role: 'supervisor' })}` },
    })
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
    return { status: res.statusCode, body: res.json() as any }
  }
  /** The rows whose event happened at `at` (each phase below publishes at its own instant). */
  const rowsAt = async (at: string, licences = false) => {
    const { rows } = await w.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM spgl_row WHERE event_at = $1::timestamptz
         AND (NOT $2::boolean OR table_name = 'SPGL_XMSPSXPFWJXXB'
              OR (table_name = 'SPGL_XMSPSXBLXXXXB' AND fields->>'BLZT' IN ('11', '12', '13')))`,
      [at, licences],
    )
    return rows[0]?.n ?? 0
  }
  const job = () => spglExporter(w.app.deps.commands, w.clock, 60_000)

  // Wednesday 1 April 2026; its seventh working day after is 13 April (清明: 4–6 April rest), well before the 20th.
  const P1 = '2026-04-01T01:00:00.000Z'
  const P2 = '2026-04-01T02:00:00.000Z'
  const P3 = '2026-04-01T03:00:00.000Z'
  const P4 = '2026-04-20T03:00:00.000Z'

  beforeAll(async () => {
    // Phase 1, exported five minutes after: in time by both measures.
    w.clock.set(P1)
    await w.publish(ProjectRegisteredV1, qinzhou, chengzhong)
    await w.publish(StepTasksAssignedV1, {
      applicationId: one,
      projectId: qinzhou.projectId,
      step: 'six-item-bundle',
      tasks: [q1, q2],
    })
    await w.publish(TaskDecidedV1, decided(q1, P1), decided(q2, P1), decided(followOn, P1))
    await settled()
    w.clock.set('2026-04-01T01:05:00.000Z')
    await job().runOnce()
    // Phase 2, exported fifteen minutes after: late for the ten minutes, in time for the seven working days.
    w.clock.set(P2)
    await w.publish(TaskDecidedV1, decided(q3, P2, 'rejected'), decided(c1, P2), decided(c2, P2))
    await settled()
    w.clock.set('2026-04-01T02:15:00.000Z')
    await job().runOnce()
    // Phase 3, not exported until after its seventh working day: late by both.
    w.clock.set(P3)
    await w.publish(TaskDecidedV1, decided(c3, P3), decided(c4, P3))
    await settled()
  }, 60_000)

  it('counts 并联审批率 per region beside its target, a district with its own target on its own', async () => {
    w.clock.set(P4)
    const res = await get(MONTH)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.parallel).toEqual({
      decided: 8,
      parallel: 4, // q1, q2 (together), c3, c4 (together); not the follow-on, q3 alone, c1/c2 one department
      rate: 0.5,
      regions: [
        {
          region: '450202',
          name: '柳州市城中区',
          decided: 4,
          parallel: 2,
          rate: 0.5,
          target: 0.85,
          source: 'seeds/003_94aaff995eb82a62.txt:131',
          met: false,
        },
        {
          region: '450700',
          name: '钦州市',
          decided: 4,
          parallel: 2,
          rate: 0.5,
          target: 0.73,
          source: 'seeds/002_1df199ac40b74a39.txt:140',
          met: false,
        },
      ],
      truncated: false,
    })
    const qinzhouOnly = await get(`${MONTH}&region=450700`)
    expect(qinzhouOnly.body.region).toBe('450700')
    expect(qinzhouOnly.body.parallel.regions.map((r: { region: string }) => r.region)).toEqual(['450700'])
  })

  it('shares on time: within ten minutes, and licences and filings within seven working days', async () => {
    // Phase 4 on 20 April, not exported, read five minutes after: open by both measures.
    w.clock.set(P4)
    const c5 = task(chengzhong.projectId, uuidv7(), planning)
    await w.publish(TaskDecidedV1, decided(c5, P4))
    // An outside-line permit its department grants on the platform (外线工程行政审批): its 办结 row and its 批复文件 are
    // licence rows like a task's, counted with no change to the figures' SQL (its 已受理 row is not one).
    const permit = {
      kind: 'road-excavation' as const,
      department: 'urban-management',
      appliedOn: '2026-04-20',
      appliedAtVersion: 2,
    }
    const request = utilityRequest(chengzhong.projectId, { stage: 'outside-line-permits', lowRisk: false })
    await w.publish(UtilityRequestOpenedV1, { request })
    await w.publish(UtilityRequestAdvancedV1, {
      request: { ...request, permits: [{ ...permit, status: 'requested' }], version: 2, updatedAt: P4 },
      permitsApplied: ['road-excavation'],
    })
    await w.publish(UtilityRequestAdvancedV1, {
      request: {
        ...request,
        stage: 'construction',
        permits: [{ ...permit, status: 'granted', documentNo: '柳城管许〔2026〕1号', decidedOn: '2026-04-20' }],
        version: 3,
        updatedAt: P4,
      },
      // The department's decision: the event names the permit it decided.
      permitsDecided: ['road-excavation'],
    })
    await settled()
    w.clock.set('2026-04-20T03:05:00.000Z')
    const [r1, r2, r3, r4] = [await rowsAt(P1), await rowsAt(P2), await rowsAt(P3), await rowsAt(P4)]
    const [l1, l2, l3, l4] = [
      await rowsAt(P1, true),
      await rowsAt(P2, true),
      await rowsAt(P3, true),
      await rowsAt(P4, true),
    ]
    expect([r1, r2, r3, r4].every((n) => n > 0)).toBe(true)
    expect([l1, l2, l3, l4]).toEqual([3, 3, 2, 3]) // phase 4: c5's 办结, the permit's 办结 (11) and its 批复文件
    const before = (await get(MONTH)).body
    expect(before.sharedInMinutes).toEqual({
      inTime: r1,
      late: r2 + r3,
      open: r4,
      measured: r1 + r2 + r3,
      share: Math.round((r1 / (r1 + r2 + r3)) * 10_000) / 10_000,
      minutes: 10,
      target: 0.96,
      source: 'seeds/002_1df199ac40b74a39.txt:140',
    })
    expect(before.sharedInWorkingDays).toEqual({
      inTime: l1 + l2,
      late: l3,
      open: l4,
      measured: l1 + l2 + l3,
      share: Math.round(((l1 + l2) / (l1 + l2 + l3)) * 10_000) / 10_000,
      workingDays: 7,
      source: 'seeds/001_0e3240fd3cfcfd1e.txt:134',
    })

    // Exported now: phase 3 stays late (shared after its time), phase 4 is in time (five minutes, the same day).
    await job().runOnce()
    const after = (await get(MONTH)).body
    expect([after.sharedInMinutes.inTime, after.sharedInMinutes.late, after.sharedInMinutes.open]).toEqual([
      r1 + r4,
      r2 + r3,
      0,
    ])
    expect([after.sharedInWorkingDays.inTime, after.sharedInWorkingDays.late]).toEqual([l1 + l2 + l4, l3])
    // March's rows (the race above, exported at the instant of their events) are March's alone: in time, none late.
    const march = (await get('from=2026-03-01&to=2026-03-31')).body.sharedInMinutes
    expect([march.inTime > 0, march.late, march.open]).toEqual([true, 0, 0])
  })

  it('counts the outside-line permits decided on the platform in 并联审批率: a round’s permits at two departments in parallel, one applied for again alone not', async () => {
    // Qinzhou, 21 April: a request applies for two permits at two departments together (plan-done, version 2); one is
    // granted, the other refused, applied for again alone (version 5) and granted. 柳州市城中区 has the permit above,
    // decided alone on 20 April, and c5 (one department's task) beside its tasks of phase 1–3.
    const P5 = '2026-04-21T03:00:00.000Z'
    w.clock.set(P5)
    type Permit = UtilityRequestAdvancedBody['request']['permits'][number]
    const applied = { appliedOn: '2026-04-21', appliedAtVersion: 2 }
    const road: Permit = { kind: 'road-excavation', status: 'requested', department: 'urban-management', ...applied }
    const traffic: Permit = {
      kind: 'traffic-organisation',
      status: 'requested',
      department: 'public-security',
      ...applied,
    }
    const granted: Permit = { ...road, status: 'granted', documentNo: '钦城管许〔2026〕2号', decidedOn: '2026-04-21' }
    const refused: Permit = { ...traffic, status: 'refused', reason: '未设置绕行指引', decidedOn: '2026-04-21' }
    const again: Permit = {
      ...traffic,
      appliedAtVersion: 5,
      reapplication: { change: '增设绕行指引', refusedOn: '2026-04-21', refusalReason: '未设置绕行指引' },
    }
    const request = utilityRequest(qinzhou.projectId, { stage: 'outside-line-permits', lowRisk: false })
    const moved = (version: number, permits: Permit[]) => ({ request: { ...request, permits, version, updatedAt: P5 } })
    await w.publish(UtilityRequestOpenedV1, { request })
    await w.publish(UtilityRequestAdvancedV1, {
      ...moved(2, [road, traffic]),
      permitsApplied: ['road-excavation', 'traffic-organisation'],
    })
    await w.publish(UtilityRequestAdvancedV1, { ...moved(3, [granted, traffic]), permitsDecided: ['road-excavation'] })
    await w.publish(UtilityRequestAdvancedV1, {
      ...moved(4, [granted, refused]),
      permitsDecided: ['traffic-organisation'],
    })
    await w.publish(UtilityRequestAdvancedV1, {
      ...moved(5, [granted, again]),
      permitsApplied: ['traffic-organisation'],
    })
    await w.publish(UtilityRequestAdvancedV1, {
      ...moved(6, [granted, { ...again, status: 'granted', documentNo: '钦公交〔2026〕3号', decidedOn: '2026-04-21' }]),
      permitsDecided: ['traffic-organisation'],
    })
    // And a task of an ordinary approval flow handling a permit's item code (440600's 5g-base-station, a
    // utility-outside-line flow where it is not exempt): a task, counted once, as a task, not again as a permit.
    const five = uuidv7()
    const roadTask = task(qinzhou.projectId, five, {
      department: 'urban-management',
      item: 'city-road-occupation-excavation',
      step: 'outside-line-permits',
    })
    await w.publish(StepTasksAssignedV1, {
      applicationId: five,
      projectId: qinzhou.projectId,
      step: 'outside-line-permits',
      tasks: [roadTask],
    })
    await w.publish(TaskDecidedV1, decided(roadTask, P5))
    await settled()
    const { parallel } = (await get(MONTH)).body
    // Qinzhou: its 5 tasks (2 parallel; the road task alone) and 3 permit decisions — round 2's grant and refusal in
    // parallel, round 5's grant alone. 城中区: its 5 tasks (2 parallel) and the permit decided alone.
    expect([parallel.decided, parallel.parallel]).toEqual([14, 6])
    expect(
      parallel.regions.map((r: { region: string; decided: number; parallel: number }) => [
        r.region,
        r.decided,
        r.parallel,
      ]),
    ).toEqual([
      ['450202', 6, 2],
      ['450700', 8, 4],
    ])
    // A region asked for alone counts its own permits only.
    const qinzhouOnly = (await get(`${MONTH}&region=450700`)).body.parallel
    expect([qinzhouOnly.decided, qinzhouOnly.parallel]).toEqual([8, 4])
    // The decisions are counted on their day: May has none of them.
    expect((await get('from=2026-05-01&to=2026-05-31')).body.parallel.decided).toBe(0)
  })

  it('answers problem+json for a range that ends before it starts, and refuses roles other than the supervisor', async () => {
    const bad = await get('from=2026-03-31&to=2026-03-01')
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('GATEWAY_STATS_RANGE_INVALID')
    expect(bad.body.errors[0].field).toBe('/querystring/to')
    const unbounded = await get('from=2026-03-01&to=2026-03-31&region=4507')
    expect(unbounded.status).toBe(400)
    const owner = await w.app.inject({
      method: 'GET',
      url: `/api/v1/supervision/data-quality?${MONTH}`,
      headers: { authorization: `Bearer ${w.token({ role: 'owner', creditCode: '91450700MA5KXXXX0X' })}` },
    })
    expect(owner.statusCode).toBe(403)
  })
})

describe('an export that waits for the lock', () => {
  it("dates its batch after the lock is taken: never before an event whose row it carries (the admin's and the job's)", async () => {
    for (const run of [
      () => replica().runOnce(),
      () => w.api('POST', '/api/v1/admin/exports', w.token({ role: 'admin' }), {}),
    ]) {
      // A row pending at 10:00; another export holds the lock.
      w.clock.set('2026-05-11T02:00:00.000Z')
      await w.publish(ProjectRegisteredV1, projectRegistered({ region: '441500' }))
      await settled()
      const holder = await w.db.pool.connect()
      try {
        await holder.query('BEGIN')
        await holder.query(`SELECT pg_advisory_xact_lock(hashtext('spgl_export'))`)
        // This export starts at 10:00 and waits for the lock.
        const waiting = run()
        await vi.waitFor(
          async () => {
            const { rows } = await w.db.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
            )
            if ((rows[0]?.n ?? 0) < 1) throw new Error('the export is not waiting for the lock yet')
          },
          { timeout: 30_000, interval: 20 },
        )
        // While it waits, an event at 10:07 commits its row.
        w.clock.set('2026-05-11T02:07:00.000Z')
        await w.publish(ProjectRegisteredV1, projectRegistered({ region: '441500' }))
        await settled()
        await holder.query('COMMIT')
        await waiting
      } finally {
        holder.release()
      }
    }
    const { rows } = await w.db.pool.query<{ id: string; created: string; latest: string }>(
      `SELECT b.id::text, b.created_at::text AS created, max(r.event_at)::text AS latest
       FROM spgl_export_batch b JOIN spgl_batch_row x ON x.batch_id = b.id
       JOIN spgl_row r ON r.table_name = x.table_name AND r.row_key = x.row_key
       WHERE r.event_at >= '2026-05-11' GROUP BY b.id, b.created_at`,
    )
    expect(rows).toHaveLength(2)
    for (const b of rows) expect(new Date(b.created) >= new Date(b.latest), JSON.stringify(b)).toBe(true)
  }, 120_000)
})
