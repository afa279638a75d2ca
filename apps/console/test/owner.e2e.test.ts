import {
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  statusWhen,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
let projectId: string
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  // A Shanwei low-risk factory with its first step at the window: two departments work it in parallel.
  projectId = await registerProject(c.world, lowRiskFactory(owners.b))
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  )
  await statusWhen(c.world, projectId, (s) => s.tasks.length === landPlanningDepartments.length)
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const owner = () => c.as('owner', { creditCode: owners.b.creditCode })

describe("the owner's projects and a project's progress", () => {
  it('lists the owner its own projects only, each opening its progress page', async () => {
    const other = await registerProject(c.world, lowRiskFactory(owners.c))
    const { page, context } = await owner()
    await page.goto('/projects')
    await expect.poll(() => page.getByRole('link', { name: '低风险厂房项目' }).count()).toBeGreaterThan(0)
    const hrefs = await page
      .getByRole('link', { name: '低风险厂房项目' })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(hrefs).toContain(`/projects/${projectId}`)
    expect(hrefs).not.toContain(`/projects/${other}`)
    await expectAccessible(page)
    await screenshot(page, 'projects')
    await page.locator(`a[href="/projects/${projectId}"]`).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/projects/${projectId}$`))
    await expect.poll(() => page.getByRole('heading', { name: '办理流程' }).count()).toBe(1)
    await context.close()
  })

  it('two reviewers approve their tasks, and the open progress page changes without a reload as each decision lands', async () => {
    const { page, context } = await owner()
    await page.goto(`/projects/${projectId}`)
    const tasks = (await statusWhen(c.world, projectId, (s) => s.tasks.length === 2)).tasks
    const rowOf = (t: (typeof tasks)[number]) => page.getByRole('listitem', { name: t.departmentName ?? t.department })
    for (const t of tasks) await expect.poll(() => rowOf(t).textContent()).toContain(t.nationalName)
    // The flow picture is drawn, labelled for a screen reader.
    await expect.poll(() => page.getByRole('img', { name: /办理流程图/ }).count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'progress')

    let reloads = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1
    })
    for (const [i, t] of tasks.entries()) {
      // Each department's reviewer, in a browser of its own, claims and approves from its task page; the task page
      // too follows the stream (the approve button appears once the claim is read back, with no reload).
      const reviewer = await c.as('reviewer', { department: t.department })
      await reviewer.page.goto(`/tasks/${t.taskId}?project=${projectId}`)
      await expect.poll(() => reviewer.page.getByRole('button', { name: '认领' }).count()).toBe(1)
      await reviewer.page.getByRole('button', { name: '认领' }).click()
      await expect.poll(() => reviewer.page.getByRole('button', { name: '审批通过' }).count()).toBe(1)
      await reviewer.page.getByRole('button', { name: '审批通过' }).click()
      await expect.poll(() => reviewer.page.getByText('已提交：通过').count()).toBe(1)
      await reviewer.context.close()
      const decided = (
        await statusWhen(c.world, projectId, (s) =>
          s.tasks.some((x) => x.taskId === t.taskId && x.status === 'approved'),
        )
      ).tasks.find((x) => x.taskId === t.taskId)
      // The page shows the decision as it lands: its 办理状态 and the clock closed.
      await expect.poll(() => rowOf(t).textContent()).toContain(decided?.nationalName ?? '?')
      await expect.poll(() => rowOf(t).textContent()).toContain('已办结')
      // The other department's task is not decided yet after the first decision.
      const next = tasks[i + 1]
      if (next) expect(await rowOf(next).textContent()).not.toContain('已办结')
    }
    const step = (
      await statusWhen(c.world, projectId, (s) =>
        s.flow.some((f) => f.step === 'land-planning-and-filing' && f.state === 'approved'),
      )
    ).flow.find((f) => f.step === 'land-planning-and-filing')
    await expect.poll(() => page.getByText(`${step?.name}（已通过）`).count()).toBeGreaterThan(0)
    expect(reloads).toBe(0)
    await context.close()
  })

  it('is usable on a phone: no horizontal scroll at 390×844', async () => {
    const { page, context } = await owner()
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '办理流程' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('img', { name: /办理流程图/ }).count()).toBe(1)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await expectAccessible(page)
    await screenshot(page, 'progress-phone')
    await context.close()
  })

  it('answers another owner with the not-found page, showing nothing of the project', async () => {
    const { page, context } = await c.as('owner', { creditCode: owners.c.creditCode })
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByText('未找到项目，或您无权查看。').count()).toBe(1)
    expect(await page.getByText('低风险厂房项目').count()).toBe(0)
    await context.close()
  })
})
