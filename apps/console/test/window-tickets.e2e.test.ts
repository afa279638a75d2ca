import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, startConsole, untilLive } from './browser.js'
import { hotlineApi, untilShown } from './hotline-world.js'

// The clerk's “办不成事” window (the window for things that could not get done, seeds/000_5ff03a50698aa736.txt:344):
// through the real services, the hotline included, and the gateway's read model.

let c: ConsoleWorld
// Monday 2026-03-02, 10:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T02:00:00Z', hotline: true })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('the clerk’s “办不成事” window', () => {
  it('the clerk registers what the applicant could not get done as a window ticket, follows it in her list as the centre dispatches it and opens its page — not another clerk’s', async () => {
    const clerk = await c.as('clerk', { sub: 'clerk-window-browser' })
    await clerk.page.goto('/desk')
    await clerk.page.getByRole('link', { name: '“办不成事”窗口' }).click()
    await expect.poll(() => clerk.page.getByRole('heading', { name: '“办不成事”窗口' }).count()).toBe(1)
    await expect.poll(() => clerk.page.getByText('暂无登记的工单').count()).toBe(1)
    await clerk.page.getByLabel('标题').fill('施工许可窗口办不成')
    await clerk.page.getByLabel('诉求内容').fill('申请人材料齐全，窗口称需另一部门出具意见，无法办理。')
    await clerk.page.getByLabel('诉求人姓名').fill('王五')
    await clerk.page.getByLabel('联系电话').fill('13700137000')
    await clerk.page.getByRole('button', { name: '登记', exact: true }).click()
    // Her list shows it once the read model has it (the live stream tells her), waiting for the centre's dispatch.
    const list = clerk.page.getByRole('table', { name: '我登记的办不成事工单' })
    const row = list.getByRole('row').filter({ hasText: '施工许可窗口办不成' })
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => row.textContent()).toContain('已登记，待派单')
    await expectAccessible(clerk.page)

    // From here her list follows the live stream with no timer of its own: in a tab left in the background, where
    // TanStack Query never asks again, the centre's dispatch (a direct API call) arrives with no reload of the tab.
    await untilLive(clerk.page)
    let navigations = 0
    clerk.page.on('framenavigated', (f) => {
      if (f === clerk.page.mainFrame()) navigations += 1
    })
    await clerk.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    })

    // The ticket is the window's, and runs as any other: the centre dispatches it.
    const agent = c.world.token('agent')
    const listed = await c.world.api('GET', '/api/v1/hotline/tickets?limit=200', agent)
    const ticket = listed.body.tickets
      .map((r: { ticket: { ticketId: string; title: string; channel: string } }) => r.ticket)
      .find((t: { title: string }) => t.title === '施工许可窗口办不成')
    expect(ticket).toMatchObject({ channel: 'window', windowClerk: 'clerk-window-browser' })
    await hotlineApi(c).act(ticket.ticketId, agent, { action: 'dispatch', department: 'housing-construction' })
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('已派单，待签收')
    await expect.poll(() => row.textContent()).toContain('住房城乡建设部门')
    // Its progress, unfolded: dispatched to the unit on Monday 2 March.
    await row.getByRole('button').first().click()
    await expect.poll(async () => (await list.textContent()) ?? '').toContain('2026年3月2日派至住房城乡建设部门')
    expect(navigations).toBe(0)
    await expectAccessible(clerk.page)

    // She follows it; she does not dispatch or handle: the centre's desk is not hers.
    const own = await c.world.api('GET', '/api/v1/hotline/tickets/window', clerk.token)
    expect(own.body.tickets.map((r: { ticket: { ticketId: string } }) => r.ticket.ticketId)).toEqual([ticket.ticketId])
    const dispatch = await c.world.api('POST', `/api/v1/hotline/tickets/${ticket.ticketId}/actions`, clerk.token, {
      action: 'dispatch',
      department: 'natural-resources',
    })
    expect(dispatch.status).toBe(403)

    // Her ticket's page, from her list: where it stands, its clock and history, and no act of hers on it, nor the
    // applicant's personal data (the centre's, the unit's).
    await list.getByRole('link', { name: '施工许可窗口办不成' }).click()
    await clerk.page.waitForURL(`**/desk/window-tickets/${ticket.ticketId}`)
    await untilShown(clerk.page, '办不成事窗口（窗口代为登记）')
    expect(await clerk.page.getByRole('heading', { level: 1 }).textContent()).toContain('施工许可窗口办不成')
    await untilShown(clerk.page, '住房城乡建设部门')
    expect(await clerk.page.getByRole('region', { name: '诉求人信息' }).count()).toBe(0)
    expect(await clerk.page.locator('main').getByRole('button').count()).toBe(0)
    await expectAccessible(clerk.page)
    // Another clerk's window ticket is, to her, a ticket that does not exist — though the read model has it.
    const colleague = c.world.token('clerk', { sub: 'clerk-window-colleague' })
    const theirs = await c.world.api('POST', '/api/v1/hotline/tickets', colleague, {
      type: 'help',
      title: '竣工验收窗口办不成',
      content: '申请人不知应向哪个部门申请联合验收。',
      requester: { name: '赵六', phone: '13600136000' },
    })
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201)
    const theirId: string = theirs.body.tickets[0].ticket.ticketId
    await expect
      .poll(async () => (await c.world.api('GET', `/api/v1/hotline/tickets/${theirId}`, colleague)).status, {
        timeout: 20_000,
      })
      .toBe(200)
    await clerk.page.goto(`/desk/window-tickets/${theirId}`)
    await untilShown(clerk.page, '未找到该工单，可能编号有误或您无权查看。')
    expect(await clerk.page.getByText('竣工验收窗口办不成').count()).toBe(0)

    // The applicant has no screen of its own: on the agent's page the ticket names its channel, and the agent records
    // what the applicant says, as for a caller — here its rating of the reception, in the requester's word (诉求人).
    const desk = await c.as('agent')
    await desk.page.goto(`/hotline/${ticket.ticketId}`)
    await untilShown(desk.page, '办不成事窗口（窗口代为登记）')
    const reception = desk.page.getByRole('region', { name: '受理服务评价' })
    await untilShown(desk.page, '登记诉求人的受理服务评价')
    expect(await reception.textContent()).not.toContain('来电人')
    await reception.getByRole('button', { name: '登记诉求人的受理服务评价' }).click()
    await reception.getByLabel('满意', { exact: true }).check()
    await expectAccessible(desk.page)
    await reception.getByRole('button', { name: '记录受理服务评价' }).click()
    await untilShown(desk.page, '诉求人已于2026年3月2日评价受理服务：满意')
    await expect
      .poll(
        async () =>
          (await c.world.api('GET', `/api/v1/hotline/tickets/${ticket.ticketId}`, agent)).body.ticket?.reception,
      )
      .toMatchObject({ value: 'satisfied', ratedOn: '2026-03-02' })
    // Withdrawing is recorded for it too, not left to a page it does not have.
    expect(await desk.page.getByRole('button', { name: '代诉求人撤回' }).count()).toBe(1)

    // Handled by the unit and its report approved, the ticket asks for the rating of its handling: the applicant has
    // no page to give it on, so the agent records it (代诉求人评价), as for a caller on the phone.
    const unit = c.world.token('reviewer', { department: 'housing-construction' })
    await hotlineApi(c).act(ticket.ticketId, unit, { action: 'accept' })
    await hotlineApi(c).act(ticket.ticketId, unit, {
      action: 'reply',
      process: '已协调住房城乡建设部门出具意见',
      result: '已为申请人办结施工许可',
      replyMethod: 'phone',
      replySummary: '电话告知申请人',
      mediation: 'none',
    })
    await hotlineApi(c).act(ticket.ticketId, agent, { action: 'review', approve: true })
    await untilShown(desk.page, '代诉求人评价')
    expect(await desk.page.getByText('代来电人评价').count()).toBe(0)
    await desk.page.getByRole('radiogroup', { name: '诉求人满意度' }).getByLabel('满意', { exact: true }).check()
    await desk.page.getByRole('radiogroup', { name: '解决情况' }).getByLabel('问题已解决', { exact: true }).check()
    await expectAccessible(desk.page)
    await desk.page.getByRole('button', { name: '记录评价' }).click()
    // Satisfied and resolved: the ticket is closed on the rating, which its page shows.
    await untilShown(desk.page, '满意度：第1次满意，已解决')
    await expect
      .poll(async () => (await c.world.api('GET', `/api/v1/hotline/tickets/${ticket.ticketId}`, agent)).body.ticket)
      .toMatchObject({ status: 'closed', ratings: [{ value: 'satisfied', resolved: true, ratedOn: '2026-03-02' }] })
    // The clerk who registered it reads the rating on her ticket's page.
    await clerk.page.goto(`/desk/window-tickets/${ticket.ticketId}`)
    await untilShown(clerk.page, '满意度：第1次满意，已解决')
    await desk.context.close()
    await clerk.context.close()
  }, 300_000)
})
