import { UtilityRequestAdvancedV1 } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  grant,
  outboxBodies,
  type RequestRow,
  registerProject,
  requestsOf,
  staffOf,
  utilityWorld,
  type World,
} from './helpers.js'

// Outside-line permits (外线工程) are the departments' to decide. Where the department decides on the platform (its
// catalogue item names it: permit-inbox.int.test.ts) the provider records nothing; here, a permit applied for before
// departments decided on the platform (no `appliedOn`) — the provider records each decision from the department's
// written decision (004:2195): the department, its 文号 and its day, a refusal (不予许可) its reason.

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

/** A Foshan gas line over the low-risk thresholds, its plan done: waiting on the permits named. */
async function waitingGas(permits: string[] = ['road-excavation', 'green-space']): Promise<RequestRow> {
  const project = aProject()
  await registerProject(w, project)
  const body = anAcceptance(project, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] })
  await accept(w, body)
  const [gas] = await requestsOf(w, body.applicationId, 1)
  if (!gas) throw new Error('no request')
  expect((await act(w, gas, { action: 'survey-done' })).status).toBe(200)
  const planned = await act(w, gas, { action: 'plan-done', permits })
  expect(planned.body.request.stage).toBe('outside-line-permits')
  // As a release before the departments' inbox stored it: requested, with no department applied to.
  await w.db.pool.query(
    `UPDATE utility_request
        SET state = jsonb_set(state, '{permits}', (SELECT jsonb_agg(p - 'department' - 'departmentName' - 'appliedOn' - 'appliedAtVersion')
                                                     FROM jsonb_array_elements(state -> 'permits') p))
      WHERE id = $1`,
    [gas.id],
  )
  expect(await read(gas)).toMatchObject({ permits: permits.map((kind) => ({ kind, status: 'requested' })) })
  expect((await read(gas)).permits[0]).not.toHaveProperty('appliedOn')
  return gas
}

async function read(r: RequestRow) {
  const res = await w.app.inject({
    method: 'GET',
    url: `/utility-requests/${r.id}`,
    headers: await asCaller('utility', staffOf(r.provider), w.clock),
  })
  return res.json().request
}

const advancedOf = async (r: RequestRow) =>
  (await outboxBodies(w, UtilityRequestAdvancedV1)).filter((e) => e.request.requestId === r.id)

describe("an outside-line permit is the department's decision", () => {
  it('a grant is recorded with the department (named as the region’s catalogue names it), its 文号 and its day, in the request and its event', async () => {
    const gas = await waitingGas()
    w.clock.set('2026-03-04T02:00:00Z')
    const granted = await act(
      w,
      gas,
      grant('green-space', { documentNo: '佛城管许〔2026〕7号', decidedOn: '2026-03-03' }),
    )
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    const permit = {
      kind: 'green-space',
      status: 'granted',
      department: 'urban-management',
      departmentName: '佛山市城管执法局',
      documentNo: '佛城管许〔2026〕7号',
      decidedOn: '2026-03-03',
    }
    expect(granted.body.request.permits).toEqual([{ kind: 'road-excavation', status: 'requested' }, permit])
    expect(granted.body.request.stage).toBe('outside-line-permits')
    expect((await read(gas)).permits[1]).toEqual(permit)
    const events = await advancedOf(gas)
    expect(events.at(-1)?.request.permits[1]).toEqual(permit)
    expect(events.at(-1)?.actor).toBe('staff-gas')
    // Recorded from paper: no department decided it on the platform, so the event names no permit decided.
    expect(events.at(-1)?.permitsDecided).toEqual([])

    const last = await act(w, gas, grant('road-excavation', { department: 'transport', decidedOn: '2026-03-04' }))
    expect(last.body.request).toMatchObject({
      stage: 'construction',
      permits: [{ kind: 'road-excavation', status: 'granted', departmentName: '佛山市交通运输局' }, permit],
    })
  })

  it('不予许可: recorded with its reason, the request keeps waiting; the permit applied for anew may then be granted', async () => {
    const gas = await waitingGas(['road-excavation'])
    const refused = await act(w, gas, {
      ...grant('road-excavation'),
      action: 'permit-refused',
      reason: '该路段为城市主干道，禁止开挖',
    })
    expect(refused.status, JSON.stringify(refused.body)).toBe(200)
    expect(refused.body.request).toMatchObject({
      stage: 'outside-line-permits',
      permits: [
        {
          kind: 'road-excavation',
          status: 'refused',
          department: 'urban-management',
          documentNo: '佛城管许〔2026〕12号',
          reason: '该路段为城市主干道，禁止开挖',
        },
      ],
    })
    expect(refused.body.request).not.toHaveProperty('permitsDoneAt')
    const noReason = await act(w, gas, { ...grant('road-excavation'), action: 'permit-refused' })
    expect([noReason.status, JSON.stringify(noReason.body)]).toEqual([400, expect.stringContaining('reason')])
    const again = await act(w, gas, grant('road-excavation', { documentNo: '佛城管许〔2026〕20号' }))
    expect(again.body.request).toMatchObject({ stage: 'construction', permits: [{ status: 'granted' }] })
  })

  it('a bad decision is refused as problem+json naming the field, and nothing is written', async () => {
    const gas = await waitingGas()
    const before = await w.writtenTo('utility_request', gas.id)
    const events = (await advancedOf(gas)).length
    const cases: Array<[object, number, string]> = [
      [grant('road-excavation', { documentNo: 'x'.repeat(51) }), 400, '/documentNo'],
      [grant('road-excavation', { documentNo: '' }), 400, '/documentNo'],
      [grant('road-excavation', { documentNo: '   ' }), 422, '/documentNo'],
      [grant('road-excavation', { decidedOn: '2026-02-30' }), 400, '/decidedOn'],
      [grant('road-excavation', { decidedOn: '2026-03-03' }), 422, '/decidedOn'],
      [grant('road-excavation', { decidedOn: '2026-03-01' }), 422, '/decidedOn'],
      [grant('road-excavation', { department: 'power-supply' }), 422, '/department'],
      [grant('road-excavation', { department: 'no-such-bureau' }), 422, '/department'],
      [grant('road-excavation', { department: 'd'.repeat(101) }), 400, '/department'],
      [{ action: 'permit-granted', kind: 'road-excavation' }, 400, 'documentNo'],
    ]
    for (const [body, status, field] of cases) {
      const res = await w.app.inject({
        method: 'POST',
        url: `/utility-requests/${gas.id}/actions`,
        headers: await asCaller('utility', staffOf('gas'), w.clock),
        payload: body,
      })
      expect([JSON.stringify(body), res.statusCode]).toEqual([JSON.stringify(body), status])
      expect(res.headers['content-type']).toContain('application/problem+json')
      const problem = res.json()
      if (status === 422) expect(problem.code).toBe('UTILITY_PERMIT_DECISION_INVALID')
      expect(JSON.stringify(problem.errors)).toContain(field)
    }
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
    expect(await advancedOf(gas)).toHaveLength(events)
  })

  it('another provider’s staff, or a department’s reviewer, may not record it: 403 and nothing written', async () => {
    const gas = await waitingGas()
    const before = await w.writtenTo('utility_request', gas.id)
    const other = await act(w, gas, grant('road-excavation'), staffOf('water'))
    expect([other.status, other.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    const reviewer = await act(w, gas, grant('road-excavation'), {
      sub: 'reviewer-1',
      role: 'reviewer',
      department: 'urban-management',
    })
    expect([reviewer.status, reviewer.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
  })

  it('a low-risk line is filed (报备) on the day of its plan, with no decision to record', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = anAcceptance(project, { utilities: [{ provider: 'water', lengthM: 120, diameterMm: 150 }] })
    await accept(w, body)
    const [water] = await requestsOf(w, body.applicationId, 1)
    if (!water) throw new Error('no request')
    await act(w, water, { action: 'survey-done' })
    const planned = await act(w, water, { action: 'plan-done' })
    expect(planned.body.request.permits).toEqual([{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-02' }])
    const granted = await act(w, water, grant('road-excavation'))
    expect(granted.status).toBe(409)
  })

  it('a permit granted before decisions were recorded (no 文号) still reads, and still lets the others be decided', async () => {
    const gas = await waitingGas()
    // As a release before this one stored it: granted, with nothing of the department's decision.
    await w.db.pool.query(
      `UPDATE utility_request SET state = jsonb_set(state, '{permits,1}', '{"kind":"green-space","status":"granted"}') WHERE id = $1`,
      [gas.id],
    )
    expect((await read(gas)).permits[1]).toEqual({ kind: 'green-space', status: 'granted' })
    const res = await w.app.inject({
      method: 'GET',
      url: '/utility-requests?provider=gas',
      headers: await asCaller('utility', staffOf('gas'), w.clock),
    })
    expect((res.json().requests as Array<{ requestId: string }>).map((r) => r.requestId)).toContain(gas.id)
    const last = await act(w, gas, grant('road-excavation'))
    expect(last.body.request).toMatchObject({
      stage: 'construction',
      permits: [
        { status: 'granted', documentNo: '佛城管许〔2026〕12号' },
        { kind: 'green-space', status: 'granted' },
      ],
    })
  })
})
