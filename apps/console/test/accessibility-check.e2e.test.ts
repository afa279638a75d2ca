import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureChromium, expectAccessible, sharedBrowser } from './browser.js'

// The check every screen's test ends with (browser.ts `expectAccessible`, axe-core) must fail on a page that breaks the
// rules it is there for, naming each rule, and pass a page that keeps them — whatever way axe is run underneath
// (`axe.run` in the page itself, axe put in once a page: browser.ts says why). No world: the pages are written here.

const wrong = `<!doctype html><html lang="zh-CN"><head><title>检查</title></head><body><main>
  <h1>申报</h1>
  <p style="color:#c8c8c8;background:#ffffff">浅灰色的说明文字</p>
  <button type="button"><svg width="16" height="16" aria-hidden="true"></svg></button>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>`

const right = `<!doctype html><html lang="zh-CN"><head><title>检查</title></head><body><main>
  <h1>申报</h1>
  <p style="color:#333333;background:#ffffff">说明文字</p>
  <button type="button">提交</button>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="标志">
</main></body></html>`

let context: BrowserContext
let page: Page
beforeAll(async () => {
  ensureChromium()
  context = await (await sharedBrowser()).newContext({ reducedMotion: 'reduce' })
  page = await context.newPage()
})
afterAll(async () => {
  await context?.close()
})

describe('the accessibility check of the screens', () => {
  it('fails a page with grave violations, naming each rule and the element', async () => {
    await page.setContent(wrong)
    // The assertion's own message elides a long string; what it was given is the violations, whole.
    const failure = await expectAccessible(page).then(
      () => 'passed',
      (error: { actual?: unknown }) => String(error.actual),
    )
    expect(failure).toContain('color-contrast (serious)')
    expect(failure).toContain('button-name (critical)')
    expect(failure).toContain('image-alt (critical)')
    expect(failure).toContain('浅灰色的说明文字')
  })

  it('fails a page broken after a check that passed, with axe kept in the page from that check', async () => {
    await page.setContent(right)
    await expectAccessible(page)
    expect(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe)).toBe('object')
    // Broken in place, as a screen changes without a load: the axe already in the page reads the page as it is now.
    await page.evaluate((html) => {
      document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML
    }, wrong)
    const failure = await expectAccessible(page).then(
      () => 'passed',
      (error: { actual?: unknown }) => String(error.actual),
    )
    expect(failure).toContain('color-contrast (serious)')
    expect(failure).toContain('button-name (critical)')
    expect(failure).toContain('image-alt (critical)')
  })

  it('passes the same page once its violations are mended while it settles', async () => {
    await page.setContent(wrong)
    // Mended 700 ms in: the first analysis sees the violations, a later one within the check's 10 s does not.
    await page.evaluate((html) => {
      setTimeout(() => {
        document.documentElement.innerHTML = new DOMParser().parseFromString(
          html,
          'text/html',
        ).documentElement.innerHTML
      }, 700)
    }, right)
    await expectAccessible(page)
    expect(await page.getByRole('button', { name: '提交' }).count()).toBe(1)
  })
})
