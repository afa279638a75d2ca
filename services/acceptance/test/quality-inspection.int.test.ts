import { QualityInspectionAssignedV1, QualityInspectionRecordedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, OWNER, outboxBodies, owner, shanweiProject, type World } from './helpers.js'

// 工程质量安全监督 "双随机、一公开" (004:1856) on real PostgreSQL and NATS: a round draws from the projects whose
// construction permit acceptance heard granted, writes one row and one outbox event per drawn project in one
// transaction; an assigned inspector's result is published; a once-only project is not drawn again.

const START = '2026-12-07T02:00:00Z'
const body = { sub: 'officer-1', role: 'reviewer', department: 'housing-construction' }
const pool = [
  { sub: 'insp-a', name: '检查员甲' },
  { sub: 'insp-b', name: '检查员乙' },
  { sub: 'insp-c', name: '检查员丙' },
]
const inspectorActor = (sub: string) => ({ sub, role: 'reviewer', department: 'housing-construction' })

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START, { qualityRoundSeed: () => 20261207 })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

type Inspection = {
  inspectionId: string
  projectId: string
  inspectors: Array<{ sub: string; name: string }>
  onceOnly: boolean
  riskGrade: string
}

describe('双随机、一公开', () => {
  it('draws the permitted projects only, records a result once by an assigned inspector, publishes it, never redraws a once-only project', async () => {
    const general = await aProject(w)
    const simple = await shanweiProject(w)
    // Registered, no construction permit: not under supervision.
    const unpermitted = await aProject(w, 'industrial-land-with-scheme', [])

    const draw = (payload: object, actor: object = body) => call(w, 'POST', '/quality-rounds', actor, payload)
    const round = await draw({ projects: 5, inspectorsPerProject: 2, pool })
    expect(round.status, JSON.stringify(round.body)).toBe(201)
    expect(round.body.seed).toBe(20261207)
    const drawn: Inspection[] = round.body.inspections
    expect(drawn.map((i) => i.projectId).sort()).toEqual([general, simple].sort())
    expect(drawn.map((i) => i.projectId)).not.toContain(unpermitted)
    const bySimple = drawn.find((i) => i.projectId === simple) as Inspection
    expect(bySimple).toMatchObject({ onceOnly: true, riskGrade: 'low' })
    for (const i of drawn) expect(i.inspectors).toHaveLength(2)
    const stored = await w.db.pool.query('SELECT project_id::text, status FROM quality_inspection ORDER BY project_id')
    expect(stored.rows.map((r) => r.status)).toEqual(['assigned', 'assigned'])
    const assigned = await outboxBodies(w, QualityInspectionAssignedV1)
    expect(assigned.map((b) => b.inspection.inspectionId).sort()).toEqual(drawn.map((i) => i.inspectionId).sort())

    // Nothing drawable while both wait for their results: 409, nothing written.
    const none = await draw({ projects: 1, inspectorsPerProject: 1, pool })
    expect([none.status, none.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_NOTHING_TO_DRAW'])

    // Hostile: another department's reviewer, an unassigned inspector, an unknown inspection, bad bounds.
    const other = await draw({ projects: 1, inspectorsPerProject: 1, pool }, { ...body, department: 'water' })
    expect([other.status, other.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_SUPERVISION_BODY'])
    const record = (id: string, actor: object, payload: object) =>
      call(w, 'POST', `/quality-inspections/${id}/result`, actor, payload)
    const notAssigned = pool.find((p) => !bySimple.inspectors.some((x) => x.sub === p.sub)) as { sub: string }
    const stranger = await record(bySimple.inspectionId, inspectorActor(notAssigned.sub), { outcome: 'pass' })
    expect([stranger.status, stranger.body.code]).toEqual([403, 'ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR'])
    const unknown = await record('01890000-0000-7000-8000-00000000dead', inspectorActor('insp-a'), { outcome: 'pass' })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ACCEPTANCE_QUALITY_INSPECTION_NOT_FOUND'])
    const inspector = inspectorActor(bySimple.inspectors[0]?.sub as string)
    const noItems = await record(bySimple.inspectionId, inspector, { outcome: 'rectify' })
    expect(noItems.status).toBe(422)
    expect(noItems.body).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_RESULT_INVALID',
      errors: [{ field: '/body/items' }],
    })
    const long = await record(bySimple.inspectionId, inspector, { outcome: 'rectify', items: ['项'.repeat(501)] })
    expect(long.status).toBe(400)
    expect(JSON.stringify(long.body.errors)).toContain('/body/items/0')
    // The account is not a published name; a pool of exactly K would pick its inspectors outright.
    const accountAsName = await draw({
      projects: 1,
      inspectorsPerProject: 1,
      pool: [...pool, { sub: 'x9', name: 'x9' }],
    })
    expect(accountAsName.status).toBe(422)
    expect(accountAsName.body).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      errors: [{ field: '/body/pool/3/name' }],
    })
    const poolOfOne = await draw({ projects: 1, inspectorsPerProject: 1, pool: pool.slice(0, 1) })
    expect(poolOfOne.status).toBe(422)
    expect(poolOfOne.body).toMatchObject({ code: 'ACCEPTANCE_QUALITY_POOL_INVALID', errors: [{ field: '/body/pool' }] })
    const tooMany = await draw({ projects: 51, inspectorsPerProject: 1, pool })
    expect(tooMany.status).toBe(400)
    expect(JSON.stringify(tooMany.body.errors)).toContain('/body/projects')
    expect((await w.db.pool.query("SELECT 1 FROM quality_inspection WHERE status = 'recorded'")).rowCount).toBe(0)

    const unit = { role: 'builder', name: '汕尾建工集团', creditCode: '91441500MA4UW8XL3H' }
    const ownerUnit = { role: 'owner', name: OWNER.name, creditCode: OWNER.creditCode }
    const ok = await record(bySimple.inspectionId, inspector, {
      outcome: 'rectify',
      items: ['临边防护栏杆高度不足'],
      units: [ownerUnit, unit],
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.inspection).toMatchObject({
      status: 'recorded',
      recordedBy: inspector.sub,
      recordedOn: '2026-12-07',
    })
    const again = await record(bySimple.inspectionId, inspector, { outcome: 'pass' })
    expect([again.status, again.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_INSPECTION_RECORDED'])
    const recorded = await outboxBodies(w, QualityInspectionRecordedV1)
    expect(recorded).toHaveLength(1)
    expect(recorded[0]?.inspection.result).toMatchObject({ outcome: 'rectify', units: [ownerUnit, unit] })

    // 一公开: with no caller at all, the result without the inspectors' accounts.
    const published = await call(w, 'GET', '/quality-inspections/published')
    expect(published.status).toBe(200)
    expect(published.body.inspections).toHaveLength(1)
    expect(published.body.inspections[0]).toMatchObject({
      projectId: simple,
      result: { items: ['临边防护栏杆高度不足'] },
    })
    expect(JSON.stringify(published.body)).not.toContain(inspector.sub)
    // Units by role and name: no 统一社会信用代码 goes out without a token, the owner's least of all.
    expect(published.body.inspections[0].result.units).toEqual([
      { role: 'owner', name: OWNER.name },
      { role: 'builder', name: unit.name },
    ])
    expect(JSON.stringify(published.body)).not.toContain(OWNER.creditCode)
    expect(JSON.stringify(published.body)).not.toContain(unit.creditCode)
    const mine = await call(w, 'GET', `/projects/${simple}/quality-inspections`, owner)
    expect(mine.body.inspections.map((i: Inspection) => i.inspectionId)).toEqual([bySimple.inspectionId])
    const list = await call(w, 'GET', '/quality-inspections', body)
    expect(list.body.inspections).toHaveLength(2)
    const ownerList = await call(w, 'GET', '/quality-inspections', owner)
    expect([ownerList.status, ownerList.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_SUPERVISION_BODY'])

    // 原则上只开展一次: the simple low-risk project, inspected, is never drawn again; the general one is, once recorded.
    const generalInspection = drawn.find((i) => i.projectId === general) as Inspection
    const g = inspectorActor(generalInspection.inspectors[0]?.sub as string)
    expect((await record(generalInspection.inspectionId, g, { outcome: 'pass' })).status).toBe(200)
    const next = await draw({ projects: 5, inspectorsPerProject: 1, pool })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
    expect(next.body.inspections.map((i: Inspection) => i.projectId)).toEqual([general])

    // One damaged stored row never breaks a list: the published results go on without it; a command on it fails whole.
    expect((await call(w, 'GET', '/quality-inspections/published')).body.inspections).toHaveLength(2)
    await w.db.pool.query(
      `UPDATE quality_inspection SET state = jsonb_set(state, '{riskGrade}', '"extreme"') WHERE id = $1`,
      [generalInspection.inspectionId],
    )
    const without = await call(w, 'GET', '/quality-inspections/published')
    expect(without.status).toBe(200)
    expect(without.body.inspections.map((i: Inspection) => i.inspectionId)).toEqual([bySimple.inspectionId])
    expect((await call(w, 'GET', '/quality-inspections', body)).body.inspections).toHaveLength(2)
  })
})

describe('双随机 within a region, and rounds at once', () => {
  let v: World
  beforeAll(async () => {
    v = await acceptanceWorld(START)
  })
  afterAll(async () => {
    await v?.[Symbol.asyncDispose]()
  })

  it('a regional reviewer draws and lists only the projects its region covers', async () => {
    const foshan = await aProject(v) // 440600
    const shanwei = await shanweiProject(v) // 441500
    const inShanwei = { ...body, sub: 'officer-sw', region: '441500' }
    const inFoshan = { ...body, sub: 'officer-fs', region: '440604' } // 禅城: a county of 佛山, not the city's own row
    const swRound = await call(v, 'POST', '/quality-rounds', inShanwei, { projects: 5, inspectorsPerProject: 1, pool })
    expect(swRound.status, JSON.stringify(swRound.body)).toBe(201)
    expect(swRound.body.inspections.map((i: Inspection) => i.projectId)).toEqual([shanwei])
    // 佛山's project is outside 禅城 (a county does not cover its city's own code) and 汕尾's is drawn: nothing.
    const fsNone = await call(v, 'POST', '/quality-rounds', inFoshan, { projects: 5, inspectorsPerProject: 1, pool })
    expect([fsNone.status, fsNone.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_NOTHING_TO_DRAW'])
    // The body with no region draws what is left: 佛山's.
    const all = await call(v, 'POST', '/quality-rounds', body, { projects: 5, inspectorsPerProject: 1, pool })
    expect(all.body.inspections.map((i: Inspection) => i.projectId)).toEqual([foshan])

    const listOf = async (actor: object) =>
      (await call(v, 'GET', '/quality-inspections', actor)).body.inspections.map((i: Inspection) => i.projectId)
    expect(await listOf(inShanwei)).toEqual([shanwei])
    expect(await listOf({ ...body, region: '440600' })).toEqual([foshan])
    expect(await listOf(inFoshan)).toEqual([])
    expect((await listOf({ ...body, region: '440000' })).sort()).toEqual([foshan, shanwei].sort())
    expect((await listOf(body)).sort()).toEqual([foshan, shanwei].sort())
  })

  it('rounds at once over one once-only project: exactly one draws it, the others find nothing', async () => {
    const once = await shanweiProject(v)
    const round = () => call(v, 'POST', '/quality-rounds', body, { projects: 5, inspectorsPerProject: 1, pool })
    // Four at once rather than two, so the reads of the project overlap however the requests happen to interleave.
    const rounds = await Promise.all([round(), round(), round(), round()])
    const drew = rounds.filter(
      (r) => r.status === 201 && r.body.inspections.some((i: Inspection) => i.projectId === once),
    )
    expect(drew).toHaveLength(1)
    for (const other of rounds.filter((r) => r !== drew[0])) {
      expect([other.status, other.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_NOTHING_TO_DRAW'])
    }
    const rows = await v.db.pool.query('SELECT 1 FROM quality_inspection WHERE project_id = $1', [once])
    expect(rows.rowCount).toBe(1)
  })
})
