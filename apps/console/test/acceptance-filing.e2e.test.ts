import {
  act,
  applicationIn,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'
import { choosable, openCalendarDay } from './day-picker.js'

// 竣工验收备案表 (Foshan, 004:2279 现场出具竣工联合验收意见书即视为完成竣工验收备案，待各部门出具结果物后，同时出具竣工验收备案表):
// a Foshan case passed, each department records its 结果物 (the lead's own from its case page), and the owner — on the
// project's page — and the lead see the printable form with its number and every item's result; the registrar obtains
// them online (不动产登记等相关部门在线获取验收结果) on its list of first-registration cases.

let c: ConsoleWorld
const owner = owners.a
const LEAD = 'housing-construction'
type Case = {
  caseId: string
  status: string
  decidedAt?: string
  items: Array<{
    item: string
    itemName?: string
    department: string
    result?: { name: string; number: string; issuedOn: string }
  }>
  opinionNumber?: string
  filingForm?: { number: string; issuedOn: string }
}
const NAMES: Record<string, string> = {
  'planning-condition-verification': '规划条件核实合格证',
  'fire-acceptance-filing': '消防验收备案凭证',
  'civil-air-defence-completion-filing': '人防工程竣工验收备案表',
  'completion-acceptance-filing': '工程质量监督报告',
}

/** Foshan's industrial project with its permits approved, and its owner's one acceptance application. */
async function appliedCase(): Promise<{ projectId: string; opened: Case }> {
  const { world } = c
  const projectId = await registerProject(world, industrialProject(owner))
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'permits',
      form: {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === application.applicationId).length === application.items.length,
  )
  for (const t of s.tasks.filter((x) => x.applicationId === application.applicationId)) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(
    world,
    projectId,
    (x) => applicationIn(x, application.applicationId).decision?.outcome === 'approved',
  )
  const bearer = world.token('owner', { creditCode: owner.creditCode })
  let res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, {})
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, {})
    return false
  })
  return { projectId, opened: expectStatus(res, 201).case as Case }
}

const leadCase = async (caseId: string): Promise<Case | undefined> => {
  const res = await c.world.api('GET', '/api/v1/acceptance', c.world.token('lead', { department: LEAD }))
  return (expectStatus(res, 200).cases as Case[]).find((x) => x.caseId === caseId)
}

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('竣工验收备案表 in Foshan', () => {
  it('after the pass each department records its 结果物; the owner and the lead see the printable form', async () => {
    const { world } = c
    const { projectId, opened } = await appliedCase()
    const participants = [...new Set(opened.items.map((i) => i.department))]
    expectStatus(
      await world.api(
        'POST',
        `/api/v1/acceptance/${opened.caseId}/inspection`,
        world.token('lead', { department: LEAD }),
        {
          date: '2026-03-04',
          place: '佛山市南海区工业园项目现场',
          participants,
        },
      ),
      200,
    )
    world.clock.set('2026-03-04T01:00:00Z')
    for (const i of opened.items) {
      const bearer = world.token('reviewer', { department: i.department })
      expectStatus(
        await world.api('POST', `/api/v1/acceptance/${opened.caseId}/opinions`, bearer, {
          item: i.item,
          opinion: 'pass',
        }),
        200,
      )
    }
    await until(async () => (await leadCase(opened.caseId))?.opinionNumber !== undefined, 60_000)
    // Passed on 4 March in Shanghai: no 结果物 is issued before that day.
    expect((await leadCase(opened.caseId))?.decidedAt).toMatch(/^2026-03-04T01:00/)

    // Every department but the lead's records its result through the API; no form yet.
    world.clock.set('2026-03-06T01:00:00Z')
    const leadItems = opened.items.filter((i) => i.department === LEAD)
    for (const i of opened.items.filter((x) => x.department !== LEAD)) {
      const bearer = world.token('reviewer', { department: i.department })
      expectStatus(
        await world.api('POST', `/api/v1/acceptance/${opened.caseId}/results`, bearer, {
          item: i.item,
          name: NAMES[i.item] ?? '结果文书',
          number: `FS-${i.item.slice(0, 4)}-001`,
          issuedOn: '2026-03-05',
        }),
        200,
      )
    }
    expect((await leadCase(opened.caseId))?.filingForm).toBeUndefined()

    // The lead department records its own items' results from its case page.
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto(`/acceptance/${opened.caseId}`)
    await expect.poll(() => page.getByText('本部门结果物', { exact: true }).count()).toBe(1)
    expect(await page.getByText('竣工验收备案表', { exact: true }).count()).toBe(0)
    for (const [n, i] of leadItems.entries()) {
      const region = page.getByRole('region', { name: `${i.itemName ?? i.item} 结果物` })
      await region.getByLabel('结果物名称').fill(NAMES[i.item] ?? '结果文书')
      await region.getByLabel('文号或证号').fill(`FS-${i.item.slice(0, 4)}-002`)
      if (n === 0) {
        // 出具日期: from the pass day to today (6 March), as the service takes it; the first item's on the pass day.
        await region.getByLabel('出具日期').click()
        await expect.poll(() => openCalendarDay(page, '2026-03-04').count()).toBe(1)
        expect(await choosable(page, '2026-03-03')).toBe(false)
        expect(await choosable(page, '2026-03-04')).toBe(true)
        expect(await choosable(page, '2026-03-06')).toBe(true)
        expect(await choosable(page, '2026-03-07')).toBe(false)
        await openCalendarDay(page, '2026-03-04').click()
      }
      await expectAccessible(page)
      await region.getByRole('button', { name: '录入结果物' }).click()
      await expect
        .poll(async () => (await leadCase(opened.caseId))?.items.find((x) => x.item === i.item)?.result, {
          timeout: 30_000,
        })
        .toMatchObject({
          name: NAMES[i.item],
          number: `FS-${i.item.slice(0, 4)}-002`,
          issuedOn: n === 0 ? '2026-03-04' : '2026-03-06',
        })
    }
    await until(async () => (await leadCase(opened.caseId))?.filingForm !== undefined, 60_000)
    const issued = (await leadCase(opened.caseId)) as Case
    const number = issued.filingForm?.number ?? ''
    expect(number).toMatch(/^JGBA-440600-2026-\d{6}$/)
    expect(issued.filingForm?.issuedOn).toBe('2026-03-06')

    const shows = async (text: string) => {
      for (const shown of [number, issued.opinionNumber ?? '', '2026年3月6日', '建设单位无需再单独办理竣工验收备案']) {
        expect(text).toContain(shown)
      }
      for (const i of issued.items) {
        expect(text).toContain(i.itemName ?? i.item)
        expect(text).toContain(`${i.result?.name}（${i.result?.number}，`)
      }
    }
    await page.reload()
    const leadForm = page.locator('[data-document="filing"]')
    await expect.poll(() => leadForm.count(), { timeout: 30_000 }).toBe(1)
    await shows((await leadForm.textContent()) ?? '')
    expect(await page.getByText('本部门结果物', { exact: true }).count()).toBe(0)
    await context.close()

    // The owner on the project's page: the form, printable, once the read model has it.
    const own = await c.as('owner', { creditCode: owner.creditCode })
    await own.page.goto(`/projects/${projectId}`)
    const ownerForm = own.page.locator('[data-document="filing"]')
    await expect.poll(() => ownerForm.count(), { timeout: 30_000 }).toBe(1)
    const text = (await ownerForm.textContent()) ?? ''
    await shows(text)
    expect(text).toContain('竣工验收备案表')
    expect(await ownerForm.getByRole('button', { name: '打印备案表' }).count()).toBe(1)
    await expectAccessible(own.page)
    await own.context.close()

    // 不动产登记等相关部门在线获取验收结果: the registrar's list shows the form and every 结果物 on the project's case.
    const registrations = async () =>
      expectStatus(await world.api('GET', `/api/v1/registrations?project=${projectId}`, world.token('registrar')), 200)
        .registrations as Array<{ acceptanceResults?: { filingForm?: { number: string } } }>
    await until(async () => (await registrations())[0]?.acceptanceResults?.filingForm?.number === number, 60_000)
    const registrar = await c.as('registrar')
    await registrar.page.goto('/registration')
    const results = registrar.page.locator('[data-acceptance-results]').filter({ hasText: number })
    await expect.poll(() => results.count(), { timeout: 30_000 }).toBe(1)
    const listed = (await results.textContent()) ?? ''
    expect(listed).toContain('竣工验收备案表')
    expect(listed).toContain('2026年3月6日')
    for (const i of issued.items) expect(listed).toContain(`${i.result?.name}（${i.result?.number}，`)
    await expectAccessible(registrar.page)
    await registrar.context.close()
  }, 240_000)
})
