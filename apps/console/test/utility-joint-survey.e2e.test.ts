import { expectStatus, industrialShanwei, openApplication, owners, registerProject, until } from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 联合踏勘 (004:2303): one provider proposes the project's one joint site survey on its page; the other provider's
// request at survey shows it too, and so does the owner's project page (day, time, place); the other provider confirms
// it will attend (确认参加) and the proposer sees who is coming; the proposer cancels it (取消联合踏勘) with a reason and
// it is gone from every page, so another may propose; each provider still records its own survey done.

let c: ConsoleWorld
let projectId = ''
type Request = {
  requestId: string
  provider: string
  stage: string
  jointSurvey?: { day: string; place: string; proposedBy: string; confirmations?: Array<{ provider: string }> }
}

const listOf = async (provider: 'water' | 'power'): Promise<Request[]> =>
  expectStatus(
    await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, c.world.token('utility', { provider })),
    200,
  ).requests as Request[]

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await registerProject(c.world, industrialShanwei(owners.b))
  const checklist = expectStatus(
    await c.world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, c.world.token('clerk')),
    200,
  ) as { materials: Array<{ code: string }> }
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'eight-item-bundle',
      form: {
        utilities: [
          { provider: 'water', lengthM: 800, diameterMm: 250 },
          { provider: 'power', lengthM: 300, voltageKv: 10 },
        ],
      },
      materials: checklist.materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` })),
    }),
    201,
  )
  await until(
    async () => (await listOf('water'))[0]?.stage === 'survey' && (await listOf('power'))[0]?.stage === 'survey',
  )
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** Fills the joint survey form, the day last (an Enter there may send it), and sends it unless that Enter did. */
async function fillSurvey(page: Page, day: string) {
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('踏勘时间', { exact: true }).fill('9:00-11:00')
  await dialog.getByLabel('踏勘地点', { exact: true }).fill('项目东门')
  await dialog.getByLabel('联系人及电话', { exact: true }).fill('王工 13800000000')
  await dialog.getByLabel('踏勘日期', { exact: true }).fill(day)
  await dialog.getByLabel('踏勘日期', { exact: true }).press('Enter')
  // antd spaces a two-character button's text (确 定).
  const ok = dialog.getByRole('button', { name: /^确\s?定$/ })
  if (await ok.isVisible()) await ok.click()
}

const SHOWN = '2026年3月5日 9:00-11:00，项目东门'

describe('联合踏勘: one appointment for the providers and the owner', () => {
  it('water proposes it, refused a day already past; power confirms; the owner’s page shows it; water cancels it, power proposes anew; each records its own survey', async () => {
    const water = await c.as('utility', { provider: 'water' })
    await water.page.goto('/utility')
    const waterRow = water.page.getByRole('row').filter({ hasText: '供水报装' })
    await expect.poll(() => waterRow.count()).toBe(1)
    await expect.poll(async () => (await waterRow.textContent()) ?? '').toContain('尚未约定')

    // A day before today: refused in Chinese, naming the field; nothing set.
    await waterRow.getByRole('button', { name: '约定联合踏勘' }).click()
    const dialog = water.page.getByRole('dialog')
    await fillSurvey(water.page, '2026-03-01')
    await expect.poll(() => dialog.getByText('踏勘日期不能早于今天。').count()).toBe(1)
    expect((await listOf('water'))[0]?.jointSurvey).toBeUndefined()

    await dialog.getByLabel('踏勘日期', { exact: true }).fill('2026-03-05')
    await dialog.getByLabel('踏勘日期', { exact: true }).press('Enter')
    const ok = dialog.getByRole('button', { name: /^确\s?定$/ })
    if (await ok.isVisible()) await ok.click()
    await expect.poll(async () => (await listOf('power'))[0]?.jointSurvey?.day).toBe('2026-03-05')
    await expect.poll(async () => (await waterRow.textContent()) ?? '').toContain(SHOWN)
    expect(await waterRow.textContent()).toContain('供水发起')
    await expectAccessible(water.page)
    await screenshot(water.page, 'utility-joint-survey')

    // Power's page: its own request shows the same appointment; it may not move water's (409, in Chinese).
    const power = await c.as('utility', { provider: 'power' })
    await power.page.goto('/utility')
    const powerRow = power.page.getByRole('row').filter({ hasText: '供电报装' })
    await expect.poll(async () => (await powerRow.textContent()) ?? '').toContain(SHOWN)
    expect(await power.page.getByRole('row').filter({ hasText: '供水报装' }).count()).toBe(0)
    await powerRow.getByRole('button', { name: '调整联合踏勘' }).click()
    await fillSurvey(power.page, '2026-03-06')
    await expect
      .poll(() =>
        power.page
          .getByRole('dialog')
          .getByText(/只有发起的单位才能改期/)
          .count(),
      )
      .toBe(1)
    expect((await listOf('power'))[0]?.jointSurvey?.day).toBe('2026-03-05')
    await power.page
      .getByRole('dialog')
      .getByRole('button', { name: /^取\s?消$/ })
      .click()

    // Power confirms it will attend; only the proposer may cancel, so power's row has no 取消联合踏勘.
    expect(await powerRow.getByRole('button', { name: '取消联合踏勘' }).count()).toBe(0)
    await powerRow.getByRole('button', { name: '确认参加' }).click()
    await expect.poll(async () => (await listOf('power'))[0]?.jointSurvey?.confirmations?.length).toBe(1)
    await expect.poll(async () => (await powerRow.textContent()) ?? '').toContain('已确认参加：供电')
    expect(await powerRow.getByRole('button', { name: '确认参加' }).count()).toBe(0)
    // Water, the proposer, sees who is coming (told on the live stream), and has nothing to confirm itself.
    await expect.poll(async () => (await waterRow.textContent()) ?? '').toContain('已确认参加：供电')
    expect(await waterRow.getByRole('button', { name: '确认参加' }).count()).toBe(0)
    await expectAccessible(power.page)

    // The owner's project page: what it needs to be there.
    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const line = owner.page.getByTestId('joint-survey')
    await expect.poll(async () => (await line.textContent()) ?? '').toContain(`联合踏勘：${SHOWN}`)
    expect(await line.textContent()).toContain('供水')
    expect(await line.textContent()).toContain('供电')

    // The site is not ready: water cancels, saying why (a reason is required); the appointment is gone from both
    // providers' rows and from the owner's page, whose progress says it was cancelled.
    await waterRow.getByRole('button', { name: '取消联合踏勘' }).click()
    const cancelDialog = water.page.getByRole('dialog')
    await cancelDialog.getByRole('button', { name: '确定取消' }).click()
    await expect.poll(() => cancelDialog.getByText('请填写取消原因').count()).toBe(1)
    await cancelDialog.getByLabel('取消原因', { exact: true }).fill('现场尚未平整，不具备踏勘条件')
    await cancelDialog.getByRole('button', { name: '确定取消' }).click()
    await expect.poll(async () => (await listOf('power'))[0]?.jointSurvey).toBeUndefined()
    await expect.poll(async () => (await waterRow.textContent()) ?? '').toContain('尚未约定')
    await expect.poll(async () => (await powerRow.textContent()) ?? '').toContain('尚未约定')
    await owner.page.reload()
    await expect.poll(() => owner.page.getByText('市政公用单位已取消联合踏勘').count()).toBeGreaterThan(0)
    expect(await owner.page.getByTestId('joint-survey').count()).toBe(0)
    await owner.context.close()

    // Once cancelled, power — which could not move water's — proposes the next one itself.
    await powerRow.getByRole('button', { name: '约定联合踏勘' }).click()
    await fillSurvey(power.page, '2026-03-05')
    await expect.poll(async () => (await listOf('water'))[0]?.jointSurvey?.proposedBy).toBe('power')
    await expect.poll(async () => (await powerRow.textContent()) ?? '').toContain('供电发起')

    // On the day, each provider records its own survey, at the joint survey.
    c.world.clock.set('2026-03-05T03:00:00Z')
    await power.page.reload()
    await powerRow.getByRole('button', { name: '已在联合踏勘时勘察' }).click()
    await expect.poll(async () => (await listOf('power'))[0]?.stage).toBe('plan')
    expect((await listOf('water'))[0]?.stage).toBe('survey')
    await power.context.close()
    await water.context.close()
  })
})
