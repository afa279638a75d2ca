import { SurveyCommissionedV1, SurveyCompletedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, OWNER, outboxBodies, owner, type World } from './helpers.js'

// 竣工一幢、验收一幢、登记一幢 (docs/shared-results.md, 多测合一): the completion stage is commissioned per building
// (`part`) besides once for the whole project; a building's joint acceptance uses its own building's survey.

const START = '2026-03-02T02:00:00Z'
const SURVEYOR = { name: '佛山测绘院', creditCode: '91440600MA4UW8XL3H' }
const surveyor = { sub: 'surveyor-1', role: 'surveyor', creditCode: SURVEYOR.creditCode }

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

type Commission = { commissionId: string; part?: string; items: Array<{ item: string }> }

describe('多测合一 by building', () => {
  it('one completion commission per building besides the whole project; each used by its own building’s acceptance', async () => {
    const projectId = await aProject(w)
    const commission = (body: object) =>
      call(w, 'POST', `/projects/${projectId}/survey-commissions`, owner, { surveyor: SURVEYOR, ...body })
    const rows = async () =>
      (
        await w.db.pool.query('SELECT stage, part FROM survey_commission WHERE project_id = $1 ORDER BY part', [
          projectId,
        ])
      ).rows

    const one = await commission({ stage: 'completion', part: '1号厂房' })
    expect(one.status, JSON.stringify(one.body)).toBe(201)
    expect(one.body.commission).toMatchObject({
      stage: 'completion',
      part: '1号厂房',
      ownerCreditCode: OWNER.creditCode,
    })
    expect((await commission({ stage: 'completion', part: '2号厂房' })).status).toBe(201)
    const whole = await commission({ stage: 'completion' })
    expect(whole.status).toBe(201)
    expect('part' in whole.body.commission).toBe(false)

    // The same building, or the whole project, twice: 409, naming the commission there is.
    const again = await commission({ stage: 'completion', part: '1号厂房' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({
      code: 'ACCEPTANCE_SURVEY_PART_ALREADY_COMMISSIONED',
      commissionId: one.body.commission.commissionId,
      part: '1号厂房',
      errors: [{ field: '/body/part' }],
    })
    const wholeAgain = await commission({ stage: 'completion' })
    expect([wholeAgain.status, wholeAgain.body.code]).toEqual([409, 'ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED'])
    // A building at an earlier stage (which surveys the whole project) is refused; an empty or overlong one is no name,
    // nor one with whitespace at an end or a control character: `1号厂房 ` would be another building than `1号厂房`.
    const early = await commission({ stage: 'permits', part: '1号厂房' })
    expect(early.status).toBe(422)
    expect(early.body).toMatchObject({
      code: 'ACCEPTANCE_SURVEY_PART_NOT_COMPLETION',
      errors: [{ field: '/body/part' }],
    })
    for (const part of ['', '幢'.repeat(201), '1号厂房 ', '\u30001号厂房', '1号\n厂房']) {
      const bad = await commission({ stage: 'completion', part })
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.body.errors)).toContain('/body/part')
    }
    expect(await rows()).toEqual([
      { stage: 'completion', part: '' },
      { stage: 'completion', part: '1号厂房' },
      { stage: 'completion', part: '2号厂房' },
    ])
    expect(
      (await outboxBodies(w, SurveyCommissionedV1))
        .filter((b) => b.commission.projectId === projectId)
        .map((b) => b.commission.part),
    ).toEqual(['1号厂房', '2号厂房', undefined])

    // The first building's and the whole project's results recorded; the second building's not yet.
    const record = async (c: Commission, areaM2: number) => {
      const results = c.items.map((i) => ({
        item: i.item,
        documentRef: `https://survey.example/${c.commissionId}/${i.item}`,
        ...(i.item === 'floor-area-survey' ? { areaM2 } : {}),
      }))
      const res = await call(w, 'POST', `/survey-commissions/${c.commissionId}/results`, surveyor, { results })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
    }
    await record(one.body.commission, 8_120.75)
    await record(whole.body.commission, 36_480)
    const completed = (await outboxBodies(w, SurveyCompletedV1)).filter((b) => b.commission.projectId === projectId)
    expect(completed.map((b) => b.commission.part)).toEqual(['1号厂房', undefined])
    const listed = await call(w, 'GET', `/projects/${projectId}/survey-commissions`, owner)
    expect(listed.body.commissions.map((c: Commission) => c.part)).toEqual([undefined, '1号厂房', '2号厂房'])

    // Each building's joint acceptance carries the survey it uses: its own building's, else the whole project's.
    const open = async (part: string) => {
      const res = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { part })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body.case.survey
    }
    expect(await open('1号厂房')).toMatchObject({ commissionId: one.body.commission.commissionId, part: '1号厂房' })
    const second = await open('2号厂房')
    expect(second.commissionId).toBe(whole.body.commission.commissionId)
    expect('part' in second).toBe(false)
  })
})
