import {
  approveFirstStep,
  expectStatus,
  industrialProject,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  taskOf,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const REVIEW_BODY = { name: '汕尾市示例施工图审查中心', creditCode: '91441500MA51XY202F' }
const SURVEYOR = { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' }

describe('联合审图 in the console', () => {
  it('the owner submits, the review body comments, version 2 passes with the report, the department sees it on its task', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, projectId)

    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    await expect.poll(() => owner.page.getByRole('heading', { name: '联合审图' }).count()).toBe(1)
    await owner.page.getByLabel('审查机构名称').fill(REVIEW_BODY.name)
    await owner.page.getByLabel('审查机构统一社会信用代码').fill(REVIEW_BODY.creditCode)
    await owner.page.getByLabel('图纸名称').fill('厂房施工图')
    await owner.page.getByLabel('图纸文件').fill('doc://drawings-v1.zip')
    await owner.page.getByRole('button', { name: '提交施工图' }).click()
    const versions = owner.page.getByRole('region', { name: '施工图版本' })
    await expect.poll(() => versions.getByText('第 1 版').count()).toBe(1)
    // The review clock: 5 working days from Monday 2 March is Monday 9 March.
    await expect.poll(() => versions.getByText('5 个工作日，2026年3月9日前').count()).toBe(1)

    const body = await c.as('review_body', { creditCode: REVIEW_BODY.creditCode })
    await body.page.goto('/drawing-reviews')
    // The review names its project (name, 项目代码), which the review body cannot open, not by its id.
    const project = expectStatus(await c.world.api('GET', `/api/v1/projects/${projectId}`, c.world.token('clerk')), 200)
      .project as { name: string; projectCode: string }
    const reviewRow = body.page
      .getByRole('region', { name: '审查任务' })
      .getByRole('row')
      .filter({ hasText: project.projectCode })
    await expect.poll(() => reviewRow.count()).toBe(1)
    expect(await reviewRow.textContent()).toContain(project.name)
    expect(await reviewRow.textContent()).not.toContain(projectId.slice(-12))
    await body.page.getByRole('button', { name: '审查第 1 版' }).click()
    await body.page.getByLabel('退回修改，出具审查意见').check()
    await body.page.getByLabel('审查意见（每行一条）').fill('消防疏散宽度不足\n人防口部未标注')
    await body.page.getByRole('button', { name: '出具审查意见' }).click()
    await expect.poll(() => body.page.getByText('已出具审查意见，待修改后重新提交').count()).toBeGreaterThan(0)

    await owner.page.reload()
    await expect.poll(() => owner.page.getByText('修改意见：消防疏散宽度不足；人防口部未标注').count()).toBe(1)
    await owner.page.getByLabel('图纸名称').fill('厂房施工图（修改版）')
    await owner.page.getByLabel('图纸文件').fill('doc://drawings-v2.zip')
    await owner.page.getByRole('button', { name: '提交新版本' }).click()
    await expect.poll(() => versions.getByText('第 2 版').count()).toBe(1)

    await body.page.reload()
    await body.page.getByRole('button', { name: '审查第 2 版' }).click()
    await body.page.getByLabel('消防审查意见').fill('消防设计符合规范')
    await body.page.getByLabel('人防审查意见').fill('人防工程符合要求')
    await body.page.getByLabel('通信基础设施（有线、无线）审查意见').fill('通信基础设施符合要求')
    await expectAccessible(body.page)
    await screenshot(body.page, 'drawing-review-body')
    await body.page.getByRole('button', { name: '出具审查报告' }).click()
    await expect.poll(() => body.page.getByText('审查合格，已出具审查报告').count()).toBeGreaterThan(0)

    // The department whose item depends on the report sees it on its task.
    const application = expectStatus(
      await openApplication(c.world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
      201,
    ).application
    const task = await taskOf(c.world, 'civil-air-defence', application.applicationId)
    const reviewer = await c.as('reviewer', { department: 'civil-air-defence' })
    await reviewer.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    await expect.poll(() => reviewer.page.getByText('联合审图报告').count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => reviewer.page.getByText('人防工程符合要求').count()).toBe(1)
    await expectAccessible(reviewer.page)

    await owner.page.reload()
    await expect.poll(() => owner.page.getByText('审查报告（第 2 版）').count()).toBe(1)
    await expectAccessible(owner.page)
    await screenshot(owner.page, 'drawing-review-owner')
    for (const x of [owner, body, reviewer]) await x.context.close()
  }, 240_000)
})

describe('多测合一 in the console', () => {
  it('the owner commissions the completion survey; the surveying unit records every result; the owner sees them', async () => {
    const projectId = await registerProject(c.world, industrialProject(owners.a))
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    await expect.poll(() => owner.page.getByRole('heading', { name: '多测合一' }).count()).toBe(1)
    await owner.page.getByLabel('测绘阶段').click()
    await owner.page.getByTitle('竣工验收阶段').click()
    await owner.page.getByLabel('测绘单位名称').fill(SURVEYOR.name)
    await owner.page.getByLabel('测绘单位统一社会信用代码').fill(SURVEYOR.creditCode)
    await owner.page.getByRole('button', { name: '委托测绘' }).click()
    const table = owner.page.getByRole('region', { name: '测绘委托' })
    // Acceptance learns of the project from its registration event a moment after the gateway does: until then it
    // answers 404 and the page shows the refusal; the owner presses again, as a person would.
    await expect
      .poll(
        async () => {
          const done = await table.getByText('已委托，测绘中').count()
          if (done === 0 && (await owner.page.getByText('请求未成功（404）').count()) > 0)
            await owner.page.getByRole('button', { name: '委托测绘' }).click()
          return done
        },
        { timeout: 30_000 },
      )
      .toBe(1)
    await expect.poll(() => table.getByText('地下管线测量').count()).toBe(1)

    const unit = await c.as('surveyor', { creditCode: SURVEYOR.creditCode })
    await unit.page.goto('/surveys')
    // The commission names its project (name, 项目代码), which the surveying unit cannot open, not by its id.
    const project = expectStatus(await c.world.api('GET', `/api/v1/projects/${projectId}`, c.world.token('clerk')), 200)
      .project as { name: string; projectCode: string }
    const commissionRow = unit.page.getByRole('row').filter({ hasText: project.projectCode })
    await expect.poll(() => commissionRow.count()).toBe(1)
    expect(await commissionRow.textContent()).toContain(project.name)
    await unit.page.getByRole('button', { name: '提交测绘成果' }).click()
    const items = [
      '竣工规划测量',
      '用地复核测量',
      '房产测量',
      '机动车停车场（库）测量',
      '绿地测量',
      '人防测量',
      '地下管线测量',
    ]
    for (const name of items) await unit.page.getByLabel(`${name}成果文件`).fill(`doc://survey/${name}.pdf`)
    await unit.page.getByLabel('房产测量面积（平方米）').fill('15980.5')
    await expectAccessible(unit.page)
    await screenshot(unit.page, 'survey-surveyor')
    await unit.page.getByRole('button', { name: '提交全部成果' }).click()
    await expect.poll(() => unit.page.getByText('成果已提交，共享使用').count()).toBe(1)

    await owner.page.reload()
    await expect.poll(() => table.getByText('房产测量：15980.5 平方米').count()).toBe(1)
    await expectAccessible(owner.page)

    // The window reads the same cards but is offered neither form: only the owner submits or commissions.
    const clerk = await c.as('clerk')
    await clerk.page.goto(`/projects/${projectId}`)
    const seen = clerk.page.getByRole('region', { name: '测绘委托' })
    await expect.poll(() => seen.getByText('房产测量：15980.5 平方米').count()).toBe(1)
    await expect.poll(() => clerk.page.getByText('尚未提交施工图审查').count()).toBe(1)
    for (const name of ['委托测绘', '提交施工图']) {
      expect(await clerk.page.getByRole('button', { name }).count()).toBe(0)
    }
    expect(await clerk.page.getByLabel('测绘阶段').count()).toBe(0)
    for (const x of [owner, unit, clerk]) await x.context.close()
  }, 240_000)
})
