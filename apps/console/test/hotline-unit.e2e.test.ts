import { owners } from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole } from './browser.js'
import { hotlineApi, untilShown } from './hotline-world.js'

// The handling unit's side of a 12345 ticket in Chromium, through every real service: the reply modes of 第二十一条–
// 第二十四条 (分类处理, 无法联系, 重复诉求), 已阅 of a praise (第二十三条 (一)), the 履职尽责意见 after a second dissatisfied
// rating (第三十条) and what the centre and the owner read of it; and the agent's record of a caller's rating of the
// reception (受理服务, 第二十七条 (一)).

let c: ConsoleWorld
let api: ReturnType<typeof hotlineApi>
// Monday 2026-03-02, 10:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T02:00:00Z', hotline: true })
  api = hotlineApi(c)
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const UNIT = 'natural-resources'
const main = async (page: Page) => (await page.locator('main').textContent()) ?? ''
/** 处理方式 of the reply form: antd's button-styled radios are clicked on their label (the input is hidden). */
const chooseMode = (page: Page, mode: string) => page.locator('#reply').getByText(mode, { exact: true }).click()

/** A phone ticket registered by the centre, dispatched to the unit and signed for: the unit's reply is due. */
async function signedFor(title: string, type = 'complaint') {
  const agent = c.world.token('agent')
  const id = await api.register(agent, {
    type,
    title,
    content: '来电反映。',
    requester: { name: '钱七', phone: '13500135000' },
  })
  await api.act(id, agent, { action: 'dispatch', department: UNIT })
  if (type !== 'praise') await api.act(id, c.world.token('reviewer', { department: UNIT }), { action: 'accept' })
  return id
}

describe('12345 热线: the handling unit and the agent’s forms', () => {
  it('the unit replies in each mode: 分类处理 with its basis, 无法联系 with 3 calls at least 15 minutes apart, 重复诉求 naming the original ticket', async () => {
    const classified = await signedFor('占道经营分类处理')
    const unreachable = await signedFor('信息不全无法联系')
    const repeat = await signedFor('同一问题再次反映')
    const unit = await c.as('reviewer', { department: UNIT })

    // 分类处理: the process, the result and the rule it was handled under; no mediation asked.
    await unit.page.goto(`/ticket-inbox/${classified}`)
    // untilShown (which reloads) waits only for the read model; what the form itself shows is polled, never reloaded.
    await untilShown(unit.page, '办理情况及答复')
    await chooseMode(unit.page, '分类处理')
    await expect.poll(() => unit.page.getByText('第十一条第二款第二项至第五项').first().isVisible()).toBe(true)
    expect(await unit.page.getByLabel('消费调解情况', { exact: true }).count()).toBe(0)
    await unit.page.getByLabel('办理过程').fill('经核查属分类处理情形')
    await unit.page.getByLabel('办理结果').fill('已按规定移交综合执法处理')
    await unit.page.getByLabel('处理依据').fill('《广州市政务服务便民热线管理办法》第十一条第二款第三项')
    await unit.page.getByLabel('答复内容摘要').fill('电话告知处理方式')
    await expectAccessible(unit.page)
    await unit.page.getByRole('button', { name: '提交办理情况' }).click()
    await untilShown(unit.page, '已答复，待审核')
    const classifiedReport = unit.page.locator('.ant-descriptions').filter({ hasText: '办理情况' })
    await expect.poll(async () => (await classifiedReport.textContent()) ?? '').toContain('处理方式分类处理')
    expect(await classifiedReport.textContent()).toContain('处理依据《广州市政务服务便民热线管理办法》')

    // 无法联系: the reply method follows (三次联系未接通) and asks for the 3 calls; 10 minutes apart is refused on its
    // field by the service, 20 minutes apart is taken and shown as Shanghai times.
    // The calls lie between the ticket's registration (10:00) and the report: the report is made at 12:00.
    c.world.clock.set('2026-03-02T04:00:00Z')
    await unit.page.goto(`/ticket-inbox/${unreachable}`)
    await untilShown(unit.page, '办理情况及答复')
    await chooseMode(unit.page, '无法联系')
    await expect.poll(() => unit.page.getByText('第1次联系时间').first().isVisible()).toBe(true)
    await unit.page.getByLabel('办理过程').fill('需核实诉求具体地址，电话联系诉求人')
    await unit.page.getByLabel('办理结果').fill('三次电话联系均未接听，无法核实')
    await unit.page.getByLabel('第1次联系时间').fill('2026-03-02 10:10')
    await unit.page.getByLabel('第2次联系时间').fill('2026-03-02 10:20')
    await unit.page.getByLabel('第3次联系时间').fill('2026-03-02 10:50')
    await unit.page.getByRole('button', { name: '提交办理情况' }).click()
    await expect.poll(() => main(unit.page)).toContain('Each call is made at least 15 minutes after the one before')
    // Said at the call that breaks the rule, the second, and nowhere else.
    const refusedCalls = unit.page.locator('.ant-form-item-has-error').filter({ hasText: /第\d次联系时间/ })
    expect(await refusedCalls.allTextContents()).toEqual([expect.stringContaining('第2次联系时间')])
    await unit.page.getByLabel('第2次联系时间').fill('2026-03-02 10:30')
    await unit.page.getByRole('button', { name: '提交办理情况' }).click()
    await untilShown(unit.page, '已答复，待审核')
    await expect.poll(() => main(unit.page)).toContain('2026/3/2 10:30')
    expect(await main(unit.page)).toContain('三次联系未接通')

    // 重复诉求 answers only a ticket handled to the end (第二十四条 已依法办理完毕), the same caller's: the classified
    // ticket, reviewed and rated, is closed first.
    await api.act(classified, c.world.token('agent'), { action: 'review', approve: true })
    await api.act(classified, c.world.token('agent'), { action: 'rate', value: 'satisfied' })
    // 重复诉求: the original ticket, the original result and its basis; the report is the written statement.
    await unit.page.goto(`/ticket-inbox/${repeat}`)
    await untilShown(unit.page, '办理情况及答复')
    await chooseMode(unit.page, '重复诉求')
    await unit.page.getByLabel('原工单编号').fill(classified)
    await unit.page.getByLabel('研判情况').fill('同一诉求人反映同一问题，经研判无新情况、新理由')
    await unit.page.getByLabel('原工单办理结果').fill('已按规定移交综合执法处理')
    await unit.page.getByRole('button', { name: '提交办理情况' }).click()
    // The basis of the original result is required (第二十四条: 办理结果和办理依据).
    await expect.poll(() => unit.page.getByText('请填写依据').first().isVisible()).toBe(true)
    await unit.page.getByLabel('原工单办理依据').fill('《广州市政务服务便民热线管理办法》第十一条')
    await unit.page.getByLabel('答复内容摘要').fill('电话告知原工单办理结果及依据，新工单不再进入办理程序')
    await unit.page.getByRole('button', { name: '提交办理情况' }).click()
    await untilShown(unit.page, '已答复，待审核')
    await expect.poll(() => unit.page.getByTestId('original-ticket').textContent()).toBe(classified)
    await expectAccessible(unit.page)

    // The read model holds the modes; a repeat rated dissatisfied is not handled again (第二十九条 (六)).
    const agent = c.world.token('agent')
    await expect
      .poll(async () => (await c.world.api('GET', `/api/v1/hotline/tickets/${unreachable}`, agent)).body.ticket?.report)
      .toMatchObject({
        mode: 'unreachable',
        reply: { method: 'unreachable' },
        calls: ['2026-03-02T02:10:00.000Z', '2026-03-02T02:30:00.000Z', '2026-03-02T02:50:00.000Z'],
      })
    await api.act(repeat, agent, { action: 'review', approve: true })
    await api.act(repeat, agent, { action: 'rate', value: 'dissatisfied' })
    await api.act(repeat, agent, { action: 'return-visit', note: '对原结果仍不满意' })
    const barred = await c.world.api('POST', `/api/v1/hotline/tickets/${repeat}/actions`, agent, { action: 'rehandle' })
    expect([barred.status, barred.body.code]).toEqual([409, 'HOTLINE_REHANDLING_NOT_ALLOWED'])
    await unit.context.close()
  }, 300_000)

  it('a praise: the unit marks it read (已阅) and it is closed, with no reply asked', async () => {
    const praise = await signedFor('表扬窗口工作人员', 'praise')
    const unit = await c.as('reviewer', { department: UNIT })
    await unit.page.goto(`/ticket-inbox/${praise}`)
    await untilShown(unit.page, '表扬类工单由承办单位阅处后结束')
    expect(await unit.page.getByRole('button', { name: '提交办理情况' }).count()).toBe(0)
    expect(await unit.page.getByRole('button', { name: '申请延期' }).count()).toBe(0)
    await expectAccessible(unit.page)
    await unit.page.getByRole('button', { name: '已阅，结束工单' }).click()
    await untilShown(unit.page, '表扬已阅办结')
    await expect.poll(() => main(unit.page)).toContain('已办结')
    await unit.context.close()
  }, 120_000)

  it('履职尽责意见: after the second dissatisfied rating the unit states it within 5 working days; the centre and the owner read it', async () => {
    const ownerToken = c.world.token('owner', { creditCode: owners.a.creditCode })
    const agent = c.world.token('agent')
    const unitToken = c.world.token('reviewer', { department: UNIT })
    const id = await api.register(ownerToken, {
      type: 'complaint',
      title: '用地规划许可答复不满意',
      content: '网上反映规划许可答复不清。',
      requester: { name: '周九', phone: '13400134000' },
    })
    const report = {
      action: 'reply',
      process: '已核查',
      result: '许可已按规定办结',
      replyMethod: 'phone',
      replySummary: '电话告知',
      mediation: 'none',
    }
    await api.act(id, agent, { action: 'dispatch', department: UNIT })
    await api.act(id, unitToken, { action: 'accept' })
    await api.act(id, unitToken, report)
    await api.act(id, agent, { action: 'review', approve: true })
    await api.act(id, ownerToken, { action: 'rate', value: 'dissatisfied' })
    await api.act(id, agent, { action: 'return-visit', note: '对答复不满意' })
    await api.act(id, agent, { action: 'rehandle' })
    await api.act(id, unitToken, { ...report, process: '重新核查' })
    await api.act(id, agent, { action: 'review', approve: true })
    await api.act(id, ownerToken, { action: 'rate', value: 'very-dissatisfied' })
    await api.act(id, agent, { action: 'return-visit', note: '仍不满意' })

    // Owed within 5 working days of the second return visit (Monday 2 March): Monday 9 March.
    const unit = await c.as('reviewer', { department: UNIT })
    await unit.page.goto(`/ticket-inbox/${id}`)
    await untilShown(unit.page, '提交履职尽责意见')
    await expect.poll(() => main(unit.page)).toContain('可于2026年3月9日前（5 个工作日内）提交履职尽责意见')
    expect(await unit.page.getByText('当前状态无需承办单位操作').count()).toBe(0)
    await unit.page.getByRole('button', { name: '提交履职尽责意见' }).click()
    await expect.poll(() => unit.page.getByText('请填写履职尽责意见').first().isVisible()).toBe(true)
    await expectAccessible(unit.page)
    await unit.page.getByLabel('履职尽责意见', { exact: true }).fill('已依法依规核查并两次答复，履职到位')
    await unit.page.getByRole('button', { name: '提交履职尽责意见' }).click()
    await untilShown(unit.page, '履职尽责意见后办结')

    // The centre's page and the owner's read the statement and that it closed the ticket.
    const statement = '2026年3月2日提交：已依法依规核查并两次答复，履职到位'
    const desk = await c.as('agent')
    await desk.page.goto(`/hotline/${id}`)
    await untilShown(desk.page, statement)
    expect(await main(desk.page)).toContain('工单已办结，无需座席操作')
    const owner = await c.as('owner', { creditCode: owners.a.creditCode })
    await owner.page.goto(`/my-tickets/${id}`)
    await untilShown(owner.page, statement)
    expect(await main(owner.page)).toContain('履职尽责意见后办结')
    for (const x of [unit, desk, owner]) await x.context.close()
  }, 300_000)

  it('the agent records a caller’s rating of the reception (受理服务) on a phone ticket, once', async () => {
    const id = await signedFor('来电人评价受理服务')
    const desk = await c.as('agent')
    await desk.page.goto(`/hotline/${id}`)
    const reception = desk.page.getByRole('region', { name: '受理服务评价' })
    await untilShown(desk.page, '登记来电人的受理服务评价')
    // Registered Monday 2 March: the caller may rate by Saturday 7 March (5 natural days).
    expect(await reception.textContent()).toContain('来电人可于2026年3月7日前评价热线受理服务')
    await reception.getByRole('button', { name: '登记来电人的受理服务评价' }).click()
    await reception.getByLabel('满意', { exact: true }).check()
    await expectAccessible(desk.page)
    await reception.getByRole('button', { name: '记录受理服务评价' }).click()
    await untilShown(desk.page, '来电人已于2026年3月2日评价受理服务：满意')
    expect(await reception.getByRole('button', { name: '记录受理服务评价' }).count()).toBe(0)
    await expect
      .poll(
        async () =>
          (await c.world.api('GET', `/api/v1/hotline/tickets/${id}`, c.world.token('agent'))).body.ticket?.reception,
      )
      .toMatchObject({ value: 'satisfied', ratedOn: '2026-03-02' })
    await desk.context.close()
  }, 120_000)
})
