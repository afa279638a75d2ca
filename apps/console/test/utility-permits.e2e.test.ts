import {
  approveStep,
  expectStatus,
  industrialShanwei,
  openApplication,
  owners,
  registerProject,
  uniqueCode,
  until,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, choose, expectAccessible, screenshot, startConsole } from './browser.js'

// The provider's 报装申请 page: each request's outside-line permits clock (due day, working days left, 预警, 超时) and
// each permit as the department concerned decided it, recorded by the provider from the written decision (004:2195).

let c: ConsoleWorld
let projectId = ''
type Permit = { kind: string; status: string; departmentName?: string; documentNo?: string; reason?: string }
type Request = {
  requestId: string
  provider: string
  stage: string
  version: number
  permits: Permit[]
  permitsClockAlerts?: { warnedOn?: string }
}

const gasCo = () => c.world.token('utility', { provider: 'gas' })
const mine = async (): Promise<Request | undefined> =>
  (
    expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, gasCo()), 200)
      .requests as Request[]
  )[0]

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  // Shanwei gives its outside-line permits 3 W (004:1774): the request has a clock to show.
  projectId = await registerProject(c.world, industrialShanwei(owners.b))
  const checklist = expectStatus(
    await c.world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, c.world.token('clerk')),
    200,
  ) as { materials: Array<{ code: string }> }
  expectStatus(
    await openApplication(c.world, projectId, {
      step: 'eight-item-bundle',
      // The desk's 申请联系人/联系电话 go to the provider with the hookup: it calls them, asking the owner nothing again.
      form: { contact: '李工', phone: '0660-3312345', utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] },
      materials: checklist.materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` })),
    }),
    201,
  )
  await until(async () => (await mine())?.stage === 'survey')
  const step = async (body: object) =>
    expectStatus(
      await c.world.api('POST', `/api/v1/utility-requests/${(await mine())?.requestId}/actions`, gasCo(), body),
      200,
    )
  await step({ action: 'survey-done' })
  await step({ action: 'plan-done', permits: ['road-excavation', 'green-space'] })
  // Thursday 5 March: the third of its 3 working days, so the service raises its 预警.
  c.world.clock.set('2026-03-05T02:00:00Z')
  await until(async () => (await mine())?.permitsClockAlerts?.warnedOn === '2026-03-05')
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** Fills the decision form: department, 文号, then the day (an Enter there may send it). */
async function fillDecision(page: Page, day: string) {
  await choose(page, '审批部门', '城市管理部门')
  await page.getByLabel('文号', { exact: true }).fill('汕城管许〔2026〕7号')
  await page.getByLabel('决定日期', { exact: true }).fill(day)
  await page.getByLabel('决定日期', { exact: true }).press('Enter')
}

/** Sends the open form unless the Enter on its day already did. */
async function send(page: Page) {
  // antd spaces a two-character button's text (登 记).
  const ok = page.getByRole('dialog').getByRole('button', { name: /^登\s?记$/ })
  if (await ok.isVisible()) await ok.click()
}

describe('报装申请: the permits clock and the departments’ decisions', () => {
  it('shows the due day, the working days left and 预警; records a grant and a refusal from the departments’ decisions, refusing a day not yet come', async () => {
    const { page, context } = await c.as('utility', { provider: 'gas' })
    await page.goto('/utility')
    const row = page.getByRole('row').filter({ hasText: '供气报装' })
    await expect.poll(() => row.count()).toBe(1)
    // 建设单位 with its credit code, and whom to call as the window desk recorded it on the combined application.
    const whom = await row.getByTestId('whom-to-call').textContent()
    expect(whom).toContain(`建设单位：${owners.b.name}（统一社会信用代码 ${owners.b.creditCode}）`)
    expect(whom).toContain('申请联系人：李工；联系电话：0660-3312345')
    // 3 W from Monday 2 March (counted from the next working day): due Thursday 5 March, read that day. The cell
    // says it in every case list's words (法定办结日, 剩余, 预警), the lead's and the registrar's.
    const clock = row.getByTestId('clock-cell')
    await expect.poll(() => clock.count()).toBe(1)
    const shown = (await clock.textContent()) ?? ''
    expect(shown).toContain('3 个工作日，自2026年3月2日次一工作日起算')
    expect(shown).toContain('法定办结日 2026年3月5日')
    expect(shown).toContain('剩余 0 个工作日')
    expect(await clock.getByText('预警', { exact: true }).count()).toBe(1)
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(0)
    expect(shown).not.toContain('超时')
    // The column sorts by due day, soonest first, as the lead's and the registrar's do.
    const header = page.getByRole('columnheader', { name: '外线审批时限' })
    expect(await header.getAttribute('aria-sort')).toBe('ascending')

    const permits = page.getByRole('table', { name: '外线审批事项' })
    await expect.poll(() => permits.getByRole('row').filter({ hasText: '审批中' }).count()).toBe(2)
    await expectAccessible(page)

    // A day after today is not the department's decision: refused in Chinese, naming the field; nothing recorded.
    const before = await mine()
    await row.getByRole('button', { name: '登记占用挖掘道路许可决定' }).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getByText('登记占用挖掘道路许可审批决定').count()).toBe(1)
    await fillDecision(page, '2026-03-06')
    await send(page)
    await expect.poll(() => dialog.getByText('决定日期不能晚于今天，也不能早于报装受理之日。').count()).toBe(1)
    expect((await mine())?.version).toBe(before?.version)

    await page.getByLabel('决定日期', { exact: true }).fill('2026-03-04')
    await page.getByLabel('决定日期', { exact: true }).press('Enter')
    await send(page)
    await expect.poll(async () => (await mine())?.permits[0]?.status).toBe('granted')
    const granted = (await mine())?.permits[0]
    expect(granted).toMatchObject({ documentNo: '汕城管许〔2026〕7号', decidedOn: '2026-03-04' })
    const road = permits.getByRole('row').filter({ hasText: '占用挖掘道路许可' })
    await expect.poll(async () => (await road.textContent()) ?? '').toContain('准予许可')
    expect(await road.textContent()).toContain('汕城管许〔2026〕7号')
    expect(await road.textContent()).toContain(granted?.departmentName ?? '城市管理部门')
    expect(await road.textContent()).toContain('2026年3月4日')

    // 不予许可, with the department's reason: the request keeps waiting on it.
    await row.getByRole('button', { name: '登记临时占用绿地许可决定' }).click()
    await page.getByRole('radio', { name: '不予许可' }).check()
    await page.getByLabel('不予许可理由', { exact: true }).fill('该绿地为公园绿地，不予占用')
    await fillDecision(page, '2026-03-05')
    await send(page)
    await expect.poll(async () => (await mine())?.permits[1]?.status).toBe('refused')
    const green = permits.getByRole('row').filter({ hasText: '临时占用绿地许可' })
    await expect.poll(async () => (await green.textContent()) ?? '').toContain('不予许可')
    expect(await green.textContent()).toContain('不予许可理由：该绿地为公园绿地，不予占用')
    expect((await mine())?.stage).toBe('outside-line-permits')
    // A refused permit may be decided again, once applied for anew.
    await expect.poll(() => row.getByRole('button', { name: '登记临时占用绿地许可决定' }).count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'utility-permits')

    // Friday 6 March, the green-space permit still undecided: one working day past the due day, 超时 and no 预警.
    c.world.clock.set('2026-03-06T02:00:00Z')
    await page.reload()
    await expect.poll(async () => (await clock.textContent()) ?? '').toContain('已超时 1 个工作日')
    expect(await clock.textContent()).toContain('法定办结日 2026年3月5日')
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(1)
    expect(await clock.getByText('预警', { exact: true }).count()).toBe(0)
    await context.close()
  })

  it('the owner’s progress page says how the departments stand on the hookup’s permits, in plain words', async () => {
    const { page, context } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${projectId}`)
    const gas = page.getByTestId('hookup-permits').filter({ hasText: '供气报装' })
    await expect.poll(async () => (await gas.textContent()) ?? '').toContain('需办理外线行政审批：')
    const said = (await gas.textContent()) ?? ''
    expect(said).toContain('占用挖掘道路许可已于2026年3月4日准予许可')
    expect(said).toContain('汕城管许〔2026〕7号')
    expect(said).toContain('临时占用绿地许可不予许可（理由：该绿地为公园绿地，不予占用），待供气单位重新申请')
    expect(said).toContain('审批时限至2026年3月5日，已超时 1 个工作日')
    // Whom the provider calls is the provider's to read: the owner's page never shows the desk's contact.
    expect(await page.getByText('0660-3312345').count()).toBe(0)
    await expectAccessible(page)
    await context.close()
  })
})

/** The materials the project's checklist asks for at `step`, every one. */
const checklistOf = async (id: string, step: string) =>
  (
    expectStatus(
      await c.world.api('GET', `/api/v1/projects/${id}/checklist?step=${step}`, c.world.token('clerk')),
      200,
    ) as { materials: Array<{ code: string }> }
  ).materials.map((m) => m.code)

describe('报装申请: a Foshan simple low-risk project’s outside line (非禁免批, 004:2159)', () => {
  it('says a 600 m water line needs no permit because of the project’s type, and files it at its plan', async () => {
    const simple = await registerProject(c.world, {
      name: '简易低风险仓库项目',
      owner: owners.a,
      projectCode: uniqueCode(),
      projectType: 'social-simple-low-risk',
      region: '440600',
      siteAreaM2: 8000,
      floorAreaM2: 6000,
      heightM: 12,
      investmentFen: 2_000_000_000,
      location: '佛山市顺德区工业园',
      facts: {
        investor: 'private',
        investmentManagement: 'filing',
        use: 'warehouse',
        singleBuildingAreaM2: 6000,
        heightM: 12,
        singleFunction: true,
        simpleTechnical: true,
      },
    })
    await approveStep(
      c.world,
      simple,
      'land-planning-and-filing',
      await checklistOf(simple, 'land-planning-and-filing'),
    )
    const step = 'planning-and-construction-permits'
    expectStatus(
      await openApplication(c.world, simple, {
        step,
        form: {
          contact: '陈工',
          phone: '0757-22345678',
          // Over Foshan's thresholds (500 m, DN200, 004:2139): another type's line would wait on two permits.
          utilities: [{ provider: 'water', lengthM: 600, diameterMm: 300, greenSpaceM2: 250 }],
        },
        materials: (await checklistOf(simple, step)).map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
      }),
      201,
    )
    const waterCo = () => c.world.token('utility', { provider: 'water' })
    const water = async () =>
      (
        expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${simple}`, waterCo()), 200)
          .requests as Array<Request & { lowRisk: boolean; permitsExemption?: { projectType: string } }>
      )[0]
    await until(async () => (await water())?.stage === 'survey')
    expect(await water()).toMatchObject({ lowRisk: true, permitsExemption: { projectType: 'social-simple-low-risk' } })

    const { page, context } = await c.as('utility', { provider: 'water' })
    await page.goto('/utility')
    const row = page.getByRole('row').filter({ hasText: '供水报装' }).filter({ hasText: '长度 600 米' })
    await expect.poll(() => row.count()).toBe(1)
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('非禁免批（免于外线行政审批）')
    expect(await row.textContent()).toContain('社会投资简易低风险工程建设项目')
    expect(await row.textContent()).not.toContain('需行政审批')

    await row.getByRole('button', { name: '完成现场勘察' }).click()
    await expect.poll(async () => (await water())?.stage).toBe('plan')
    await row.getByRole('button', { name: '完成接入方案' }).click()
    await expect.poll(async () => (await water())?.stage).toBe('construction')
    expect((await water())?.permits.map((p) => [p.kind, p.status])).toEqual([
      ['road-excavation', 'filed'],
      ['green-space', 'filed'],
    ])
    // The request, shown expanded, says why in the seed's words, and each filed permit under which regime.
    const why = page.getByTestId('permits-exemption')
    await expect.poll(() => why.count()).toBe(1)
    expect(await why.textContent()).toContain(
      '免于外线行政审批：社会投资简易低风险工程建设项目的外线工程实行“非禁免批”，不需办理项目规划、施工、占用挖掘道路、临时占用城市绿地等行政许可',
    )
    const permits = page.getByRole('table', { name: '外线审批事项' })
    await expect.poll(() => permits.getByRole('row').filter({ hasText: '已报备' }).count()).toBe(2)
    expect(await permits.textContent()).toContain('社会投资简易低风险工程建设项目非禁免批，报备施工方案后即可施工')
    expect(await permits.textContent()).not.toContain('审批中')
    await expectAccessible(page)
    await context.close()

    // The owner's progress page: no permit to wait for, and why.
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/projects/${simple}`)
    const hookup = owner.page.getByTestId('hookup-permits').filter({ hasText: '供水报装' })
    await expect.poll(async () => (await hookup.textContent()) ?? '').toContain('报备，可以施工')
    expect(await hookup.textContent()).toContain(
      '免于外线行政审批（社会投资简易低风险工程建设项目实行“非禁免批”）：施工方案已于',
    )
    expect(await hookup.textContent()).not.toContain('需办理外线行政审批')
    await owner.context.close()
  })
})
