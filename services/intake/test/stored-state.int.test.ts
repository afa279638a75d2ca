import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, owners, START } from './world.js'

// 中介服务 engagements and 帮办代办 cases are kept as checked snapshots in their `state` columns (db/assisted.ts). A row
// damaged after it was written (a hand edit, a restore from another release) must fail only what needs that row: the
// lists still answer with the others (and a paged list pages past it), and a command on the damaged one is refused
// without writing anything.

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('a damaged stored engagement', () => {
  it('is left out of the lists other engagements share, and a command on it writes nothing', async () => {
    w.clock.set(START)
    const owner = actors.owner(owners.shanwei.creditCode)
    const registered = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const projectId: string = registered.body.project.projectId

    const { services } = (await w.call('GET', '/intermediary-services', owner)).body as {
      services: Array<{ code: string; offers: Array<{ creditCode: string }> }>
    }
    // Two services, each from its own firm.
    const chosen = services.slice(0, 2).map((s) => ({ service: s.code, firm: s.offers[0]?.creditCode ?? '' }))
    expect(chosen).toHaveLength(2)
    const engaged: string[] = []
    for (const c of chosen) {
      const res = await w.call('POST', `/projects/${projectId}/intermediaries`, owner, {
        service: c.service,
        intermediary: c.firm,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      engaged.push(res.body.engagement.engagementId)
    }
    const [damaged, intact] = engaged as [string, string]
    const firmOf = (i: number) => ({ sub: `firm-${i}`, role: 'intermediary', creditCode: chosen[i]?.firm })
    const [intermediary, otherFirm] = [firmOf(0), firmOf(1)]
    const ids = (res: { body: { engagements: Array<{ engagementId: string }> } }) =>
      res.body.engagements.map((e) => e.engagementId).sort()
    expect(ids(await w.call('GET', `/projects/${projectId}/intermediaries`, owner))).toEqual([...engaged].sort())

    // Valid JSON, but its due day is no calendar date: the snapshot's schema refuses it.
    await w.db.pool.query(
      `UPDATE intermediary_engagement SET state = jsonb_set(state, '{dueOn}', '"2026-02-30"') WHERE id = $1::uuid`,
      [damaged],
    )
    for (const [url, actor] of [
      [`/projects/${projectId}/intermediaries`, owner],
      [`/projects/${projectId}/intermediaries`, actors.clerk],
      ['/intermediary-engagements', otherFirm],
    ] as const) {
      const res = await w.call('GET', url, actor)
      expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(200)
      expect(ids(res), url).toEqual([intact])
    }
    // The damaged engagement's own firm: an empty list, not a failure.
    const own = await w.call('GET', '/intermediary-engagements', intermediary)
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    expect(own.body.engagements).toEqual([])

    // JSON, but no object at all (the column is jsonb, so text that is no JSON cannot be stored there): the same.
    await w.db.pool.query(`UPDATE intermediary_engagement SET state = '"lost"'::jsonb WHERE id = $1::uuid`, [damaged])
    expect(ids(await w.call('GET', `/projects/${projectId}/intermediaries`, owner))).toEqual([intact])

    // The firm delivering on the damaged engagement is refused as a server fault, and nothing is written.
    const outboxBefore = await w.outboxRows()
    const delivered = await w.call('POST', `/intermediary-engagements/${damaged}/result`, intermediary, {
      documentRef: 'doc://eia-report.pdf',
    })
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(500)
    expect(delivered.body.code).toBe('INTERNAL_ERROR')
    expect(await w.outboxRows()).toBe(outboxBefore)
    const { rows } = await w.db.pool.query(`SELECT state::text AS state FROM intermediary_engagement WHERE id = $1`, [
      damaged,
    ])
    expect(rows[0]?.state).toBe('"lost"')

    // The intact one still works end to end.
    const ok = await w.call('POST', `/intermediary-engagements/${intact}/result`, otherFirm, {
      documentRef: 'doc://eia-report.pdf',
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
  })
})

describe('a damaged stored 帮办代办 case', () => {
  it('is left out of the service centre’s list, which pages past it, and closing it writes nothing', async () => {
    w.clock.set(START)
    const helper = { sub: 'helper-zhao', name: '赵帮办' }
    const cases: string[] = []
    for (const at of ['2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z', '2026-03-03T03:00:00Z']) {
      w.clock.set(at)
      const registered = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
      expect(registered.status, JSON.stringify(registered.body)).toBe(201)
      const opened = await w.call(
        'POST',
        `/projects/${registered.body.project.projectId}/assisted-case`,
        actors.clerk,
        {
          eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
          mode: 'whole-process',
          stages: ['land-planning'],
          helper,
        },
      )
      expect(opened.status, JSON.stringify(opened.body)).toBe(201)
      cases.push(opened.body.case.caseId)
    }
    const [oldest, damaged, newest] = cases as [string, string, string]
    await w.db.pool.query(
      `UPDATE assisted_case SET state = state - 'helper' WHERE id = $1::uuid`, // a field every case has, gone
      [damaged],
    )
    const listUrl = `/assisted-cases?helper=${helper.sub}`
    const all = await w.call('GET', listUrl, actors.clerk)
    expect(all.status, JSON.stringify(all.body)).toBe(200)
    expect(all.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([newest, oldest])

    // One a page: the damaged row's page is empty but still says where the next starts.
    const seen: string[][] = []
    let cursor: string | undefined
    do {
      const page = await w.call(
        'GET',
        `${listUrl}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        actors.clerk,
      )
      expect(page.status, JSON.stringify(page.body)).toBe(200)
      seen.push(page.body.cases.map((c: { caseId: string }) => c.caseId))
      cursor = page.body.next
    } while (cursor !== undefined && seen.length < 5)
    expect(seen).toEqual([[newest], [], [oldest]])

    const outboxBefore = await w.outboxRows()
    const closed = await w.call('POST', `/assisted-cases/${damaged}/close`, actors.clerk, { reason: '已办结' })
    expect(closed.status, JSON.stringify(closed.body)).toBe(500)
    expect(await w.outboxRows()).toBe(outboxBefore)
    const intact = await w.call('POST', `/assisted-cases/${newest}/close`, actors.clerk, { reason: '已办结' })
    expect(intact.status, JSON.stringify(intact.body)).toBe(200)
  })
})
