import { UtilityRequestAdvancedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  decideAs,
  outboxBodies,
  type RequestRow,
  registerProject,
  requestsOf,
  reviewerOf,
  staffOf,
  utilityWorld,
  type World,
} from './helpers.js'

// 容缺受理 of the outside-line permits (004:1846): the department accepts a permit with non-key materials missing, may
// grant it while they are owed (办结（容缺通过）), and the provider supplies them afterwards (容缺后补, 004:1860) —
// through the service's routes, with its PostgreSQL and outbox.

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let w: World
beforeAll(async () => {
  w = await utilityWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const URBAN = reviewerOf('urban-management')
const accepted = (names: string[]) => ({
  kind: 'road-excavation',
  outcome: 'accepted',
  deficiencies: names.map((name) => ({ name })),
})
const supplied = (names: string[]) => ({
  action: 'permit-materials-supplied',
  kind: 'road-excavation',
  materials: names.map((name) => ({ name })),
})

/** A Foshan gas line over the thresholds, its plan done: 占掘路 and 涉路 applied to their departments. */
async function waitingGas(): Promise<RequestRow> {
  const project = aProject('440600')
  await registerProject(w, project)
  const body = anAcceptance(project, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] })
  await accept(w, body)
  const [gas] = await requestsOf(w, body.applicationId, 1)
  if (!gas) throw new Error('no request')
  expect((await act(w, gas, { action: 'survey-done' })).status).toBe(200)
  expect((await act(w, gas, { action: 'plan-done', permits: ['road-excavation', 'road-related'] })).status).toBe(200)
  return gas
}

const advancedOf = async (r: RequestRow) =>
  (await outboxBodies(w, UtilityRequestAdvancedV1)).filter((e) => e.request.requestId === r.id)

const auditOf = async (r: RequestRow) =>
  (
    await w.db.pool.query(
      `SELECT action, outcome, code FROM audit_entry
        WHERE object = $1 AND (action = 'utility.permit.accepted' OR action LIKE '%materials-supplied')
        ORDER BY position`,
      [`utility-request:${r.id}`],
    )
  ).rows

describe('容缺受理 through the routes', () => {
  it('accepted with materials missing, granted 容缺通过, the rest supplied after construction began: each one event, audited', async () => {
    const gas = await waitingGas()
    w.clock.set('2026-03-03T02:00:00Z')
    const acc = await decideAs(w, gas, accepted(['管线平面图', '施工围蔽方案']), URBAN)
    expect(acc.status, JSON.stringify(acc.body)).toBe(200)
    expect(acc.body.request.permits[0]).toMatchObject({
      status: 'requested',
      acceptedOn: '2026-03-03',
      deficiencies: [{ name: '管线平面图' }, { name: '施工围蔽方案' }],
    })
    // The department's answer leaves out the owner, as its decisions' do.
    expect(acc.body.request).not.toHaveProperty('owner')
    const [accEvent] = (await advancedOf(gas)).slice(-1)
    expect(accEvent).toMatchObject({
      actor: 'reviewer-urban-management',
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'accepted' },
    })
    expect(accEvent?.note).toContain('容缺受理')
    expect(accEvent?.request.permits[0]?.deficiencies).toHaveLength(2)

    w.clock.set('2026-03-04T02:00:00Z')
    const one = await act(w, gas, supplied(['施工围蔽方案']))
    expect(one.status, JSON.stringify(one.body)).toBe(200)
    expect(one.body.request.permits[0].deficiencies).toEqual([
      { name: '管线平面图' },
      { name: '施工围蔽方案', suppliedOn: '2026-03-04' },
    ])

    const granted = await decideAs(
      w,
      gas,
      { kind: 'road-excavation', outcome: 'granted', documentNo: '佛城管许〔2026〕12号' },
      URBAN,
    )
    expect(granted.body.request.permits[0]).toMatchObject({ status: 'granted', grantedWithDeficiencies: true })
    const grantEvent = (await advancedOf(gas)).at(-1)
    expect(grantEvent).toMatchObject({ permitsDecided: ['road-excavation'] })
    expect(grantEvent).not.toHaveProperty('permitDeficiency')
    const both = await decideAs(
      w,
      gas,
      { kind: 'road-related', outcome: 'granted', documentNo: '佛交许〔2026〕3号' },
      reviewerOf('transport'),
    )
    expect(both.body.request.stage).toBe('construction')

    // 容缺后补 after the grant: the request is at construction, the material still owed.
    w.clock.set('2026-03-10T02:00:00Z')
    const rest = await act(w, gas, supplied(['管线平面图']))
    expect(rest.status, JSON.stringify(rest.body)).toBe(200)
    expect(rest.body.request.permits[0]).toMatchObject({
      status: 'granted',
      grantedWithDeficiencies: true,
      deficiencies: [
        { name: '管线平面图', suppliedOn: '2026-03-10' },
        { name: '施工围蔽方案', suppliedOn: '2026-03-04' },
      ],
    })
    expect((await advancedOf(gas)).at(-1)).toMatchObject({
      actor: 'staff-gas',
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
    })
    expect(await auditOf(gas)).toEqual([
      { action: 'utility.permit.accepted', outcome: 'done', code: null },
      { action: 'utility.request.permit-materials-supplied', outcome: 'done', code: null },
      { action: 'utility.request.permit-materials-supplied', outcome: 'done', code: null },
    ])
  })

  it('hostile and wrong input: 400/422/409 problem+json naming the field, nothing written', async () => {
    const gas = await waitingGas()
    const before = await w.writtenTo('utility_request', gas.id)
    const events = (await advancedOf(gas)).length
    const eleven = Array.from({ length: 11 }, (_, i) => `材料${i}`)
    const acceptances: Array<[object, number, string]> = [
      [accepted(eleven), 400, '/deficiencies'],
      [accepted([]), 400, '/deficiencies'],
      [accepted(['长'.repeat(101)]), 400, '/deficiencies/0/name'],
      [{ ...accepted(['管线平面图']), promisedOn: '2026-03-09' }, 400, 'promisedOn'],
      [{ ...accepted([]), deficiencies: [{ name: '图', dueOn: '2026-03-09' }] }, 400, 'dueOn'],
      [accepted(['管线平面图', '  ']), 422, '/deficiencies/1/name'],
      [accepted(['管线平面图', '管线平面图']), 422, '/deficiencies/1/name'],
    ]
    for (const [body, status, field] of acceptances) {
      const res = await decideAs(w, gas, body, URBAN)
      expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([JSON.stringify(body).slice(0, 80), status])
      expect(res.type).toContain('application/problem+json')
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }
    // Another department may not accept 城管's permit; nothing is owed before an acceptance.
    const other = await decideAs(w, gas, accepted(['管线平面图']), reviewerOf('transport'))
    expect([other.status, other.body.code]).toEqual([403, 'UTILITY_PERMIT_NOT_YOUR_DEPARTMENT'])
    const early = await act(w, gas, supplied(['管线平面图']))
    expect([early.status, early.body.code]).toEqual([422, 'UTILITY_PERMIT_MATERIAL_NOT_OWED'])
    expect(early.body.errors[0].field).toBe('/kind')
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
    expect(await advancedOf(gas)).toHaveLength(events)

    expect((await decideAs(w, gas, accepted(['管线平面图']), URBAN)).status).toBe(200)
    const afterAcceptance = await w.writtenTo('utility_request', gas.id)
    const again = await decideAs(w, gas, accepted(['施工围蔽方案']), URBAN)
    expect([again.status, again.body.code]).toEqual([409, 'UTILITY_PERMIT_ALREADY_ACCEPTED'])
    const supplies: Array<[object, number, string]> = [
      [supplied(eleven), 400, '/materials'],
      [supplied(['长'.repeat(101)]), 400, '/materials/0/name'],
      [{ ...supplied(['管线平面图']), suppliedOn: '2026-03-01' }, 400, 'suppliedOn'],
      [supplied(['竣工图']), 422, '/materials/0/name'],
      [supplied(['管线平面图', '管线平面图']), 422, '/materials/1/name'],
    ]
    for (const [body, status, field] of supplies) {
      const res = await act(w, gas, body)
      expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([JSON.stringify(body).slice(0, 80), status])
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }
    // Another provider's staff: not its request.
    const stranger = await act(w, gas, supplied(['管线平面图']), staffOf('water'))
    expect([stranger.status, stranger.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(afterAcceptance)
  })
})
