import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { startWorld, type World } from '@onewindow/e2e/world'
import axe from 'axe-core'
import { type Browser, type BrowserContext, chromium, type Disposable, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import { LIVE_EVENT, type LiveMessage } from '../src/live.js'

/**
 * Debian's old headless shell of Chromium (`chromium-headless-shell`): the only browser these machines may have (no
 * browser download works), and what Playwright itself runs headless. The whole browser (`/usr/bin/chromium`) keeps a
 * window around every page, with work of its own (since Chromium 151 the address bar's popup is a page rendered ahead
 * for every window, which had to be turned off by name): the console's 37 test files took 11% more CPU with it
 * (docs/operations.md#the-suites-time). `CHROMIUM_PATH` names another build.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium-headless-shell'
const CONSOLE_DIR = fileURLToPath(new URL('../dist', import.meta.url))
const SCREENS = fileURLToPath(new URL('../../../docs/screens/', import.meta.url))

// A Chinese font, without which every label in the screenshots is a row of empty boxes.
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'

/**
 * Installs Debian's Chromium and a Chinese font when missing (as root, with apt-get), as the test set-up of issue 14
 * asks: never a browser download.
 */
export function ensureChromium(): void {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium-headless-shell']),
    ...(existsSync(CJK_FONT) ? [] : ['fonts-wqy-microhei']),
  ]
  if (missing.length === 0) return
  // Both Vitest workers may start a browser file at once, and a second apt-get fails at once on the lock the first
  // holds: `flock` queues it behind the first (it then finds nothing left to install), and apt waits for a lock
  // another apt holds.
  execFileSync(
    'flock',
    [
      '/tmp/onewindow-apt.lock',
      'apt-get',
      '-o',
      'DPkg::Lock::Timeout=300',
      'install',
      '-y',
      '--no-install-recommends',
      ...missing,
    ],
    { stdio: 'inherit' },
  )
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium-headless-shell left no ${CHROMIUM}`)
}

/** Debian's Chromium as the browser files launch it. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium calls out to Google's hosts, which this closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

// One Chromium per Vitest worker, shared by the browser files it runs one after another (`isolate: false` keeps this
// module loaded): launching one per file cost 3–4 s of each file here. What a file does lives in its own browser
// contexts (cookies, storage, pages: nothing shared between contexts), which it closes with its world; the process
// goes with the worker (Playwright closes the browsers it launched when the process exits).
let shared: Promise<Browser> | undefined
export async function sharedBrowser(): Promise<Browser> {
  const running = await shared?.catch(() => undefined)
  if (running?.isConnected()) return running
  // The first file of the worker, or the browser failed to start or crashed under an earlier file: a new one for
  // this file and those after it.
  shared = launchChromium()
  return shared
}

/**
 * The six services in this process with the gateway listening and serving the built console (`pnpm build:console`,
 * which `pnpm test` runs first), and Debian's Chromium driven by Playwright.
 */
export async function startConsole(opts: { start: string; notification?: boolean; hotline?: boolean }) {
  if (!existsSync(`${CONSOLE_DIR}/index.html`)) throw new Error('apps/console/dist is missing: run pnpm build:console')
  ensureChromium()
  const launched = sharedBrowser()
  // Not left unhandled while the world starts; awaited (and so thrown) below.
  launched.catch(() => {})
  const world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: opts.start,
    console: { dir: CONSOLE_DIR },
    ...(opts.notification ? { notification: true } : {}),
    // The 12345 hotline service (apps/console/test/hotline.e2e.test.ts).
    ...(opts.hotline ? { hotline: true } : {}),
  })
  const base = world.gatewayUrl
  if (!base) throw new Error('the world did not listen')
  let browser: Browser
  try {
    browser = await launched
  } catch (error) {
    await world[Symbol.asyncDispose]()
    throw error
  }
  /** This file's contexts: closed with its world, so the next file meets a browser with none of its pages. */
  const contexts: BrowserContext[] = []
  const newContext = async () => {
    // Reduced motion: the console then turns antd's animations off (src/theme.ts), so no test reads a list mid-fade.
    const context = await browser.newContext({
      baseURL: base,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      reducedMotion: 'reduce',
    })
    contexts.push(context)
    return context
  }
  /** People a test let go (`context.close()`), by who they were, waiting for the next test that asks for the same. */
  const idle = new Map<string, Person[]>()
  const lightPage = `/assets/${lightestAsset()}`
  /**
   * A person: a fresh one, or the same person a test before let go, with its page's renderer kept. A new page costs
   * Chromium a renderer of its own, and its first load of the console ~1 CPU-s more than a load in a page that had it
   * (docs/operations.md#the-suites-time); tests ask for the same people again and again (the agent in eight of the
   * hotline's ten). What a test sees of a kept person is what it sees of a new one: a new session from the sign-in
   * route, the tab's storage and the context's cookies emptied, and the console loaded afresh by the test's own
   * `goto` (the kept page shows a stylesheet until then, not a console). A person whose test did anything to the
   * page or context beyond reading, clicking and navigating (listeners, routes, emulation, init scripts, its own
   * pages) is closed instead of kept, as is one whose test never let it go.
   */
  const person = async (key: string, session: string | undefined) => {
    let kept = idle.get(key)?.pop()
    while (kept && (kept.page.isClosed() || !browser.isConnected())) kept = idle.get(key)?.pop()
    if (kept) {
      await kept.page.evaluate(() => sessionStorage.clear())
      await kept.context.clearCookies()
      await kept.session?.dispose()
      kept.session = undefined
    } else {
      const context = await newContext()
      await context.addInitScript(recordLive, LIVE_EVENT)
      kept = { context, page: await context.newPage(), session: undefined }
    }
    if (session !== undefined)
      kept.session = await kept.context.addInitScript((s) => sessionStorage.setItem('onewindow.session', s), session)
    return lent(kept, async () => {
      // Off the console (its live stream and timers stop), onto a small file of the same origin: the renderer stays.
      await kept.page.goto(lightPage)
      const list = idle.get(key) ?? []
      list.push(kept)
      idle.set(key, list)
    })
  }
  return {
    world,
    base,
    browser,
    /** A browser context of its own (a person at another desk), signed in through the development sign-in route. */
    async as(role: Parameters<World['token']>[0], claims: Parameters<World['token']>[1] = {}) {
      const res = await fetch(`${base}/api/v1/dev/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, ...claims }),
      })
      if (res.status !== 200) throw new Error(`dev login ${res.status}: ${await res.text()}`)
      const session = await res.json()
      const { context, page } = await person(JSON.stringify([role, claims]), JSON.stringify(session))
      return { context, page, token: session.token as string }
    },
    /** A context with nobody signed in (the public verification page, the sign-in page). */
    async anonymous(): Promise<{ context: BrowserContext; page: Page }> {
      return person('anonymous', undefined)
    },
    async [Symbol.asyncDispose]() {
      idle.clear()
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})))
      await world[Symbol.asyncDispose]()
    },
  }
}
export type ConsoleWorld = Awaited<ReturnType<typeof startConsole>>

type Person = { context: BrowserContext; page: Page; session: Disposable | undefined }

/** What a page or context may be asked and still be kept for another test: reading, clicking, typing, navigating. */
const KEEPS = new Set([
  '$',
  '$$',
  '$eval',
  '$$eval',
  'content',
  'evaluate',
  'evaluateHandle',
  'frames',
  'getByAltText',
  'getByLabel',
  'getByPlaceholder',
  'getByRole',
  'getByTestId',
  'getByText',
  'getByTitle',
  'goBack',
  'goForward',
  'goto',
  'isClosed',
  'keyboard',
  'locator',
  'mainFrame',
  'mouse',
  'reload',
  'screenshot',
  'textContent',
  'title',
  'url',
  'viewportSize',
  'waitForFunction',
  'waitForLoadState',
  'waitForSelector',
  'waitForTimeout',
  'waitForURL',
])

/**
 * The page and context a test gets for a person: the real ones, but `context.close()` lets the person go
 * (`release`) unless the test used the page or context beyond `KEEPS`, in which case it really closes.
 */
function lent(person: Person, release: () => Promise<void>): { context: BrowserContext; page: Page } {
  let spoilt = false
  let done = false
  const watch = <T extends object>(target: T, onClose?: () => Promise<void>): T =>
    new Proxy(target, {
      get(t, name, receiver) {
        const value = Reflect.get(t, name, receiver)
        if (name === 'close' && onClose) return onClose
        if (typeof name === 'string' && !KEEPS.has(name) && name !== 'then') spoilt = true
        return typeof value === 'function' ? value.bind(t) : value
      },
    })
  const close = async () => {
    if (done) return
    done = true
    if (spoilt || person.page.isClosed()) {
      await person.context.close()
      return
    }
    await release().catch(() => person.context.close())
  }
  return { context: watch(person.context, close), page: watch(person.page) }
}

/** The smallest of the console's built files: where a kept page waits between tests. */
function lightestAsset(): string {
  const assets = `${CONSOLE_DIR}/assets`
  const [smallest] = readdirSync(assets)
    .map((name) => ({ name, size: statSync(`${assets}/${name}`).size }))
    .sort((a, b) => a.size - b.size)
  if (!smallest) throw new Error(`${assets} is empty: run pnpm build:console`)
  return smallest.name
}

/** Runs in every signed-in page before the console: keeps what its live stream announced (LIVE_EVENT on `window`). */
function recordLive(name: string) {
  const heard: unknown[] = []
  Object.assign(window, { heard })
  window.addEventListener(name, (e) => heard.push((e as CustomEvent).detail))
}

/** What the live stream of a page opened by `as()` has announced since the page was last loaded. */
export function heardOn(page: Page): Promise<LiveMessage[]> {
  return page.evaluate(() => (window as unknown as { heard: LiveMessage[] }).heard)
}

/**
 * Waits until the page's live stream has caught up (`ready`). The stream tells only what happens after it connects,
 * and a page shows its data before that: a change made through the API in between would never be heard, so a test of
 * what a page follows without reloading waits for this first.
 */
export async function untilLive(page: Page): Promise<void> {
  await expect.poll(async () => (await heardOn(page)).some((m) => m.event === 'ready'), { timeout: 20_000 }).toBe(true)
}

/** The window's checklist row of a material still asked for: its name, and the radio that marks it received. */
export const askedAtWindow = (page: Page, name: string) =>
  page
    .getByRole('row')
    .filter({ hasText: name })
    .filter({ has: page.getByRole('radio', { name: '已收取' }) })

/** Picks an option of the antd Select labelled `label` (its list is rendered apart from the field). */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true })
  await field.click()
  await page.locator('.ant-select-item-option').filter({ visible: true }).getByText(option, { exact: true }).click()
  // The choice took: the field shows it. A click that missed would otherwise surface only later, as a form that will
  // not submit or a list left open over the next field.
  await expect
    .poll(() =>
      page
        .locator('.ant-select')
        .filter({ has: field })
        .textContent()
        .then(
          (text) => text ?? '',
          () => '',
        ),
    )
    .toContain(option)
  // Closed before the next one opens (motion is off in the tests, so this is at once).
  await expect.poll(() => page.locator('.ant-select-dropdown').filter({ visible: true }).count()).toBe(0)
}

/**
 * axe-core over the page: no serious or critical violation (issue 14). Looked at again until none is left (10 s at
 * most): a page still settling (a message appearing, a list refreshing) can be read half-drawn; a violation the page
 * keeps fails with every one of them named.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const grave = async () => {
    // `axe.run` in the page itself, as @axe-core/playwright's legacy mode ran it (the default, `runPartial` in each
    // frame then `finishRun` in a blank page it opens, costs a new renderer per analysis). The rules, their options
    // and the frames reached are the same; what differs is that axe is put into a page once, not twice for every
    // analysis (docs/operations.md#the-suites-time). Only violations are read, so only they come back whole.
    await withAxe(page)
    const violations = await page.evaluate(
      (options) => (window as unknown as { axe: typeof axe }).axe.run(document, options).then((r) => r.violations),
      { resultTypes: ['violations'] } satisfies axe.RunOptions,
    )
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join(', ')}`,
      )
      .join('\n')
  }
  // Not expect.poll: its timeout cuts an analysis still running, and on a long page (the owner's progress, a dozen
  // cards) on a busy machine one analysis can take longer than the 10 s, which failed with no violation named. Each
  // analysis runs to its end; another starts while violations remain and 10 s have not passed since the first.
  // The pointer leaves whatever it last clicked: antd's hover colours are the pointer's state, not the page's, and
  // a primary button's hover blue under white text is below AA.
  await page.mouse.move(0, 0)
  const until = performance.now() + 10_000
  let found = await grave()
  while (found !== '' && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    found = await grave()
  }
  // One string, so that a failure prints every violation rather than an elided array.
  expect(found).toBe('')
}

/**
 * axe-core in every frame of the page that does not hold it yet, configured as @axe-core/playwright configured it for
 * `axe.run` (same-origin frames, its branding in the rules' help links). @axe-core/playwright put the 550 kB source
 * into the page twice for each analysis, through the protocol, to be compiled and set up again each time: an analysis
 * of a freshly loaded progress page cost 1.3–1.8 CPU-s of Chromium and Node that way, 0.7–1.5 with axe put in once;
 * a second analysis of the same page 0.7–0.8 against 0.4–0.5 (the rules' own work). Kept in a page until it
 * navigates: the console's own links route without a load, so a test's later checks of the same page find it there. A
 * frame that cannot take it (gone, or still loading) is left out, as @axe-core/playwright left it out.
 */
async function withAxe(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')) continue
      await frame.evaluate(axe.source)
      await frame.evaluate(() =>
        (window as unknown as { axe: typeof axe }).axe.configure({
          allowedOrigins: ['<same_origin>'],
          branding: { application: 'playwright' },
        }),
      )
    } catch (error) {
      // As before: the page itself must take it; the analysis runs in the other frames that took it.
      if (frame === page.mainFrame()) throw error
    }
  }
}

/** A screenshot of the whole page under docs/screens/<name>.png, shown in the README's walk-through. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS, { recursive: true })
  await page.screenshot({ path: `${SCREENS}${name}.png`, fullPage: true })
}
