import { expectStatus, industrialShanwei, openApplication, owners, registerProject, until } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 容缺受理 of the outside-line permits (004:1846: 相关审批部门实行容缺受理、并联审批): on 外线审批 the department's reviewer
// accepts a permit with named non-key materials missing, and may grant it while they are owed (办结（容缺通过）); on
// 报装申请 the provider sees what it still owes and supplies it (容缺后补, 004:1860), at any stage.

let c: ConsoleWorld
let projectId = ''
type Permit = {
  kind: string
  status: string
  acceptedOn?: string
  deficiencies?: Array<{ name: string; suppliedOn?: string }>
  grantedWithDeficiencies?: true
}
type Request = { requestId: string; stage: string; version: number; permits: Permit[] }

const gasCo = () => c.world.token('utility', { provider: 'gas' })
const mine = async (): Promise<Request | undefined> =>
  (
    expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, gasCo()), 200)
      .requests as Request[]
  )[0]

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await registerProject(c.world, industrialShanwei(owners.b))
  const checklist = expectStatus(
    await c.world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, c.world.token('clerk')),
    200,
  ) as { materials: Array<{ code: string }> }
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'eight-item-bundle',
      form: { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] },
      materials: checklist.materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` })),
    }),
    201,
  )
  await until(async () => (await mine())?.stage === 'survey')
  for (const body of [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation'] }]) {
    expectStatus(
      await c.world.api('POST', `/api/v1/utility-requests/${(await mine())?.requestId}/actions`, gasCo(), body),
      200,
    )
  }
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('外线审批 and 报装申请: 容缺受理, 容缺通过, 容缺后补', () => {
  it('the reviewer accepts with materials missing and grants 容缺通过; the provider sees what it owes and supplies it', async () => {
    c.world.clock.set('2026-03-03T02:00:00Z')
    const reviewer = await c.as('reviewer', { department: 'urban-management' })
    await reviewer.page.goto('/outside-line-permits')
    const inbox = reviewer.page.getByRole('table', { name: '待审批的外线工程' })
    const row = inbox.getByRole('row').filter({ hasText: '占用挖掘道路许可' })
    await expect.poll(() => row.count()).toBe(1)

    // 容缺受理 with nothing named is asked for in Chinese; eleven lines are too many; nothing is written.
    const before = await mine()
    await row.getByRole('button', { name: '容缺受理' }).click()
    const dialog = reviewer.page.getByRole('dialog')
    const materials = reviewer.page.getByLabel('容缺材料（每行一项）')
    await dialog.getByRole('button', { name: '容缺受理' }).click()
    await expect.poll(() => dialog.getByText('请填写容缺的材料').count()).toBe(1)
    await materials.fill(Array.from({ length: 11 }, (_, i) => `材料${i}`).join('\n'))
    await dialog.getByRole('button', { name: '容缺受理' }).click()
    await expect.poll(() => dialog.getByText('最多10项').count()).toBe(1)
    expect((await mine())?.version).toBe(before?.version)

    await materials.fill('管线平面图\n施工围蔽方案\n')
    await dialog.getByRole('button', { name: '容缺受理' }).click()
    await expect.poll(async () => (await mine())?.permits[0]?.acceptedOn).toBe('2026-03-03')
    // The permit stays on the list to decide, now saying what is owed; it is accepted once.
    const owed = row.getByTestId('permit-deficiencies')
    await expect
      .poll(async () => (await owed.textContent()) ?? '')
      .toBe('2026年3月3日容缺受理；待补交材料：管线平面图、施工围蔽方案')
    expect(await row.getByRole('button', { name: '容缺受理' }).count()).toBe(0)
    await expectAccessible(reviewer.page)

    // The provider's page: what it owes, and 补交 for it; it hands in one.
    c.world.clock.set('2026-03-04T02:00:00Z')
    const provider = await c.as('utility', { provider: 'gas' })
    await provider.page.goto('/utility')
    const permits = provider.page.getByRole('table', { name: '外线审批事项' })
    const road = permits.getByRole('row').filter({ hasText: '占用挖掘道路许可' })
    await expect.poll(async () => (await road.textContent()) ?? '').toContain('待补交材料：管线平面图、施工围蔽方案')
    const gasRow = provider.page.getByRole('row').filter({ hasText: '供气报装' })
    await gasRow.getByRole('button', { name: '补交占用挖掘道路许可容缺材料' }).click()
    const supply = provider.page.getByRole('dialog')
    // Every owed material is ticked to begin with; the provider hands in the plan only.
    await supply.getByRole('checkbox', { name: '施工围蔽方案' }).uncheck()
    await supply.getByRole('button', { name: '补交' }).click()
    await expect
      .poll(async () => (await mine())?.permits[0]?.deficiencies)
      .toEqual([{ name: '管线平面图', suppliedOn: '2026-03-04' }, { name: '施工围蔽方案' }])
    await expect
      .poll(async () => (await road.textContent()) ?? '')
      .toContain('待补交材料：施工围蔽方案；已补交：管线平面图（2026年3月4日）')
    await expectAccessible(provider.page)
    await screenshot(provider.page, 'utility-permit-deficiencies')

    // The reviewer reads it at the list's next read, and grants while 施工围蔽方案 is owed: 容缺通过, said before.
    await reviewer.page.reload()
    await expect
      .poll(async () => (await owed.textContent()) ?? '')
      .toContain('待补交材料：施工围蔽方案；已补交：管线平面图（2026年3月4日）')
    await screenshot(reviewer.page, 'outside-line-permit-deficiencies')
    await row.getByRole('button', { name: '准予许可' }).click()
    // The warning says where what is owed will be seen once the permit leaves the decisions to make.
    expect(await dialog.getByTestId('granted-with-deficiencies').textContent()).toBe(
      '容缺材料尚未补交（施工围蔽方案），准予许可将记为办结（容缺通过）；补交情况见本页「容缺待补」，全部补交前一直列在那里。',
    )
    await reviewer.page.getByLabel('文号', { exact: true }).fill('汕城管许〔2026〕8号')
    await dialog.getByRole('button', { name: '准予许可' }).click()
    await expect.poll(async () => (await mine())?.permits[0]?.grantedWithDeficiencies).toBe(true)
    await expect.poll(() => row.count()).toBe(0)
    expect((await mine())?.stage).toBe('construction')

    // The owner's 项目进度: the permit granted 容缺通过 and what the provider still owes; its 办理记录 says the
    // acceptance, the supply and the grant as such, not as three steps reached.
    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const hookup = owner.page.getByTestId('hookup-permits').filter({ hasText: '供气报装' })
    await expect
      .poll(async () => (await hookup.textContent()) ?? '')
      .toMatch(
        /占用挖掘道路许可已于2026年3月4日准予许可（容缺通过，.+，汕城管许〔2026〕8号），待供气单位补交容缺材料：施工围蔽方案/,
      )
    for (const line of [
      '审批部门已容缺受理占用挖掘道路许可，待市政公用单位补交容缺材料',
      '市政公用单位已补交占用挖掘道路许可的容缺材料',
      '审批部门已作出外线审批决定：占用挖掘道路许可准予许可（容缺通过）；外线行政审批全部办结，进入施工',
    ])
      await expect.poll(() => owner.page.getByText(line, { exact: true }).count(), { message: line }).toBe(1)
    // survey-done and plan-done moved steps; the acceptance and the supply moved none, the grant says its own.
    expect(await owner.page.getByText('市政公用报装进入下一阶段', { exact: true }).count()).toBe(2)
    await expectAccessible(owner.page)

    // 容缺待补 (004:1860: the department checks 容缺后补): the permit granted 容缺通过, what is owed and what was
    // supplied when, though the request moved on to construction.
    await reviewer.page.getByRole('tab', { name: '容缺待补' }).click()
    const owing = reviewer.page.getByRole('table', { name: '容缺待补的外线工程' })
    const owingRow = owing.getByRole('row').filter({ hasText: '占用挖掘道路许可' })
    await expect.poll(() => owingRow.count()).toBe(1)
    expect(await owingRow.textContent()).toContain('2026年3月4日汕城管许〔2026〕8号')
    expect(await owingRow.getByTestId('owing-materials').textContent()).toBe(
      '2026年3月3日容缺受理；待补交材料：施工围蔽方案；已补交：管线平面图（2026年3月4日）',
    )
    await expectAccessible(reviewer.page)
    await screenshot(reviewer.page, 'outside-line-permits-owing')
    // Another department's reviewer has none of it.
    const other = await c.as('reviewer', { department: 'transport' })
    await other.page.goto('/outside-line-permits')
    await other.page.getByRole('tab', { name: '容缺待补' }).click()
    await expect
      .poll(() =>
        other.page.getByRole('table', { name: '容缺待补的外线工程' }).getByText('暂无容缺待补的外线工程').count(),
      )
      .toBe(1)

    // At construction the provider still owes it, and supplies it there, a day later.
    c.world.clock.set('2026-03-05T02:00:00Z')
    await provider.page.reload()
    await expect.poll(async () => (await road.textContent()) ?? '').toContain('准予许可（容缺通过）')
    await gasRow.getByRole('button', { name: '补交占用挖掘道路许可容缺材料' }).click()
    await supply.getByRole('button', { name: '补交' }).click()
    await expect.poll(async () => (await road.textContent()) ?? '').toContain('容缺材料已全部补交')
    expect(await gasRow.getByRole('button', { name: /容缺材料$/ }).count()).toBe(0)
    expect((await mine())?.permits[0]?.deficiencies?.[1]).toEqual({ name: '施工围蔽方案', suppliedOn: '2026-03-05' })
    // Nothing owed: the permit leaves the department's 容缺待补 with no reload (the live stream).
    await expect.poll(() => owingRow.count()).toBe(0)
    await expect.poll(() => owing.getByText('暂无容缺待补的外线工程').count()).toBe(1)
  })
})
