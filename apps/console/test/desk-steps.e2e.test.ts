import {
  approveFirstStep,
  approveStep,
  expectStatus,
  lowRiskFactory,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  until,
} from '@onewindow/e2e/flows'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Monday 2 March 2026, 09:00 in Beijing.
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** The steps the clerk's 综合申请 offers (`pages/clerk/open-application.tsx`), beyond the first step desk.e2e opens. */
describe('the clerk’s 综合申请 on the later steps', () => {
  it('a clerk names a power hookup with the permits of the hookup step; the power provider has the request', async () => {
    // Shanwei: water and power hookups are applied for with the permits in one application (004:1808).
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, projectId)
    const { page, context } = await c.as('clerk')
    await page.goto(`/desk/projects/${projectId}`)
    await expect.poll(() => page.getByText('报装需求', { exact: true }).count()).toBe(1)
    await page.getByRole('checkbox', { name: '供电报装' }).check()
    const power = page.getByRole('group', { name: '供电报装' })
    await expect.poll(() => power.getByLabel('供电报装 外线长度（米）').count()).toBe(1)
    // Only the power line's own measures: no DN for a cable.
    expect(await power.getByLabel('供电报装 管径（DN，毫米）').count()).toBe(0)
    await power.getByLabel('供电报装 外线长度（米）').fill('80')
    await power.getByLabel('供电报装 供电电压（千伏）').fill('10')
    await yesOrNo(power, '是否新建电缆通道', '否')
    await yesOrNo(power, '是否涉及城市主干道', '否')
    // Bounded as the contract bounds it: 1,100 kV is the most a line may name.
    await power.getByLabel('供电报装 供电电压（千伏）').fill('5000')
    await power.getByLabel('供电报装 供电电压（千伏）').blur()
    await expect.poll(() => power.getByLabel('供电报装 供电电压（千伏）').inputValue()).toBe('1100')
    await power.getByLabel('供电报装 供电电压（千伏）').fill('10')
    await receiveAll(page)
    // 004:1814's two facts, required on the bundle's form (follow-on.e2e covers leaving them blank).
    for (const fact of ['建筑物门口朝向已确定', '门牌号所朝向的街路巷名称已命名']) {
      await page.getByRole('radiogroup', { name: fact }).getByRole('radio', { name: '是' }).check()
    }
    await expect.poll(() => page.getByText('计算中…').count()).toBe(0)
    await expectAccessible(page)
    await screenshot(page, 'desk-hookups')

    // 申请联系人/联系电话 go to the providers with the hookups: the phone is a phone number as the result-delivery phone
    // is (contracts' PhoneNumber; intake's INTAKE_CONTACT_INVALID otherwise), and the form says so before sending.
    const phone = page.getByLabel('联系电话', { exact: true })
    expect(await phone.getAttribute('maxlength')).toBe('25')
    await phone.fill('0771-1234567 转 8')
    await page.getByRole('button', { name: '提交受理' }).click()
    await expect.poll(() => page.getByText('请填写有效的电话号码').count()).toBe(1)
    await phone.fill('0660-3312345')
    await expect.poll(() => page.getByText('请填写有效的电话号码').count()).toBe(0)

    // A refusal of a hookup's field (here a voltage the desk cannot send, put in on the way) is said beside it, and
    // the form stays: the 一次性告知书 is for what the applicant must bring.
    await page.route(
      `**/api/v1/projects/${projectId}/applications`,
      async (route) => {
        const body = route.request().postDataJSON()
        body.form.utilities[0].voltageKv = 2000
        await route.continue({ postData: JSON.stringify(body) })
      },
      { times: 1 },
    )
    await page.getByRole('button', { name: '提交受理' }).click()
    await expect.poll(() => power.getByText('须为 0 至 1100 之间的数字').count()).toBe(1)
    expect(await page.getByText('报装需求填写有误，请按各项提示修改后重新提交受理。').count()).toBe(1)
    expect(await page.getByRole('heading', { name: '一次性告知书' }).count()).toBe(0)

    const sent = page.waitForRequest(
      (r) => r.url().endsWith(`/api/v1/projects/${projectId}/applications`) && r.method() === 'POST',
    )
    await page.getByRole('button', { name: '提交受理' }).click()
    const form = (await sent).postDataJSON().form
    expect(form.phone).toBe('0660-3312345')
    expect(form.utilities).toEqual([
      { provider: 'power', lengthM: 80, voltageKv: 10, newChannel: false, onMainRoad: false },
    ])
    await expect.poll(() => page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const applicationId = page.url().split('/').at(-1) as string
    await context.close()

    // The power provider's own list, through the gateway and on its page: the request from that application.
    const provider = c.world.token('utility', { provider: 'power' })
    type Request = { applicationId: string; provider: string; line: Record<string, unknown> }
    let requests: Request[] = []
    await until(async () => {
      const answer = await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, provider)
      requests = expectStatus(answer, 200).requests
      return requests.length > 0
    })
    expect(requests).toMatchObject([
      { applicationId, provider: 'power', line: { lengthM: 80, voltageKv: 10, newChannel: false, onMainRoad: false } },
    ])
    const water = c.world.token('utility', { provider: 'water' })
    expect(
      expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, water), 200).requests,
    ).toEqual([])
    const staff = await c.as('utility', { provider: 'power' })
    await staff.page.goto('/utility')
    const row = staff.page.getByRole('row').filter({ hasText: '供电报装' }).filter({ hasText: '长度 80 米' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('电压 10 千伏')
    await staff.context.close()
  }, 180_000)

  it('shows the completion steps but offers none: joint acceptance goes to the lead department, registration follows it', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, projectId)
    await approveStep(
      c.world,
      projectId,
      'six-item-bundle',
      sixItemMaterials.map((m) => m.code),
    )
    await statusWhen(c.world, projectId, (s) => s.currentStep === 'joint-acceptance')
    const { page, context } = await c.as('clerk')
    await page.goto(`/desk/projects/${projectId}`)
    await expect.poll(() => page.getByRole('heading', { name: '一窗受理 · 综合申请' }).count()).toBe(1)
    const note = page.getByRole('alert').filter({ hasText: '联合验收由牵头部门统一受理' })
    await expect.poll(() => note.count()).toBe(1)
    expect(await note.textContent()).toContain(
      '本项目已进入竣工联合验收和市政公用基础设施接入服务，该环节不在窗口申请。',
    )
    expect(await note.textContent()).toContain('不动产首次登记依联合验收结果办理，无需另行申请')
    // The current step is not chosen for the clerk: no checklist, nothing to submit.
    expect(await page.getByText('材料清单', { exact: true }).count()).toBe(0)
    expect(await page.getByRole('button', { name: '提交受理' }).isDisabled()).toBe(true)
    await page.getByLabel('办理环节', { exact: true }).click()
    const disabled = page.locator('.ant-select-item-option-disabled').filter({ visible: true })
    for (const name of ['竣工联合验收和市政公用基础设施接入服务', '不动产初始登记']) {
      await expect.poll(() => disabled.filter({ hasText: `${name}（不在窗口申请）` }).count()).toBe(1)
    }
    await page.keyboard.press('Escape')
    await expectAccessible(page)
    await screenshot(page, 'desk-completion')
    await context.close()
    // And intake refuses it through the gateway, whoever sends it.
    const refused = await c.world.api('POST', `/api/v1/projects/${projectId}/applications`, c.world.token('clerk'), {
      step: 'joint-acceptance',
      form: {},
      materials: [],
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ code: 'INTAKE_STEP_NOT_AT_WINDOW', step: 'joint-acceptance' })
  }, 180_000)
})

/** Marks every material the checklist still asks for as received. */
async function receiveAll(page: Page): Promise<void> {
  const rows = page.getByRole('row').filter({ has: page.getByRole('radio', { name: '已收取' }) })
  await expect.poll(() => rows.count()).toBeGreaterThan(0)
  for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).getByRole('radio', { name: '已收取' }).check()
}

/** Answers one yes/no question of a hookup (是 / 否). */
async function yesOrNo(scope: Locator, question: string, answer: '是' | '否'): Promise<void> {
  await scope.locator('.ant-form-item').filter({ hasText: question }).getByRole('radio', { name: answer }).check()
}
