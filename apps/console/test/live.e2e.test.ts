import { approveFirstStep, lowRiskFactory, owners, registerProject } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveMessage } from '../src/live.js'
import { type ConsoleWorld, heardOn, startConsole, untilLive } from './browser.js'

// Live updates in the browser (issue 14): each signed-in tab holds one stream of GET /api/v1/stream, read with fetch
// and the token in its header, and hears of a decision taken elsewhere without a reload; another owner's tab hears
// nothing of the project. What a tab heard is read from the `onewindow:live` events live.ts announces on `window`.

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

/** An owner's tab on a page, recording what the live stream told it and every stream request it made. */
async function ownerTab(creditCode: string, path: string) {
  const { page, context } = await c.as('owner', { creditCode })
  await context.addInitScript(() => Object.assign(window, { loadedOnce: Symbol('first load') }))
  const streams: Array<{ url: string; authorization: string | undefined }> = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/stream')
      streams.push({ url: r.url(), authorization: r.headers()['authorization'] })
  })
  let navigations = 0
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations += 1
  })
  await page.goto(path)
  await untilLive(page)
  return { page, context, heard: () => heardOn(page), streams, navigations: () => navigations }
}

const about = (projectId: string) => (m: LiveMessage) => m.data.projectId === projectId

describe('live updates in the console', () => {
  it("an owner's open page hears each decision as it lands, without a reload; another owner's hears nothing", async () => {
    const projectId = await registerProject(c.world, lowRiskFactory(owners.a))
    const owner = await ownerTab(owners.a.creditCode, `/projects/${projectId}`)
    const stranger = await ownerTab(owners.c.creditCode, '/projects')
    const loaded = owner.navigations()

    // Decided by the departments through the API, elsewhere: the owner's page is not touched.
    await approveFirstStep(c.world, projectId)
    await expect
      .poll(async () => (await owner.heard()).some((m) => m.data.kind === 'step.decided' && about(projectId)(m)))
      .toBe(true)
    const decisions = (await owner.heard()).filter((m) => m.event === 'task' && m.data.kind === 'task.decided')
    expect(decisions.length).toBeGreaterThan(0)
    expect(decisions.every(about(projectId))).toBe(true)
    // No reload: no navigation of the tab since it loaded, and what the first load put on `window` is still there.
    expect(owner.navigations()).toBe(loaded)
    expect(await owner.page.evaluate(() => typeof (window as unknown as { loadedOnce: unknown }).loadedOnce)).toBe(
      'symbol',
    )
    // One stream for the tab, the token in its header and never in the URL.
    expect(owner.streams).toHaveLength(1)
    expect(owner.streams[0]?.authorization).toMatch(/^Bearer /)
    expect(owner.streams[0]?.url).not.toContain('access_token')

    // The stranger's own project comes after all of it: once heard, anything of the first project would have been too.
    const own = await registerProject(c.world, lowRiskFactory(owners.c))
    await expect.poll(async () => (await stranger.heard()).some(about(own))).toBe(true)
    expect((await stranger.heard()).filter(about(projectId))).toEqual([])
    await owner.context.close()
    await stranger.context.close()
  })
})
