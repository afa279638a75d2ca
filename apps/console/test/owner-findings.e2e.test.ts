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
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 核查结论 on the owner's progress page (seeds 004:1860): the construction permit's department finds the owner's 告知承诺
// not kept and a 容缺 material not made good by its promised day, through the gateway as its reviewer would; the owner
// reads on its own project what was found and what it must do by when — 整改 by a day, no 告知承诺 through a day.

let c: ConsoleWorld
const owner = owners.b
const LEAD = 'housing-construction'
type Told = {
  taskId: string
  commitment?: { verification?: object }
  deficiencies?: Array<{ material: string; finding?: object }>
}

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('核查结论: the findings against the owner’s promises, on its progress page', () => {
  it('a 告知承诺 breach and a 容缺 finding show with the findings, the measures and the days the owner must keep', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory(owner))
    await approveFirstStep(world, projectId)
    // The construction permit on the owner's commitment, its contract owed (容缺) until Wednesday.
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-04' }],
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

    // Thursday: the promised day has passed; the department hears the contract overdue.
    world.clock.set('2026-03-05T01:00:00Z')
    await until(async () => ((await told())?.deficiencies ?? []).length === 1, 60_000)

    // 告知承诺事后核查: not kept — 整改 by 20 March, no 告知承诺 through 30 June.
    let verified = false
    await until(async () => {
      const res = await world.api('POST', `/api/v1/tasks/${task.taskId}/commitment`, reviewer, {
        result: 'breached',
        findings: ['施工图设计文件未按承诺上传省施工图审查管理系统'],
        measures: ['rectify', 'bar-commitment'],
        rectifyBy: '2026-03-20',
        barredUntil: '2026-06-30',
      })
      verified = res.status === 200
      return verified || res.body?.code !== 'APPROVAL_NOT_COMMITTED'
    }, 60_000)
    expect(verified).toBe(true)
    // 容缺后补: the contract not made good — 整改 by 13 March.
    const found = await world.api('POST', `/api/v1/tasks/${task.taskId}/deficiency-finding`, reviewer, {
      material: 'construction-contract',
      findings: ['施工合同承诺于2026年3月4日前补交，逾期未交'],
      measures: ['rectify'],
      rectifyBy: '2026-03-13',
    })
    expect(found.status, JSON.stringify(found.body)).toBe(200)
    // The owner's status carries both (row-level security reads the owner its own project).
    await until(async () => {
      const t = await told()
      return t?.commitment?.verification !== undefined && t.deficiencies?.[0]?.finding !== undefined
    }, 60_000)

    const { page, context } = await c.as('owner', { creditCode: owner.creditCode })
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '核查结论' }).count(), { timeout: 30_000 }).toBe(1)
    const commitment = page.getByRole('region', { name: /告知承诺核查结论$/ })
    const deficiency = page.getByRole('region', { name: /施工合同 容缺后补核查结论$/ })
    await expect.poll(() => commitment.count(), { timeout: 30_000 }).toBe(1)
    expect(await deficiency.count()).toBe(1)
    const promised = (await commitment.textContent()) ?? ''
    for (const shown of [
      '告知承诺核查：未按承诺履行',
      '核查日期 2026年3月5日',
      '惩戒措施 责令整改、禁止选择告知承诺',
      '施工图设计文件未按承诺上传省施工图审查管理系统',
      '需要您做的：请于2026年3月20日（含当日）前完成整改；2026年6月30日前（含当日）不得选择告知承诺',
    ]) {
      expect(promised).toContain(shown)
    }
    const owed = (await deficiency.textContent()) ?? ''
    for (const shown of [
      '容缺后补核查：施工合同逾期未补交',
      '施工合同承诺于2026年3月4日前补交，逾期未交',
      '需要您做的：请于2026年3月13日（含当日）前完成整改',
    ]) {
      expect(owed).toContain(shown)
    }
    expect(owed).not.toContain('告知承诺')
    expect(promised).toContain('整改状态：待整改')
    await expectAccessible(page)
    await screenshot(page, 'owner-findings')

    // 整改 followed through (docs/legal-time.md#整改-followed-through): the owner reports the 告知承诺's 整改 done.
    await commitment.getByRole('button', { name: '报告整改完成' }).click()
    const statement = commitment.getByRole('textbox', { name: '整改情况' })
    await statement.fill('施工图设计文件已上传省施工图审查管理系统')
    // A statement the service refuses (longer than its 2,000 characters, past the textarea's own limit) marks the
    // field itself: the refusal names `/body/statement`, as every body field is named.
    const reportRoute = '**/api/v1/tasks/*/rectification-report'
    await page.route(reportRoute, (route) =>
      route.continue({ postData: JSON.stringify({ statement: '长'.repeat(2001) }) }),
    )
    await commitment.getByRole('button', { name: '提交整改情况' }).click()
    await expect.poll(() => commitment.locator('textarea.ant-input-status-error').count(), { timeout: 30_000 }).toBe(1)
    await page.unroute(reportRoute)
    await commitment.getByRole('button', { name: '提交整改情况' }).click()
    await expect
      .poll(async () => (await commitment.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态：已报告整改完成，待审批部门确认')
    expect(await commitment.getByRole('button', { name: '报告整改完成' }).count()).toBe(0)
    await context.close()

    // The department reads the report on its task page and confirms it (整改完成).
    const desk = await c.as('reviewer', { department: LEAD })
    await desk.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const rectifying = desk.page.getByRole('region', { name: '告知承诺核查 整改情况' })
    await expect.poll(() => rectifying.count(), { timeout: 30_000 }).toBe(1)
    expect(await rectifying.textContent()).toContain('建设单位报告：施工图设计文件已上传省施工图审查管理系统')
    await rectifying.getByRole('button', { name: '确认整改完成' }).click()
    await expect
      .poll(async () => (await rectifying.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态 整改完成')
    await expectAccessible(desk.page)
    await desk.context.close()

    // Monday 16 March: the contract's 整改 (by the 13th) was never reported — 逾期未整改 on the owner's card.
    world.clock.set('2026-03-16T01:00:00Z')
    const later = await c.as('owner', { creditCode: owner.creditCode })
    await later.page.goto(`/projects/${projectId}`)
    const lateOwed = later.page.getByRole('region', { name: /施工合同 容缺后补核查结论$/ })
    await expect.poll(() => lateOwed.count(), { timeout: 30_000 }).toBe(1)
    await expect
      .poll(async () => (await lateOwed.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态：逾期未整改')
    const kept = later.page.getByRole('region', { name: /告知承诺核查结论$/ })
    expect(await kept.textContent()).toContain('整改状态：整改完成（2026年3月5日确认）')
    await later.context.close()

    // The department reads the same findings, the duties as the owner's, not addressed to it.
    const dept = await c.as('reviewer', { department: LEAD })
    await dept.page.goto(`/projects/${projectId}`)
    const theirs = dept.page.getByRole('region', { name: /告知承诺核查结论$/ })
    await expect.poll(() => theirs.count(), { timeout: 30_000 }).toBe(1)
    const addressed = (await theirs.textContent()) ?? ''
    expect(addressed).toContain('建设单位需：请于2026年3月20日（含当日）前完成整改')
    expect(addressed).not.toContain('需要您做的')
    await dept.context.close()

    // Another owner does not read the project, its findings with it.
    const other = await c.as('owner', { creditCode: owners.c.creditCode })
    await other.page.goto(`/projects/${projectId}`)
    await expect.poll(() => other.page.getByText('未找到项目，或您无权查看。').count(), { timeout: 30_000 }).toBe(1)
    expect(await other.page.getByRole('heading', { name: '核查结论' }).count()).toBe(0)
    await other.context.close()
  }, 240_000)
})
