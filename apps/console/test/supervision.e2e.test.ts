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
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 督办 (跟踪督办, seeds/004_33317a5f04b53a73.txt:1794, 004:1868; docs/legal-time.md#督办-of-an-approval-task).

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const chinese = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: START })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('督办 of a late approval task', () => {
  it('the supervisor urges it from the red list, the department sees and replies, the supervisor sees it answered', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory())
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const task = await taskOf(world, 'development-reform', application.applicationId)
    const s = await statusWhen(world, projectId, (st) => taskIn(st, task.taskId) !== undefined)
    const clock = committedClock(taskIn(s, task.taskId))
    const department = task.departmentName ?? task.department

    // The working day after the committed due date: the task is red on the supervisor's list.
    const urgedOn = nthWorkingDayAfter(clock.due, 1)
    world.clock.set(`${urgedOn}T02:00:00Z`)
    const supervisor = await c.as('supervisor')
    await supervisor.page.goto('/supervision?from=2026-03-01&to=2026-03-31')
    const row = supervisor.page.getByRole('row').filter({ hasText: '红灯' }).filter({ hasText: department }).first()
    await expect.poll(() => row.count()).toBe(1)
    await row.getByRole('button', { name: /^督办：/ }).click()
    await supervisor.page.getByLabel('督办意见').fill('已超承诺时限，请说明原因并加快办理')
    await expectAccessible(supervisor.page)
    await supervisor.page.getByRole('button', { name: '发出督办' }).click()
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('已督办：1 项待回复')

    // Five working days to reply (the default); the day after, unanswered, it is overdue.
    const due = nthWorkingDayAfter(urgedOn, 5)
    world.clock.set(`${nthWorkingDayAfter(due, 1)}T02:00:00Z`)

    // Past its reply-by day the dashboard counts it, and the switch lists only the tasks whose 督办 is overdue.
    await supervisor.page.reload()
    const overdueCount = supervisor.page.locator('.ant-statistic').filter({ hasText: '督办逾期未回复（项）' })
    await expect.poll(async () => (await overdueCount.textContent()) ?? '').toMatch(/督办逾期未回复（项）1$/)
    // The 红灯/黄灯 figures are every red and yellow clock's, whatever the switch lists.
    const figure = async (title: string) => {
      const text = (await supervisor.page.locator('.ant-statistic').filter({ hasText: title }).textContent()) ?? ''
      return Number(text.slice(title.length))
    }
    const red = await figure('红灯（已超期）')
    const yellow = await figure('黄灯（临近期限）')
    const redRows = supervisor.page
      .getByRole('row')
      .filter({ has: supervisor.page.getByRole('button', { name: /^督办：/ }) })
      .filter({ has: supervisor.page.getByText('红灯', { exact: true }) })
    await supervisor.page.getByRole('switch', { name: '只看督办逾期的任务（含绿灯）' }).click()
    const listed = supervisor.page.getByRole('row').filter({ hasText: '逾期未回复' })
    await expect.poll(() => listed.count()).toBeGreaterThan(0)
    // The list is narrower than the figures (the step's other late tasks are not urged), and the figures stay.
    expect(await redRows.count()).toBeLessThan(red)
    expect(await figure('红灯（已超期）')).toBe(red)
    expect(await figure('黄灯（临近期限）')).toBe(yellow)
    // Every row listed is the urged task's (its committed and statutory clocks), none of its step's other tasks.
    const dataRows = supervisor.page
      .getByRole('row')
      .filter({ has: supervisor.page.getByRole('button', { name: /^督办：/ }) })
    expect(await dataRows.count()).toBe(await listed.count())
    expect(await listed.filter({ hasText: department }).count()).toBe(await listed.count())
    await expectAccessible(supervisor.page)

    // The department's reviewer sees the 督办 on the task's page, late, and replies.
    const reviewer = await c.as('reviewer', { department: 'development-reform' })
    await reviewer.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const table = reviewer.page.getByRole('table', { name: '督办' })
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('已超承诺时限，请说明原因并加快办理')
    const text = (await table.textContent()) ?? ''
    expect(text).toContain(chinese(urgedOn))
    expect(text).toContain(chinese(due))
    expect(text).toContain('已逾期未回复')
    await expectAccessible(reviewer.page)
    await reviewer.page.getByLabel('督办回复').fill('已补派审查人员，三日内出具意见')
    await reviewer.page.getByRole('button', { name: '回复督办' }).click()
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('已回复')
    expect((await table.textContent()) ?? '').toContain('已补派审查人员，三日内出具意见')
    expect(await reviewer.page.getByRole('button', { name: '回复督办' }).count()).toBe(0)

    // The supervisor's list shows it answered.
    await supervisor.page.reload()
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('已督办：1 项已回复')
    await expect.poll(async () => (await overdueCount.textContent()) ?? '').toMatch(/督办逾期未回复（项）0$/)

    await supervisor.context.close()
    await reviewer.context.close()
  })

  it('a decided task’s 督办 left unanswered stays on the overdue list, with no new 督办 offered, until the reply', async () => {
    const { world } = c
    const projectId = await registerProject(world, lowRiskFactory())
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const task = await taskOf(world, 'development-reform', application.applicationId)
    const department = task.departmentName ?? task.department
    // Urged with a day to reply, then approved the same day with the 督办 unanswered.
    const urged = await world.api('POST', `/api/v1/tasks/${task.taskId}/supervisions`, world.token('supervisor'), {
      note: '请说明审查进度',
      replyWithin: 1,
    })
    expect(urged.status, JSON.stringify(urged.body)).toBe(200)
    const today: string = urged.body.task.supervisions[0].openedOn
    expect((await act(world, task, { action: 'claim' })).status).toBe(200)
    expect((await act(world, task, { action: 'approve' })).status).toBe(200)
    await statusWhen(world, projectId, (st) =>
      st.tasks.some((t) => t.taskId === task.taskId && t.status === 'approved'),
    )

    // Two working days on, the reply is overdue: the decision did not answer it (docs/legal-time.md).
    world.clock.set(`${nthWorkingDayAfter(today, 2)}T02:00:00Z`)
    const supervisor = await c.as('supervisor')
    await supervisor.page.goto('/supervision?from=2026-03-01&to=2026-03-31')
    await supervisor.page.getByRole('switch', { name: '只看督办逾期的任务（含绿灯）' }).click()
    const rows = supervisor.page
      .getByRole('row')
      .filter({ hasText: '任务已结束，督办回复仍须作出' })
      .filter({ hasText: department })
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    expect(await rows.filter({ hasText: '逾期未回复' }).count()).toBe(await rows.count())
    expect(await rows.getByRole('button', { name: /^督办：/ }).count()).toBe(0)
    await expectAccessible(supervisor.page)

    // The department still replies on the decided task's page; the task leaves the list.
    const reviewer = await c.as('reviewer', { department: 'development-reform' })
    await reviewer.page.goto(`/tasks/${task.taskId}?project=${projectId}`)
    const table = reviewer.page.getByRole('table', { name: '督办' })
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('已逾期未回复')
    await reviewer.page.getByLabel('督办回复').fill('已办结；审查期间等待补充意见，故未及时回复')
    await reviewer.page.getByRole('button', { name: '回复督办' }).click()
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('已回复')
    await supervisor.page.reload()
    await supervisor.page.getByRole('switch', { name: '只看督办逾期的任务（含绿灯）' }).click()
    await expect.poll(() => rows.count()).toBe(0)

    await supervisor.context.close()
    await reviewer.context.close()
  })
})
