import { lowRiskFactory, owners, registerProject, statusWhen } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askedAtWindow, type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 网上预约 (004:1044): the owner books the window on its progress page, the clerk finds the booking on the day's list
// and receives the application for it; a booked application is refused only on one of the seed's three exceptions.
let c: ConsoleWorld
beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('网上预约 at the window', () => {
  it('the owner books this afternoon, the clerk lists and receives it, and refuses it only on an exception', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.a))

    // The owner's progress page: 预约办理 for the first step, today by default, the afternoon chosen.
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const day = owner.page.getByLabel('预约日期', { exact: true })
    await expect.poll(() => day.count(), { timeout: 20_000 }).toBe(1)
    expect([await day.inputValue(), await day.getAttribute('min'), await day.getAttribute('max')]).toEqual([
      '2026-03-02',
      '2026-03-02',
      '2026-04-01',
    ])
    await owner.page.getByRole('radio', { name: '下午（14:00–17:30）' }).check()
    await owner.page.getByRole('button', { name: '预约', exact: true }).click()
    await expect
      .poll(() => owner.page.getByText(/^已预约：/).textContent())
      .toContain('2026年3月2日下午（14:00–17:30）')
    // The booking is a line of the project's 办理记录, in Chinese: intake's booking.booked, once the read model has it
    // (the status says what it held if it never comes), on the page read afresh.
    const booked = (
      await statusWhen(c.world, projectId, (s) => s.timeline.some((e) => e.type === 'booking.booked'))
    ).timeline.find((e) => e.type === 'booking.booked')
    // The entry names the day, the slot and the step in a field of its own; the line says them in Chinese.
    expect(booked?.booking).toMatchObject({ day: '2026-03-02', slot: 'pm', step: expect.any(String) })
    const stepName = booked?.booking?.stepName
    expect(stepName).toBeTruthy()
    const bookedLine = `已网上预约窗口办理（2026年3月2日 下午，${stepName}）`
    await owner.page.reload()
    const record = owner.page
    await expect.poll(() => record.getByText(bookedLine, { exact: true }).count(), { timeout: 20_000 }).toBe(1)
    await expectAccessible(owner.page)

    // The clerk's 网上预约 list of today: the booking waits; 接件办理 opens the desk's form for the project.
    const { page } = await c.as('clerk')
    await page.goto('/desk/bookings')
    const table = page.getByRole('table', { name: '网上预约' })
    const row = table.getByRole('row').filter({ hasText: '待到场' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('2026年3月2日 下午（14:00–17:30）')
    await expectAccessible(page)
    await row.getByRole('link', { name: '接件办理' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    await expect.poll(() => askedAtWindow(page, '').count()).toBeGreaterThan(0)
    const asked = askedAtWindow(page, '')
    for (let i = (await asked.count()) - 1; i >= 0; i--) {
      await asked.nth(i).getByRole('radio', { name: '已收取' }).check()
    }
    await page.getByRole('radio', { name: '先接件（五个工作日内决定是否受理）' }).check()
    await page.getByRole('button', { name: '提交接件' }).click()
    await expect.poll(() => page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const number = (
      await page.getByLabel('接件回执', { exact: true }).getByRole('row').filter({ hasText: '接件编号' }).textContent()
    )?.replace('接件编号', '') as string

    // 不予受理 of the booked application asks which exception it rests on, and refuses to go on without one.
    await page.getByRole('link', { name: '已接件、待受理' }).first().click()
    const receipts = page.getByRole('table', { name: '已接件、待受理' })
    const receipt = receipts.getByRole('row').filter({ hasText: number })
    await expect.poll(() => receipt.count()).toBe(1)
    await receipt.getByRole('button', { name: `不予受理 ${number}` }).click()
    const refuse = page.getByRole('dialog')
    await expect.poll(() => refuse.getByRole('radiogroup', { name: '预约例外情形' }).count()).toBe(1)
    await refuse.getByLabel('理由').fill('申请事项属自然资源主管部门职权')
    await refuse.getByRole('button', { name: '确认不予受理' }).click()
    await expect.poll(() => refuse.getByText('请选择不予受理所依据的预约例外情形').count()).toBe(1)
    await refuse.getByRole('radio', { name: '不属于本中心受理范围' }).check()
    await refuse.getByRole('button', { name: '确认不予受理' }).click()
    await expect
      .poll(() =>
        page.getByLabel('不予受理决定书', { exact: true }).getByRole('heading', { name: '不予受理决定书' }).count(),
      )
      .toBe(1)

    // The booking was attended by the application received for it: the list is read again on each visit (it showed
    // the first visit's 待到场 from the page's cache, and failed in CI).
    await page.getByRole('link', { name: '网上预约' }).first().click()
    await expect.poll(() => table.getByRole('row').filter({ hasText: '已到场办理' }).count()).toBe(1)
    // And the owner's 办理记录 says it attended (booking.attended), after its booking.
    await statusWhen(c.world, projectId, (s) => s.timeline.some((e) => e.type === 'booking.attended'))
    await owner.page.reload()
    await expect
      .poll(
        () =>
          record
            .getByText(`已按网上预约到窗口办理，申请已接件（2026年3月2日 下午，${stepName}）`, { exact: true })
            .count(),
        { timeout: 20_000 },
      )
      .toBe(1)
    expect(await record.getByText(bookedLine, { exact: true }).count()).toBe(1)

    // More of the day than a page (500), as every region's centre may take: the list reads on to the last booking,
    // where it stopped at 500 and said nothing, and no notice of bookings still to load remains.
    await c.world.schemas.intake.pool.query(
      `INSERT INTO booking (id, project_id, step, region, owner_credit_code, day, slot, state, booked_at, booked_by)
       SELECT gen_random_uuid(), b.project_id, b.step, b.region, b.owner_credit_code, b.day, 'am', 'booked',
              b.booked_at + (i / 2) * interval '1 millisecond', b.booked_by
         FROM booking b, generate_series(1, 520) AS i WHERE b.project_id = $1`,
      [projectId],
    )
    await page.reload()
    await expect.poll(() => table.getByRole('row').filter({ hasText: '待到场' }).count(), { timeout: 20_000 }).toBe(520)
    expect(await table.getByRole('row').filter({ hasText: '已到场办理' }).count()).toBe(1)
    expect(await page.locator('[data-bookings-incomplete]').count()).toBe(0)
    // Two waits on the read model (the timeline's entries) beside the two lists: more than the default minute.
  }, 120_000)
})
