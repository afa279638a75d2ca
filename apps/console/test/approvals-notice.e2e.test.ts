import { owners, registerProject, statusWhen, uniqueCode } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, choose, expectAccessible, screenshot, startConsole } from './browser.js'

// Monday 2 March 2026, 09:00 in Beijing.
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const SPARED = '免于办理 建设工程规划许可证核发：不改变建筑面积、建筑结构、总高度、层数，不影响建筑安全'

describe('审批事项告知: the approvals spared on what the owner declared, told at the window and on the owner’s page', () => {
  it('a clerk registers an old-compound renovation declaring its building unchanged; both read which approvals are spared and why', async () => {
    const { page, context } = await c.as('clerk')
    await page.goto('/desk')
    await expect.poll(() => page.getByRole('heading', { name: '登记新项目' }).count()).toBe(1)
    await page.getByLabel('行政区划代码').fill('441500')
    await choose(page, '项目类型', '城镇老旧小区及既有建筑改造项目')
    // The 免办条件 are asked beside the eligibility facts, and may stay undeclared.
    await expect.poll(() => page.getByText(/^免办条件/).count()).toBe(1)

    const owner = owners.b
    await page.getByLabel('项目名称').fill('城区老旧小区改造')
    await page.getByLabel('项目代码').fill(uniqueCode())
    await page.getByLabel('建设单位名称').fill(owner.name)
    await page.getByLabel('统一社会信用代码').fill(owner.creditCode)
    await page.getByLabel('用地面积（平方米）').fill('12000')
    await page.getByLabel('总建筑面积（平方米）').fill('18000')
    await page.getByLabel('建筑高度（米）').fill('18')
    await page.getByLabel('总投资（万元）').fill('300')
    await page.getByLabel('建设地点').fill('汕尾市城区')
    await choose(page, '项目类别', '老旧小区改造')
    await choose(page, '已取得不动产权证', '否')
    for (const fact of ['增加建筑面积', '改变建筑结构', '改变总高度或层数', '影响建筑安全']) {
      await choose(page, fact, '否')
    }
    await page.getByRole('button', { name: '登记项目' }).click()
    await expect.poll(() => page.url()).toMatch(/\/desk\/projects\/[0-9a-f-]{36}$/)
    const projectId = page.url().split('/').at(-1) as string

    const notice = page.getByRole('region', { name: '审批事项告知' })
    await expect.poll(() => notice.getByText(SPARED).count()).toBe(1)
    await expect.poll(() => notice.getByText('需办理 项目审批（立项）、建筑工程施工许可证核发').count()).toBe(1)
    // The seed line is kept on the line for tracing, never shown to the owner as a file name.
    expect(await notice.locator('[data-source="seeds/004_33317a5f04b53a73.txt:1842"]').count()).toBe(1)
    expect(await notice.getByText('seeds/', { exact: false }).count()).toBe(0)
    await expectAccessible(page)
    await screenshot(page, 'desk-approvals-notice')

    // The notice is the registered flow's: the status names the spared item too.
    const s = await statusWhen(c.world, projectId, (x) => x.flow.length === 3)
    expect(s.flow.find((f) => f.step === 'parallel-approvals')?.exemptItems?.map((e) => e.item)).toEqual([
      'engineering-planning-permit',
    ])
    await context.close()

    // The owner reads the same notice on its progress page.
    const own = await c.as('owner', { creditCode: owner.creditCode })
    await own.page.goto(`/projects/${projectId}`)
    const ownNotice = own.page.getByRole('region', { name: '审批事项告知' })
    await expect.poll(() => ownNotice.getByText(SPARED).count()).toBe(1)
    await expectAccessible(own.page)
    await own.context.close()
  })

  it('says nothing when nothing is spared: the flow lists every approval', async () => {
    const { page, context } = await c.as('clerk')
    const projectId = await registerUndeclared()
    await page.goto(`/desk/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    expect(await page.getByRole('region', { name: '审批事项告知' }).count()).toBe(0)
    await context.close()
  })
})

/** The same renovation registered through the API with no building facts declared. */
async function registerUndeclared(): Promise<string> {
  return registerProject(c.world, {
    name: '城区老旧小区改造（未声明）',
    owner: owners.b,
    projectCode: uniqueCode(),
    projectType: 'old-compound-renovation',
    region: '441500',
    siteAreaM2: 12000,
    floorAreaM2: 18000,
    heightM: 18,
    investmentFen: 300_000_000,
    location: '汕尾市城区',
    facts: { projectKind: 'old-compound-renovation' },
  })
}
