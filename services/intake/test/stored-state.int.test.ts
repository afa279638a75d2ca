import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actors,
  type IntakeWorld,
  intakeWorld,
  landPlanningMaterials,
  lowRiskFactory,
  owners,
  START,
  sixItemMaterials,
} from './world.js'

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
    // A firm's list names the project of each engagement it shows (it reads no project otherwise), by its title.
    const project = (await w.call('GET', `/projects/${projectId}`, actors.clerk)).body.project
    expect((await w.call('GET', '/intermediary-engagements', otherFirm)).body.projects).toEqual([
      { projectId, name: project.name, projectCode: project.projectCode, location: project.location },
    ])
    // The damaged engagement's own firm: an empty list, not a failure, and no project named for the row left out.
    const own = await w.call('GET', '/intermediary-engagements', intermediary)
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    expect(own.body).toEqual({ engagements: [], projects: [] })

    // JSON, but no object at all (the column is jsonb, so text that is no JSON cannot be stored there): the same.
    await w.db.pool.query(`UPDATE intermediary_engagement SET state = '"lost"'::jsonb WHERE id = $1::uuid`, [damaged])
    expect(ids(await w.call('GET', `/projects/${projectId}/intermediaries`, owner))).toEqual([intact])

    // The firm delivering on the damaged engagement is refused as a server fault, and nothing is written.
    const outboxBefore = await w.outboxRows()
    const delivered = await w.call('POST', `/intermediary-engagements/${damaged}/result`, intermediary, {
      documentRef: 'doc://eia-report.pdf',
    })
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(500)
    expect(delivered.body).toMatchObject({
      code: 'INTAKE_STORED_ROW_UNREADABLE',
      row: 'intermediary engagement',
      rowId: damaged,
    })
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

// A project's flow, facts and cap and an application's items and receipt are JSON columns copied from what was registered or
// published and read by field (db/projects.ts, db/applications.ts): checked on the way back in the same way.
describe('a damaged stored project or receipt', () => {
  it('fails what needs that row with nothing written; other projects, and the helper’s list, go on without it', async () => {
    w.clock.set('2026-03-04T01:00:00Z')
    const register = async () => {
      const res = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body.project as { projectId: string; flow: Array<{ step: string; stage: string }> }
    }
    const [damaged, intact] = [await register(), await register()]

    // The damaged project's flow: valid JSON, but a step's stage is no text.
    await w.db.pool.query(`UPDATE project SET flow = jsonb_set(flow, '{0,stage}', '7') WHERE id = $1::uuid`, [
      damaged.projectId,
    ])
    // Every route of intake answers such a row by name (`damaged` of its service), its plain read included.
    const read = await w.call('GET', `/projects/${damaged.projectId}`, actors.clerk)
    expect(read.status, JSON.stringify(read.body)).toBe(500)
    expect(read.body).toMatchObject({
      code: 'INTAKE_PROJECT_UNREADABLE',
      projectId: damaged.projectId,
      table: 'project',
      column: 'flow',
    })
    const before = { outbox: await w.outboxRows(), applications: await w.rows('application') }
    const opened = await w.call('POST', `/projects/${damaged.projectId}/applications`, actors.clerk, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(500)
    expect(opened.body.code).toBe('INTAKE_PROJECT_UNREADABLE')
    expect({ outbox: await w.outboxRows(), applications: await w.rows('application') }).toEqual(before)
    expect((await w.call('GET', `/projects/${intact.projectId}`, actors.clerk)).status).toBe(200)

    // The intact project: its first step approved, its second opened, a 帮办代办 case over every stage of its flow.
    const first = await w.approveFirstStep(intact.projectId)
    const second = await w.call('POST', `/projects/${intact.projectId}/applications`, actors.clerk, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    const secondId: string = second.body.application.applicationId
    const helper = { sub: 'helper-qian', name: '钱帮办' }
    const caseOpened = await w.call('POST', `/projects/${intact.projectId}/assisted-case`, actors.clerk, {
      eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
      mode: 'whole-process',
      stages: [...new Set(intact.flow.map((s) => s.stage))],
      helper,
    })
    expect(caseOpened.status, JSON.stringify(caseOpened.body)).toBe(201)
    const caseUrl = `/assisted-cases/${caseOpened.body.case.caseId}/applications`
    const listed = async () => {
      const res = await w.call('GET', caseUrl, { sub: helper.sub, role: 'helper' })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.applications.map((a: { applicationId: string }) => a.applicationId).sort()
    }
    expect(await listed()).toEqual([first, secondId].sort())

    // The first application's receipt: a national code no receipt has.
    await w.db.pool.query(`UPDATE application SET receipt = jsonb_set(receipt, '{nationalCode}', '9') WHERE id = $1`, [
      first,
    ])
    expect(await listed()).toEqual([secondId])
    const damagedReceipt = await w.call('GET', `/applications/${first}`, actors.clerk)
    expect(damagedReceipt.status, JSON.stringify(damagedReceipt.body)).toBe(500)
    expect((await w.call('GET', `/applications/${secondId}`, actors.clerk)).status).toBe(200)

    // Its items: an application has at least one.
    await w.db.pool.query(`UPDATE application SET items = '[]' WHERE id = $1`, [secondId])
    expect((await w.call('GET', `/applications/${secondId}`, actors.clerk)).status).toBe(500)
  })
})
