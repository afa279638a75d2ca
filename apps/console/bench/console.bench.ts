// pnpm bench:console — the console's weight and the owner page's cold load, printed (issue 14: the owner page ships
// ≤ 300 KB of gzipped script; test/weight.unit.test.ts holds the console to that).
//
// 1. Builds the console (BENCH_NO_BUILD=1 reads the dist/ there is) and, from Vite's manifest, prints each page's
//    JavaScript gzipped: what the page needs before it can show anything (the entry and its imports, the page's chunk
//    and its imports) and what it fetches lazily once shown (the flow picture's chart library on the progress page).
// 2. Starts the six services with the gateway serving dist/, registers a project with an application, and opens the
//    owner's progress page in a new browser context (empty cache) BENCH_RUNS times (default 5): the time from the
//    navigation's start to the status being on screen (the departments' table filled), as the browser's own clock
//    counts it (performance.now() is measured from the navigation's start); the median is printed.
import { execFileSync } from 'node:child_process'
import {
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
} from '@onewindow/e2e/flows'
import { startWorld } from '@onewindow/e2e/world'
import { chromium } from 'playwright-core'
import { CHROMIUM, ensureChromium } from '../test/browser.js'
import { BUDGETED_PAGES, DIST, OWNER_BUDGET_KB, pageWeights, readManifest } from '../test/weight.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5)

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

function sizes(): void {
  if (process.env['BENCH_NO_BUILD'] !== '1') execFileSync('pnpm', ['-s', 'build:console'], { stdio: 'ignore' })
  console.log('JavaScript per page, gzipped (level 9)')
  console.log('page'.padEnd(40), 'to show'.padStart(10), 'lazy'.padStart(10), 'total'.padStart(10))
  for (const page of pageWeights(readManifest())) {
    const over = BUDGETED_PAGES.includes(page.name) && page.toShow > OWNER_BUDGET_KB * 1024
    const mark = over ? `  over ${OWNER_BUDGET_KB} KB` : ''
    console.log(
      page.name.padEnd(40),
      kb(page.toShow).padStart(10),
      kb(page.lazy).padStart(10),
      kb(page.toShow + page.lazy).padStart(10),
      mark,
    )
  }
}

async function coldLoad(): Promise<void> {
  ensureChromium()
  const world = await startWorld({
    natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    databaseUrl:
      process.env['TEST_DATABASE_URL'] ??
      process.env['DATABASE_URL'] ??
      'postgresql://postgres@127.0.0.1:5432/onewindow_test',
    start: '2026-03-02T01:00:00Z',
    console: { dir: DIST },
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  })
  try {
    const base = world.gatewayUrl ?? ''
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    )
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    // The tasks arrive by events; outside vitest the bench waits for them itself.
    const tasksOf = async () => (await world.api('GET', `/api/v1/projects/${projectId}/status`, owner)).body?.tasks
    for (let tries = 0; !((await tasksOf())?.length > 0); tries++) {
      if (tries > 300) throw new Error('the application opened no tasks')
      await new Promise((r) => setTimeout(r, 50))
    }
    const login = await fetch(`${base}/api/v1/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'owner', creditCode: owners.b.creditCode }),
    })
    const session = JSON.stringify(await login.json())
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      await context.addInitScript((s) => sessionStorage.setItem('onewindow.session', s), session)
      const page = await context.newPage()
      await page.goto(`/projects/${projectId}`, { waitUntil: 'commit' })
      await page
        .getByRole('listitem', { name: /自然资源/ })
        .first()
        .waitFor()
      times.push(await page.evaluate(() => performance.now()))
      await context.close()
    }
    const sorted = [...times].sort((a, b) => a - b)
    console.log(
      `\nowner progress page, cold load to the status shown: median ${Math.round(sorted[Math.floor(RUNS / 2)] ?? 0)} ms`,
      `(runs: ${times.map((t) => Math.round(t)).join(', ')} ms)`,
    )
  } finally {
    await browser.close()
    await world[Symbol.asyncDispose]()
  }
}

sizes()
await coldLoad()
