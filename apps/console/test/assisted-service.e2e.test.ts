import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  taskOf,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, choose, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const HELPER = { sub: 'helper-li', name: '李帮办' }
/** land-planning-and-filing as Shanwei's catalogue (packages/catalogue/data/441500.yaml) names it. */
const SHANWEI_STEP = '立项用地规划许可阶段'

describe('帮办代办 and 中介服务 in the console', () => {
  it('the clerk opens the case on the project’s page; the helper hands in what the owner owes, withdraws the receipt and schedules a visit that falls due; the owner sees its case and chooses an intermediary by grade', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.b))
    // The window opens the case on the project's page: a county key project named by the city's own code is refused
    // beside the county's field; as a city key project it opens, free, with the helper named.
    const clerk = await c.as('clerk')
    await clerk.page.goto(`/projects/${projectId}`)
    const opening = clerk.page.getByRole('region', { name: '开通帮办代办' })
    // The page reads the status and the case as soon as it opens: on a busy machine the read model may not have the
    // project yet (未找到) or a read may fail (请求未成功), and the page waits for the live stream; read it again then.
    await expect
      .poll(
        async () => {
          const shown = await opening.count()
          if (shown === 0 && (await clerk.page.getByText(/^未找到$|请求未成功/).count()) > 0) await clerk.page.reload()
          return shown
        },
        { timeout: 60_000 },
      )
      .toBe(1)
    await opening.getByRole('button', { name: '开通帮办代办' }).click()
    await expect.poll(() => opening.getByText('请选择服务对象').count()).toBe(1)
    await choose(clerk.page, '服务对象', '县（市、区）重点建设项目')
    await opening.getByLabel('认定文件').fill('doc://plan-2026.pdf')
    await opening.getByLabel('认定的县（市、区）代码').fill('441500')
    await choose(clerk.page, '服务方式', '全程帮办')
    await opening.getByLabel('帮办员账号').fill(HELPER.sub)
    await opening.getByLabel('帮办员姓名').fill(HELPER.name)
    await opening.getByRole('button', { name: '开通帮办代办' }).click()
    await expect.poll(() => opening.getByText('须为本市所辖县（市、区）的六位区划代码').count()).toBe(1)
    await expect.poll(() => opening.getByText('请求未成功（422）').count()).toBe(1)
    // Above the form, the field by its label and the reason in Chinese; its pointer and intake's English only inside
    // the collapsed 技术详情.
    const refusal = opening.getByRole('alert')
    expect(
      await refusal
        .getByText('认定的县（市、区）代码：441500 不是本项目所在城市（441500）下辖县（区）的行政区划代码')
        .isVisible(),
    ).toBe(true)
    expect(await refusal.getByText('/body/eligibility/county').isVisible()).toBe(false)
    expect(await refusal.locator('[lang="en"]').first().isVisible()).toBe(false)
    await clerk.page.mouse.move(0, 0)
    await expectAccessible(clerk.page)
    await screenshot(clerk.page, 'assisted-open-refused')
    await choose(clerk.page, '服务对象', '市年度重点建设项目')
    await opening.getByRole('button', { name: '开通帮办代办' }).click()
    await expect.poll(() => clerk.page.getByRole('region', { name: '结束帮办代办' }).count()).toBe(1)
    expect(await clerk.page.getByRole('region', { name: '开通帮办代办' }).count()).toBe(0)
    const opened = expectStatus(
      await c.world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, c.world.token('clerk')),
      200,
    ).case
    expect(opened).toMatchObject({
      eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
      mode: 'whole-process',
      helper: HELPER,
      freeOfCharge: true,
      status: 'open',
    })
    expect(opened.eligibility.county).toBeUndefined()
    await clerk.context.close()

    // The owner's application, received and told to supplement one material: the helper hands it in.
    const application = expectStatus(
      await openApplication(c.world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        acceptance: 'later',
      }),
      201,
    ).application
    expectStatus(
      await c.world.api(
        'POST',
        `/api/v1/applications/${application.applicationId}/receipt-notice`,
        c.world.token('clerk'),
        { materials: ['land-transfer-contract'], reason: '出让合同缺少附图' },
      ),
      200,
    )

    // The helper chooses the application (no ids typed); the materials the 一次性告知 asks for are listed from it.
    const helper = await c.as('helper', { sub: HELPER.sub })
    await helper.page.goto('/assisted-cases')
    await helper.page.getByRole('button', { name: `办理 ${owners.b.name}` }).click()
    const acts = helper.page.getByRole('region', { name: '代为办理' })
    const covered = acts.getByRole('region', { name: '覆盖的申请' })
    await expect.poll(() => covered.getByText('土地使用权出让合同（一次性告知）').count()).toBe(1)
    await expect.poll(() => covered.getByText('已接件，待受理').count()).toBe(1)
    await acts.getByRole('button', { name: '代为提交' }).click()
    await expect.poll(() => acts.getByText('请选择申请').count()).toBe(1)
    await acts.getByLabel('选择申请').click()
    await helper.page.getByTitle(/尚需 土地使用权出让合同/).click()
    await expect.poll(() => acts.getByText('一次性告知：出让合同缺少附图（须一次提交全部材料）').count()).toBe(1)
    await acts.getByLabel('土地使用权出让合同文件').fill('doc://land-transfer-contract-v2.pdf')
    await acts.getByRole('button', { name: '代为提交' }).click()
    await expect.poll(() => helper.page.getByText('已代表建设单位提交，办理记录已留痕。').count()).toBe(1)
    await expect.poll(() => acts.getByText('补齐一次性告知材料').count()).toBe(1)
    // Nothing is owed any more: the form is gone, the application still only received.
    await expect.poll(() => acts.getByLabel('选择申请').count()).toBe(0)

    // 撤件 for the owner: the receipt withdrawn (national code 2), the act kept on the case.
    await covered.getByRole('button', { name: `撤件 ${application.receiptNumber}` }).click()
    const withdrawing = helper.page.getByRole('region', { name: '代为撤件' })
    await withdrawing.getByLabel('撤件原因').fill('建设单位调整方案后重新申请')
    await withdrawing.getByRole('button', { name: '确认撤件' }).click()
    await expect.poll(() => helper.page.getByText('已代表建设单位撤件，办理记录已留痕。').count()).toBe(1)
    await expect.poll(() => covered.getByText('已撤件').count()).toBe(1)
    await expect.poll(() => acts.getByRole('cell', { name: '撤件', exact: true }).count()).toBe(1)
    expect(await covered.getByRole('button', { name: /^撤件/ }).count()).toBe(0)
    const withdrawn = expectStatus(
      await c.world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, c.world.token('clerk')),
      200,
    ).case
    expect(withdrawn.acts.map((a: { act: string }) => a.act)).toEqual(['receipt-answered', 'withdraw-receipt'])
    // Each act's 环节 is named as the project's own flow names the step (Shanwei's 立项用地规划许可阶段), not by its code
    // and not by the console's general name of it.
    expect(withdrawn.acts.map((a: { stepName?: string }) => a.stepName)).toEqual([SHANWEI_STEP, SHANWEI_STEP])
    const record = acts.getByRole('table').last()
    await expect.poll(() => record.getByRole('cell', { name: SHANWEI_STEP, exact: true }).count()).toBe(2)
    expect(await acts.getByText('land-planning-and-filing').count()).toBe(0)
    expect(await acts.getByText('建设用地规划许可与项目备案').count()).toBe(0)

    await helper.page.getByLabel('回访事项').fill('了解用地规划许可办理进度')
    await helper.page.getByLabel('几个工作日后').fill('3')
    await helper.page.getByRole('button', { name: '安排回访' }).click()
    const visits = helper.page.getByRole('region', { name: '跟踪回访' })
    await expect.poll(() => visits.getByText('待回访').count()).toBe(1)

    // Three working days on, the visit falls due (the sweep) and the desk says so.
    const dueOn = nthWorkingDayAfter('2026-03-02', 3)
    c.world.clock.set(`${dueOn}T01:00:00Z`)
    await c.world.intake.assistedScanner.runOnce()
    await helper.page.reload()
    await expect.poll(() => helper.page.getByText('1 次回访到期').count()).toBe(1)
    await helper.page.getByRole('button', { name: `办理 ${owners.b.name}` }).click()
    // The pointer off the button it pressed and its focus gone: a hovered or focused small primary button is a
    // lighter blue than AA allows.
    await helper.page.mouse.move(0, 0)
    await helper.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await expectAccessible(helper.page)
    await screenshot(helper.page, 'assisted-helper')
    await helper.page.getByLabel('回访结果').fill('已协调补齐出让合同附图')
    await helper.page.getByRole('button', { name: '记录回访' }).click()
    await expect.poll(() => visits.getByText('已回访').count()).toBe(1)

    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    await expect.poll(() => owner.page.getByRole('heading', { name: '帮办代办' }).count()).toBe(1)
    await expect.poll(() => owner.page.getByText('李帮办（代表本单位办理）').count()).toBe(2)
    const ownerRecord = owner.page.getByRole('region', { name: '代办记录' })
    await expect.poll(() => ownerRecord.getByRole('cell', { name: SHANWEI_STEP, exact: true }).count()).toBe(2)
    expect(await ownerRecord.getByText('land-planning-and-filing').count()).toBe(0)
    await expect.poll(() => owner.page.getByText('已协调补齐出让合同附图').count()).toBe(1)

    // 中介服务: the list with grades; the owner chooses one; its clock shows its due date.
    const list = owner.page.getByRole('region', { name: '中介服务事项清单' })
    await expect.poll(() => list.getByText('广东示例环评咨询有限公司').count()).toBe(1)
    // The form's fields by their ids: '服务事项' and '中介机构' also head the tables' columns.
    await owner.page.locator('#choose-intermediary_service').click()
    await owner.page.getByTitle('环境影响报告书（表）编制').click()
    await owner.page.locator('#choose-intermediary_intermediary').click()
    await owner.page.getByTitle(/广东示例环评咨询有限公司（B级/).click()
    await owner.page.getByRole('button', { name: '选择该机构' }).click()
    const chosen = owner.page.getByRole('region', { name: '已选中介机构' })
    await expect.poll(() => chosen.getByText('广东示例环评咨询有限公司（信用等级 B）').count()).toBe(1)
    await expect.poll(() => chosen.getByText('服务中').count()).toBe(1)
    // The pointer leaves the button it clicked: antd's hover blue under white text is below AA for axe, which is the
    // pointer's state, not the page's; and the button stays loading until the lists it refreshes have come back.
    await owner.page.mouse.move(0, 0)
    await expect.poll(() => owner.page.locator('#choose-intermediary .ant-btn-loading').count()).toBe(0)
    await expectAccessible(owner.page)
    await screenshot(owner.page, 'assisted-owner')
    for (const x of [owner, helper]) await x.context.close()
  }, 240_000)

  it('a 容缺 hand-in of no file is said beside the first file and sends nothing', async () => {
    c.world.clock.set('2026-03-02T01:00:00Z')
    // An owner of its own: the service centre's list below counts the cases of the others.
    const owner = { name: '汕尾市示例建材有限公司', creditCode: '91441500MA51XY3017' }
    const projectId = await registerProject(c.world, lowRiskFactory(owner))
    await approveFirstStep(c.world, projectId)
    // The six-item bundle accepted with the construction contract owed (容缺), in a stage the case covers.
    const application = expectStatus(
      await openApplication(c.world, projectId, {
        step: 'six-item-bundle',
        form: {},
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
      }),
      201,
    ).application
    expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/assisted-case`, c.world.token('clerk'), {
        eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
        mode: 'whole-process',
        stages: ['construction-permit'],
        helper: HELPER,
      }),
      201,
    )
    const helper = await c.as('helper', { sub: HELPER.sub })
    let handIns = 0
    helper.page.on('request', (r) => {
      if (
        r.method() === 'POST' &&
        new URL(r.url()).pathname.endsWith(`/applications/${application.applicationId}/materials`)
      )
        handIns += 1
    })
    await helper.page.goto('/assisted-cases')
    await helper.page.getByRole('button', { name: `办理 ${owner.name}` }).click()
    const acts = helper.page.getByRole('region', { name: '代为办理' })
    await acts.getByLabel('选择申请').click()
    await helper.page.getByTitle(/尚需 施工合同/).click()
    await acts.getByRole('button', { name: '代为提交' }).click()
    await expect.poll(() => acts.getByText('请至少填写一项材料文件').count()).toBe(1)
    expect(handIns).toBe(0)
    await expectAccessible(helper.page)
    await helper.context.close()
  }, 240_000)

  it('the case’s helper answers a department’s 补正 notice for the owner; the act is kept on its case', async () => {
    c.world.clock.set('2026-03-02T01:00:00Z')
    const projectId = await registerProject(c.world, lowRiskFactory(owners.c))
    expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/assisted-case`, c.world.token('clerk'), {
        eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
        mode: 'help-at-once',
        stages: ['land-planning'],
        helper: HELPER,
      }),
      201,
    )
    const application = expectStatus(
      await openApplication(c.world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const applicationId: string = application.applicationId
    const task = await taskOf(c.world, 'natural-resources', applicationId)
    expectStatus(await act(c.world, task, { action: 'claim' }), 200)
    expectStatus(
      await act(c.world, task, {
        action: 'supplement',
        materials: ['land-transfer-contract'],
        reason: '出让合同缺少附图',
      }),
      200,
    )
    const s = await statusWhen(c.world, projectId, (x) =>
      (applicationIn(x, applicationId)?.notices ?? []).some((n: { status: string }) => n.status === 'open'),
    )
    const notice = applicationIn(s, applicationId).notices?.find((n: { status: string }) => n.status === 'open')
    if (!notice) throw new Error('unreachable: waited for the open notice')

    const helper = await c.as('helper', { sub: HELPER.sub })
    await helper.page.goto('/assisted-cases')
    await helper.page.getByRole('button', { name: `办理 ${owners.c.name}` }).click()
    const form = helper.page.getByRole('region', { name: '代为答复补正' })
    // Nothing chosen: refused in the form, before anything is sent.
    await form.getByRole('button', { name: '代为答复补正' }).click()
    await expect.poll(() => form.getByText('请选择补正告知').count()).toBe(1)
    // The helper chooses the notice from those its case covers (no ids typed); the materials come from the notice.
    await form.getByLabel('选择补正告知').click()
    // Each notice is named by its application's step as the project's flow names it, not by the step's code.
    await helper.page.getByTitle(new RegExp(`^${SHANWEI_STEP}：自然资源部门要求补正 土地使用权出让合同`)).click()
    expect(await helper.page.getByTitle(/land-planning-and-filing/).count()).toBe(0)
    await expect.poll(() => form.getByLabel('补正材料1', { exact: true }).inputValue()).toBe('land-transfer-contract')
    expect(await form.getByLabel('补正材料2', { exact: true }).count()).toBe(0)
    await form.getByLabel('补正材料1文件').fill('doc://land-transfer-contract-v2.pdf')
    await form.getByRole('button', { name: '代为答复补正' }).click()
    await expect
      .poll(() => form.getByText('已代表建设单位答复补正告知，部门审批恢复计时，办理记录已留痕。').count())
      .toBe(1)
    // The act reaches the case from approval's event (intake's consumer): the desk shows it once it has.
    const acts = helper.page.getByRole('region', { name: '代为办理' })
    await expect
      .poll(
        async () => {
          if ((await acts.getByText('代为答复补正告知').count()) === 0) {
            await helper.page.reload()
            await helper.page.getByRole('button', { name: `办理 ${owners.c.name}` }).click()
          }
          return acts.getByText('代为答复补正告知').count()
        },
        { timeout: 20_000 },
      )
      .toBe(1)
    await helper.page.mouse.move(0, 0)
    await helper.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await expectAccessible(helper.page)
    await screenshot(helper.page, 'assisted-helper-supplement')
    await helper.context.close()

    // The owner's timeline says the helper answered on its behalf, not that the owner did.
    const owner = await c.as('owner', { creditCode: owners.c.creditCode })
    await owner.page.goto(`/projects/${projectId}`)
    await expect
      .poll(() => owner.page.getByText('帮办人员已代建设单位答复补正告知').count(), { timeout: 20_000 })
      .toBe(1)
    expect(await owner.page.getByText('建设单位已答复补正告知').count()).toBe(0)
    await owner.context.close()

    // The window closes the case on the project's page, with its reason; the card then says so.
    const clerk = await c.as('clerk')
    await clerk.page.goto(`/projects/${projectId}`)
    const closing = clerk.page.getByRole('region', { name: '结束帮办代办' })
    await closing.getByRole('button', { name: '结束帮办代办' }).click()
    await expect.poll(() => closing.getByText('请填写结束原因').count()).toBe(1)
    await closing.getByLabel('结束原因').fill('用地规划许可阶段已办结')
    await closing.getByRole('button', { name: '结束帮办代办' }).click()
    await expect
      .poll(() => clerk.page.getByText('已结束（2026年3月2日，原因：用地规划许可阶段已办结）').count())
      .toBe(1)
    expect(await clerk.page.getByRole('region', { name: '结束帮办代办' }).count()).toBe(0)
    await clerk.page.mouse.move(0, 0)
    await expectAccessible(clerk.page)
    await screenshot(clerk.page, 'assisted-closed')
    await clerk.context.close()

    // The helper's desk shows the closed case as ended with its reason, offers nothing to do, and asks for no notices.
    const after = await c.as('helper', { sub: HELPER.sub })
    const noticeReads: string[] = []
    after.page.on('request', (r) => {
      if (r.url().includes('/notices')) noticeReads.push(r.url())
    })
    await after.page.goto('/assisted-cases')
    await after.page.getByRole('button', { name: `办理 ${owners.c.name}` }).click()
    await expect
      .poll(() => after.page.getByText('已结束（2026年3月2日，原因：用地规划许可阶段已办结）').count())
      .toBe(1)
    await expect.poll(() => after.page.getByText('案件已结束，补正告知由建设单位自行答复。').count()).toBe(1)
    for (const name of ['代为提交', '代为答复补正', '安排回访', '记录回访']) {
      expect(await after.page.getByRole('button', { name }).count()).toBe(0)
    }
    expect(noticeReads).toEqual([])
    await after.context.close()
  }, 240_000)

  it('the service centre lists every case by state and helper, each opening on its project’s page; another helper’s desk shows none of them', async () => {
    c.world.clock.set('2026-03-02T01:00:00Z')
    const WANG = { sub: 'helper-wang', name: '王帮办' }
    const projectId = await registerProject(c.world, lowRiskFactory(owners.a))
    const caseId = expectStatus(
      await c.world.api('POST', `/api/v1/projects/${projectId}/assisted-case`, c.world.token('clerk'), {
        eligibility: { basis: 'industrial-project-in-need', documentRef: 'doc://request.pdf', need: '新建厂房' },
        mode: 'pre-handle',
        stages: ['land-planning'],
        helper: WANG,
      }),
      201,
    ).case.caseId
    expectStatus(
      await c.world.api('POST', `/api/v1/assisted-cases/${caseId}/close`, c.world.token('clerk'), {
        reason: '项目暂缓建设',
      }),
      200,
    )

    const clerk = await c.as('clerk')
    await clerk.page.goto('/')
    await clerk.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '帮办代办' }).click()
    const list = clerk.page.getByRole('region', { name: '帮办代办案件列表' })
    await expect.poll(() => list.getByRole('link', { name: `查看 ${owners.a.name} 的案件` }).count()).toBe(1)
    // By helper: Wang's case alone; by state: open ones leave it out.
    await clerk.page.getByLabel('帮办员账号').fill(WANG.sub)
    await clerk.page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => list.getByRole('link').count()).toBe(1)
    await expect.poll(() => list.getByText('王帮办（helper-wang）').count()).toBe(1)
    await expect.poll(() => list.getByText('已结束（2026年3月2日）').count()).toBe(1)
    await choose(clerk.page, '案件状态', '服务中')
    await clerk.page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => list.getByText('没有符合条件的帮办代办案件').count()).toBe(1)
    await choose(clerk.page, '案件状态', '已结束')
    await clerk.page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => list.getByText('王帮办（helper-wang）').count()).toBe(1)
    await clerk.page.mouse.move(0, 0)
    await expectAccessible(clerk.page)
    await screenshot(clerk.page, 'assisted-cases-centre')
    // Back to the unfiltered list (three queries back): the filter shows what the address says, not the last query.
    for (let i = 0; i < 3; i++) await clerk.page.goBack()
    await expect.poll(() => new URL(clerk.page.url()).search).toBe('')
    await expect.poll(() => clerk.page.getByLabel('帮办员账号').inputValue()).toBe('')
    // Each opens on its project's page, where the case is read whole.
    await list.getByRole('link', { name: `查看 ${owners.a.name} 的案件` }).click()
    await expect.poll(() => clerk.page.getByText('已结束（2026年3月2日，原因：项目暂缓建设）').count()).toBe(1)
    await clerk.context.close()

    // The supervisor reads the same list; the helper the case named is on it.
    const supervisor = await c.as('supervisor')
    await supervisor.page.goto('/assisted?status=closed')
    const seen = supervisor.page.getByRole('region', { name: '帮办代办案件列表' })
    await expect.poll(() => seen.getByText('王帮办（helper-wang）').count()).toBe(1)
    await expect.poll(() => seen.getByRole('link', { name: `查看 ${owners.a.name} 的案件` }).count()).toBe(1)
    await supervisor.context.close()

    // A helper no case names: its desk is empty, and the centre's list asked as it answers its own cases only.
    const stranger = await c.as('helper', { sub: 'helper-zhao' })
    await stranger.page.goto('/assisted-cases')
    await expect.poll(() => stranger.page.getByText('暂无帮办案件').count()).toBe(1)
    const own = expectStatus(await c.world.api('GET', '/api/v1/assisted-cases?helper=helper-wang', stranger.token), 200)
    expect(own.cases).toEqual([])
    for (const path of [`/api/v1/assisted-cases/${caseId}/applications`, `/api/v1/assisted-cases/${caseId}/notices`]) {
      expect((await c.world.api('GET', path, stranger.token)).status).toBe(404)
    }
    await stranger.context.close()
  }, 240_000)
})
