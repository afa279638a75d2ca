import {
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  taskIn,
  taskOf,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { materialName } from '../src/materials.js'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working week, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: START })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** A low-risk factory with its first step (用地规划许可 and 备案: natural-resources, development-reform) accepted. */
async function acceptedFirstStep() {
  const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
  const application = expectStatus(
    await openApplication(c.world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  ).application
  const planning = await taskOf(c.world, 'natural-resources', application.applicationId)
  const filing = await taskOf(c.world, 'development-reform', application.applicationId)
  return { projectId, applicationId: application.applicationId as string, planning, filing }
}

/**
 * Reloads until `check` holds: the page reads the gateway's read model, which takes an event's trip to follow a
 * command (the live stream will refresh open pages; until then a person reloads). Each check waits for the page's
 * heading, which shows once its data is in.
 */
async function reloadUntil(page: Page, check: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        await page.getByRole('heading', { level: 1 }).waitFor()
        if (await check()) return true
        await page.reload()
        return false
      },
      { timeout: 15_000 },
    )
    .toBe(true)
}

const shown = (page: Page, text: string | RegExp) => async () => (await page.getByText(text).count()) > 0

// A browser walking a task through two people's pages takes longer than one request's test: each step waits for the
// read model, and axe reads the whole page.
describe("the reviewer's inbox and task page, and the owner's 补正 answer", () => {
  it('a 补正 round trip: the reviewer asks, the owner answers from the owner’s page, the clock resumes with the pause in its explanation', async () => {
    const { projectId, planning } = await acceptedFirstStep()
    const reviewer = await c.as('reviewer', { department: 'natural-resources' })
    const { page } = reviewer

    // The inbox: the task is there, soonest due first, with its clock's level; it opens the task page.
    await page.goto('/inbox')
    const open = page.locator(`a[href^="/tasks/${planning.taskId}"]`)
    await expect.poll(() => open.count()).toBe(1)
    await expect.poll(() => page.locator('tr[data-level="green"]').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('绿灯').count()).toBeGreaterThan(0)
    // The inbox names the department as its tasks do (the catalogue's bureau), and each task's state is one status in
    // words: 待认领, not 待认领（3 已受理） — the national code is the state's tip.
    const bureau = (
      await statusWhen(c.world, projectId, (s) => s.tasks.some((t) => t.taskId === planning.taskId))
    ).tasks.find((t) => t.taskId === planning.taskId)?.departmentName
    expect(bureau).toBe('汕尾市自然资源局')
    await expect.poll(() => page.getByText(`${bureau}的审批任务，按到期日排列`, { exact: false }).count()).toBe(1)
    expect(await page.getByText(/ 的审批任务/).count()).toBe(0)
    const row = page.locator('tr', { has: open })
    await expect.poll(() => row.getByRole('cell', { name: '待认领', exact: true }).count()).toBe(1)
    expect(await row.textContent()).not.toMatch(/已受理|（\d/)
    await row.getByText('待认领', { exact: true }).hover()
    await expect.poll(() => page.getByRole('tooltip', { name: '国家平台办理状态：已受理（代码 3）' }).count()).toBe(1)
    await page.mouse.move(0, 0)
    await expectAccessible(page)
    await screenshot(page, 'inbox')
    // Filtered by state: the task waits to be claimed (待认领), so it is not among the ones being worked on (办理中).
    await page.getByLabel('按状态筛选').click()
    await page.getByTitle('办理中').click()
    await expect.poll(() => page.getByText('暂无待办事项').count()).toBe(1)
    expect(await open.count()).toBe(0)
    await page.getByLabel('按状态筛选').click()
    await page.getByTitle('待认领').click()
    await expect.poll(() => open.count()).toBe(1)
    await open.click()

    await expect.poll(() => page.getByRole('heading', { level: 1, name: /审批任务/ }).count()).toBe(1)
    await page.getByRole('button', { name: '认领' }).click()
    await expect.poll(() => page.getByText('已提交：认领').count()).toBe(1)
    await reloadUntil(page, shown(page, '发出补正通知'))
    await expect.poll(() => page.getByText('2026年3月2日').count()).toBeGreaterThan(0)
    // One status in words (办理中), the national 8 部门开始办理 only in its tip; the claiming account said to be an
    // account (the platform knows no person's name), with the bureau it acts for.
    const claimed = taskIn(
      await statusWhen(c.world, projectId, (s) =>
        s.tasks.some((t) => t.taskId === planning.taskId && t.claimedBy !== undefined),
      ),
      planning.taskId,
    )
    const facts = page.locator('.ant-descriptions').first()
    await expect.poll(() => facts.getByText('办理中', { exact: true }).count()).toBe(1)
    expect(await page.getByText(/部门开始办理/).count()).toBe(0)
    expect(await facts.getByText('承办人', { exact: true }).count()).toBe(0)
    expect(await facts.getByText(`${claimed.claimedBy}（汕尾市自然资源局）`, { exact: true }).count()).toBe(1)
    expect(await facts.getByText('承办账号', { exact: true }).count()).toBe(1)
    await facts.getByText('办理中', { exact: true }).focus()
    await expect
      .poll(() => page.getByRole('tooltip', { name: '国家平台办理状态：部门开始办理（代码 8）' }).count())
      .toBe(1)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await expectAccessible(page)
    await screenshot(page, 'task')

    // A 特别程序 the item's law does not provide for is refused, and the reason stands next to the field, in Chinese.
    // Chosen and sent until the gateway's refusal stands next to the field: on a busy machine a click can land while
    // the dropdown is still opening, and the form then refuses locally (no kind chosen) before anything is sent.
    const errors = () => page.locator('.ant-form-item-explain-error').allTextContents()
    await expect
      .poll(
        async () => {
          if ((await errors()).some((e) => e === '本事项不适用所选的特别程序')) return true
          await page.getByLabel('程序种类').click()
          await page
            .getByTitle('拍卖')
            .last()
            .click({ timeout: 5_000 })
            .catch(() => {})
          await page.getByRole('button', { name: '开始特别程序' }).click()
          return false
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe(true)

    // Tuesday: the reviewer asks for a material again.
    c.world.clock.advanceDays(1)
    // The material is chosen by its Chinese name; its code is what the notice carries. Only what the item's service
    // guide lists is offered (指南之外无材料, 004:1050), and a name it does not list cannot be typed in.
    const guide = claimed.guideMaterials ?? []
    expect(guide).toContain('land-sale-confirmation')
    expect(guide).not.toContain('design-scheme')
    const materials = page.getByLabel('需补正的材料', { exact: true })
    await materials.click()
    const offered = page.locator('.ant-select-item-option').filter({ visible: true })
    await expect.poll(() => offered.allTextContents()).toEqual(guide.map(materialName))
    await materials.fill(materialName('design-scheme'))
    await expect.poll(() => offered.count()).toBe(0)
    await materials.press('Enter')
    await materials.fill('用地成交')
    // antd draws the choices apart from its hidden listbox (whose options read the code): the one shown is clicked.
    const choice = page.locator('.ant-select-item-option').filter({ hasText: '用地成交确认书' })
    await expect.poll(() => choice.count()).toBe(1)
    await choice.click()
    await page.getByLabel('补正理由').fill('土地出让确认书未盖章')
    await page.getByRole('button', { name: '发出补正通知' }).click()
    await expect.poll(() => page.getByText('已提交：补正').count()).toBe(1)

    const asked = await statusWhen(c.world, projectId, (s) =>
      s.applications.some((a) => a.notices.some((n) => n.status === 'open')),
    )
    const notice = asked.applications.flatMap((a) => a.notices).find((n) => n.status === 'open')
    if (!notice) throw new Error('no open notice')
    expect(notice.requests.flatMap((r) => r.materials)).toEqual(['land-sale-confirmation'])

    // Thursday: the owner answers from the owner's own page, once.
    c.world.clock.advanceDays(2)
    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}/supplements/${notice.noticeId}`)
    await expect.poll(() => owner.page.getByRole('heading', { level: 1, name: '补正材料' }).count()).toBe(1)
    await expect.poll(() => owner.page.getByText('土地出让确认书未盖章').count()).toBeGreaterThan(0)
    // The notice names the department as its task does (汕尾市自然资源局), not by the general 自然资源部门.
    const request = owner.page.getByRole('row').filter({ hasText: '土地出让确认书未盖章' })
    expect(await request.textContent()).toContain('汕尾市自然资源局')
    expect(await request.textContent()).not.toContain('自然资源部门')
    await expectAccessible(owner.page)
    await screenshot(owner.page, 'supplement')
    const file = owner.page.getByLabel(/用地成交确认书.*的文件/)
    await file.fill('doc://land-sale-confirmation-sealed.pdf')
    await expect.poll(() => file.inputValue()).toBe('doc://land-sale-confirmation-sealed.pdf')
    await owner.page.getByRole('button', { name: '一次性提交补正材料' }).click()
    await expect
      // What the page says instead, when it does not say sent.
      .poll(async () =>
        // Sent: the page says so, or — when the stream brings the answered notice first — shows it answered.
        (await owner.page.getByText('材料已提交').count()) === 1 ||
        (await owner.page.getByText('审批计时已恢复').count()) > 0
          ? 'sent'
          : await owner.page.locator('main').textContent(),
      )
      .toBe('sent')

    // The reviewer's task page: the clock runs again, the pause Tuesday–Thursday in its explanation and its ledger.
    // The answer's day is the pause's last (补正 Tuesday–Thursday); on Friday the clock counts again.
    await statusWhen(c.world, projectId, (s) => taskIn(s, planning.taskId).nationalCode === 7)
    c.world.clock.advanceDays(1)
    const resumed = await statusWhen(
      c.world,
      projectId,
      (s) => taskIn(s, planning.taskId).clocks.committed?.suspended === false,
    )
    const clock = taskIn(resumed, planning.taskId).clocks.committed
    if (!clock) throw new Error('no committed clock')
    const card = page.getByTestId('clock-committed')
    const pause = '补正：2026年3月3日 至 2026年3月5日，3 个工作日不计入'
    // The page still shows Monday's running clock until it reads the resumed one: wait for the closed pause.
    await reloadUntil(
      page,
      async () => (await card.getByText('计时中').count()) > 0 && (await card.getByText(pause).count()) > 0,
    )
    // The explanation is the console's Chinese one (src/explanation.ts, from the clock's entries), never the English.
    const explanation = card.getByTestId('explanation')
    expect(await explanation.textContent()).toContain('2026年3月3日至2026年3月5日补正暂停计时')
    expect(await explanation.textContent()).not.toContain(clock.explanation)
    const [y, m, d] = clock.due.split('-').map(Number)
    expect(await card.getByText(`${y}年${m}月${d}日`).count()).toBeGreaterThan(0)
    // The start day (受理日) is not counted (docs/legal-time.md, Counting rules 1–2): the card and its explanation say
    // where the count begins, never that it counts from the start day itself.
    expect(clock.limit.unit).toBe('W')
    const [sy, sm, sd] = clock.start.split('-').map(Number)
    const start = `${sy}年${sm}月${sd}日`
    expect(await card.textContent()).toContain(`计时起点${start}（当日不计，次一工作日起算）`)
    expect(await explanation.textContent()).toContain(`自${start}次一工作日起算 ${clock.limit.value} 个工作日`)
    // Another owner opening the same page learns nothing: the page an unknown notice gets.
    const stranger = await c.as('owner', { creditCode: owners.c.creditCode })
    await stranger.page.goto(`/projects/${projectId}/supplements/${notice.noticeId}`)
    await expect.poll(() => stranger.page.getByText('未找到补正通知，或您无权查看。').count()).toBe(1)
    expect(await stranger.page.getByText('土地出让确认书未盖章').count()).toBe(0)
    await stranger.context.close()
    await owner.context.close()
    await reviewer.context.close()
  }, 180_000)

  it('two reviewers of two departments each approve their task from their task page; the status says both approved', async () => {
    c.world.clock.set(START)
    const { projectId, applicationId, planning, filing } = await acceptedFirstStep()
    const decide = async (task: { taskId: string; department: string }, conditions?: string) => {
      const { page, context } = await c.as('reviewer', { department: task.department })
      await page.goto(`/tasks/${task.taskId}?project=${projectId}`)
      await expect.poll(() => page.getByRole('button', { name: '认领' }).count()).toBe(1)
      await page.getByRole('button', { name: '认领' }).click()
      await expect.poll(() => page.getByText('已提交：认领').count()).toBe(1)
      // A filing (企业投资项目备案) is accepted for the record, not approved.
      const [approve, approved] = task === filing ? ['予以备案', '予以备案'] : ['审批通过', '通过']
      await reloadUntil(page, shown(page, approve))
      if (conditions) await page.getByLabel(/附加条件/).fill(conditions)
      await page.getByRole('button', { name: approve }).click()
      await expect.poll(() => page.getByText(`已提交：${approved}`).count()).toBe(1)
      return { page, context }
    }
    const first = await decide(planning, '按规划条件建设')
    const second = await decide(filing)

    const decided = await statusWhen(c.world, projectId, (s) =>
      s.applications.some((a) => a.applicationId === applicationId && a.decision?.outcome === 'approved'),
    )
    expect(taskIn(decided, planning.taskId)).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', conditions: ['按规划条件建设'] },
    })
    expect(taskIn(decided, filing.taskId)).toMatchObject({ status: 'approved', decision: { outcome: 'approved' } })
    // Each task page says so too, once reloaded.
    await reloadUntil(first.page, shown(first.page, '本任务已办结。'))
    await reloadUntil(second.page, shown(second.page, '本任务已办结。'))
    // Its 办理结果 in its own words: the permit passed, the filing accepted for the record.
    expect(await first.page.getByText(/^通过（/).count()).toBe(1)
    expect(await second.page.getByText(/^予以备案（/).count()).toBe(1)
    // A reviewer of a department with no task on the project gets the page an unknown task gets.
    const other = await c.as('reviewer', { department: 'housing-construction' })
    await other.page.goto(`/tasks/${planning.taskId}?project=${projectId}`)
    await expect.poll(() => other.page.getByText('未找到审批任务，或您无权查看。').count()).toBe(1)
    await other.context.close()
    await first.context.close()
    await second.context.close()
  }, 180_000)
})
