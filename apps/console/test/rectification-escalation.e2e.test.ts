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

// 逾期未整改's further measure on the reviewer's 整改情况 card (seeds 004:1860 依法撤销许可、禁止选择告知承诺;
// docs/legal-time.md#整改-followed-through): the owner reports its 整改 by the day; past it, the report still awaiting
// review holds off 逾期未整改 and the measure; found not done, the card offers the measure, the reviewer takes it, and
// the project's 办理记录 says what was done — not 违诺.

let c: ConsoleWorld
const owner = owners.b
const LEAD = 'housing-construction'
type Told = { taskId: string; status: string; commitment?: { verification?: object; rectification?: object } }

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('the further measure after 逾期未整改, on the reviewer’s task page', () => {
  it('waits for the review of a timely report, then revokes and bars, and the record says so', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory(owner))
    await approveFirstStep(world, projectId)
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
        commitments: [{ item: 'construction-permit' }],
      }),
      201,
    ).application as { applicationId: string }
    const task = await taskOf(world, LEAD, application.applicationId)
    const reviewer = world.token('reviewer', { department: LEAD })
    const ownerToken = world.token('owner', { creditCode: owner.creditCode })
    const told = async (): Promise<Told | undefined> =>
      (
        expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, ownerToken), 200).tasks as Told[]
      ).find((t) => t.taskId === task.taskId)

    // 告知承诺事后核查: not kept — 整改 by Friday 6 March.
    let verified = false
    await until(async () => {
      const res = await world.api('POST', `/api/v1/tasks/${task.taskId}/commitment`, reviewer, {
        result: 'breached',
        findings: ['施工图设计文件未按承诺上传省施工图审查管理系统'],
        measures: ['rectify'],
        rectifyBy: '2026-03-06',
      })
      verified = res.status === 200
      return verified || res.body?.code !== 'APPROVAL_NOT_COMMITTED'
    }, 60_000)
    expect(verified).toBe(true)
    // Thursday 5 March, within the limit: the owner reports it done.
    world.clock.set('2026-03-05T01:00:00Z')
    const reported = await world.api('POST', `/api/v1/tasks/${task.taskId}/rectification-report`, ownerToken, {
      statement: '施工图设计文件已上传',
    })
    expect(reported.status, JSON.stringify(reported.body)).toBe(200)

    // Monday 9 March: the day has passed, the report still awaits review — not 逾期未整改, no measure offered.
    world.clock.set('2026-03-09T01:00:00Z')
    await until(async () => (await told())?.commitment?.rectification !== undefined, 60_000)
    const desk = await c.as('reviewer', { department: LEAD })
    await desk.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const card = desk.page.getByRole('region', { name: '告知承诺核查 整改情况' })
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1)
    expect(await card.textContent()).toContain('整改状态 已报告整改完成，待审批部门确认')
    expect(await card.getByRole('button', { name: '采取进一步措施' }).count()).toBe(0)

    // Found not done: overdue from then, and the further measure is offered.
    await card.getByRole('textbox', { name: '未完成的内容' }).fill('审查系统中未见上传记录')
    await card.getByRole('button', { name: '认定整改未完成' }).click()
    await expect
      .poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态 逾期未整改')
    const measures = card.getByRole('group', { name: '进一步措施' })
    await expect.poll(() => measures.count(), { timeout: 30_000 }).toBe(1)
    const take = card.getByRole('button', { name: '采取进一步措施' })
    expect(await take.isDisabled()).toBe(true)
    await measures.getByRole('checkbox', { name: '依法撤销许可' }).check()
    await measures.getByRole('checkbox', { name: '禁止选择告知承诺' }).check()
    await card.getByLabel('禁止选择告知承诺至').fill('2026-09-30')
    await expectAccessible(desk.page)
    await take.click()
    await expect
      .poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 })
      .toContain('2026年3月9日已采取进一步措施：依法撤销许可、禁止选择告知承诺')
    expect(await card.getByRole('button', { name: '采取进一步措施' }).count()).toBe(0)
    await desk.context.close()

    // The permit is revoked; the owner's 办理记录 says what was done after the 整改 was not confirmed, not 违诺.
    await until(async () => (await told())?.status === 'revoked', 60_000)
    const mine = await c.as('owner', { creditCode: owner.creditCode })
    await mine.page.goto(`/projects/${projectId}`)
    const line = mine.page.getByText(/^责令整改逾期未整改，审批部门依法撤销许可，并禁止其再适用告知承诺/)
    await expect.poll(() => line.count(), { timeout: 30_000 }).toBe(1)
    // The breach itself (the verification) is the one 违诺 line.
    expect(await mine.page.getByText(/^告知承诺核查：违诺/).count()).toBe(1)
    await mine.context.close()
  }, 240_000)
})
