import {
  UtilityConnectedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { readAuditEntries, verifyChain } from '@onewindow/messaging'
import { asCaller, schemaDifferences } from '@onewindow/testing'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismaSchemaDir } from '../src/index.js'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  grantedByDepartment,
  outboxBodies,
  pass,
  published,
  registerProject,
  requestsOf,
  SHANWEI,
  staffOf,
  utilityWorld,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

const FOUR = [
  { provider: 'water' as const, lengthM: 120, diameterMm: 150 },
  { provider: 'power' as const, lengthM: 300, voltageKv: 10, newChannel: false },
  { provider: 'gas' as const, lengthM: 800, diameterMm: 200 },
  { provider: 'telecom' as const, lengthM: 60 },
]

let w: World
beforeAll(async () => {
  w = await utilityWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const byProvider = <T extends { provider: string }>(rows: T[], provider: string): T => {
  const row = rows.find((r) => r.provider === provider)
  if (!row) throw new Error(`no ${provider} request`)
  return row
}

describe('utility hookup requests', () => {
  it('migrates to exactly the schema schema.prisma declares', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('opens four requests from one acceptance with four providers; the owner submits nothing; all four connect after joint acceptance', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = anAcceptance(project, { utilities: FOUR })
    await accept(w, body)
    const rows = await requestsOf(w, body.applicationId, 4)
    expect(rows.map((r) => [r.provider, r.stage])).toEqual([
      ['gas', 'survey'],
      ['power', 'survey'],
      ['telecom', 'survey'],
      ['water', 'survey'],
    ])
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, UtilityRequestOpenedV1))
          .filter((e) => e.request.applicationId === body.applicationId)
          .map((e) => [e.request.provider, e.request.lowRisk, e.request.version])
          .sort(),
      )
      .toEqual([
        ['gas', false, 1],
        ['power', true, 1],
        ['telecom', false, 1],
        ['water', true, 1],
      ])

    // A low-risk water line: permits only filed, straight on to construction.
    const water = byProvider(rows, 'water')
    expect((await act(w, water, { action: 'survey-done' })).body.request.stage).toBe('plan')
    const planned = await act(w, water, { action: 'plan-done' })
    expect(planned.status).toBe(200)
    expect(planned.body.request).toMatchObject({
      stage: 'construction',
      lowRisk: true,
      permits: [{ kind: 'road-excavation', status: 'filed' }],
      version: 3,
    })
    expect(planned.body.request.permitsClock).toBeUndefined()

    // The gas line is over 500 m: its permits run in parallel, with no clock — Foshan sets them no limit (004:2197).
    const gas = byProvider(rows, 'gas')
    await act(w, gas, { action: 'survey-done' })
    w.clock.set('2026-03-03T02:00:00Z')
    const gasPlanned = await act(w, gas, { action: 'plan-done', permits: ['road-excavation', 'green-space'] })
    expect(gasPlanned.body.request).toMatchObject({ stage: 'outside-line-permits' })
    expect(gasPlanned.body.request).not.toHaveProperty('permitsClock')
    expect((await grantedByDepartment(w, gas, 'green-space')).body.request.stage).toBe('outside-line-permits')
    expect((await grantedByDepartment(w, gas, 'road-excavation')).body.request.stage).toBe('construction')

    // Three finish construction before joint acceptance and wait for it.
    for (const provider of ['water', 'gas', 'power']) {
      const r = byProvider(rows, provider)
      if (provider === 'power') {
        await act(w, r, { action: 'survey-done' })
        await act(w, r, { action: 'plan-done' })
      }
      const done = await act(w, r, { action: 'construction-done' })
      expect([provider, done.status, done.body.request.stage]).toEqual([provider, 200, 'awaiting-acceptance'])
    }
    const telecom = byProvider(rows, 'telecom')
    await act(w, telecom, { action: 'survey-done' })
    // A Foshan road line: 占掘路 for 城管, and the traffic-organisation review for 公安 (004:1846).
    await act(w, telecom, { action: 'plan-done' })
    await grantedByDepartment(w, telecom, 'road-excavation')
    await grantedByDepartment(w, telecom, 'traffic-organisation', 'public-security')

    await pass(w, project)
    await expect
      .poll(async () => (await requestsOf(w, body.applicationId, 4)).map((r) => [r.provider, r.stage]))
      .toEqual([
        ['gas', 'connected'],
        ['power', 'connected'],
        ['telecom', 'construction'],
        ['water', 'connected'],
      ])

    // The last one connects as soon as its construction is done.
    const last = await act(w, telecom, { action: 'construction-done' })
    expect(last.body.request).toMatchObject({ stage: 'connected', connectedAt: '2026-03-03T02:00:00.000Z' })

    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, UtilityConnectedV1))
          .filter((e) => e.request.applicationId === body.applicationId)
          .map((e) => e.request.provider)
          .sort(),
      )
      .toEqual(['gas', 'power', 'telecom', 'water'])
    const advanced = (await published(w.nc, w.topology, UtilityRequestAdvancedV1)).filter(
      (e) => e.request.requestId === water.id,
    )
    expect(advanced.map((e) => [e.request.stage, e.request.version, e.actor])).toEqual([
      ['plan', 2, 'staff-water'],
      ['construction', 3, 'staff-water'],
      ['awaiting-acceptance', 4, 'staff-water'],
    ])

    const list = await w.app.inject({
      method: 'GET',
      url: `/utility-requests?project=${project.projectId}`,
      headers: await asCaller('utility', undefined, w.clock),
    })
    expect(list.statusCode).toBe(200)
    expect(list.json().requests.map((r: { stage: string }) => r.stage)).toEqual([
      'connected',
      'connected',
      'connected',
      'connected',
    ])
    const onlyWater = await w.app.inject({
      method: 'GET',
      url: `/utility-requests?provider=water&project=${project.projectId}`,
      headers: await asCaller('utility', undefined, w.clock),
    })
    expect(onlyWater.json().requests.map((r: { requestId: string }) => r.requestId)).toEqual([water.id])
    const one = await w.app.inject({
      method: 'GET',
      url: `/utility-requests/${water.id}`,
      headers: await asCaller('utility', undefined, w.clock),
    })
    expect(one.json().request).toMatchObject({ requestId: water.id, stage: 'connected', version: 5 })
  })

  // 联合报装: the provider arranges the survey and the connection with the owner, who files nothing again — so the
  // request names the 建设单位 (from the project's registration) and the desk's 申请联系人/联系电话 (from the acceptance).
  it('names the project’s owner and the desk’s contact on each request it opens, in its row and its event; an older project copy or acceptance, neither', async () => {
    const project = aProject()
    await registerProject(w, project)
    const contact = { name: '李工', phone: '0757-83331234' }
    const body = anAcceptance(project, { utilities: FOUR.slice(0, 2), contact })
    await accept(w, body)
    await requestsOf(w, body.applicationId, 2)
    const stored = await w.db.pool.query<{ state: Record<string, unknown> }>(
      'SELECT state FROM utility_request WHERE application_id = $1 ORDER BY provider',
      [body.applicationId],
    )
    for (const { state } of stored.rows) {
      expect(state['owner']).toEqual({ name: '佛山某制造有限公司', creditCode: '91440600MA4UJ8XX0X' })
      expect(state['applicationContact']).toEqual(contact)
    }
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, UtilityRequestOpenedV1))
          .filter((e) => e.request.applicationId === body.applicationId)
          .map((e) => [e.request.provider, e.request.owner?.creditCode, e.request.applicationContact]),
      )
      .toEqual(
        expect.arrayContaining([
          ['water', '91440600MA4UJ8XX0X', contact],
          ['power', '91440600MA4UJ8XX0X', contact],
        ]),
      )

    // A project copied before its owner was kept, and an acceptance written before it carried the contact.
    const older = aProject()
    await registerProject(w, older)
    await w.db.pool.query('UPDATE project SET owner_name = NULL, owner_credit_code = NULL WHERE id = $1', [
      older.projectId,
    ])
    const before = anAcceptance(older, { utilities: FOUR.slice(0, 1) })
    await accept(w, before)
    await requestsOf(w, before.applicationId, 1)
    const { rows } = await w.db.pool.query<{ state: Record<string, unknown> }>(
      'SELECT state FROM utility_request WHERE application_id = $1',
      [before.applicationId],
    )
    expect(rows[0]?.state).not.toHaveProperty('owner')
    expect(rows[0]?.state).not.toHaveProperty('applicationContact')
  })

  it('opens nothing at a step other than the type’s hookup step, or without utilities', async () => {
    const project = aProject()
    await registerProject(w, project)
    const other = anAcceptance(project, { step: 'joint-acceptance', utilities: FOUR })
    const none = anAcceptance(project)
    await accept(w, other)
    await accept(w, none)
    // A third acceptance that does open one: once it is in, the two before it were handled (one consumer, in order).
    const marker = anAcceptance(project, { utilities: [{ provider: 'water', lengthM: 10, diameterMm: 50 }] })
    await accept(w, marker)
    await requestsOf(w, marker.applicationId, 1)
    const { rows } = await w.db.pool.query('SELECT 1 FROM utility_request WHERE application_id = ANY($1::uuid[])', [
      [other.applicationId, none.applicationId],
    ])
    expect(rows).toEqual([])
  })

  it('refuses another provider’s staff (403), a wrong-stage action (409 with the stage), a bad body (400 naming the field), and writes nothing', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = anAcceptance(project, { utilities: [{ provider: 'water', lengthM: 10, diameterMm: 50 }] })
    await accept(w, body)
    const [water] = await requestsOf(w, body.applicationId, 1)
    if (!water) throw new Error('no request')

    const wrong = await act(w, water, { action: 'survey-done' }, staffOf('power'))
    expect([wrong.status, wrong.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    const owner = await act(w, water, { action: 'survey-done' }, { sub: 'o', role: 'owner' })
    expect([owner.status, owner.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    const anonymous = await w.app.inject({
      method: 'POST',
      url: `/utility-requests/${water.id}/actions`,
      payload: { action: 'survey-done' },
    })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({
      code: 'UTILITY_ACTOR_REQUIRED',
      errors: [{ field: '/headers/x-onewindow-assertion', message: 'is missing' }],
    })

    const early = await act(w, water, { action: 'construction-done' })
    expect(early.status).toBe(409)
    expect(early.body).toMatchObject({ code: 'UTILITY_REQUEST_STATE_CONFLICT', stage: 'survey' })

    const bad = await act(w, water, { action: 'plan-done', permits: ['tunnel'] })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('/permits/0')
    const extra = await act(w, water, { action: 'survey-done', note: 'x' })
    expect(extra.status).toBe(400)
    expect(JSON.stringify(extra.body)).toContain('note')

    const after = await w.app.inject({
      method: 'GET',
      url: `/utility-requests/${water.id}`,
      headers: await asCaller('utility', staffOf('water'), w.clock),
    })
    expect(after.json().request).toMatchObject({ stage: 'survey', version: 1 })
    const { rows } = await w.db.pool.query(
      "SELECT 1 FROM outbox_message WHERE aggregate_id = $1 AND subject <> 'permit.utility.request.opened.v1'",
      [water.id],
    )
    expect(rows).toEqual([])

    const missing = await w.app.inject({
      method: 'GET',
      url: '/utility-requests/0195f3a0-0000-7000-8000-000000000000',
      headers: await asCaller('utility', undefined, w.clock),
    })
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'UTILITY_REQUEST_NOT_FOUND'])
  })
})

describe('the audit log (docs/security.md#audit-log)', () => {
  it('records every action with its caller and outcome in the action’s transaction — done, or refused with the code — and nothing for a request refused before it reached the command', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = anAcceptance(project, { utilities: [{ provider: 'water', lengthM: 10, diameterMm: 50 }] })
    await accept(w, body)
    const [water] = await requestsOf(w, body.applicationId, 1)
    if (!water) throw new Error('no request')
    expect((await act(w, water, { action: 'survey-done' }, staffOf('power'))).status).toBe(403)
    expect((await act(w, water, { action: 'construction-done' })).status).toBe(409)
    expect((await act(w, water, { action: 'survey-done', note: 'x' })).status).toBe(400)
    expect((await act(w, water, { action: 'survey-done' })).status).toBe(200)
    const all = await readAuditEntries(w.db.pool, { after: 0, limit: 1000 })
    expect(verifyChain(all)).toMatchObject({ ok: true })
    const mine = all.filter((e) => e.object === `utility-request:${water.id}`)
    expect(mine.map((e) => [e.role, e.action, e.outcome, e.code])).toEqual([
      ['utility', 'utility.request.survey-done', 'refused', 'UTILITY_NOT_YOUR_REQUEST'],
      ['utility', 'utility.request.construction-done', 'refused', 'UTILITY_REQUEST_STATE_CONFLICT'],
      ['utility', 'utility.request.survey-done', 'done', null],
    ])
    expect(mine.every((e) => e.at === w.clock.now().toISOString())).toBe(true)
  })
})

describe('permits clock alerts (预警 / 超时)', () => {
  it('skips a stored request with a bad date, and still raises the other requests’ alerts', async () => {
    const project = aProject(SHANWEI.region)
    await registerProject(w, project)
    const body = anAcceptance(project, {
      utilities: [
        { provider: 'gas', lengthM: 800, diameterMm: 200 },
        { provider: 'telecom', lengthM: 60, diameterMm: 100 },
      ],
    })
    await accept(w, body)
    const rows = await requestsOf(w, body.applicationId, 2)
    const gas = byProvider(rows, 'gas')
    const telecom = byProvider(rows, 'telecom')
    w.clock.set('2026-03-03T02:00:00Z')
    for (const r of [gas, telecom]) {
      expect((await act(w, r, { action: 'survey-done' })).status).toBe(200)
      expect((await act(w, r, { action: 'plan-done' })).body.request.stage).toBe('outside-line-permits')
    }
    // Stored before dates were checked: the gas request's permits clock starts on a day that does not exist.
    await w.db.pool.query(
      `UPDATE utility_request SET state = jsonb_set(state, '{permitsClock,start}', '"2026-02-30"') WHERE id = $1`,
      [gas.id],
    )
    const alerted = async () => [
      ...(await outboxBodies(w, UtilityPermitsClockWarnedV1)).map((b) => b.request.requestId),
      ...(await outboxBodies(w, UtilityPermitsClockOverdueV1)).map((b) => b.request.requestId),
    ]
    w.clock.set('2026-03-20T02:00:00Z')
    await w.app.scanner.runOnce()
    const ids = await alerted()
    expect(ids.filter((id) => id === telecom.id)).toHaveLength(2)
    expect(ids).not.toContain(gas.id)
  })

  it('a request waiting on its permits raises yellow, then overdue, each once across racing passes; one whose permits are granted raises none; one of a region that sets no limit raises none however long it waits', async () => {
    // Shanwei gives its outside-line permits 3 W (004:1774); Foshan none (004:2197).
    // Opened on Monday 2 March (an earlier test moved the clock on): a permit decided from then on may be recorded.
    w.clock.set(START)
    const project = aProject(SHANWEI.region)
    await registerProject(w, project)
    const body = anAcceptance(project, {
      utilities: [
        { provider: 'gas', lengthM: 800, diameterMm: 200 },
        { provider: 'telecom', lengthM: 60 },
      ],
    })
    await accept(w, body)
    const rows = await requestsOf(w, body.applicationId, 2)
    const gas = byProvider(rows, 'gas')
    const telecom = byProvider(rows, 'telecom')
    const foshanProject = aProject()
    await registerProject(w, foshanProject)
    const foshanBody = anAcceptance(foshanProject, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] })
    await accept(w, foshanBody)
    const [foshanGas] = await requestsOf(w, foshanBody.applicationId, 1)
    if (!foshanGas) throw new Error('no Foshan gas request')
    const alertsOf = async (requestId: string) => [
      ...(await outboxBodies(w, UtilityPermitsClockWarnedV1))
        .filter((b) => b.request.requestId === requestId)
        .map(() => 'warned'),
      ...(await outboxBodies(w, UtilityPermitsClockOverdueV1))
        .filter((b) => b.request.requestId === requestId)
        .map(() => 'overdue'),
    ]
    // Both wait on their permits from Tuesday 3 March; telecom's permits (占掘路, and 公安's traffic-organisation
    // review, Shanwei listing it) are granted the next day.
    w.clock.set('2026-03-03T02:00:00Z')
    for (const r of [gas, telecom, foshanGas]) {
      expect((await act(w, r, { action: 'survey-done' })).status).toBe(200)
      expect((await act(w, r, { action: 'plan-done' })).body.request.stage).toBe('outside-line-permits')
    }
    w.clock.set('2026-03-04T02:00:00Z')
    expect((await grantedByDepartment(w, telecom, 'road-excavation')).body.request.stage).toBe('outside-line-permits')
    const reviewed = await grantedByDepartment(w, telecom, 'traffic-organisation', 'public-security')
    expect(reviewed.body.request.stage).toBe('construction')

    // 3 W from Tuesday 3 March: due Friday 6 March, 3 of 3 used that day (the 0.8 mark), overdue on Monday.
    w.clock.set('2026-03-05T02:00:00Z')
    await w.app.scanner.runOnce()
    expect(await alertsOf(gas.id)).toEqual([])
    w.clock.set('2026-03-06T02:00:00Z')
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    expect(await alertsOf(gas.id)).toEqual(['warned'])
    w.clock.set('2026-03-09T02:00:00Z')
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    await w.app.scanner.runOnce()
    expect(await alertsOf(gas.id)).toEqual(['warned', 'overdue'])
    const [overdue] = (await outboxBodies(w, UtilityPermitsClockOverdueV1)).filter(
      (b) => b.request.requestId === gas.id,
    )
    expect(overdue?.request).toMatchObject({
      stage: 'outside-line-permits',
      permitsClockAlerts: { warnedOn: '2026-03-06', overdueOn: '2026-03-09' },
      version: 5,
    })
    expect(overdue?.note).toBe('due 2026-03-06, 4 of 3 W used')
    expect(overdue).not.toHaveProperty('actor')
    // Each alert carries the clock's due day as a date, the day the clock explains (its `due` entry) that day.
    const [warned] = (await outboxBodies(w, UtilityPermitsClockWarnedV1)).filter((b) => b.request.requestId === gas.id)
    expect([warned?.dueOn, overdue?.dueOn]).toEqual(['2026-03-06', '2026-03-06'])
    const clock = overdue?.request.permitsClock as NonNullable<NonNullable<typeof overdue>['request']['permitsClock']>
    expect(
      evaluateClock(defaultCalendar(), clock, '2026-03-09').explanation.find((e) => e.kind === 'due'),
    ).toMatchObject({ date: overdue?.dueOn })
    expect(await alertsOf(telecom.id)).toEqual([])
    // Foshan's request waits on the same permits from the same day and is never told it is late: it has no due day.
    w.clock.set('2026-06-30T02:00:00Z')
    await w.app.scanner.runOnce()
    expect(await alertsOf(foshanGas.id)).toEqual([])
    const [stored] = (
      await w.db.pool.query<{ state: { stage: string; permitsClock?: unknown; permitsClockAlerts?: unknown } }>(
        'SELECT state FROM utility_request WHERE id = $1',
        [foshanGas.id],
      )
    ).rows
    expect(stored?.state.stage).toBe('outside-line-permits')
    expect(stored?.state).not.toHaveProperty('permitsClock')
    expect(stored?.state).not.toHaveProperty('permitsClockAlerts')

    // The provider carries on from the request as the alerts left it.
    const first = await grantedByDepartment(w, gas, 'road-excavation')
    expect(first.body.request).toMatchObject({ stage: 'outside-line-permits', version: 6 })
    // Shanwei lists 公安's traffic-organisation review (004:1846): the last permit granted moves it on.
    const granted = await grantedByDepartment(w, gas, 'traffic-organisation', 'public-security')
    expect(granted.body.request).toMatchObject({ stage: 'construction', version: 7 })
    expect(granted.body.request.permitsClockAlerts).toEqual({ warnedOn: '2026-03-06', overdueOn: '2026-03-09' })
  })
})
