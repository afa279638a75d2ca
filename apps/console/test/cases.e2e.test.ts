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
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Screen 5 of issue 14: the lead department's acceptance case, a utility provider's queue, the registrar's cases,
// each reaching a real case (the earlier stages driven through the API) and doing one action from the screen.

let c: ConsoleWorld
let projectId = ''
let caseId = ''
const owner = owners.a
const LEAD = 'housing-construction'

/** Foshan's industrial project with water and gas hookups named on its permits application, every permit approved. */
async function permittedProject(): Promise<string> {
  const { world } = c
  const id = await registerProject(world, industrialProject(owner))
  const opened = expectStatus(
    await openApplication(world, id, {
      step: 'permits',
      form: {
        utilities: [
          { provider: 'water', lengthM: 120, diameterMm: 150 },
          { provider: 'gas', lengthM: 800, diameterMm: 250 },
        ],
      },
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
async function applyForAcceptance(id: string): Promise<string> {
  const bearer = c.world.token('owner', { creditCode: owner.creditCode })
  let res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
    return false
  })
  return expectStatus(res, 201).case.caseId
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

beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await permittedProject()
  caseId = await applyForAcceptance(projectId)
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('screen 5: joint acceptance, utilities, registration', () => {
  it('the registrar passes the pre-survey that joint acceptance started, from its cases', async () => {
    const registrar = c.world.token('registrar')
    type Registration = { caseId: string; projectId: string; status: string }
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
    await expectAccessible(page)
    await screenshot(page, 'registration')
    await page.getByRole('button', { name: '权籍调查通过' }).first().click()
    await expect.poll(async () => (await mine())?.status).toBe('pre-survey-passed')
    await expect.poll(() => page.getByText('权籍调查已通过，待验收').count()).toBeGreaterThan(0)
    await context.close()
  })

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
    await expectAccessible(page)
    await screenshot(page, 'acceptance')
    await context.close()
  })
})
