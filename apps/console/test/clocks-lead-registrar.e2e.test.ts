import {
  approveFirstStep,
  approveStep,
  completionCalls,
  expectStatus,
  lowRiskFactory,
  type OpenedAcceptanceCase,
  owners,
  registerProject,
  sixItemMaterials,
  until,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// The lead's and the registrar's screens show each case's legal clock as the gateway evaluates it: the due day
// (法定办结日), the working days left, and once the world's clock is moved on, its 预警 and then 超时. Shanwei's simple
// low-risk project: its joint acceptance counts 5 W without 公示 (004:1816), and its first registration opens when the
// acceptance passes.

let c: ConsoleWorld
const owner = owners.b
const project = lowRiskFactory(owner)
let projectId = ''
let opened: OpenedAcceptanceCase
const LEAD = 'housing-construction'

type ClockState = { due: string; remaining: number; overdueBy: number; level: string; overdue: boolean }
type Listed = { caseId: string; status: string; clockState?: ClockState }
const leadCase = async (): Promise<Listed | undefined> =>
  (
    expectStatus(await c.world.api('GET', '/api/v1/acceptance', c.world.token('lead', { department: LEAD })), 200)
      .cases as Listed[]
  ).find((x) => x.caseId === opened.caseId)
const registration = async (): Promise<Listed | undefined> =>
  (
    expectStatus(
      await c.world.api('GET', `/api/v1/registrations?project=${projectId}`, c.world.token('registrar')),
      200,
    ).registrations as Listed[]
  )[0]

/** A legal day as the console writes it: 2026年3月9日. */
const chinese = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
/** The calendar day `days` after `day` (not a working-day count: the gateway counts those). */
const dayAfter = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
/** The clock cell of the row naming `text` (the list's one clock column). */
const clockIn = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text }).getByTestId('clock-cell')

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
  const calls = completionCalls(world)
  let res = await calls.applyForAcceptance(projectId, owner)
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await calls.applyForAcceptance(projectId, owner)
    return false
  }, 60_000)
  opened = expectStatus(res, 201).case as OpenedAcceptanceCase
  await until(async () => (await leadCase())?.clockState !== undefined, 60_000)
}, 240_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('the legal clocks on the lead’s and the registrar’s screens', () => {
  it('the lead’s list and case show the due day and the days left, 已暂停 during 公示, then 预警 and 超时 as the days pass', async () => {
    const { page, context } = await c.as('lead', { department: LEAD })
    await page.goto('/acceptance')
    const clock = clockIn(page, project.projectCode)
    await expect.poll(() => clock.count(), { timeout: 30_000 }).toBe(1)
    // 5 W from Monday 2 March, 公示 not counted: due Monday 9th, all 5 left.
    const fresh = (await leadCase())?.clockState
    expect(fresh).toMatchObject({ due: '2026-03-09', remaining: 5, level: 'green' })
    await expect.poll(() => clock.textContent()).toContain('法定办结日 2026年3月9日')
    const text = (await clock.textContent()) ?? ''
    expect(text).toContain('5 个工作日（不含公示时间），自2026年3月2日次一工作日起算')
    expect(text).toContain('剩余 5 个工作日')
    expect(text).not.toContain('预警')
    expect(text).not.toContain('超时')
    // The column sorts by due day, soonest first.
    const header = page.getByRole('columnheader', { name: '验收时限（法定办结日）' })
    expect(await header.getAttribute('aria-sort')).toBe('ascending')
    await expectAccessible(page)

    // The inspection today with 公示 on the 3rd and 4th, which the clock does not count: on the 3rd it holds, and the
    // due day moves two working days on, to Wednesday 11th.
    expectStatus(
      await c.world.api(
        'POST',
        `/api/v1/acceptance/${opened.caseId}/inspection`,
        c.world.token('lead', { department: LEAD }),
        {
          date: '2026-03-02',
          place: '项目现场',
          participants: [...new Set(opened.items.map((i) => i.department))],
          publicNotice: { from: '2026-03-03', to: '2026-03-04' },
        },
      ),
      200,
    )
    c.world.clock.set('2026-03-03T01:00:00Z')
    await until(async () => (await leadCase())?.clockState?.due === '2026-03-11')
    expect((await leadCase())?.clockState).toMatchObject({ remaining: 5, level: 'green', suspended: true })
    await page.reload()
    await expect.poll(() => clock.textContent()).toContain('法定办结日 2026年3月11日')
    expect(await clock.getByText('已暂停（公示期间）', { exact: true }).count()).toBe(1)
    expect(await clock.textContent()).toContain('剩余 5 个工作日')

    // Tuesday 10th: 4 of 5 used (the 5th, 6th, 9th and 10th), the clock's warning level.
    c.world.clock.set('2026-03-10T01:00:00Z')
    expect((await leadCase())?.clockState).toMatchObject({ remaining: 1, level: 'yellow', overdue: false })
    await page.reload()
    await expect.poll(() => clock.textContent()).toContain('剩余 1 个工作日')
    expect(await clock.getByText('预警', { exact: true }).count()).toBe(1)
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(0)
    expect(await clock.getByText('已暂停（公示期间）', { exact: true }).count()).toBe(0)

    // Friday 13th: two working days past the 11th.
    c.world.clock.set('2026-03-13T01:00:00Z')
    expect((await leadCase())?.clockState).toMatchObject({ overdueBy: 2, level: 'red', overdue: true })
    await page.reload()
    await expect.poll(() => clock.textContent()).toContain('已超时 2 个工作日')
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(1)
    expect(await clock.getByText('预警', { exact: true }).count()).toBe(0)

    // The case page shows the same clock.
    await page.goto(`/acceptance/${opened.caseId}`)
    const onCase = page.getByTestId('clock-cell')
    await expect.poll(() => onCase.count()).toBe(1)
    const shown = (await onCase.textContent()) ?? ''
    expect(shown).toContain('法定办结日 2026年3月11日')
    expect(shown).toContain('已超时 2 个工作日')
    expect(await onCase.getByText('超时', { exact: true }).count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })

  it('the registrar’s list shows the registration’s due day and days left, then 超时 once the due day has passed', async () => {
    const calls = completionCalls(c.world)
    await until(async () => (await registration())?.status === 'pre-survey', 60_000)
    expectStatus(await calls.passPreSurvey((await registration())?.caseId ?? ''), 200)
    // The inspection the lead's test scheduled (scheduled here when that test did not run): every department passes
    // its items on the 13th.
    c.world.clock.set('2026-03-13T01:00:00Z')
    if ((await leadCase())?.status === 'open') expectStatus(await calls.scheduleInspection(opened, '2026-03-13'), 200)
    for (const item of opened.items) expectStatus(await calls.recordOpinion(opened, item, { opinion: 'pass' }), 200)
    await until(async () => (await registration())?.clockState !== undefined, 60_000)
    const state = (await registration())?.clockState
    expect(state?.remaining).toBeGreaterThan(0)
    expect((state?.due ?? '') > '2026-03-13').toBe(true)

    const { page, context } = await c.as('registrar')
    await page.goto('/registration')
    const clock = clockIn(page, project.projectCode)
    await expect.poll(() => clock.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => clock.textContent()).toContain(`法定办结日 ${chinese(state?.due ?? '')}`)
    expect(await clock.textContent()).toContain(`剩余 ${state?.remaining} 个工作日`)
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(0)
    await expectAccessible(page)

    // A week past its due day (no holiday in March): overdue whatever the region's limit.
    c.world.clock.set(`${dayAfter(state?.due ?? '', 7)}T01:00:00Z`)
    const late = (await registration())?.clockState
    expect(late).toMatchObject({ overdue: true, level: 'red' })
    await page.reload()
    await expect.poll(() => clock.textContent()).toContain(`已超时 ${late?.overdueBy} 个工作日`)
    expect(await clock.getByText('超时', { exact: true }).count()).toBe(1)
    await context.close()
  })
})
