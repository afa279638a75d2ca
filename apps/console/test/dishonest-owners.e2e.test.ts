import { approveFirstStep, expectStatus, lowRiskFactory, registerProject } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askedAtWindow, type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 失信 (004:2235): 对被纳入不诚信名单的申请人……不允许其通过告知承诺、容缺受理等方式办理有关手续.

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const listed = async () =>
  expectStatus(await c.world.api('GET', '/api/v1/admin/dishonest-owners', c.world.token('admin')), 200).owners as {
    creditCode: string
    reason: string | null
  }[]

describe('失信名单', () => {
  it('an admin lists an owner with its reason, sees it listed, and removes it; a supervisor reads the list only', async () => {
    const creditCode = '91441500MA51XY303D'
    const reason = '汕尾市信用办〔2026〕7号：严重失信主体'
    const { page, context } = await c.as('admin')
    await page.goto('/admin/dead-letters')
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '失信名单' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '失信名单', level: 1 }).count()).toBe(1)

    // A wrong check character is named before anything is sent; a reason is asked for.
    await page.getByLabel('统一社会信用代码').fill(`${creditCode.slice(0, 17)}5`)
    await page.getByRole('button', { name: '列入失信名单' }).click()
    await expect.poll(() => page.getByText(/校验码应为“D”/).count()).toBe(1)
    await expect.poll(() => page.getByText('请填写列入理由（如信用主管部门的决定文号）').count()).toBe(1)
    expect((await listed()).map((o) => o.creditCode)).not.toContain(creditCode)

    await page.getByLabel('统一社会信用代码').fill(creditCode)
    await page.getByLabel('列入理由').fill(reason)
    await page.getByRole('button', { name: '列入失信名单' }).click()
    await expect.poll(() => page.getByText(`已将 ${creditCode} 列入失信名单。`).count()).toBe(1)
    const row = page.getByRole('row').filter({ hasText: creditCode })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain(reason)
    expect(await listed()).toContainEqual(expect.objectContaining({ creditCode, reason }))
    await expectAccessible(page)
    await screenshot(page, 'dishonest-owners')

    // A supervisor reads it, with nothing to change it by.
    const supervisor = await c.as('supervisor')
    await supervisor.page.goto('/admin/dishonest-owners')
    const seen = supervisor.page.getByRole('row').filter({ hasText: creditCode })
    await expect.poll(() => seen.count()).toBe(1)
    expect(await supervisor.page.getByRole('button', { name: '列入失信名单' }).count()).toBe(0)
    expect(await seen.getByRole('button', { name: '移出' }).count()).toBe(0)
    await supervisor.context.close()

    await row.getByRole('button', { name: '移出' }).click()
    await page.getByRole('button', { name: '移出', exact: true }).last().click()
    await expect.poll(() => row.count()).toBe(0)
    expect((await listed()).map((o) => o.creditCode)).not.toContain(creditCode)
    await context.close()
  })

  it('a clerk at the desk whose application names 告知承诺 for a listed owner reads why in the notice, in Chinese', async () => {
    const owner = { name: '汕尾市失信承诺示例有限公司', creditCode: '91441500MA51XY304G' }
    const projectId = await registerProject(c.world, lowRiskFactory(owner))
    await approveFirstStep(c.world, projectId)
    expectStatus(
      await c.world.api('PUT', `/api/v1/admin/dishonest-owners/${owner.creditCode}`, c.world.token('admin'), {
        reason: '严重失信主体',
      }),
      200,
    )
    const catalogue = expectStatus(await c.world.api('GET', '/api/v1/catalogue/441500', c.world.token('clerk')), 200)
    const items: { code: string; name: { zh: string }; materials: { code: string; name: { zh: string } }[] }[] =
      catalogue.catalogue.items
    const names = new Map(items.flatMap((i) => i.materials.map((m) => [m.code, m.name.zh] as const)))
    const permit = items.find((i) => i.code === 'construction-permit')?.name.zh as string

    const { page, context } = await c.as('clerk')
    await page.goto(`/desk/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    await page.getByLabel('办理环节', { exact: true }).click()
    await page
      .locator('.ant-select-item-option')
      .filter({ visible: true })
      .filter({ hasText: '人防、规划、施工许可、节能审查、供水供电报装一并申请' })
      .click()
    for (const code of ['design-scheme', 'construction-contract', 'construction-drawings-uploaded']) {
      const row = askedAtWindow(page, names.get(code) as string)
      await expect.poll(() => row.count()).toBe(1)
      await row.getByRole('radio', { name: '已收取' }).check()
    }
    await page.getByRole('checkbox', { name: `${permit}：以告知承诺方式办理` }).check()
    // 004:1814's two facts, required on the bundle's form.
    for (const fact of ['建筑物门口朝向已确定', '门牌号所朝向的街路巷名称已命名']) {
      await page.getByRole('radiogroup', { name: fact }).getByRole('radio', { name: '是' }).check()
    }
    await expect.poll(() => page.getByText('计算中…').count()).toBe(0)

    const answered = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/projects/${projectId}/applications`) && r.request().method() === 'POST',
    )
    await page.getByRole('button', { name: '提交受理' }).click()
    const response = await answered
    expect(response.status()).toBe(422)
    const problem = await response.json()
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: '/commitments', code: 'INTAKE_OWNER_ON_DISHONESTY_LIST' }),
    ])
    const notice = page.getByLabel('一次性告知书')
    const lines = notice.getByRole('list', { name: '告知事项' }).getByRole('listitem')
    await expect.poll(() => lines.count()).toBe(1)
    expect(await lines.first().textContent()).toContain(
      '建设单位列入失信名单，不适用告知承诺，相关事项须按一般程序审查。',
    )
    await context.close()
  })
})
