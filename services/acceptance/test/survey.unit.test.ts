import type { Actor } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { commissionSurvey, completionSurveyOf, recordResults } from '../src/domain/survey.js'

const owner: Actor = { sub: 'o', role: 'owner', creditCode: '91440600MA4UJ2K7X6' }
const surveyor = { name: '测绘公司', creditCode: '91440604MA52ABC135' }
const project = (projectType = 'industrial-land-with-scheme') => ({
  projectId: 'p1',
  projectType,
  owner: { creditCode: owner.creditCode as string },
})
const commission = (stage: 'land-planning' | 'permits' | 'completion', projectType?: string) =>
  commissionSurvey({
    commissionId: 'c1',
    project: project(projectType),
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
      existing: first.value.commission,
      actor: owner,
      body: { stage: 'completion', surveyor },
      at: 'x',
      today: '2026-03-02',
    })
    expect(!second.ok && second.error.code).toBe('ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED')
    const stranger = commissionSurvey({
      commissionId: 'c3',
      project: project(),
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
})
