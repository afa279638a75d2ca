import {
  act,
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
  // 004:1814's two facts stated when applying for the planning permit: the house number follows it.
  await approveStep(
    c.world,
    projectId,
    'six-item-bundle',
    sixItemMaterials.map((m) => m.code),
    { form: { entranceOrientationDetermined: true, facingStreetNamed: true } },
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
    // What the acceptance said of it, on the facts stated: it follows by itself.
    expect(await bundle.locator('[data-follow-on]').allTextContents()).toContainEqual(
      expect.stringMatching(
        /^后续事项：门牌号码核准发放：建设工程规划.*后，资料同时共享给汕尾市公安局办理，无需另行申请$/,
      ),
    )
    // The drainage notice is pushed for information (004:1806: 免于办理…推送施工许可信息), not shared to be handled.
    expect(await bundle.locator('[data-follow-on]').allTextContents()).toContainEqual(
      '后续事项：施工许可信息推送排水主管部门（免于办理临时排水许可）：建筑工程施工许可证核发后，推送审批信息至汕尾市水务局（供知悉，无需办理）',
    )
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

  it('words each follow-on’s decision as what it is: 门牌 核准 or not, the drainage notice received, never 许可', async () => {
    // Public security decides the house number (公安部门核准后发放门牌号码, 004:1814).
    const police = (await c.as('reviewer', { department: 'public-security' })).page
    await police.goto('/inbox')
    await police.getByRole('link', { name: /办理 门牌号码核准发放/ }).click()
    await police.getByRole('button', { name: '认领' }).click()
    await expect.poll(() => police.getByRole('button', { name: '予以核准' }).count()).toBe(1)
    expect(await police.getByRole('button', { name: '不予核准' }).count()).toBe(1)
    expect(await police.getByRole('button', { name: /审批通过|审批不通过|许可/ }).count()).toBe(0)
    // No application: nothing to ask of the owner (补正), no application time limit to stop (特别程序).
    expect(await police.getByRole('button', { name: /补正|特别程序/ }).count()).toBe(0)

    // The drainage authority is told of the permit in place of a 临时排水许可 (004:1806): it confirms receipt only.
    const water = (await c.as('reviewer', { department: 'water' })).page
    await water.goto('/inbox')
    await water.getByRole('link', { name: /办理 施工许可信息推送排水主管部门/ }).click()
    await expect.poll(() => water.getByText(/推送本部门，请确认接收/).count()).toBe(1)
    await water.getByRole('button', { name: '认领' }).click()
    await expect.poll(() => water.getByRole('button', { name: '确认接收' }).count()).toBe(1)
    expect(await water.getByRole('button', { name: /不予|不通过|许可/ }).count()).toBe(0)
    await expectAccessible(water)
    await water.getByRole('button', { name: '确认接收' }).click()
    await expect.poll(() => water.getByText(/已接收（/).count()).toBe(1)
    // Its 办理状态 in the same words on the task page and in the inbox, never 已通过.
    await expect.poll(() => water.getByText('已接收', { exact: true }).count()).toBe(1)
    const row = water.getByRole('row').filter({ hasText: '施工许可信息推送排水主管部门' })
    await expect
      .poll(async () => {
        await water.goto('/inbox')
        // The list renders once its fetch answers, after the page has loaded: read the cells when the row is there.
        await row.waitFor({ timeout: 5_000 }).catch(() => undefined)
        return row.getByRole('cell').allTextContents()
      })
      .toContain('已接收')
    expect(await row.textContent()).not.toContain('已通过')
  })

  it("says the drainage authority's receipt on the owner's timeline as a follow-on's, never 准予许可", async () => {
    const { page } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${projectId}`)
    await expect
      .poll(() => page.getByText(/部门已办理后续事项：已接收（汕尾市水务局）/).count(), { timeout: 30_000 })
      .toBe(1)
    expect(await page.getByText(/准予许可（汕尾市水务局）/).count()).toBe(0)
  })

  it('opens no house number when the desk records the facing street not named, and tells the owner why', async () => {
    // A second project of the owner: its first step approved, its six-item bundle opened at the clerk's desk.
    const second = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, second)
    const desk = (await c.as('clerk')).page
    await desk.goto(`/desk/projects/${second}`)
    await expect.poll(() => desk.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    const orientation = desk.getByRole('radiogroup', { name: '建筑物门口朝向已确定' })
    const street = desk.getByRole('radiogroup', { name: '门牌号所朝向的街路巷名称已命名' })
    await expect.poll(() => street.count()).toBe(1)
    await expect.poll(() => desk.getByRole('radio', { name: '已收取' }).count()).toBeGreaterThan(0)
    for (const received of await desk.getByRole('radio', { name: '已收取' }).all()) await received.check()
    // The card words each fact with the answer its rule needs (both 是 in Shanwei's catalogue), not an assumed 是.
    await expect
      .poll(() =>
        desk
          .getByText(/^申报时声明「建筑物门口朝向已确定」为「是」、「门牌号所朝向的街路巷名称已命名」为「是」的，/)
          .count(),
      )
      .toBe(1)
    const outcome = desk.locator('[data-follow-on-outcome="house-number-allocation"]')
    // Left blank, nothing is sent: not stated would withhold the house number without anyone saying so.
    await orientation.getByRole('radio', { name: '是' }).check()
    // One answer is not yet a decision: the card says what the answers mean only once each fact is answered.
    expect(await outcome.count()).toBe(0)
    await desk.getByRole('button', { name: '提交受理' }).click()
    await expect.poll(() => desk.getByText('请选择「门牌号所朝向的街路巷名称已命名」是或否').count()).toBe(1)
    expect(await desk.getByText('请选择「建筑物门口朝向已确定」是或否').count()).toBe(0)
    expect(desk.url()).not.toMatch(/\/receipts\//)
    // Each answer is said as it is: 是 throughout shares it; 否 for the street withholds it, naming that answer.
    await street.getByRole('radio', { name: '是' }).check()
    await expect
      .poll(() => outcome.textContent())
      .toBe('按所选声明：建设工程规划许可证核发后，资料同时共享给汕尾市公安局办理门牌号码核准发放，无需另行申请。')
    await street.getByRole('radio', { name: '否' }).check()
    await expect
      .poll(() => outcome.textContent())
      .toBe(
        '按所选声明：「门牌号所朝向的街路巷名称已命名」为「否」，资料不随建设工程规划许可证核发共享给汕尾市公安局，门牌号码核准发放需另行向汕尾市公安局申领。',
      )
    await expect.poll(() => desk.getByText('请选择「门牌号所朝向的街路巷名称已命名」是或否').count()).toBe(0)
    await expectAccessible(desk)
    await desk.getByRole('button', { name: '提交受理' }).click()
    await expect.poll(() => desk.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    // The desk says at once what the applicant must apply for separately.
    await expect.poll(() => desk.getByText('已受理。门牌号码核准发放需另行向汕尾市公安局申领。').count()).toBe(1)
    const applicationId = desk.url().split('/').at(-1) as string

    // Every department approves: the drainage authority is told (no condition), public security is sent nothing.
    const opened = await statusWhen(
      c.world,
      second,
      (s) => s.tasks.filter((t) => t.applicationId === applicationId).length > 0,
    )
    // The planning permit's reviewer reads, where it decides the permit, that nothing will reach public security and why.
    const permit = opened.tasks.find(
      (t) => t.applicationId === applicationId && t.item === 'engineering-planning-permit',
    )
    if (!permit) throw new Error('no planning-permit task')
    const reviewer = (await c.as('reviewer', { department: permit.department })).page
    await reviewer.goto(`/tasks/${permit.taskId}?project=${second}`)
    await expect
      .poll(() => reviewer.locator('[data-follow-on]').allTextContents())
      .toEqual([
        '门牌号码核准发放不随本事项共享给汕尾市公安局，建设单位需另行申领：申请时声明「门牌号所朝向的街路巷名称已命名」为否',
      ])
    expect(await reviewer.locator('[data-follow-on="withheld"]').count()).toBe(1)
    await expectAccessible(reviewer)
    // The construction permit's reviewer reads that the drainage authority is only told (004:1806), nothing to handle.
    const building = opened.tasks.find((t) => t.applicationId === applicationId && t.item === 'construction-permit')
    if (!building) throw new Error('no construction-permit task')
    const housing = (await c.as('reviewer', { department: building.department })).page
    await housing.goto(`/tasks/${building.taskId}?project=${second}`)
    await expect
      .poll(() => housing.locator('[data-follow-on]').allTextContents())
      .toEqual([
        '施工许可信息推送排水主管部门（免于办理临时排水许可）：本事项准予后，推送审批信息至汕尾市水务局（供知悉，无需办理）',
      ])
    for (const t of opened.tasks.filter((x) => x.applicationId === applicationId)) {
      expect((await act(c.world, t, { action: 'claim' })).status).toBe(200)
      expect((await act(c.world, t, { action: 'approve' })).status).toBe(200)
    }
    const decided = await statusWhen(c.world, second, (s) => s.tasks.some((t) => t.followOnOf))
    expect(decided.tasks.filter((t) => t.followOnOf).map((t) => t.item)).toEqual(['drainage-construction-notice'])

    const { page } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${second}`)
    const bundle = page.getByRole('region', { name: '人防、规划、施工许可、节能审查、供水供电报装一并申请' })
    await expect
      .poll(() => bundle.locator('[data-follow-on]').allTextContents())
      .toContainEqual(
        '后续事项：门牌号码核准发放需另行向汕尾市公安局申领：申请时声明「门牌号所朝向的街路巷名称已命名」为否',
      )
    // Owners apply at the window, not online: their page says what was stated of each condition, and the route as the
    // platform's 说明 (from the catalogue's words of 004:1814's rules, not the seed's sentence), so the owner reads why
    // it applies to public security itself.
    expect(await bundle.locator('[data-follow-on-stated]').allTextContents()).toEqual([
      '申请时声明：「建筑物门口朝向已确定」为是；「门牌号所朝向的街路巷名称已命名」为否',
    ])
    expect(await bundle.locator('[data-follow-on-explained]').allTextContents()).toEqual([
      '说明：建设单位申报时，若建筑物门口朝向已确定，且门牌号所朝向的街路巷名称已命名的，建设工程规划许可证核发后，资料同时共享给汕尾市公安局办理门牌号码核准发放。否则由建设单位另行申领。',
    ])
    expect(await bundle.getByRole('listitem', { name: '汕尾市公安局' }).count()).toBe(0)
    await expectAccessible(page)
  })
})
