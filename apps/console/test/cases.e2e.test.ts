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
  uniqueCode,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { departmentName } from '../src/departments.js'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Screen 5 of issue 14: the lead department's acceptance case, a utility provider's queue, the registrar's cases,
// each reaching a real case (the earlier stages driven through the API) and doing one action from the screen.

let c: ConsoleWorld
let projectId = ''
let caseId = ''
const owner = owners.a
const LEAD = 'housing-construction'
type Owner = { name: string; creditCode: string }
const SURVEYOR = { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' }
// 用地清单: the plot the project stands on publishes the water connection point its hookup works from.
const plotCode = `FS-${uniqueCode().slice(-10)}`
const WATER_POINT = { point: '桂澜路DN400给水管 J-7', requirement: '接驳管径DN150' }

/**
 * Foshan's industrial project, every permit approved. With a plot, it stands on that plot's list and names water and
 * gas hookups on its permits application; without, it names none (its cases stay out of the providers' queues).
 */
async function permittedProject(plotCode?: string, who: Owner = owner): Promise<string> {
  const { world } = c
  const id = await registerProject(world, industrialProject(who))
  if (plotCode) {
    const plot = expectStatus(
      await world.api('POST', '/api/v1/plots', world.token('admin'), {
        plotCode,
        name: '南海工业园C-05地块',
        region: '440600',
        soldOn: '2026-02-27',
        entries: [{ kind: 'greening', text: '绿地率不高于20%' }],
        connectionPoints: [{ utility: 'water', ...WATER_POINT }],
      }),
      201,
    ).plot
    expectStatus(
      await world.api('POST', `/api/v1/projects/${id}/plot`, world.token('clerk'), { plotId: plot.plotId }),
      200,
    )
  }
  const utilities = [
    { provider: 'water', lengthM: 120, diameterMm: 150 },
    { provider: 'gas', lengthM: 800, diameterMm: 250 },
  ]
  const opened = expectStatus(
    await openApplication(world, id, {
      step: 'permits',
      form: plotCode ? { utilities } : {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    world,
    id,
    (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
  )
  for (const t of s.tasks.filter((x) => x.applicationId === opened.applicationId)) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(world, id, (x) => applicationIn(x, opened.applicationId).decision?.outcome === 'approved')
  return id
}

/** The owner's one acceptance application (一口受理), once acceptance has learned the permit was granted. */
async function applyForAcceptance(id: string, who: Owner = owner): Promise<string> {
  const bearer = c.world.token('owner', { creditCode: who.creditCode })
  let res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
    return false
  })
  return expectStatus(res, 201).case.caseId
}

/** 多测合一: the owner commissions the completion survey and the surveying unit records every result once. */
async function completionSurveyed(id: string, who: { creditCode: string }): Promise<string> {
  const bearer = c.world.token('owner', { creditCode: who.creditCode })
  const commission = async () =>
    c.world.api('POST', `/api/v1/projects/${id}/survey-commissions`, bearer, {
      stage: 'completion',
      surveyor: SURVEYOR,
    })
  // Acceptance learns of the project from its registration event: until then it answers 404.
  let res = await commission()
  await until(async () => {
    if (res.status !== 404) return true
    res = await commission()
    return false
  })
  const commissioned = expectStatus(res, 201).commission as { commissionId: string; items: Array<{ item: string }> }
  const results = commissioned.items.map((i) => ({
    item: i.item,
    documentRef: `doc://survey/${i.item}.pdf`,
    ...(i.item === 'floor-area-survey' ? { areaM2: 15980.5 } : {}),
  }))
  const unit = c.world.token('surveyor', { creditCode: SURVEYOR.creditCode })
  expectStatus(
    await c.world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, { results }),
    200,
  )
  return commissioned.commissionId
}

type Case = {
  caseId: string
  status: string
  inspection?: { date: string; place: string }
  items: Array<{ item: string; department: string }>
  opinionNumber?: string
}
const leadCase = async (): Promise<Case | undefined> => {
  const res = await c.world.api('GET', '/api/v1/acceptance', c.world.token('lead', { department: LEAD }))
  return (expectStatus(res, 200).cases as Case[]).find((x) => x.caseId === caseId)
}

/** A project's name and 项目代码, as a clerk reads them: what a registrar's or provider's row names it by. */
async function titleOf(id: string): Promise<{ name: string; projectCode: string }> {
  const res = await c.world.api('GET', `/api/v1/projects/${id}`, c.world.token('clerk'))
  return expectStatus(res, 200).project as { name: string; projectCode: string }
}

beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await permittedProject(plotCode)
  caseId = await applyForAcceptance(projectId)
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('screen 5: joint acceptance, utilities, registration', () => {
  it('the registrar passes the pre-survey that joint acceptance started, from its cases', async () => {
    const registrar = c.world.token('registrar')
    type Registration = { caseId: string; projectId: string; status: string; caseNumber?: string }
    const mine = async () =>
      (
        expectStatus(await c.world.api('GET', `/api/v1/registrations?project=${projectId}`, registrar), 200)
          .registrations as Registration[]
      )[0]
    await until(async () => (await mine())?.status === 'pre-survey')

    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    await expect.poll(() => page.getByRole('heading', { name: '不动产登记' }).count()).toBe(1)
    await expect.poll(() => page.getByText('权籍调查中').count()).toBeGreaterThan(0)
    // The case names its project as a person knows it — its name and 项目代码 — not by its id, which the registrar
    // cannot open.
    const title = await titleOf(projectId)
    const row = page.getByRole('row').filter({ hasText: title.projectCode })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain(title.name)
    expect(await row.textContent()).not.toContain(projectId.slice(-12))
    // The case itself is named by its 受理编号, which a person reads out, not by the tail of its id.
    const registration = await mine()
    expect(registration?.caseNumber).toMatch(/^DJ-440600-2026-\d{6}$/)
    expect(await row.getByRole('cell').first().textContent()).toBe(registration?.caseNumber)
    expect(await row.textContent()).not.toContain(registration?.caseId.slice(-12))
    await expectAccessible(page)
    await screenshot(page, 'registration')
    await page.getByRole('button', { name: '权籍调查通过' }).first().click()
    await expect.poll(async () => (await mine())?.status).toBe('pre-survey-passed')
    await expect.poll(() => page.getByText('权籍调查已通过，待验收').count()).toBeGreaterThan(0)
    await context.close()
  })

  it("the registrar's cases show the pre-survey that used the completion survey instead of surveying again", async () => {
    // Another owner's project, so the lead's list below still names one case of owner A.
    const surveyed = await permittedProject(undefined, owners.b)
    const commissionId = await completionSurveyed(surveyed, owners.b)
    await applyForAcceptance(surveyed, owners.b)
    const registrar = c.world.token('registrar')
    await until(async () => {
      const list = expectStatus(await c.world.api('GET', `/api/v1/registrations?project=${surveyed}`, registrar), 200)
        .registrations as Array<{ status: string }>
      return list[0]?.status === 'pre-survey-passed'
    }, 60_000)

    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    const codes = new Map([
      [surveyed, (await titleOf(surveyed)).projectCode],
      [projectId, (await titleOf(projectId)).projectCode],
    ])
    const rowOf = (id: string) => page.getByRole('row').filter({ hasText: codes.get(id) ?? id })
    await expect.poll(() => rowOf(surveyed).count()).toBe(1)
    const used = rowOf(surveyed).locator('[data-shared="pre-survey-by"]')
    await expect.poll(() => used.count()).toBe(1)
    expect(await used.textContent()).toBe(
      `沿用多测合一竣工测绘成果，未另行调查（测绘委托 ${commissionId.slice(-12)}，房产测量面积 15980.5 平方米）`,
    )
    // The case whose pre-survey the registrar passed itself names no commission.
    expect(await rowOf(projectId).locator('[data-shared="pre-survey-by"]').count()).toBe(0)
    await expect.poll(() => rowOf(projectId).getByText('登记机构调查', { exact: true }).count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  }, 240_000)

  it("a utility provider sees its request's stages and records the survey done", async () => {
    const water = c.world.token('utility', { provider: 'water' })
    type Request = { requestId: string; provider: string; stage: string }
    const mine = async () =>
      (
        expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, water), 200)
          .requests as Request[]
      )[0]
    await until(async () => (await mine())?.stage === 'survey')

    const { page, context } = await c.as('utility', { provider: 'water' })
    await page.goto('/utility')
    await expect.poll(() => page.getByRole('heading', { name: '报装申请' }).count()).toBe(1)
    await expect.poll(() => page.getByText('供水报装').count()).toBe(1)
    // The gas provider's request is not in the water provider's queue.
    expect(await page.getByText('供气报装').count()).toBe(0)
    await expect.poll(() => page.getByText('长度 120 米，管径 DN150').count()).toBe(1)
    // The request names the project it connects, by its name and 项目代码.
    const title = await titleOf(projectId)
    const row = page.getByRole('row').filter({ hasText: '供水报装' })
    expect(await row.textContent()).toContain(title.name)
    expect(await row.textContent()).toContain(title.projectCode)
    // 用地清单: the hookup works from the connection point the plot's list published, named with the list.
    await expect
      .poll(() =>
        page
          .getByText(`接驳点 ${WATER_POINT.point}（用地清单 ${plotCode}：${WATER_POINT.requirement}）`, {
            exact: false,
          })
          .count(),
      )
      .toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'utility')
    await page.getByRole('button', { name: '完成现场勘察' }).click()
    await expect.poll(async () => (await mine())?.stage).toBe('plan')
    await expect.poll(() => page.getByRole('button', { name: '完成接入方案' }).count()).toBe(1)
    await context.close()
  })

  it('the lead department schedules the joint inspection from the case page; after every opinion, the letter', async () => {
    await until(async () => (await leadCase())?.status === 'open')
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto('/acceptance')
    await expect.poll(() => page.getByRole('heading', { name: '联合验收' }).count()).toBe(1)
    await page.getByRole('link', { name: owner.name }).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/acceptance/${caseId}$`))
    await expect.poll(() => page.getByText('已受理，待安排现场检查').count()).toBeGreaterThan(0)

    await page.getByLabel('检查日期').fill('2026-03-09')
    await page.getByLabel('检查日期').press('Enter')
    await page.getByLabel('检查地点').fill('佛山市南海区工业园项目现场')
    await page.getByRole('button', { name: '安排现场检查' }).click()
    await expect.poll(async () => (await leadCase())?.status).toBe('scheduled')
    const scheduled = await leadCase()
    expect(scheduled?.inspection).toMatchObject({ date: '2026-03-09', place: '佛山市南海区工业园项目现场' })
    // Every department with an item was asked to take part, as the form proposed.
    const departments = [...new Set(scheduled?.items.map((i) => i.department))]
    expect(departments.length).toBeGreaterThan(1)
    await expect.poll(() => page.getByText('第 1 轮：2026年3月9日', { exact: false }).count()).toBe(1)
    // The departments taking part named as a person names them, never by their codes.
    const inspection = (await page.getByText('第 1 轮：2026年3月9日', { exact: false }).textContent()) ?? ''
    expect(inspection).toContain(`参加部门 ${departments.map((d) => departmentName(d)).join('、')}`)
    for (const d of departments) expect(inspection).not.toContain(d)

    // Every department passes its items (the lead's own through the API too); the letter is issued once.
    c.world.clock.set('2026-03-09T01:00:00Z')
    for (const item of scheduled?.items ?? []) {
      const bearer = c.world.token('reviewer', { department: item.department })
      const res = await c.world.api('POST', `/api/v1/acceptance/${caseId}/opinions`, bearer, {
        item: item.item,
        opinion: 'pass',
      })
      expectStatus(res, 200)
    }
    await until(async () => (await leadCase())?.opinionNumber !== undefined)
    const passed = await leadCase()
    await page.reload()
    await expect.poll(() => page.getByText('联合验收意见书').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText(passed?.opinionNumber ?? '?').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('验收通过').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('button', { name: '打印' }).count()).toBe(1)
    // The letter, which is printed and filed, names its lead department in Chinese, as the case's details do: no
    // department's code shows anywhere on the page.
    const letter = (await page.locator('.ant-card').filter({ hasText: '意见书编号' }).textContent()) ?? ''
    expect(letter).toContain(departmentName(LEAD))
    const shown = (await page.locator('body').textContent()) ?? ''
    expect(departments.filter((d) => shown.includes(d))).toEqual([])
    // The acceptance clock counts from the working day after its start, as every clock on the console says it.
    expect(shown).toMatch(/个工作日，自\d{4}年\d{1,2}月\d{1,2}日次一工作日起算（公示期不计）/)
    expect(shown).not.toMatch(/自\d{4}年\d{1,2}月\d{1,2}日起算/)
    await expectAccessible(page)
    await screenshot(page, 'acceptance')
    await context.close()
  })
})
