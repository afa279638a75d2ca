import { randomUUID } from 'node:crypto'
import { ApplicationResultDeliveryV1, type ResultDelivery } from '@onewindow/contracts'
import {
  act,
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  owners,
  registerProject,
  taskOf,
} from '@onewindow/e2e/flows'
import { publishAsRelay } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askedAtWindow, type ConsoleWorld, choose, expectAccessible, startConsole } from './browser.js'

// 结果送达 (004:1076–1084) at the window: the applicant's choice on the desk's form, the clerk's list of results to
// hand out or post, and the owner's progress page saying how its result comes and where it stands.
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** The step's two departments approve it, through the gateway as their reviewers would. */
async function approve(applicationId: string) {
  for (const department of landPlanningDepartments) {
    const task = await taskOf(c.world, department, applicationId)
    expectStatus(await act(c.world, task, { action: 'claim' }), 200)
    expectStatus(await act(c.world, task, { action: 'approve' }), 200)
  }
}

/** The clerk's list of awaiting deliveries, once it names `applicationId` in `state`. */
async function listedAs(applicationId: string, state: string) {
  await expect
    .poll(
      async () => {
        const r = await c.world.api('GET', '/api/v1/deliveries?limit=200', c.world.token('clerk'))
        return r.body.deliveries?.find((d: { applicationId: string }) => d.applicationId === applicationId)?.state
      },
      { timeout: 20_000 },
    )
    .toBe(state)
}

describe('结果送达 at the window', () => {
  it('takes a posted delivery at the desk, records it posted and signed, and the owner sees it', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.a))
    const { page } = await c.as('clerk')

    // The desk's form: every material received, 寄递送达 with whom, where and a phone.
    await page.goto(`/desk/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    await expect.poll(() => page.getByText('结果送达方式').count()).toBeGreaterThan(0)
    await expect.poll(() => askedAtWindow(page, '').count()).toBeGreaterThan(0)
    const rows = askedAtWindow(page, '')
    for (let i = (await rows.count()) - 1; i >= 0; i--) await rows.nth(i).getByRole('radio', { name: '已收取' }).check()
    await choose(page, '送达方式', '寄递送达')
    await page.getByLabel('收件人', { exact: true }).fill('张三')
    await page.getByLabel('收件地址', { exact: true }).fill('汕尾市城区汕尾大道1号')
    await page.getByLabel('收件人电话', { exact: true }).fill('13800000000')
    await page.getByRole('button', { name: '提交受理' }).click()
    await expect.poll(() => page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const applicationId = page.url().split('/').at(-1) ?? ''

    await approve(applicationId)
    await listedAs(applicationId, 'awaiting-posting')

    // The list, from the clerk's menu: 待寄出, then 登记寄出 with the tracking number.
    await page.getByRole('link', { name: '结果送达' }).click()
    const table = page.getByRole('table', { name: '待送达的办理结果' })
    const row = table.getByRole('row').filter({ hasText: '汕尾市城区汕尾大道1号' })
    await expect.poll(() => row.textContent()).toContain('待寄出')
    expect(await row.textContent()).toContain('寄递送达')
    await expectAccessible(page)
    await row.getByRole('button', { name: '登记寄出' }).click()
    // The input holds what the contract takes (bounds.ts, checked against it by bounds.unit.test.ts).
    expect(await page.getByLabel('快递单号', { exact: true }).getAttribute('maxlength')).toBe('40')
    await page.getByLabel('快递单号', { exact: true }).fill('SF1234567890')
    await page.getByRole('button', { name: '确认登记' }).click()
    await expect.poll(() => page.getByText('已寄出').count()).toBeGreaterThan(0)
    await listedAs(applicationId, 'posted')
    await expect.poll(() => row.textContent()).toContain('SF1234567890')

    // 登记签收: the day defaults to today; once signed it leaves the list.
    await row.getByRole('button', { name: '登记签收' }).click()
    await expect.poll(() => page.getByLabel('签收日期', { exact: true }).inputValue()).toBe('2026-03-02')
    // Offered only the days intake takes: not after today, not before the posting.
    const signedOn = page.getByLabel('签收日期', { exact: true })
    expect([await signedOn.getAttribute('min'), await signedOn.getAttribute('max')]).toEqual([
      '2026-03-02',
      '2026-03-02',
    ])
    await page.getByRole('button', { name: '确认登记' }).click()
    await expect.poll(() => row.count()).toBe(0)

    // The owner's progress page: 方式 and 状态 of its decided application.
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    const card = owner.page.getByRole('list', { name: '结果送达' })
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('方式：寄递送达；状态：已签收')
  })

  it('pages the owner’s 结果送达 card: 更多 lists the next page, and is gone once all are listed', async () => {
    // One more delivery than the gateway's default page (GET /projects/:id/deliveries `limit`, 50; the card asks for
    // no other), each published as intake's relay would (fifty-one decisions through the flow would be the suite's
    // slowest file for nothing the first test does not walk already). Due a minute apart, so the card's order
    // (oldest due first) is theirs.
    const PAGE = 50
    const projectId = await registerProject(c.world, lowRiskFactory(owners.c))
    const names = Array.from({ length: PAGE + 1 }, (_, i) => `分页送达第${String(i + 1).padStart(2, '0')}项`)
    await Promise.all(
      names.map((stepName, i) => {
        const dueAt = new Date(Date.parse('2026-03-02T01:00:00Z') + i * 60_000).toISOString()
        const delivery: ResultDelivery = {
          applicationId: randomUUID(),
          projectId,
          step: 'land-planning-and-filing',
          stepName,
          ownerCreditCode: owners.c.creditCode,
          outcome: 'approved',
          mode: 'online',
          chosen: true,
          state: 'delivered-online',
          dueAt,
          dueOn: '2026-03-02',
          version: 1,
          updatedAt: dueAt,
          by: 'intake',
        }
        return publishAsRelay(
          c.world.nc,
          c.world.topology,
          ApplicationResultDeliveryV1,
          { delivery },
          {
            aggregate: delivery.applicationId,
            source: 'intake',
          },
        )
      }),
    )
    const owner = await c.as('owner', { creditCode: owners.c.creditCode })
    await expect
      .poll(
        async () =>
          (await c.world.api('GET', `/api/v1/projects/${projectId}/deliveries?limit=200`, owner.token)).body.deliveries
            ?.length,
        { timeout: 20_000 },
      )
      .toBe(PAGE + 1)

    await owner.page.goto(`/projects/${projectId}`)
    const list = owner.page.getByRole('list', { name: '结果送达' })
    const rows = list.getByRole('listitem')
    // The button of this card (the list's own card), not another card's.
    const more = list.locator('xpath=..').getByRole('button', { name: '更多' })
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(PAGE)
    const firstPage = await rows.allTextContents()
    expect(firstPage.map((t) => t.slice(0, names[0]?.length))).toEqual(names.slice(0, PAGE))
    expect(await list.textContent()).not.toContain(names[PAGE])
    expect(await more.count()).toBe(1)

    await more.click()
    await expect.poll(() => rows.count()).toBe(PAGE + 1)
    expect(await rows.nth(PAGE).textContent()).toContain(`${names[PAGE]}（准予许可，2026年3月2日办结）`)
    expect(await rows.nth(PAGE).textContent()).toContain('方式：网上送达；状态：已网上送达')
    // The first page stays as it was, and with nothing more to ask for the button is gone.
    expect((await rows.allTextContents()).slice(0, PAGE)).toEqual(firstPage)
    await expect.poll(() => more.count()).toBe(0)
  })

  it('hands a refusal over with its written decision: the clerk reaches the 不予许可决定书 from the list', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    const opened = expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/applications`, c.world.token('clerk'), {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        delivery: { mode: 'on-site', phone: '13900000002' },
      }),
      201,
    ).application
    const task = await taskOf(c.world, 'natural-resources', opened.applicationId)
    expectStatus(await act(c.world, task, { action: 'claim' }), 200)
    expectStatus(await act(c.world, task, { action: 'reject', reason: '用地性质不符' }), 200)
    await listedAs(opened.applicationId, 'awaiting-collection')

    const { page, context } = await c.as('clerk')
    await page.goto('/desk/deliveries')
    const row = page
      .getByRole('table', { name: '待送达的办理结果' })
      .getByRole('row')
      .filter({ hasText: '13900000002' })
    await expect.poll(() => row.textContent()).toContain('不予许可')
    await row.getByRole('link', { name: '打印不予许可决定书' }).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/projects/${projectId}$`))
    await page.getByRole('link', { name: '查看并打印决定书' }).click()
    const paper = page.getByLabel('不予许可决定书', { exact: true })
    await expect.poll(() => paper.getByRole('heading', { name: '不予许可决定书' }).count()).toBe(1)
    expect(await paper.textContent()).toContain('理由：用地性质不符')
    await context.close()
  })

  it('refuses a second record out of order and says so in Chinese', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    const opened = expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/applications`, c.world.token('clerk'), {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        delivery: { mode: 'on-site', phone: '13900000000' },
      }),
      201,
    ).application
    await approve(opened.applicationId)
    await listedAs(opened.applicationId, 'awaiting-collection')

    const { page } = await c.as('clerk')
    await page.goto('/desk/deliveries')
    const row = page
      .getByRole('table', { name: '待送达的办理结果' })
      .getByRole('row')
      .filter({ hasText: '13900000000' })
    await expect.poll(() => row.textContent()).toContain('待领取')
    // Another window records it first: this one's record is refused, and the clerk is told why.
    expectStatus(
      await c.world.api('POST', `/api/v1/applications/${opened.applicationId}/delivery`, c.world.token('clerk'), {
        step: 'collected',
        signer: '李四',
        on: '2026-03-02',
      }),
      200,
    )
    await row.getByRole('button', { name: '登记领取' }).click()
    expect(await page.getByLabel('签收人', { exact: true }).getAttribute('maxlength')).toBe('100')
    // Not after today, not before the result fell due.
    const collectedOn = page.getByLabel('领取日期', { exact: true })
    await expect.poll(() => collectedOn.getAttribute('max')).toBe('2026-03-02')
    expect(await collectedOn.getAttribute('min')).toBe('2026-03-02')
    await page.getByLabel('签收人', { exact: true }).fill('王五')
    await page.getByRole('button', { name: '确认登记' }).click()
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('送达登记顺序不对')
  })
})
