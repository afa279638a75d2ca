import { DeficiencyOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, START, sixItemMaterials } from './world.js'

let w: IntakeWorld
beforeAll(async () => {
  // The periodic path is proven by the running scanner; an hour between runs keeps it out of the runOnce test.
  w = await intakeWorld({ scanEveryMs: 3_600_000 })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function owing(promisedOn: string): Promise<string> {
  const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  await w.approveFirstStep(project.body.project.projectId)
  const res = await w.call('POST', `/projects/${project.body.project.projectId}/applications`, actors.clerk, {
    step: 'six-item-bundle',
    form: {},
    materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
    deficiencies: [{ code: 'construction-contract', promisedOn }],
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.application.applicationId
}

const overdueOf = async (applicationId: string) =>
  (await w.published(DeficiencyOverdueV1)).filter((e) => e.applicationId === applicationId)

describe('容缺 overdue scanner', () => {
  it('reports a deficiency past its promised date exactly once across two scans, and not before', async () => {
    w.clock.set(START)
    const id = await owing('2026-03-06')
    // On the promised day it is not yet overdue.
    w.clock.set('2026-03-06T15:59:00Z')
    expect(await w.app.scanner.runOnce()).toBe(0)
    // 00:00 on 7 March in Shanghai: the promised day has passed.
    w.clock.set('2026-03-06T16:00:00Z')
    expect(await w.app.scanner.runOnce()).toBe(1)
    expect(await w.app.scanner.runOnce()).toBe(0)
    await expect
      .poll(() => overdueOf(id))
      .toEqual([
        expect.objectContaining({
          material: 'construction-contract',
          promisedOn: '2026-03-06',
          detectedAt: '2026-03-06T16:00:00.000Z',
        }),
      ])
    const row = await w.db.pool.query('SELECT overdue_at FROM deficiency WHERE application_id = $1', [id])
    expect(row.rows[0].overdue_at).not.toBeNull()
    const app = (await w.call('GET', `/applications/${id}`)).body.application
    expect(app.deficiencies[0]).toMatchObject({ overdue: true, cured: false })
  })

  // A receipt not yet accepted (接件) has no tasks: no department could hear of it, and approval would ack the report
  // with no one to tell — it is reported once the receipt is accepted.
  it('reports a receipt’s owed material only once the receipt is accepted', async () => {
    w.clock.set(START)
    const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    await w.approveFirstStep(project.body.project.projectId)
    const res = await w.call('POST', `/projects/${project.body.project.projectId}/applications`, actors.clerk, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-06' }],
      acceptance: 'later',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    w.clock.set('2026-03-07T02:00:00Z')
    expect(await w.app.scanner.runOnce()).toBe(0)
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect(await w.app.scanner.runOnce()).toBe(1)
    await expect.poll(() => overdueOf(id)).toEqual([expect.objectContaining({ material: 'construction-contract' })])
  })

  it('does not report a deficiency cured in time', async () => {
    w.clock.set(START)
    const id = await owing('2026-03-10')
    const cured = await w.call(
      'POST',
      `/applications/${id}/materials`,
      actors.owner(lowRiskFactory().owner.creditCode),
      {
        materials: [{ code: 'construction-contract', documentRef: 'doc://c.pdf' }],
      },
    )
    expect(cured.status).toBe(200)
    w.clock.set('2026-03-20T01:00:00Z')
    await w.app.scanner.runOnce()
    expect(
      Number(
        (
          await w.db.pool.query(
            'SELECT count(*) AS n FROM deficiency WHERE application_id = $1 AND overdue_at IS NOT NULL',
            [id],
          )
        ).rows[0].n,
      ),
    ).toBe(0)
  })
})

describe('容缺 overdue scanner, a stored row with a bad date', () => {
  it('skips the application it cannot judge and still reports every other, once', async () => {
    w.clock.set(START)
    const bad = await owing('2026-03-05')
    const good = await owing('2026-03-05')
    // Stored before promised dates were bounded: a day no legal clock counts.
    await w.db.pool.query(`UPDATE deficiency SET promised_on = '1999-12-31' WHERE application_id = $1`, [bad])
    w.clock.set('2026-03-09T01:00:00Z')
    expect(await w.app.scanner.runOnce()).toBe(1)
    // The next pass meets the bad row again, skips it again, and reports nothing twice.
    expect(await w.app.scanner.runOnce()).toBe(0)
    await expect.poll(async () => (await overdueOf(good)).length).toBe(1)
    const marked = await w.db.pool.query(
      'SELECT application_id FROM deficiency WHERE application_id = ANY($1::uuid[]) AND overdue_at IS NOT NULL',
      [[bad, good]],
    )
    expect(marked.rows.map((r) => r.application_id)).toEqual([good])
    const written = await w.db.pool.query('SELECT aggregate_id FROM outbox_message WHERE subject = $1', [
      DeficiencyOverdueV1.subject,
    ])
    expect(written.rows.map((r) => r.aggregate_id)).not.toContain(bad)
  })
})

describe('容缺 overdue scanner, periodic', () => {
  it('finds an overdue deficiency on its own, once', async () => {
    await using p = await intakeWorld({ scanEveryMs: 20 })
    const project = await p.call('POST', '/projects', actors.clerk, lowRiskFactory())
    await p.approveFirstStep(project.body.project.projectId)
    const res = await p.call('POST', `/projects/${project.body.project.projectId}/applications`, actors.clerk, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-04' }],
    })
    expect(res.status).toBe(201)
    p.clock.set('2026-03-05T01:00:00Z')
    const id = res.body.application.applicationId
    await expect
      .poll(async () => (await p.published(DeficiencyOverdueV1)).filter((e) => e.applicationId === id).length)
      .toBe(1)
    // Many more scans pass; the row is marked, so nothing more is written.
    const outbox = await p.outboxRows()
    await expect
      .poll(async () =>
        Number((await p.db.pool.query('SELECT count(*) AS n FROM deficiency WHERE overdue_at IS NOT NULL')).rows[0].n),
      )
      .toBe(1)
    await p.app.scanner.runOnce()
    expect(await p.outboxRows()).toBe(outbox)
    expect(p.app.scanner.healthy()).toBe(true)
  })
})
