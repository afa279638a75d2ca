import { readFileSync } from 'node:fs'
import {
  act,
  applicationIn,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  status,
  statusWhen,
  until,
} from '@onewindow/e2e/flows'
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
    // The joint acceptance step lists its own item (竣工联合验收, the case's instance's code) before those it joins.
    const stageItems = stages.flatMap((stage) => [
      ...new Set(
        flow
          .filter((s) => s.stage === stage)
          .flatMap((s) => [...(s.step === 'joint-acceptance' ? ['joint-acceptance'] : []), ...s.items]),
      ),
    ])
    expect(stageItems).toContain('joint-acceptance')
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

  it('a joint acceptance passed is exported as 竣工联合验收 at the lead: its rows in the batch’s counts and its file', async () => {
    const { world } = c
    const admin = world.token('admin')
    const owner = owners.a
    const lead = 'housing-construction'
    // Foshan's industrial project, its permits approved, then its one acceptance application (一口受理).
    const projectId = await registerProject(world, industrialProject(owner))
    const application = expectStatus(
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
      (x) => x.tasks.filter((t) => t.applicationId === application.applicationId).length === application.items.length,
    )
    for (const t of s.tasks.filter((x) => x.applicationId === application.applicationId)) {
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }
    await statusWhen(
      world,
      projectId,
      (x) => applicationIn(x, application.applicationId).decision?.outcome === 'approved',
    )
    const bearer = world.token('owner', { creditCode: owner.creditCode })
    let res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, {})
    await until(async () => {
      if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
      res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, {})
      return false
    })
    const opened = expectStatus(res, 201).case as {
      caseId: string
      leadName?: string
      items: Array<{ item: string; department: string }>
    }
    const participants = [...new Set(opened.items.map((i) => i.department))]
    const inspection = { date: '2026-03-04', place: '项目现场', participants }
    const leadBearer = world.token('lead', { department: lead })
    expectStatus(await world.api('POST', `/api/v1/acceptance/${opened.caseId}/inspection`, leadBearer, inspection), 200)
    world.clock.set('2026-03-04T01:00:00Z')
    for (const i of opened.items) {
      const reviewer = world.token('reviewer', { department: i.department })
      const body = { item: i.item, opinion: 'pass' }
      expectStatus(await world.api('POST', `/api/v1/acceptance/${opened.caseId}/opinions`, reviewer, body), 200)
    }
    // The case's rows: its item handling, 已受理 3, 部门开始办理 8, 办结（通过）11 and the 联合验收意见书.
    await until(async () => {
      const found = await world.schemas.gateway.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM spgl_row WHERE row_key = $1 OR row_key LIKE $2',
        [opened.caseId, `${opened.caseId}/%`],
      )
      return found.rows[0]?.n === 5
    }, 60_000)

    const { page, context } = await c.as('admin')
    await page.goto('/admin/exports')
    await expect.poll(() => page.getByRole('heading', { name: '数据上报' }).count()).toBe(1)
    await page.getByRole('button', { name: '生成上报批次' }).click()
    await expect.poll(() => page.getByText(/^已生成上报批次，共 \d+ 条记录。$/).count()).toBe(1)
    const list = expectStatus(await world.api('GET', '/api/v1/admin/exports', admin), 200)
    const batchId = list.batches[0].id as string
    const made = expectStatus(await world.api('GET', `/api/v1/admin/exports/${batchId}`, admin), 200) as {
      tables: Record<string, Array<Record<string, unknown>>>
    }
    const ofCase = (table: string) => (made.tables[table] ?? []).filter((r) => r['SPSXSLBM'] === opened.caseId)
    expect(ofCase('SPGL_XMSPSXBLXXB')).toEqual([
      expect.objectContaining({ SPSXBM: 'joint-acceptance', SPSXMC: '竣工联合验收', SPBMBM: lead }),
    ])
    expect(ofCase('SPGL_XMSPSXBLXXXXB').map((r) => r['BLZT'])).toEqual([3, 8, 11])
    expect(ofCase('SPGL_XMSPSXPFWJXXB')).toEqual([
      expect.objectContaining({ PFWH: expect.stringMatching(/^LHYS-440600-2026-\d{6}$/), X_KIND: 'joint-acceptance' }),
    ])
    // The batch heads the list, its counts per table those of the tables it carried — the case's rows among them.
    const row = page.getByRole('row').filter({ hasText: '已导出' }).first()
    const cells = await row.getByRole('cell').allInnerTexts()
    const tables = ['SPGL_DFXMSPLCXXB', 'SPGL_DFXMSPLCJDXXB', 'SPGL_DFXMSPLCJDSXXXB', 'SPGL_XMJBXXB', 'SPGL_XMDWXXB']
    const counts = [...tables, 'SPGL_XMSPSXBLXXB', 'SPGL_XMSPSXBLXXXXB', 'SPGL_XMSPSXPFWJXXB'].map((t) =>
      String(made.tables[t]?.length ?? 0),
    )
    expect(cells.slice(3, 3 + counts.length)).toEqual(counts)
    await context.close()
  })
})
