import {
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
} from '@onewindow/e2e/flows'
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askedAtWindow, type ConsoleWorld, expectAccessible, screenshot, startConsole, untilLive } from './browser.js'

// Monday 2 March 2026, 09:00 in Beijing: a receipt of today is decided by Monday 9 March, its fifth working day after
// (docs/legal-time.md#art-32-receipt-and-acceptance).
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

type Material = { code: string; name: string }

/** The project's current step and its checklist, as the desk reads them. */
async function firstStep(projectId: string): Promise<{ step: string; materials: Material[] }> {
  const clerk = c.world.token('clerk')
  const project = expectStatus(await c.world.api('GET', `/api/v1/projects/${projectId}`, clerk), 200)
  const step: string = project.currentStep
  const checklist = expectStatus(
    await c.world.api('GET', `/api/v1/projects/${projectId}/checklist?step=${step}`, clerk),
    200,
  )
  return { step, materials: checklist.materials }
}

/** 接件 through the gateway, every material received: what another clerk's window did. */
async function receive(projectId: string): Promise<{ applicationId: string; receiptNumber: string }> {
  const { step, materials } = await firstStep(projectId)
  const body = {
    step,
    form: {},
    materials: materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` })),
    acceptance: 'later',
  }
  const answer = c.world.api('POST', `/api/v1/projects/${projectId}/applications`, c.world.token('clerk'), body)
  return expectStatus(await answer, 201).application
}

/** A printed paper's text carries the office (the region's name and the line left for the office) and the seal. */
async function expectOfficeAndSeal(paper: Locator) {
  const foot = paper.getByLabel('落款')
  await expect.poll(() => foot.textContent()).toContain('受理机关：汕尾市＿＿＿＿＿＿＿＿（受理机关名称）')
  expect(await foot.textContent()).toContain('（盖章）')
  await expect.poll(() => foot.textContent()).toContain('2026年3月2日')
}

describe('接件 and its decision at the window (行政许可法第三十二条)', () => {
  it('a clerk receives an application, lists it with its last day, tells one, refuses one and accepts one', async () => {
    const [noticed, refused, accepted] = [
      await registerProject(c.world, lowRiskFactory(owners.a)),
      await registerProject(c.world, lowRiskFactory(owners.b)),
      await registerProject(c.world, lowRiskFactory(owners.c)),
    ] as [string, string, string]
    const { materials } = await firstStep(noticed)
    expect(materials.length).toBeGreaterThan(1)

    // 接件 at the desk: every material received, 先接件 chosen; the paper is the 接件回执, not the 受理回执.
    const { page, context } = await c.as('clerk')
    await page.goto(`/desk/projects/${noticed}`)
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    for (const m of materials) await askedAtWindow(page, m.name).getByRole('radio', { name: '已收取' }).check()
    await page.getByRole('radio', { name: '先接件（五个工作日内决定是否受理）' }).check()
    await page.getByRole('button', { name: '提交接件' }).click()
    await expect.poll(() => page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const receiptUrl = new URL(page.url()).pathname
    const receipt = page.getByLabel('接件回执', { exact: true })
    await expect.poll(() => receipt.getByRole('heading', { name: '接件回执' }).count()).toBe(1)
    expect(await page.getByRole('heading', { name: '受理回执' }).count()).toBe(0)
    await expect.poll(() => receipt.textContent()).toContain('2026年3月9日前（接件日后 5 个工作日）')
    expect(await receipt.textContent()).toContain('自收到申请材料之日起即为受理')
    const list = receipt.getByRole('table', { name: '收件清单' })
    for (const m of materials) {
      expect(await list.getByRole('row').filter({ hasText: m.name }).textContent()).toContain('已收取')
    }
    await expectOfficeAndSeal(receipt)
    await expectAccessible(page)
    await screenshot(page, 'desk-reception-receipt')
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    expect(await receipt.isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })
    const noticedNumber = (await receipt.getByRole('row').filter({ hasText: '接件编号' }).textContent())?.replace(
      '接件编号',
      '',
    ) as string

    const other = await receive(refused)
    const third = await receive(accepted)

    // The list: each received application with its last day and the working days left.
    await page.getByRole('link', { name: '已接件、待受理' }).first().click()
    await expect.poll(() => page.getByRole('heading', { name: '已接件、待受理', level: 1 }).count()).toBe(1)
    const table = page.getByRole('table', { name: '已接件、待受理' })
    const rowOf = (number: string) => table.getByRole('row').filter({ hasText: number })
    for (const number of [noticedNumber, other.receiptNumber, third.receiptNumber]) {
      await expect.poll(() => rowOf(number).count()).toBe(1)
      const text = await rowOf(number).textContent()
      expect(text).toContain('2026年3月2日')
      expect(text).toContain('2026年3月9日')
      expect(text).toContain('5 个工作日')
    }
    await expectAccessible(page)
    await screenshot(page, 'desk-reception')

    // 一次性告知: one material from the step's checklist and the reason; the 一次性告知书 names it.
    const missing = materials[0] as Material
    await rowOf(noticedNumber)
      .getByRole('button', { name: `一次性告知 ${noticedNumber}` })
      .click()
    const notify = page.getByRole('dialog')
    await notify.getByRole('checkbox', { name: missing.name }).check()
    await notify.getByLabel('告知理由').fill('复印件未加盖建设单位公章')
    await notify.getByRole('button', { name: '确认告知' }).click()
    const notice = page.getByLabel('一次性告知书', { exact: true })
    await expect.poll(() => notice.getByRole('heading', { name: '一次性告知书' }).count()).toBe(1)
    const told = notice.getByRole('list', { name: '告知事项' })
    expect(await told.textContent()).toBe(`${missing.name}：复印件未加盖建设单位公章`)
    expect(await notice.textContent()).toContain(`接件编号 ${noticedNumber}`)
    // Received in this tab: the 收件清单 the desk sent.
    expect(await notice.getByRole('table', { name: '收件清单' }).textContent()).toContain(missing.name)
    await expectOfficeAndSeal(notice)
    await expectAccessible(page)
    await page.getByRole('button', { name: '返回待受理列表' }).click()
    // The read model applies the notice a moment after the 200: the live stream tells the list when it has.
    await expect.poll(() => rowOf(noticedNumber).textContent()).toContain('已一次性告知（2026年3月2日），待补正')
    expect(
      await rowOf(noticedNumber)
        .getByRole('button', { name: /^一次性告知/ })
        .count(),
    ).toBe(0)

    // 不予受理: the reason is required; the decision names it, the agency to apply to and the applicant's remedies.
    await rowOf(other.receiptNumber)
      .getByRole('button', { name: `不予受理 ${other.receiptNumber}` })
      .click()
    const refuse = page.getByRole('dialog')
    await refuse.getByRole('button', { name: '确认不予受理' }).click()
    await expect.poll(() => refuse.getByText('请填写理由').count()).toBe(1)
    await refuse.getByLabel('告知向其申请的行政机关').fill('汕尾市自然资源局')
    await refuse.getByLabel('理由').fill('申请事项属自然资源主管部门职权')
    await refuse.getByRole('button', { name: '确认不予受理' }).click()
    const decision = page.getByLabel('不予受理决定书', { exact: true })
    await expect.poll(() => decision.getByRole('heading', { name: '不予受理决定书' }).count()).toBe(1)
    const words = await decision.textContent()
    expect(words).toContain('理由：申请事项属自然资源主管部门职权')
    expect(words).toContain('请向汕尾市自然资源局提出申请。')
    expect(words).toContain('可以依法申请行政复议或者提起行政诉讼')
    // The 收件清单, as on every paper of the receipt: received at another window, so listed from the server.
    const handedIn = decision.getByRole('table', { name: '收件清单' })
    for (const m of materials) {
      await expect.poll(() => handedIn.getByRole('row').filter({ hasText: m.name }).textContent()).toContain('已收取')
    }
    await expectOfficeAndSeal(decision)
    await screenshot(page, 'desk-reception-refusal')
    await page.getByRole('button', { name: '返回待受理列表' }).click()
    await expect.poll(() => rowOf(other.receiptNumber).count()).toBe(0)

    // A decided receipt cannot be decided again: the API's refusal is said in Chinese.
    const again = await c.world.api(
      'POST',
      `/api/v1/applications/${other.applicationId}/accept`,
      c.world.token('clerk'),
      {},
    )
    expect(again.status).toBe(409)

    // 受理: confirmed, then the 受理回执 with the office, its seal and the 收件清单 — received at another window, so not
    // kept in this tab: listed from the server, as intake's events carried it.
    await rowOf(third.receiptNumber)
      .getByRole('button', { name: `受理 ${third.receiptNumber}`, exact: true })
      .click()
    await page.getByRole('dialog').getByRole('button', { name: '确认受理' }).click()
    await expect.poll(() => page.url()).toContain(`/receipts/${third.applicationId}`)
    await statusWhen(c.world, accepted, (s) =>
      s.applications.some((a) => a.applicationId === third.applicationId && a.acceptedOn !== null),
    )
    await page.reload()
    const acceptance = page.getByLabel('受理回执', { exact: true })
    await expect.poll(() => acceptance.getByRole('heading', { name: '受理回执' }).count()).toBe(1)
    expect(await acceptance.textContent()).toContain(third.receiptNumber)
    const served = acceptance.getByRole('table', { name: '收件清单' })
    for (const m of materials) {
      await expect.poll(() => served.getByRole('row').filter({ hasText: m.name }).textContent()).toContain('已收取')
    }
    expect(await acceptance.textContent()).not.toContain('收件清单以窗口收件时打印的回执为准。')
    await expectOfficeAndSeal(acceptance)

    // The list keeps only the receipt told and waiting for its materials.
    await page.goto('/desk/receipts')
    await expect.poll(() => rowOf(noticedNumber).count()).toBe(1)
    expect(await rowOf(third.receiptNumber).count()).toBe(0)

    // The list follows the live stream, with no timer of its own: in a tab left in the background, where TanStack Query
    // never polls, a receipt taken at another window arrives and, decided there (a direct API call), leaves — with no
    // reload of the tab.
    await untilLive(page)
    let navigations = 0
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations += 1
    })
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    const elsewhere = await receive(await registerProject(c.world, lowRiskFactory(owners.a)))
    await expect.poll(() => rowOf(elsewhere.receiptNumber).count()).toBe(1)
    const withdrawn = await c.world.api(
      'POST',
      `/api/v1/applications/${elsewhere.applicationId}/withdraw-receipt`,
      c.world.token('clerk'),
      { reason: '申请人要求撤件' },
    )
    expectStatus(withdrawn, 200)
    await expect.poll(() => rowOf(elsewhere.receiptNumber).count()).toBe(0)
    expect(await rowOf(noticedNumber).count()).toBe(1)
    expect(navigations).toBe(0)
    await context.close()

    // The 接件回执 opened afresh (another browser, no session kept): the 收件清单 still lists what was received.
    const fresh = await c.as('clerk')
    await fresh.page.goto(receiptUrl)
    const reopened = fresh.page.getByLabel('接件回执', { exact: true })
    await expect.poll(() => reopened.getByRole('heading', { name: '接件回执' }).count()).toBe(1)
    const kept = await fresh.page.evaluate(() => Object.keys(sessionStorage))
    expect(kept.filter((k) => k.startsWith('onewindow.desk.received.'))).toEqual([])
    const relisted = reopened.getByRole('table', { name: '收件清单' })
    for (const m of materials) {
      await expect.poll(() => relisted.getByRole('row').filter({ hasText: m.name }).textContent()).toContain('已收取')
    }
    await fresh.context.close()
  }, 240_000)

  it('a receipt taken with a material owed (容缺) lists it by its promised day on the 接件回执 of another tab, before 受理', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, projectId)
    // 接件 at another window: the construction contract owed, promised for Friday 20 March.
    const received = expectStatus(
      await openApplication(c.world, projectId, {
        step: 'six-item-bundle',
        form: {},
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
        acceptance: 'later',
      }),
      201,
    ).application
    const known = (s: Awaited<ReturnType<typeof statusWhen>>) =>
      s.applications.find((a) => a.applicationId === received.applicationId)
    await statusWhen(c.world, projectId, (s) => known(s)?.owedMaterials?.length === 1)

    // This browser took nothing: no 收件清单 kept in its session, so what it shows is the server's.
    const { page, context } = await c.as('clerk')
    await page.goto(`/desk/projects/${projectId}/receipts/${received.applicationId}`)
    const receipt = page.getByLabel('接件回执', { exact: true })
    await expect.poll(() => receipt.getByRole('heading', { name: '接件回执' }).count()).toBe(1)
    const list = receipt.getByRole('table', { name: '收件清单' })
    await expect
      .poll(() => list.getByRole('row').filter({ hasText: '施工合同' }).textContent())
      .toContain('容缺后补（2026年3月20日前补交）')
    await expect.poll(() => receipt.textContent()).toContain('容缺材料（须在承诺日期前补交）')
    expect(await receipt.getByRole('listitem').filter({ hasText: '施工合同' }).textContent()).toBe(
      '施工合同：2026年3月20日前补交',
    )
    await expectAccessible(page)

    // 受理: the owed material is the application's deficiency, on the 受理回执 as before.
    expectStatus(
      await c.world.api('POST', `/api/v1/applications/${received.applicationId}/accept`, c.world.token('clerk'), {}),
      200,
    )
    await statusWhen(c.world, projectId, (s) => known(s)?.deficiencies.length === 1)
    await page.reload()
    const acceptance = page.getByLabel('受理回执', { exact: true })
    await expect.poll(() => acceptance.getByRole('heading', { name: '受理回执' }).count()).toBe(1)
    await expect
      .poll(() => acceptance.getByRole('listitem').filter({ hasText: '施工合同' }).textContent())
      .toBe('施工合同：2026年3月20日前补交')
    await context.close()
  }, 240_000)
})
