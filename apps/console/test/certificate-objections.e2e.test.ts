import {
  approveFirstStep,
  approveStep,
  completionCalls,
  expectStatus,
  lowRiskFactory,
  type OpenedAcceptanceCase,
  one,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'

// 证照异议 (004:1134): a department using an electronic certificate disputes it, the issuing department checks it and
// answers, the using department reads the answer — through the console's pages, on the whole stack.

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: START })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('certificate objections (证照异议)', () => {
  it('housing disputes the land-planning permit from its task page, natural resources upholds it, housing reads the finding', async () => {
    // The first step approved: its 建设用地规划许可证 issued by natural resources; the next step's housing task open.
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    await approveFirstStep(c.world, projectId)
    const { applicationId } = expectStatus(
      await openApplication(c.world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
      201,
    ).application as { applicationId: string }
    const housingTask = await taskOf(c.world, 'housing-construction', applicationId)
    const permit = one(
      (await statusWhen(c.world, projectId, (s) => s.certificates.some((x) => x.kind === 'permit'))).certificates,
      (x) => x.kind === 'permit' && x.item === 'land-planning-permit',
      'the land-planning permit',
    )

    // Natural resources, the issuer, has its 证照异议 page open, with nothing to answer yet.
    const planning = await c.as('reviewer', { department: 'natural-resources' })
    await planning.page.goto('/certificate-objections')
    await expect.poll(() => planning.page.getByText('暂无对本部门签发证照的异议').count(), { timeout: 15_000 }).toBe(1)

    // Housing's task page lists the project's permits, the other department's open to 提出异议.
    const housing = await c.as('reviewer', { department: 'housing-construction' })
    await housing.page.goto(`/tasks/${housingTask.taskId}?project=${projectId}`)
    const card = housing.page.locator('.ant-card', { hasText: '本项目电子证照' })
    const row = card.locator('tr', { hasText: permit.number })
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    await row.getByRole('button', { name: '提出异议' }).click()
    const raise = housing.page.getByRole('dialog')
    // Bounded as the contract: the reason's counter says 2000.
    await expect.poll(() => raise.getByText('/ 2000').count()).toBe(1)
    await raise.getByLabel('异议理由').fill('证载用地面积与出让合同不一致')
    await raise.getByLabel(/证据/).fill('土地出让合同 SW-2026-017\n宗地图 ZD-0031')
    await raise.getByRole('button', { name: '提交异议' }).click()
    // The list is registration's, read at once: the objection shows open, and the button is gone while it is.
    await expect.poll(() => row.getByText('核查中').count()).toBe(1)
    expect(await row.getByText('等待签发部门核查').count()).toBe(1)
    expect(await row.getByRole('button', { name: '提出异议' }).count()).toBe(0)

    // Natural resources is told live (its department a party to the objection's change): the objection shows on the
    // page it has open, with no reload, and it answers from there.
    const open = planning.page.locator('tr', { hasText: permit.number })
    await expect.poll(() => open.getByRole('button', { name: '核查答复' }).count(), { timeout: 15_000 }).toBe(1)
    expect(await open.getByText('证载用地面积与出让合同不一致').count()).toBe(1)
    expect(await open.getByText('土地出让合同 SW-2026-017；宗地图 ZD-0031').count()).toBe(1)
    await open.getByRole('button', { name: '核查答复' }).click()
    const answer = planning.page.getByRole('dialog')
    await answer.getByLabel('异议成立').check()
    await answer.getByLabel('核查结论').fill('用地面积录入有误，已注销原证并重新核发')
    await answer.getByRole('button', { name: '提交答复' }).click()
    await expect.poll(() => open.getByText('异议成立').count()).toBe(1)

    // Housing is told live too: the task page it has open shows the answer beside its objection, with no reload.
    await expect.poll(() => row.getByText('异议成立').count(), { timeout: 20_000 }).toBe(1)

    // And its 证照异议 page shows the answer with the finding.
    await housing.page.goto('/certificate-objections')
    const told = housing.page.locator('tr', { hasText: permit.number })
    await expect.poll(() => told.getByText('异议成立').count(), { timeout: 15_000 }).toBe(1)
    expect(await told.getByText(/核查结论：用地面积录入有误，已注销原证并重新核发/).count()).toBe(1)
    await expectAccessible(housing.page)

    // Both timelines carry it (the read model's entries name both departments).
    const timeline = (
      await statusWhen(c.world, projectId, (s) => s.timeline.some((e) => e.type === 'objection.answered'))
    ).timeline
    expect(timeline.filter((e) => e.type.startsWith('objection.')).map((e) => e.type)).toEqual([
      'objection.raised',
      'objection.answered',
    ])

    // An issuer with more open objections than a page (1,000): the page reads on to the oldest, the one it must
    // answer first, which the list newest first used to leave out without a word.
    await c.world.schemas.registration.pool.query(
      `INSERT INTO certificate_objection (id, certificate_id, issuer, raised_by, status, state, raised_at, updated_at)
       SELECT o.id, c.certificate_id, c.issuer, 'user-' || o.i, 'open',
              (c.state - 'answer') || jsonb_build_object('objectionId', o.id, 'raisedBy', 'user-' || o.i,
                'status', 'open', 'version', 1,
                'reason', CASE WHEN o.i = 1 THEN '最早的一条异议' ELSE '批量异议' END,
                'raisedAt', to_char(o.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              o.at, o.at
         FROM certificate_objection c,
              LATERAL (SELECT gen_random_uuid() AS id, i,
                              timestamptz '2026-02-01 01:00:00Z' + i * interval '1 second' AS at
                         FROM generate_series(1, 1001) AS i) o
        WHERE c.issuer = 'natural-resources' AND c.raised_by = 'housing-construction'`,
    )
    await planning.page.reload()
    const oldest = planning.page.locator('tr', { hasText: '最早的一条异议' })
    await expect.poll(() => oldest.getByRole('button', { name: '核查答复' }).count(), { timeout: 30_000 }).toBe(1)
    expect(await planning.page.locator('[data-objections-incomplete]').count()).toBe(0)
  }, 120_000)

  it('the registration office disputes a permit of its case’s project from its 不动产登记 page and follows it on 证照异议', async () => {
    // A project through its permits to joint acceptance: its first-registration case opens (权籍调查) with it.
    const owner = owners.b
    const factory = lowRiskFactory(owner)
    const projectId = await registerProject(c.world, factory)
    await approveFirstStep(c.world, projectId)
    await approveStep(
      c.world,
      projectId,
      'six-item-bundle',
      sixItemMaterials.map((m) => m.code),
    )
    const calls = completionCalls(c.world)
    let applied = await calls.applyForAcceptance(projectId, owner)
    await until(async () => {
      if (applied.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
      applied = await calls.applyForAcceptance(projectId, owner)
      return false
    }, 60_000)
    expectStatus(applied, 201)
    await until(async () => (await calls.registrationOf(projectId)) !== undefined, 60_000)
    const permit = one(
      (await statusWhen(c.world, projectId, (s) => s.certificates.some((x) => x.item === 'construction-permit')))
        .certificates,
      (x) => x.kind === 'permit' && x.item === 'construction-permit',
      'the construction permit',
    )

    // The registrar opens its case's project's permits from the case's row.
    const registrar = await c.as('registrar')
    await registrar.page.goto('/registration')
    const caseRow = registrar.page.getByRole('row').filter({ hasText: factory.projectCode })
    await expect.poll(() => caseRow.count(), { timeout: 30_000 }).toBe(1)
    await caseRow.getByRole('button', { name: '电子证照与异议' }).click()
    const permits = registrar.page.getByRole('dialog', { name: /本项目电子证照/ })
    const row = permits.locator('tr', { hasText: permit.number })
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    await row.getByRole('button', { name: '提出异议' }).click()
    const raise = registrar.page.getByRole('dialog', { name: /提出异议/ })
    // The office calls itself 本机构, not a department.
    expect(await raise.getByText('异议转签发部门核查，核查结果将告知本机构。').count()).toBe(1)
    await raise.getByLabel('异议理由').fill('证载建设规模与竣工测绘面积不一致')
    await raise.getByLabel(/证据/).fill('房产测绘报告 FCCL-2026-0012')
    await raise.getByRole('button', { name: '提交异议' }).click()
    // Raised: the permit's row says it is being checked, and offers no second objection while it is.
    await expect.poll(() => row.getByText('核查中').count(), { timeout: 15_000 }).toBe(1)
    expect(await row.getByRole('button', { name: '提出异议' }).count()).toBe(0)
    await expectAccessible(registrar.page)

    // Its 证照异议 page (in its menu) lists it among those it raised, open, with the issuer named.
    expect(await registrar.page.getByRole('link', { name: '证照异议' }).count()).toBe(1)
    await registrar.page.goto('/certificate-objections')
    const raised = registrar.page.locator('tr', { hasText: permit.number })
    await expect.poll(() => raised.getByText('证载建设规模与竣工测绘面积不一致').count(), { timeout: 15_000 }).toBe(1)
    expect(await raised.getByText('核查中').count()).toBe(1)
    expect(await registrar.page.getByRole('heading', { name: '本机构提出的异议' }).count()).toBe(1)
    // The construction permit names its 发证机关: the page names the same issuer.
    expect(permit.issuer).toBeTruthy()
    expect(await raised.getByText(permit.issuer ?? '').count()).toBe(1)

    // The joint acceptance's lead department (牵头部门) uses the project's permits too: its case page lists them, and it
    // disputes the land-planning permit, another department's.
    const opened = expectStatus(applied, 201).case as OpenedAcceptanceCase
    const landPermit = one(
      (await statusWhen(c.world, projectId, (s) => s.certificates.some((x) => x.item === 'land-planning-permit')))
        .certificates,
      (x) => x.kind === 'permit' && x.item === 'land-planning-permit',
      'the land-planning permit',
    )
    const lead = await c.as('lead', { department: opened.lead })
    await lead.page.goto(`/acceptance/${opened.caseId}`)
    const leadRow = lead.page
      .locator('.ant-card', { hasText: '本项目电子证照' })
      .locator('tr', { hasText: landPermit.number })
    await expect.poll(() => leadRow.count(), { timeout: 15_000 }).toBe(1)
    // The construction permit is the lead's own department's (housing decided it): its own to correct, so no 提出异议
    // is offered on it (registration would refuse: REGISTRATION_OBJECTION_OWN_CERTIFICATE).
    expect(opened.lead).toBe('housing-construction')
    const ownRow = lead.page
      .locator('.ant-card', { hasText: '本项目电子证照' })
      .locator('tr', { hasText: permit.number })
    expect(await ownRow.count()).toBe(1)
    expect(await ownRow.getByRole('button', { name: '提出异议' }).count()).toBe(0)
    await leadRow.getByRole('button', { name: '提出异议' }).click()
    const leadRaise = lead.page.getByRole('dialog', { name: /提出异议/ })
    await leadRaise.getByLabel('异议理由').fill('证载用地性质与验收现场不符')
    await leadRaise.getByLabel(/证据/).fill('现场检查记录 XC-2026-0007')
    await leadRaise.getByRole('button', { name: '提交异议' }).click()
    await expect.poll(() => leadRow.getByText('核查中').count(), { timeout: 15_000 }).toBe(1)
    expect(await leadRow.getByRole('button', { name: '提出异议' }).count()).toBe(0)
    await expectAccessible(lead.page)

    // Acceptance passes (the pre-survey passed, every item's opinion pass): the registration case opens.
    expectStatus(await calls.passPreSurvey((await calls.registrationOf(projectId)) ?? ''), 200)
    expectStatus(await calls.scheduleInspection(opened, '2026-03-02'), 200)
    for (const item of opened.items) expectStatus(await calls.recordOpinion(opened, item, { opinion: 'pass' }), 200)
    const registration = async () =>
      (await c.world.api('GET', `/api/v1/registrations?project=${projectId}`, c.world.token('registrar'))).body
        ?.registrations?.[0]?.status
    await until(async () => (await registration()) === 'open', 120_000)
    await registrar.page.goto('/registration')
    const complete = caseRow.getByRole('button', { name: '办结登记并发证' })
    await expect.poll(() => complete.count(), { timeout: 30_000 }).toBe(1)

    // The registrar completes: refused while the permits are disputed, and the case's row says why, by their numbers.
    await complete.click()
    await registrar.page
      .getByRole('dialog', { name: '确认办结登记并发证' })
      .getByRole('button', { name: '确认发证' })
      .click()
    const why = caseRow.locator('[data-registration-disputed]')
    await expect.poll(() => why.count(), { timeout: 15_000 }).toBe(1)
    expect(await why.textContent()).toContain('证照异议核查中')
    expect(await why.textContent()).toContain(permit.number)
    expect(await why.textContent()).toContain(landPermit.number)
    expect(await registrar.page.getByText(/有异议正在签发部门核查、尚未答复，暂不能办结登记/).count()).toBe(1)
    expect(await caseRow.getByText(/已发证/).count()).toBe(0)
    await expectAccessible(registrar.page)

    // Each issuer answers its objection while the office's 证照异议 page stays open in a second tab: its live stream tells
    // it of the answer (a 证照异议 on a project it has a case on), and its row says so with no reload. Then the
    // registrar completes, and the property certificate is issued.
    const watching = await c.as('registrar')
    await watching.page.goto('/certificate-objections')
    const watched = watching.page.locator('tr', { hasText: permit.number })
    await expect.poll(() => watched.getByText('核查中').count(), { timeout: 15_000 }).toBe(1)
    for (const [department, number] of [
      ['housing-construction', permit.number],
      ['natural-resources', landPermit.number],
    ] as const) {
      const token = c.world.token('reviewer', { department })
      const open = (
        expectStatus(await c.world.api('GET', '/api/v1/certificate-objections?status=open', token), 200)
          .objections as Array<{ objectionId: string; certificateNumber: string }>
      ).filter((o) => o.certificateNumber === number)
      expect(open).toHaveLength(1)
      expectStatus(
        await c.world.api('POST', `/api/v1/certificate-objections/${open[0]?.objectionId}/answer`, token, {
          outcome: 'rejected',
          finding: '经核查，证载信息准确',
        }),
        200,
      )
    }
    await expect.poll(() => watched.getByText('异议不成立').count(), { timeout: 20_000 }).toBe(1)
    expect(await watched.getByText(/核查结论：经核查，证载信息准确/).count()).toBe(1)
    await complete.click()
    await registrar.page
      .getByRole('dialog', { name: '确认办结登记并发证' })
      .getByRole('button', { name: '确认发证' })
      .click()
    await expect.poll(() => caseRow.getByText(/已发证/).count(), { timeout: 15_000 }).toBe(1)
    expect(await why.count()).toBe(0)

    // The owner, the holder (权利人), disputes its 不动产权证书 from its project's page; the registration office, which
    // issued it, answers on its 证照异议 page; the owner reads the answer beside the certificate.
    const holder = await c.as('owner', { creditCode: owner.creditCode })
    await holder.page.goto(`/projects/${projectId}`)
    const own = holder.page.locator('[data-property-objections]')
    await expect.poll(() => own.count(), { timeout: 30_000 }).toBe(1)
    await own.getByRole('button', { name: '提出异议' }).click()
    const ownerRaise = holder.page.getByRole('dialog', { name: /提出异议/ })
    await ownerRaise.getByLabel('异议理由').fill('证载建筑面积与房产测绘报告不一致')
    await ownerRaise.getByLabel(/证据/).fill('房产测绘报告 FCCL-2026-0012')
    await ownerRaise.getByRole('button', { name: '提交异议' }).click()
    await expect.poll(() => own.getByText('核查中').count(), { timeout: 15_000 }).toBe(1)
    expect(await own.getByRole('button', { name: '提出异议' }).count()).toBe(0)
    // Its project's timeline says the owner raised it, not a using department.
    await expect
      .poll(() => holder.page.getByText('建设单位对不动产权证书提出异议').count(), { timeout: 15_000 })
      .toBe(1)
    // The registration office's objection to the construction permit, and housing's answer, name the office; the lead
    // department's to the land-planning permit reads as a using department's.
    expect(await holder.page.getByText('不动产登记机构对证照提出异议').count()).toBe(1)
    expect(await holder.page.getByText('签发部门已答复不动产登记机构的证照异议').count()).toBe(1)
    expect(await holder.page.getByText('使用部门对证照提出异议').count()).toBe(1)
    expect(await holder.page.getByText('签发部门已答复证照异议').count()).toBe(1)
    await expectAccessible(holder.page)

    await registrar.page.goto('/certificate-objections')
    const toAnswer = registrar.page.locator('tr', { hasText: '证载建筑面积与房产测绘报告不一致' })
    await expect.poll(() => toAnswer.getByRole('button', { name: '核查答复' }).count(), { timeout: 15_000 }).toBe(1)
    expect(await toAnswer.getByText(owner.name).count()).toBe(1)
    await toAnswer.getByRole('button', { name: '核查答复' }).click()
    const reply = registrar.page.getByRole('dialog')
    await reply.getByLabel('异议成立').check()
    await reply.getByLabel('核查结论').fill('面积录入有误，注销原证后重新登记发证')
    await reply.getByRole('button', { name: '提交答复' }).click()
    await expect.poll(() => toAnswer.getByText('异议成立').count()).toBe(1)

    await holder.page.reload()
    await expect.poll(() => own.getByText('异议成立').count(), { timeout: 15_000 }).toBe(1)
    expect(await own.getByText(/核查结论：面积录入有误，注销原证后重新登记发证/).count()).toBe(1)
    // 办理记录 is a part of its own, fetched after the status shows.
    await expect.poll(() => holder.page.getByText('不动产登记机构已答复建设单位对不动产权证书的异议').count()).toBe(1)
  }, 300_000)
})
