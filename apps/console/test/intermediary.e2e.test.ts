import {
  expectStatus,
  industrialShanwei,
  lowRiskFactory,
  openWithWholeChecklist,
  owners,
  registerProject,
  taskOf,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askedAtWindow, type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 中介服务 (004:1331–1333, 004:1792): the intermediary's own screen (/intermediary). The owner chose it freely for one
// service of its project (through the API: its choice on the project page is asserted in assisted-service.e2e.test.ts);
// the intermediary reads the engagement with its clock and delivers its result from the screen, and the owner's page
// shows the engagement delivered. Another intermediary's screen lists nothing of it.

let c: ConsoleWorld
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

// The bundled list's example offers (services/intake/src/assisted-catalogue.ts): 15 W and 20 W.
const FIRM = { name: '汕尾市示例环境科技有限公司', creditCode: '91441500MA51XK001N' }
const OTHER_FIRM = '91441500MA51XK002R'

describe('中介服务 on the intermediary’s screen', () => {
  it('lists the engagement with its clock, delivers the result once, and the owner sees it delivered', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    const ownerToken = c.world.token('owner', { creditCode: owners.b.creditCode })
    const engaged = expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/intermediaries`, ownerToken, {
        service: 'environmental-impact-report',
        intermediary: FIRM.creditCode,
      }),
      201,
    ).engagement as { engagementId: string; dueOn: string }
    // 15 W from Monday 2026-03-02 (the day of choosing not counted): Monday 2026-03-23.
    expect(engaged.dueOn).toBe('2026-03-23')

    const other = await c.as('intermediary', { creditCode: OTHER_FIRM })
    await other.page.goto('/intermediary')
    await expect.poll(() => other.page.getByText('暂无服务委托').count(), { timeout: 20_000 }).toBe(1)

    const firm = await c.as('intermediary', { creditCode: FIRM.creditCode })
    await firm.page.goto('/intermediary')
    const list = firm.page.getByRole('region', { name: '服务委托' })
    // The engagement names its project as people know it (name, 项目代码), not by its id, which the firm cannot open.
    const project = expectStatus(await c.world.api('GET', `/api/v1/projects/${projectId}`, ownerToken), 200).project
    const row = list.getByRole('row').filter({ hasText: project.projectCode })
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1)
    expect(await row.textContent()).toContain(project.name)
    expect(await row.textContent()).not.toContain(projectId.slice(-12))
    expect(await row.getByText('环境影响报告书（表）编制').count()).toBe(1)
    expect(await row.getByText('15 个工作日，2026年3月23日前').count()).toBe(1)
    expect(await row.getByText('服务中').count()).toBe(1)
    await expectAccessible(firm.page)

    await row.getByRole('button', { name: '提交成果' }).click()
    // A result needs its file: the empty form says so and sends nothing.
    await firm.page.getByRole('button', { name: '提交', exact: true }).click()
    await expect.poll(() => firm.page.getByText('请填写成果文件').count()).toBe(1)
    await firm.page.getByLabel('成果文件').fill('doc://eia/report-final.pdf')
    await firm.page.getByRole('button', { name: '提交', exact: true }).click()
    await expect.poll(() => row.getByText('已交付成果').count(), { timeout: 20_000 }).toBe(1)
    // Delivered once: no second 提交成果 on the row, and the form closed with a word that it went.
    expect(await row.getByRole('button', { name: '提交成果' }).count()).toBe(0)
    await expect.poll(() => firm.page.getByLabel('成果文件').count()).toBe(0)
    expect(await firm.page.getByText('成果已提交。').count()).toBe(1)
    await firm.page.mouse.move(0, 0)
    await expectAccessible(firm.page)
    await screenshot(firm.page, 'intermediary-engagements')

    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const chosen = owner.page.getByRole('region', { name: '已选中介机构' })
    await expect.poll(() => chosen.getByText('已交付成果').count(), { timeout: 20_000 }).toBe(1)
    for (const x of [other, firm, owner]) await x.context.close()
  }, 240_000)

  it('leaves out of the owner’s list a service its assessed area covers, citing the area’s result; choosing it is refused', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.c))
    const admin = c.world.token('admin')
    const area = expectStatus(
      await c.world.api('POST', '/api/v1/areas', admin, {
        code: `eia-${projectId.slice(-8)}`,
        name: '汕尾高新区产业园',
        kind: 'park',
        region: '441500',
        results: [
          {
            subject: 'environmental-impact',
            documentRef: 'doc://area/eia-2026.pdf',
            issuedOn: '2026-01-15',
            assessedBy: '汕尾市人民政府',
          },
        ],
        exceptions: [],
      }),
      201,
    ).area as { areaId: string }
    expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/area`, c.world.token('clerk'), { areaId: area.areaId }),
      200,
    )
    const ownerToken = c.world.token('owner', { creditCode: owners.c.creditCode })
    const refused = await c.world.api('POST', `/api/v1/projects/${projectId}/intermediaries`, ownerToken, {
      service: 'environmental-impact-report',
      intermediary: FIRM.creditCode,
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_INTERMEDIARY_COVERED_BY_AREA',
      errors: [{ field: '/body/service', code: 'covered' }],
    })

    const owner = await c.as('owner', { creditCode: owners.c.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const covered = owner.page.getByRole('region', { name: '区域评估已覆盖的中介服务' })
    await expect
      .poll(
        () =>
          covered
            .getByText(/环境影响报告书（表）编制 — 引用汕尾高新区产业园区域评估成果 doc:\/\/area\/eia-2026.pdf/)
            .count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1)
    const list = owner.page.getByRole('region', { name: '中介服务事项清单' })
    // The firms of the covered service are not offered; the other services' are.
    expect(await list.getByText(FIRM.name).count()).toBe(0)
    await expect.poll(() => list.getByText('水土保持方案编制').count()).toBeGreaterThan(0)
    await owner.page.locator('#choose-intermediary_service').click()
    await expect.poll(() => owner.page.getByTitle('水土保持方案编制').count()).toBe(1)
    expect(await owner.page.getByTitle('环境影响报告书（表）编制').count()).toBe(0)
    await owner.page.keyboard.press('Escape')
    await expectAccessible(owner.page)
    await owner.context.close()
  }, 240_000)

  it('takes the delivered report at the window instead of the owner’s copy; shows it on the task page of the department that decides on it, and the owner what it serves', async () => {
    // A Shanwei 拿地即开工 project: its eight-item bundle holds 环评 (eia-approval), which decides on the EIA report.
    const projectId = await registerProject(c.world, industrialShanwei(owners.a))
    const ownerToken = c.world.token('owner', { creditCode: owners.a.creditCode })
    const engaged = expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/intermediaries`, ownerToken, {
        service: 'environmental-impact-report',
        intermediary: FIRM.creditCode,
      }),
      201,
    ).engagement as { engagementId: string }
    expectStatus(
      await c.world.api(
        'POST',
        `/api/v1/intermediary-engagements/${engaged.engagementId}/result`,
        c.world.token('intermediary', { creditCode: FIRM.creditCode }),
        { documentRef: 'doc://eia/report-v1.pdf' },
      ),
      200,
    )
    // The window does not ask the owner for the report: it cites the delivered one (004:1792).
    const clerk = await c.as('clerk')
    await clerk.page.goto(`/desk/projects/${projectId}`)
    const deliveredAtWindow = clerk.page.getByRole('table', { name: '中介机构已交付的评估报告（不再收取）' })
    await expect
      .poll(() => deliveredAtWindow.getByText(`${FIRM.name}：doc://eia/report-v1.pdf（2026年3月2日）`).count(), {
        timeout: 20_000,
      })
      .toBe(1)
    expect(await deliveredAtWindow.getByText('环境影响报告', { exact: true }).count()).toBe(1)
    await expect.poll(() => askedAtWindow(clerk.page, '洪水影响评价报告').count()).toBe(1)
    expect(await askedAtWindow(clerk.page, '环境影响报告').count()).toBe(0)
    await expectAccessible(clerk.page)
    await clerk.context.close()

    const application = await openWithWholeChecklist(c.world, projectId, 'eight-item-bundle')
    const task = await taskOf(c.world, 'ecology-environment', application.applicationId)

    const reviewer = await c.as('reviewer', { department: 'ecology-environment' })
    await reviewer.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const card = reviewer.page.getByRole('region', { name: '中介服务成果' })
    await expect
      .poll(() => card.getByText(/已于 2026年3月2日 交付成果 doc:\/\/eia\/report-v1.pdf/).count(), { timeout: 20_000 })
      .toBe(1)
    expect(await card.getByText(/用于 建设项目环境影响评价文件审批/).count()).toBe(1)
    await expectAccessible(reviewer.page)

    // A department whose item decides on no report has no such card.
    const lands = await taskOf(c.world, 'natural-resources', application.applicationId)
    const other = await c.as('reviewer', { department: 'natural-resources' })
    await other.page.goto(`/tasks/${lands.taskId}?project=${projectId}`)
    // The task's page has read the status (the survey commissions' table stands beside the card it would show): the
    // card's absence below is then the status's answer, not a page still loading. Not the loading text, which a quick
    // browser has replaced before the first look.
    await expect.poll(() => other.page.getByRole('region', { name: '测绘委托' }).count(), { timeout: 20_000 }).toBe(1)
    expect(await other.page.getByRole('region', { name: '中介服务成果' }).count()).toBe(0)

    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const chosen = owner.page.getByRole('region', { name: '已选中介机构' })
    await expect.poll(() => chosen.getByText('建设项目环境影响评价文件审批').count(), { timeout: 20_000 }).toBe(1)
    for (const x of [reviewer, other, owner]) await x.context.close()
  }, 240_000)
})
