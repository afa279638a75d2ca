import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openStep,
  registerProject,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

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

type Row = Record<string, string | number | null>
type Batch = { id: string; sinceSeq: number; throughSeq: number; rowCount: number; counts: Record<string, number> }

const TABLES = [
  'SPGL_DFXMSPLCXXB',
  'SPGL_DFXMSPLCJDXXB',
  'SPGL_DFXMSPLCJDSXXXB',
  'SPGL_XMJBXXB',
  'SPGL_XMDWXXB',
  'SPGL_XMSPSXBLXXB',
  'SPGL_XMSPSXBLXXXXB',
  'SPGL_XMSPSXPFWJXXB',
]

describe('the national data-sharing export (SPGL) of a whole flow', () => {
  it('registration to certificate: exactly the expected rows in each table, in order; a second export adds nothing', async () => {
    const admin = world.token('admin')
    world.clock.set(START)
    const project = industrialProject()
    const projectId = await registerProject(world, project)

    // The permits step: every task claimed and approved; the construction permit goes through an expert review
    // (特别程序, which its catalogue entry allows) of 5 W first.
    const { applicationId, tasks } = await openStep(world, projectId, 'permits', industrialPermitMaterials)
    expect(tasks.map((t) => t.item)).toContain('construction-permit')
    world.clock.set(at('2026-03-03'))
    // What the test does to each task, in order: the 办理状态 each action leaves (3 on assignment, before any of this).
    const done: Array<{ taskId: string; code: number; special?: [string, number, string] }> = []
    for (const t of tasks) {
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      done.push({ taskId: t.taskId, code: 8 })
      if (t.item === 'construction-permit') {
        const body = { kind: 'expert-review', legalBasis: '专家评审', limit: { value: 5, unit: 'W' } }
        expectStatus(await act(world, t, { action: 'special-procedure-start', ...body }), 200)
        done.push({ taskId: t.taskId, code: 9, special: ['expert-review', 5, 'W'] })
        expectStatus(await act(world, t, { action: 'special-procedure-end' }), 200)
        done.push({ taskId: t.taskId, code: 10, special: ['expert-review', 5, 'W'] })
      }
      expectStatus(await act(world, t, { action: 'approve' }), 200)
      done.push({ taskId: t.taskId, code: 11 })
    }
    await statusWhen(world, projectId, (x) => applicationIn(x, applicationId).decision?.outcome === 'approved')

    // Joint acceptance, the pre-survey passed, every participant passing: the property certificate comes with it.
    world.clock.set(at('2026-03-04'))
    const owner = world.token('owner', { creditCode: project.owner.creditCode })
    const acceptanceCase = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, owner, {}),
      201,
    ).case
    const registrar = world.token('registrar')
    let registrationId = ''
    await until(async () => {
      const list = (await world.api('GET', '/api/v1/registrations', registrar)).body?.registrations ?? []
      registrationId = list.find((r: { projectId: string }) => r.projectId === projectId)?.caseId ?? ''
      return registrationId !== ''
    })
    expectStatus(
      await world.api('POST', `/api/v1/registrations/${registrationId}/actions`, registrar, {
        action: 'pass-pre-survey',
      }),
      200,
    )
    const departments = [...new Set<string>(acceptanceCase.items.map((i: { department: string }) => i.department))]
    const lead = world.token('lead', { department: acceptanceCase.lead })
    world.clock.set(at('2026-03-13'))
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${acceptanceCase.caseId}/inspection`, lead, {
        date: '2026-03-16',
        place: '项目现场',
        participants: departments,
      }),
      200,
    )
    world.clock.set(at('2026-03-16'))
    for (const item of acceptanceCase.items as Array<{ item: string; department: string }>)
      expectStatus(
        await world.api(
          'POST',
          `/api/v1/acceptance/${acceptanceCase.caseId}/opinions`,
          world.token('reviewer', { department: item.department }),
          { item: item.item, opinion: 'pass' },
        ),
        200,
      )
    const final = await statusWhen(world, projectId, (x) => x.certificates.some((c) => c.kind === 'property'))

    // The expected rows, from what the test did and what the status shows (the flow the project was registered with).
    const stages: string[] = []
    const itemsOf = new Map<string, string[]>()
    for (const step of final.flow) {
      if (!itemsOf.has(step.stage)) {
        stages.push(step.stage)
        itemsOf.set(step.stage, [])
      }
      const list = itemsOf.get(step.stage) ?? []
      // The joint acceptance step's own item (竣工联合验收, the case's instance's code) first, before those it joins.
      const joint = step.step === 'joint-acceptance' ? ['joint-acceptance'] : []
      for (const item of [...joint, ...step.items]) if (!list.includes(item)) list.push(item)
    }
    const stageItems = stages.flatMap((stage) => (itemsOf.get(stage) ?? []).map((item) => [stage, item]))
    expect(stageItems).toContainEqual(['completion-acceptance', 'joint-acceptance'])
    const expectedCounts: Record<string, number> = {
      SPGL_DFXMSPLCXXB: 1,
      SPGL_DFXMSPLCJDXXB: stages.length,
      SPGL_DFXMSPLCJDSXXXB: stageItems.length,
      SPGL_XMJBXXB: 1,
      SPGL_XMDWXXB: 1,
      // The joint acceptance case is one item instance more (竣工联合验收 at the lead): its 3, 8 and 11, its 意见书.
      SPGL_XMSPSXBLXXB: tasks.length + 1,
      SPGL_XMSPSXBLXXXXB: tasks.length + done.length + 3,
      SPGL_XMSPSXPFWJXXB: final.certificates.length + 1,
    }
    const total = Object.values(expectedCounts).reduce((a, b) => a + b, 0)

    // The export's reader runs behind the read model: wait until it has written every expected row.
    await until(async () => {
      const list = expectStatus(await world.api('GET', '/api/v1/admin/exports', admin), 200)
      return list.pending === total
    })
    const first = expectStatus(await world.api('POST', '/api/v1/admin/exports', admin, { format: 'csv' }), 201) as {
      batch: Batch
      tables: Record<string, Row[]>
    }
    expect(first.batch.counts).toEqual(expectedCounts)
    expect(first.batch.rowCount).toBe(total)
    expect(Object.keys(first.tables)).toEqual(TABLES)
    const t = first.tables
    const version = final.project.catalogueVersion
    const flowCode = `${project.region}-${project.projectType}`

    expect(t['SPGL_DFXMSPLCXXB']?.map((r) => [r['SPLCBM'], r['SPLCBBH']])).toEqual([[flowCode, version]])
    expect(t['SPGL_DFXMSPLCJDXXB']?.map((r) => [r['SPJDBM'], r['SPJDXH']])).toEqual(stages.map((st, i) => [st, i + 1]))
    expect(t['SPGL_DFXMSPLCJDSXXXB']?.map((r) => [stages[Number(r['SPJDXH']) - 1], r['SPSXBM']])).toEqual(stageItems)
    expect(t['SPGL_XMJBXXB']).toEqual([
      expect.objectContaining({
        DFSJZJ: projectId,
        XMDM: project.projectCode,
        GCDM: project.projectCode,
        XMMC: project.name,
        XZQHDM: project.region,
        ZTZE: project.investmentFen / 1_000_000,
        JSDD: project.location,
        YDMJ: project.siteAreaM2,
        JZMJ: project.floorAreaM2,
        SPLCBM: flowCode,
        SPLCBBH: version,
      }),
    ])
    expect(t['SPGL_XMDWXXB']?.map((r) => [r['DWMC'], r['DWTYSHXYDM'], r['GCDM']])).toEqual([
      [project.owner.name, project.owner.creditCode, project.projectCode],
    ])
    // Item handling: one row per task, its item and department; the joint acceptance case, its one item at the lead.
    expect(new Set(t['SPGL_XMSPSXBLXXB']?.map((r) => `${r['SPSXSLBM']} ${r['SPSXBM']} ${r['SPBMBM']}`))).toEqual(
      new Set([
        ...tasks.map((x) => `${x.taskId} ${x.item} ${x.department}`),
        `${acceptanceCase.caseId} joint-acceptance ${acceptanceCase.lead}`,
      ]),
    )
    // Handling events in stream order: every task's 3 (assigned, in the order approval assigned them), then the
    // test's actions in the order it took them; a 特别程序 row with its kind, own limit and unit.
    const detail = t['SPGL_XMSPSXBLXXXXB'] ?? []
    const assigned = detail.slice(0, tasks.length)
    expect(assigned.map((r) => r['BLZT'])).toEqual(tasks.map(() => 3))
    expect(new Set(assigned.map((r) => r['SPSXSLBM']))).toEqual(new Set(tasks.map((x) => x.taskId)))
    expect(
      detail
        .slice(tasks.length, tasks.length + done.length)
        .map((r) => [r['SPSXSLBM'], r['BLZT'], r['X_TBCX_KIND'], r['X_TBCX_LIMIT'], r['X_TBCX_UNIT']]),
    ).toEqual(done.map((d) => [d.taskId, d.code, ...(d.special ?? [null, null, null])]))
    // Then the joint acceptance: received (3), the joint inspection scheduled (8), passed (11); no opinion a row.
    expect(detail.slice(tasks.length + done.length).map((r) => [r['SPSXSLBM'], r['BLZT']])).toEqual([
      [acceptanceCase.caseId, 3],
      [acceptanceCase.caseId, 8],
      [acceptanceCase.caseId, 11],
    ])
    expect(new Set(detail.map((r) => r['DFSJZJ'])).size).toBe(detail.length)
    // Approval documents: each certificate the status shows, the permits before the property certificate.
    // And the 联合验收意见书 of the joint acceptance, under its case.
    const documents = t['SPGL_XMSPSXPFWJXXB'] ?? []
    expect(
      new Set(
        documents
          .filter((r) => r['X_KIND'] !== 'joint-acceptance')
          .map((r) => `${r['DFSJZJ']} ${r['PFWH']} ${r['PFWJBT']}`),
      ),
    ).toEqual(new Set(final.certificates.map((c) => `${c.certificateId} ${c.number} ${c.title}`)))
    expect(documents.filter((r) => r['X_KIND'] === 'joint-acceptance')).toEqual([
      expect.objectContaining({
        SPSXSLBM: acceptanceCase.caseId,
        PFWH: expect.stringMatching(/^LHYS-/),
        PFWJBT: '竣工联合验收意见书',
      }),
    ])
    const property = final.certificates.find((c) => c.kind === 'property')
    expect(documents.at(-1)?.['DFSJZJ']).toBe(property?.certificateId)
    const taskOfItem = new Map(tasks.map((x) => [x.item, x.taskId]))
    for (const c of final.certificates.filter((x) => x.kind === 'permit'))
      expect(documents.find((r) => r['DFSJZJ'] === c.certificateId)?.['SPSXSLBM']).toBe(taskOfItem.get(c.item ?? ''))

    // Running it again adds nothing: no batch, nothing pending, the one batch listed with what it contained.
    const again = expectStatus(await world.api('POST', '/api/v1/admin/exports', admin, {}), 200)
    expect(again).toEqual({ batch: null, tables: {}, refused: 0 })
    const list = expectStatus(await world.api('GET', '/api/v1/admin/exports', admin), 200)
    expect(list.pending).toBe(0)
    expect(list.refused).toBe(0)
    expect(list.refusedRows).toEqual([])
    expect(list.batches).toHaveLength(1)
    expect(list.batches[0]).toMatchObject({
      id: first.batch.id,
      rowCount: total,
      counts: expectedCounts,
      status: 'sent',
    })
    // From an earlier watermark, rows already carried are not carried again.
    expectStatus(await world.api('POST', '/api/v1/admin/exports', admin, { since: 0 }), 200)

    // Only an administrator exports.
    expect((await world.api('GET', '/api/v1/admin/exports', world.token('supervisor'))).status).toBe(403)
    expect((await world.api('POST', '/api/v1/admin/exports', world.token('clerk'), {})).status).toBe(403)
    // Every field bounded: an unknown format or a negative watermark is refused, naming the field.
    const bad = await world.api('POST', '/api/v1/admin/exports', admin, { since: -1 })
    expect(bad.status).toBe(400)
  })
})
