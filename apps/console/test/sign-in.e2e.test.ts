import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

describe('the console, served by the gateway', () => {
  it('signs a reviewer in through the development sign-in and opens the inbox, in Chinese', async () => {
    const { page, context } = await c.anonymous()
    await page.goto('/')
    await expect.poll(() => page.url()).toMatch(/\/sign-in$/)
    await expect.poll(() => page.getByRole('heading', { name: '登录（开发环境）' }).count()).toBe(1)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    await expectAccessible(page)
    await screenshot(page, 'sign-in')

    await page.getByLabel('角色').click()
    await page.getByTitle('部门审批人员').click()
    await page.getByRole('textbox', { name: '部门' }).fill('natural-resources')
    await page.getByRole('button', { name: '登录' }).click()
    await expect.poll(() => page.url()).toMatch(/\/inbox$/)
    await expect.poll(() => page.getByText('部门审批人员 · 自然资源部门').count()).toBe(1)
    await context.close()
  })

  it('styles antd with the stylesheet built from the console’s theme, computing none in the page; less motion when asked', async () => {
    const { page, context } = await c.anonymous()
    await page.goto('/sign-in')
    const signIn = page.getByRole('button', { name: '登录' })
    await expect.poll(() => signIn.count()).toBe(1)
    const look = () =>
      signIn.evaluate((button) => {
        const select = document.querySelector('.ant-select')
        return {
          background: getComputedStyle(button).backgroundColor,
          // A component's own variable, set only where the stylesheet's selectors meet the page's classes.
          selectBorder: select && getComputedStyle(select).getPropertyValue('--ant-select-active-border-color'),
          motion: getComputedStyle(button).getPropertyValue('--ant-motion-duration-mid'),
          // antd still writes the theme's variables into the page; a declaration of anything else is a component's
          // style computed there.
          stylesComputedInPage: [...document.querySelectorAll('style')].filter((s) =>
            /[{;]\s*[a-z][a-z-]*\s*:/i.test(s.textContent ?? ''),
          ).length,
        }
      })
    // The theme's primary (src/theme.ts), not antd's own #1677ff.
    expect(await look()).toEqual({
      background: 'rgb(9, 88, 217)',
      selectBorder: '#0958d9',
      motion: '0s',
      stylesComputedInPage: 0,
    })
    await page.emulateMedia({ reducedMotion: 'no-preference' })
    await expect.poll(async () => Number.parseFloat((await look()).motion)).toBeGreaterThan(0)
    await context.close()
  })

  it('shows a refused sign-in next to its field: a reviewer must name a department', async () => {
    const res = await fetch(`${c.base}/api/v1/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reviewer' }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect((await res.json()).errors).toEqual([{ field: '/body/department', message: expect.any(String) }])
  })

  it('signs in a regional reviewer with its region, and refuses a region on a role whose authority is not regional', async () => {
    const login = (body: object) =>
      fetch(`${c.base}/api/v1/dev/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const regional = await login({ role: 'reviewer', department: 'transport', region: '440600' })
    expect(regional.status).toBe(200)
    expect((await regional.json()).actor).toMatchObject({
      role: 'reviewer',
      department: 'transport',
      region: '440600',
      sub: 'reviewer-transport@440600',
    })
    // The department-wide reviewer is another person (the audit's actor, the per-user stream cap).
    const wide = await login({ role: 'reviewer', department: 'transport' })
    expect((await wide.json()).actor.sub).toBe('reviewer-transport')
    const supervisor = await login({ role: 'supervisor', region: '440600' })
    expect(supervisor.status).toBe(400)
    expect((await supervisor.json()).errors).toEqual([{ field: '/body/region', message: expect.any(String) }])
    // Not six digits: the schema's refusal, naming the field.
    const bad = await login({ role: 'reviewer', department: 'transport', region: '4406' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toContain('/body/region')
  })

  it('answers a console path with the page and an unknown API path with a problem', async () => {
    const page = await fetch(`${c.base}/tasks/0190a000-0000-7000-8000-000000000000`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toContain('<div id="root">')
    const api = await fetch(`${c.base}/api/v1/no-such-route`)
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/)
  })
})
