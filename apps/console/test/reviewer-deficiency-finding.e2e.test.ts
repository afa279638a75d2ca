import {
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  taskOf,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 容缺后补核查 on the reviewer's task page (seeds 004:1860): the construction contract owed (容缺) until Wednesday 4 March
// is not made good; on Thursday 5 March — the gateway's legal day — the department records its finding with 整改. The
// earliest 整改期限 the card offers is the gateway's next working day (Friday 6 March), as the 告知承诺 card's, not the
// browser's: its clock here says Tuesday 10 March, and legal time is the server's.

let c: ConsoleWorld
const LEAD = 'housing-construction'
type Told = {
  taskId: string
  deficiencies?: Array<{ material: string; finding?: Record<string, unknown> }>
}

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('容缺后补核查 on the reviewer’s task page', () => {
  it('offers as 整改期限 the working days after the gateway’s today, whatever the browser’s clock says', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-04' }],
      }),
      201,
    ).application as { applicationId: string }
    const task = await taskOf(world, LEAD, application.applicationId)
    const told = async (): Promise<Told | undefined> =>
      (
        expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, world.token('supervisor')), 200)
          .tasks as Told[]
      ).find((t) => t.taskId === task.taskId)

    // Thursday: the promised day has passed; the department hears the contract overdue.
    world.clock.set('2026-03-05T01:00:00Z')
    await until(async () => ((await told())?.deficiencies ?? []).length === 1, 60_000)

    const { page, context } = await c.as('reviewer', { department: LEAD })
    // The browser's clock five days ahead of the gateway's: Tuesday 10 March, 10:00 in Shanghai.
    await page.clock.setFixedTime(new Date('2026-03-10T02:00:00Z'))
    await page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const card = page.getByRole('region', { name: '施工合同 容缺后补核查' })
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1)
    await card.getByLabel('情况 1', { exact: true }).fill('施工合同承诺于2026年3月4日前补交，逾期未交')
    await card.getByRole('checkbox', { name: '责令整改' }).check()

    // The day typed opens its month in the picker: the gateway's today (5 March) is not offered, its next working day
    // is — and so are the days the browser's clock would have refused (6–10 March).
    const rectifyBy = card.getByLabel('整改期限')
    await rectifyBy.fill('2026-03-06')
    const cell = (day: string) => page.locator(`td.ant-picker-cell-in-view[title="${day}"]`)
    await expect.poll(() => cell('2026-03-05').count()).toBe(1)
    expect(await cell('2026-03-05').getAttribute('class')).toContain('ant-picker-cell-disabled')
    for (const day of ['2026-03-06', '2026-03-09', '2026-03-10']) {
      expect(await cell(day).getAttribute('class'), day).not.toContain('ant-picker-cell-disabled')
    }
    // Taken (Tab, not Enter, which would send the form), and the route takes it: a working day after its today.
    await rectifyBy.press('Tab')
    await expect.poll(() => rectifyBy.inputValue()).toBe('2026年3月6日')
    await expectAccessible(page)
    await card.getByRole('button', { name: '记录核查结果' }).click()
    await expect
      .poll(async () => (await told())?.deficiencies?.[0]?.finding, { timeout: 30_000 })
      .toMatchObject({ result: 'breached', measures: ['rectify'], rectifyBy: '2026-03-06' })
    await expect.poll(() => card.getByRole('button', { name: '记录核查结果' }).count(), { timeout: 30_000 }).toBe(0)
    await context.close()
  }, 240_000)
})
