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
  workingDaysAfter,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'
import { periodEnds, pickPeriod } from './day-picker.js'

// Monday 2 March 2026, 09:00 in Shanghai; March 2026 has no holiday.
const START = '2026-03-02T01:00:00Z'

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: START })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const cn = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

describe('风险信号, the supervisor’s list of clock-gaming signals', () => {
  it('shows a late acceptance as it is raised (live), a decision past due, the department over its limit; filters by kind', async () => {
    const { world } = c
    const { page, context } = await c.as('supervisor')
    await page.goto('/signals?from=2026-03-01&to=2026-03-31')
    await expect.poll(() => page.getByRole('heading', { name: '风险信号', level: 1 }).count()).toBe(1)
    await expect.poll(() => page.getByText('暂无风险信号').count()).toBe(1)

    // Received on Monday 2 March and left: on the sixth working day the law accepts it (行政许可法第三十二条).
    const projectId = await registerProject(world, lowRiskFactory())
    const applicationId: string = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        acceptance: 'later',
      }),
      201,
    ).application.applicationId
    const sixth = nthWorkingDayAfter('2026-03-02', 6)
    world.clock.set(`${sixth}T02:00:00Z`)
    // No reload: the live stream brings it.
    const late = page.getByRole('row').filter({ hasText: '超期受理' })
    await expect.poll(() => late.count(), { timeout: 15_000 }).toBe(1)
    const lateText = (await late.textContent()) ?? ''
    expect(lateText).toContain(`${cn('2026-03-02')}接件`)
    // Accepted by law as of the receipt day, not the day the platform recorded it (docs/legal-time.md, Art. 32); the
    // five working days are the limit of the one notice, not of acceptance (law/xingzheng-xuke-fa.txt:8).
    expect(lateText).toContain(
      `5 个工作日内未受理也未一次性告知补正，依法自接件之日（${cn('2026-03-02')}）起视为受理；平台于${cn(sixth)}记录受理`,
    )
    expect(lateText).not.toContain(`${cn(sixth)}依法视为受理`)
    expect(lateText).not.toContain('5 个工作日内受理')
    expect(lateText).toContain(`相隔 ${workingDaysAfter('2026-03-02', sixth)} 个工作日`)
    expect(lateText).toContain('窗口受理')

    // Natural resources decides its task the same day, its clock (from 2 March) long past due and never extended.
    const task = await taskOf(world, 'natural-resources', applicationId)
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
    const s = await statusWhen(world, projectId, (x) => taskIn(x, task.taskId).status === 'approved')
    const clock = committedClock(taskIn(s, task.taskId))
    expect(clock.start).toBe('2026-03-02')
    const used = workingDaysAfter('2026-03-02', sixth)
    expect(used).toBeGreaterThan(clock.limit.value)
    const overdue = page.getByRole('row').filter({ hasText: '超期办结未延长' })
    await expect.poll(() => overdue.count(), { timeout: 15_000 }).toBe(1)
    const overdueText = (await overdue.textContent()) ?? ''
    expect(overdueText).toContain(`${cn(sixth)}办结，期限${cn(clock.due)}`)
    expect(overdueText).toContain(`超期 ${workingDaysAfter(clock.due, sixth)} 个工作日，未办理延长`)
    // The department's figure over March: its one decision, at `used` net working days over its committed limit.
    await page.reload()
    const department = page.getByRole('listitem').filter({ hasText: '部门用时超承诺' })
    await expect.poll(() => department.count()).toBe(1)
    expect(await department.textContent()).toContain(`自然资源部门办理${task.itemName}：`)
    expect(await department.textContent()).toContain(
      `1 件的中位用时 ${used} 个工作日，超过承诺时限 ${clock.limit.value} 个工作日`,
    )

    await expectAccessible(page)
    await screenshot(page, 'supervisor-signals')

    // The period chosen in the picker, in Chinese: 1 to 5 March, before the decision, has no department over its limit.
    expect(await periodEnds(page).start.inputValue()).toBe('2026年3月1日')
    await pickPeriod(page, '2026-03-01', '2026-03-05')
    await expect.poll(() => page.url()).toContain('from=2026-03-01&to=2026-03-05')
    await expect.poll(() => page.getByText('该期间没有中位用时超过承诺时限的部门').count()).toBe(1)
    expect(await department.count()).toBe(0)
    expect(await periodEnds(page).end.inputValue()).toBe('2026年3月5日')

    // Filtered by kind: only the late acceptance.
    await page.getByLabel('按类型筛选').click()
    await page.getByTitle('超期受理').click()
    await expect.poll(() => overdue.count()).toBe(0)
    await expect.poll(() => late.count()).toBe(1)
    expect(await department.count()).toBe(0)
    await expectAccessible(page)

    // Each signal links to its project.
    await late.getByRole('link').click()
    await expect.poll(() => page.url()).toContain(`/projects/${projectId}`)

    // A stored signal the gateway cannot show (its instant no date) is left out; the page says one is missing.
    await world.schemas.gateway.pool.query(
      `INSERT INTO signal (kind, subject_id, ordinal, event_id, project_id, application_id, task_id, department, item,
                           raised_on, raised_at, evidence)
       VALUES ('late-supplement', $1, 1, $1, $2, $3, NULL, 'natural-resources', NULL, '2026-03-10', 'infinity', '{}')`,
      [crypto.randomUUID(), projectId, applicationId],
    )
    await page.goto('/signals?from=2026-03-01&to=2026-03-31')
    await expect
      .poll(() => page.getByText('另有 1 条风险信号暂时无法显示（已记录，请联系系统管理员）。').count())
      .toBe(1)
    expect([await late.count(), await overdue.count()]).toEqual([1, 1])
    await context.close()
  })
})
