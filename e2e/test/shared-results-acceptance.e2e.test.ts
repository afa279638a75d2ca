import { AcceptanceOpinionRecordedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveStep,
  completionCalls,
  departmentsOf,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  type OpenedAcceptanceCase,
  owners,
  published,
  registerProject,
  uniqueCode,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 用地清单 at joint acceptance (004:2263 相关部门在项目后续报建或验收环节不得擅自增加清单外的要求): a defect that names the
// requirement it rests on is checked against the plot's land-condition list, which acceptance learned from intake's
// plot-linked event; one outside the list is refused naming the list, as approval refuses a 补正 outside it.

// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('用地清单 — an acceptance defect outside the plot’s land-condition list', () => {
  it('is refused naming the list and writes nothing; a defect resting on the list, and a free-text one, are recorded', async () => {
    world.clock.set(START)
    const plotCode = `A-${uniqueCode().slice(-10)}`
    const plot = expectStatus(
      await world.api('POST', '/api/v1/plots', world.token('admin'), {
        plotCode,
        name: '南海工业园C-03地块',
        region: '440600',
        soldOn: '2026-02-20',
        entries: [
          { kind: 'greening', text: '绿地率不低于15%', materials: ['green-space-survey-report'] },
          { kind: 'indicator', text: '容积率不低于1.2' },
        ],
        connectionPoints: [],
      }),
      201,
    ).plot
    const owner = owners.a
    const projectId = await registerProject(world, industrialProject(owner))
    expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/plot`, world.token('clerk'), { plotId: plot.plotId }),
      200,
    )

    // The permits step, approved: joint acceptance may open.
    await approveStep(world, projectId, 'permits', industrialPermitMaterials, { decideAt: at('2026-03-03') })

    world.clock.set(at('2026-03-04'))
    const calls = completionCalls(world)
    let opened = await calls.applyForAcceptance(projectId, owner)
    // Acceptance learns of the permit from approval's event: asked again until it has.
    for (let i = 0; opened.status === 422 && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500))
      opened = await calls.applyForAcceptance(projectId, owner)
    }
    const acceptanceCase: OpenedAcceptanceCase = expectStatus(opened, 201).case
    expectStatus(await calls.scheduleInspection(acceptanceCase, '2026-03-09', departmentsOf(acceptanceCase)), 200)
    world.clock.set(at('2026-03-09'))
    const [item] = acceptanceCase.items
    if (!item) throw new Error('an acceptance case has items')

    // The list the defects rest on, read by the departments on the case (GET /acceptance/{id}/land-list): the lead
    // and a department with an item; an unrelated department, lead or reviewer, is answered as for an unknown case,
    // and a role that gives no opinion is refused.
    const landListOf = (bearer: string, id = acceptanceCase.caseId) =>
      world.api('GET', `/api/v1/acceptance/${id}/land-list`, bearer)
    const lead = world.token('lead', { department: acceptanceCase.lead })
    // Acceptance learns the list from intake's plot-linked event: asked again until it has.
    await until(async () => (await landListOf(lead)).body?.landList !== undefined, 30_000)
    const read = expectStatus(await landListOf(lead), 200)
    expect(read).toEqual({
      caseId: acceptanceCase.caseId,
      projectId,
      landList: {
        plotId: plot.plotId,
        plotCode,
        name: '南海工业园C-03地块',
        publishedOn: '2026-03-02',
        materials: ['green-space-survey-report'],
        entries: [
          { kind: 'greening', text: '绿地率不低于15%', materials: ['green-space-survey-report'] },
          { kind: 'indicator', text: '容积率不低于1.2' },
        ],
      },
    })
    const other = departmentsOf(acceptanceCase).find((d) => d !== acceptanceCase.lead)
    if (!other) throw new Error('a joint acceptance has more than one department')
    expect(expectStatus(await landListOf(world.token('reviewer', { department: other })), 200)).toEqual(read)
    const unknownId = '0190a0a0-0000-7000-8000-00000000f00d'
    const unknown = await landListOf(lead, unknownId)
    expect(unknown.status).toBe(404)
    for (const role of ['lead', 'reviewer'] as const) {
      const stranger = world.token(role, { department: 'market-regulation' })
      expect(departmentsOf(acceptanceCase)).not.toContain('market-regulation')
      const foreign = await landListOf(stranger)
      expect(foreign.status).toBe(404)
      expect(JSON.stringify(foreign.body).replaceAll(acceptanceCase.caseId, '<id>')).toBe(
        JSON.stringify(unknown.body).replaceAll(unknownId, '<id>'),
      )
    }
    for (const bearer of [
      world.token('owner', { creditCode: owner.creditCode }),
      world.token('clerk'),
      world.token('supervisor'),
    ]) {
      const refused = await landListOf(bearer)
      expect(refused.status).toBe(403)
      expect(refused.body.code).toBe('GATEWAY_FORBIDDEN')
    }

    // A defect resting on a requirement the list does not name: refused, naming the list and the field.
    const outside = await calls.recordOpinion(acceptanceCase, item, {
      opinion: 'rectify',
      defects: ['消防通道宽度不足', { text: '补交交通影响评价报告', requires: 'traffic-impact-study' }],
    })
    expect(outside.status).toBe(422)
    expect(String((outside as unknown as { headers: Record<string, unknown> }).headers['content-type'])).toContain(
      'application/problem+json',
    )
    expect(outside.body.code).toBe('ACCEPTANCE_OUTSIDE_LAND_LIST')
    expect(outside.body.message ?? outside.body.detail).toContain(plotCode)
    expect(outside.body.errors).toEqual([
      { field: '/body/defects/1/requires', message: `outside the land-condition list of plot ${plotCode}` },
    ])

    // What the list names may be required, beside free text.
    const inside = await calls.recordOpinion(acceptanceCase, item, {
      opinion: 'rectify',
      defects: [
        '消防通道宽度不足',
        { text: '绿地率未达清单要求，补交绿地测量报告', requires: 'green-space-survey-report' },
      ],
    })
    expect(inside.status).toBe(200)
    const shown = inside.body.case.items.find((i: { item: string }) => i.item === item.item)
    expect(shown).toMatchObject({
      status: 'rectify',
      defects: ['消防通道宽度不足', '绿地率未达清单要求，补交绿地测量报告'],
      defectRequirements: [{ defect: 1, requires: 'green-space-survey-report', plotCode }],
    })
    // The refusal wrote nothing: one opinion recorded on the case, the one inside the list (its event relayed once).
    const recordedOnCase = async () =>
      (await published(world, AcceptanceOpinionRecordedV1)).filter((e) => e.case.caseId === acceptanceCase.caseId)
    await until(async () => (await recordedOnCase()).length > 0)
    const recorded = await recordedOnCase()
    expect(recorded.map((e) => e.case.items.find((i) => i.item === item.item)?.defectRequirements)).toEqual([
      [{ defect: 1, requires: 'green-space-survey-report', plotCode }],
    ])
    // A whole permits step and an acceptance case through five services: given more than the default minute.
  }, 240_000)
})
