import { AcceptanceStartedV1, ProjectRegisteredV1, RegistrationCaseOpenedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acceptanceCase, owners, projectRegistered, registrationCase } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// The lead's and the registrar's lists carry each case's clock evaluated on the legal day, as the project's status
// does: the due day, the days left or overdue and the level, which the console shows and never counts itself.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const W = (value: number) => ({ value, unit: 'W' as const })
type Listed = { caseId: string; clockState?: Record<string, unknown> }

describe('the case lists’ clocks', () => {
  it('answers each acceptance case’s clock evaluated today, for its lead and a department with an item; none without a limit', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    // 8 W from Wednesday 4 March: due Monday 16th. The second case's 公示 (public-notice) stops its clock from the 9th.
    const led = acceptanceCase(project.projectId)
    const noticed = acceptanceCase(project.projectId, {
      part: '二期',
      clock: { limit: W(8), start: '2026-03-04', suspensions: [{ kind: 'public-notice', from: '2026-03-09' }] },
    })
    const unlimited = acceptanceCase(project.projectId, { part: '三期', clock: undefined })
    await w.publish(AcceptanceStartedV1, { case: led }, { case: noticed }, { case: unlimited })
    const list = async (bearer: string) => {
      const res = await w.api('GET', `/api/v1/acceptance?project=${project.projectId}`, bearer)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.unreadable).toEqual([])
      return new Map((res.body.cases as Listed[]).map((c) => [c.caseId, c]))
    }
    const housing = w.token({ role: 'lead', department: 'housing-construction' })
    await expect.poll(async () => (await list(housing)).size).toBe(3)

    w.clock.set('2026-03-11T02:00:00Z')
    let cases = await list(housing)
    expect(cases.get(led.caseId)?.clockState).toMatchObject({
      evaluatedOn: '2026-03-11',
      due: '2026-03-16',
      used: 5,
      remaining: 3,
      level: 'green',
      overdue: false,
      suspended: false,
    })
    // Paused from the 9th: the 5th and 6th counted, none since, and its due day moves on while it holds.
    expect(cases.get(noticed.caseId)?.clockState).toMatchObject({ suspended: true, used: 2, remaining: 6 })
    expect(cases.get(unlimited.caseId)?.clockState).toBeUndefined()
    // A department with an item reads the same clock as the lead.
    const fire = await list(w.token({ role: 'reviewer', department: 'fire' }))
    expect(fire.get(led.caseId)?.clockState).toMatchObject({ due: '2026-03-16', remaining: 3 })

    // Friday 13th: 7 of 8 used, yellow; Tuesday 17th: a day past its due day, red.
    w.clock.set('2026-03-13T02:00:00Z')
    cases = await list(housing)
    expect(cases.get(led.caseId)?.clockState).toMatchObject({ used: 7, remaining: 1, level: 'yellow', overdue: false })
    w.clock.set('2026-03-17T02:00:00Z')
    cases = await list(housing)
    expect(cases.get(led.caseId)?.clockState).toMatchObject({ overdueBy: 1, level: 'red', overdue: true })
  })

  it('answers each registration case’s clock evaluated today', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    // 3 W from Monday 16 March: due Thursday 19th.
    const open = {
      ...registrationCase(project.projectId),
      status: 'open' as const,
      clock: { limit: W(3), start: '2026-03-16', suspensions: [] },
      version: 3,
      updatedAt: '2026-03-16T08:00:00Z',
    }
    await w.publish(RegistrationCaseOpenedV1, { case: open })
    const registrar = w.token({ role: 'registrar' })
    const listed = async () => {
      const res = await w.api('GET', `/api/v1/registrations?project=${project.projectId}`, registrar)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return (res.body.registrations as Listed[]).find((c) => c.caseId === open.caseId)
    }
    await expect.poll(async () => (await listed())?.caseId).toBe(open.caseId)
    w.clock.set('2026-03-17T02:00:00Z')
    expect((await listed())?.clockState).toMatchObject({
      due: '2026-03-19',
      used: 1,
      remaining: 2,
      level: 'green',
      overdue: false,
    })
    w.clock.set('2026-03-23T02:00:00Z')
    expect((await listed())?.clockState).toMatchObject({ due: '2026-03-19', overdueBy: 2, level: 'red', overdue: true })
  })

  // A stored clock the contract's shape admits but workdays cannot count — a 公示 edited by hand to end before it
  // starts — makes its one case unreadable: the list answers the others and names it, never a 500 for all of them.
  const SPOILT_PAUSE = `'[{"kind": "public-notice", "from": "2026-03-09", "to": "2026-03-05"}]'`
  const spoilClock = (table: 'acceptance_case' | 'registration_case', caseId: string) =>
    w.db.pool.query(
      `UPDATE "${w.db.schema}".${table} SET snapshot = jsonb_set(snapshot, '{clock,suspensions}', ${SPOILT_PAUSE})
        WHERE id = $1`,
      [caseId],
    )
  const unreadableClock = (kind: string, id: string, department?: string) => ({
    kind,
    id,
    reason: expect.stringContaining('ends (2026-03-05) before it starts (2026-03-09)'),
    ...(department ? { department } : {}),
  })

  it('names an acceptance case whose stored clock cannot be evaluated under `unreadable`; the other cases answer', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const good = acceptanceCase(project.projectId)
    const bad = acceptanceCase(project.projectId, { part: '二期' })
    await w.publish(AcceptanceStartedV1, { case: good }, { case: bad })
    const housing = w.token({ role: 'lead', department: 'housing-construction' })
    const list = async () => {
      const res = await w.api('GET', `/api/v1/acceptance?project=${project.projectId}`, housing)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body as { cases: Listed[]; unreadable: unknown[] }
    }
    await expect.poll(async () => (await list()).cases.length).toBe(2)
    await spoilClock('acceptance_case', bad.caseId)

    w.clock.set('2026-03-11T02:00:00Z')
    const body = await list()
    expect(body.cases.map((c) => c.caseId)).toEqual([good.caseId])
    expect(body.cases[0]?.clockState).toMatchObject({ due: '2026-03-16', remaining: 3 })
    expect(body.unreadable).toEqual([unreadableClock('acceptance', bad.caseId, 'housing-construction')])
  })

  it('names a registration case whose stored clock cannot be evaluated under `unreadable`; the other cases answer', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const opened = () => ({
      ...registrationCase(project.projectId),
      status: 'open' as const,
      clock: { limit: W(3), start: '2026-03-16', suspensions: [] },
      version: 3,
      updatedAt: '2026-03-16T08:00:00Z',
    })
    const good = opened()
    const bad = opened()
    await w.publish(RegistrationCaseOpenedV1, { case: good }, { case: bad })
    const registrar = w.token({ role: 'registrar' })
    const list = async () => {
      const res = await w.api('GET', `/api/v1/registrations?project=${project.projectId}`, registrar)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body as { registrations: Listed[]; unreadable: unknown[] }
    }
    await expect.poll(async () => (await list()).registrations.length).toBe(2)
    await spoilClock('registration_case', bad.caseId)

    w.clock.set('2026-03-17T02:00:00Z')
    const body = await list()
    expect(body.registrations.map((c) => c.caseId)).toEqual([good.caseId])
    expect(body.registrations[0]?.clockState).toMatchObject({ due: '2026-03-19', remaining: 2 })
    expect(body.unreadable).toEqual([unreadableClock('registration', bad.caseId)])
  })
})
