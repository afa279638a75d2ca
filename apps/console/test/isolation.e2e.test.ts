import {
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  statusWhen,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Issue 14, must show: a reviewer of another department and another owner see nothing of the project — the console's
// 404 page (pages/not-found.tsx), and none of the project's data anywhere in the page.

let c: ConsoleWorld
const project = industrialProject(owners.a)
let projectId = ''
let taskId = ''
/** A department with no task in the project (the permits step's are planning and housing). */
const OUTSIDER = 'public-security'

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
  const task = s.tasks.find((t) => t.applicationId === opened.applicationId)
  if (!task) throw new Error('no task')
  expect(s.tasks.some((t) => t.department === OUTSIDER)).toBe(false)
  taskId = task.taskId
}, 120_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

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
    await page.goto(`/tasks/${taskId}`)
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
})
