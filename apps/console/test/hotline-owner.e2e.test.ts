import { expectStatus, lowRiskFactory, owners, registerProject } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, choose, expectAccessible, startConsole } from './browser.js'
import { untilShown } from './hotline-world.js'

// 12345 热线, the requester's side: the owner's online registration (网上反映) with its 身份证号码 and hidden fields,
// its 撤回 (a 举报 withdrawn goes on with the unit), the agent's desk registering a call with the same data split
// per unit (第十一条第二款), who reads the personal data (第九条第二款, 第四十三条), and the supervisor's 12345 figures.

let c: ConsoleWorld
// Monday 2026-03-02, 10:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T02:00:00Z', hotline: true })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const idNumber = '11010519491231002X'
const reviewer = (department: string) => c.world.token('reviewer', { department })

describe('12345 热线: the owner’s side and registration', () => {
  it('the owner registers online linked to its project: a wrong ID number told as typed, the phone hidden; then it withdraws the complaint and the ticket ends unrated', async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.c))
    const ownerToken = c.world.token('owner', { creditCode: owners.c.creditCode })
    // The service refuses a number with a wrong check character on its field, whatever the form says.
    const refused = await c.world.api('POST', '/api/v1/hotline/tickets', ownerToken, {
      type: 'complaint',
      title: '校验',
      content: '校验码错误的身份证号码',
      requester: { name: '张三', idNumber: '110105194912310021' },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('HOTLINE_ID_NUMBER_INVALID')
    expect(refused.body.errors).toEqual([{ field: '/body/requester/idNumber', message: expect.any(String) }])

    const owner = await c.as('owner', { creditCode: owners.c.creditCode })
    await owner.page.goto('/my-tickets')
    await owner.page.getByRole('link', { name: '网上反映诉求' }).click()
    await expect.poll(() => owner.page.getByRole('heading', { name: '网上反映诉求', level: 1 }).count()).toBe(1)
    await owner.page.getByLabel('标题').fill('厂房规划许可超期')
    await owner.page.getByLabel('诉求内容').fill('规划许可已超过承诺时限仍未办结。')
    await owner.page.getByLabel('诉求人姓名').fill('张三')
    await owner.page.getByLabel('身份证号码', { exact: true }).fill('110105194912310021')
    await owner.page.getByLabel('联系电话').fill('13800138000')
    await expect.poll(() => owner.page.getByText('校验码应为“X”，输入的是“1”，请核对').count()).toBe(1)
    await owner.page.getByLabel('身份证号码', { exact: true }).fill(idNumber)
    await expect.poll(() => owner.page.getByText(/校验码应为/).count()).toBe(0)
    await owner.page.getByLabel('隐匿电话号码').check()
    await expect.poll(() => owner.page.getByText(/隐匿信息可能影响工单登记和办理/).count()).toBe(1)
    // The project is found by what the owner types (the gateway searches all its projects, not only the newest 200).
    const { projectCode } = expectStatus(
      await c.world.api('GET', `/api/v1/projects/${projectId}`, ownerToken),
      200,
    ).project
    await owner.page.getByLabel('关联项目（可选）', { exact: true }).fill(projectCode.slice(-8))
    await choose(owner.page, '关联项目（可选）', `低风险厂房项目（${projectCode}）`)
    await expectAccessible(owner.page)
    await owner.page.getByRole('button', { name: '提交诉求' }).click()

    // Its page: its own data, the hidden phone never stored; the ticket on its project.
    await expect.poll(() => owner.page.url()).toMatch(/\/my-tickets\/[0-9a-f-]{36}$/)
    const ticketId = owner.page.url().split('/').at(-1) ?? ''
    await untilShown(owner.page, '网上（诉求人提交）')
    const data = owner.page.getByRole('region', { name: '诉求人信息' })
    await expect.poll(() => data.textContent()).toContain(idNumber)
    const text = (await data.textContent()) ?? ''
    expect(text).toContain('张三')
    expect(text).toContain('已隐匿（未保存）')
    expect(text).not.toContain('13800138000')
    const read = expectStatus(await c.world.api('GET', `/api/v1/hotline/tickets/${ticketId}`, ownerToken), 200)
    expect(read.ticket.projectId).toBe(projectId)
    expect(read.ticket.hidden).toEqual(['phone'])

    // 撤回: a complaint not yet dispatched ends at once, without a rating.
    const withdraw = owner.page.getByRole('region', { name: '撤回诉求' })
    await expect.poll(() => withdraw.textContent()).toContain('不进行满意度评价')
    await withdraw.getByLabel('确认撤回该诉求').check()
    await withdraw.getByRole('button', { name: '撤回诉求' }).click()
    await untilShown(owner.page, '撤回诉求，工单已结束')
    await untilShown(owner.page, '诉求人撤回')
    expect(await owner.page.getByRole('region', { name: '撤回诉求' }).count()).toBe(0)
    expect(await owner.page.getByRole('region', { name: '办理情况评价' }).count()).toBe(0)
    await expectAccessible(owner.page)
    // The read model has the close a moment after the page shows the command's answer: polled.
    await expect
      .poll(async () => {
        const closed = expectStatus(await c.world.api('GET', `/api/v1/hotline/tickets/${ticketId}`, ownerToken), 200)
        return [closed.ticket.status, closed.ticket.closure ?? null, closed.ticket.withdrawnOn ?? null]
      })
      .toEqual(['closed', 'withdrawn', '2026-03-02'])
    // Another owner reads neither the ticket nor its requester: as an unknown one.
    const stranger = c.world.token('owner', { creditCode: owners.a.creditCode })
    expect((await c.world.api('GET', `/api/v1/hotline/tickets/${ticketId}/requester`, stranger)).status).toBe(404)
    await owner.context.close()
  }, 240_000)

  it('a 举报 withdrawn while the unit handles it stays with the unit, which goes on verifying it; both pages say so', async () => {
    const ownerToken = c.world.token('owner', { creditCode: owners.b.creditCode })
    const id = expectStatus(
      await c.world.api('POST', '/api/v1/hotline/tickets', ownerToken, {
        type: 'report',
        title: '工地偷排污水',
        content: '工地夜间向河道排放污水。',
        requester: { name: '王五', idNumber, phone: '13700137000' },
      }),
      201,
    ).tickets[0].ticket.ticketId as string
    const act = async (token: string, body: object) =>
      expectStatus(await c.world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, token, body), 200)
    await act(c.world.token('agent'), { action: 'dispatch', department: 'ecology-environment' })
    await act(reviewer('ecology-environment'), { action: 'accept' })

    const owner = await c.as('owner', { creditCode: owners.b.creditCode })
    await owner.page.goto(`/my-tickets/${id}`)
    await untilShown(owner.page, '办理中')
    const withdraw = owner.page.getByRole('region', { name: '撤回诉求' })
    await expect.poll(() => withdraw.textContent()).toContain('承办单位仍可根据部门职责和相关规定继续核实和办理')
    await withdraw.getByLabel('确认撤回该诉求').check()
    await withdraw.getByRole('button', { name: '撤回诉求' }).click()
    await untilShown(owner.page, '撤回举报，承办单位继续核实办理')
    // Still the unit's: handled, not closed, and no rating is offered (004:1634). The page shows the command's answer
    // at once; the gateway's read of the ticket (the read model) is polled until it has the withdrawal.
    await expect
      .poll(async () => {
        const after = expectStatus(await c.world.api('GET', `/api/v1/hotline/tickets/${id}`, ownerToken), 200)
        return [after.ticket.status, after.ticket.withdrawnOn ?? null, after.ticket.closure ?? null]
      })
      .toEqual(['handling', '2026-03-02', null])
    await expectAccessible(owner.page)

    const unit = await c.as('reviewer', { department: 'ecology-environment' })
    await unit.page.goto('/ticket-inbox')
    await untilShown(unit.page, '工地偷排污水')
    await unit.page.getByRole('link', { name: '工地偷排污水' }).click()
    await untilShown(unit.page, '撤回举报，承办单位继续核实办理')
    // The unit reads the requester to verify the report: the real name given whole.
    const data = unit.page.getByRole('region', { name: '诉求人信息' })
    await expect.poll(() => data.textContent()).toContain('13700137000')
    expect(await data.textContent()).toContain('实名反映')
    for (const x of [owner, unit]) await x.context.close()
  }, 180_000)

  it('the agent registers a call for two units with the ID number and the name hidden: two tickets; each unit reads the ID number, never the name; a unit not involved and the supervisor read nothing', async () => {
    const agent = await c.as('agent')
    await agent.page.goto('/hotline')
    await expect.poll(() => agent.page.getByRole('heading', { name: '12345 热线工单' }).count()).toBe(1)
    await agent.page.getByLabel('标题').fill('道路开挖未恢复')
    await agent.page.getByLabel('诉求内容').fill('来电反映道路开挖后长期未恢复，影响通行和排水。')
    await agent.page.getByLabel('诉求人姓名').fill('赵钱孙')
    await agent.page.getByLabel('身份证号码', { exact: true }).fill('11010519491231002')
    await expect.poll(() => agent.page.getByText('身份证号码为 18 位，已输入 17 位').count()).toBe(1)
    await agent.page.getByLabel('身份证号码', { exact: true }).fill(idNumber)
    await agent.page.getByLabel('联系电话').fill('13500135000')
    await agent.page.getByLabel('隐匿姓名').check()
    // 承办单位: a multiple select, whose list stays open until closed.
    await agent.page.getByLabel('承办单位（可多选，每个单位分别登记一张工单）', { exact: true }).click()
    for (const name of ['交通运输部门', '城市管理部门'])
      await agent.page
        .locator('.ant-select-item-option')
        .filter({ visible: true })
        .getByText(name, { exact: true })
        .click()
    await agent.page.keyboard.press('Escape')
    await expectAccessible(agent.page)
    await agent.page.getByRole('button', { name: '登记', exact: true }).click()
    await expect.poll(() => agent.page.getByText('已按承办单位分别登记 2 张工单。').count()).toBe(1)

    // Two tickets of one call, one per unit, listed on the desk.
    const agentToken = c.world.token('agent')
    const listed = async () =>
      (
        expectStatus(await c.world.api('GET', '/api/v1/hotline/tickets?open=true', agentToken), 200).tickets as {
          ticket: { ticketId: string; groupId: string; title: string; intendedDepartment?: string }
        }[]
      ).filter((t) => t.ticket.title === '道路开挖未恢复')
    await expect.poll(async () => (await listed()).length, { timeout: 30_000 }).toBe(2)
    const tickets = await listed()
    expect(new Set(tickets.map((t) => t.ticket.groupId)).size).toBe(1)
    const byUnit = Object.fromEntries(tickets.map((t) => [t.ticket.intendedDepartment, t.ticket.ticketId]))
    expect(Object.keys(byUnit).sort()).toEqual(['transport', 'urban-management'])
    for (const [department, id] of Object.entries(byUnit))
      expectStatus(
        await c.world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, agentToken, {
          action: 'dispatch',
          department,
        }),
        200,
      )

    // The transport unit's page: the ID number and phone, the hidden name nowhere.
    const transport = await c.as('reviewer', { department: 'transport' })
    await transport.page.goto(`/ticket-inbox/${byUnit['transport']}`)
    await untilShown(transport.page, '道路开挖未恢复')
    const data = transport.page.getByRole('region', { name: '诉求人信息' })
    await expect.poll(() => data.textContent()).toContain(idNumber)
    expect(await data.textContent()).toContain('已隐匿（未保存）')
    expect(await data.textContent()).toContain('13500135000')
    expect(await transport.page.locator('body').textContent()).not.toContain('赵钱孙')
    await expectAccessible(transport.page)

    // Each unit reads its own ticket's requester only; a unit not involved neither; the supervisor none at all.
    const requesterOf = async (id: string, token: string) =>
      c.world.api('GET', `/api/v1/hotline/tickets/${id}/requester`, token)
    const own = expectStatus(await requesterOf(byUnit['urban-management'] ?? '', reviewer('urban-management')), 200)
    expect(own).toEqual({ requester: { idNumber, phone: '13500135000' }, hidden: ['name'], realName: false })
    expect((await requesterOf(byUnit['transport'] ?? '', reviewer('urban-management'))).status).toBe(404)
    expect((await requesterOf(byUnit['transport'] ?? '', reviewer('water'))).status).toBe(404)
    expect((await requesterOf(byUnit['transport'] ?? '', c.world.token('supervisor'))).status).toBe(403)
    for (const x of [agent, transport]) await x.context.close()
  }, 240_000)

  // Last: it moves the world's clock.
  it('the supervisor’s dashboard counts 12345 tickets per unit, open and overdue, by channel — the 办不成事窗口 named — as the injected clock passes the unit’s check limit, and of one region when chosen', async () => {
    const agentToken = c.world.token('agent')
    const id = expectStatus(
      await c.world.api('POST', '/api/v1/hotline/tickets', agentToken, {
        type: 'help',
        title: '河道护栏损坏',
        content: '来电反映河道护栏损坏，存在安全隐患。',
        requester: { phone: '13300133000' },
        region: '450700',
      }),
      201,
    ).tickets[0].ticket.ticketId as string
    // Dispatched on Monday 2 March: the unit checks within 2 working days, by Wednesday 4 March.
    const dispatched = expectStatus(
      await c.world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, agentToken, {
        action: 'dispatch',
        department: 'water',
      }),
      200,
    )
    expect(dispatched.ticket.check.due).toBe('2026-03-04')
    // What an applicant could not get done at a 钦南区 window, registered by its clerk: the centre dispatches it later.
    const clerkToken = c.world.token('clerk', { sub: 'clerk-window-figures' })
    const windowTicket = expectStatus(
      await c.world.api('POST', '/api/v1/hotline/tickets', clerkToken, {
        type: 'help',
        title: '排水许可窗口办不成',
        content: '申请人材料齐全，窗口称需水务部门另行出具意见，无法办理。',
        requester: { name: '李四', phone: '13300133001' },
        region: '450702',
      }),
      201,
    ).tickets[0].ticket
    expect(windowTicket.channel).toBe('window')

    const supervisor = await c.as('supervisor')
    await supervisor.page.goto('/supervision')
    const figures = supervisor.page.getByRole('table', { name: '各承办单位热线工单' })
    // The channels' heads: the window's by its name.
    await expect
      .poll(async () => (await figures.getByRole('columnheader').allTextContents()).map((t) => t.trim()))
      .toEqual(['承办单位', '未办结', '已超期', '其中按受理渠道（未办结）', '电话', '网上', '办不成事窗口'])
    const water = figures.getByRole('row').filter({ hasText: '水行政主管部门' })
    const cells = async () => (await water.getByRole('cell').allTextContents()).map((t) => t.trim())
    /** The row as the dashboard shows it on `day`, reloading while the read model has not applied the ticket. */
    const until = async (day: string, expected: string[]) => {
      for (let attempt = 0; attempt < 10; attempt++) {
        try {
          // The dashboard's chunk (its charts) takes a while to load on a busy machine.
          await expect.poll(() => supervisor.page.getByRole('heading', { name: '监督看板', level: 1 }).count()).toBe(1)
          await expect.poll(() => supervisor.page.getByText(`截至${day}`).count(), { timeout: 5_000 }).toBe(1)
          await expect.poll(cells, { timeout: 5_000 }).toEqual(expected)
          return
        } catch {
          await supervisor.page.reload()
        }
      }
      expect(await cells(), (await supervisor.page.locator('main').textContent()) ?? '').toEqual(expected)
    }
    // The unit has the call (电话); the window's ticket waits with the centre, the only window ticket not dispatched.
    await until('2026年3月2日', ['水行政主管部门', '1', '0', '1', '0', '0'])
    const pending = figures.getByRole('row').filter({ hasText: '热线中心（待派单）' })
    await expect
      .poll(async () => (await pending.getByRole('cell').nth(5).textContent())?.trim(), { timeout: 20_000 })
      .toBe('1')
    await expectAccessible(supervisor.page)

    // Wednesday is the last day of the call's check. The centre dispatches the window's ticket that day: its check is
    // due Friday 6 March.
    c.world.clock.set('2026-03-04T02:00:00Z')
    const windowDispatched = expectStatus(
      await c.world.api('POST', `/api/v1/hotline/tickets/${windowTicket.ticketId}/actions`, agentToken, {
        action: 'dispatch',
        department: 'water',
      }),
      200,
    )
    expect(windowDispatched.ticket.check.due).toBe('2026-03-06')
    await supervisor.page.reload()
    await until('2026年3月4日', ['水行政主管部门', '2', '0', '1', '0', '1'])
    // On Thursday 5 March the call is overdue, the window's ticket not yet.
    c.world.clock.set('2026-03-05T02:00:00Z')
    await supervisor.page.reload()
    await until('2026年3月5日', ['水行政主管部门', '2', '1', '1超期 1', '0', '1'])
    await expectAccessible(supervisor.page)

    // The figures of one region (诉求所涉地区): the 钦州 and 钦南区 tickets count under 广西 (a region above them), not
    // under 汕尾.
    const shanwei = supervisor.page.waitForResponse(
      (r) => r.url().includes('/api/v1/supervision/tickets?region=441500') && r.status() === 200,
    )
    await choose(supervisor.page, '诉求所涉地区', '汕尾市（441500）')
    await shanwei
    // Answered and drawn (no table still loading): the unit's line is gone, not merely not yet shown.
    await expect.poll(() => supervisor.page.locator('.ant-spin-spinning').count()).toBe(0)
    await expect.poll(() => water.count()).toBe(0)
    await choose(supervisor.page, '诉求所涉地区', '广西壮族自治区（450000）')
    await expect.poll(cells).toEqual(['水行政主管部门', '2', '1', '1超期 1', '0', '1'])
    await expectAccessible(supervisor.page)
    await supervisor.context.close()
  }, 180_000)
})
