import { expectStatus, industrialProject, registerProject, status, until } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 数据上报: the administrator's national data-sharing export batches, and the button that makes the next one.

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('数据上报', () => {
  it('an admin sees the rows waiting, makes a batch with its counts per table, and a second finds nothing new', async () => {
    const admin = c.world.token('admin')
    const project = industrialProject()
    const projectId = await registerProject(c.world, project)
    // What the registration writes: the flow, each of its stages, each item of a stage, the project and its owner.
    const { flow } = await status(c.world, projectId)
    const stages = [...new Set(flow.map((s) => s.stage))]
    const stageItems = stages.flatMap((stage) => [
      ...new Set(flow.filter((s) => s.stage === stage).flatMap((s) => s.items)),
    ])
    const expected = 1 + stages.length + stageItems.length + 1 + 1
    await until(async () => {
      const list = expectStatus(await c.world.api('GET', '/api/v1/admin/exports', admin), 200)
      return list.pending === expected
    })

    const { page, context } = await c.as('admin')
    await page.goto('/admin/exports')
    await expect.poll(() => page.getByRole('heading', { name: '数据上报' }).count()).toBe(1)
    await expect.poll(() => page.getByText(`待上报记录：${expected} 条`).count()).toBe(1)
    await expect.poll(() => page.getByText('无法上报（已拒收）：0 条').count()).toBe(1)
    await expect.poll(() => page.getByText('尚无上报批次').count()).toBe(1)

    await page.getByRole('button', { name: '生成上报批次' }).click()
    await expect.poll(() => page.getByText(`已生成上报批次，共 ${expected} 条记录。`).count()).toBe(1)
    const row = page.getByRole('row').filter({ hasText: '已导出' })
    await expect.poll(() => row.count()).toBe(1)
    // Its counts per table, in the table's columns: 审批流程 1, 流程阶段, 阶段事项, 项目基本信息 1, 项目单位 1, the rest 0.
    const cells = await row.getByRole('cell').allInnerTexts()
    const counts = [expected, 1, stages.length, stageItems.length, 1, 1, 0, 0, 0].map(String)
    expect(cells.slice(2, 2 + counts.length)).toEqual(counts)
    await expect.poll(() => page.getByText('待上报记录：0 条').count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'spgl-exports')

    await page.getByRole('button', { name: '生成上报批次' }).click()
    await expect.poll(() => page.getByText('没有新的数据，未生成批次。').count()).toBe(1)
    await expect.poll(() => page.getByRole('row').filter({ hasText: '已导出' }).count()).toBe(1)
    const list = expectStatus(await c.world.api('GET', '/api/v1/admin/exports', admin), 200)
    expect(list.batches).toHaveLength(1)
    await context.close()
  })
})
