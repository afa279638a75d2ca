import {
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 多测合一 on a department's task page: the reviewer reads the project's survey commissions with their results, which
// it judges against instead of asking the owner for another survey (the earlier steps driven through the API).

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const SURVEYOR = { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' }

describe('多测合一 on the reviewer’s task page', () => {
  it('shows the project’s survey commission with the surveying unit and its results', async () => {
    const { world } = c
    const projectId = await registerProject(world, industrialProject(owners.a))
    const opened = expectStatus(
      await openApplication(world, projectId, {
        step: 'permits',
        form: {},
        materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
      }),
      201,
    ).application as { applicationId: string; items: unknown[] }
    const s = await statusWhen(
      world,
      projectId,
      (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
    )
    const task = s.tasks.find((t) => t.applicationId === opened.applicationId) as { taskId: string; department: string }

    const reviewer = await c.as('reviewer', { department: task.department })
    await reviewer.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const card = reviewer.page.getByRole('region', { name: '测绘委托' })
    // Nothing commissioned yet: the card says so rather than showing nothing.
    await expect.poll(() => card.getByText('尚未委托测绘').count(), { timeout: 20_000 }).toBe(1)

    // The owner commissions the completion survey (acceptance learns of the project from its registration first);
    // the surveying unit records every merged item's result once.
    const owner = world.token('owner', { creditCode: owners.a.creditCode })
    const commission = () =>
      world.api('POST', `/api/v1/projects/${projectId}/survey-commissions`, owner, {
        stage: 'completion',
        surveyor: SURVEYOR,
      })
    let res = await commission()
    await until(async () => {
      if (res.status !== 404) return true
      res = await commission()
      return false
    })
    const commissioned = expectStatus(res, 201).commission as { commissionId: string; items: Array<{ item: string }> }
    const results = commissioned.items.map((i) => ({
      item: i.item,
      documentRef: `doc://survey/${i.item}.pdf`,
      ...(i.item === 'floor-area-survey' ? { areaM2: 15980.5 } : {}),
    }))
    const unit = world.token('surveyor', { creditCode: SURVEYOR.creditCode })
    expectStatus(
      await world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, { results }),
      200,
    )

    await reviewer.page.reload()
    await expect.poll(() => card.getByText(SURVEYOR.name).count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => card.getByText('成果已提交，共享使用').count()).toBe(1)
    expect(await card.getByText('竣工验收阶段').count()).toBe(1)
    expect(await card.getByText(/房产测量：15980.5 平方米/).count()).toBe(1)
    expect(await reviewer.page.getByText(/请求未成功/).count()).toBe(0)
    await expectAccessible(reviewer.page)
    await screenshot(reviewer.page, 'survey-on-task')
    await reviewer.context.close()
  }, 240_000)
})

describe('多测合一 by building (竣工一幢、验收一幢、登记一幢)', () => {
  it('竣工一幢: the owner commissions one building’s completion survey; the surveying unit sees which building', async () => {
    const { world } = c
    const projectId = await registerProject(world, industrialProject(owners.a))
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    await expect.poll(() => owner.page.getByRole('heading', { name: '多测合一' }).count(), { timeout: 20_000 }).toBe(1)
    // The building is asked for at the completion stage only: the earlier stages survey the whole project.
    await owner.page.getByLabel('测绘阶段').click()
    await owner.page.getByTitle('工程建设许可与施工许可阶段').click()
    expect(await owner.page.getByLabel('测绘范围（楼栋）').count()).toBe(0)
    await owner.page.getByLabel('测绘阶段').click()
    await owner.page.getByTitle('竣工验收阶段').click()
    const part = owner.page.getByLabel('测绘范围（楼栋）')
    await expect.poll(() => part.count()).toBe(1)
    expect(await part.getAttribute('maxlength')).toBe('200')
    await part.fill('1号厂房')
    await owner.page.getByLabel('测绘单位名称').fill(SURVEYOR.name)
    await owner.page.getByLabel('测绘单位统一社会信用代码').fill(SURVEYOR.creditCode)
    await owner.page.getByRole('button', { name: '委托测绘' }).click()
    const table = owner.page.getByRole('region', { name: '测绘委托' })
    const building = table.getByRole('row').filter({ hasText: '1号厂房' })
    // Acceptance learns of the project a moment after the gateway: until then it answers 404 and the owner presses again.
    await expect
      .poll(
        async () => {
          const done = await building.count()
          if (done === 0 && (await owner.page.getByText('请求未成功（404）').count()) > 0)
            await owner.page.getByRole('button', { name: '委托测绘' }).click()
          return done
        },
        { timeout: 30_000 },
      )
      .toBe(1)
    expect(await building.textContent()).toContain('竣工验收阶段')
    // The same building again: refused, said in Chinese, naming the building.
    await owner.page.getByRole('button', { name: '委托测绘' }).click()
    await expect.poll(() => owner.page.getByText(/“1号厂房”的竣工测绘已委托/).count()).toBe(1)
    expect(await building.count()).toBe(1)
    await expectAccessible(owner.page)

    const unit = await c.as('surveyor', { creditCode: SURVEYOR.creditCode })
    await unit.page.goto('/surveys')
    const row = unit.page.getByRole('row').filter({ hasText: '1号厂房' })
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1)
    await row.getByRole('button', { name: '提交测绘成果' }).click()
    await expect.poll(() => unit.page.getByRole('heading', { name: '竣工验收阶段测绘成果（1号厂房）' }).count()).toBe(1)
    await expectAccessible(unit.page)
    for (const x of [owner, unit]) await x.context.close()
  }, 240_000)
})
