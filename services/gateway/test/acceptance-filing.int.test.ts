import {
  AcceptanceFilingIssuedV1,
  AcceptancePassedV1,
  AcceptanceResultRecordedV1,
  ProjectRegisteredV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceCase, owners, projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 竣工验收备案表 (Foshan, 004:2279): the gateway's read model keeps acceptance's case whole, so the departments' 结果物
// and the form reach the project's status and its timeline as acceptance published them.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('竣工验收备案表 on the project status', () => {
  it("carries each item's result and the form, and names both on the timeline", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const opened = acceptanceCase(project.projectId, { opinionIsFiling: true })
    const passed = {
      ...opened,
      status: 'passed' as const,
      items: opened.items.map((i) => ({ ...i, status: 'passed' as const, round: 1 })),
      opinionNumber: 'LHYS-440600-2026-000007',
      decidedAt: '2026-03-05T02:00:00Z',
      version: 4,
      updatedAt: '2026-03-05T02:00:00Z',
    }
    const result = (n: number) => ({
      name: `结果物 ${n}`,
      number: `R-${n}`,
      issuedOn: '2026-03-09',
      recordedBy: `reviewer-${n}`,
    })
    const withResults = {
      ...passed,
      items: passed.items.map((i, n) => ({ ...i, result: result(n) })),
      version: 6,
      updatedAt: '2026-03-09T02:00:00Z',
    }
    const issued = {
      ...withResults,
      filingForm: { number: 'JGBA-440600-2026-000001', issuedOn: '2026-03-09' },
      version: 7,
    }
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(AcceptancePassedV1, { case: passed })
    await w.publish(AcceptanceResultRecordedV1, {
      case: withResults,
      item: 'fire-acceptance-filing',
      actor: 'reviewer-1',
    })
    await w.publish(AcceptanceFilingIssuedV1, { case: issued, actor: 'reviewer-1' })

    const owner = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    // biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
    let s: any
    await expect
      .poll(async () => {
        s = (await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner)).body
        return s.acceptance?.[0]?.version
      })
      .toBe(7)
    expect(s.acceptance[0]).toMatchObject({
      opinionIsFiling: true,
      opinionNumber: 'LHYS-440600-2026-000007',
      filingForm: { number: 'JGBA-440600-2026-000001', issuedOn: '2026-03-09' },
      items: [
        { item: 'completion-acceptance-filing', result: result(0) },
        { item: 'fire-acceptance-filing', result: result(1) },
      ],
    })
    const entries = s.timeline.filter((e: { type: string }) => e.type.startsWith('acceptance.'))
    expect(entries.map((e: { type: string; summary: string }) => [e.type, e.summary])).toEqual([
      ['acceptance.passed', 'Joint acceptance: 联合验收意见书 LHYS-440600-2026-000007 issued: joint acceptance passed'],
      ['acceptance.result-recorded', 'Joint acceptance result of fire-acceptance-filing: 结果物 1 R-1 (2026-03-09)'],
      [
        'acceptance.filing-issued',
        "Joint acceptance: 竣工验收备案表 JGBA-440600-2026-000001 issued after every department's result (意见书 LHYS-440600-2026-000007)",
      ],
    ])
  })
})
