import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  taskOf,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 整改 of a joint acceptance 告知承诺 breach, on the same screens as the approval stage's (004:1860 责令限期整改;
// docs/legal-time.md#整改-followed-through): the owner reports it on its 核查结论 card by the day, the archive
// department finds it not done on its case page's 整改情况 section — 逾期未整改 past the day — and takes the further
// measure (禁止选择告知承诺), which the section then shows.

let c: ConsoleWorld
const owner = owners.c
const ARCHIVE = 'urban-construction-archive-acceptance'
const ARCHIVES = 'urban-construction-archive'
type Item = { item: string; rectification?: { reports: unknown[]; escalation?: object } }

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/**
 * A project of `owner` through its six-item bundle, and its joint acceptance case opened naming the archive's
 * 告知承诺: what both tests start from.
 */
async function committedCase(owner: { name: string; creditCode: string }) {
  const { world } = c
  const projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application as { applicationId: string }
  for (const department of sixItemDepartments) {
    const task = await taskOf(world, department, application.applicationId)
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
  const ownerToken = world.token('owner', { creditCode: owner.creditCode })
  const archivist = world.token('reviewer', { department: ARCHIVES })
  let opened: { status: number; body: { case?: { caseId: string }; code?: string } } = { status: 0, body: {} }
  await until(async () => {
    opened = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken, {
      commitments: [ARCHIVE],
    })
    return opened.body.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED'
  }, 60_000)
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  const caseId = opened.body.case?.caseId as string
  return { projectId, caseId, ownerToken, archivist }
}

describe('整改 of a joint acceptance 告知承诺 breach, in the console', () => {
  it('the owner reports it on its card; the department finds it not done and takes the further measure', async () => {
    const { world } = c
    const { projectId, caseId, ownerToken, archivist } = await committedCase(owner)
    // Tuesday 10 March: the archive's 告知承诺 found not kept — 整改 by Friday 20 March.
    world.clock.set('2026-03-10T01:00:00Z')
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${caseId}/commitments`, archivist, {
        item: ARCHIVE,
        result: 'breached',
        findings: ['竣工图未归档'],
        measures: ['rectify'],
        rectifyBy: '2026-03-20',
      }),
      200,
    )
    const archiveItem = async (): Promise<Item | undefined> =>
      (
        expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, ownerToken), 200)
          .acceptance as Array<{
          caseId: string
          items: Item[]
        }>
      )
        .find((x) => x.caseId === caseId)
        ?.items.find((i) => i.item === ARCHIVE)

    // Friday 20 March, the last day: the owner reports it done on its 核查结论 card.
    world.clock.set('2026-03-20T01:00:00Z')
    const mine = await c.as('owner', { creditCode: owner.creditCode })
    await mine.page.goto(`/projects/${projectId}`)
    const card = mine.page.getByRole('region', { name: /告知承诺核查结论$/ })
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1)
    expect(await card.textContent()).toContain('整改状态：待整改')
    await card.getByRole('button', { name: '报告整改完成' }).click()
    await card.getByRole('textbox', { name: '整改情况' }).fill('竣工图已移交城建档案馆')
    await card.getByRole('button', { name: '提交整改情况' }).click()
    await expect
      .poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态：已报告整改完成，待验收部门确认')
    await expectAccessible(mine.page)
    await mine.context.close()
    await until(async () => ((await archiveItem())?.rectification?.reports.length ?? 0) === 1, 60_000)

    // Monday 23 March: the report still awaits review, so no further measure; found not done, it is overdue.
    world.clock.set('2026-03-23T01:00:00Z')
    const desk = await c.as('reviewer', { department: ARCHIVES })
    await desk.page.goto(`/acceptance/${caseId}`)
    const section = desk.page.getByRole('region', { name: /^告知承诺核查：.* 整改情况$/ })
    await expect.poll(() => section.count(), { timeout: 30_000 }).toBe(1)
    expect(await section.textContent()).toContain('整改状态 已报告整改完成，待验收部门确认')
    expect(await section.textContent()).toContain('建设单位报告：竣工图已移交城建档案馆')
    expect(await section.getByRole('button', { name: '采取进一步措施' }).count()).toBe(0)
    await section.getByRole('textbox', { name: '未完成的内容' }).fill('电子档案未移交')
    await section.getByRole('button', { name: '认定整改未完成' }).click()
    await expect
      .poll(async () => (await section.textContent()) ?? '', { timeout: 30_000 })
      .toContain('整改状态 逾期未整改')
    const measures = section.getByRole('group', { name: '进一步措施' })
    await expect.poll(() => measures.count(), { timeout: 30_000 }).toBe(1)
    await measures.getByRole('checkbox', { name: '禁止选择告知承诺' }).check()
    await section.getByLabel('禁止选择告知承诺至').fill('2026-09-30')
    await expectAccessible(desk.page)
    await section.getByRole('button', { name: '采取进一步措施' }).click()
    await expect
      .poll(async () => (await section.textContent()) ?? '', { timeout: 30_000 })
      .toContain('2026年3月23日已采取进一步措施：禁止选择告知承诺')
    expect(await section.getByRole('button', { name: '采取进一步措施' }).count()).toBe(0)
    await desk.context.close()
    await until(async () => (await archiveItem())?.rectification?.escalation !== undefined, 60_000)
  }, 240_000)

  it('a case failed by the breach itself takes no 整改: neither the owner nor the department is offered an act', async () => {
    const { world } = c
    // Another owner: the first test's further measure barred owners.c from 告知承诺.
    const owner = owners.a
    world.clock.set('2026-03-02T01:00:00Z')
    const { projectId, caseId, ownerToken, archivist } = await committedCase(owner)
    // Before the pass, a breach whose measures name 依法撤销 fails the case at once; its 整改 goes with it.
    world.clock.set('2026-03-10T01:00:00Z')
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${caseId}/commitments`, archivist, {
        item: ARCHIVE,
        result: 'breached',
        findings: ['竣工图未归档'],
        measures: ['rectify', 'revoke'],
        rectifyBy: '2026-03-20',
      }),
      200,
    )
    const report = await world.api('POST', `/api/v1/acceptance/${caseId}/commitment-rectification-report`, ownerToken, {
      item: ARCHIVE,
      statement: '竣工图已移交城建档案馆',
    })
    expect(report.status, JSON.stringify(report.body)).toBe(409)

    const mine = await c.as('owner', { creditCode: owner.creditCode })
    await mine.page.goto(`/projects/${projectId}`)
    const card = mine.page.getByRole('region', { name: /告知承诺核查结论$/ })
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 }).toContain('竣工图未归档')
    expect(await card.getByRole('button', { name: '报告整改完成' }).count()).toBe(0)
    await mine.context.close()

    const desk = await c.as('reviewer', { department: ARCHIVES })
    await desk.page.goto(`/acceptance/${caseId}`)
    const section = desk.page.getByRole('region', { name: /^告知承诺核查：.* 整改情况$/ })
    await expect.poll(() => section.count(), { timeout: 30_000 }).toBe(1)
    await expect
      .poll(async () => (await section.textContent()) ?? '', { timeout: 30_000 })
      .toContain('本次联合验收不予通过，整改不再进行')
    expect(await section.getByRole('button').count()).toBe(0)
    expect(await section.getByRole('group', { name: '进一步措施' }).count()).toBe(0)
    await expectAccessible(desk.page)
    await desk.context.close()
  }, 240_000)
})
