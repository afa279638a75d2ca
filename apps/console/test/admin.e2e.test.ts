import { bundledDocuments, type CatalogueDocument, checkDocument } from '@onewindow/catalogue'
import { expectStatus, lowRiskFactory, publishPoison, registerProject, until } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, choose, expectAccessible, screenshot, startConsole } from './browser.js'
import { periodEnds } from './day-picker.js'

// Screen 7 of issue 14: the administrator's dead letters, with replay; and the audit log (审计日志) a supervisor and an
// administrator read.

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

type DeadLetter = { id: string; eventId: string | null; consumer: string; replayedAt: string | null }

describe('screen 7: dead letters', () => {
  it("an admin finds a service's dead letter and replays it from the screen", async () => {
    const admin = c.world.token('admin')
    const listed = async () =>
      expectStatus(await c.world.api('GET', '/api/v1/admin/dead-letters?service=acceptance', admin), 200)
        .deadLetters as DeadLetter[]
    const eventId = await publishPoison(c.world)
    let planted: DeadLetter | undefined
    await until(async () => {
      planted = (await listed()).find((d) => d.eventId === eventId)
      return planted !== undefined
    })
    expect(planted?.replayedAt).toBeNull()

    const { page, context } = await c.as('admin')
    await page.goto('/admin/dead-letters')
    await expect.poll(() => page.getByRole('heading', { name: '死信队列' }).count()).toBe(1)
    await page.getByLabel('服务').click()
    await page.getByTitle('联合验收').click()
    const row = page.getByRole('row').filter({ hasText: eventId })
    await expect.poll(() => row.count()).toBe(1)
    // What the consumer does and what the event is, in Chinese; their codes smaller beneath, for support.
    await expect.poll(() => row.getByText('联合验收接收审批环节结果', { exact: true }).count()).toBe(1)
    await expect.poll(() => row.getByText('审批环节已办结', { exact: true }).count()).toBe(1)
    for (const code of ['acceptance-approved-steps', 'permit.approval.step.decided.v1']) {
      const raw = row.getByText(code, { exact: true })
      expect(await raw.count()).toBe(1)
      expect(await raw.getAttribute('class')).toContain('ant-typography-secondary')
    }
    expect(await page.getByRole('columnheader', { name: '原始错误' }).count()).toBe(1)
    await expect.poll(() => row.getByText('未重放').count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'dead-letters')

    await row.getByRole('button', { name: '重放' }).click()
    await page.getByRole('button', { name: '重放', exact: true }).last().click()
    await expect
      .poll(async () => (await listed()).find((d) => d.id === planted?.id)?.replayedAt)
      .toEqual(expect.any(String))
    await expect.poll(() => row.getByText(/^已于.+重放$/).count()).toBe(1)
    await context.close()
  })
})

type AuditEntry = { chain: string; position: number; actor: string; action: string; object: string; outcome: string }

describe('审计日志: the audit log', () => {
  it("a supervisor finds a project's registration by its object's kind and id, or its key pasted; by days chosen in the picker; a filter that matches nothing says so", async () => {
    const projectId = await registerProject(c.world, lowRiskFactory())
    const object = `project:${projectId}`
    // The gateway's copy fills as intake anchors its chain (every few seconds): the entry as the route answers it.
    let entry: AuditEntry | undefined
    await until(async () => {
      const res = await c.world.api('GET', `/api/v1/admin/audit?object=${object}`, c.world.token('supervisor'))
      entry = (expectStatus(res, 200).entries as AuditEntry[]).find((e) => e.chain === 'intake')
      return entry !== undefined
    })
    if (!entry) throw new Error('no audit entry')

    const { page, context } = await c.as('supervisor')
    await page.goto('/supervision')
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '审计日志' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '审计日志', level: 1 }).count()).toBe(1)
    // The object by its kind, chosen in words, and its id: the filter is the key the services write (project:<id>).
    await choose(page, '对象类型', '项目')
    await page.getByLabel('对象编号').fill(projectId)
    // The rows read once the filtered list has come (the unfiltered one may hold the same row a moment before).
    const asked = (key: string) =>
      page.waitForResponse(
        (r) =>
          new URL(r.url()).pathname === '/api/v1/admin/audit' && new URL(r.url()).searchParams.get('object') === key,
      )
    let answered = asked(object)
    await page.getByRole('button', { name: '查询' }).click()
    await answered
    await expect.poll(() => page.url()).toContain(`object=${encodeURIComponent(object)}`)
    // The action, the object and the chain position in Chinese; the codes only on hover (title), for support.
    expect(entry.action).toBe('intake.project.register')
    const row = page.getByRole('row').filter({ hasText: '登记项目' })
    await expect.poll(() => row.count()).toBe(1)
    const text = (await row.textContent()) ?? ''
    expect(text).toContain('一窗受理')
    expect(text).toContain(entry.actor)
    expect(text).toContain(entry.outcome === 'done' ? '已办理' : entry.outcome)
    expect(text).toContain(`项目 …${projectId.slice(-8)}`)
    expect(text).toContain(`受理服务 #${entry.position}`)
    for (const code of [entry.action, object, `intake #${entry.position}`]) {
      expect(text).not.toContain(code)
      expect(await row.locator(`[title="${code}"]`).count()).toBe(1)
    }
    await expectAccessible(page)
    await screenshot(page, 'audit-log')

    // The copied entry stored with an instant that is no instant ('infinity', a hand edit): left out and counted under
    // the list, never a failed page; back as it was, it is listed again.
    const copy = (at: string) =>
      c.world.schemas.gateway.pool.query(
        `UPDATE audit_copy SET at = ${at} WHERE chain = $1 AND position = $2 RETURNING 1`,
        [entry?.chain, entry?.position],
      )
    const kept = await c.world.schemas.gateway.pool.query<{ at: string }>(
      `SELECT at::text AS at FROM audit_copy WHERE chain = $1 AND position = $2`,
      [entry.chain, entry.position],
    )
    expect((await copy(`'infinity'`)).rowCount).toBe(1)
    await page.reload()
    await expect
      .poll(() => page.getByText('另有 1 条审计记录暂时无法显示（已记录，请联系系统管理员）。').count())
      .toBe(1)
    expect(await row.count()).toBe(0)
    expect((await copy(`'${kept.rows[0]?.at}'::timestamptz`)).rowCount).toBe(1)
    await page.reload()
    await expect.poll(() => row.count()).toBe(1)
    expect(await page.getByText(/暂时无法显示/).count()).toBe(0)

    // Someone who did nothing to it: no row, said in words.
    await page.getByLabel('操作人').fill('nobody-at-all')
    await page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => page.getByText('没有符合条件的记录').count()).toBe(1)
    expect(await row.count()).toBe(0)

    // A whole key pasted as the id, as the list's hover shows it, still finds it: it chooses its own kind.
    await page.goto('/audit')
    await page.getByLabel('对象编号').fill(object)
    await expect.poll(() => page.getByLabel('对象编号').inputValue()).toBe(projectId)
    const kind = page.locator('.ant-select', { has: page.locator('#audit-object-kind') })
    expect(((await kind.textContent()) ?? '').trim()).toBe('项目')
    answered = asked(object)
    await page.getByRole('button', { name: '查询' }).click()
    await answered
    await expect.poll(() => page.url()).toContain(`object=${encodeURIComponent(object)}`)
    await expect.poll(() => row.count()).toBe(1)

    // The days chosen in the picker, in Chinese (typed as the routes write a day, shown as the console does), kept in
    // the address as the route takes them: registered on 2 March, so from 3 March nothing, on 2 March the entry.
    const { start, end } = periodEnds(page)
    await start.click()
    await start.fill('2026-03-03')
    await start.press('Enter')
    // No to-day: the log from 3 March on, once the calendar is closed.
    await page.getByRole('heading', { name: '审计日志', level: 1 }).click()
    await expect.poll(() => page.url()).toContain('from=2026-03-03')
    await expect.poll(() => page.getByText('没有符合条件的记录').count()).toBe(1)
    expect(await start.inputValue()).toBe('2026年3月3日')
    await start.click()
    await start.fill('2026-03-02')
    await start.press('Enter')
    await end.fill('2026-03-02')
    await end.press('Enter')
    await expect.poll(() => page.url()).toContain('from=2026-03-02&to=2026-03-02')
    await expect.poll(() => row.count()).toBe(1)
    expect([await start.inputValue(), await end.inputValue()]).toEqual(['2026年3月2日', '2026年3月2日'])
    // A link with its days the wrong way round is the period in order, never a refusal.
    await page.goto(`/audit?object=${encodeURIComponent(object)}&from=2026-03-03&to=2026-03-01`)
    await expect.poll(() => row.count()).toBe(1)
    expect([await start.inputValue(), await end.inputValue()]).toEqual(['2026年3月1日', '2026年3月3日'])
    await context.close()
  })
})

describe('事项目录: catalogue versions', () => {
  it("an admin uploads a region's version, sees every problem of a broken one at once, and activates the good one from a day", async () => {
    const shanwei = () =>
      structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument
    const good = { ...shanwei(), version: '2026.9' }
    type Entry = { department?: string; stage?: string }
    const broken = { ...shanwei(), version: '2026.10' } as CatalogueDocument & { items: Entry[] }
    ;(broken.items[0] as Entry).department = 'nowhere'
    ;(broken.items[1] as Entry).stage = 'no-stage'
    const errors = checkDocument(broken, 'document').problems.filter((p) => p.severity === 'error')
    expect(errors.length).toBe(2)
    const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) })

    const { page, context } = await c.as('admin')
    await page.goto('/admin/dead-letters')
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '事项目录' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '事项目录', level: 1 }).count()).toBe(1)
    // A button in Chinese opens the file picker (the browser's own says "Choose File"); no command line explained away.
    expect(await page.getByRole('button', { name: '选择目录文件上传（JSON）' }).count()).toBe(1)
    expect(await page.getByText('未选择文件').count()).toBe(1)
    expect(await page.getByText(/catalogue validate/).count()).toBe(0)
    const upload = page.getByLabel('上传目录文件')

    // Every problem of the broken document at once, each by its code and where; nothing stored.
    await upload.setInputFiles(file('broken.json', JSON.stringify(broken)))
    const refused = page.getByRole('alert').filter({ hasText: '请求未成功（422）' })
    await expect.poll(() => refused.count()).toBe(1)
    const refusal = (await refused.textContent()) ?? ''
    for (const p of errors) expect(refusal).toContain(`${p.code}: ${p.message}`)
    // A file that is no JSON is said so before anything is sent.
    await upload.setInputFiles(file('notes.json', '目录草稿，未完成'))
    await expect.poll(() => page.getByText(/^文件不是有效的 JSON：/).count()).toBe(1)

    await upload.setInputFiles(file('shanwei-2026.9.json', JSON.stringify(good)))
    await expect.poll(() => page.getByText('已上传汕尾市（441500）的 2026.9 版（未启用）').count()).toBe(1)
    expect(await page.getByText('已选择 shanwei-2026.9.json').count()).toBe(1)
    const row = page.getByRole('row').filter({ hasText: '2026.9' })
    await expect.poll(() => row.getByText('未启用').count()).toBe(1)
    // The region by its name, the warnings in Chinese naming the project type; the English only on hover.
    await expect.poll(() => row.getByText('汕尾市', { exact: true }).count()).toBe(1)
    const capped = (good.projectTypes as Array<{ code: string; name: { zh: string } }> | undefined)?.find(
      (t) => t.code === 'social-simple-low-risk',
    )
    if (!capped) throw new Error('no social-simple-low-risk')
    const warnings = checkDocument(good, 'document').problems.filter((p) => p.severity === 'warning')
    expect(warnings.length).toBeGreaterThan(1)
    await expect
      .poll(async () => (await row.textContent()) ?? '')
      .toMatch(
        new RegExp(
          `项目类型「${capped.name.zh}」：各环节时限合计 \\d+ 个工作日，全流程总时限为 \\d+ 个工作日；两者都保留`,
        ),
      )
    const shown = (await row.textContent()) ?? ''
    for (const w of warnings) {
      expect(shown).not.toContain(w.message)
      expect(shown).not.toContain(w.path)
      expect(await row.locator(`[title="${w.code} ${w.path}: ${w.message}"]`).count()).toBe(1)
    }
    expect(shown).toMatch(/没有设定办理时限，只按全流程总时限 \d+ 个工作日计时。/)
    expect(await page.getByRole('row').filter({ hasText: '2026.10' }).count()).toBe(0)
    await expectAccessible(page)
    await screenshot(page, 'catalogue-versions')

    // From Monday 9 March (the world's day is 2 March): projects of the region registered from then pin it.
    await page.getByLabel('2026.9 版的生效日期').fill('2026-03-09')
    await page.getByLabel('2026.9 版的生效日期').press('Enter')
    // Shown as the console writes a day; sent as the route takes one.
    expect(await page.getByLabel('2026.9 版的生效日期').inputValue()).toBe('2026年3月9日')
    await row.getByRole('button', { name: '启用' }).click()
    await expect.poll(() => row.getByText('自2026年3月9日起').count()).toBe(1)
    const listed = expectStatus(
      await c.world.api('GET', '/api/v1/admin/catalogue/versions?region=441500', c.world.token('admin')),
      200,
    ).versions as Array<{ version: string; activeFrom: string | null }>
    expect(listed.find((v) => v.version === '2026.9')?.activeFrom).toBe('2026-03-09')
    await context.close()
  })
})
