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

  it("an admin sets a shared office's preferences on 机构通知设置, and the office's members read them as their own", async () => {
    const { page, context } = await c.as('admin')
    await page.goto('/admin/exports')
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '机构通知设置' }).click()
    await expect.poll(() => page.url()).toMatch(/\/admin\/office-notifications$/)
    await expect.poll(() => page.getByRole('heading', { name: '监督部门的通知设置' }).count()).toBe(1)
    await page.getByRole('tab', { name: '不动产登记机构' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '不动产登记机构的通知设置' }).count()).toBe(1)
    // Never set: the console only.
    await expect.poll(() => page.getByText('尚未设置：只发站内消息。').count()).toBe(1)
    await expect.poll(() => page.getByLabel('站内消息').isChecked()).toBe(true)
    // E-mail without an address: refused by the notification service, named by its field.
    await page.getByLabel('电子邮件').check()
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByText('请填写有效的电子邮箱；选择电子邮件时必填').count()).toBe(1)
    await page.getByLabel('电子邮箱').fill('dengji@example.gov.cn')
    await page.getByLabel('免打扰开始（北京时间）').fill('21:30')
    await page.getByLabel('免打扰结束').fill('08:00')
    await page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.getByRole('status').getByText('不动产登记机构的通知设置已保存。').count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'office-notifications')

    // Read back: on a fresh load (the gateway's GET naming the office), and by a registrar as its own office's.
    await page.reload()
    await page.getByRole('tab', { name: '不动产登记机构' }).click()
    await expect.poll(() => page.getByLabel('电子邮箱').inputValue()).toBe('dengji@example.gov.cn')
    await expect.poll(() => page.getByLabel('免打扰开始（北京时间）').inputValue()).toBe('21:30')
    expect(await page.getByLabel('电子邮件').isChecked()).toBe(true)
    await expect.poll(() => page.getByText(/^最近设置：/).count()).toBe(1)
    const asRegistrar = await c.world.api('GET', '/api/v1/notifications/preferences', c.world.token('registrar'))
    expect(asRegistrar.status).toBe(200)
    expect(asRegistrar.body.preferences).toMatchObject({
      party: { kind: 'registrar', id: 'registration' },
      channels: expect.arrayContaining(['log', 'email']),
      email: 'dengji@example.gov.cn',
      quietHours: { from: '21:30', to: '08:00' },
    })
    // The other offices are untouched.
    await page.getByRole('tab', { name: '12345 热线中心' }).click()
    await expect.poll(() => page.getByText('尚未设置：只发站内消息。').count()).toBe(1)
    await expect.poll(() => page.getByLabel('电子邮箱').inputValue()).toBe('')
    // A read that failed offers no form: its defaults, saved, would overwrite the office's real settings.
    await page.route('**/api/v1/notifications/preferences?office=registration', (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Unavailable',
              status: 503,
              code: 'UPSTREAM_UNAVAILABLE',
            }),
          })
        : route.continue(),
    )
    await page.reload()
    await page.getByRole('tab', { name: '不动产登记机构' }).click()
    await expect
      .poll(() => page.getByText('未能读取不动产登记机构的通知设置，请稍后刷新重试；读取成功前不能修改。').count(), {
        timeout: 30_000,
      })
      .toBe(1)
    expect(await page.getByRole('button', { name: '保存设置' }).count()).toBe(0)
    expect(await page.getByText('尚未设置：只发站内消息。').count()).toBe(0)
    await page.unroute('**/api/v1/notifications/preferences?office=registration')
    // A member naming the office is refused by the gateway.
    const member = await c.world.api(
      'GET',
      '/api/v1/notifications/preferences?office=registration',
      c.world.token('registrar'),
    )
    expect([member.status, member.body.code]).toEqual([403, 'GATEWAY_FORBIDDEN'])
    await context.close()
  })

  // A department's SMS number and e-mail address are one for every region of it (docs/notifications.md#regional-
  // callers): a reviewer whose token carries a region reads them but sets nothing, so none can redirect the other
  // regions' SMS and e-mail to itself; the department-wide scope (no region) sets them as before.
  it('a regional reviewer sees the department’s SMS number and e-mail read-only; one without a region saves them', async () => {
    const department = 'transport'
    const wide = await c.as('reviewer', { department })
    await wide.page.goto('/notifications')
    await expect.poll(() => wide.page.getByRole('heading', { name: '通知设置' }).count()).toBe(1)
    await expect.poll(() => wide.page.getByLabel('站内消息').isChecked()).toBe(true)
    expect(await wide.page.getByText(/^区域用户不能修改/).count()).toBe(0)
    await wide.page.getByLabel('短信').check()
    await wide.page.getByLabel('手机号码').fill('13800138000')
    await wide.page.getByLabel('电子邮件').check()
    await wide.page.getByLabel('电子邮箱').fill('jtj@example.gov.cn')
    await wide.page.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => wide.page.getByRole('status').getByText('通知设置已保存。').count()).toBe(1)
    await wide.context.close()

    // 佛山's reviewer of the same department: the number and address shown, not editable, the sentence why, no save.
    const foshan = await c.as('reviewer', { department, region: '440600' })
    const { page } = foshan
    await page.goto('/notifications')
    await expect
      .poll(() => page.getByText(/^区域用户不能修改本部门的短信\/邮箱地址，由本部门全辖用户设置/).count())
      .toBe(1)
    await expect.poll(() => page.getByLabel('手机号码').inputValue()).toBe('13800138000')
    expect(await page.getByLabel('电子邮箱').inputValue()).toBe('jtj@example.gov.cn')
    for (const field of ['手机号码', '电子邮箱', '短信', '电子邮件', '免打扰开始（北京时间）'])
      expect(await page.getByLabel(field).isEditable(), field).toBe(false)
    expect(await page.getByRole('button', { name: '保存设置' }).count()).toBe(0)
    await expectAccessible(page)

    // Its PUT through the gateway is the notifier's refusal, naming the field; the department's number stands.
    const refused = await c.world.api('PUT', '/api/v1/notifications/preferences', foshan.token, {
      channels: ['log', 'sms', 'email'],
      phone: '13900139000',
      email: 'jtj@example.gov.cn',
    })
    expect([refused.status, refused.body.code]).toEqual([403, 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER'])
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['/body/phone'])
    const held = await c.world.api(
      'GET',
      '/api/v1/notifications/preferences',
      c.world.token('reviewer', { department }),
    )
    expect(held.body.preferences).toMatchObject({ phone: '13800138000', email: 'jtj@example.gov.cn' })
    await foshan.context.close()
  })
})
