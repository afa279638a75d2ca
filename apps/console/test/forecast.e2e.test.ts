import {
  act,
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  taskOf,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
let projectId: string
let applicationId: string
// Monday 2026-09-28, 09:00 in Shanghai: the first step's limits run across the National Day holiday.
beforeAll(async () => {
  c = await startConsole({ start: '2026-09-28T01:00:00Z' })
  projectId = await registerProject(c.world, lowRiskFactory(owners.b))
  applicationId = expectStatus(
    await openApplication(c.world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  ).application.applicationId
  await statusWhen(c.world, projectId, (s) => s.tasks.length === landPlanningDepartments.length)
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** 2026-10-09 → 2026年10月9日, written here rather than with the console's formatter. */
const zh = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
const line = (d: { expectedOn: string; latestOn: string }) =>
  d.expectedOn === d.latestOn ? `预计 ${zh(d.expectedOn)}办结` : `预计 ${zh(d.expectedOn)}办结，最迟 ${zh(d.latestOn)}`

describe("the completion forecast on the owner's progress page", () => {
  it('shows the status’s days for the open step and the whole flow, and follows a decision without a reload', async () => {
    const { page, context } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${projectId}`)
    const before = await statusWhen(c.world, projectId, (s) => (s.forecast?.currentStep?.work.length ?? 0) === 2)
    const step = before.forecast?.currentStep
    const whole = before.forecast?.wholeFlow
    if (!step || !whole) throw new Error('the status has no forecast')
    const stepLine = page.locator(`[data-forecast="${step.step}"]`)
    const wholeLine = page.locator('[data-forecast="whole-flow"]')
    await expect.poll(() => stepLine.textContent()).toContain(line(step))
    await expect.poll(() => wholeLine.textContent()).toBe(line(whole))
    // Across the holiday: the step's expected day is after 2026-10-07.
    expect(step.expectedOn > '2026-10-07').toBe(true)
    await expectAccessible(page)
    await screenshot(page, 'forecast')

    let reloads = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1
    })
    // Both departments decide: the step leaves the forecast and the whole flow's days move to the status's new ones.
    for (const department of landPlanningDepartments) {
      const task = await taskOf(c.world, department, applicationId)
      expectStatus(await act(c.world, task, { action: 'claim' }), 200)
      expectStatus(await act(c.world, task, { action: 'approve' }), 200)
    }
    const after = await statusWhen(c.world, projectId, (s) => s.forecast?.currentStep?.step !== step.step)
    const wholeAfter = after.forecast?.wholeFlow
    if (!wholeAfter) throw new Error('the status has no whole-flow forecast after the decision')
    expect(line(wholeAfter)).not.toBe(line(whole))
    await expect.poll(() => wholeLine.textContent()).toBe(line(wholeAfter))
    await expect.poll(() => stepLine.count()).toBe(0)
    expect(reloads).toBe(0)
    await context.close()
  })

  it('shows the whole flow’s days on a reviewer’s task page too', async () => {
    const task = await taskOf(c.world, landPlanningDepartments[0], applicationId)
    const whole = (await statusWhen(c.world, projectId, (s) => s.forecast?.wholeFlow != null)).forecast?.wholeFlow
    if (!whole) throw new Error('the status has no whole-flow forecast')
    const { page, context } = await c.as('reviewer', { department: task.department })
    await page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    await expect.poll(() => page.locator('[data-forecast="whole-flow"]').textContent()).toBe(line(whole))
    await context.close()
  })
})
