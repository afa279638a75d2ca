import type { AcceptancePermitCopy, AcceptanceProjectCopy } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, OWNER, owner, permitted, type World } from './helpers.js'

// A project registered longer ago than the stream keeps events (30 days), whose `project.registered` acceptance never
// consumed (a schema restored, a copy lost): acceptance will never hear of it. The gateway sends the project as its
// read model holds it with the commands that need acceptance's copy, and acceptance keeps that copy when it has none
// (docs/architecture.md, "A project a service never heard of").

const START = '2026-03-02T02:00:00Z'
const SURVEYOR = { name: '佛山测绘院', creditCode: '91440600MA4UW8XL3H' }

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

let counter = 0
/** The project as the gateway's read model holds it (what `heldForAcceptance` sends). */
const copyOf = (extra: Partial<AcceptanceProjectCopy> = {}): AcceptanceProjectCopy => {
  counter += 1
  return {
    projectCode: `2025-440600-47-01-${String(counter).padStart(6, '0')}`,
    name: `Old factory ${counter}`,
    region: '440600',
    location: '佛山市南海区',
    projectType: 'industrial-land-with-scheme',
    owner: OWNER,
    catalogueVersion: 'foshan-2025',
    registeredAt: '2025-11-03T01:00:00.000Z',
    ...extra,
  }
}

/** Acceptance's copy of the project, in the copy's own shape. */
const kept = async (projectId: string) =>
  (
    await w.db.pool.query(
      `SELECT project_code AS "projectCode", name, region, location, project_type AS "projectType",
              json_build_object('name', owner_name, 'creditCode', owner_credit_code) AS owner,
              catalogue_version AS "catalogueVersion", registered_at AS "registeredAt"
         FROM project WHERE id = $1`,
      [projectId],
    )
  ).rows.map((r) => ({ ...r, registeredAt: (r.registeredAt as Date).toISOString() }))

/** The permit's decision as the gateway's read model holds it (what the joint-acceptance route sends). */
const permitCopy = (phase?: AcceptancePermitCopy['phase']): AcceptancePermitCopy => ({
  applicationId: uuidv7(),
  decidedAt: '2025-10-14T02:30:00.000Z',
  ...(phase ? { phase } : {}),
})
const phase = (number: number, count = 4) => ({ code: `phase-${number}`, name: `第${number}阶段`, number, count })

/** Acceptance's records of the permit: the approved item and the latest phase approved before the last. */
const permitRecords = async (projectId: string) => ({
  item: (
    await w.db.pool.query(
      `SELECT application_id::text AS "applicationId", decided_at AS "decidedAt"
         FROM approved_item WHERE project_id = $1 AND item = 'construction-permit'`,
      [projectId],
    )
  ).rows.map((r) => ({ ...r, decidedAt: (r.decidedAt as Date).toISOString() })),
  phase: (
    await w.db.pool.query(
      `SELECT application_id::text AS "applicationId", phase FROM approved_phase
        WHERE project_id = $1 AND item = 'construction-permit'`,
      [projectId],
    )
  ).rows,
})

describe('a project whose registration acceptance never heard', () => {
  it('opens the joint acceptance on the copy the gateway sends, and keeps it', async () => {
    const projectId = uuidv7()
    // The construction permit approved: a step decision acceptance heard (within the stream's retention).
    await permitted(w, projectId)
    // Without the copy, acceptance has no project to open a case for (the gateway then asks again).
    expect((await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).body.code).toBe(
      'ACCEPTANCE_PROJECT_NOT_FOUND',
    )

    const project = copyOf()
    const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { part: 'workshop 1', project })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    // Configured from the copy's type and region: Foshan's catalogue for an industrial project with a scheme.
    expect(opened.body.case).toMatchObject({
      projectId,
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      part: 'workshop 1',
      owner: OWNER,
      lead: 'housing-construction',
    })
    expect(await kept(projectId)).toEqual([project])
  })

  it('commissions a survey on the copy the gateway sends, and keeps it', async () => {
    const projectId = uuidv7()
    // A project registered before its location and catalogue pin were kept has neither.
    const { location: _location, catalogueVersion: _pin, ...project } = copyOf()
    const res = await call(w, 'POST', `/projects/${projectId}/survey-commissions`, owner, {
      stage: 'completion',
      surveyor: SURVEYOR,
      project,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.commission).toMatchObject({ projectId, stage: 'completion' })
    expect(await kept(projectId)).toEqual([{ ...project, location: null, catalogueVersion: null }])
  })

  it('leaves a copy it has as it is, and still checks the owner against it', async () => {
    const projectId = await aProject(w)
    const before = await kept(projectId)
    // A copy that disagrees (another owner) changes nothing: acceptance's own copy, from the event, decides.
    const other = { ...owner, creditCode: '91440600MA4UW8XL3K' }
    const project = copyOf({ name: 'Renamed', owner: { name: 'Someone else', creditCode: other.creditCode } })
    const refused = await call(w, 'POST', `/projects/${projectId}/survey-commissions`, other, {
      stage: 'permits',
      surveyor: SURVEYOR,
      project,
    })
    expect([refused.status, refused.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_OWNER'])
    const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { project })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(await kept(projectId)).toEqual(before)
  })

  it('refuses a copy that is not one (400 naming the field), writing nothing', async () => {
    const projectId = uuidv7()
    const { owner: _, ...ownerless } = copyOf()
    const res = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { project: ownerless })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.errors)).toContain('/body/project')
    expect(await kept(projectId)).toEqual([])
  })
})

// A construction permit decided longer ago than the stream keeps events (30 days), whose `step.decided` acceptance
// never consumed: without the gateway's copy of the decision it refuses the case for a permit that was granted.
describe('a permit decision acceptance never heard', () => {
  const open = (projectId: string, body: object) => call(w, 'POST', `/projects/${projectId}/acceptance`, owner, body)

  it('opens the joint acceptance on the copies the gateway sends, recording the permit as if it had heard it', async () => {
    const projectId = uuidv7()
    const project = copyOf()
    // Without the permit's copy, the answer is the refusal the defect was: no permit granted.
    const refused = await open(projectId, { project })
    expect([refused.status, refused.body.code]).toEqual([409, 'ACCEPTANCE_PERMIT_NOT_GRANTED'])

    const permit = permitCopy()
    const opened = await open(projectId, { part: 'workshop 1', project, permit })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.case).toMatchObject({ projectId, part: 'workshop 1', status: 'open' })
    expect(await permitRecords(projectId)).toEqual({
      item: [{ applicationId: permit.applicationId, decidedAt: permit.decidedAt }],
      phase: [],
    })
    // Recorded, it stands for the next part without the copy.
    const next = await open(projectId, { part: 'workshop 2' })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
  })

  it('leaves a record it holds as it is: an approved permit, and a phase before the last', async () => {
    const heard = uuidv7()
    await permitted(w, heard)
    const before = await permitRecords(heard)
    const opened = await open(heard, { project: copyOf(), permit: permitCopy() })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(await permitRecords(heard)).toEqual(before)

    // Phase 2 of 4 heard: a copy of phase 2 or 1 adds nothing and the case waits; the last phase's copy is a decision
    // it missed (a schema restored from before it), recorded as the event would have been, and the case opens.
    const phased = uuidv7()
    await permitted(w, phased, ['construction-permit'], 'permits', phase(2))
    const waiting = await permitRecords(phased)
    for (const earlier of [phase(2), phase(1)]) {
      const refused = await open(phased, { project: copyOf(), permit: permitCopy(earlier) })
      expect([refused.status, refused.body.code]).toEqual([409, 'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING'])
      expect(refused.body).toMatchObject({ phaseNumber: 2, phaseCount: 4 })
      expect(await permitRecords(phased)).toEqual(waiting)
    }
    const last = permitCopy(phase(4))
    const granted = await open(phased, { project: copyOf(), permit: last })
    expect(granted.status, JSON.stringify(granted.body)).toBe(201)
    expect((await permitRecords(phased)).item).toEqual([
      { applicationId: last.applicationId, decidedAt: last.decidedAt },
    ])
  })

  it('records a phase before the last as how far the step has come: the case for the whole project still waits', async () => {
    const projectId = uuidv7()
    const permit = permitCopy(phase(3))
    const refused = await open(projectId, { project: copyOf(), permit })
    expect([refused.status, refused.body.code]).toEqual([409, 'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING'])
    expect(refused.body).toMatchObject({ phaseNumber: 3, phaseCount: 4, phaseName: '第3阶段' })
    expect(await permitRecords(projectId)).toEqual({
      item: [],
      phase: [{ applicationId: permit.applicationId, phase: phase(3) }],
    })
    // A later phase before the last moves the record on; the case still waits for the last.
    const fourth = permitCopy(phase(4, 5))
    const again = await open(projectId, { project: copyOf(), permit: fourth })
    expect(again.body).toMatchObject({ code: 'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING', phaseNumber: 4, phaseCount: 5 })
  })

  it('opens on the copy of the last phase, the permit then granted whole', async () => {
    const projectId = uuidv7()
    const permit = permitCopy(phase(4))
    const opened = await open(projectId, { project: copyOf(), permit })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(await permitRecords(projectId)).toEqual({
      item: [{ applicationId: permit.applicationId, decidedAt: permit.decidedAt }],
      phase: [],
    })
  })

  it('refuses a permit copy that is not one (400 naming the field), writing nothing', async () => {
    const projectId = uuidv7()
    const { decidedAt: _, ...undated } = permitCopy()
    const res = await open(projectId, { project: copyOf(), permit: { ...undated, item: 'construction-permit' } })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.errors)).toContain('/body/permit')
    expect(await permitRecords(projectId)).toEqual({ item: [], phase: [] })
  })

  // 按照单位工程办理施工许可: the gateway's copy of a building's own permit acceptance never heard.
  it("records a building's permit copy for that building only: its case opens, the project's still waits", async () => {
    const projectId = uuidv7()
    const permit = { ...permitCopy(), part: '1号楼' }
    const opened = await open(projectId, { part: '1号楼', project: copyOf(), permit })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(await permitRecords(projectId)).toEqual({ item: [], phase: [] })
    const parts = await w.db.pool.query(
      `SELECT application_id::text AS "applicationId", part FROM approved_part WHERE project_id = $1`,
      [projectId],
    )
    expect(parts.rows).toEqual([{ applicationId: permit.applicationId, part: '1号楼' }])
    const whole = await open(projectId, { project: copyOf(), permit })
    expect(whole.body).toMatchObject({ code: 'ACCEPTANCE_PERMIT_NOT_GRANTED', grantedParts: ['1号楼'] })
    const other = await open(projectId, { part: '2号楼', project: copyOf(), permit })
    expect(other.body).toMatchObject({ code: 'ACCEPTANCE_PART_PERMIT_NOT_GRANTED', part: '2号楼' })
  })
})
