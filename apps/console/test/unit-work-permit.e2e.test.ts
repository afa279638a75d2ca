import {
  act,
  applicationIn,
  approveStep,
  expectStatus,
  openStep,
  owners,
  qinzhouMaterials,
  qinzhouProject,
  registerProject,
  statusWhen,
} from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 按照单位工程办理施工许可 in Qinzhou (450700, seeds/000_5ff03a50698aa736.txt:125): the desk names the building (单位工程)
// whose construction permit is applied for on its own; its receipt and its permit name it.
// Monday 2 March 2026, 09:00 in Beijing.
let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const owner = owners.b
const released = (projectId: string, applicationId: string) =>
  statusWhen(c.world, projectId, (s) => applicationIn(s, applicationId).certificate === 'released')

/** Marks every material the checklist asks for as received. */
async function receiveAll(page: Page): Promise<void> {
  const rows = page.getByRole('row').filter({ has: page.getByRole('radio', { name: '已收取' }) })
  await expect.poll(() => rows.count()).toBeGreaterThan(0)
  for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).getByRole('radio', { name: '已收取' }).check()
}

describe('按照单位工程办理施工许可 at the desk and on the owner’s page', () => {
  it('the clerk names the building: no phase is asked, the receipt and the permit name it', async () => {
    const projectId = await registerProject(c.world, qinzhouProject(owner))
    for (const step of ['land-planning', 'engineering-permit']) {
      const { applicationId } = await approveStep(c.world, projectId, step, qinzhouMaterials[step] ?? [])
      await released(projectId, applicationId)
    }

    const clerk = await c.as('clerk')
    await clerk.page.goto(`/desk/projects/${projectId}`)
    const building = clerk.page.getByLabel('单位工程', { exact: true })
    await expect.poll(() => building.count()).toBe(1)
    const phase = clerk.page.getByLabel('办理阶段', { exact: true })
    await expect.poll(() => phase.count()).toBe(1)
    await building.fill('1号楼')
    // A building's permit is applied for whole: the phases are no longer offered.
    await expect.poll(() => phase.count()).toBe(0)
    await receiveAll(clerk.page)
    await expect.poll(() => clerk.page.getByText('计算中…').count()).toBe(0)
    await expectAccessible(clerk.page)
    const sent = clerk.page.waitForRequest(
      (r) => r.url().endsWith(`/api/v1/projects/${projectId}/applications`) && r.method() === 'POST',
    )
    await clerk.page.getByRole('button', { name: '提交受理' }).click()
    const body = (await sent).postDataJSON()
    expect(body).toMatchObject({ step: 'construction-permit', part: '1号楼' })
    expect(body).not.toHaveProperty('phase')
    await expect.poll(() => clerk.page.url()).toMatch(/\/receipts\/[0-9a-f-]{36}$/)
    const applicationId = clerk.page.url().split('/').at(-1) as string
    // The 受理回执 names the building applied for.
    await expect.poll(() => clerk.page.getByText('施工许可（单位工程：1号楼）', { exact: true }).count()).toBe(1)
    await clerk.context.close()

    const opened = await statusWhen(c.world, projectId, (s) => s.tasks.some((t) => t.applicationId === applicationId))
    for (const t of opened.tasks.filter((x) => x.applicationId === applicationId)) {
      expectStatus(await act(c.world, t, { action: 'claim' }), 200)
      expectStatus(await act(c.world, t, { action: 'approve' }), 200)
    }
    await statusWhen(c.world, projectId, (s) => s.certificates.some((x) => x.item === 'construction-permit'))
    // 2号楼 applied for after: its departments work beside 1号楼's, which stay listed with their decision.
    const second = await openStep(
      c.world,
      projectId,
      'construction-permit',
      qinzhouMaterials['construction-permit'] ?? [],
      {
        part: '2号楼',
      },
    )

    // The building's own 施工许可: its card names the building it was granted for.
    const own = await c.as('owner', { creditCode: owner.creditCode })
    await own.page.goto(`/projects/${projectId}`)
    await expect.poll(() => own.page.getByText('许可范围：单位工程 1号楼', { exact: true }).count()).toBe(1)
    // The flow says the building passed while the step waits for the whole project's permit.
    await expect
      .poll(() => own.page.getByText('办理中 · 单位工程 1号楼（已通过）、2号楼（办理中）', { exact: false }).count())
      .toBeGreaterThan(0)
    // Each building's departments are listed under the step, named with their building.
    const permitStep = own.page.getByRole('region', { name: '施工许可', exact: true })
    for (const building of ['1号楼', '2号楼'])
      await expect
        .poll(() =>
          permitStep
            .getByRole('listitem')
            .filter({ hasText: `单位工程 ${building}` })
            .count(),
        )
        .toBe(second.tasks.length)
    await expectAccessible(own.page)
    await own.context.close()
  }, 180_000)
})
