import {
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  taskOf,
  until,
} from '@onewindow/e2e/flows'
import { addDays, defaultCalendar, isoWeekday } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// 告知承诺事后核查 on the reviewer's task page (seeds 004:1860 有关审批部门要在规定时间内对申请人履行承诺情况进行检查……
// 采取整改、依法撤销许可或者禁止选择告知承诺等惩戒措施): the construction permit granted at once on the owner's commitment,
// its verify-by day passed unverified — the inbox row says so — and the department's reviewer records from the page a
// breach with 整改 (a weekend 整改期限 refused by the route, said under the field), then on a second project a breach
// with 依法撤销许可, which revokes the permit: the task reads 已撤销.

let c: ConsoleWorld
const LEAD = 'housing-construction'
const REGION = '441500'
const calendar = defaultCalendar()
type Told = {
  taskId: string
  status: string
  commitment?: { verifyBy: string; verification?: Record<string, unknown>; verificationOverdueOn?: string }
}

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** A project of `owner` with its construction permit granted on commitment, and its task as the status tells it. */
async function approvedOnCommitment(owner: { name: string; creditCode: string }) {
  const { world } = c
  const projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials,
      commitments: [{ item: 'construction-permit' }],
    }),
    201,
  ).application as { applicationId: string }
  const task = await taskOf(world, LEAD, application.applicationId)
  const told = async (): Promise<Told | undefined> =>
    (
      expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, world.token('supervisor')), 200)
        .tasks as Told[]
    ).find((t) => t.taskId === task.taskId)
  await until(async () => (await told())?.commitment !== undefined, 60_000)
  return { projectId, taskId: task.taskId, told }
}

/** A day as the console writes it. */
const chinese = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

/** The first day after `day` that is (or is not) a working day in Shanwei. */
const nextDay = (day: string, working: boolean, also: (d: string) => boolean = () => true): string => {
  let d = addDays(day, 1)
  while (calendar.isWorkingDay(d, REGION) !== working || !also(d)) d = addDays(d, 1)
  return d
}

describe('告知承诺事后核查 on the reviewer’s task page', () => {
  it('an overdue commitment marked in the inbox, recorded as a breach with 整改; another with 依法撤销许可 revokes the permit', async () => {
    const { world } = c
    const first = await approvedOnCommitment(owners.b)
    const verifyBy = (await first.told())?.commitment?.verifyBy ?? ''
    expect(verifyBy).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    // Three days past the verify-by day, unverified: approval reports it overdue.
    const today = addDays(verifyBy, 3)
    world.clock.set(`${today}T01:00:00Z`)
    await until(async () => (await first.told())?.commitment?.verificationOverdueOn !== undefined, 60_000)

    const { page, context } = await c.as('reviewer', { department: LEAD })
    await page.goto('/inbox')
    const row = page.locator(`tr[data-row-key="${first.taskId}"]`)
    await expect.poll(() => row.getByText('告知承诺逾期未核查', { exact: true }).count(), { timeout: 30_000 }).toBe(1)
    await expectAccessible(page)

    await page.goto(`/tasks/${first.taskId}?project=${first.projectId}`)
    const card = page.getByRole('region', { name: '告知承诺事后核查' })
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1)
    const promise = (await card.textContent()) ?? ''
    for (const shown of ['建设单位书面承诺符合', '的审批条件', '逾期未核查']) expect(promise).toContain(shown)
    expect(promise).toContain(`核查期限${chinese(verifyBy)}前`)

    // 与承诺不符: the breach form asks what differs and what was done before anything is sent.
    await card.getByRole('radio', { name: /与承诺不符/ }).check()
    await card.getByRole('button', { name: '记录核查结果' }).click()
    await expect.poll(() => card.getByText('请写明与承诺不符的情况', { exact: true }).count()).toBe(1)
    expect(await card.getByText('违诺时请至少选择一项惩戒措施', { exact: true }).count()).toBe(1)
    await card.getByLabel('情况 1', { exact: true }).fill('施工图设计文件未按承诺上传审查系统')
    await card.getByRole('checkbox', { name: '责令整改' }).check()
    // The day typed and the field left (Tab, not Enter, which would send the form): the picker shows it as chosen.
    const pickDay = async (day: string) => {
      await card.getByLabel('整改期限').fill(day)
      await card.getByLabel('整改期限').press('Tab')
      await expect.poll(() => card.getByLabel('整改期限').inputValue()).toBe(chinese(day))
    }
    // A Saturday: the form lets a day after today through, the route refuses one not worked — said under the field.
    const weekend = nextDay(addDays(today, 7), false, (d) => isoWeekday(d) === 6)
    const rectifyBy = nextDay(weekend, true)
    await pickDay(weekend)
    await card.getByRole('button', { name: '记录核查结果' }).click()
    await expect
      .poll(() => card.getByText(`须为今天（${chinese(today)}）之后的工作日`, { exact: true }).count(), {
        timeout: 30_000,
      })
      .toBe(1)
    // Above the form, the refusal's sentence and the field by its name.
    const refusal = (await card.getByRole('alert').first().textContent()) ?? ''
    expect(refusal).toContain('无法按所填内容记录核查结果')
    expect(refusal).toContain(`整改期限：须为今天（${chinese(today)}）之后的工作日`)
    expect((await first.told())?.commitment?.verification).toBeUndefined()
    await pickDay(rectifyBy)
    await expectAccessible(page)
    await card.getByRole('button', { name: '记录核查结果' }).click()
    await expect
      .poll(async () => (await first.told())?.commitment?.verification, { timeout: 30_000 })
      .toMatchObject({
        result: 'breached',
        findings: ['施工图设计文件未按承诺上传审查系统'],
        measures: ['rectify'],
        rectifyBy,
      })
    // Recorded, the form gives way to the verification; the permit stands.
    await expect.poll(() => card.getByRole('button', { name: '记录核查结果' }).count(), { timeout: 30_000 }).toBe(0)
    const recorded = (await card.textContent()) ?? ''
    for (const shown of [
      '核查状态已核查',
      '核查结果违诺',
      `核查日期${chinese(today)}`,
      '施工图设计文件未按承诺上传审查系统',
      '惩戒措施责令整改',
      `整改期限${chinese(rectifyBy)}`,
    ]) {
      expect(recorded).toContain(shown)
    }
    expect((await first.told())?.status).toBe('approved')
    await screenshot(page, 'reviewer-commitment')

    // The inbox row no longer asks for the verification.
    await page.goto('/inbox')
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => row.getByText(/告知承诺/).count(), { timeout: 30_000 }).toBe(0)

    // A second project, verified before its day: 依法撤销许可 revokes the permit with the record.
    const second = await approvedOnCommitment(owners.c)
    await page.goto('/inbox')
    const secondRow = page.locator(`tr[data-row-key="${second.taskId}"]`)
    await expect.poll(() => secondRow.getByText('告知承诺待核查', { exact: true }).count(), { timeout: 30_000 }).toBe(1)
    await page.goto(`/tasks/${second.taskId}?project=${second.projectId}`)
    const other = page.getByRole('region', { name: '告知承诺事后核查' })
    await expect.poll(() => other.count(), { timeout: 30_000 }).toBe(1)
    expect(await other.textContent()).toContain('待核查')
    await other.getByRole('radio', { name: /与承诺不符/ }).check()
    expect(await other.locator('[data-revokes]').count()).toBe(0)
    await other.getByRole('checkbox', { name: '依法撤销许可' }).check()
    // Chosen, 依法撤销许可 says it is not only recorded: sending it revokes the permit, with no second act.
    await expect.poll(() => other.locator('[data-revokes]').textContent()).toContain('提交即撤销本事项已作出的许可')
    await other.getByLabel('情况 1', { exact: true }).fill('现场开工条件与承诺不符')
    await other.getByRole('button', { name: '记录核查结果' }).click()
    await expect.poll(async () => (await second.told())?.status, { timeout: 30_000 }).toBe('revoked')
    expect((await second.told())?.commitment?.verification).toMatchObject({
      result: 'breached',
      findings: ['现场开工条件与承诺不符'],
      measures: ['revoke'],
    })
    await expect.poll(() => other.getByRole('button', { name: '记录核查结果' }).count(), { timeout: 30_000 }).toBe(0)
    expect(await other.textContent()).toContain('惩戒措施依法撤销许可')
    // The task reads 已撤销, with the revocation's reason and legal basis.
    const facts = page.locator('.ant-descriptions').first()
    await expect.poll(() => facts.getByText('已撤销', { exact: true }).count(), { timeout: 30_000 }).toBe(1)
    expect(await facts.textContent()).toContain('第六十九条')
    await expectAccessible(page)
    await context.close()
  }, 300_000)
})
