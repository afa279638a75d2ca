import {
  act,
  approveFirstStep,
  approveStep,
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

// The lead's joint acceptance in Shanwei (441500), where the step's 5 W do not count 公示 (004:1816 不含公示时间) and
// nothing says the opinion letter is the completion-acceptance filing (Foshan's rule, 004:2279, is not Shanwei's):
// the inspection form takes the 公示 period, the letter names the item passed on 告知承诺 (whose department, not the lead,
// then records its 事后核查 from the case page, shown to both), and a second part of the
// project (a case of its own) is failed from the page with its reason, shown on the case. The project stands on no
// listed plot: a defect names the material it asks for in Chinese.

let c: ConsoleWorld
const owner = owners.b
const project = lowRiskFactory(owner)
let projectId = ''
const ARCHIVE = 'urban-construction-archive-acceptance'
const LEAD = 'housing-construction'
const ARCHIVE_DEPARTMENT = 'urban-construction-archive'
type Case = {
  caseId: string
  lead: string
  status: string
  items: Array<{
    item: string
    itemName?: string
    department: string
    status: string
    defects?: string[]
    verification?: Record<string, unknown>
  }>
  clock?: { suspensions: Array<{ kind: string; from: string; to?: string }> }
  opinionNumber?: string
}
const lead = () => c.world.token('lead', { department: LEAD })
const leadCase = async (caseId: string): Promise<Case | undefined> =>
  (expectStatus(await c.world.api('GET', '/api/v1/acceptance', lead()), 200).cases as Case[]).find(
    (x) => x.caseId === caseId,
  )

/** The owner's one acceptance application for `part`, once acceptance has learned the permit was granted. */
async function applyForAcceptance(part: string, commitments: string[] = []): Promise<Case> {
  const bearer = c.world.token('owner', { creditCode: owner.creditCode })
  const body = { part, ...(commitments.length ? { commitments } : {}) }
  let res = await c.world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, body)
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await c.world.api('POST', `/api/v1/projects/${projectId}/acceptance`, bearer, body)
    return false
  }, 60_000)
  return expectStatus(res, 201).case as Case
}

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  const { world } = c
  projectId = await registerProject(world, project)
  await approveFirstStep(world, projectId)
  await approveStep(
    world,
    projectId,
    'six-item-bundle',
    sixItemMaterials.map((m) => m.code),
  )
}, 240_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('联合验收 in Shanwei, on the lead’s screen', () => {
  it('the inspection takes the 公示 period the clock does not count; the letter names what passed on 告知承诺 and says nothing of the filing', async () => {
    const opened = await applyForAcceptance('1号厂房', [ARCHIVE])
    await until(async () => (await leadCase(opened.caseId))?.status === 'open', 60_000)
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto(`/acceptance/${opened.caseId}`)
    await expect.poll(() => page.getByRole('heading', { name: `联合验收案件 · ${project.name}` }).count()).toBe(1)
    const details = page.locator('.ant-descriptions').first()
    expect(await details.textContent()).toContain(project.projectCode)
    expect(await details.textContent()).toContain('汕尾市住房城乡建设局')
    const limit = details.getByTestId('clock-limit')
    expect(await limit.textContent()).toMatch(/^5 个工作日（不含公示时间），自\d{4}年\d{1,2}月\d{1,2}日次一工作日起算$/)

    // The place last: until it is written, an Enter that closes a picker cannot send the form.
    await page.getByLabel('检查日期').fill('2026-03-04')
    await page.getByLabel('检查日期').press('Enter')
    await page.getByPlaceholder('公示开始日期').click()
    await page.getByPlaceholder('公示开始日期').fill('2026-03-05')
    await page.getByPlaceholder('公示开始日期').press('Enter')
    await page.getByPlaceholder('公示结束日期').fill('2026-03-09')
    await page.getByPlaceholder('公示结束日期').press('Enter')
    await expect.poll(() => page.getByPlaceholder('公示结束日期').inputValue()).toBe('2026年3月9日')
    expect(await page.getByPlaceholder('公示开始日期').inputValue()).toBe('2026年3月5日')
    await page.getByLabel('检查地点').fill('汕尾市城区工业园项目现场')
    await expectAccessible(page)
    await page.getByRole('button', { name: '安排现场检查', exact: true }).click()
    await expect.poll(async () => (await leadCase(opened.caseId))?.status, { timeout: 30_000 }).toBe('scheduled')
    // The period reached the case clock as a 公示 it does not count.
    expect((await leadCase(opened.caseId))?.clock?.suspensions).toEqual([
      { kind: 'public-notice', from: '2026-03-05', to: '2026-03-09' },
    ])

    // Every item not passed on commitment passes; the letter is issued.
    c.world.clock.set('2026-03-04T01:00:00Z')
    for (const item of opened.items.filter((i) => i.item !== ARCHIVE)) {
      const bearer = c.world.token('reviewer', { department: item.department })
      const res = await c.world.api('POST', `/api/v1/acceptance/${opened.caseId}/opinions`, bearer, {
        item: item.item,
        opinion: 'pass',
      })
      expectStatus(res, 200)
    }
    await until(async () => (await leadCase(opened.caseId))?.opinionNumber !== undefined, 60_000)
    await page.reload()
    const letterCard = page.locator('.ant-card').filter({ hasText: '意见书编号' })
    await expect.poll(() => letterCard.count()).toBe(1)
    const letter = (await letterCard.textContent()) ?? ''
    for (const shown of [project.name, project.projectCode, project.location, '汕尾市住房城乡建设局']) {
      expect(letter).toContain(shown)
    }
    expect(letter).toContain('建设工程城建档案验收以告知承诺方式通过，待事后核查，同意通过竣工联合验收。')
    expect(letter).not.toContain('各事项均已通过')
    expect(letter).not.toContain('备案，建设单位无需')
    expect(letter).not.toContain('视为完成竣工验收备案')
    await expectAccessible(page)

    // 告知承诺 事后核查 (004:1860): the lead reads the archive item's verify-by day (20 W from the opening day) and how far
    // it is from the legal today; the archive department's own, not the lead, records the verification.
    const commitment = page.getByRole('region', { name: '建设工程城建档案验收 事后核查' })
    await expect.poll(() => commitment.count()).toBe(1)
    expect(await commitment.textContent()).toContain('核查期限2026年3月30日（剩余 26 天）')
    expect(await commitment.getByRole('button', { name: '记录核查结果' }).count()).toBe(0)

    const archivist = await c.as('lead', { department: ARCHIVE_DEPARTMENT })
    await archivist.page.goto(`/acceptance/${opened.caseId}`)
    const own = archivist.page.getByRole('region', { name: '建设工程城建档案验收 事后核查' })
    await expect.poll(() => own.getByRole('button', { name: '记录核查结果' }).count()).toBe(1)
    await own.getByRole('radio', { name: /^违诺/ }).check()
    // 违诺 asks what differs from the commitment and what was done before anything is sent.
    await own.getByRole('button', { name: '记录核查结果' }).click()
    await expect.poll(() => own.getByText('请写明与承诺不符的情况', { exact: true }).count()).toBe(1)
    expect(await own.getByText('违诺时请至少选择一项惩戒措施', { exact: true }).count()).toBe(1)
    // 依法撤销许可, while chosen, says what sending it revokes at once: the case passed (its letter above), so the pass.
    await own.getByRole('checkbox', { name: '依法撤销许可' }).check()
    await expect
      .poll(() => own.locator('[data-revokes]').textContent())
      .toBe('选择依法撤销许可，提交即撤销联合验收通过：联合验收意见书及竣工验收备案表随即撤回。')
    await own.getByRole('checkbox', { name: '依法撤销许可' }).uncheck()
    await expect.poll(() => own.locator('[data-revokes]').count()).toBe(0)
    // The finding last: until it is written, an Enter that closes the picker cannot send the form.
    await own.getByRole('checkbox', { name: '责令整改' }).check()
    await own.getByLabel('整改期限').fill('2026-04-14')
    await own.getByLabel('整改期限').press('Enter')
    await expect.poll(() => own.getByLabel('整改期限').inputValue()).toBe('2026年4月14日')
    await own.getByLabel('情况 1', { exact: true }).fill('竣工图未归档')
    await expectAccessible(archivist.page)
    await own.getByRole('button', { name: '记录核查结果' }).click()
    await expect
      .poll(async () => (await leadCase(opened.caseId))?.items.find((i) => i.item === ARCHIVE)?.verification, {
        timeout: 30_000,
      })
      .toMatchObject({ result: 'breached', findings: ['竣工图未归档'], measures: ['rectify'], rectifyBy: '2026-04-14' })
    // Recorded, the form gives way to the verification; the lead reads it too.
    await expect.poll(() => own.getByRole('button', { name: '记录核查结果' }).count()).toBe(0)
    await page.reload()
    for (const view of [own, commitment]) {
      await expect.poll(async () => (await view.textContent()) ?? '').toContain('核查结果违诺')
      const text = (await view.textContent()) ?? ''
      for (const shown of ['核查日期2026年3月4日', '竣工图未归档', '惩戒措施责令整改', '整改期限2026年4月14日']) {
        expect(text).toContain(shown)
      }
      expect(text).not.toContain('剩余')
    }
    await expectAccessible(page)
    await archivist.context.close()
    await context.close()
  }, 120_000)

  it('without a land list a defect names its material in Chinese; 不通过 records its reason and the case shows it', async () => {
    const opened = await applyForAcceptance('2号厂房')
    const schedule = await c.world.api('POST', `/api/v1/acceptance/${opened.caseId}/inspection`, lead(), {
      date: '2026-03-04',
      place: '项目现场',
      participants: [...new Set(opened.items.map((i) => i.department))],
    })
    expectStatus(schedule, 200)
    await until(async () => (await leadCase(opened.caseId))?.status === 'scheduled', 60_000)
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto(`/acceptance/${opened.caseId}`)
    await expect.poll(() => page.getByText('本部门验收意见', { exact: true }).count()).toBe(1)

    // The lead's first own item asked to rectify: no list to rest on, the material named in Chinese.
    const [first, second] = opened.items.filter((i) => i.department === LEAD)
    if (!first || !second) throw new Error('the lead has two items of its own in the case')
    await page.getByRole('radio', { name: '需整改' }).check()
    const defects = page.getByRole('region', { name: '整改问题' })
    await expect
      .poll(() => defects.getByText('本项目未关联用地清单', { exact: false }).count(), { timeout: 30_000 })
      .toBe(1)
    expect(await page.getByLabel('问题 1 依据的清单要求').count()).toBe(0)
    await page.getByLabel('问题 1 说明').fill('未提交交通组织方案')
    await page.getByLabel('问题 1 要求补交的材料（选填）').fill('交通影响评价报告')
    await expectAccessible(page)
    await page.getByRole('button', { name: '提交意见' }).click()
    await expect
      .poll(async () => (await leadCase(opened.caseId))?.items.find((i) => i.item === first.item), { timeout: 30_000 })
      .toMatchObject({ status: 'rectify', defects: ['未提交交通组织方案（要求提交：交通影响评价报告）'] })

    // The second 不通过, with its reason: the case fails and the reason shows on the case. The form now proposes the
    // lead's one item still waiting for its opinion.
    const form = page.locator('.ant-card').filter({ hasText: '本部门验收意见' })
    await expect.poll(() => form.locator('.ant-select').first().textContent()).toBe(second.itemName)
    await page.getByRole('radio', { name: '不通过', exact: true }).check()
    await page.getByLabel('理由 1', { exact: true }).fill('竣工验收资料与实际不符')
    await page.getByRole('button', { name: '提交意见' }).click()
    await expect.poll(async () => (await leadCase(opened.caseId))?.status, { timeout: 30_000 }).toBe('failed')
    const failed = await leadCase(opened.caseId)
    expect(failed?.items.find((i) => i.status === 'failed')?.defects).toEqual(['竣工验收资料与实际不符'])
    const table = page.locator('.ant-table')
    await expect.poll(() => table.getByText('竣工验收资料与实际不符', { exact: true }).count()).toBe(1)
    expect(await table.getByRole('columnheader', { name: '整改问题或不通过理由' }).count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  }, 120_000)

  // 容缺后补 (004:1860), the same breach form on the reviewer's task page: a material owed past its promised day is told
  // to the construction permit's department, whose reviewer records the finding — 依法撤销许可 revokes the permit.
  it('the reviewer sees its overdue 容缺 material and records the finding with the breach form; the permit is revoked', async () => {
    const { world } = c
    world.clock.set('2026-03-05T01:00:00Z')
    const debtor = lowRiskFactory(owners.c)
    const owedProject = await registerProject(world, debtor)
    await approveFirstStep(world, owedProject)
    const application = expectStatus(
      await openApplication(world, owedProject, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-06' }],
      }),
      201,
    ).application as { applicationId: string }
    for (const department of sixItemDepartments) {
      const t = await taskOf(world, department, application.applicationId)
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }
    const task = await taskOf(world, LEAD, application.applicationId)
    type Told = { taskId: string; status: string; deficiencies?: Array<{ material: string; finding?: object }> }
    const told = async (): Promise<Told | undefined> =>
      (
        expectStatus(await world.api('GET', `/api/v1/projects/${owedProject}/status`, world.token('supervisor')), 200)
          .tasks as Told[]
      ).find((t) => t.taskId === task.taskId)
    // Monday: the promised Friday has passed.
    world.clock.set('2026-03-09T01:00:00Z')
    await until(async () => ((await told())?.deficiencies ?? []).length === 1, 60_000)

    const { page, context } = await c.as('reviewer', { department: LEAD })
    await page.goto(`/tasks/${task.taskId}?project=${owedProject}`)
    const owed = page.getByRole('region', { name: '施工合同 容缺后补核查' })
    await expect.poll(() => owed.count(), { timeout: 30_000 }).toBe(1)
    expect(await owed.textContent()).toContain('承诺补交日2026年3月6日（2026年3月9日起逾期未补交）')
    // The breach form asks what differs and what was done before anything is sent.
    await owed.getByRole('button', { name: '记录核查结果' }).click()
    await expect.poll(() => owed.getByText('请写明与承诺不符的情况', { exact: true }).count()).toBe(1)
    expect(await owed.getByText('违诺时请至少选择一项惩戒措施', { exact: true }).count()).toBe(1)
    expect(await owed.locator('[data-revokes]').count()).toBe(0)
    await owed.getByRole('checkbox', { name: '依法撤销许可' }).check()
    // Chosen, 依法撤销许可 says it is not only recorded: sending the finding revokes the permit, with no second act.
    await expect.poll(() => owed.locator('[data-revokes]').textContent()).toContain('提交即撤销本事项已作出的许可')
    await owed.getByLabel('情况 1', { exact: true }).fill('施工合同逾期未补交')
    await expectAccessible(page)
    await owed.getByRole('button', { name: '记录核查结果' }).click()
    await expect.poll(async () => (await told())?.status, { timeout: 30_000 }).toBe('revoked')
    expect((await told())?.deficiencies?.[0]?.finding).toMatchObject({
      result: 'breached',
      findings: ['施工合同逾期未补交'],
      measures: ['revoke'],
    })
    // Recorded, the form gives way to the finding.
    await expect.poll(() => owed.getByRole('button', { name: '记录核查结果' }).count(), { timeout: 30_000 }).toBe(0)
    const text = (await owed.textContent()) ?? ''
    for (const shown of ['核查结果违诺', '核查日期2026年3月9日', '施工合同逾期未补交', '惩戒措施依法撤销许可']) {
      expect(text).toContain(shown)
    }
    await expectAccessible(page)
    await context.close()
  }, 120_000)
})
