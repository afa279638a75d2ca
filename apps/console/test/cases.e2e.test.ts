import {
  act,
  applicationIn,
  approveFirstStep,
  approveStep,
  completionCalls,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  type OpenedAcceptanceCase,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  uniqueCode,
  until,
} from '@onewindow/e2e/flows'
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { departmentName } from '../src/departments.js'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Screen 5 of issue 14: the lead department's acceptance case, a utility provider's queue, the registrar's cases,
// each reaching a real case (the earlier stages driven through the API) and doing one action from the screen.

let c: ConsoleWorld
let projectId = ''
let caseId = ''
const owner = owners.a
const LEAD = 'housing-construction'
type Owner = { name: string; creditCode: string }
const SURVEYOR = { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' }
// 用地清单: the plot the project stands on publishes the water connection point its hookup works from.
const plotCode = `FS-${uniqueCode().slice(-10)}`
const WATER_POINT = { point: '桂澜路DN400给水管 J-7', requirement: '接驳管径DN150' }

/**
 * Foshan's industrial project, every permit approved. With a plot, it stands on that plot's list and names water and
 * gas hookups on its permits application; without, it names none (its cases stay out of the providers' queues).
 */
async function permittedProject(plotCode?: string, who: Owner = owner): Promise<string> {
  const { world } = c
  const id = await registerProject(world, industrialProject(who))
  if (plotCode) {
    const plot = expectStatus(
      await world.api('POST', '/api/v1/plots', world.token('admin'), {
        plotCode,
        name: '南海工业园C-05地块',
        region: '440600',
        soldOn: '2026-02-27',
        entries: [{ kind: 'greening', text: '绿地率不高于20%' }],
        connectionPoints: [{ utility: 'water', ...WATER_POINT }],
      }),
      201,
    ).plot
    expectStatus(
      await world.api('POST', `/api/v1/projects/${id}/plot`, world.token('clerk'), { plotId: plot.plotId }),
      200,
    )
  }
  const utilities = [
    { provider: 'water', lengthM: 120, diameterMm: 150 },
    { provider: 'gas', lengthM: 800, diameterMm: 250 },
  ]
  const opened = expectStatus(
    await openApplication(world, id, {
      step: 'permits',
      form: plotCode ? { utilities } : {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    world,
    id,
    (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
  )
  for (const t of s.tasks.filter((x) => x.applicationId === opened.applicationId)) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(world, id, (x) => applicationIn(x, opened.applicationId).decision?.outcome === 'approved')
  return id
}

/** The owner's one acceptance application (一口受理), once acceptance has learned the permit was granted. */
async function applyForAcceptance(id: string, who: Owner = owner): Promise<string> {
  const bearer = c.world.token('owner', { creditCode: who.creditCode })
  let res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await c.world.api('POST', `/api/v1/projects/${id}/acceptance`, bearer, {})
    return false
  })
  return expectStatus(res, 201).case.caseId
}

/** 多测合一: the owner commissions the completion survey and the surveying unit records every result once. */
async function completionSurveyed(id: string, who: { creditCode: string }): Promise<string> {
  const bearer = c.world.token('owner', { creditCode: who.creditCode })
  const commission = async () =>
    c.world.api('POST', `/api/v1/projects/${id}/survey-commissions`, bearer, {
      stage: 'completion',
      surveyor: SURVEYOR,
    })
  // Acceptance learns of the project from its registration event: until then it answers 404.
  let res = await commission()
  await until(async () => {
    if (res.status !== 404) return true
    res = await commission()
    return false
  })
  const commissioned = expectStatus(res, 201).commission as { commissionId: string; items: Array<{ item: string }> }
  const results = commissioned.items.map((i) => ({
    item: i.item,
    documentRef: `doc://survey/${i.item}.pdf`,
    ...(i.item === 'floor-area-survey' ? { areaM2: 15980.5 } : {}),
  }))
  const unit = c.world.token('surveyor', { creditCode: SURVEYOR.creditCode })
  expectStatus(
    await c.world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, { results }),
    200,
  )
  return commissioned.commissionId
}

type Case = {
  caseId: string
  status: string
  inspection?: { date: string; place: string }
  items: Array<{ item: string; department: string }>
  opinionNumber?: string
  clock?: { suspensions: unknown[] }
}
const leadCase = async (): Promise<Case | undefined> => {
  const res = await c.world.api('GET', '/api/v1/acceptance', c.world.token('lead', { department: LEAD }))
  return (expectStatus(res, 200).cases as Case[]).find((x) => x.caseId === caseId)
}

/** A project's name and 项目代码, as a clerk reads them: what a registrar's or provider's row names it by. */
async function titleOf(id: string): Promise<{ name: string; projectCode: string; location: string }> {
  const res = await c.world.api('GET', `/api/v1/projects/${id}`, c.world.token('clerk'))
  return expectStatus(res, 200).project as { name: string; projectCode: string; location: string }
}

// The departments of Foshan's joint acceptance as Foshan's catalogue names its bureaus (440600.yaml).
const FOSHAN: Record<string, string> = {
  'housing-construction': '佛山市住房城乡建设局',
  'natural-resources': '佛山市自然资源局',
  'civil-air-defence': '佛山市人防办',
}

/** How the browser lays a piece of text out: `nowrap` keeps a date, a code or a heading in one piece. */
const whiteSpaceOf = (l: Locator) => l.evaluate((el) => getComputedStyle(el).whiteSpace)

type Registration = {
  caseId: string
  projectId: string
  status: string
  caseNumber?: string
  certificateId?: string
  certificateNumber?: string
  acceptanceOpinion?: { number?: string; passedOn: string }
  part?: string
}
const registrationOf = async (id: string): Promise<Registration | undefined> =>
  (
    expectStatus(await c.world.api('GET', `/api/v1/registrations?project=${id}`, c.world.token('registrar')), 200)
      .registrations as Registration[]
  )[0]

/**
 * Shanwei's simple low-risk project through joint acceptance (its six-item bundle holds the construction permit):
 * Shanwei issues no certificate with the pass (004:1816), so its first-registration case opens for the registrar.
 */
async function openRegistration(who: Owner, acceptance: { part?: string } = {}): Promise<string> {
  const { world } = c
  const id = await registerProject(world, lowRiskFactory(who))
  await approveFirstStep(world, id)
  await approveStep(
    world,
    id,
    'six-item-bundle',
    sixItemMaterials.map((m) => m.code),
  )
  const calls = completionCalls(world)
  let res = await calls.applyForAcceptance(id, who, acceptance)
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await calls.applyForAcceptance(id, who, acceptance)
    return false
  })
  const opened = expectStatus(res, 201).case as OpenedAcceptanceCase
  await until(async () => (await registrationOf(id))?.status === 'pre-survey')
  expectStatus(await calls.passPreSurvey((await registrationOf(id))?.caseId ?? ''), 200)
  expectStatus(await calls.scheduleInspection(opened, '2026-03-09'), 200)
  for (const item of opened.items) expectStatus(await calls.recordOpinion(opened, item, { opinion: 'pass' }), 200)
  await until(async () => (await registrationOf(id))?.status === 'open', 60_000)
  return id
}

beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await permittedProject(plotCode)
  caseId = await applyForAcceptance(projectId)
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('screen 5: joint acceptance, utilities, registration', () => {
  it('the registrar passes the pre-survey that joint acceptance started, from its cases', async () => {
    const mine = () => registrationOf(projectId)
    await until(async () => (await mine())?.status === 'pre-survey')

    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    await expect.poll(() => page.getByRole('heading', { name: '不动产登记' }).count()).toBe(1)
    await expect.poll(() => page.getByText('权籍调查中').count()).toBeGreaterThan(0)
    // The case names its project as a person knows it — its name and 项目代码 — not by its id, which the registrar
    // cannot open.
    const title = await titleOf(projectId)
    const row = page.getByRole('row').filter({ hasText: title.projectCode })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain(title.name)
    expect(await row.textContent()).not.toContain(projectId.slice(-12))
    // The case itself is named by its 受理编号, which a person reads out, not by the tail of its id.
    const registration = await mine()
    expect(registration?.caseNumber).toMatch(/^DJ-440600-2026-\d{6}$/)
    expect(await row.getByRole('cell').first().textContent()).toBe(registration?.caseNumber)
    expect(await row.textContent()).not.toContain(registration?.caseId.slice(-12))
    // The owner applied for the whole project's acceptance: the case registers the whole project and names no part.
    expect(registration?.part).toBeUndefined()
    expect(await row.locator('[data-registration-part]').count()).toBe(0)
    // Headings, the day and the 项目代码 are never broken mid-word (登记时/限, 2026年3月2/日, a code split in two).
    for (const name of ['案件编号', '权籍调查', '联合验收意见书', '开始日期', '登记时限', '不动产权证书']) {
      expect(await whiteSpaceOf(page.getByRole('columnheader', { name })), name).toBe('nowrap')
    }
    expect(await whiteSpaceOf(row.getByText('2026年3月2日', { exact: true }))).toBe('nowrap')
    expect(await whiteSpaceOf(row.getByText(title.projectCode, { exact: true }))).toBe('nowrap')
    await expectAccessible(page)
    await screenshot(page, 'registration')
    await page.getByRole('button', { name: '权籍调查通过' }).first().click()
    await expect.poll(async () => (await mine())?.status).toBe('pre-survey-passed')
    await expect.poll(() => page.getByText('权籍调查已通过，待验收').count()).toBeGreaterThan(0)
    await context.close()
  })

  it("the registrar's cases show the pre-survey that used the completion survey instead of surveying again", async () => {
    // Another owner's project, so the lead's list below still names one case of owner A.
    const surveyed = await permittedProject(undefined, owners.b)
    const commissionId = await completionSurveyed(surveyed, owners.b)
    await applyForAcceptance(surveyed, owners.b)
    const registrar = c.world.token('registrar')
    await until(async () => {
      const list = expectStatus(await c.world.api('GET', `/api/v1/registrations?project=${surveyed}`, registrar), 200)
        .registrations as Array<{ status: string }>
      return list[0]?.status === 'pre-survey-passed'
    }, 60_000)

    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    const codes = new Map([
      [surveyed, (await titleOf(surveyed)).projectCode],
      [projectId, (await titleOf(projectId)).projectCode],
    ])
    const rowOf = (id: string) => page.getByRole('row').filter({ hasText: codes.get(id) ?? id })
    await expect.poll(() => rowOf(surveyed).count()).toBe(1)
    const used = rowOf(surveyed).locator('[data-shared="pre-survey-by"]')
    await expect.poll(() => used.count()).toBe(1)
    // Named by the surveying unit that made it and the day it was complete, never by the commission's id.
    expect(await used.textContent()).toBe(
      `沿用${SURVEYOR.name}的多测合一竣工测绘成果（2026年3月2日测绘完成，房产测量面积 15980.5 平方米），未另行调查`,
    )
    expect(await used.textContent()).not.toContain(commissionId.slice(-12))
    // The case whose pre-survey the registrar passed itself names no commission.
    expect(await rowOf(projectId).locator('[data-shared="pre-survey-by"]').count()).toBe(0)
    await expect.poll(() => rowOf(projectId).getByText('登记机构调查', { exact: true }).count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  }, 240_000)

  it("a utility provider sees its request's stages and records the survey done", async () => {
    const water = c.world.token('utility', { provider: 'water' })
    type Request = { requestId: string; provider: string; stage: string }
    const mine = async () =>
      (
        expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, water), 200)
          .requests as Request[]
      )[0]
    await until(async () => (await mine())?.stage === 'survey')

    const { page, context } = await c.as('utility', { provider: 'water' })
    await page.goto('/utility')
    await expect.poll(() => page.getByRole('heading', { name: '报装申请' }).count()).toBe(1)
    await expect.poll(() => page.getByText('供水报装').count()).toBe(1)
    // The gas provider's request is not in the water provider's queue.
    expect(await page.getByText('供气报装').count()).toBe(0)
    await expect.poll(() => page.getByText('长度 120 米，管径 DN150').count()).toBe(1)
    // The request names the project it connects, by its name and 项目代码.
    const title = await titleOf(projectId)
    const row = page.getByRole('row').filter({ hasText: '供水报装' })
    expect(await row.textContent()).toContain(title.name)
    expect(await row.textContent()).toContain(title.projectCode)
    // 用地清单: the hookup works from the connection point the plot's list published, named with the list.
    await expect
      .poll(() =>
        page
          .getByText(`接驳点 ${WATER_POINT.point}（用地清单 ${plotCode}：${WATER_POINT.requirement}）`, {
            exact: false,
          })
          .count(),
      )
      .toBe(1)
    // The water line is under Foshan's low-risk thresholds: its works plan is filed, no permit applied for
    // (告知承诺免审批 / 非禁免批, 004:2197–2199) — said so in the row and in its stages, which skip 外线行政审批.
    expect(await row.textContent()).toContain('告知承诺免审批（报备施工方案）')
    expect(await row.textContent()).not.toContain('备案即可')
    const stages = page.locator('.ant-steps')
    await expect.poll(() => stages.count()).toBe(1)
    expect(await stages.textContent()).toContain('免审批（报备施工方案）')
    expect(await stages.textContent()).not.toContain('外线行政审批')
    // Headings, the day and the 项目代码 are never broken mid-word (报装/类别, 2026年3/月2日, a code split in two).
    for (const name of ['报装类别', '办理方式', '当前阶段', '受理日期']) {
      expect(await whiteSpaceOf(page.getByRole('columnheader', { name })), name).toBe('nowrap')
    }
    expect(await whiteSpaceOf(row.getByText('2026年3月2日', { exact: true }))).toBe('nowrap')
    expect(await whiteSpaceOf(row.getByText(title.projectCode, { exact: true }))).toBe('nowrap')
    await expectAccessible(page)
    await screenshot(page, 'utility')
    await page.getByRole('button', { name: '完成现场勘察' }).click()
    await expect.poll(async () => (await mine())?.stage).toBe('plan')
    await expect.poll(() => page.getByRole('button', { name: '完成接入方案' }).count()).toBe(1)
    await context.close()
  })

  it("a provider's request over the thresholds goes through 外线行政审批, decided by the departments; Foshan sets it no limit, so the screen says 时限未定", async () => {
    const gas = c.world.token('utility', { provider: 'gas' })
    type Request = { requestId: string; stage: string; permitsClock?: unknown }
    const mine = async () =>
      (
        expectStatus(await c.world.api('GET', `/api/v1/utility-requests?project=${projectId}`, gas), 200)
          .requests as Request[]
      )[0]
    await until(async () => (await mine())?.stage === 'survey')
    const step = async (action: string) =>
      expectStatus(
        await c.world.api('POST', `/api/v1/utility-requests/${(await mine())?.requestId}/actions`, gas, { action }),
        200,
      )
    await step('survey-done')
    await step('plan-done')
    await until(async () => (await mine())?.stage === 'outside-line-permits')
    expect(await mine()).not.toHaveProperty('permitsClock')

    const { page, context } = await c.as('utility', { provider: 'gas' })
    await page.goto('/utility')
    const row = page.getByRole('row').filter({ hasText: '供气报装' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('需行政审批')
    const stages = page.locator('.ant-steps')
    await expect.poll(() => stages.count()).toBe(1)
    expect(await stages.textContent()).toContain('外线行政审批')
    // No day count borrowed from another region (Qinzhou's 3 W): the limit is said to be unset, with no clock.
    const permits = page.getByText('外线审批：', { exact: false })
    await expect.poll(() => permits.count()).toBe(1)
    expect(await permits.textContent()).toContain('并联审批时限未定')
    expect(await permits.textContent()).not.toContain('工作日')
    // 并联审批: Foshan's catalogue names the departments, which decide on the platform; the provider records nothing.
    const online = row.getByTestId('permit-online')
    await expect.poll(() => online.count()).toBeGreaterThan(0)
    expect(await online.first().textContent()).toMatch(/^占用挖掘道路许可由.+在线审批（审批中）$/)
    expect(await row.getByRole('button', { name: /^登记.*决定$/ }).count()).toBe(0)
    await expectAccessible(page)
    await context.close()
  })

  it('the lead department schedules the joint inspection from the case page; after every opinion, the letter', async () => {
    await until(async () => (await leadCase())?.status === 'open')
    const title = await titleOf(projectId)
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto('/acceptance')
    await expect.poll(() => page.getByRole('heading', { name: '联合验收' }).count()).toBe(1)
    // The list names the case by its project — name and 项目代码 — beside its owner.
    const listed = page.getByRole('row').filter({ hasText: title.projectCode })
    await expect.poll(() => listed.count()).toBe(1)
    expect(await listed.textContent()).toContain(owner.name)
    expect(await listed.getByRole('link').textContent()).toBe(title.name)
    await listed.getByRole('link', { name: title.name }).click()
    await expect.poll(() => page.url()).toMatch(new RegExp(`/acceptance/${caseId}$`))
    await expect.poll(() => page.getByText('已受理，待安排现场检查').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('heading', { name: `联合验收案件 · ${title.name}` }).count()).toBe(1)
    const details = page.locator('.ant-descriptions').first()
    for (const shown of [title.name, title.projectCode, title.location, owner.name]) {
      expect(await details.textContent()).toContain(shown)
    }
    // A label is one line: 统一社会信用代码 is not broken after 信用.
    const label = details.locator('.ant-descriptions-item-label').filter({ hasText: '统一社会信用代码' })
    expect(await label.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap')
    const lineHeight = await label.evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight))
    expect((await label.boundingBox())?.height ?? 0).toBeLessThan(lineHeight * 2)
    // Foshan's 8 W count every working day (004:2169): no 公示 is left out of them, and none is asked for.
    const limit = details.getByTestId('clock-limit')
    expect(await limit.textContent()).toMatch(/^8 个工作日，自\d{4}年\d{1,2}月\d{1,2}日次一工作日起算$/)
    expect(await page.getByText('公示', { exact: false }).count()).toBe(0)

    // Every department with a pending item is checked and cannot be unchecked: the route refuses one left out.
    const departments = [...new Set((await leadCase())?.items.map((i) => i.department))]
    expect(departments.length).toBeGreaterThan(1)
    for (const d of departments) {
      const box = page.getByRole('checkbox', { name: FOSHAN[d] ?? d })
      expect(await box.isChecked()).toBe(true)
      expect(await box.isDisabled()).toBe(true)
    }
    // A day before the legal today (2 March) cannot be picked; today and after can.
    await page.getByLabel('检查日期').fill('2026-03-09')
    const cell = (day: string) => page.locator(`td.ant-picker-cell-in-view[title="${day}"]`)
    await expect.poll(() => cell('2026-03-01').count()).toBe(1)
    expect(await cell('2026-03-01').getAttribute('class')).toContain('ant-picker-cell-disabled')
    expect(await cell('2026-03-02').getAttribute('class')).not.toContain('ant-picker-cell-disabled')
    await page.getByLabel('检查日期').press('Enter')
    await page.getByLabel('检查地点').fill('佛山市南海区工业园项目现场')
    await page.getByRole('button', { name: '安排现场检查' }).click()
    await expect.poll(async () => (await leadCase())?.status).toBe('scheduled')
    const scheduled = await leadCase()
    expect(scheduled?.inspection).toMatchObject({ date: '2026-03-09', place: '佛山市南海区工业园项目现场' })
    // Every department with an item was asked to take part, as the form proposed; no 公示 stopped the clock.
    expect([...new Set(scheduled?.items.map((i) => i.department))]).toEqual(departments)
    expect(scheduled?.clock?.suspensions).toEqual([])
    await expect.poll(() => page.getByText('第 1 轮：2026年3月9日', { exact: false }).count()).toBe(1)
    // The departments taking part named as Foshan names its bureaus, never by their codes.
    const inspection = (await page.getByText('第 1 轮：2026年3月9日', { exact: false }).textContent()) ?? ''
    expect(inspection).toContain(`参加部门 ${departments.map((d) => FOSHAN[d]).join('、')}`)
    for (const d of departments) expect(inspection).not.toContain(d)

    // Every department passes its items (the lead's own through the API too); the letter is issued once.
    c.world.clock.set('2026-03-09T01:00:00Z')
    for (const item of scheduled?.items ?? []) {
      const bearer = c.world.token('reviewer', { department: item.department })
      const res = await c.world.api('POST', `/api/v1/acceptance/${caseId}/opinions`, bearer, {
        item: item.item,
        opinion: 'pass',
      })
      expectStatus(res, 200)
    }
    await until(async () => (await leadCase())?.opinionNumber !== undefined)
    const passed = await leadCase()
    await page.reload()
    await expect.poll(() => page.getByText('联合验收意见书').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText(passed?.opinionNumber ?? '?').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('验收通过').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('button', { name: '打印' }).count()).toBe(1)
    // The letter, which is printed and filed, names the project it accepts and its lead bureau as Foshan names it;
    // Foshan's letter is the completion-acceptance filing (004:2279).
    const letter = (await page.locator('.ant-card').filter({ hasText: '意见书编号' }).textContent()) ?? ''
    for (const shown of [title.name, title.projectCode, title.location, '佛山市住房城乡建设局']) {
      expect(letter).toContain(shown)
    }
    expect(letter).not.toContain(departmentName(LEAD))
    expect(letter).toContain(
      '经联合验收，各事项均已通过，同意通过竣工联合验收。本意见书视为完成竣工验收备案，建设单位无需再单独办理竣工验收备案。',
    )
    const shown = (await page.locator('body').textContent()) ?? ''
    expect(departments.filter((d) => shown.includes(d))).toEqual([])
    // The acceptance clock counts from the working day after its start, as every clock on the console says it.
    expect(shown).toMatch(/个工作日，自\d{4}年\d{1,2}月\d{1,2}日次一工作日起算/)
    expect(shown).not.toMatch(/自\d{4}年\d{1,2}月\d{1,2}日起算/)
    await expectAccessible(page)
    await screenshot(page, 'acceptance')
    await context.close()
  })

  it('the registrar completes a registration only after confirming what will be issued, and reads the certificate by its number', async () => {
    // 竣工一幢、验收一幢、登记一幢: the owner had one building accepted on its own; the case registers it.
    const shanwei = await openRegistration(owners.c, { part: '1号厂房' })
    const title = await titleOf(shanwei)
    const mine = () => registrationOf(shanwei)
    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    const row = page.getByRole('row').filter({ hasText: title.projectCode })
    const complete = row.getByRole('button', { name: '办结登记并发证' })
    await expect.poll(() => complete.count()).toBe(1)

    // What the registration rests on (004:1816): the 联合验收意见书 by its number and the day joint acceptance passed,
    // on the row and again in the confirmation.
    const opinion = (await mine())?.acceptanceOpinion
    expect(opinion?.number).toMatch(/^LHYS-/)
    const [y, m, d] = (opinion?.passedOn ?? '').split('-').map(Number)
    const passedOn = `${y}年${m}月${d}日`
    expect((await mine())?.part).toBe('1号厂房')
    // The building is named under the project it belongs to.
    const project = row.getByRole('cell').nth(1)
    expect(await project.locator('[data-registration-part]').textContent()).toBe('登记范围：1号厂房')
    expect(await project.textContent()).toContain(title.name)
    const shownOpinion = (await row.getByRole('cell').nth(4).textContent()) ?? ''
    expect(shownOpinion).toBe(`验收意见书编号 ${opinion?.number}验收通过日期 ${passedOn}`)
    expect(await whiteSpaceOf(row.getByText(opinion?.number ?? '?', { exact: true }))).toBe('nowrap')

    // One click says what will be issued and sends nothing: 不动产首次登记 of this project, its 不动产权证书, and the
    // 坐落, the project's location unless the registrar records another.
    await complete.click()
    const dialog = page.getByRole('dialog', { name: '确认办结登记并发证' })
    await expect.poll(() => dialog.count()).toBe(1)
    const said = (await dialog.textContent()) ?? ''
    for (const part of ['不动产首次登记', '不动产权证书', title.name, title.projectCode]) expect(said).toContain(part)
    expect(said).toContain(`验收意见书编号${opinion?.number}`)
    expect(said).toContain(`验收通过日期${passedOn}`)
    expect(said).toContain('登记范围1号厂房')
    expect(await dialog.getByLabel('坐落').inputValue()).toBe(lowRiskFactory().location)
    // A building's floor area is asked for, not taken from the project: left empty, the certificate carries none.
    expect(await dialog.getByLabel('本幢建筑面积（平方米）').inputValue()).toBe('')
    expect(said).toContain('项目的面积不是本幢的面积')
    await expectAccessible(page)
    // antd spaces a two-character button's label (取 消).
    await dialog.getByRole('button', { name: /^取\s?消$/ }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect((await mine())?.status).toBe('open')

    await complete.click()
    await dialog.getByLabel('本幢建筑面积（平方米）').fill('1234.5')
    await expect.poll(async () => (await dialog.textContent()) ?? '').toContain('证书载明此面积')
    await dialog.getByRole('button', { name: '确认发证' }).click()
    await expect.poll(async () => (await mine())?.status).toBe('completed')
    const done = await mine()
    // The certificate is named by the 证照编号 printed on it, never by its id.
    expect(done?.certificateNumber).toMatch(/^粤\(2026\)441500不动产权第\d{7}号$/)
    const number = row.getByText(done?.certificateNumber ?? '?', { exact: true })
    await expect.poll(() => number.count()).toBe(1)
    expect(await whiteSpaceOf(number)).toBe('nowrap')
    expect(await row.textContent()).not.toContain(done?.certificateId)
    const issued = expectStatus(
      await c.world.api('GET', `/api/v1/certificates/${done?.certificateId}`, c.world.token('registrar')),
      200,
    ).certificate as { body: { number: string; parcel?: string; part?: string; floorAreaM2?: number } }
    expect(issued.body).toMatchObject({
      number: done?.certificateNumber,
      parcel: lowRiskFactory().location,
      part: '1号厂房',
      floorAreaM2: 1234.5,
    })

    // 查看证书: the certificate itself, with its QR code and the public verification page it opens.
    await row.getByRole('button', { name: '查看证书' }).click()
    const card = page.getByRole('dialog', { name: '不动产权证书' })
    await expect.poll(() => card.getByText(`证照编号：${done?.certificateNumber}`).count()).toBe(1)
    // The certificate names the building it registers, on the card and on the verification page it opens.
    await expect.poll(() => card.getByText('登记范围：1号厂房').count()).toBe(1)
    const verify = card.getByRole('link', { name: '打开核验页面' })
    const verifyAt = (await verify.getAttribute('href')) ?? ''
    expect(verifyAt).toMatch(new RegExp(`^/verify\\?id=${done?.certificateId}&d=`))
    await expectAccessible(page)
    await page.keyboard.press('Escape')
    await expect.poll(() => card.count()).toBe(0)

    // The owner's 办理记录 names the building on the registration's lines, from the entries' own `part`.
    const own = await c.as('owner', { creditCode: owners.c.creditCode })
    await own.page.goto(`/projects/${shanwei}`)
    const record = own.page
    await expect.poll(() => record.getByText('不动产首次登记已办结（1号厂房）', { exact: true }).count()).toBe(1)
    expect(await record.getByText('不动产首次登记已受理（1号厂房）', { exact: true }).count()).toBe(1)
    await own.context.close()

    // Foshan's industrial project issues its certificate with the joint acceptance's pass (验收即发证): its case too
    // names the certificate by its number.
    await until(async () => (await registrationOf(projectId))?.status === 'completed')
    const foshan = await registrationOf(projectId)
    expect(foshan?.certificateNumber).toMatch(/^粤\(2026\)440600不动产权第\d{7}号$/)
    await page.reload()
    const foshanRow = page.getByRole('row').filter({ hasText: (await titleOf(projectId)).projectCode })
    await expect.poll(() => foshanRow.getByText(foshan?.certificateNumber ?? '?', { exact: true }).count()).toBe(1)

    // The owner has the project's second building accepted on its own: a second case of the same project, told apart
    // from the first by the building it registers.
    const second = await completionCalls(c.world).applyForAcceptance(shanwei, owners.c, { part: '2号厂房' })
    expectStatus(second, 201)
    await until(async () => {
      const res = await c.world.api('GET', `/api/v1/registrations?project=${shanwei}`, c.world.token('registrar'))
      return (expectStatus(res, 200).registrations as Registration[]).some((r) => r.part === '2号厂房')
    }, 60_000)
    await page.reload()
    await expect.poll(() => row.count()).toBe(2)
    const parts = await Promise.all([0, 1].map((i) => row.nth(i).locator('[data-registration-part]').textContent()))
    expect(parts.sort()).toEqual(['登记范围：1号厂房', '登记范围：2号厂房'])

    // The public verification page shows what the certificate says, the building it registers among it.
    await page.goto(verifyAt)
    await expect.poll(() => page.getByText('有效', { exact: true }).count()).toBe(1)
    const certified = page.getByText('1号厂房', { exact: true })
    await expect.poll(() => certified.count()).toBe(1)
    expect(await page.getByText('登记范围', { exact: true }).count()).toBe(1)
    await context.close()
  }, 240_000)
})
