import {
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  UtilityRequestAdvancedV1,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PERMITS_PAUSE } from '../src/domain/request.js'
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

// 并联审批 (004:1846, 004:2195, 000:126): the provider applies, and the department the region's catalogue names for
// the permit's item decides it in its inbox; its decision reaches the request by itself (R4.7).

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

const URBAN = { sub: 'reviewer-urban', role: 'reviewer', department: 'urban-management' }
const TRANSPORT = { sub: 'reviewer-transport', role: 'reviewer', department: 'transport' }

/** A gas line over the low-risk thresholds, its plan done: waiting on the permits named. */
async function waitingGas(
  permits: string[] = ['road-excavation', 'green-space'],
  region: '440600' | '441500' = '440600',
): Promise<RequestRow> {
  const project = aProject(region)
  await registerProject(w, project)
  const body = anAcceptance(project, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] })
  await accept(w, body)
  const [gas] = await requestsOf(w, body.applicationId, 1)
  if (!gas) throw new Error('no request')
  expect((await act(w, gas, { action: 'survey-done' })).status).toBe(200)
  const planned = await act(w, gas, { action: 'plan-done', permits })
  expect(planned.body.request.stage).toBe('outside-line-permits')
  return gas
}

async function decideAs(r: RequestRow, body: object, actor: object = URBAN) {
  const res = await w.app.inject({
    method: 'POST',
    url: `/utility-requests/${r.id}/permit-decision`,
    headers: await asCaller('utility', actor, w.clock),
    payload: body,
  })
  return { status: res.statusCode, body: res.json(), type: res.headers['content-type'] }
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

describe('a permit is applied to the department its catalogue item names', () => {
  it('Foshan: 占掘路 and 绿化 to 佛山市城管执法局, 涉路 to 佛山市交通运输局, on the day of the plan', async () => {
    w.clock.set('2026-03-03T02:00:00Z')
    const gas = await waitingGas(['road-excavation', 'green-space', 'road-related'])
    expect((await read(gas)).permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        departmentName: '佛山市城管执法局',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
      {
        kind: 'green-space',
        status: 'requested',
        department: 'urban-management',
        departmentName: '佛山市城管执法局',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
      {
        kind: 'road-related',
        status: 'requested',
        department: 'transport',
        departmentName: '佛山市交通运输局',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
    ])
    // The plan's advanced event names the permits it applied for: the notifier tells each department of its own.
    expect((await advancedOf(gas)).at(-1)?.permitsApplied).toEqual(['road-excavation', 'green-space', 'road-related'])
  })
})

describe('占道施工交通组织方案审核 (004:1846): 公安 reviews the traffic plan of a road line', () => {
  const POLICE = { sub: 'reviewer-police', role: 'reviewer', department: 'public-security' }

  it('Shanwei: a road line sent with no permits named is applied to 汕尾市公安局 too; only 公安 decides it', async () => {
    const project = aProject('441500')
    await registerProject(w, project)
    const body = anAcceptance(project, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] })
    await accept(w, body)
    const [gas] = await requestsOf(w, body.applicationId, 1)
    if (!gas) throw new Error('no request')
    await act(w, gas, { action: 'survey-done' })
    w.clock.set('2026-03-03T02:00:00Z')
    expect((await act(w, gas, { action: 'plan-done' })).status).toBe(200)
    expect((await read(gas)).permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        departmentName: '城市管理部门',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
      {
        kind: 'traffic-organisation',
        status: 'requested',
        department: 'public-security',
        departmentName: '汕尾市公安局',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
    ])
    // The notifier tells 公安 of its own from the plan's event.
    expect((await advancedOf(gas)).at(-1)?.permitsApplied).toEqual(['road-excavation', 'traffic-organisation'])

    const review = { kind: 'traffic-organisation', outcome: 'granted', documentNo: '汕公交〔2026〕12号' }
    const urban = await decideAs(gas, review, URBAN)
    expect([urban.status, urban.body.code]).toEqual([403, 'UTILITY_PERMIT_NOT_YOUR_DEPARTMENT'])
    // The provider may not record it either: 公安 decides it on the platform.
    const recorded = await act(w, gas, {
      action: 'permit-granted',
      kind: 'traffic-organisation',
      department: 'public-security',
      documentNo: 'X1',
      decidedOn: '2026-03-03',
    })
    expect([recorded.status, recorded.body.code]).toEqual([403, 'UTILITY_PERMIT_DECIDED_BY_DEPARTMENT'])

    w.clock.set('2026-03-04T02:00:00Z')
    const granted = await decideAs(gas, review, POLICE)
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    expect(granted.body.request.stage).toBe('outside-line-permits')
    expect(granted.body.request.permits[1]).toEqual({
      kind: 'traffic-organisation',
      status: 'granted',
      department: 'public-security',
      departmentName: '汕尾市公安局',
      documentNo: '汕公交〔2026〕12号',
      decidedOn: '2026-03-04',
      appliedOn: '2026-03-03',
      appliedAtVersion: 3,
    })
    expect((await advancedOf(gas)).at(-1)).toMatchObject({ actor: 'reviewer-police' })
    const last = await decideAs(gas, { ...review, kind: 'road-excavation', documentNo: '汕城管〔2026〕3号' }, URBAN)
    expect(last.body.request.stage).toBe('construction')
  })
  // Qinzhou's step lists no such review (000:126): request.unit shows its line sent for 占掘路 alone.
})

describe('the department decides; the provider records nothing', () => {
  it('a grant by the department’s reviewer: its 文号, today by the service’s clock, one advanced event; the provider reads it at once', async () => {
    const gas = await waitingGas()
    w.clock.set('2026-03-04T02:00:00Z')
    const events = (await advancedOf(gas)).length
    const granted = await decideAs(gas, {
      kind: 'green-space',
      outcome: 'granted',
      documentNo: ' 佛城管许〔2026〕7号 ',
    })
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    const permit = {
      kind: 'green-space',
      status: 'granted',
      department: 'urban-management',
      departmentName: '佛山市城管执法局',
      appliedOn: '2026-03-02',
      appliedAtVersion: 3,
      documentNo: '佛城管许〔2026〕7号',
      decidedOn: '2026-03-04',
    }
    expect(granted.body.request.permits[1]).toEqual(permit)
    // The department's answer leaves out the owner and the application's contact.
    expect(granted.body.request).not.toHaveProperty('owner')
    expect((await read(gas)).permits[1]).toEqual(permit)
    const after = await advancedOf(gas)
    expect(after).toHaveLength(events + 1)
    expect(after.at(-1)?.actor).toBe('reviewer-urban')
    expect(after.at(-1)?.request.permits[1]).toEqual(permit)
    expect(after.at(-1)?.permitsDecided).toEqual(['green-space'])
    // The plan's event applied for it and decided nothing.
    expect(after.at(-2)?.permitsDecided).toEqual([])
  })

  it('the provider may no longer record it: 403 UTILITY_PERMIT_DECIDED_BY_DEPARTMENT, nothing written', async () => {
    const gas = await waitingGas()
    const before = await w.writtenTo('utility_request', gas.id)
    for (const body of [
      grant('road-excavation'),
      { ...grant('road-excavation'), action: 'permit-refused', reason: '禁止开挖' },
    ]) {
      const res = await act(w, gas, body)
      expect([res.status, res.body.code]).toEqual([403, 'UTILITY_PERMIT_DECIDED_BY_DEPARTMENT'])
      expect(res.body).toMatchObject({ department: 'urban-management', departmentName: '佛山市城管执法局' })
    }
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
  })

  it('another department, a provider or the owner may not decide it: 403, nothing written', async () => {
    const gas = await waitingGas(['road-excavation', 'road-related'])
    const before = await w.writtenTo('utility_request', gas.id)
    const events = (await advancedOf(gas)).length
    const decision = { kind: 'road-excavation', outcome: 'granted', documentNo: '佛交许〔2026〕1号' }
    const other = await decideAs(gas, decision, TRANSPORT)
    expect([other.status, other.body.code]).toEqual([403, 'UTILITY_PERMIT_NOT_YOUR_DEPARTMENT'])
    // Transport's own permit is its to decide, not urban management's.
    const urban = await decideAs(gas, { ...decision, kind: 'road-related' }, URBAN)
    expect([urban.status, urban.body.code]).toEqual([403, 'UTILITY_PERMIT_NOT_YOUR_DEPARTMENT'])
    for (const actor of [staffOf('gas'), { sub: 'owner-1', role: 'owner', creditCode: '91440600MA4UJ8XX0X' }]) {
      const res = await decideAs(gas, decision, actor)
      expect([res.status, res.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    }
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
    expect(await advancedOf(gas)).toHaveLength(events)
    const own = await decideAs(gas, { ...decision, kind: 'road-related' }, TRANSPORT)
    expect(own.body.request.permits[1]).toMatchObject({ status: 'granted', departmentName: '佛山市交通运输局' })
  })

  it('bad input: problem+json naming the field, nothing written', async () => {
    const gas = await waitingGas()
    const before = await w.writtenTo('utility_request', gas.id)
    const events = (await advancedOf(gas)).length
    const cases: Array<[object, number, string]> = [
      [{ kind: 'road-excavation', outcome: 'granted', documentNo: 'x'.repeat(51) }, 400, '/documentNo'],
      [{ kind: 'road-excavation', outcome: 'granted', documentNo: '' }, 400, '/documentNo'],
      [{ kind: 'road-excavation', outcome: 'granted', documentNo: '   ' }, 422, '/documentNo'],
      [{ kind: 'road-excavation', outcome: 'granted' }, 400, 'documentNo'],
      [{ kind: 'road-excavation', outcome: 'refused' }, 400, 'reason'],
      [{ kind: 'road-excavation', outcome: 'refused', reason: '  ' }, 422, '/reason'],
      [{ kind: 'road-excavation', outcome: 'refused', reason: 'x'.repeat(2001) }, 400, '/reason'],
      [{ kind: 'road-excavation', outcome: 'granted', documentNo: '1', decidedOn: '2026-03-01' }, 400, 'decidedOn'],
      [{ kind: 'road-excavation', outcome: 'granted', documentNo: '1', department: 'transport' }, 400, 'department'],
      [{ kind: 'sewer', outcome: 'granted', documentNo: '1' }, 400, '/kind'],
      [{ kind: 'road-excavation', outcome: 'maybe' }, 400, 'outcome'],
    ]
    for (const [body, status, field] of cases) {
      const res = await decideAs(gas, body)
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status])
      expect(res.type).toContain('application/problem+json')
      if (status === 422) expect(res.body.code).toBe('UTILITY_PERMIT_DECISION_INVALID')
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }
    expect(await w.writtenTo('utility_request', gas.id)).toEqual(before)
    expect(await advancedOf(gas)).toHaveLength(events)
  })
})

describe('不予许可 and the way back', () => {
  it('refused with a reason; the provider changes its plan and applies again; back in the inbox, then granted → construction; the permits clock is suspended while the permit is with the provider', async () => {
    const gas = await waitingGas(['road-excavation'], '441500')
    const applied = await read(gas)
    const clock = applied.permitsClock
    expect(clock).toMatchObject({ start: '2026-03-02', limit: { value: 3, unit: 'W' }, suspensions: [] })
    // 3 W from Monday 2 March: Tuesday, Wednesday, Thursday.
    expect(applied.permitsDueOn).toBe('2026-03-05')
    w.clock.set('2026-03-03T02:00:00Z')
    const refused = await decideAs(gas, {
      kind: 'road-excavation',
      outcome: 'refused',
      reason: '该路段为城市主干道，禁止开挖',
    })
    expect(refused.status, JSON.stringify(refused.body)).toBe(200)
    expect(refused.body.request).toMatchObject({
      stage: 'outside-line-permits',
      permits: [{ status: 'refused', reason: '该路段为城市主干道，禁止开挖', decidedOn: '2026-03-03' }],
    })
    expect(refused.body.request.permits[0]).not.toHaveProperty('documentNo')
    expect((await advancedOf(gas)).at(-1)).not.toHaveProperty('permitsApplied')
    // The refusal's event names the permit it decides: the data-sharing export writes the decision from it alone.
    expect((await advancedOf(gas)).at(-1)?.permitsDecided).toEqual(['road-excavation'])
    // Nothing is with a department now: the clock stops from the day after the refusal's (that day was the
    // department's, as the whole-flow cap counts a decision day), naming Shanwei's catalogue's source, and carries no
    // due day.
    expect(refused.body.request.permitsClock.suspensions).toEqual([
      {
        id: PERMITS_PAUSE,
        kind: 'supplement',
        from: '2026-03-04',
        legalBasis: expect.stringContaining('004_33317a5f04b53a73.txt:1774'),
      },
    ])
    expect(refused.body.request).not.toHaveProperty('permitsDueOn')
    // Nothing awaits a decision until the provider applies again.
    const twice = await decideAs(gas, {
      kind: 'road-excavation',
      outcome: 'granted',
      documentNo: '汕城管许〔2026〕3号',
    })
    expect([twice.status, twice.body.code]).toEqual([409, 'UTILITY_PERMIT_NOT_REQUESTED'])

    const blank = await act(w, gas, { action: 'permit-reapplied', kind: 'road-excavation', change: ' ' })
    expect([blank.status, blank.body.code, JSON.stringify(blank.body.errors)]).toEqual([
      422,
      'UTILITY_PERMIT_DECISION_INVALID',
      expect.stringContaining('/change'),
    ])
    const other = await act(
      w,
      gas,
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改走辅道' },
      staffOf('water'),
    )
    expect([other.status, other.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])

    w.clock.set('2026-03-04T02:00:00Z')
    const again = await act(w, gas, {
      action: 'permit-reapplied',
      kind: 'road-excavation',
      change: '改走辅道，避开主干道',
    })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body.request.permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        departmentName: expect.any(String),
        appliedOn: '2026-03-04',
        // A new round: the version the re-application gave the request.
        appliedAtVersion: again.body.request.version,
        reapplication: {
          change: '改走辅道，避开主干道',
          refusedOn: '2026-03-03',
          refusalReason: '该路段为城市主干道，禁止开挖',
        },
      },
    ])
    // One limit for the permits, counted from the same start; the provider's day (from the day after the refusal
    // through the re-application's, a start day) is not: Tuesday 3, Thursday 5, Friday 6 March, not Thursday 5.
    expect(again.body.request.permitsClock).toEqual({
      ...clock,
      suspensions: [
        { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-04', to: '2026-03-04', legalBasis: expect.any(String) },
      ],
    })
    expect(again.body.request.permitsDueOn).toBe('2026-03-06')
    // The re-application's event names the one permit applied for again.
    expect((await advancedOf(gas)).at(-1)?.permitsApplied).toEqual(['road-excavation'])
    expect((await advancedOf(gas)).at(-1)?.permitsDecided).toEqual([])
    const notRefused = await act(w, gas, { action: 'permit-reapplied', kind: 'road-excavation', change: '再改' })
    expect([notRefused.status, notRefused.body.code]).toEqual([409, 'UTILITY_PERMIT_NOT_REFUSED'])

    const granted = await decideAs(gas, {
      kind: 'road-excavation',
      outcome: 'granted',
      documentNo: '汕城管许〔2026〕3号',
    })
    expect(granted.body.request).toMatchObject({
      stage: 'construction',
      permitsDoneAt: '2026-03-04T02:00:00.000Z',
      permits: [{ status: 'granted', documentNo: '汕城管许〔2026〕3号', decidedOn: '2026-03-04' }],
    })
    const late = await decideAs(gas, { kind: 'road-excavation', outcome: 'granted', documentNo: '汕城管许〔2026〕4号' })
    expect([late.status, late.body.code]).toEqual([409, 'UTILITY_REQUEST_STATE_CONFLICT'])
  })

  it('the clock runs while any permit is with a department, stops once every one left is with the provider (no 预警 or 超时 then), and resumes at the re-application', async () => {
    const alertsOf = async (requestId: string) =>
      [
        ...(await outboxBodies(w, UtilityPermitsClockWarnedV1)),
        ...(await outboxBodies(w, UtilityPermitsClockOverdueV1)),
      ].filter((b) => b.request.requestId === requestId)
    // Shanwei: 3 W from Monday 2 March, due Thursday 5 March; both permits with urban management.
    const gas = await waitingGas(['road-excavation', 'green-space'], '441500')
    // Stored before the request carried its due day: the next save, any decision, puts it back.
    await w.db.pool.query(`UPDATE utility_request SET state = state - 'permitsDueOn' WHERE id = $1`, [gas.id])
    w.clock.set('2026-03-03T02:00:00Z')
    const one = await decideAs(gas, { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' })
    // green-space is still with its department: the clock runs on.
    expect(one.body.request.permitsClock.suspensions).toEqual([])
    expect(one.body.request.permitsDueOn).toBe('2026-03-05')
    w.clock.set('2026-03-04T02:00:00Z')
    const two = await decideAs(gas, { kind: 'green-space', outcome: 'granted', documentNo: '汕绿许〔2026〕1号' })
    expect(two.body.request.permitsClock.suspensions).toEqual([
      { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-05', legalBasis: expect.any(String) },
    ])
    // A week with the provider: past the due day it had, and the sweep tells no one it is late.
    w.clock.set('2026-03-11T02:00:00Z')
    await w.app.scanner.runOnce()
    expect(await alertsOf(gas.id)).toEqual([])
    const again = await act(w, gas, { action: 'permit-reapplied', kind: 'road-excavation', change: '改走辅道' })
    // Tuesday 3 and Wednesday 4 March counted (the departments'), 5 to 11 March not: Thursday 12 March.
    expect(again.body.request.permitsDueOn).toBe('2026-03-12')
    await w.app.scanner.runOnce()
    expect(await alertsOf(gas.id)).toEqual([])
    // Once it is with a department again, its days count, and the alerts come when they are due.
    w.clock.set('2026-03-16T02:00:00Z')
    await w.app.scanner.runOnce()
    expect((await alertsOf(gas.id)).map((b) => [b.dueOn, b.note])).toEqual([
      ['2026-03-12', 'due 2026-03-12, 5 of 3 W used'],
      ['2026-03-12', 'due 2026-03-12, 5 of 3 W used'],
    ])
  })

  it('every permit granted by its department: the request moves to construction', async () => {
    const gas = await waitingGas(['road-excavation', 'green-space', 'road-related'])
    await decideAs(gas, { kind: 'road-excavation', outcome: 'granted', documentNo: 'A1' })
    await decideAs(gas, { kind: 'road-related', outcome: 'granted', documentNo: 'B1' }, TRANSPORT)
    expect((await read(gas)).stage).toBe('outside-line-permits')
    const last = await decideAs(gas, { kind: 'green-space', outcome: 'granted', documentNo: 'A2' })
    expect(last.body.request.stage).toBe('construction')
    expect(last.body.request.permits.map((p: { status: string }) => p.status)).toEqual([
      'granted',
      'granted',
      'granted',
    ])
  })
})
