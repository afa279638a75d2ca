import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld

/** Counts the outage POSTs (reports and their actions) a page sends from now on: "nothing sent" is then checkable. */
function outagePosts(page: Page) {
  const seen = { count: 0 }
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/v1/hotline/notices/outages')) seen.count++
  })
  return seen
}
// Thursday 2026-11-05, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-11-05T01:00:00Z', hotline: true, notification: true })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

// 变动通报 and 故障通报 (seeds/004_33317a5f04b53a73.txt:1684–1694): a department files both on its screen; the centre
// acknowledges the change; past the answer script's 1 natural day the centre's list flags it overdue and its
// 消息通知 has the message.
describe('变动与故障通报', () => {
  it('a department files a change (in advance only) and an outage; the centre acknowledges, then sees the script overdue and told', async () => {
    const unit = await c.as('reviewer', { department: 'housing' })
    await unit.page.goto('/notices')
    await expect.poll(() => unit.page.getByRole('heading', { name: '向热线中心通报' }).count()).toBe(1)
    const change = unit.page.getByRole('form', { name: '变动通报' })
    await change.getByLabel('标题').fill('公积金租房提取额度调整')
    await change.getByLabel('内容').fill('自12月1日起，租房提取额度按新标准执行。')
    // Taking effect today is not in advance: refused on its field.
    await change.getByLabel('施行日期').fill('2026-11-05')
    await change.getByRole('checkbox', { name: '培训热线话务人员' }).check()
    await change.getByRole('button', { name: '提交通报' }).click()
    await expect.poll(() => unit.page.getByText('变动须提前通报', { exact: false }).count()).toBe(1)
    // The refusal belongs to the day sent: another day clears it before anything is sent again.
    await change.getByLabel('施行日期').fill('2026-12-01')
    await expect.poll(() => unit.page.getByText('变动须提前通报', { exact: false }).count()).toBe(0)
    await change.getByRole('button', { name: '提交通报' }).click()
    const changes = unit.page.getByRole('list', { name: '变动通报' })
    const filed = changes.getByRole('listitem', { name: '通报：公积金租房提取额度调整' })
    await expect.poll(() => filed.getByText('待签收').count()).toBe(1)
    expect(await filed.getByText('更新热线知识点、培训热线话务人员', { exact: false }).count()).toBe(1)

    const outage = unit.page.getByRole('form', { name: '故障通报' })
    await outage.getByLabel('网站或应用').fill('住房公积金网上办事大厅')
    await outage.getByLabel('故障原因').fill('数据库服务器故障')
    // February has no 30th: refused on the field (a Date would roll it over to 03-02), nothing reported.
    await outage.getByLabel('故障开始时间').fill('2026-02-30 08:00')
    await outage.getByLabel('预计恢复时间').fill('2026-11-06 18:00')
    await outage.getByLabel('受影响的业务范围').fill('公积金提取、缴存查询')
    const unitPosts = outagePosts(unit.page)
    await outage.getByRole('button', { name: '报告故障' }).click()
    await expect.poll(() => outage.getByText('请填写有效的北京时间', { exact: false }).count()).toBe(1)
    expect(unitPosts.count).toBe(0)
    const outages = unit.page.getByRole('list', { name: '故障通报' })
    expect(await outages.getByText('暂无故障通报。').count()).toBe(1)
    // A start after now (09:00) passes the form and is refused by the server, on its field; once the field holds
    // another time the refusal is gone and the field's own rules speak again.
    await outage.getByLabel('故障开始时间').fill('2026-11-05 20:00')
    await outage.getByRole('button', { name: '报告故障' }).click()
    await expect.poll(() => outage.getByText('请填写不晚于现在的时间', { exact: false }).count()).toBe(1)
    expect(unitPosts.count).toBe(1)
    await outage.getByLabel('故障开始时间').fill('2026-11-05 8')
    await expect.poll(() => outage.getByText('请填写有效的北京时间', { exact: false }).count()).toBe(1)
    // (Polled: the old message fades out.)
    await expect.poll(() => outage.getByText('请填写不晚于现在的时间', { exact: false }).count()).toBe(0)
    await outage.getByLabel('故障开始时间').fill('2026-11-05 08:00')
    await expect.poll(() => outage.getByText('请填写有效的北京时间', { exact: false }).count()).toBe(0)
    await outage.getByRole('button', { name: '报告故障' }).click()
    const reported = outages.getByRole('listitem', { name: '故障：住房公积金网上办事大厅' })
    // Reported on Thursday 11-05: the answer script is due on Friday 11-06.
    await expect.poll(() => reported.getByText('应答口径：2026年11月6日 前').count()).toBe(1)
    expect(await reported.getByText('待提供').count()).toBe(1)
    await expectAccessible(unit.page)
    await screenshot(unit.page, 'notices-department')

    const centre = await c.as('agent')
    await centre.page.goto('/notices')
    await expect.poll(() => centre.page.getByRole('heading', { name: '承办单位通报' }).count()).toBe(1)
    const seen = centre.page.getByRole('list', { name: '变动通报' }).getByRole('listitem', {
      name: '通报：公积金租房提取额度调整',
    })
    await seen.getByRole('button', { name: '签收' }).click()
    await expect.poll(() => seen.getByText('已签收').count()).toBe(1)
    const flagged = centre.page
      .getByRole('list', { name: '故障通报' })
      .getByRole('listitem', { name: '故障：住房公积金网上办事大厅' })
    expect(await flagged.getByText('应答口径逾期').count()).toBe(0)

    // 00:00 on Saturday 11-07 in Shanghai: the 1 natural day has passed with no script.
    c.world.clock.set('2026-11-06T16:00:00Z')
    await centre.page.goto('/notifications')
    const messages = centre.page.getByRole('list', { name: '消息列表' })
    // The timer records it and the notifier writes the message a moment later: 刷新 until it is there.
    await expect
      .poll(
        async () => {
          if ((await messages.getByText('故障通报逾期').count()) === 0)
            await centre.page.getByRole('button', { name: '刷新' }).click()
          return messages.getByText('故障通报逾期').count()
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0)
    expect((await messages.textContent()) ?? '').toContain('应答口径未在期限内提供，期限为2026年11月6日')
    await centre.page.goto('/notices')
    await expect.poll(() => flagged.getByText('应答口径逾期').count()).toBe(1)
    await expectAccessible(centre.page)
    await screenshot(centre.page, 'notices-centre')

    // The unit gives the script late, then records the recovery: the clocks end.
    await unit.page.reload()
    const actions = reported.getByRole('form', { name: '更新故障通报' })
    await actions.getByLabel('应答口径或进展').fill('系统抢修中，恢复后可正常办理。')
    await actions.getByRole('button', { name: '提供应答口径' }).click()
    await expect.poll(() => reported.getByText('已提供（逾期，2026年11月7日）').count()).toBe(1)
    await actions.getByLabel('恢复时间').fill('2026-11-06 23:30')
    await actions.getByRole('button', { name: '记录恢复' }).click()
    await expect.poll(() => reported.getByText('已恢复').count()).toBe(1)
    // Script given and recovered: nothing is owed, nothing more to do.
    expect(await reported.getByRole('form', { name: '更新故障通报' }).count()).toBe(0)

    // A second fault recovered before any script: the script is still owed (the requests it caused need answering).
    await outage.getByLabel('网站或应用').fill('不动产登记网上预约')
    await outage.getByLabel('故障原因').fill('证书过期')
    await outage.getByLabel('故障开始时间').fill('2026-11-06 22:00')
    await outage.getByLabel('预计恢复时间').fill('2026-11-07 12:00')
    await outage.getByLabel('受影响的业务范围').fill('网上预约')
    await outage.getByRole('button', { name: '报告故障' }).click()
    const brief = outages.getByRole('listitem', { name: '故障：不动产登记网上预约' })
    const briefActions = brief.getByRole('form', { name: '更新故障通报' })
    await expect.poll(() => briefActions.count()).toBe(1)
    // 11-31 is no day: refused on the field, nothing sent.
    await briefActions.getByLabel('恢复时间').fill('2026-11-31 23:30')
    const posts = outagePosts(unit.page)
    await briefActions.getByRole('button', { name: '记录恢复' }).click()
    await expect.poll(() => briefActions.getByText('请填写有效的北京时间', { exact: false }).count()).toBe(1)
    expect(posts.count).toBe(0)
    expect(await brief.getByText('故障中').count()).toBe(1)
    await briefActions.getByLabel('恢复时间').fill('2026-11-06 23:30')
    await briefActions.getByRole('button', { name: '记录恢复' }).click()
    await expect.poll(() => brief.getByText('已恢复').count()).toBe(1)
    // Reported on Saturday 11-07: the script still due on Sunday 11-08, and only the script is offered.
    expect(await brief.getByText('应答口径：2026年11月8日 前').count()).toBe(1)
    expect(await brief.getByText('待提供').count()).toBe(1)
    expect(await briefActions.getByRole('button', { name: '通报进展' }).count()).toBe(0)
    expect(await briefActions.getByRole('button', { name: '记录恢复' }).count()).toBe(0)
    await briefActions.getByLabel('应答口径').fill('系统已恢复，请诉求人重新预约。')
    await briefActions.getByRole('button', { name: '提供应答口径' }).click()
    await expect.poll(() => brief.getByText('系统已恢复，请诉求人重新预约。', { exact: false }).count()).toBe(1)
    await expect.poll(() => briefActions.count()).toBe(0)
    await unit.context.close()
    await centre.context.close()
  })

  it('pages on to older notices: the first 20 of a kind, then the rest on 显示更早的变动通报', async () => {
    const filer = c.world.token('lead', { department: 'water' })
    for (let i = 1; i <= 23; i++) {
      const res = await c.world.api('POST', '/api/v1/hotline/notices/changes', filer, {
        kind: 'rule-change',
        title: `供水规则调整第${i}号`,
        content: '按新标准执行。',
        effectiveOn: '2026-12-20',
        measures: ['update-knowledge'],
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    const unit = await c.as('reviewer', { department: 'water' })
    await unit.page.goto('/notices')
    const list = unit.page.getByRole('list', { name: '变动通报' })
    const titles = () => list.getByText(/^供水规则调整第\d+号$/).count()
    await expect.poll(titles, { timeout: 20_000 }).toBe(20)
    // Newest first: the oldest three are the ones not yet shown.
    expect(await list.getByText('供水规则调整第1号', { exact: true }).count()).toBe(0)
    await unit.page.getByRole('button', { name: '显示更早的变动通报' }).click()
    await expect.poll(titles).toBe(23)
    expect(await list.getByText('供水规则调整第1号', { exact: true }).count()).toBe(1)
    expect(await unit.page.getByRole('button', { name: '显示更早的变动通报' }).count()).toBe(0)
    expect(await unit.page.getByRole('button', { name: '显示更早的故障通报' }).count()).toBe(0)
    await expectAccessible(unit.page)
    await unit.context.close()
  })
})
