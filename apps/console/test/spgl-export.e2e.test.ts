import { readFileSync } from 'node:fs'
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

    // 下载: the batch as the gateway answers it, saved as a file — its project row among its tables.
    const batchId = list.batches[0].id as string
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('row').filter({ hasText: '已导出' }).getByRole('button', { name: /^下载/ }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`spgl-${batchId}.json`)
    const file = await download.path()
    const bytes = readFileSync(file)
    // The answer's bytes as they came: the size the gateway sent, not a re-encoding.
    const sent = await fetch(`${c.base}/api/v1/admin/exports/${batchId}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(sent.headers.get('content-type')).toMatch(/^application\/json/)
    expect(bytes.length).toBe((await sent.arrayBuffer()).byteLength)
    const saved = JSON.parse(bytes.toString('utf8')) as {
      batch: { id: string; rowCount: number }
      tables: Record<string, Array<Record<string, unknown>>>
    }
    expect(saved.batch).toMatchObject({ id: batchId, rowCount: expected })
    expect(saved.tables['SPGL_XMJBXXB']).toEqual([
      expect.objectContaining({ XMDM: project.projectCode, XMMC: project.name }),
    ])
    // One batch: the list has no more to read.
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0)
    await context.close()
  })

  it('lists every batch to the first: a page at a time with 加载更多, none left out', async () => {
    // 55 batches made before the one above (as the job makes one every 2 minutes): more than a page (50) holds.
    await c.world.schemas.gateway.pool.query(
      `INSERT INTO spgl_export_batch (id, created_at, created_by, since_seq, through_seq, format, row_count, counts, status)
       SELECT gen_random_uuid(), timestamptz '2026-03-01 00:00:00+00' + n * interval '2 minutes',
              'gateway-spgl-export-job', 0, 0, 'json', 0, '{}', 'sent'
         FROM generate_series(1, 55) AS n`,
    )
    const { page, context } = await c.as('admin')
    await page.goto('/admin/exports')
    const rows = page.getByRole('row').filter({ hasText: '已导出' })
    await expect.poll(() => rows.count()).toBe(50)
    // Newest first: the batch made above heads the list.
    expect(await rows.first().getByRole('cell').nth(2).textContent()).not.toBe('0')
    await page.getByRole('button', { name: '加载更多' }).click()
    await expect.poll(() => rows.count()).toBe(56)
    await expect.poll(() => page.getByRole('button', { name: '加载更多' }).count()).toBe(0)
    // The oldest last: 2026-03-01 00:02 UTC, 08:02 in Shanghai.
    expect(await rows.last().textContent()).toContain('08:02')
    await context.close()
  })
})
