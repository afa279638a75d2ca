import { expectStatus, publishPoison, until } from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

// Screen 7 of issue 14: the administrator's dead letters, with replay.

let c: ConsoleWorld
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

type DeadLetter = { id: string; eventId: string | null; consumer: string; replayedAt: string | null }

describe('screen 7: dead letters', () => {
  it("an admin finds a service's dead letter and replays it from the screen", async () => {
    const admin = c.world.token('admin')
    const listed = async () =>
      expectStatus(await c.world.api('GET', '/api/v1/admin/dead-letters?service=acceptance', admin), 200)
        .deadLetters as DeadLetter[]
    const eventId = await publishPoison(c.world)
    let planted: DeadLetter | undefined
    await until(async () => {
      planted = (await listed()).find((d) => d.eventId === eventId)
      return planted !== undefined
    })
    expect(planted?.replayedAt).toBeNull()

    const { page, context } = await c.as('admin')
    await page.goto('/admin/dead-letters')
    await expect.poll(() => page.getByRole('heading', { name: '死信队列' }).count()).toBe(1)
    await page.getByLabel('服务').click()
    await page.getByTitle('联合验收').click()
    const row = page.getByRole('row').filter({ hasText: eventId })
    await expect.poll(() => row.count()).toBe(1)
    await expect.poll(() => row.getByText('acceptance-approved-steps').count()).toBe(1)
    await expect.poll(() => row.getByText('未重放').count()).toBe(1)
    await expectAccessible(page)
    await screenshot(page, 'dead-letters')

    await row.getByRole('button', { name: '重放' }).click()
    await page.getByRole('button', { name: '重放', exact: true }).last().click()
    await expect
      .poll(async () => (await listed()).find((d) => d.id === planted?.id)?.replayedAt)
      .toEqual(expect.any(String))
    await expect.poll(() => row.getByText(/^已于.+重放$/).count()).toBe(1)
    await context.close()
  })
})
