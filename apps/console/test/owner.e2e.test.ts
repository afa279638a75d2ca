import {
  act,
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  taskOf,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'
import { canvasText, namesNotDrawn, recordCanvasText } from './canvas-text.js'
import { readManifest } from './weight.js'

let c: ConsoleWorld
let projectId: string
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  // A Shanwei low-risk factory with its first step at the window: two departments work it in parallel.
  projectId = await registerProject(c.world, lowRiskFactory(owners.b))
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  )
  await statusWhen(c.world, projectId, (s) => s.tasks.length === landPlanningDepartments.length)
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const owner = () => c.as('owner', { creditCode: owners.b.creditCode })
/** The names the flow chart shows: each step's, and each department's working on it. */
const flowNames = async () => {
  const s = await statusWhen(c.world, projectId, (x) => x.flow.length > 0)
  return [...s.flow.map((f) => f.name), ...new Set(s.tasks.map((t) => t.departmentName ?? ''))].filter(Boolean)
}

describe("the owner's projects and a project's progress", () => {
  it('lists the owner its own projects only, each opening its progress page', async () => {
    const other = await registerProject(c.world, lowRiskFactory(owners.c))
    const { page, context } = await owner()
    await page.goto('/projects')
    await expect.poll(() => page.getByRole('link', { name: '低风险厂房项目' }).count()).toBeGreaterThan(0)
    const hrefs = await page
      .getByRole('link', { name: '低风险厂房项目' })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(hrefs).toContain(`/projects/${projectId}`)
    expect(hrefs).not.toContain(`/projects/${other}`)
    await expectAccessible(page)
    await screenshot(page, 'projects')
    // One of its projects stored with an instant that is no instant ('infinity', a hand edit): left out and counted
    // under the list, the others listed.
    const spoilt = await registerProject(c.world, lowRiskFactory(owners.b))
    // Spoilt once the read model holds it: the registration's event is applied a moment after intake's 201.
    await until(
      async () =>
        (
          await c.world.schemas.gateway.pool.query(`UPDATE project SET registered_at = 'infinity' WHERE id = $1`, [
            spoilt,
          ])
        ).rowCount === 1,
    )
    await page.reload()
    await expect.poll(() => page.getByText('另有 1 条项目暂时无法显示（已记录，请联系系统管理员）。').count()).toBe(1)
    expect(await page.locator(`a[href="/projects/${projectId}"]`).count()).toBe(1)
    expect(await page.locator(`a[href="/projects/${spoilt}"]`).count()).toBe(0)
    await c.world.schemas.gateway.pool.query(`UPDATE project SET registered_at = now() WHERE id = $1`, [spoilt])
    await page.locator(`a[href="/projects/${projectId}"]`).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/projects/${projectId}$`))
    await expect.poll(() => page.getByRole('heading', { name: '办理流程' }).count()).toBe(1)
    await context.close()
  })

  it('two reviewers approve their tasks, and the open progress page changes without a reload as each decision lands', async () => {
    const { page, context } = await owner()
    await recordCanvasText(page)
    await page.goto(`/projects/${projectId}`)
    const tasks = (await statusWhen(c.world, projectId, (s) => s.tasks.length === 2)).tasks
    const rowOf = (t: (typeof tasks)[number]) => page.getByRole('listitem', { name: t.departmentName ?? t.department })
    // Each department's line says one status in the owner's words: accepted, its clock running — not 已受理（待受理）.
    for (const t of tasks)
      await expect.poll(() => rowOf(t).textContent()).toMatch(/办理状态：已受理 · 剩余 \d+ 个工作日/)
    for (const t of tasks) expect(await rowOf(t).textContent()).not.toMatch(/）（|（待受理）/)
    // The flow picture is drawn, labelled for a screen reader.
    await expect.poll(() => page.getByRole('img', { name: /办理流程图/ }).count()).toBe(1)
    // On it every step's name whole, over the lines it needs (人防、规划、施工许可、节能审查、供水供电报装一并申请), and
    // each department's; none cut short (…).
    const shownNames = await flowNames()
    expect(shownNames).toContain('人防、规划、施工许可、节能审查、供水供电报装一并申请')
    await expect.poll(() => namesNotDrawn(page, shownNames)).toEqual([])
    expect((await canvasText(page)).filter((t) => /…|\.\.\./.test(t))).toEqual([])
    await expectAccessible(page)
    // The timeline names a department as its task does: the bureau the catalogue gives (汕尾市自然资源局), where the
    // task carries one, not the generic 自然资源部门.
    const named = tasks.filter((t) => t.departmentName !== undefined)
    expect(named.length).toBeGreaterThan(0)
    for (const t of named)
      await expect
        .poll(() => page.getByText(`审批任务已分派至部门（${t.departmentName}）`, { exact: true }).count())
        .toBe(1)
    await screenshot(page, 'progress')

    // The step holds a licence and a filing (企业投资项目备案): the filing is decided and said as one.
    const isFilingTask = (t: (typeof tasks)[number]) => t.item === 'enterprise-investment-filing'
    expect(tasks.filter(isFilingTask).length).toBe(1)
    let reloads = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1
    })
    for (const [i, t] of tasks.entries()) {
      // Each department's reviewer, in a browser of its own, claims and approves from its task page; the task page
      // too follows the stream (the approve button appears once the claim is read back, with no reload).
      const reviewer = await c.as('reviewer', { department: t.department })
      await reviewer.page.goto(`/tasks/${t.taskId}?project=${projectId}`)
      await expect.poll(() => reviewer.page.getByRole('button', { name: '认领' }).count()).toBe(1)
      await reviewer.page.getByRole('button', { name: '认领' }).click()
      const approve = isFilingTask(t) ? '予以备案' : '审批通过'
      await expect.poll(() => reviewer.page.getByRole('button', { name: approve }).count()).toBe(1)
      await reviewer.page.getByRole('button', { name: approve }).click()
      await expect
        .poll(() => reviewer.page.getByText(`已提交：${isFilingTask(t) ? '予以备案' : '通过'}`).count())
        .toBe(1)
      await reviewer.context.close()
      const decided = (
        await statusWhen(c.world, projectId, (s) =>
          s.tasks.some((x) => x.taskId === t.taskId && x.status === 'approved'),
        )
      ).tasks.find((x) => x.taskId === t.taskId)
      // The page shows the decision as it lands: its 办理状态 and the clock closed.
      await expect
        .poll(() => rowOf(t).textContent())
        .toContain(`办理状态：已办结（${isFilingTask(t) ? '予以备案' : '准予许可'}）`)
      // One status, once: not the national 办结（通过） beside it, nor 已办结 said again after it.
      const line = (await rowOf(t).textContent()) ?? ''
      expect(decided?.nationalName).toBe('办结（通过）')
      expect(line).not.toContain('办结（通过）')
      expect(line).not.toMatch(/）（/)
      expect(line.match(/已办结/g)?.length).toBe(1)
      // The other department's task is not decided yet after the first decision.
      const next = tasks[i + 1]
      if (next) expect(await rowOf(next).textContent()).not.toContain('已办结')
    }
    const step = (
      await statusWhen(c.world, projectId, (s) =>
        s.flow.some((f) => f.step === 'land-planning-and-filing' && f.state === 'approved'),
      )
    ).flow.find((f) => f.step === 'land-planning-and-filing')
    await expect.poll(() => page.getByText(`${step?.name}（已通过）`).count()).toBeGreaterThan(0)
    // The timeline says what each department decided, not only that it did.
    await expect.poll(() => page.getByText(/^部门已作出审批决定：准予许可（/).count()).toBe(tasks.length - 1)
    await expect.poll(() => page.getByText(/^部门已作出备案决定：予以备案（/).count()).toBe(1)
    expect(await page.getByText(/不予许可|不予备案/).count()).toBe(0)
    expect(reloads).toBe(0)
    await context.close()
  })

  it('is usable on a phone: no horizontal scroll at 390×844', async () => {
    const { page, context } = await owner()
    await page.setViewportSize({ width: 390, height: 844 })
    await recordCanvasText(page)
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '办理流程' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('img', { name: /办理流程图/ }).count()).toBe(1)
    // The flow in one column, every name whole on the phone too.
    await expect.poll(async () => namesNotDrawn(page, await flowNames())).toEqual([])
    expect((await canvasText(page)).filter((t) => /…|\.\.\./.test(t))).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    // Every menu link lies inside the dark header, wrapped or not (a second line fell below it, white on grey).
    const header = await page.locator('.app-header').boundingBox()
    const links = await page.getByRole('navigation', { name: '主菜单' }).getByRole('link').all()
    expect(links.length).toBe(3)
    for (const link of links) {
      const box = await link.boundingBox()
      expect(box && header && box.y >= header.y && box.y + box.height <= header.y + header.height).toBe(true)
    }
    await expectAccessible(page)
    await screenshot(page, 'progress-phone')
    await context.close()
  })

  it('shows the shared results the status answers: the area and what it spares, the plot list, the assisted case with its next visit, the intermediary’s clock', async () => {
    const w = c.world
    const admin = w.token('admin')
    const clerk = w.token('clerk')
    const code = `OW-${Date.now().toString(36)}`
    const area = expectStatus(
      await w.api('POST', '/api/v1/areas', admin, {
        code,
        name: '汕尾高新区产业园',
        kind: 'park',
        region: '441500',
        results: [
          {
            subject: 'seismic-safety',
            documentRef: 'doc://park/seismic.pdf',
            issuedOn: '2026-01-15',
            assessedBy: '汕尾市人民政府',
          },
          {
            subject: 'cultural-relics',
            documentRef: 'doc://park/relics.pdf',
            issuedOn: '2026-01-15',
            assessedBy: '汕尾市人民政府',
          },
        ],
        exceptions: ['cultural-relics'],
      }),
      201,
    ).area
    const plot = expectStatus(
      await w.api('POST', '/api/v1/plots', admin, {
        plotCode: code,
        name: '高新区A-07地块',
        region: '441500',
        areaId: area.areaId,
        soldOn: '2026-02-27',
        entries: [{ kind: 'greening', text: '绿地率不高于20%' }],
        connectionPoints: [],
      }),
      201,
    ).plot
    expectStatus(await w.api('POST', `/api/v1/projects/${projectId}/plot`, clerk, { plotId: plot.plotId }), 200)
    const helper = { sub: 'helper-owner-page', name: '陈帮办' }
    const opened = expectStatus(
      await w.api('POST', `/api/v1/projects/${projectId}/assisted-case`, clerk, {
        eligibility: { basis: 'industrial-project-in-need', documentRef: 'doc://request.pdf', need: '首次投资建厂' },
        mode: 'whole-process',
        stages: ['land-planning'],
        helper,
      }),
      201,
    ).case
    expectStatus(
      await w.api('POST', `/api/v1/assisted-cases/${opened.caseId}/visits`, w.token('helper', { sub: helper.sub }), {
        purpose: '了解办理进度',
        channel: 'phone',
        workingDays: 3,
      }),
      200,
    )
    const ownerToken = w.token('owner', { creditCode: owners.b.creditCode })
    expectStatus(
      await w.api('POST', `/api/v1/projects/${projectId}/intermediaries`, ownerToken, {
        service: 'environmental-impact-report',
        intermediary: '91441500MA51XK001N',
      }),
      201,
    )
    // The status answers all four, from the read model.
    const s = await statusWhen(
      w,
      projectId,
      (x) =>
        x.shared.area !== null &&
        x.shared.plot !== null &&
        x.shared.assistedCase?.nextVisit != null &&
        x.shared.intermediaries.length === 1,
    )
    expect(s.shared.area?.covered.map((r) => r.subject)).toEqual(['seismic-safety'])
    expect(s.shared.assistedCase).toMatchObject({ modeName: '全程帮办', helper: { name: '陈帮办' } })
    expect(s.shared.intermediaries[0]?.clock).toMatchObject({ limit: { value: 15, unit: 'W' }, level: 'green' })

    const { page, context } = await owner()
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '共享成果' }).count()).toBe(1)
    const text = () => page.locator('[data-shared]').allTextContents()
    await expect.poll(async () => (await text()).join('\n')).toContain('汕尾高新区产业园')
    // The plot list is a chunk of its own, fetched once the status is shown (progress.tsx): it comes a moment later.
    await expect.poll(async () => (await text()).join('\n')).toContain(`地块 ${code}`)
    const shown = (await text()).join('\n')
    expect(shown).toContain(`地块 ${code}`)
    // 无偿, as the seed documents name the service (无偿帮办代办), never 免费; the timeline says it the same way.
    expect(shown).toContain('帮办员 陈帮办 · 全程帮办 · 无偿')
    expect(shown).not.toContain('免费')
    await expect.poll(() => page.getByText(/^已开通帮办代办服务（无偿）/).count()).toBe(1)
    expect(await page.getByText('免费', { exact: false }).count()).toBe(0)
    expect(shown).toContain(`下次回访 `)
    expect(shown).toContain('汕尾市示例环境科技有限公司（信用 A）')
    expect(shown).toContain('剩余 15 个工作日')
    expect(await page.getByText('引用区域评估成果 doc://park/seismic.pdf', { exact: false }).count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'progress-shared')
    await context.close()
    // Four shared results set up through five services, then a browser: more than the default minute when loaded.
  }, 180_000)

  it('says so in its place when a part of the page cannot be fetched, the rest of the page going on; a page that cannot be fetched says so under the menu, and reloading brings it', async () => {
    // The console's files as this build names them: a release that replaced them while a page stayed open, or a
    // network gone, looks to the page like these requests failing.
    const manifest = readManifest()
    const chunk = (page: string) => `**/${manifest[`src/pages/${page}`]?.file ?? `missing ${page}`}`
    const { page, context } = await owner()
    await page.route(chunk('owner/ratings.tsx'), (r) => r.abort())
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '此部分未能加载' }).count()).toBe(1)
    // The page itself is there: its flow and the shared status.
    await expect.poll(() => page.getByRole('heading', { name: '办理流程' }).count()).toBe(1)
    await expect.poll(() => page.getByText('共享成果').count()).toBeGreaterThan(0)
    await expectAccessible(page)

    await page.route(chunk('owner/projects.tsx'), (r) => r.abort())
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的项目' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '页面未能加载' }).count()).toBe(1)
    expect(await page.getByRole('navigation', { name: '主菜单' }).getByRole('link').count()).toBeGreaterThan(0)
    await page.unrouteAll()
    await page.getByRole('button', { name: '重新加载' }).click()
    await expect.poll(() => page.getByRole('link', { name: '低风险厂房项目' }).count()).toBeGreaterThan(0)
    expect(await page.getByRole('alert').filter({ hasText: '未能加载' }).count()).toBe(0)
    await context.close()
  })

  it('a department’s refusal shows the owner its reason and the right to appeal, and its written decision prints for the owner and the clerk', async () => {
    const refusedProject = await registerProject(c.world, lowRiskFactory(owners.b))
    const application = expectStatus(
      await openApplication(c.world, refusedProject, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const task = await taskOf(c.world, 'natural-resources', application.applicationId)
    const reason = '用地性质与控制性详细规划不符，不予核发'
    expectStatus(await act(c.world, task, { action: 'claim' }), 200)
    expectStatus(await act(c.world, task, { action: 'reject', reason }), 200)
    const decided = await statusWhen(c.world, refusedProject, (s) =>
      s.tasks.some((t) => t.taskId === task.taskId && t.status === 'rejected'),
    )
    const department = decided.tasks.find((t) => t.taskId === task.taskId)?.departmentName as string

    const { page, context } = await owner()
    await page.goto(`/projects/${refusedProject}`)
    const line = page.getByRole('listitem', { name: department })
    await expect.poll(() => line.textContent()).toContain('已办结（不予许可）')
    // The reason and the right to appeal come with their own chunk, after the status (the page's weight budget).
    await expect.poll(() => line.textContent()).toContain(`理由：${reason}`)
    expect(await line.textContent()).toContain('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')
    await line.getByRole('link', { name: '查看并打印决定书' }).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/projects/${refusedProject}/refusals/${task.taskId}$`))
    const paper = page.getByLabel('不予许可决定书', { exact: true })
    await expect.poll(() => paper.getByRole('heading', { name: '不予许可决定书' }).count()).toBe(1)
    const text = (await paper.textContent()) ?? ''
    expect(text).toContain(`${owners.b.name}（统一社会信用代码 ${owners.b.creditCode}）`)
    expect(text).toContain(`经${department}审查，依据《中华人民共和国行政许可法》第三十八条第二款，于`)
    expect(text).toMatch(/于\d{4}年\d{1,2}月\d{1,2}日决定不予许可。/)
    expect(text).toContain(`理由：${reason}`)
    expect(text).toContain('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')
    expect(await paper.getByLabel('落款').textContent()).toContain(`决定机关：${department}`)
    await expectAccessible(page)
    // Printed, the page is the decision alone; the button asks the browser to print.
    await page.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      window.print = () => {
        ;(window as unknown as { printed: number }).printed += 1
      }
    })
    await page.getByRole('button', { name: '打印' }).click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    expect(await paper.isVisible()).toBe(true)
    await context.close()

    // The window clerk, handing the result over, prints the same paper.
    const clerk = await c.as('clerk')
    await clerk.page.goto(`/projects/${refusedProject}/refusals/${task.taskId}`)
    await expect.poll(() => clerk.page.getByRole('heading', { name: '不予许可决定书' }).count()).toBe(1)
    expect(await clerk.page.getByLabel('不予许可决定书', { exact: true }).textContent()).toContain(`理由：${reason}`)
    await clerk.context.close()
  })

  it('answers another owner with the not-found page, showing nothing of the project', async () => {
    const { page, context } = await c.as('owner', { creditCode: owners.c.creditCode })
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByText('未找到项目，或您无权查看。').count()).toBe(1)
    expect(await page.getByText('低风险厂房项目').count()).toBe(0)
    await context.close()
  })
})
