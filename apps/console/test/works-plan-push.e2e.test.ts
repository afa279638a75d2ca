import { expectStatus, industrialShanwei, openApplication, owners, registerProject, until } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 告知承诺免审批 in Shanwei (004:1852): the provider files its low-risk water line's plan with its commitment and works
// plan, pushed to the five departments; after construction it declares the restoration done; a department sends it
// back on its 外线施工监管 page.

let c: ConsoleWorld
let projectId = ''
type Request = {
  requestId: string
  stage: string
  version: number
  worksPlanPush?: { departments: Array<{ code: string; name?: string }> }
  restoration?: { status: string; reviews: Array<{ department: string; reason?: string }> }
}

const waterCo = () => c.world.token('utility', { provider: 'water' })
const mine = async (): Promise<Request | undefined> =>
  (
    expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, waterCo()), 200)
      .requests as Request[]
  )[0]

beforeAll(async () => {
  // The notifier too: the declaration and the review are told (消息通知).
  c = await startConsole({ start: '2026-03-02T01:00:00Z', notification: true })
  projectId = await registerProject(c.world, industrialShanwei(owners.b))
  const checklist = expectStatus(
    await c.world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, c.world.token('clerk')),
    200,
  ) as { materials: Array<{ code: string }> }
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'eight-item-bundle',
      form: { utilities: [{ provider: 'water', lengthM: 120, diameterMm: 100, onMainRoad: false }] },
      materials: checklist.materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` })),
    }),
    201,
  )
  await until(async () => (await mine())?.stage === 'survey')
  expectStatus(
    await c.world.api('POST', `/api/v1/utility-requests/${(await mine())?.requestId}/actions`, waterCo(), {
      action: 'survey-done',
    }),
    200,
  )
  await until(async () => (await mine())?.stage === 'plan')
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('告知承诺免审批: the push, 修复完成 and 修复验收 on the console', () => {
  it('the provider pushes its plans and declares the restoration; a pushed department sends it back', async () => {
    const { page, context } = await c.as('utility', { provider: 'water' })
    await page.goto('/utility')
    const row = page.getByRole('row').filter({ hasText: '供水报装' })
    await expect.poll(() => row.count()).toBe(1)
    // The one way this line's plan is filed: no plain 完成接入方案, which the service would refuse without the plans.
    await expect.poll(() => row.getByRole('button', { name: '告知承诺并推送施工方案' }).count()).toBe(1)
    expect(await row.getByRole('button', { name: '完成接入方案', exact: true }).count()).toBe(0)
    await row.getByRole('button', { name: '告知承诺并推送施工方案' }).click()
    const dialog = page.getByRole('dialog')
    await page.getByLabel('施工方案编号', { exact: true }).fill('SW-施工-001')
    await page.getByLabel('施工方案内容', { exact: true }).fill('沿人民路东侧人行道开挖埋管120米')
    // A traffic plan with its number alone is asked to be finished, not dropped from the push.
    await page.getByLabel('交通疏解方案编号（涉及交通时填写）', { exact: true }).fill('SW-交通-001')
    await dialog.getByRole('button', { name: '完成接入方案并推送' }).click()
    await expect
      .poll(async () => (await dialog.textContent()) ?? '')
      .toContain('请填写交通疏解方案内容（交通疏解方案的编号和内容须一并填写）')
    await expectAccessible(page)
    expect((await mine())?.stage).toBe('plan')
    await page.getByLabel('交通疏解方案内容', { exact: true }).fill('人民路半幅通行，设置导向标志')
    await dialog.getByRole('button', { name: '完成接入方案并推送' }).click()
    await expect.poll(async () => (await mine())?.stage).toBe('construction')
    expect((await mine())?.worksPlanPush?.departments.map((d) => d.code)).toEqual([
      'natural-resources',
      'public-security',
      'transport',
      'water',
      'housing-construction',
    ])
    const push = page.getByTestId('works-plan-push')
    await expect.poll(async () => (await push.textContent()) ?? '').toContain('汕尾市交通运输局')
    expect(await push.textContent()).toContain(
      '施工方案（SW-施工-001）、交通疏解方案（SW-交通-001）已于2026年3月2日推送至',
    )

    expectStatus(
      await c.world.api('POST', `/api/v1/utility-requests/${(await mine())?.requestId}/actions`, waterCo(), {
        action: 'construction-done',
      }),
      200,
    )
    await page.reload()
    await row.getByRole('button', { name: '修复完成' }).click()
    await expect.poll(async () => (await mine())?.restoration?.status).toBe('declared')
    await expectAccessible(page)
    await context.close()

    const reviewer = await c.as('reviewer', { department: 'transport' })
    await reviewer.page.goto('/pushed-works')
    const work = reviewer.page.getByRole('row').filter({ hasText: 'SW-施工-001' })
    await expect.poll(() => work.count()).toBe(1)
    expect(await work.textContent()).toContain('已报修复完成，待验收')
    await work.getByRole('button', { name: '修复验收' }).click()
    await reviewer.page.getByRole('radio', { name: '限期整改' }).check()
    await reviewer.page.getByLabel('整改内容', { exact: true }).fill('人行道砖铺设不平整，请于一周内整改')
    await reviewer.page
      .getByRole('dialog')
      .getByRole('button', { name: /^提\s?交$/ })
      .click()
    await expect.poll(async () => (await mine())?.restoration?.status).toBe('rectify')
    expect((await mine())?.restoration?.reviews).toMatchObject([
      { department: 'transport', reason: '人行道砖铺设不平整，请于一周内整改' },
    ])
    await expect.poll(async () => (await work.textContent()) ?? '').toContain('修复需整改')
    await expectAccessible(reviewer.page)
    await reviewer.context.close()
  })

  it('the departments are told of the declaration, and the provider, in its 消息通知, of the send-back and why', async () => {
    const reviewer = await c.as('reviewer', { department: 'public-security' })
    await reviewer.page.goto('/notifications')
    const theirs = reviewer.page.getByRole('list', { name: '消息列表' })
    await expect.poll(() => theirs.getByText('外线工程修复完成待验收').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await reviewer.context.close()

    const { page, context } = await c.as('utility', { provider: 'water' })
    await page.goto('/utility')
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '消息通知' }).click()
    await expect.poll(() => page.url()).toMatch(/\/notifications$/)
    const mine = page.getByRole('list', { name: '消息列表' })
    await expect.poll(() => mine.getByText('外线工程修复需整改').count(), { timeout: 30_000 }).toBe(1)
    expect(await mine.textContent()).toContain('汕尾市交通运输局已于2026年3月2日')
    expect(await mine.textContent()).toContain('理由：“人行道砖铺设不平整，请于一周内整改”。请整改后重新申报修复完成。')
    await expectAccessible(page)
    await context.close()
  })
})
