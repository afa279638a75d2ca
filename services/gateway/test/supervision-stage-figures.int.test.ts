import {
  AcceptanceFailedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceStartedV1,
  ProjectRegisteredV1,
  RegistrationCompletedV1,
  TaskDecidedV1,
  UtilityConnectedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { acceptanceCase, owners, projectRegistered, registrationCase, task, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// The later stages' figures (全流程 through completion acceptance and utility connection, seeds 004:2327, 004:1794),
// projected through the read model's own path and read from the one roll-up: each stage its own answer (`stage`),
// counted in working days as a task is. March 2026 has no holiday; a clock's start day is not counted.

let w: GatewayWorld
const foshan = projectRegistered({ region: '440604', owner: owners.foshan })
const clock = (
  start: string,
  weeks: number,
  suspensions: Array<{ kind: 'expert-review'; from: string; to: string }> = [],
) => ({
  limit: { value: weeks, unit: 'W' as const },
  start,
  suspensions,
})

// 联合验收: one opened then passed on 11 March (5, 6, 9, 10, 11: 5 days), one failed on 13 March with two days of
// expert review (net 5, gross 7), one still open (not counted).
const passedOpen = acceptanceCase(foshan.projectId, { clock: clock('2026-03-04', 8) })
const passed = {
  ...passedOpen,
  status: 'passed' as const,
  decidedAt: '2026-03-11T02:00:00Z',
  version: 2,
  updatedAt: '2026-03-11T02:00:00Z',
}
const failed = acceptanceCase(foshan.projectId, {
  status: 'failed',
  clock: clock('2026-03-04', 8, [{ kind: 'expert-review', from: '2026-03-09', to: '2026-03-10' }]),
  decidedAt: '2026-03-13T02:00:00Z',
  version: 2,
  updatedAt: '2026-03-13T02:00:00Z',
})
const stillOpen = acceptanceCase(foshan.projectId, { clock: clock('2026-03-04', 8) })
// 不动产首次登记: completed on Monday 16 March, from Thursday 12 (13, 16: 2 days).
const registered = registrationCase(foshan.projectId, {
  status: 'completed',
  clock: clock('2026-03-12', 5),
  completedAt: '2026-03-16T02:00:00Z',
  version: 3,
  updatedAt: '2026-03-16T02:00:00Z',
})
// 报装: water opened and then connected on 10 March, 5 working days against its 3: overdue.
const waterOpen = utilityRequest(foshan.projectId, { clock: clock('2026-03-03', 3) })
const water = {
  ...waterOpen,
  stage: 'connected' as const,
  connectedAt: '2026-03-10T02:00:00Z',
  version: 2,
  updatedAt: '2026-03-10T02:00:00Z',
}
// One approval task decided in the month: the approval figures (the default) are the tasks' alone.
const decidedTask = {
  task: {
    ...task(foshan.projectId, uuidv7()),
    status: 'approved' as const,
    nationalCode: 12,
    version: 2,
    decision: { outcome: 'approved' as const, decidedAt: '2026-03-04T02:00:00Z' },
    updatedAt: '2026-03-04T02:00:00Z',
  },
}

const MARCH = 'from=2026-03-01&to=2026-03-31'
const get = (query: string, accept?: string) =>
  w.app.inject({
    method: 'GET',
    url: `/api/v1/supervision/stats${query}`,
    headers: { authorization: `Bearer ${w.token({ role: 'supervisor' })}`, ...(accept ? { accept } : {}) },
  })
const decidedIn = async (stage: string) =>
  (await get(`?${MARCH}&groupBy=none&stage=${stage}`)).json().groups[0]?.decided

beforeAll(async () => {
  w = await gatewayWorld()
  await w.publish(ProjectRegisteredV1, foshan)
  await w.publish(AcceptanceStartedV1, { case: passedOpen }, { case: stillOpen })
  await w.publish(AcceptancePassedV1, { case: passed })
  await w.publish(AcceptanceFailedV1, { case: failed })
  await w.publish(RegistrationCompletedV1, { case: registered })
  await w.publish(UtilityRequestOpenedV1, { request: waterOpen })
  await w.publish(UtilityConnectedV1, { request: water })
  await w.publish(TaskDecidedV1, decidedTask)
  await vi.waitFor(
    async () => {
      const counts = [
        await decidedIn('joint-acceptance'),
        await decidedIn('first-registration'),
        await decidedIn('utility-connection'),
        await decidedIn('approval'),
      ]
      if (counts.join() !== '2,1,1,1') throw new Error(`applied so far: ${counts.join()}`)
    },
    { timeout: 30_000, interval: 100 },
  )
}, 60_000)
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const ended = { supplementRoundsPerTask: null, commitmentShare: 0 }

describe('the later stages’ supervision figures', () => {
  it('counts a joint acceptance from its clock’s start to its decision, per lead department', async () => {
    const res = await get(`?${MARCH}&groupBy=department&stage=joint-acceptance`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      groupBy: ['department'],
      stage: 'joint-acceptance',
      groups: [
        {
          department: 'housing-construction',
          departmentName: '住房城乡建设部门',
          decided: 2,
          measured: 2,
          medianNet: 5,
          p90Net: 5,
          medianGross: 6, // 5 and 7
          p90Gross: 6.8,
          overdueRate: 0,
          specialProcedureShare: 0.1667, // 2 days of expert review / 12 gross
          approvedShare: 0.5,
          rejectedShare: 0.5,
          revokedShare: 0,
          ...ended,
        },
      ],
      truncated: false,
    })
  })

  it('counts a first registration to its completion and a utility connection to the day it connected', async () => {
    expect((await get(`?${MARCH}&groupBy=none&stage=first-registration`)).json().groups).toEqual([
      {
        decided: 1,
        measured: 1,
        medianNet: 2,
        p90Net: 2,
        medianGross: 2,
        p90Gross: 2,
        overdueRate: 0,
        specialProcedureShare: 0,
        approvedShare: 1,
        rejectedShare: 0,
        revokedShare: 0,
        ...ended,
      },
    ])
    expect((await get(`?${MARCH}&groupBy=department&stage=utility-connection`)).json().groups).toEqual([
      expect.objectContaining({ department: 'water', decided: 1, medianNet: 5, overdueRate: 1, ...ended }),
    ])
  })

  it('keeps the approval figures the tasks’ alone, and gives the stages per quarter and as CSV', async () => {
    const approval = (await get(`?${MARCH}&groupBy=none`)).json()
    expect(approval.stage).toBeUndefined()
    expect(approval.groups).toEqual([expect.objectContaining({ decided: 1, medianNet: 2, supplementRoundsPerTask: 0 })])
    const quarters = await w.app.inject({
      method: 'GET',
      url: `/api/v1/supervision/stats/series?${MARCH}&bucket=quarter&stage=joint-acceptance`,
      headers: { authorization: `Bearer ${w.token({ role: 'supervisor' })}` },
    })
    expect(quarters.json()).toMatchObject({ bucket: 'quarter', stage: 'joint-acceptance' })
    expect(quarters.json().groups).toEqual([expect.objectContaining({ period: '2026-01-01', decided: 2 })])
    const csv = await get(`?${MARCH}&groupBy=none&stage=first-registration`, 'text/csv')
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="supervision-stats-2026-03-01-2026-03-31-first-registration.csv"',
    )
    // Supplement rounds are no figure of a registration: an empty cell.
    expect(csv.body.split('\r\n')[1]).toBe('1,1,2,2,2,2,0,,0,1,0,0,0')
  })

  it('leaves the roll-up as its rebuild from the task and case rows computes it', async () => {
    const rows = async () =>
      (
        await w.db.pool.query(
          `SELECT stage, span, period::text, region, step, department, item, decided, net_histogram, gross_histogram
             FROM "${w.db.schema}".decided_figures_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
      ).rows
    const kept = await rows()
    expect(kept.filter((r) => r.stage === 'joint-acceptance' && r.region === '440604')).toEqual([
      expect.objectContaining({ span: 'day', period: '2026-03-11', department: 'housing-construction', decided: 1 }),
      expect.objectContaining({ span: 'day', period: '2026-03-13', department: 'housing-construction', decided: 1 }),
      expect.objectContaining({ span: 'month', period: '2026-03-01', decided: 2, net_histogram: { 5: 2 } }),
    ])
    await w.db.pool.query(`SELECT "${w.db.schema}".decided_figures_rollup_rebuild()`)
    expect(await rows()).toEqual(kept)
  })

  it('refuses a stage it does not know', async () => {
    const res = await get(`?${MARCH}&stage=planning`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})

// 撤销 (004:1860 依法撤销许可): the case that passed on 11 March has its pass revoked on 20 March (a 告知承诺 found
// breached). Applied after the pass, in stream order, it moves the case out of the passes of its day: no longer
// approved, nor failed; still decided on 11 March in its 5 working days (docs/api.md, the later stages).
describe('a joint acceptance whose pass was revoked since', () => {
  const revoked = {
    ...passed,
    passRevoked: { item: 'fire-acceptance-filing', department: 'fire', on: '2026-03-20', by: 'r-fire' },
    version: 4,
    updatedAt: '2026-03-20T02:00:00Z',
  }

  it('no longer counts as passed, but still as decided and measured on its decision day', async () => {
    const figures = async () => (await get(`?${MARCH}&groupBy=none&stage=joint-acceptance`)).json().groups
    expect(await figures()).toEqual([
      expect.objectContaining({ decided: 2, approvedShare: 0.5, rejectedShare: 0.5, revokedShare: 0 }),
    ])
    await w.publish(AcceptancePassRevokedV1, { case: revoked, item: 'fire-acceptance-filing', actor: 'r-fire' })
    await vi.waitFor(
      async () => {
        const [group] = await figures()
        if (group?.approvedShare !== 0) throw new Error(`approvedShare still ${group?.approvedShare}`)
      },
      { timeout: 30_000, interval: 100 },
    )
    expect(await figures()).toEqual([
      {
        decided: 2,
        measured: 2,
        medianNet: 5,
        p90Net: 5,
        medianGross: 6,
        p90Gross: 6.8,
        overdueRate: 0,
        specialProcedureShare: 0.1667,
        approvedShare: 0,
        rejectedShare: 0.5,
        revokedShare: 0.5,
        ...ended,
      },
    ])
    // Its day keeps it, as decided: the figures of 11 March alone.
    expect((await get('?from=2026-03-11&to=2026-03-11&groupBy=none&stage=joint-acceptance')).json().groups).toEqual([
      expect.objectContaining({
        decided: 1,
        measured: 1,
        medianNet: 5,
        approvedShare: 0,
        rejectedShare: 0,
        revokedShare: 1,
      }),
    ])
    const { rows } = await w.db.pool.query(`SELECT outcome FROM "${w.db.schema}".acceptance_case WHERE id = $1`, [
      passed.caseId,
    ])
    expect(rows).toEqual([{ outcome: 'revoked' }])
  })

  it('leaves the roll-up as its rebuild computes it', async () => {
    const rows = async () =>
      (
        await w.db.pool.query(
          `SELECT stage, span, period::text, region, department, decided, approved, rejected, net_histogram
             FROM "${w.db.schema}".decided_figures_rollup WHERE stage = 'joint-acceptance' ORDER BY 1, 2, 3, 4, 5`,
        )
      ).rows
    const kept = await rows()
    expect(kept).toContainEqual(
      expect.objectContaining({ span: 'day', period: '2026-03-11', region: '440604', decided: 1, approved: 0 }),
    )
    await w.db.pool.query(`SELECT "${w.db.schema}".decided_figures_rollup_rebuild()`)
    expect(await rows()).toEqual(kept)
  })
})
