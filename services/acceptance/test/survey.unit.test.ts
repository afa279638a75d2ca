import type { Actor, SurveyCommissionSnapshot } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { commissionSurvey, completionSurveyOf, recordResults } from '../src/domain/survey.js'

const owner: Actor = { sub: 'o', role: 'owner', creditCode: '91440600MA4UJ2K7X6' }
const surveyor = { name: '测绘公司', creditCode: '91440604MA52ABC135' }
const project = (projectType = 'industrial-land-with-scheme') => ({
  projectId: 'p1',
  projectType,
  owner: { creditCode: owner.creditCode as string },
})
type Stage = 'land-planning' | 'permits' | 'completion'
const commission = (stage: Stage, projectType?: string) =>
  commissionSurvey({
    commissionId: 'c1',
    project: project(projectType),
    commissions: [],
    actor: owner,
    body: { stage, surveyor },
    at: '2026-03-02T01:00:00.000Z',
    today: '2026-03-02',
  })

describe('多测合一 decide functions', () => {
  it("merges the seed's survey items of each stage into one commission (004:2309)", () => {
    const items = (s: 'land-planning' | 'permits' | 'completion') => {
      const d = commission(s)
      return d.ok ? d.value.commission.items.map((i) => i.item) : []
    }
    expect(items('land-planning')).toEqual(['boundary-survey', 'parcel-survey'])
    expect(items('permits')).toEqual([
      'floor-area-pre-survey',
      'civil-air-defence-area-pre-survey',
      'positioning-survey',
      'planning-set-out',
      'ground-zero-check',
    ])
    expect(items('completion')).toHaveLength(7)
  })

  it('refuses exempt kinds, a second commission of a stage, and anyone but the owner', () => {
    const lift = commission('completion', 'lift-retrofit')
    expect(!lift.ok && lift.error.code).toBe('ACCEPTANCE_SURVEY_EXEMPT')
    const first = commission('completion')
    if (!first.ok) throw new Error('refused')
    const second = commissionSurvey({
      commissionId: 'c2',
      project: project(),
      commissions: [first.value.commission],
      actor: owner,
      body: { stage: 'completion', surveyor },
      at: 'x',
      today: '2026-03-02',
    })
    expect(!second.ok && second.error.code).toBe('ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED')
    const stranger = commissionSurvey({
      commissionId: 'c3',
      project: project(),
      commissions: [],
      actor: { ...owner, creditCode: '91441500MA51XY201H' },
      body: { stage: 'completion', surveyor },
      at: 'x',
      today: '2026-03-02',
    })
    expect(!stranger.ok && stranger.error.code).toBe('ACCEPTANCE_NOT_THE_OWNER')
  })

  it('records every merged result once and names what is missing, unknown or repeated', () => {
    const c = commission('land-planning')
    if (!c.ok) throw new Error('refused')
    const bad = recordResults(
      c.value.commission,
      {
        results: [
          { item: 'boundary-survey', documentRef: 'a' },
          { item: 'boundary-survey', documentRef: 'b' },
          { item: 'green-space-survey', documentRef: 'c' },
        ],
      },
      'now',
    )
    expect(!bad.ok && bad.error.details?.['errors']).toEqual([
      { field: '/body/results/1/item', message: 'boundary-survey is given twice' },
      { field: '/body/results/2/item', message: 'green-space-survey is not an item of this commission' },
      { field: '/body/results', message: 'misses parcel-survey' },
    ])
    const done = recordResults(
      c.value.commission,
      {
        results: [
          { item: 'boundary-survey', documentRef: 'a' },
          { item: 'parcel-survey', documentRef: 'b', areaM2: 20000 },
        ],
      },
      'now',
    )
    if (!done.ok) throw new Error('refused')
    expect(done.value.commission.status).toBe('completed')
    const twice = recordResults(done.value.commission, { results: [] }, 'later')
    expect(!twice.ok && twice.error.code).toBe('ACCEPTANCE_SURVEY_COMPLETED')
    // Only a completed completion-stage commission is what joint acceptance uses.
    expect(completionSurveyOf([done.value.commission])).toBeUndefined()
  })
  it('竣工一幢、验收一幢、登记一幢: one completion commission per building besides the whole project, each building once', () => {
    const made: SurveyCommissionSnapshot[] = []
    const commissionOf = (stage: Stage, part?: string) => {
      const d = commissionSurvey({
        commissionId: `c${made.length + 1}`,
        project: project(),
        commissions: made,
        actor: owner,
        body: { stage, ...(part === undefined ? {} : { part }), surveyor },
        at: '2026-03-02T01:00:00.000Z',
        today: '2026-03-02',
      })
      if (d.ok) made.push(d.value.commission)
      return d
    }
    const one = commissionOf('completion', '1号厂房')
    expect(one.ok && one.value.commission).toMatchObject({ stage: 'completion', part: '1号厂房' })
    expect(commissionOf('completion', '2号厂房').ok).toBe(true)
    const whole = commissionOf('completion')
    expect(whole.ok && 'part' in whole.value.commission).toBe(false)
    const again = commissionOf('completion', '1号厂房')
    expect(!again.ok && again.error).toMatchObject({
      code: 'ACCEPTANCE_SURVEY_PART_ALREADY_COMMISSIONED',
      details: { commissionId: 'c1', part: '1号厂房', errors: [{ field: '/body/part' }] },
    })
    expect(!commissionOf('completion').ok && 'whole again refused').toBe('whole again refused')
    // The earlier stages survey the whole project: a building there is refused, naming the field.
    const early = commissionOf('permits', '1号厂房')
    expect(!early.ok && early.error).toMatchObject({
      code: 'ACCEPTANCE_SURVEY_PART_NOT_COMPLETION',
      details: { errors: [{ field: '/body/part' }] },
    })
    expect(made.map((c) => c.part)).toEqual(['1号厂房', '2号厂房', undefined])
  })

  it("a building's joint acceptance uses its own building's completion survey, else the whole project's", () => {
    const done = (commissionId: string, part?: string): SurveyCommissionSnapshot => {
      const c = commissionSurvey({
        commissionId,
        project: project(),
        commissions: [],
        actor: owner,
        body: { stage: 'completion', ...(part === undefined ? {} : { part }), surveyor },
        at: '2026-03-02T01:00:00.000Z',
        today: '2026-03-02',
      })
      if (!c.ok) throw new Error('refused')
      const results = c.value.commission.items.map((i) => ({ item: i.item, documentRef: `${commissionId}-${i.item}` }))
      const d = recordResults(c.value.commission, { results }, '2026-04-01T01:00:00.000Z')
      if (!d.ok) throw new Error('refused')
      return d.value.commission
    }
    const whole = done('w')
    const building = done('b1', '1号厂房')
    const commissions = [building, whole]
    expect(completionSurveyOf(commissions)).toMatchObject({ commissionId: 'w' })
    expect(completionSurveyOf(commissions)).not.toHaveProperty('part')
    expect(completionSurveyOf(commissions, '1号厂房')).toMatchObject({ commissionId: 'b1', part: '1号厂房' })
    expect(completionSurveyOf(commissions, '2号厂房')).toMatchObject({ commissionId: 'w' })
    expect(completionSurveyOf([building])).toBeUndefined()
  })
})
