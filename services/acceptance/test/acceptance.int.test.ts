import { jetstreamManager } from '@nats-io/jetstream'
import {
  type AcceptanceCaseSnapshot,
  AcceptanceFailedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptanceRectificationSubmittedV1,
  AcceptanceStartedV1,
  type EventDefinition,
  StepDecidedV1,
} from '@onewindow/contracts'
import { schemaDifferences } from '@onewindow/testing'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { prismaSchemaDir } from '../src/index.js'
import {
  acceptanceWorld,
  aProject,
  call,
  lead,
  outboxBodies,
  owner,
  publish,
  published,
  reviewer,
  type World,
} from './helpers.js'

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'
const ALL = ['housing-construction', 'natural-resources', 'civil-air-defence']
const ITEM_DEPT: Record<string, string> = {
  'planning-condition-verification': 'natural-resources',
  'fire-acceptance-filing': 'housing-construction',
  'civil-air-defence-completion-filing': 'civil-air-defence',
  'completion-acceptance-filing': 'housing-construction',
}

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
beforeEach(() => {
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const open = (projectId: string, body: object = {}, actor: object = owner) =>
  call(w, 'POST', `/projects/${projectId}/acceptance`, actor, body)
const schedule = (caseId: string, participants = ALL, date = '2026-03-04', actor: object = lead) =>
  call(w, 'POST', `/acceptance/${caseId}/inspection`, actor, { date, place: 'site office', participants })
const opine = (caseId: string, item: string, opinion: string, extra: object = {}, actor?: object) =>
  call(w, 'POST', `/acceptance/${caseId}/opinions`, actor ?? reviewer(ITEM_DEPT[item] ?? 'x'), {
    item,
    opinion,
    ...extra,
  })
const rowsOf = async (caseId: string) => {
  const c = await w.db.pool.query<{ version: number; status: string }>(
    'SELECT version, status FROM acceptance_case WHERE id = $1',
    [caseId],
  )
  const o = await w.db.pool.query('SELECT count(*)::int AS n FROM outbox_message WHERE aggregate_id = $1', [caseId])
  return { case: c.rows[0], outbox: o.rows[0]?.n as number }
}
const ofCase = <T extends { case: Case }>(bodies: T[], caseId: string) => bodies.filter((b) => b.case.caseId === caseId)

async function openedCase(projectType = 'industrial-land-with-scheme'): Promise<Case> {
  const projectId = await aProject(w, projectType)
  const res = await open(projectId)
  expect(res.status).toBe(201)
  return res.body.case
}

describe('joint acceptance (联合验收)', () => {
  it('migrates to exactly the schema schema.prisma declares', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('一口受理: the owner applies once, the lead and items come from the catalogue, AcceptanceStartedV1 is published', async () => {
    w.clock.set(START)
    const projectId = await aProject(w)
    const res = await open(projectId, { part: 'workshop 1' })
    expect(res.status).toBe(201)
    const c: Case = res.body.case
    expect(c).toMatchObject({
      projectId,
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      part: 'workshop 1',
      lead: 'housing-construction',
      // Named as Foshan's catalogue names it; Foshan's letter is the filing (004:2279) and its 8 W count every day.
      leadName: '佛山市住房城乡建设局',
      opinionIsFiling: true,
      status: 'open',
      version: 1,
      registrationWithAcceptance: true,
      clock: { limit: { value: 8, unit: 'W' }, start: '2026-03-02', suspensions: [] },
    })
    expect(c.clockExclusions).toBeUndefined()
    expect(c.items.map((i) => [i.item, i.department, i.status])).toEqual(
      Object.entries(ITEM_DEPT).map(([item, dept]) => [item, dept, 'pending']),
    )
    await expect
      .poll(async () => ofCase(await published(w.nc, w.topology, AcceptanceStartedV1), c.caseId).map((e) => e.case))
      .toEqual([c])
    expect((await call(w, 'GET', `/acceptance/${c.caseId}`)).body).toEqual({ case: c })

    // The same part again is refused, naming the case and its state; another part is a case of its own.
    expect((await open(projectId, { part: 'workshop 1' })).body).toMatchObject({
      status: 409,
      code: 'ACCEPTANCE_CASE_ALREADY_OPEN',
      caseId: c.caseId,
      caseStatus: 'open',
    })
    expect((await open(projectId, { part: 'workshop 2' })).status).toBe(201)
    // The same building with a space at its end is refused as no name (WorksPart), not opened as a third building.
    const spaced = await open(projectId, { part: 'workshop 1 ' })
    expect(spaced.status).toBe(400)
    expect(JSON.stringify(spaced.body.errors)).toContain('/body/part')
  })

  it('old-compound renovation: the case clock is 5 W and the certificate is not issued with the pass', async () => {
    const c = await openedCase('old-compound-renovation')
    expect(c).toMatchObject({ clock: { limit: { value: 5, unit: 'W' } }, registrationWithAcceptance: false })
  })

  it('消防 asks rectification → only that item is re-inspected in round 2 → passed exactly once', async () => {
    w.clock.set(START)
    const c = await openedCase()
    expect((await schedule(c.caseId)).body.case).toMatchObject({ status: 'scheduled', inspection: { round: 1 } })
    for (const item of Object.keys(ITEM_DEPT).filter((i) => i !== 'fire-acceptance-filing')) {
      expect((await opine(c.caseId, item, 'pass')).status).toBe(200)
    }
    const rectify = await opine(c.caseId, 'fire-acceptance-filing', 'rectify', { defects: ['emergency lighting'] })
    expect(rectify.body.case).toMatchObject({ status: 'rectifying' })

    // Before the owner rectifies nothing can be re-inspected; the owner answers only for what was asked.
    expect((await schedule(c.caseId)).body.code).toBe('ACCEPTANCE_NOTHING_PENDING')
    w.clock.set('2026-03-05T02:00:00Z')
    const bad = await call(w, 'POST', `/acceptance/${c.caseId}/rectifications`, owner, {
      items: ['completion-acceptance-filing'],
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors).toEqual([{ field: '/body/items/0', message: expect.stringContaining('passed') }])
    const fixed = await call(w, 'POST', `/acceptance/${c.caseId}/rectifications`, owner, {
      items: ['fire-acceptance-filing'],
      note: 'lighting installed',
    })
    expect(fixed.status).toBe(200)

    // Round 2: the fire department alone is enough; the others' items stay passed from round 1.
    const round2 = await schedule(c.caseId, ['housing-construction'], '2026-03-06')
    expect(round2.status).toBe(200)
    expect(round2.body.case.inspection).toMatchObject({ round: 2, participants: ['housing-construction'] })
    expect(round2.body.case.items.map((i: Case['items'][number]) => [i.item, i.status, i.round])).toEqual([
      ['planning-condition-verification', 'passed', 1],
      ['fire-acceptance-filing', 'pending', 2],
      ['civil-air-defence-completion-filing', 'passed', 1],
      ['completion-acceptance-filing', 'passed', 1],
    ])
    const last = await opine(c.caseId, 'fire-acceptance-filing', 'pass')
    expect(last.status).toBe(200)
    const passed: Case = last.body.case
    expect(passed).toMatchObject({ status: 'passed', opinionNumber: expect.stringMatching(/^LHYS-440600-2026-\d{6}$/) })
    expect((await opine(c.caseId, 'fire-acceptance-filing', 'pass')).body).toMatchObject({
      status: 409,
      code: 'ACCEPTANCE_CASE_DECIDED',
      caseStatus: 'passed',
    })

    await expect
      .poll(async () => ofCase(await published(w.nc, w.topology, AcceptancePassedV1), c.caseId).map((e) => e.case))
      .toEqual([passed])
    const versions = async (e: EventDefinition) =>
      ofCase((await published(w.nc, w.topology, e)) as Array<{ case: Case }>, c.caseId).map((b) => b.case.version)
    expect(await versions(AcceptanceInspectionScheduledV1)).toEqual([2, 8])
    expect(await versions(AcceptanceOpinionRecordedV1)).toEqual([3, 4, 5, 6, 9])
    expect(await versions(AcceptanceRectificationSubmittedV1)).toEqual([7])
    expect(passed.version).toBe(10)
  })

  it("answers a department's opinion or commitment check with its own items only, the lead's with the whole case", async () => {
    const c = await openedCase()
    expect((await schedule(c.caseId)).status).toBe(200)
    // Natural resources has one item in a case housing-construction leads: its answer carries that item alone.
    const mine = await opine(c.caseId, 'planning-condition-verification', 'pass')
    expect(mine.status).toBe(200)
    expect(mine.body.case.items.map((i: Case['items'][number]) => i.item)).toEqual(['planning-condition-verification'])
    expect(mine.body.case.lead).toBe('housing-construction')
    // The lead department's reviewer reads the whole case in its answer; the case itself was never cut.
    const led = await opine(c.caseId, 'fire-acceptance-filing', 'pass')
    expect(led.body.case.items).toHaveLength(4)
    const stored = await w.db.pool.query<{ n: number }>(
      "SELECT jsonb_array_length(state->'items')::int AS n FROM acceptance_case WHERE id = $1",
      [c.caseId],
    )
    expect(stored.rows).toEqual([{ n: 4 }])
  })

  it('联合验收意见书 numbers run per region and year: consecutive, none taken by what does not pass, 1 in a new year', async () => {
    const passAll = async (caseId: string, items = Object.keys(ITEM_DEPT)): Promise<Case> => {
      let last: Case | undefined
      for (const item of items) {
        const res = await opine(caseId, item, 'pass')
        expect(res.status, JSON.stringify(res.body)).toBe(200)
        last = res.body.case
      }
      if (!last) throw new Error('no opinion')
      return last
    }
    const seq = (n: number) => String(n).padStart(6, '0')

    const a = await openedCase()
    await schedule(a.caseId)
    const first = (await passAll(a.caseId)).opinionNumber ?? ''
    expect(first).toMatch(/^LHYS-440600-2026-\d{6}$/)
    const n = Number(first.slice(-6))

    // A case asked to rectify and a failed case take no number: the next pass has the next one.
    const b = await openedCase()
    await schedule(b.caseId)
    const rectifying = await opine(b.caseId, 'fire-acceptance-filing', 'rectify', { defects: ['exit signs'] })
    expect(rectifying.body.case).toMatchObject({ status: 'scheduled' })
    expect((await passAll(b.caseId, Object.keys(ITEM_DEPT).slice(0, 1))).opinionNumber).toBeUndefined()
    const f = await openedCase()
    await schedule(f.caseId)
    await passAll(f.caseId, ['planning-condition-verification', 'fire-acceptance-filing'])
    const failed = await opine(f.caseId, 'civil-air-defence-completion-filing', 'fail', { defects: ['no shelter'] })
    expect(failed.body.case).toMatchObject({ status: 'failed' })
    expect(failed.body.case.opinionNumber).toBeUndefined()
    const c = await openedCase()
    await schedule(c.caseId)
    expect((await passAll(c.caseId)).opinionNumber).toBe(`LHYS-440600-2026-${seq(n + 1)}`)

    // The rectified case passes after re-inspection: the number after that.
    await passAll(b.caseId, Object.keys(ITEM_DEPT).slice(2))
    expect(
      (await call(w, 'POST', `/acceptance/${b.caseId}/rectifications`, owner, { items: ['fire-acceptance-filing'] }))
        .status,
    ).toBe(200)
    expect((await schedule(b.caseId, ['housing-construction'], '2026-03-06')).status).toBe(200)
    const passedB = await passAll(b.caseId, ['fire-acceptance-filing'])
    expect(passedB.opinionNumber).toBe(`LHYS-440600-2026-${seq(n + 2)}`)
    // The number the service published is the one it stored.
    await expect
      .poll(async () =>
        ofCase(await published(w.nc, w.topology, AcceptancePassedV1), b.caseId).map((e) => e.case.opinionNumber),
      )
      .toEqual([passedB.opinionNumber])

    // A new year — China's: 1 January 2027 00:30 in Shanghai is still 2026 in UTC — starts again at 1.
    const d = await openedCase()
    await schedule(d.caseId)
    w.clock.set('2026-12-31T16:30:00Z')
    expect((await passAll(d.caseId)).opinionNumber).toBe('LHYS-440600-2027-000001')
    const e = await openedCase()
    await schedule(e.caseId, ALL, '2027-01-04')
    expect((await passAll(e.caseId)).opinionNumber).toBe('LHYS-440600-2027-000002')
    const stored = await w.db.pool.query(
      `SELECT scope, last FROM number_sequence WHERE scope LIKE 'opinion/440600/%' ORDER BY scope`,
    )
    expect(stored.rows).toEqual([
      { scope: 'opinion/440600/2026', last: n + 2 },
      { scope: 'opinion/440600/2027', last: 2 },
    ])
  })

  it('racing last opinions pass the case exactly once', async () => {
    const c = await openedCase()
    await schedule(c.caseId)
    const results = await Promise.all(Object.keys(ITEM_DEPT).map((item) => opine(c.caseId, item, 'pass')))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(ofCase(await outboxBodies(w, AcceptancePassedV1), c.caseId)).toHaveLength(1)
    await expect
      .poll(async () => ofCase(await published(w.nc, w.topology, AcceptancePassedV1), c.caseId))
      .toHaveLength(1)
  })

  it('a fail fails the case: AcceptanceFailedV1, and the part may be applied for again', async () => {
    const c = await openedCase()
    await schedule(c.caseId)
    const res = await opine(c.caseId, 'civil-air-defence-completion-filing', 'fail', { defects: ['no shelter'] })
    expect(res.body.case).toMatchObject({ status: 'failed' })
    await expect
      .poll(async () =>
        ofCase(await published(w.nc, w.topology, AcceptanceFailedV1), c.caseId).map((e) => e.case.status),
      )
      .toEqual(['failed'])
    expect((await open(c.projectId)).status).toBe(201)
  })

  it('a department not taking part, or not owning the item, is refused 403 and nothing is written', async () => {
    const c = await openedCase()
    await schedule(c.caseId)
    const before = await rowsOf(c.caseId)
    const outsider = await opine(c.caseId, 'fire-acceptance-filing', 'pass', {}, reviewer('water-supply'))
    expect(outsider.status).toBe(403)
    expect(outsider.body.code).toBe('ACCEPTANCE_NOT_A_PARTICIPANT')
    const other = await opine(c.caseId, 'fire-acceptance-filing', 'pass', {}, reviewer('natural-resources'))
    expect(other.body.code).toBe('ACCEPTANCE_NOT_A_PARTICIPANT')
    expect((await schedule(c.caseId, ALL, '2026-03-04', reviewer('housing-construction'))).status).toBe(403)
    expect(await rowsOf(c.caseId)).toEqual(before)
  })

  it('bad bodies are 400/422 naming the field, and write nothing', async () => {
    const projectId = await aProject(w)
    const unknownField = await open(projectId, { parts: 'x' })
    expect(unknownField.status).toBe(400)
    expect(JSON.stringify(unknownField.body.errors)).toContain('parts')
    const commitment = await open(projectId, { commitments: ['fire-acceptance-filing'] })
    expect(commitment.status).toBe(422)
    expect(commitment.body).toMatchObject({
      code: 'ACCEPTANCE_COMMITMENT_NOT_ALLOWED',
      errors: [{ field: '/body/commitments/0' }],
    })
    const cases = await w.db.pool.query('SELECT 1 FROM acceptance_case WHERE project_id = $1', [projectId])
    expect(cases.rowCount).toBe(0)

    const c = (await open(projectId)).body.case as Case
    const before = await rowsOf(c.caseId)
    const missing = await schedule(c.caseId, ['housing-construction'])
    expect(missing.status).toBe(422)
    expect(missing.body.errors).toEqual([
      { field: '/body/participants', message: 'must include natural-resources' },
      { field: '/body/participants', message: 'must include civil-air-defence' },
    ])
    const badDate = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
      date: 'tomorrow',
      place: 'x',
      participants: ALL,
    })
    expect(badDate.status).toBe(400)
    expect(JSON.stringify(badDate.body.errors)).toContain('/body/date')
    await schedule(c.caseId)
    const after = await rowsOf(c.caseId)
    const noDefects = await opine(c.caseId, 'fire-acceptance-filing', 'rectify')
    expect(noDefects.status).toBe(422)
    expect(noDefects.body.errors).toEqual([{ field: '/body/defects', message: expect.any(String) }])
    // 不通过 without a reason ends nothing: refused, naming the field, and the case stays as it was.
    const noReasons = await opine(c.caseId, 'civil-air-defence-completion-filing', 'fail')
    expect(noReasons.status).toBe(422)
    expect(noReasons.body).toMatchObject({
      code: 'ACCEPTANCE_FAIL_REASONS_REQUIRED',
      errors: [{ field: '/body/defects', message: expect.any(String) }],
    })
    const badOpinion = await opine(c.caseId, 'fire-acceptance-filing', 'maybe')
    expect(badOpinion.status).toBe(400)
    expect(JSON.stringify(badOpinion.body.errors)).toContain('/body/opinion')
    expect(before.case?.version).toBe(1)
    expect(await rowsOf(c.caseId)).toEqual({ ...after, case: { version: 2, status: 'scheduled' } })
    expect((await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, undefined, {})).status).toBe(400)
  })

  it('refuses without a granted construction permit (409), an unknown project (404), a type without acceptance (422), not the owner (403)', async () => {
    const noPermit = await aProject(w, 'industrial-land-with-scheme', ['land-planning-permit'])
    const refused = await open(noPermit)
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')

    // A rejected step grants nothing.
    const applicationId = uuidv7()
    const eventId = await publish(
      w,
      StepDecidedV1,
      {
        applicationId,
        projectId: noPermit,
        outcome: 'rejected',
        decidedAt: '2026-02-03T01:00:00.000Z',
        decidedOn: '2026-02-03',
        tasks: [{ taskId: uuidv7(), item: 'construction-permit', department: 'x', outcome: 'rejected' }],
      },
      applicationId,
    )
    // Seen (acked by the durable) and ignored: the consumer does not concern itself with a rejected step, so no
    // transaction and no inbox row.
    const jsm = await jetstreamManager(w.nc)
    const published = (await jsm.streams.info(w.topology.stream)).state.last_seq
    await expect
      .poll(async () => (await jsm.consumers.info(w.topology.stream, 'acceptance-approved-steps')).ack_floor.stream_seq)
      .toBeGreaterThanOrEqual(published)
    expect((await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [eventId])).rowCount).toBe(0)
    expect((await open(noPermit)).body.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')

    const unknown = await open(uuidv7())
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('ACCEPTANCE_PROJECT_NOT_FOUND')

    const general = await aProject(w, 'general')
    const notConfigured = await open(general)
    expect(notConfigured.status).toBe(422)
    expect(notConfigured.body.code).toBe('ACCEPTANCE_NOT_CONFIGURED')

    const projectId = await aProject(w)
    const stranger = await open(projectId, {}, { ...owner, creditCode: '91440600MA4UW8XL3K' })
    expect(stranger.status).toBe(403)
    const anonymous = await call(w, 'POST', `/projects/${projectId}/acceptance`, undefined, {})
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'ACCEPTANCE_ACTOR_REQUIRED'])
    expect(anonymous.body.errors).toEqual([{ field: '/headers/x-onewindow-assertion', message: 'carries no actor' }])
    expect(await outboxBodies(w, AcceptanceStartedV1)).not.toContainEqual(
      expect.objectContaining({ case: expect.objectContaining({ projectId }) }),
    )
  })

  it('refuses while the construction permit has only earlier phases approved (分阶段办理), and opens after the last', async () => {
    const projectId = await aProject(w, 'industrial-land-with-scheme', ['land-planning-permit'])
    const phases = ['基坑围护', '主体工程底板以下', '主体工程底板以上', '装饰装修及室外附属工程']
    const approvePhase = async (number: number) => {
      const applicationId = uuidv7()
      await publish(
        w,
        StepDecidedV1,
        {
          applicationId,
          projectId,
          step: 'construction-permit',
          phase: { code: `phase-${number}`, name: phases[number - 1] as string, number, count: 4 },
          outcome: 'approved',
          decidedAt: `2026-02-0${number + 2}T01:00:00.000Z`,
          decidedOn: `2026-02-0${number + 2}`,
          tasks: [{ taskId: uuidv7(), item: 'construction-permit', department: 'x', outcome: 'approved' }],
        },
        applicationId,
      )
    }
    const recordedPhase = async () =>
      (await w.db.pool.query('SELECT number FROM approved_phase WHERE project_id = $1', [projectId])).rows[0]?.number
    await approvePhase(2)
    await expect.poll(recordedPhase).toBe(2)
    // A phase recorded late never moves the project back.
    await approvePhase(1)
    const refused = await open(projectId)
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING',
      phase: 'phase-2',
      phaseName: '主体工程底板以下',
      phaseNumber: 2,
      phaseCount: 4,
    })
    await approvePhase(3)
    await expect.poll(recordedPhase).toBe(3)
    expect((await open(projectId)).body.phaseNumber).toBe(3)
    await approvePhase(4)
    await expect
      .poll(
        async () => (await w.db.pool.query('SELECT 1 FROM approved_item WHERE project_id = $1', [projectId])).rowCount,
      )
      .toBe(2)
    const opened = await open(projectId)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  })

  // 按照单位工程办理施工许可 (seeds/000_5ff03a50698aa736.txt:125): a building's own construction permit.
  it("opens a building's case on its own permit; another building's, and the whole project's, wait", async () => {
    const projectId = await aProject(w, 'industrial-land-with-scheme', ['land-planning-permit'])
    const applicationId = uuidv7()
    await publish(
      w,
      StepDecidedV1,
      {
        applicationId,
        projectId,
        step: 'construction-permit',
        part: '1号楼',
        outcome: 'approved',
        decidedAt: '2026-02-03T01:00:00.000Z',
        decidedOn: '2026-02-03',
        tasks: [{ taskId: uuidv7(), item: 'construction-permit', department: 'x', outcome: 'approved' }],
      },
      applicationId,
    )
    await expect
      .poll(
        async () => (await w.db.pool.query('SELECT part FROM approved_part WHERE project_id = $1', [projectId])).rows,
      )
      .toEqual([{ part: '1号楼' }])
    // A building's permit is not the project's: nothing in approved_item for it.
    const items = await w.db.pool.query('SELECT item FROM approved_item WHERE project_id = $1', [projectId])
    expect(items.rows).toEqual([{ item: 'land-planning-permit' }])
    const other = await open(projectId, { part: '2号楼' })
    expect(other.status).toBe(409)
    expect(other.body).toMatchObject({ code: 'ACCEPTANCE_PART_PERMIT_NOT_GRANTED', part: '2号楼' })
    const whole = await open(projectId)
    expect(whole.status).toBe(409)
    expect(whole.body).toMatchObject({ code: 'ACCEPTANCE_PERMIT_NOT_GRANTED', grantedParts: ['1号楼'] })
    const opened = await open(projectId, { part: '1号楼' })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.case.part).toBe('1号楼')
  })
})
