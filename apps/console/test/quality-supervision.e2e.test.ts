import {
  approveFirstStep,
  approveStep,
  lowRiskFactory,
  owners,
  registerProject,
  sixItemMaterials,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 工程质量安全监督 "双随机、一公开" (004:1856): only the housing department's reviewer is offered the screen in its
// menu; a project whose construction permit was granted comes under supervision; the housing department's reviewer draws a round from the console with itself and one more in the pool
// (a line without a name refused first), replaces the drawn inspector (回避改派, the other one drawn in its place,
// the reason asked for first); the inspector now drawn records 责令整改 with an item (an empty item list refused
// under the field first), and anyone — signed in or not — reads the published result; the owner's timeline says the
// result was published.

let c: ConsoleWorld
const HOUSING = 'housing-construction'

beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('质量安全监督 (双随机、一公开) in the console', () => {
  it('draws a round, records 责令整改 as the drawn inspector, publishes it to anyone', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    await approveStep(
      world,
      projectId,
      'six-item-bundle',
      sixItemMaterials.map((m) => m.code),
    )
    // Acceptance hears the permit from approval's step.decided: the project is under supervision once it has.
    await until(
      async () =>
        ((
          await world.schemas.acceptance.pool.query(
            "SELECT 1 FROM approved_item WHERE project_id = $1 AND item = 'construction-permit'",
            [projectId],
          )
        ).rowCount ?? 0) > 0,
      60_000,
    )

    // The menu offers 质量安全监督 to the supervision body alone: another department's reviewer is not offered it
    // (and the gateway refuses it, docs/quality-supervision.md).
    const water = await c.as('reviewer', { department: 'water' })
    const menuLink = (p: typeof water.page) =>
      p.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '质量安全监督', exact: true })
    await water.page.goto('/inbox')
    await expect
      .poll(() => water.page.getByRole('navigation', { name: '主菜单' }).getByRole('link').count())
      .toBeGreaterThan(0)
    expect(await menuLink(water.page).count()).toBe(0)

    let { page } = await c.as('reviewer', { department: HOUSING })
    await page.goto('/inbox')
    await expect.poll(() => menuLink(page).count()).toBe(1)
    await page.goto('/quality-supervision')
    await expect.poll(() => page.getByRole('heading', { name: '质量安全监督（双随机、一公开）' }).count()).toBe(1)
    await page.getByLabel('抽取项目数').fill('1')
    await page.getByLabel('每个项目检查人员数').fill('1')
    // A line without a name is refused under the field, naming the line: the account never stands in for the
    // published name.
    const poolField = page.getByLabel('检查人员名录（每行：账号 姓名）')
    await poolField.fill(`reviewer-${HOUSING} 检查员甲\ninspector-b`)
    await page.getByRole('button', { name: '随机抽取' }).click()
    await expect.poll(() => page.getByText(/第 2 行缺少姓名/).count()).toBe(1)
    expect(await page.getByText(/已抽取/).count()).toBe(0)
    // One inspector for the project from a pool of two (a pool of one would pick it outright).
    await poolField.fill(`reviewer-${HOUSING} 检查员甲\ninspector-b 检查员乙`)
    await page.getByRole('button', { name: '随机抽取' }).click()
    await expect.poll(() => page.getByText(/已抽取 1 个项目（随机种子 \d+）/).count(), { timeout: 30_000 }).toBe(1)
    const drawnRow = page.locator('tbody tr').filter({ hasText: '待检查' })
    await expect.poll(() => drawnRow.count(), { timeout: 30_000 }).toBe(1)
    expect(await drawnRow.getByText('较低风险', { exact: false }).count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'quality-supervision')

    // 回避 / 改派: the body names whom it replaces and why, never whom instead; from a pool of two the other one is
    // drawn. The reason is asked for under its field first.
    const firstName = (await drawnRow.getByText(/检查员[甲乙]/).textContent())?.trim() ?? ''
    const drawnName = firstName === '检查员甲' ? '检查员乙' : '检查员甲'
    await drawnRow.getByRole('button', { name: '回避改派' }).click()
    const reassignDialog = page.getByRole('dialog', { name: '回避改派检查人员' })
    await reassignDialog.getByRole('radio', { name: firstName }).check()
    await reassignDialog.getByRole('button', { name: '随机改派' }).click()
    await expect.poll(() => reassignDialog.getByText(/请输入改派理由/).count()).toBeGreaterThan(0)
    await reassignDialog.getByLabel('改派理由').fill('回避：与施工单位存在利害关系')
    await reassignDialog.getByRole('button', { name: '随机改派' }).click()
    await expect.poll(() => reassignDialog.count(), { timeout: 30_000 }).toBe(0)
    await expect
      .poll(() => page.getByText(`已随机改派：${firstName} 改由 ${drawnName} 检查`).count(), { timeout: 30_000 })
      .toBe(1)
    await expect.poll(() => drawnRow.getByText('（改派 1 次）').count(), { timeout: 30_000 }).toBe(1)
    // A seat is reassigned once: its one seat taken by the replacement, the row offers 回避改派 no more.
    expect(await drawnRow.getByRole('button', { name: '回避改派' }).count()).toBe(0)

    // The inspector drawn in its place records, signed in at a desk of its own (one path either way).
    const drawnSub = drawnName === '检查员甲' ? `reviewer-${HOUSING}` : 'inspector-b'
    const inspectorDesk = await c.as('reviewer', { department: HOUSING, sub: drawnSub })
    page = inspectorDesk.page
    await page.goto('/quality-supervision')
    const row = page.locator('tbody tr').filter({ hasText: drawnName })
    await expect.poll(() => row.getByText('待检查', { exact: true }).count(), { timeout: 30_000 }).toBe(1)

    await row.getByRole('button', { name: '录入结果' }).click()
    const dialog = page.getByRole('dialog', { name: '录入检查结果' })
    await dialog.getByRole('radio', { name: '责令整改' }).check()
    await dialog.getByRole('button', { name: '提交并公开' }).click()
    // The item list is required for 责令整改: said under the field, nothing sent.
    await expect.poll(() => dialog.getByText(/请输入整改内容/).count()).toBeGreaterThan(0)
    await dialog.getByLabel('整改内容（每行一项）').fill('临边防护栏杆高度不足')
    await dialog.getByRole('button', { name: '提交并公开' }).click()
    await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0)
    await expect.poll(() => row.getByText('责令整改', { exact: true }).count(), { timeout: 30_000 }).toBe(1)

    // 一公开: nobody signed in.
    const anyone = await c.anonymous()
    await anyone.page.goto('/quality-results')
    const published = anyone.page.locator('tbody tr').filter({ hasText: '临边防护栏杆高度不足' })
    await expect.poll(() => published.count(), { timeout: 30_000 }).toBe(1)
    expect(await published.getByText('责令整改', { exact: true }).count()).toBe(1)
    expect(await published.getByText(drawnName, { exact: true }).count()).toBe(1)
    // The inspector's account is not published, only the name.
    expect(await anyone.page.getByText(/reviewer-|inspector-b/).count()).toBe(0)
    await expectAccessible(anyone.page)
    await screenshot(anyone.page, 'quality-results')

    // The owner's timeline: the published result (the assignment never was).
    const status = await world.api(
      'GET',
      `/api/v1/projects/${projectId}/status`,
      world.token('owner', { creditCode: owners.b.creditCode }),
    )
    const types = (status.body as { timeline: Array<{ type: string }> }).timeline.map((e) => e.type)
    await until(async () => {
      const s = await world.api(
        'GET',
        `/api/v1/projects/${projectId}/status`,
        world.token('owner', { creditCode: owners.b.creditCode }),
      )
      return (s.body as { timeline: Array<{ type: string }> }).timeline.some(
        (e) => e.type === 'quality-inspection.recorded',
      )
    }, 30_000)
    expect(types).not.toContain('quality-inspection.assigned')
    expect(types).not.toContain('quality-inspection.reassigned')
  })
})
