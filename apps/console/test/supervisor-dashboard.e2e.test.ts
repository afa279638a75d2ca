import {
  act,
  committedClock,
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  registerProject,
  statusWhen,
  taskIn,
  taskOf,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'
import { periodEnds, pickPeriod } from './day-picker.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: START })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('the supervisor’s dashboard', () => {
  it('shows a clock yellow once the injected clock has used 80% of its limit, and the period’s figures per department', async () => {
    const { world } = c
    // A Shanwei low-risk project's first step: natural resources decides at once, development and reform does not.
    const projectId = await registerProject(world, lowRiskFactory())
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const decided = await taskOf(world, 'natural-resources', application.applicationId)
    // Decided on Wednesday 4 March: two working days used.
    world.clock.set('2026-03-04T02:00:00Z')
    expectStatus(await act(world, decided, { action: 'claim' }), 200)
    expectStatus(await act(world, decided, { action: 'approve' }), 200)
    const open = await taskOf(world, 'development-reform', application.applicationId)
    const s = await statusWhen(world, projectId, (st) => taskIn(st, decided.taskId).status === 'approved')
    const clock = committedClock(taskIn(s, open.taskId))
    expect(clock.limit.unit).toBe('W')
    expect(clock.level).toBe('green')

    const { page, context } = await c.as('supervisor')
    const dashboard = '/supervision?from=2026-03-01&to=2026-03-31'
    await page.goto(dashboard)
    await expect.poll(() => page.getByRole('heading', { name: '监督看板', level: 1 }).count()).toBe(1)
    // Green: not among the red and yellow clocks (the lists are loaded and empty).
    const yellowRows = page.getByRole('row').filter({ hasText: '黄灯（临近期限）' })
    await expect.poll(() => page.getByText('暂无数据').count()).toBeGreaterThan(0)
    expect(await yellowRows.count()).toBe(0)

    // The first working day on which 80% of the limit is used (the start day is not counted).
    const yellowDay = nthWorkingDayAfter(clock.start, Math.ceil(0.8 * clock.limit.value))
    expect(yellowDay <= clock.due).toBe(true)
    world.clock.set(`${yellowDay}T02:00:00Z`)
    await page.reload()
    await expect.poll(() => yellowRows.count()).toBe(1)
    const text = (await yellowRows.textContent()) ?? ''
    expect(text).toContain(open.departmentName ?? open.department)
    // Dates as a person reads them.
    const [y, m, d] = clock.due.split('-').map(Number)
    expect(text).toContain(`${y}年${m}月${d}日`)

    // The period's figures, computed by the gateway in SQL: natural resources' one decision, the department named as
    // a person names it, never by its code.
    const figures = page.getByRole('row').filter({ hasText: '自然资源部门' })
    await expect.poll(() => figures.count()).toBeGreaterThan(0)
    expect(await figures.first().textContent()).toMatch(/^自然资源部门12220%/)
    expect(await page.getByRole('row').filter({ hasText: 'natural-resources' }).count()).toBe(0)
    await expect.poll(() => page.locator('[role="img"] canvas').count()).toBe(3)
    // Each figure says what it counts and in what unit: the cases at a yellow or red clock, in 件; the median with
    // the pauses in, in working days (the gateway's `medianGross`, working days from acceptance to decision).
    expect(await page.getByText('联合验收、外线、登记红黄灯案件（件）', { exact: true }).count()).toBe(1)
    expect(await page.getByText('联合验收、外线、登记时钟', { exact: true }).count()).toBe(0)
    expect(await page.getByRole('columnheader', { name: '含中止用时中位数（工作日）', exact: true }).count()).toBe(1)
    // A department decides licences and filings alike (备案: 予以备案/不予备案), so the decided shares name both.
    const shares = page.getByRole('columnheader', {
      name: '准予许可或予以备案 / 不予许可或不予备案 / 告知承诺',
      exact: true,
    })
    expect(await shares.count()).toBe(1)
    expect(await page.getByText(/批准/).count()).toBe(0)

    // 数据质量 (002:140, 003:131, 001:134): the card shows the gateway's figures for the same period. Natural resources'
    // decision was opened with development and reform's task of the same application: one of one in parallel, in
    // 汕尾市, for which no seed sets a target. Nothing exported yet (this world runs no export job): every row of the
    // period is past its ten minutes, none shared.
    const quality = (
      await c.world.gateway.inject({
        method: 'GET',
        url: '/api/v1/supervision/data-quality?from=2026-03-01&to=2026-03-31',
        headers: { authorization: `Bearer ${c.world.token('supervisor')}` },
      })
    ).json() as {
      parallel: { decided: number; parallel: number; rate: number; regions: Array<Record<string, unknown>> }
      sharedInMinutes: { inTime: number; late: number; open: number; share: number | null; target: number }
      sharedInWorkingDays: { inTime: number; late: number; open: number; share: number | null }
    }
    expect(quality.parallel).toMatchObject({ decided: 1, parallel: 1, rate: 1 })
    expect(quality.parallel.regions).toEqual([
      expect.objectContaining({ region: '441500', decided: 1, parallel: 1, rate: 1, target: null, met: null }),
    ])
    expect(quality.sharedInMinutes).toMatchObject({ inTime: 0, open: 0, share: 0, target: 0.96 })
    expect(quality.sharedInMinutes.late).toBeGreaterThan(0)
    const percentOf = (share: number | null) =>
      share === null ? '—' : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`
    const statistic = (title: string) => page.locator('.ant-statistic').filter({ hasText: title })
    await expect
      .poll(() => statistic('并联审批率').textContent())
      .toContain(`${percentOf(quality.parallel.rate)}（${quality.parallel.parallel} / ${quality.parallel.decided} 件）`)
    const minutes = quality.sharedInMinutes
    expect(await statistic('10分钟内共享比例（目标 96%）').textContent()).toContain(
      `${percentOf(minutes.share)}（及时 ${minutes.inTime}，迟延 ${minutes.late}，待推送 ${minutes.open} 条）`,
    )
    const days = quality.sharedInWorkingDays
    expect(await statistic('许可、备案信息7个工作日内归集比例').textContent()).toContain(
      `${percentOf(days.share)}（及时 ${days.inTime}，迟延 ${days.late}，待推送 ${days.open} 条）`,
    )
    const regionRow = page.getByRole('table', { name: '各地并联审批率' }).getByRole('row').filter({ hasText: '441500' })
    expect(await regionRow.textContent()).toBe('汕尾市（441500）11100%未设目标—')

    await expectAccessible(page)
    await screenshot(page, 'supervisor-dashboard')

    // The trend per quarter (季度, what the office reports: 004:1752): weeks over a month's period until chosen, then
    // the gateway's quarters, 2026's first holding the one decision.
    expect(await page.getByRole('heading', { name: '期间走势（按周）', level: 3 }).count()).toBe(1)
    const quarterly = page.waitForResponse(
      (r) => r.url().includes('/stats/series') && r.url().includes('bucket=quarter'),
    )
    await page.getByText('按季度', { exact: true }).click()
    const quarters = (await (await quarterly).json()) as { groups: Array<{ period: string; decided: number }> }
    expect(quarters.groups.map((g) => [g.period, g.decided])).toEqual([['2026-01-01', 1]])
    await expect.poll(() => page.getByRole('heading', { name: '期间走势（按季度）', level: 3 }).count()).toBe(1)

    // The later stages (全流程, 004:2327): a joint acceptance's cases, by their lead department — asked of the gateway as
    // their own stage, with no step to group by; this world has none ended in the period.
    const acceptanceFigures = page.waitForResponse(
      (r) => r.url().includes('/supervision/stats?') && r.url().includes('stage=joint-acceptance'),
    )
    await page.getByText('联合验收', { exact: true }).click()
    const staged = await acceptanceFigures
    expect(new URL(staged.url()).searchParams.get('groupBy')).toBe('department')
    expect(((await staged.json()) as { stage: string; groups: unknown[] }).stage).toBe('joint-acceptance')
    await expect.poll(() => page.getByText(/办结的联合验收案件，用时为其时限起算至办结的工作日/).count()).toBe(1)
    await page.getByText('审批事项', { exact: true }).click()
    await expect.poll(() => page.getByText(/用时为受理至办结的工作日/).count()).toBe(1)

    // By step: the step named too (建设用地规划许可与项目备案, land-planning-and-filing).
    await page.getByText('按环节', { exact: true }).click()
    const byStep = page.getByRole('row').filter({ hasText: '建设用地规划许可与项目备案' })
    await expect.poll(() => byStep.count()).toBe(1)
    expect(await byStep.textContent()).toMatch(/^建设用地规划许可与项目备案12220%/)
    expect(await page.getByRole('row').filter({ hasText: 'land-planning-and-filing' }).count()).toBe(0)
    // A step that names a licence beside its filing is both: not 予以备案 alone.
    expect(await shares.count()).toBe(1)
    // The page names the step as the CSV it exports does (both are the gateway's words, from one table).
    const csv = await c.world.gateway.inject({
      method: 'GET',
      url: '/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31&groupBy=step',
      headers: { authorization: `Bearer ${c.world.token('supervisor')}`, accept: 'text/csv' },
    })
    const csvRow = csv.body.split('\r\n').find((line) => line.startsWith('land-planning-and-filing,'))
    expect(csvRow?.split(',')[1]).toBe('建设用地规划许可与项目备案')

    // Another period chosen in the picker, in Chinese: from 5 March, after the one decision (4 March), none.
    expect(await periodEnds(page).start.inputValue()).toBe('2026年3月1日')
    await pickPeriod(page, '2026-03-05', '2026-03-31')
    await expect.poll(() => page.url()).toContain('from=2026-03-05&to=2026-03-31')
    await expect.poll(() => page.getByText(/^2026年3月5日 至 2026年3月31日/).count()).toBe(1)
    await expect.poll(() => byStep.count()).toBe(0)
    await context.close()
  })

  it('holds the period to the three years the gateway computes figures over, and says so', async () => {
    // The gateway takes 1,096 days, both ends counted (2024 has a leap day), and refuses one more: the page's limit.
    const supervisor = c.world.token('supervisor')
    const ask = (from: string, to: string) =>
      c.world.api('GET', `/api/v1/supervision/stats?from=${from}&to=${to}&groupBy=none`, supervisor)
    expect((await ask('2024-01-01', '2026-12-31')).status).toBe(200)
    expect((await ask('2024-01-01', '2027-01-01')).status).toBe(400)

    const { page, context } = await c.as('supervisor')
    const { start, end } = periodEnds(page)
    const heading = page.getByRole('heading', { name: '监督看板', level: 1 })
    const warning = page.getByText(/^统计期间最长 1096 天（三年）/)
    const refused = page.getByText('查询的截止日期不能早于起始日期，查询范围也不能超过规定天数。')
    await page.goto('/supervision?from=2024-01-01&to=2026-12-31')
    await expect.poll(() => page.getByRole('columnheader', { name: '办结件数', exact: true }).count()).toBe(1)
    expect([await warning.count(), await refused.count()]).toEqual([0, 0])

    // Typed one day too long: the calendar names the limit, and the period is not taken.
    await start.click()
    await expect.poll(() => page.getByText('所选期间最长 1096 天（含起止两日）', { exact: true }).count()).toBe(1)
    await start.fill('2024-01-01')
    await start.press('Enter')
    await end.fill('2027-01-01')
    await end.press('Enter')
    await heading.click()
    await expect.poll(() => end.inputValue()).toBe('2026年12月31日')
    expect(page.url()).toContain('from=2024-01-01&to=2026-12-31')
    // The same length a day later is taken.
    await start.click()
    await start.fill('2024-01-02')
    await start.press('Enter')
    await end.fill('2027-01-01')
    await end.press('Enter')
    await expect.poll(() => page.url()).toContain('from=2024-01-02&to=2027-01-01')
    expect(await refused.count()).toBe(0)

    // A link to a longer period is not asked for: the page says the limit instead of the gateway's refusal.
    await page.goto('/supervision?from=2024-01-01&to=2027-01-01')
    await expect.poll(() => warning.count()).toBe(1)
    expect(await page.getByRole('button', { name: '导出 CSV' }).isDisabled()).toBe(true)
    await expect.poll(() => page.getByText('红灯（已超期）').count()).toBe(1)
    expect(await refused.count()).toBe(0)
    await context.close()
  })

  it('shows the share of permits revoked since (撤销) beside the decided shares, still counted as decided', async () => {
    const { world } = c
    // Tuesday 14 April: natural resources grants a project's permit, then revokes it (撤销, 15) — the figures of April
    // count it decided on the 14th, neither granted nor refused.
    world.clock.set('2026-04-14T02:00:00Z')
    const projectId = await registerProject(world, lowRiskFactory())
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const granted = await taskOf(world, 'natural-resources', application.applicationId)
    expectStatus(await act(world, granted, { action: 'claim' }), 200)
    expectStatus(await act(world, granted, { action: 'approve' }), 200)
    await statusWhen(world, projectId, (st) => taskIn(st, granted.taskId).status === 'approved')
    world.clock.set('2026-04-20T02:00:00Z')
    expectStatus(
      await act(world, granted, {
        action: 'revoke',
        reason: '申请人以欺骗手段取得许可',
        legalBasis: '《中华人民共和国行政许可法》第六十九条',
      }),
      200,
    )
    await statusWhen(world, projectId, (st) => taskIn(st, granted.taskId).status === 'revoked')

    const { page, context } = await c.as('supervisor')
    await page.goto('/supervision?from=2026-04-01&to=2026-04-30')
    const table = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: '撤销占比', exact: true }) })
    const row = table.getByRole('row').filter({ hasText: '自然资源部门' })
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1)
    const headers = await table.getByRole('columnheader').allTextContents()
    const cell = async (title: string) => row.getByRole('cell').nth(headers.indexOf(title)).textContent()
    // Decided once, none granted nor refused: the revoked share is the whole.
    expect(await cell('办结件数')).toBe('1')
    expect(await cell('准予许可或予以备案 / 不予许可或不予备案 / 告知承诺')).toBe('0% / 0% / 0%')
    expect(await cell('撤销占比')).toBe('100%')
    expect(await page.getByText(/办结后被依法撤销的（撤销占比）仍计入办结件数和用时/).count()).toBe(1)
    // The same column for a later stage's cases (this world has no joint acceptance ended in April).
    await page.getByText('联合验收', { exact: true }).click()
    await expect.poll(() => page.getByText(/办结的联合验收案件/).count()).toBe(1)
    expect(await page.getByRole('columnheader', { name: '撤销占比', exact: true }).count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })

  it('refuses the figures to anyone but a supervisor', async () => {
    const reviewer = c.world.token('reviewer', { department: 'natural-resources' })
    const res = await c.world.api('GET', '/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31', reviewer)
    expect(res.status).toBe(403)
  })
})
