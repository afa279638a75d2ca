import { type AcceptanceCaseSnapshot, AcceptanceFilingIssuedV1, AcceptanceResultRecordedV1 } from '@onewindow/contracts'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, outboxBodies, owner, published, reviewer, type World } from './helpers.js'

// 竣工验收备案表 (Foshan, 004:2279 待各部门出具结果物后，同时出具竣工验收备案表) through the service, with real
// PostgreSQL and NATS: each department records its 结果物 after the pass; the last issues the form once.

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'
const NAMES: Record<string, string> = {
  'planning-condition-verification': '规划条件核实合格证',
  'fire-acceptance-filing': '消防验收备案凭证',
  'civil-air-defence-completion-filing': '人防工程竣工验收备案表',
  'completion-acceptance-filing': '工程质量监督报告',
}

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const ofCase = <T extends { case: Case }>(bodies: T[], caseId: string) => bodies.filter((b) => b.case.caseId === caseId)
const recordResult = (c: Case, item: string, extra: object = {}) => {
  const department = c.items.find((i) => i.item === item)?.department ?? 'x'
  return call(w, 'POST', `/acceptance/${c.caseId}/results`, reviewer(department), {
    item,
    name: NAMES[item] ?? '结果文书',
    number: `${item.slice(0, 8)}-2026-001`,
    issuedOn: '2026-03-06',
    ...extra,
  })
}

/** A case of the type opened, inspected and passed by every department on 4 March 2026. */
async function passedCase(projectType: string, region: string): Promise<Case> {
  w.clock.set(START)
  const projectId = await aProject(w, projectType, undefined, region)
  const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  let c: Case = opened.body.case
  const participants = [...new Set(c.items.map((i) => i.department))]
  const lead = { sub: 'lead-1', role: 'lead', department: c.lead }
  const scheduled = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
    date: '2026-03-04',
    place: 'site office',
    participants,
  })
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200)
  w.clock.set('2026-03-04T06:00:00Z')
  for (const i of c.items) {
    const res = await call(w, 'POST', `/acceptance/${c.caseId}/opinions`, reviewer(i.department), {
      item: i.item,
      opinion: 'pass',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  }
  c = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
  expect(c.status).toBe('passed')
  return c
}

describe('竣工验收备案表 (Foshan, 004:2279)', () => {
  it('the last department result issues the form once, numbered in its own region-year sequence; racing results issue one', async () => {
    const c = await passedCase('industrial-land-with-scheme', '440600')
    expect(c.opinionIsFiling).toBe(true)
    w.clock.set('2026-03-06T06:00:00Z')
    // Before the pass nothing is recorded; a result already recorded is not recorded again.
    const [first, ...rest] = c.items.map((i) => i.item)
    if (!first) throw new Error('no item')
    const recorded = await recordResult(c, first)
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200)
    expect(recorded.body.case.filingForm).toBeUndefined()
    expect((await recordResult(c, first)).body).toMatchObject({ status: 409, code: 'ACCEPTANCE_RESULT_RECORDED' })
    const early = await recordResult(c, rest[0] ?? '', { issuedOn: '2026-03-03' })
    expect(early.body).toMatchObject({ status: 422, code: 'ACCEPTANCE_RESULT_INVALID' })
    expect(early.body.errors).toEqual([{ field: '/body/issuedOn', message: expect.stringContaining('2026-03-04') }])

    // The remaining departments record theirs at once: exactly one of the changes issues the form.
    const results = await Promise.all(rest.map((item) => recordResult(c, item)))
    expect(results.map((r) => r.status)).toEqual(rest.map(() => 200))
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after.filingForm).toEqual({
      number: expect.stringMatching(/^JGBA-440600-2026-\d{6}$/),
      issuedOn: '2026-03-06',
    })
    expect(after.opinionNumber).toBe(c.opinionNumber)
    expect(after.items.map((i) => [i.item, i.result?.name, i.result?.issuedOn])).toEqual(
      c.items.map((i) => [i.item, NAMES[i.item], '2026-03-06']),
    )
    const seq = await w.db.pool.query<{ last: number }>(
      "SELECT last FROM number_sequence WHERE scope = 'filing/440600/2026'",
    )
    expect(after.filingForm?.number.slice(-6)).toBe(String(seq.rows[0]?.last).padStart(6, '0'))

    expect(ofCase(await outboxBodies(w, AcceptanceFilingIssuedV1), c.caseId)).toHaveLength(1)
    await expect
      .poll(async () =>
        ofCase(await published(w.nc, w.topology, AcceptanceFilingIssuedV1), c.caseId).map((e) => e.case),
      )
      .toEqual([after])
    await expect
      .poll(async () =>
        ofCase(await published(w.nc, w.topology, AcceptanceResultRecordedV1), c.caseId).map((e) => e.item),
      )
      .toHaveLength(c.items.length)
  })

  it('a department records its own item only, and only after the pass', async () => {
    const c = await passedCase('industrial-land-with-scheme', '440600')
    const wrong = await call(w, 'POST', `/acceptance/${c.caseId}/results`, reviewer('civil-air-defence'), {
      item: 'planning-condition-verification',
      name: '规划条件核实合格证',
      number: 'X-1',
      issuedOn: '2026-03-04',
    })
    expect(wrong.body).toMatchObject({ status: 403, code: 'ACCEPTANCE_NOT_THE_DEPARTMENT' })
    const blank = await recordResult(c, 'planning-condition-verification', { name: '' })
    expect(blank.status).toBe(400)
    const projectId = await aProject(w)
    const open = (await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).body.case as Case
    expect(
      (await recordResult(open, 'planning-condition-verification', { issuedOn: '2026-03-02' })).body,
    ).toMatchObject({ status: 409, code: 'ACCEPTANCE_CASE_NOT_PASSED' })
  })

  it('where the letter is not the filing (Shanwei), every result is recorded and no form is issued', async () => {
    const c = await passedCase('social-simple-low-risk', '441500')
    expect(c.opinionIsFiling).toBeUndefined()
    w.clock.set('2026-03-06T06:00:00Z')
    for (const i of c.items) expect((await recordResult(c, i.item)).status).toBe(200)
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after.items.every((i) => i.result !== undefined)).toBe(true)
    expect(after.filingForm).toBeUndefined()
    expect(ofCase(await outboxBodies(w, AcceptanceFilingIssuedV1), c.caseId)).toHaveLength(0)
  })
})
