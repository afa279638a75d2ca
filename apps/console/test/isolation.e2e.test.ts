import {
  act,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  statusWhen,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, heardOn, screenshot, startConsole, untilLive } from './browser.js'

// Issue 14, must show: a reviewer of another department and another owner see nothing of the project — the console's
// 404 page (pages/not-found.tsx), none of the project's data anywhere in the page, and nothing of it in their live
// streams (GET /api/v1/stream) while its owner hears each change.

let c: ConsoleWorld
const project = industrialProject(owners.a)
let projectId = ''
let task = { taskId: '', department: '' }
/**
 * A department with no task in the project (the permits step's are planning, civil air defence and housing), but one
 * in the first step of a Shanwei project (企业投资项目备案).
 */
const OUTSIDER = 'development-reform'

beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  projectId = await registerProject(c.world, project)
  const opened = expectStatus(
    await openApplication(c.world, projectId, {
      step: 'permits',
      form: {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    c.world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
  )
  const first = s.tasks.find((t) => t.applicationId === opened.applicationId)
  if (!first) throw new Error('no task')
  expect(s.tasks.some((t) => t.department === OUTSIDER)).toBe(false)
  task = { taskId: first.taskId, department: first.department }
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** A signed-in tab on a page, recording every message its live stream announced (LIVE_EVENT on `window`). */
async function listeningTab(role: 'owner' | 'reviewer', claims: Record<string, string>, path: string) {
  const { page, context } = await c.as(role, claims)
  await page.goto(path)
  await untilLive(page)
  return { page, context, heard: () => heardOn(page) }
}

/** The page shows the console's 404 and none of the project's identifying data. */
async function seesNothing(page: Page) {
  await expect.poll(() => page.getByText('未找到', { exact: true }).count()).toBe(1)
  const html = await page.content()
  for (const secret of [projectId, project.projectCode, project.name, project.owner.name, project.owner.creditCode]) {
    expect(html, secret).not.toContain(secret)
  }
}

describe('isolation: nothing of a project reaches a caller who may not see it', () => {
  it("another department's reviewer opening the project's task gets the 404 page", async () => {
    // The API itself says 404 (as for an unknown task): the page has nothing to show.
    const other = c.world.token('reviewer', { department: OUTSIDER })
    expect((await c.world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    const { page, context } = await c.as('reviewer', { department: OUTSIDER })
    await page.goto(`/tasks/${task.taskId}`)
    await seesNothing(page)
    await expectAccessible(page)
    await screenshot(page, 'not-found')
    await context.close()
  })

  it("another owner opening the project's page gets the 404 page; its owner sees the project", async () => {
    const { page, context } = await c.as('owner', { creditCode: owners.b.creditCode })
    await page.goto(`/projects/${projectId}`)
    await seesNothing(page)
    await context.close()

    // The same page for its owner shows it: what the other owner was refused is there to be refused.
    const own = await c.as('owner', { creditCode: owners.a.creditCode })
    await own.page.goto(`/projects/${projectId}`)
    await expect.poll(() => own.page.getByText(project.name).count()).toBeGreaterThan(0)
    await own.context.close()
  })

  it("nothing of the project reaches their live streams, while its owner's page hears each change", async () => {
    const owner = await listeningTab('owner', { creditCode: owners.a.creditCode }, `/projects/${projectId}`)
    const reviewer = await listeningTab('reviewer', { department: OUTSIDER }, `/tasks/${task.taskId}`)
    const stranger = await listeningTab('owner', { creditCode: owners.b.creditCode }, `/projects/${projectId}`)

    // Changes on the project: its task claimed and approved by its department, through the API.
    expectStatus(await act(c.world, task, { action: 'claim' }), 200)
    expectStatus(await act(c.world, task, { action: 'approve' }), 200)
    await expect
      .poll(async () =>
        (await owner.heard()).some((m) => m.data.taskId === task.taskId && m.data.kind === 'task.decided'),
      )
      .toBe(true)

    // Then a change each of the others may see: a project of the other owner whose first step gives the outsider's
    // department a task. A stream sends in order, so once each has heard it, every change before it was weighed for
    // them — a barrier, not a wait.
    const later = await registerProject(c.world, lowRiskFactory(owners.b))
    expectStatus(
      await openApplication(c.world, later, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    )
    for (const tab of [reviewer, stranger]) {
      await expect.poll(async () => (await tab.heard()).some((m) => m.data.projectId === later)).toBe(true)
      const leaked = (await tab.heard()).filter((m) => m.data.projectId === projectId || m.data.taskId === task.taskId)
      expect(leaked).toEqual([])
      await seesNothing(tab.page)
    }
    for (const tab of [owner, reviewer, stranger]) await tab.context.close()
  })
})
