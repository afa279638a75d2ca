import {
  approveFirstStep,
  approveStep,
  lowRiskFactory,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 后续事项 on the owner's progress page (Shanwei simple low-risk, 004:1814 and 004:1806): once the six-item bundle is
// approved, public security's house number and the drainage authority's notice follow with no application; each is
// shown in the bundle's step, named as what it follows.

let c: ConsoleWorld
let projectId = ''

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await registerProject(c.world, lowRiskFactory(owners.b))
  await approveFirstStep(c.world, projectId)
  await approveStep(
    c.world,
    projectId,
    'six-item-bundle',
    sixItemMaterials.map((m) => m.code),
  )
  await statusWhen(c.world, projectId, (s) => s.tasks.filter((t) => t.followOnOf).length === 2)
}, 240_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe("follow-on items on the owner's progress page", () => {
  it('shows 门牌 under the bundle, named as the planning permit’s follow-on, with no application asked', async () => {
    const { page } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${projectId}`)
    const bundle = page.getByRole('region', { name: '人防、规划、施工许可、节能审查、供水供电报装一并申请' })
    const police = bundle.getByRole('listitem', { name: '汕尾市公安局' })
    await expect.poll(() => police.textContent()).toContain('门牌号码核准发放')
    expect(await police.textContent()).toMatch(/建设工程规划.*的后续事项，无需申请/)
    expect(await police.textContent()).toContain('办理状态：已受理')
    const water = bundle.getByRole('listitem', { name: '汕尾市水务局' })
    expect(await water.textContent()).toMatch(/施工许可.*的后续事项，无需申请/)
    await expectAccessible(page)
  })

  it("shows it in public security's inbox and on its task page, named as the planning permit's follow-on", async () => {
    const { page } = await c.as('reviewer', { department: 'public-security' })
    await page.goto('/inbox')
    const row = page.getByRole('row').filter({ hasText: '门牌号码核准发放' })
    await expect.poll(() => row.textContent()).toMatch(/门牌号码核准发放（建设工程规划.*的后续事项）/)
    await row.getByRole('link', { name: /办理 门牌号码核准发放/ }).click()
    await expect.poll(() => page.getByText(/获批后推送本部门办理，建设单位无需申请/).count()).toBe(1)
    await expectAccessible(page)
  })
})
