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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 撤销 (004:1860 依法撤销许可): Shanwei's low-risk project passes joint acceptance with its archive item on 告知承诺; the
// archive's later check finds the commitment breached and revokes. The lead's case page says the pass and its letter
// no longer stand (and offers no 结果物 form), and the registrar's list — registration heard it — says so and offers no 办结登记并发证; the
// registrar's 消息通知 has the case opened and the revocation, in the registration office's words.

let c: ConsoleWorld
const owner = owners.b
const project = lowRiskFactory(owner)
const ARCHIVE = 'urban-construction-archive-acceptance'
const ARCHIVES = 'urban-construction-archive'
let projectId = ''
let opened: OpenedAcceptanceCase

type Registration = { caseId: string; status: string; acceptanceResults?: { passRevoked?: { on: string } } }
const registration = async (): Promise<Registration | undefined> =>
  (
    expectStatus(
      await c.world.api('GET', `/api/v1/registrations?project=${projectId}`, c.world.token('registrar')),
      200,
    ).registrations as Registration[]
  )[0]

beforeAll(async () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  c = await startConsole({ start: '2026-03-02T01:00:00Z', notification: true })
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
  let res = await calls.applyForAcceptance(projectId, owner, { commitments: [ARCHIVE] })
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await calls.applyForAcceptance(projectId, owner, { commitments: [ARCHIVE] })
    return false
  }, 60_000)
  opened = expectStatus(res, 201).case as OpenedAcceptanceCase
}, 240_000)
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('撤销: a 告知承诺 breached after the pass, revoked', () => {
  it('the lead’s case page and the registrar’s list say the pass no longer stands; no registration completes on it', async () => {
    const { world } = c
    const calls = completionCalls(world)
    const inspected = opened.items.filter((i) => i.item !== ARCHIVE)
    expectStatus(
      await calls.scheduleInspection(opened, '2026-03-02', [...new Set(inspected.map((i) => i.department))]),
      200,
    )
    for (const item of inspected) expectStatus(await calls.recordOpinion(opened, item, { opinion: 'pass' }), 200)
    await until(async () => (await registration())?.status === 'pre-survey', 60_000)
    expectStatus(await calls.passPreSurvey((await registration())?.caseId ?? ''), 200)
    await until(async () => (await registration())?.status === 'open', 60_000)

    world.clock.set('2026-03-16T01:00:00Z')
    expectStatus(
      await world.api(
        'POST',
        `/api/v1/acceptance/${opened.caseId}/commitments`,
        world.token('reviewer', { department: ARCHIVES }),
        { item: ARCHIVE, result: 'breached', findings: ['竣工档案未按承诺移交'], measures: ['revoke'] },
      ),
      200,
    )
    await until(async () => (await registration())?.acceptanceResults?.passRevoked !== undefined, 60_000)
    expect((await registration())?.acceptanceResults?.passRevoked?.on).toBe('2026-03-16')

    const lead = await c.as('lead', { department: opened.lead })
    await lead.page.goto(`/acceptance/${opened.caseId}`)
    const notice = lead.page.locator('[data-pass-revoked]')
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1)
    const said = (await notice.textContent()) ?? ''
    expect(said).toContain('联合验收通过已依法撤销')
    expect(said).toContain('2026年3月16日')
    // A revoked pass takes no 结果物 (ACCEPTANCE_PASS_REVOKED): the lead's own items, passed without one, offer no form.
    expect(await lead.page.getByText('本部门结果物', { exact: true }).count()).toBe(0)
    await expectAccessible(lead.page)
    await lead.context.close()

    const registrar = await c.as('registrar')
    await registrar.page.goto('/registration')
    const row = registrar.page.getByRole('row').filter({ hasText: project.projectCode })
    await expect.poll(() => row.locator('[data-pass-revoked]').count(), { timeout: 30_000 }).toBe(1)
    expect(await row.locator('[data-pass-revoked]').textContent()).toContain('2026年3月16日')
    expect(await row.getByRole('button', { name: '办结登记并发证' }).count()).toBe(0)
    await expectAccessible(registrar.page)

    // The registration office's 消息通知, from the registrar's menu: the case it opened, and the pass revoked.
    await registrar.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '消息通知' }).click()
    await expect.poll(() => registrar.page.url()).toMatch(/\/notifications$/)
    const messages = registrar.page.getByRole('list', { name: '消息列表' })
    await expect.poll(() => messages.getByText('登记所依据的联合验收通过已撤销').count(), { timeout: 30_000 }).toBe(1)
    expect(await messages.getByText('不动产首次登记案件已受理').count()).toBe(1)
    const text = (await messages.textContent()) ?? ''
    expect(text).toContain('已于2026年3月16日依法撤销')
    expect(text).toContain('依据该验收的不动产首次登记不得办结')
    await expectAccessible(registrar.page)
    await registrar.context.close()

    // The supervisor's figures of March, joint acceptance: the case stays decided, its pass in the revoked share
    // (撤销占比), not the passes — as a revoked permit in the approval stage.
    const supervisor = await c.as('supervisor')
    const figures = supervisor.page.waitForResponse(
      (r) => r.url().includes('/supervision/stats?') && r.url().includes('stage=joint-acceptance'),
    )
    await supervisor.page.goto('/supervision?from=2026-03-01&to=2026-03-31')
    await supervisor.page.getByText('联合验收', { exact: true }).click()
    const staged = (await (await figures).json()) as { groups: Array<Record<string, unknown>> }
    expect(staged.groups).toEqual([
      expect.objectContaining({ decided: 1, approvedShare: 0, rejectedShare: 0, revokedShare: 1 }),
    ])
    const table = supervisor.page
      .getByRole('table')
      .filter({ has: supervisor.page.getByRole('columnheader', { name: '撤销占比', exact: true }) })
    const caseRow = table.locator('tr.ant-table-row')
    await expect.poll(() => caseRow.count(), { timeout: 30_000 }).toBe(1)
    const headers = await table.getByRole('columnheader').allTextContents()
    const cell = (title: string) => caseRow.getByRole('cell').nth(headers.indexOf(title)).textContent()
    expect(await cell('办结件数')).toBe('1')
    expect(await cell('撤销占比')).toBe('100%')
    await expectAccessible(supervisor.page)
    await supervisor.context.close()
  }, 240_000)
})
