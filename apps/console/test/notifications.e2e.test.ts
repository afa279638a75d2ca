import { approveFirstStep, lowRiskFactory, owners, registerProject } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
// Monday 2026-03-02, 09:00 in Shanghai: outside any quiet hours.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z', notification: true })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const owner = () => c.as('owner', { creditCode: owners.b.creditCode })

describe('消息通知', () => {
  it("a step decided: the owner's message appears on its 消息通知 page, in Chinese with the project's name", async () => {
    const project = lowRiskFactory(owners.b)
    const projectId = await registerProject(c.world, project)
    const { page, context } = await owner()
    await page.goto('/notifications')
    await expect.poll(() => page.getByRole('heading', { name: '我的消息' }).count()).toBe(1)
    await approveFirstStep(c.world, projectId)
    const list = page.getByRole('list', { name: '消息列表' })
    // The stream invalidates the list as the step's events land; the notifier may write a moment after the stream
    // told the page, so 刷新 (what a person would press) is pressed until the message is there.
    await expect
      .poll(
        async () => {
          if ((await list.getByText('审批阶段已办结').count()) === 0)
            await page.getByRole('button', { name: '刷新' }).click()
          return list.getByText('审批阶段已办结').count()
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0)
    const text = (await list.textContent()) ?? ''
    expect(text).toContain(project.name)
    expect(text).toContain(project.projectCode)
    expect(text).toContain('准予许可')
    await expectAccessible(page)
    await screenshot(page, 'notifications')
    await context.close()
  })

  it('saves preferences, and shows a refused phone number by its field', async () => {
    const { page, context } = await owner()
    await page.goto('/notifications')
    await expect.poll(() => page.getByRole('heading', { name: '通知设置' }).count()).toBe(1)
    await page.getByLabel('短信').check()
    await page.getByLabel('手机号码').fill('12345')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByText('请填写 11 位手机号码').count()).toBe(1)
    await expect.poll(() => page.getByText('请求未成功（400）').count()).toBe(1)
    await expectAccessible(page)

    await page.getByLabel('手机号码').fill('13800138000')
    await page.getByLabel('免打扰开始（北京时间）').fill('22:00')
    await page.getByLabel('免打扰结束').fill('07:00')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByRole('status').getByText('通知设置已保存。').count()).toBe(1)
    // What the gateway holds now, read back as the owner.
    const saved = await c.world.api(
      'GET',
      '/api/v1/notifications/preferences',
      c.world.token('owner', { creditCode: owners.b.creditCode }),
    )
    expect(saved.status).toBe(200)
    expect(saved.body.preferences).toMatchObject({
      channels: expect.arrayContaining(['sms', 'log']),
      phone: '13800138000',
      quietHours: { from: '22:00', to: '07:00' },
    })
    await screenshot(page, 'notification-preferences')
    await context.close()
  })

  it("a reviewer sees its department's messages", async () => {
    const reviewer = await c.as('reviewer', { department: 'natural-resources' })
    await reviewer.page.goto('/notifications')
    await expect
      .poll(() => reviewer.page.getByRole('list', { name: '消息列表' }).getByText('审批任务已分派').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    await reviewer.context.close()
  })

  it("a department's lead finds 消息通知 in its menu and reads its department's messages", async () => {
    const lead = await c.as('lead', { department: 'natural-resources' })
    await lead.page.goto('/acceptance')
    await lead.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '消息通知' }).click()
    await expect.poll(() => lead.page.url()).toMatch(/\/notifications$/)
    await expect
      .poll(() => lead.page.getByRole('list', { name: '消息列表' }).getByText('审批任务已分派').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    await expectAccessible(lead.page)
    await lead.context.close()
  })
})
