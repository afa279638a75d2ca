import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { recordTransactions } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningMaterials, lowRiskFactory, START } from './world.js'

let transactions: ReturnType<typeof recordTransactions>

let w: IntakeWorld
beforeAll(async () => {
  transactions = recordTransactions()
  w = await intakeWorld()
  w.clock.set(START)
})
afterAll(async () => {
  transactions?.restore()
  await w?.[Symbol.asyncDispose]()
})

describe('opening an application', () => {
  it('reads its project, open application, owner listing and 用地清单 in two statements after BEGIN', async () => {
    const plotCode = `P-${Date.now().toString(36)}`
    const published = await w.call('POST', '/plots', actors.admin, {
      plotCode,
      name: '城区工业园B-03地块',
      region: '441500',
      soldOn: '2026-02-27',
      entries: [{ kind: 'planning-condition', text: '容积率1.0–1.5', materials: ['planning-conditions-letter'] }],
      connectionPoints: [],
    })
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const registered = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const projectId: string = registered.body.project.projectId
    const linked = await w.call('POST', `/projects/${projectId}/plot`, actors.clerk, {
      plotId: published.body.plot.plotId,
    })
    expect(linked.status, JSON.stringify(linked.body)).toBe(200)

    transactions.committed.length = 0
    const opened = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    // The linked plot's list went with the acceptance, as when it was read apart.
    const applicationId: string = opened.body.application.applicationId
    await expect
      .poll(async () => (await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === applicationId))
      .toMatchObject({ landList: { plotCode } })
    const [opening] = transactions.committed.filter((t) => t.some((s) => /INSERT INTO application /.test(s)))
    const words = opening?.map((s) =>
      s.startsWith('BEGIN; SELECT pg_advisory_xact_lock_shared(') && s.includes('FROM calendar_entry')
        ? 'BEGIN, calendar guard'
        : s.split(' ').slice(0, 2).join(' '),
    )
    // BEGIN (with the calendar's lock and stamp: calendarGuard, in its round trip), the project locked, the rest read, the application, the outbox, the audit head and entry, COMMIT.
    expect(words).toEqual([
      'BEGIN, calendar guard',
      'SELECT id::text',
      'SELECT o.id::text',
      'WITH app',
      'WITH added',
      'SELECT position,',
      'WITH added',
      'COMMIT',
    ])
  })
})
