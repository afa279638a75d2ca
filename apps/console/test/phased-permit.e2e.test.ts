import {
  act,
  applicationIn,
  approveStep,
  expectStatus,
  owners,
  qinzhouMaterials,
  qinzhouProject,
  registerProject,
  statusWhen,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 分阶段办理施工许可 in Qinzhou (450700): the desk offers the construction permit's phases in order, and the owner's
// progress page says which phase the step is at (第 n 阶段 / 共 N 阶段).
// Monday 2 March 2026, 09:00 in Beijing.
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const owner = owners.b
/** Waits until intake released the application's certificate: it then knows the step (or phase) is approved. */
const released = (projectId: string, applicationId: string) =>
  statusWhen(c.world, projectId, (s) => applicationIn(s, applicationId).certificate === 'released')

/** Every department approves the application's tasks, and intake knows it. */
async function approveApplication(projectId: string, applicationId: string): Promise<void> {
  const opened = await statusWhen(c.world, projectId, (s) => s.tasks.some((t) => t.applicationId === applicationId))
  for (const t of opened.tasks.filter((x) => x.applicationId === applicationId)) {
    expectStatus(await act(c.world, t, { action: 'claim' }), 200)
    expectStatus(await act(c.world, t, { action: 'approve' }), 200)
  }
  await released(projectId, applicationId)
}

/** Marks every material the checklist asks for as received. */
async function receiveAll(page: Page): Promise<void> {
  const rows = page.getByRole('row').filter({ has: page.getByRole('radio', { name: '已收取' }) })
  await expect.poll(() => rows.count()).toBeGreaterThan(0)
  for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).getByRole('radio', { name: '已收取' }).check()
}

describe('分阶段办理施工许可 at the desk and on the owner’s page', () => {
  it('the clerk applies for the first phase; then only the next is offered, and the owner sees 第 1 阶段 / 共 4 阶段', async () => {
    const projectId = await registerProject(c.world, qinzhouProject(owner))
    for (const step of ['land-planning', 'engineering-permit']) {
      const { applicationId } = await approveStep(c.world, projectId, step, qinzhouMaterials[step] ?? [])
      await released(projectId, applicationId)
    }

    const clerk = await c.as('clerk')
    await clerk.page.goto(`/desk/projects/${projectId}`)
    const phase = clerk.page.getByLabel('办理阶段', { exact: true })
    await expect.poll(() => phase.count()).toBe(1)
    await expect
      .poll(() => clerk.page.locator('.ant-select').filter({ has: phase }).textContent())
      .toContain('第 1 阶段 / 共 4 阶段：基坑围护')
    await phase.click()
    const options = clerk.page.locator('.ant-select-item-option').filter({ visible: true })
    await expect.poll(() => options.count()).toBe(5)
    const disabled = clerk.page.locator('.ant-select-item-option-disabled').filter({ visible: true })
    expect(await disabled.filter({ hasText: '主体工程底板以下（待上一阶段通过）' }).count()).toBe(1)
    expect(await disabled.count()).toBe(3)
    await clerk.page.keyboard.press('Escape')
    await receiveAll(clerk.page)
    await expect.poll(() => clerk.page.getByText('计算中…').count()).toBe(0)
    await expectAccessible(clerk.page)
    const sent = clerk.page.waitForRequest(
      (r) => r.url().endsWith(`/api/v1/projects/${projectId}/applications`) && r.method() === 'POST',
    )
    await clerk.page.getByRole('button', { name: '提交受理' }).click()
    expect((await sent).postDataJSON()).toMatchObject({ step: 'construction-permit', phase: 'foundation-pit' })
    await expect.poll(() => clerk.page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const applicationId = clerk.page.url().split('/').at(-1) as string
    // The 受理回执 names the phase applied for.
    await expect
      .poll(() => clerk.page.getByText('施工许可（第 1 阶段 / 共 4 阶段：基坑围护）', { exact: true }).count())
      .toBe(1)
    // The reviewer's task page says which phase the task decides.
    const opened = await statusWhen(c.world, projectId, (s) => s.tasks.some((t) => t.applicationId === applicationId))
    const task = opened.tasks.find((t) => t.applicationId === applicationId)
    const reviewer = await c.as('reviewer', { department: task?.department ?? '' })
    await reviewer.page.goto(`/tasks/${task?.taskId}?project=${projectId}`)
    await expect
      .poll(() => reviewer.page.getByText('施工许可（第 1 阶段 / 共 4 阶段：基坑围护）', { exact: true }).count())
      .toBe(1)
    await reviewer.context.close()
    await approveApplication(projectId, applicationId)

    // Phase 1 approved: the step is still open at the window, for its second phase only, never as a whole.
    await clerk.page.goto(`/desk/projects/${projectId}`)
    await expect
      .poll(() => clerk.page.locator('.ant-select').filter({ has: phase }).textContent())
      .toContain('第 2 阶段 / 共 4 阶段：主体工程底板以下')
    await phase.click()
    await expect.poll(() => disabled.filter({ hasText: '基坑围护（已通过）' }).count()).toBe(1)
    expect(await disabled.filter({ hasText: '整体申请' }).count()).toBe(1)
    await clerk.page.keyboard.press('Escape')
    await clerk.context.close()

    const own = await c.as('owner', { creditCode: owner.creditCode })
    await own.page.goto(`/projects/${projectId}`)
    const permit = own.page.getByRole('heading', { name: /^施工许可（/ })
    await expect.poll(() => permit.count()).toBe(1)
    expect(await permit.textContent()).toBe('施工许可（办理中 · 第 1 阶段 / 共 4 阶段：基坑围护（本阶段已通过））')
    // The flow chart (a canvas, its facts in its label) says the same.
    const chart = own.page.getByRole('img', { name: /^办理流程图/ })
    await expect
      .poll(async () => (await chart.count()) > 0 && (await chart.getAttribute('aria-label')))
      .toContain('施工许可：办理中 · 第 1 阶段 / 共 4 阶段：基坑围护（本阶段已通过）')
    // The phase's own 施工许可: its card names the phase the signed certificate is for.
    await expect
      .poll(() => own.page.getByText('许可阶段：第 1 阶段 / 共 4 阶段：基坑围护', { exact: true }).count())
      .toBe(1)
    // 办理记录 names the phase of each line about it, from the entry's own field: the step's decision and its permit.
    const record = own.page
    await expect
      .poll(() => record.getByText('本环节审批已办结（第 1 阶段 / 共 4 阶段：基坑围护）', { exact: true }).count())
      .toBe(1)
    expect(await record.getByText('证照已签发（第 1 阶段 / 共 4 阶段：基坑围护）', { exact: true }).count()).toBe(1)
    await expectAccessible(own.page)
    await own.context.close()

    // A reviewer of the permit's department sees the certificates' summaries only — every permit of the project its
    // department works on (004:1132: what its review relies on instead of paper, docs/security.md), the earlier
    // steps' beside its own — and its own phase's names the phase too.
    const permitTask = opened.tasks.find((t) => t.applicationId === applicationId && t.item === 'construction-permit')
    const deciding = await c.as('reviewer', { department: permitTask?.department ?? task?.department ?? '' })
    await deciding.page.goto(`/projects/${projectId}`)
    const summaries = deciding.page.locator('[data-certificate]')
    await expect.poll(() => summaries.count()).toBeGreaterThan(1)
    const summary = summaries.filter({ hasText: '许可阶段' })
    await expect.poll(() => summary.count()).toBe(1)
    await expect.poll(() => summary.textContent()).toContain('许可阶段：第 1 阶段 / 共 4 阶段：基坑围护')
    await deciding.context.close()

    // The second phase received only (接件, 受理 later): the list of receipts awaiting a decision and the 接件回执,
    // opened from it (so read from the gateway, not carried from the desk), name the phase before any acceptance.
    const window = await c.as('clerk')
    await window.page.goto(`/desk/projects/${projectId}`)
    await expect
      .poll(() =>
        window.page
          .locator('.ant-select')
          .filter({ has: window.page.getByLabel('办理阶段', { exact: true }) })
          .textContent(),
      )
      .toContain('第 2 阶段 / 共 4 阶段：主体工程底板以下')
    await receiveAll(window.page)
    await window.page.getByRole('radio', { name: '先接件（五个工作日内决定是否受理）' }).check()
    await window.page.getByRole('button', { name: '提交接件' }).click()
    await expect.poll(() => window.page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const second = '施工许可（第 2 阶段 / 共 4 阶段：主体工程底板以下）'
    await window.page.goto('/desk/receipts')
    const row = window.page.getByRole('row').filter({ hasText: second })
    await expect.poll(() => row.count()).toBe(1)
    await row.getByRole('link').first().click()
    const paper = window.page.getByLabel('接件回执', { exact: true })
    await expect.poll(() => paper.getByRole('heading', { name: '接件回执' }).count()).toBe(1)
    await expect.poll(() => paper.getByText(second, { exact: true }).count()).toBe(1)
    await window.context.close()
  }, 180_000)
})
