import {
  QualityInspectionAssignedV1,
  QualityInspectionReassignedV1,
  QualityInspectionRecordedV1,
  StepDecidedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  acceptanceWorld,
  aProject,
  call,
  lead,
  OWNER,
  outboxBodies,
  owner,
  publish,
  reviewer,
  shanweiProject,
  type World,
} from './helpers.js'

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
    // Another department's reviewer (the console offers it no menu entry) is refused the list too.
    const waterList = await call(w, 'GET', '/quality-inspections', { ...body, sub: 'r-w', department: 'water' })
    expect([waterList.status, waterList.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_SUPERVISION_BODY'])

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

// Supervision runs 在施工过程中 (004:1856): works whose joint completion acceptance passed are finished, and no round
// draws them — the whole project's pass, or, built under unit-work permits alone, every permitted building's.
describe('双随机 leaves out finished works', () => {
  let x: World
  beforeAll(async () => {
    x = await acceptanceWorld(START)
  })
  afterAll(async () => {
    await x?.[Symbol.asyncDispose]()
  })

  const ITEM_DEPT: Record<string, string> = {
    'planning-condition-verification': 'natural-resources',
    'fire-acceptance-filing': 'housing-construction',
    'civil-air-defence-completion-filing': 'civil-air-defence',
    'completion-acceptance-filing': 'housing-construction',
  }
  /** The owner applies, the lead schedules, every department passes its item: the case passed. */
  async function passAcceptance(projectId: string, part?: string) {
    const opened = await call(x, 'POST', `/projects/${projectId}/acceptance`, owner, part ? { part } : {})
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const caseId: string = opened.body.case.caseId
    const scheduled = await call(x, 'POST', `/acceptance/${caseId}/inspection`, lead, {
      date: '2026-12-09',
      place: 'site office',
      participants: [...new Set(Object.values(ITEM_DEPT))],
    })
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200)
    let last = scheduled
    for (const [item, department] of Object.entries(ITEM_DEPT)) {
      last = await call(x, 'POST', `/acceptance/${caseId}/opinions`, reviewer(department), { item, opinion: 'pass' })
      expect(last.status, JSON.stringify(last.body)).toBe(200)
    }
    expect(last.body.case.status).toBe('passed')
  }
  /** A project with no whole-project permit, each of `parts` permitted on its own (按照单位工程). */
  async function partsOnly(parts: readonly string[]) {
    const projectId = await aProject(x, 'industrial-land-with-scheme', ['land-planning-permit'])
    for (const part of parts) {
      const applicationId = uuidv7()
      await publish(
        x,
        StepDecidedV1,
        {
          applicationId,
          projectId,
          step: 'construction-permit',
          part,
          outcome: 'approved',
          decidedAt: '2026-02-03T01:00:00.000Z',
          decidedOn: '2026-02-03',
          tasks: [{ taskId: uuidv7(), item: 'construction-permit', department: 'x', outcome: 'approved' }],
        },
        applicationId,
      )
    }
    await expect
      .poll(
        async () => (await x.db.pool.query('SELECT 1 FROM approved_part WHERE project_id = $1', [projectId])).rowCount,
      )
      .toBe(parts.length)
    return projectId
  }

  it('draws neither a project whose joint acceptance passed nor one whose every permitted building passed', async () => {
    const passedWhole = await aProject(x)
    await passAcceptance(passedWhole)
    const allBuildings = await partsOnly(['1号楼'])
    await passAcceptance(allBuildings, '1号楼')
    // One building passed, another still building: the works go on.
    const oneOfTwo = await partsOnly(['1号楼', '2号楼'])
    await passAcceptance(oneOfTwo, '1号楼')
    // Its case open, not passed: still under construction.
    const building = await aProject(x)
    const opened = await call(x, 'POST', `/projects/${building}/acceptance`, owner, {})
    expect(opened.status).toBe(201)

    const round = await call(x, 'POST', '/quality-rounds', body, { projects: 10, inspectorsPerProject: 1, pool })
    expect(round.status, JSON.stringify(round.body)).toBe(201)
    expect(round.body.inspections.map((i: Inspection) => i.projectId).sort()).toEqual([oneOfTwo, building].sort())
    drawnOf = Object.fromEntries(round.body.inspections.map((i: Inspection) => [i.projectId, i]))
    roundId = round.body.roundId
    order = [building, oneOfTwo]
  })

  let drawnOf: Record<string, Inspection & { roundId: string }> = {}
  let roundId = ''
  let order: string[] = []

  // 回避 / 改派: the body names whom it replaces and why; the replacement is drawn from the rest of the round's pool
  // (kept with the round), with a seed of its own; before a result only; audited, and an event.
  it('reassigns a drawn inspector to one drawn from the rest of the pool, before a result only', async () => {
    const [a, b] = order.map((p) => drawnOf[p] as Inspection & { roundId: string })
    if (!a || !b) throw new Error('the round drew nothing')
    const kept = await x.db.pool.query('SELECT pool FROM quality_round WHERE id = $1', [roundId])
    expect(kept.rows[0]?.pool).toEqual(pool)
    const reassign = (id: string, payload: object, actor: object = body) =>
      call(x, 'POST', `/quality-inspections/${id}/reassign`, actor, payload)
    const before = a.inspectors[0] as { sub: string; name: string }
    const reason = '回避：与施工单位存在利害关系'

    // Hostile first: another department, an unknown inspection, another region's reviewer, a stranger named, bounds.
    const other = await reassign(a.inspectionId, { inspector: before.sub, reason }, { ...body, department: 'water' })
    expect([other.status, other.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_SUPERVISION_BODY'])
    const unknown = await reassign('01890000-0000-7000-8000-00000000dead', { inspector: before.sub, reason })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ACCEPTANCE_QUALITY_INSPECTION_NOT_FOUND'])
    const elsewhere = await reassign(a.inspectionId, { inspector: before.sub, reason }, { ...body, region: '441500' })
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'ACCEPTANCE_QUALITY_INSPECTION_NOT_FOUND'])
    const stranger = await reassign(a.inspectionId, { inspector: 'nobody', reason })
    expect(stranger.status).toBe(422)
    expect(stranger.body).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID',
      errors: [{ field: '/body/inspector' }],
    })
    const long = await reassign(a.inspectionId, { inspector: before.sub, reason: '因'.repeat(501) })
    expect(long.status).toBe(400)
    expect(JSON.stringify(long.body.errors)).toContain('/body/reason')
    expect(await outboxBodies(x, QualityInspectionReassignedV1)).toEqual([])

    const done = await reassign(a.inspectionId, { inspector: before.sub, reason })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    const after = done.body.inspection
    const now = after.inspectors[0] as { sub: string }
    expect(pool.map((p) => p.sub)).toContain(now.sub)
    expect(now.sub).not.toBe(before.sub)
    expect(after.reassignments).toEqual([
      expect.objectContaining({ replaced: before, drawn: now, reason, among: 2, by: body.sub, on: '2026-12-07' }),
    ])
    expect(after).toMatchObject({ status: 'assigned', revision: 2 })
    const events = await outboxBodies(x, QualityInspectionReassignedV1)
    expect(events.map((e) => [e.inspection.inspectionId, e.inspection.revision, e.actor])).toEqual([
      [a.inspectionId, 2, body.sub],
    ])
    const audit = await x.db.pool.query('SELECT action, outcome FROM audit_entry WHERE object = $1 ORDER BY position', [
      `quality-inspection:${a.inspectionId}`,
    ])
    expect(audit.rows.at(-1)).toEqual({ action: 'acceptance.quality.reassign', outcome: 'done' })

    // The one replaced no longer records; the one drawn does, and then the inspection is not reassigned.
    const record = (sub: string) =>
      call(x, 'POST', `/quality-inspections/${a.inspectionId}/result`, inspectorActor(sub), { outcome: 'pass' })
    expect((await record(before.sub)).body.code).toBe('ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR')
    expect((await record(now.sub)).status).toBe(200)
    const late = await reassign(a.inspectionId, { inspector: now.sub, reason })
    expect([late.status, late.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_INSPECTION_RECORDED'])

    // A pool of three, one inspector a project: the seat is reassigned once, by its own inspector (its own 回避);
    // its replacement is not replaced again, whoever asks; the one replaced is no longer one of its inspectors.
    const seat = (b.inspectors[0] as { sub: string }).sub
    const own = await reassign(b.inspectionId, { inspector: seat, reason: '回避' }, inspectorActor(seat))
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    const replacement = own.body.inspection.inspectors[0].sub
    expect(replacement).not.toBe(seat)
    expect(pool.map((i) => i.sub)).toContain(replacement)
    expect(own.body.inspection.reassignments).toEqual([
      expect.objectContaining({ replaced: b.inspectors[0], among: 2, by: seat }),
    ])
    for (const actor of [body, inspectorActor(replacement)]) {
      const again = await reassign(b.inspectionId, { inspector: replacement, reason: '调离' }, actor)
      expect([again.status, again.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_SEAT_REASSIGNED'])
    }
    const gone = await reassign(b.inspectionId, { inspector: seat, reason: '调离' })
    expect([gone.status, gone.body.code]).toEqual([422, 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID'])
    expect((await outboxBodies(x, QualityInspectionReassignedV1)).map((e) => e.inspection.inspectionId)).toEqual([
      a.inspectionId,
      b.inspectionId,
    ])
    // A co-inspector does not replace another's seat; nobody left in the pool for a seat not yet reassigned.
    await aProject(x)
    const two = await call(x, 'POST', '/quality-rounds', body, { projects: 1, inspectorsPerProject: 2, pool })
    expect(two.status, JSON.stringify(two.body)).toBe(201)
    const c = two.body.inspections[0] as Inspection & { roundId: string }
    const [p, q] = c.inspectors.map((i) => i.sub) as [string, string]
    const co = await reassign(c.inspectionId, { inspector: p, reason: '调离' }, inspectorActor(q))
    expect([co.status, co.body.code]).toEqual([403, 'ACCEPTANCE_QUALITY_NOT_OWN_SEAT'])
    const first = await reassign(c.inspectionId, { inspector: p, reason: '调离' })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    const exhausted = await reassign(c.inspectionId, { inspector: q, reason: '调离' })
    expect([exhausted.status, exhausted.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_POOL_EXHAUSTED'])
    // A round drawn before pools were kept: nothing to draw from, and the body may not name one.
    await x.db.pool.query('DELETE FROM quality_round WHERE id = $1', [two.body.roundId])
    const notKept = await reassign(c.inspectionId, { inspector: q, reason: '调离' })
    expect([notKept.status, notKept.body.code]).toEqual([409, 'ACCEPTANCE_QUALITY_POOL_NOT_KEPT'])
  })
})
